//! One file per component.

pub mod activity_log;
pub mod chart;
pub mod error_banner;
pub mod instance_grid;
pub mod load_slider;
pub mod stats;
pub mod transport;

pub use activity_log::ActivityLog;
pub use chart::Chart;
pub use error_banner::ErrorBanner;
pub use instance_grid::InstanceGrid;
pub use load_slider::LoadSlider;
pub use stats::Stats;
pub use transport::Transport;
