//! UI state that Yew owns: play/pause, speed and the live load override, plus the snapshot types
//! that views receive. The simulator itself lives in [`crate::engine`], outside Yew state.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

/// Simulated seconds per real second that the speed select offers.
pub const SPEEDS: [u32; 5] = [1, 10, 60, 600, 3600];

/// What one press of `step` advances: one metric period, so a test can reach an exact minute.
pub const STEP_MS: u64 = 60_000;

/// A frame longer than this (a background tab, a debugger pause) counts as this long, so the
/// simulation never jumps hours ahead when the page comes back.
pub const MAX_FRAME_MS: f64 = 250.0;

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub playing: bool,
    /// Simulated ms per real ms.
    pub speed: u32,
    /// The slider's value once the user has moved it; `None` follows the scenario's load pattern.
    pub load_override_rps: Option<f64>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            playing: false,
            speed: 60,
            load_override_rps: None,
        }
    }
}

pub enum Action {
    TogglePlay,
    SetSpeed(u32),
    SetLoad(Option<f64>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::TogglePlay => next.playing = !next.playing,
            Action::SetSpeed(speed) => next.speed = speed,
            Action::SetLoad(rps) => next.load_override_rps = rps,
        }
        Rc::new(next)
    }
}

/// One instance tile.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub id: String,
    pub az: String,
    /// The AWS lifecycle state string ("Pending", "InService", ...).
    pub state: &'static str,
    /// Revision label, empty when the instance runs no tracked revision.
    pub revision: String,
    pub healthy: bool,
    pub cpu: f64,
}

/// What the views show of the simulator at one moment: cheap to build and to compare.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub now_ms: u64,
    pub clock: String,
    pub desired: u32,
    pub min_size: u32,
    pub max_size: u32,
    pub in_service: u32,
    pub load_rps: f64,
    pub capacity_rps: f64,
    pub avg_cpu: f64,
    pub tiles: Vec<Tile>,
}

/// One per-minute point for the chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartPoint {
    pub minutes: f64,
    pub load_rps: f64,
    pub capacity_rps: f64,
    pub desired: u32,
    pub in_service: u32,
}

/// The chart's data, appended to in place; `version` changes whenever the points do, so the chart
/// redraws only then.
#[derive(Clone, Debug, Default)]
pub struct Series {
    pub version: u64,
    pub points: Rc<RefCell<Vec<ChartPoint>>>,
}

impl PartialEq for Series {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && Rc::ptr_eq(&self.points, &other.points)
    }
}

/// One line of the activity history.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityRow {
    pub description: String,
    pub cause: String,
}
