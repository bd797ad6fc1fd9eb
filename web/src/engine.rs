//! The bridge between [`scaleout_core::Sim`] and the views.
//!
//! The simulator is not Yew state: the app keeps one [`Engine`] in a `use_mut_ref`, advances it from
//! animation frames or the step button, and hands the views [`Snapshot`]s (compared cheaply, so an
//! unchanged view does not re-render), a [`Series`] for the chart (redrawn only when its version
//! changes) and the activity rows.

use std::rc::Rc;

use scaleout_core::{Output, Scenario, Sim};

use crate::state::{ActivityRow, ChartPoint, Series, Snapshot, Tile, MAX_FRAME_MS};

/// Everything the views need after one advance: compared cheaply, so an unchanged frame does not
/// re-render.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub snapshot: Snapshot,
    pub series: Series,
    pub activities: Activities,
}

/// The activity rows, oldest first; compared by identity (a new `Rc` whenever rows arrive).
#[derive(Clone, Debug)]
pub struct Activities(pub Rc<Vec<ActivityRow>>);

impl PartialEq for Activities {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The activity log keeps this many rows (newest first on screen); older ones are dropped.
pub const MAX_ACTIVITY_ROWS: usize = 200;

pub struct Engine {
    sim: Sim,
    /// Fractional simulated ms not yet applied, so slow speeds still add up exactly.
    carry_ms: f64,
    series: Series,
    samples_seen: usize,
    load_max_rps: f64,
    /// Oldest first.
    activities: Rc<Vec<ActivityRow>>,
}

/// What starting the simulator gave: an engine (possibly on the fallback scenario) and the problems
/// that the requested scenario had, as lines for the error banner.
pub struct Started {
    pub engine: Option<Engine>,
    pub problems: Vec<String>,
}

impl Engine {
    /// Starts `scenario`, or the demo with a fresh seed when `None`. If the scenario is invalid,
    /// falls back to the demo so the page never blanks, and reports the problems.
    pub fn start(scenario: Option<Scenario>) -> Started {
        let requested = scenario.unwrap_or_else(demo_with_fresh_seed);
        match Sim::new(requested) {
            Ok(sim) => Started {
                engine: Some(Engine::new(sim)),
                problems: Vec::new(),
            },
            Err(problems) => {
                let lines: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect();
                let engine = Sim::new(demo_with_fresh_seed()).ok().map(Engine::new);
                Started {
                    engine,
                    problems: lines,
                }
            }
        }
    }

    pub fn new(sim: Sim) -> Self {
        let mut engine = Self {
            sim,
            carry_ms: 0.0,
            series: Series::default(),
            samples_seen: 0,
            load_max_rps: 0.0,
            activities: Rc::new(Vec::new()),
        };
        let per_instance_rps = engine
            .sim
            .scenario()
            .instance_types
            .iter()
            .map(|t| t.capacity_rps)
            .fold(0.0, f64::max);
        engine.load_max_rps = slider_max_rps(per_instance_rps, &engine.snapshot());
        engine.collect();
        engine
    }

    /// Advances by `real_ms` of wall time at `speed` simulated ms per real ms.
    pub fn advance_real(&mut self, real_ms: f64, speed: u32) {
        if !real_ms.is_finite() || real_ms <= 0.0 {
            return;
        }
        let sim_ms = real_ms.min(MAX_FRAME_MS) * f64::from(speed) + self.carry_ms;
        let whole = sim_ms.floor();
        self.carry_ms = sim_ms - whole;
        // `whole` is at most MAX_FRAME_MS * 3600 plus one: far inside u64.
        self.advance_ms(whole as u64);
    }

    /// Advances exactly `ms` simulated milliseconds.
    pub fn advance_ms(&mut self, ms: u64) {
        if ms == 0 {
            return;
        }
        let target = self.sim.now().plus_ms(ms);
        self.sim.advance_to(target);
        self.collect();
    }

    pub fn set_load_override(&mut self, rps: Option<f64>) {
        self.sim.set_load_override(rps);
    }

    pub fn snapshot(&self) -> Snapshot {
        let view = self.sim.view();
        let now = self.sim.now();
        Snapshot {
            now_ms: now.0,
            clock: now.clock(),
            desired: view.desired,
            min_size: view.min_size,
            max_size: view.max_size,
            in_service: view.in_service,
            // `+ 0.0` turns -0.0 (an empty sum) into 0.0, which formats without a sign.
            load_rps: view.load_rps + 0.0,
            capacity_rps: view.capacity_rps + 0.0,
            avg_cpu: view.avg_cpu + 0.0,
            tiles: view
                .instances
                .iter()
                .map(|i| Tile {
                    id: i.id.clone(),
                    az: i.az.clone(),
                    state: i.state.as_str(),
                    revision: i.revision.clone().unwrap_or_default(),
                    healthy: i.healthy,
                    cpu: i.cpu + 0.0,
                })
                .collect(),
        }
    }

    pub fn frame(&self) -> Frame {
        Frame {
            snapshot: self.snapshot(),
            series: self.series.clone(),
            activities: Activities(Rc::clone(&self.activities)),
        }
    }

    /// The top of the load slider, fixed at start: enough to push the group to its maximum size.
    pub fn load_max_rps(&self) -> f64 {
        self.load_max_rps
    }

    /// Drains the simulator's outputs and appends new per-minute samples to the chart series.
    fn collect(&mut self) {
        let mut fresh = Vec::new();
        while let Some(output) = self.sim.poll_output() {
            if let Output::Activity(a) = output {
                fresh.push(ActivityRow {
                    description: a.description.clone(),
                    cause: a.cause.clone(),
                });
            }
        }
        if !fresh.is_empty() {
            let mut rows = (*self.activities).clone();
            rows.extend(fresh);
            let excess = rows.len().saturating_sub(MAX_ACTIVITY_ROWS);
            rows.drain(..excess);
            self.activities = Rc::new(rows);
        }

        let samples = self.sim.samples();
        if samples.len() != self.samples_seen {
            let mut points = self.series.points.borrow_mut();
            if samples.len() < self.samples_seen {
                points.clear();
                self.samples_seen = 0;
            }
            points.extend(samples[self.samples_seen..].iter().map(|s| ChartPoint {
                minutes: s.t.0 as f64 / 60_000.0,
                load_rps: s.load_rps,
                capacity_rps: s.capacity_rps,
                desired: s.desired,
                in_service: s.in_service,
            }));
            drop(points);
            self.samples_seen = samples.len();
            self.series.version += 1;
        }
    }
}

/// The demo scenario with a seed from the browser's entropy, so each visit is a fresh run
/// (a shared link will pin its own seed).
pub fn demo_with_fresh_seed() -> Scenario {
    let mut scenario = Scenario::demo();
    if let Ok(seed) = getrandom::u64() {
        scenario.seed = seed;
    }
    scenario
}

/// 1.5x what the group can serve at its maximum size (from the scenario's largest instance type),
/// and at least twice the load at start, rounded up to a round number.
fn slider_max_rps(per_instance_rps: f64, snapshot: &Snapshot) -> f64 {
    let per_instance = if per_instance_rps > 0.0 {
        per_instance_rps
    } else {
        100.0
    };
    let raw = (per_instance * f64::from(snapshot.max_size.max(1)) * 1.5)
        .max(snapshot.load_rps * 2.0)
        .max(100.0);
    let magnitude = 10f64.powf(raw.log10().floor() - 1.0);
    (raw / magnitude).ceil() * magnitude
}
