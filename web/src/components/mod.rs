//! One file per component.

pub mod activity_log;
pub mod cards;
pub mod chart;
pub mod compare_panel;
pub mod deploy_panel;
pub mod deployments;
pub mod error_banner;
pub mod fields;
pub mod file_menu;
pub mod instance_grid;
pub mod lang_select;
pub mod load_slider;
pub mod moments;
pub mod preset_select;
pub mod share_dialog;
pub mod stats;
pub mod tile_details;
pub mod timeline;
pub mod transport;

pub use activity_log::ActivityLog;
pub use chart::{Chart, ChartKind};
pub use compare_panel::compare_panel;
pub use deploy_panel::DeployPanel;
pub use deployments::Deployments;
pub use error_banner::ErrorBanner;
pub use file_menu::FileMenu;
pub use instance_grid::InstanceGrid;
pub use lang_select::lang_select;
pub use load_slider::LoadSlider;
pub use moments::{why_strip, Markers};
pub use preset_select::PresetSelect;
pub use share_dialog::{OpenInFull, ShareDialog};
pub use stats::{stats, summary};
pub use tile_details::tile_details;
pub use timeline::timeline;
pub use transport::Transport;
