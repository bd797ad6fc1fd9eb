//! The Scaleout page: a Yew front end over [`scaleout_core`].
//!
//! Shape (after yew's `function_todomvc`): [`app`] is the root component, [`state`] holds the UI state
//! and its reducer, [`engine`] owns the simulator (kept out of Yew state) and turns it into cheap
//! snapshots for the views, [`components`] has one file per component, [`hooks`] the custom hooks,
//! [`share`] the link, autosave, embeds and files.
//!
//! The simulator never reads a clock: the page advances it from `requestAnimationFrame` by
//! (real elapsed ms x speed), and the `step` button by a fixed [`state::STEP_MS`].

pub mod app;
pub mod components;
pub mod controls;
pub mod engine;
pub mod hooks;
pub mod i18n;
pub mod panic;
pub mod preset_text;
pub mod share;
pub mod state;

pub use app::{App, AppProps, BootProp, ScenarioProp};

/// This bundle runs ECS and EKS scenarios (the `platforms` feature). Without it (the page's first
/// load) their views are compiled out and such a scenario loads the platforms bundle
/// ([`share::bundle`]).
pub const PLATFORMS: bool = cfg!(feature = "platforms");

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
