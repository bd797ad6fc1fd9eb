//! The bridge between [`scaleout_core::Sim`] and the views.
//!
//! The simulator is not Yew state: the app keeps one [`Engine`] in a `use_mut_ref`, advances it from
//! animation frames, the step button or "run to the end" (in chunks between frames), and hands the
//! views [`Snapshot`]s (compared cheaply, so an unchanged view does not re-render), a [`Series`] for
//! the charts (redrawn only when its version changes), the activity rows and the deployments.

use std::rc::Rc;

use scaleout_core::alarm::ComparisonOperator;
use scaleout_core::kubernetes::KubeOutput;
use scaleout_core::scenario::{Action, LaunchSource, MetricName};
use scaleout_core::sim::{Creator, DeploymentStatus};
use scaleout_core::summary::RunSummary;
use scaleout_core::validate::Problem;
use scaleout_core::{AlarmOrigin, Output, Scenario, Sim, SimTime};

use crate::state::{
    ActivityRow, AlarmLine, ChartMeta, ChartPoint, DeploymentRow, HpaRow, Moment, MomentKind,
    Series, Snapshot, TargetRow, TemplateView, Tile, MAX_FRAME_MS,
};

/// Everything the views need after one advance: compared cheaply, so an unchanged frame does not
/// re-render.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub snapshot: Snapshot,
    pub series: Series,
    pub activities: Activities,
    pub deployments: Deployments,
    /// 0..=1: how far the run is through the scenario's horizon.
    pub progress: f64,
    /// The run so far in figures (the core's summary).
    pub summary: Rc<RunSummary>,
    pub moments: Moments,
    /// EKS: the HPA's decision log, oldest first.
    pub hpa_log: HpaLog,
}

/// The HPA's decisions, oldest first; compared by identity.
#[derive(Clone, Debug, Default)]
pub struct HpaLog(pub Rc<Vec<HpaRow>>);

impl PartialEq for HpaLog {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Alarm changes, policy decisions and activities, oldest first; compared by identity.
#[derive(Clone, Debug, Default)]
pub struct Moments(pub Rc<Vec<Moment>>);

impl PartialEq for Moments {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The activity rows, oldest first; compared by identity (a new `Rc` whenever rows arrive).
#[derive(Clone, Debug)]
pub struct Activities(pub Rc<Vec<ActivityRow>>);

impl PartialEq for Activities {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The newest deployments, newest first; compared by identity (the engine makes a new `Rc`
/// whenever it rebuilds them, so a large fleet's events are not compared on every frame).
#[derive(Clone, Debug, Default)]
pub struct Deployments(pub Rc<Vec<DeploymentRow>>);

impl PartialEq for Deployments {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The activity log keeps this many rows (newest first on screen); older ones are dropped.
pub const MAX_ACTIVITY_ROWS: usize = 200;
/// The charts' markers and the why strip keep this many moments; older ones are dropped.
const MAX_MOMENTS: usize = 400;
/// Outputs kept for the host page between two reads (a read happens every few hundred ms).
const MAX_KEPT_OUTPUTS: usize = 10_000;
/// The deployments panel shows this many, newest first (Auto Scaling's launch deployments
/// grouped).
pub const MAX_DEPLOYMENT_ROWS: usize = 40;
/// "Run to the end" stops here even if the scenario's horizon is longer.
pub const MAX_RUN_S: u64 = 7 * 86_400;
/// The next engine's `run_id`.
static NEXT_RUN_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
/// Simulated time one "run to the end" slice advances before it checks the wall clock.
const CHUNK_MS: u64 = 10 * 60_000;

pub struct Engine {
    sim: Sim,
    /// Fractional simulated ms not yet applied, so slow speeds still add up exactly.
    carry_ms: f64,
    series: Series,
    samples_seen: usize,
    load_max_rps: f64,
    /// Oldest first.
    activities: Rc<Vec<ActivityRow>>,
    moments: Rc<Vec<Moment>>,
    /// EKS: the HPA's decisions, oldest first.
    hpa_log: Rc<Vec<HpaRow>>,
    /// ECS: tasks that stopped lately (the core drops STOPPED tasks), and the next activity
    /// key of the service's events.
    ecs: crate::components::ecs::EcsLog,
    /// The summary, recomputed when a new minute arrives.
    summary: Rc<RunSummary>,
    summary_samples: usize,
    deployments: Deployments,
    /// Deployment outputs were seen, or one is in progress: rebuild the rows at the next frame.
    deployments_dirty: bool,
    /// Outputs kept for an embedding host page; `None` unless [`Engine::keep_outputs`].
    kept_outputs: Option<Vec<Output>>,
    /// Wall ms spent in [`Engine::run_slice`] for this run.
    busy_ms: f64,
    /// Which run this is (each engine gets the next number), for [`Engine::travel`]'s replay.
    run_id: u64,
    /// Where [`Engine::run_slice`] stops: a seek's time; `None` = the end of the run.
    run_target: Option<SimTime>,
    /// Outputs up to this time are a replay the host already heard: not kept again.
    quiet_until: Option<SimTime>,
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
        match check_work(&requested).and_then(|()| Sim::new(requested)) {
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
        let summary = Rc::new(sim.summary());
        let mut engine = Self {
            sim,
            carry_ms: 0.0,
            series: Series::default(),
            samples_seen: 0,
            load_max_rps: 0.0,
            activities: Rc::new(Vec::new()),
            moments: Rc::new(Vec::new()),
            hpa_log: Rc::new(Vec::new()),
            ecs: Default::default(),
            summary,
            summary_samples: 0,
            run_id: NEXT_RUN_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            deployments: Deployments::default(),
            deployments_dirty: true,
            kept_outputs: None,
            busy_ms: 0.0,
            run_target: None,
            quiet_until: None,
        };
        engine.series.meta = Rc::new(chart_meta(&engine.sim));
        let per_instance_rps = engine
            .sim
            .scenario()
            .instance_types
            .iter()
            .map(|t| t.capacity_rps)
            .fold(0.0, f64::max);
        engine.load_max_rps = slider_max_rps(per_instance_rps, &engine.snapshot());
        // ECS: the scheduler's first tick is due at t = 0; run it so a paused page shows the
        // service's first tasks (the same run: advancing in steps equals advancing at once).
        if engine.sim.ecs_view().is_some() {
            engine.sim.advance_to(SimTime::ZERO);
        }
        engine.collect();
        engine
    }

    /// Goes back to t = 0 and replays the same run (every action recorded so far) up to wherever
    /// the next slices take it: a seek backwards, not a restart (see `Controls::restart`).
    /// Outputs up to `target` were already told to a host page and are not kept again.
    pub fn rewind(&mut self, target: SimTime) -> Result<(), Vec<Problem>> {
        let keep = self.kept_outputs.is_some();
        *self = Engine::new(Sim::new(self.scenario_with_recorded_actions())?);
        if keep {
            self.keep_outputs();
            self.quiet_until = Some(target);
        }
        Ok(())
    }

    /// The scenario the run started from (without live actions).
    pub fn scenario(&self) -> &Scenario {
        self.sim.scenario()
    }

    /// The scenario with every live action (slider moves, deploys) recorded at its time.
    pub fn scenario_with_recorded_actions(&self) -> Scenario {
        self.sim.scenario_with_recorded_actions()
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

    /// Where "run to the end" stops: the scenario's horizon, at most seven days.
    pub fn end(&self) -> SimTime {
        SimTime::from_secs(self.sim.scenario().horizon_s.min(MAX_RUN_S))
    }

    /// One slice of "run to the end" (or of a seek, [`Engine::set_run_target`]): advances in
    /// chunks until `budget_ms` of wall time (read with `now_ms`) has passed or the target is
    /// reached. Returns true when the target (by default the end) is reached.
    pub fn run_slice(&mut self, budget_ms: f64, now_ms: impl Fn() -> f64) -> bool {
        let started = now_ms();
        let end = self.run_target.unwrap_or(self.end()).min(self.end());
        let mut elapsed = 0.0;
        while self.sim.now() < end {
            let target = self.sim.now().plus_ms(CHUNK_MS).min(end);
            self.sim.advance_to(target);
            self.collect();
            elapsed = now_ms() - started;
            if elapsed >= budget_ms {
                break;
            }
        }
        self.busy_ms += elapsed;
        let done = self.sim.now() >= end;
        if done {
            self.run_target = None;
        }
        done
    }

    /// Makes the next slices of [`Engine::run_slice`] stop at `t` (a seek): the page moves there
    /// a slice per frame, drawing its progress, instead of in one call that could take seconds.
    /// `None`: run to the end.
    pub fn set_run_target(&mut self, t: Option<SimTime>) {
        self.run_target = t;
    }

    /// Wall time spent inside [`Engine::run_slice`] since this run started, in ms (the
    /// run-to-the-end benchmark compares it with the page's total time).
    pub fn busy_ms(&self) -> f64 {
        self.busy_ms
    }

    pub fn set_load_override(&mut self, rps: Option<f64>) {
        self.sim.set_load_override(rps);
    }

    /// A user action (deploy, new launch template version): applied now and recorded.
    pub fn apply(&mut self, action: Action) {
        self.sim.apply(action);
        self.deployments_dirty = true;
        self.collect();
    }

    pub fn snapshot(&self) -> Snapshot {
        let view = self.sim.view();
        let minute = self.sim.samples().last();
        let now = self.sim.now();
        Snapshot {
            now_ms: now.0,
            clock: now.clock(),
            desired: view.desired,
            min_size: view.min_size,
            max_size: view.max_size,
            in_service: view.in_service,
            // `+ 0.0` turns -0.0 (an empty sum) into 0.0, which formats without a sign.
            // The figures of one moment, the last minute's: the load and capacity of its
            // sample and the serving instances' CPU then (the CloudWatch datapoint the alarms
            // read lags by up to five minutes; the CPU chart shows it).
            load_rps: minute.map_or(view.load_rps, |s| s.load_rps) + 0.0,
            load_override_rps: self.sim.load_override(),
            capacity_rps: minute.map_or(view.capacity_rps, |s| s.capacity_rps) + 0.0,
            avg_cpu: view.serving_cpu + 0.0,
            tiles: view
                .instances
                .into_iter()
                .map(|i| Tile {
                    id: i.id,
                    az: i.az,
                    state: i.state.as_str(),
                    revision: i.revision.unwrap_or_default(),
                    healthy: i.healthy,
                    broken: !i.app_healthy && i.state.as_str() == "InService",
                    cpu: i.cpu + 0.0,
                    image_id: i.image_id,
                    launch_label: i.launch_label,
                    instance_type: i.instance_type,
                    uptime_s: i.uptime_s,
                })
                .collect(),
            alarms: view
                .alarms
                .into_iter()
                .map(|(name, state)| (name, state.as_str()))
                .collect(),
            last_successful_revision: self
                .sim
                .last_successful_revision()
                .unwrap_or_default()
                .to_string(),
            template: self.template_view(),
            kube: (self.sim.kubernetes())
                .filter(|_| crate::PLATFORMS)
                .map(|k| crate::state::KubeFrame(Rc::new(k.view()))),
            ecs: (self.sim.ecs_view())
                .filter(|_| crate::PLATFORMS)
                .map(|v| Rc::new(self.ecs.with_stopped(v, now))),
        }
    }

    /// The group's launch template as it is now (actions add versions while the run goes on).
    fn template_view(&self) -> Option<TemplateView> {
        let scenario = self.sim.scenario();
        let LaunchSource::LaunchTemplate { name, .. } = &scenario.group.launch else {
            return None;
        };
        let lt = scenario.launch_templates.iter().find(|t| &t.name == name)?;
        Some(TemplateView {
            name: lt.name.clone(),
            default_version: lt.default_version,
            versions: lt
                .versions
                .iter()
                .zip(1u32..)
                .map(|(v, n)| {
                    (
                        n,
                        v.image_id.clone().unwrap_or_default(),
                        v.instance_type.clone().unwrap_or_default(),
                    )
                })
                .collect(),
        })
    }

    /// How far the run is through its horizon, 0..=1.
    pub fn progress(&self) -> f64 {
        (self.sim.now().0 as f64 / self.end().0.max(1) as f64).min(1.0)
    }

    pub fn frame(&mut self) -> Frame {
        if self.deployments_dirty {
            self.deployments = Deployments(Rc::new(self.deployment_rows()));
            // Keep refreshing while one runs: its per-instance events move without outputs.
            self.deployments_dirty = self
                .sim
                .deployments()
                .iter()
                .any(|d| d.status == DeploymentStatus::InProgress);
        }
        Frame {
            snapshot: self.snapshot(),
            series: self.series.clone(),
            activities: Activities(Rc::clone(&self.activities)),
            deployments: self.deployments.clone(),
            progress: self.progress(),
            summary: self.summary(),
            moments: Moments(Rc::clone(&self.moments)),
            hpa_log: HpaLog(Rc::clone(&self.hpa_log)),
        }
    }

    /// The core's run summary, recomputed only when a minute has passed since the last time.
    fn summary(&mut self) -> Rc<RunSummary> {
        if self.summary_samples != self.samples_seen {
            self.summary = Rc::new(self.sim.summary());
            self.summary_samples = self.samples_seen;
        }
        Rc::clone(&self.summary)
    }

    fn deployment_rows(&self) -> Vec<DeploymentRow> {
        self.sim
            .deployments()
            .iter()
            .rev()
            .take(MAX_DEPLOYMENT_ROWS)
            .map(|d| DeploymentRow {
                id: d.id.to_string(),
                creator: match d.creator {
                    Creator::user => "user",
                    Creator::autoscaling => "autoscaling",
                    Creator::CodeDeployAutoUpdate => "CodeDeployAutoUpdate",
                    Creator::codeDeployRollback => "codeDeployRollback",
                },
                revision: d.revision.to_string(),
                status: match d.status {
                    DeploymentStatus::InProgress => "InProgress",
                    DeploymentStatus::Succeeded => "Succeeded",
                    DeploymentStatus::Failed => "Failed",
                },
                start: d.start.clock(),
                end: d.end.map(|e| e.clock()).unwrap_or_default(),
                message: d.message.to_string(),
                targets: d
                    .targets
                    .iter()
                    .map(|t| TargetRow {
                        instance_id: t.instance_id.to_string(),
                        status: t.status.to_string(),
                        events: t
                            .events
                            .iter()
                            .map(|(e, s)| (e.as_str(), s.as_str()))
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// Where the run was at sample `i`, as a frame: a replay of this run (its scenario with
    /// every recorded action, from the seed) up to that sample's minute. The replay is kept in
    /// `past` and only moves forward while the requests do; an earlier moment or a changed run
    /// replays from t = 0 (the core is deterministic and fast).
    pub fn travel(&self, past: &mut Option<((u64, usize), Engine)>, i: usize) -> Option<Frame> {
        let t = self.sim.samples().get(i)?.t;
        // This run, with as many live actions as it has now (actions are only ever added).
        let key = (self.run_id, self.sim.recorded_actions().len());
        if !matches!(past, Some((k, e)) if *k == key && e.sim.now() <= t) {
            let sim = Sim::new(self.scenario_with_recorded_actions()).ok()?;
            *past = Some((key, Engine::new(sim)));
        }
        let (_, engine) = past.as_mut()?;
        engine.advance_ms(t.0 - engine.sim.now().0);
        Some(engine.frame())
    }

    /// The simulator, read-only: links, files and exports read it.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// From now on, keep the simulator's outputs for [`Engine::take_outputs`] (an embed tells
    /// its host page about alarms and deployments).
    pub fn keep_outputs(&mut self) {
        self.kept_outputs.get_or_insert_with(Vec::new);
    }

    /// The outputs kept since the last call (oldest first).
    pub fn take_outputs(&mut self) -> Vec<Output> {
        self.kept_outputs
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The top of the load slider, fixed at start: enough to push the group to its maximum size.
    pub fn load_max_rps(&self) -> f64 {
        self.load_max_rps
    }

    /// Drains the simulator's outputs and appends new per-minute samples to the chart series.
    fn collect(&mut self) {
        let mut fresh = Vec::new();
        let mut moments = Vec::new();
        let mut hpa_rows = Vec::new();
        let quiet = self.quiet_until.is_some_and(|t| self.sim.now() <= t);
        if !quiet {
            self.quiet_until = None;
        }
        while let Some(output) = self.sim.poll_output() {
            if let (false, Some(kept)) = (quiet, self.kept_outputs.as_mut()) {
                if kept.len() < MAX_KEPT_OUTPUTS {
                    kept.push(output.clone());
                }
            }
            match output {
                Output::Activity(a) => {
                    moments.push(Moment {
                        t_ms: a.start.0,
                        kind: MomentKind::Activity,
                        text: a.description.to_string(),
                        seq: Some(a.seq),
                    });
                    fresh.push(ActivityRow {
                        seq: a.seq,
                        start_ms: a.start.0,
                        description: a.description.to_string(),
                        cause: a.cause.to_string(),
                    });
                }
                Output::AlarmStateChanged {
                    t, alarm, from, to, ..
                } => moments.push(Moment {
                    t_ms: t.0,
                    kind: MomentKind::Alarm,
                    text: format!("{alarm}: {} -> {}", from.as_str(), to.as_str()),
                    seq: None,
                }),
                Output::PolicyDecision { t, decision } => moments.push(Moment {
                    t_ms: t.0,
                    kind: MomentKind::Policy,
                    // The core's wording of the typed decision (`ScalingDecision::text`).
                    text: if decision.policy.is_empty() {
                        decision.text()
                    } else {
                        format!("{}: {}", decision.policy, decision.text())
                    },
                    seq: None,
                }),
                Output::Deployment(_) => self.deployments_dirty = true,
                // ECS: service events and scaling activities join the activity history.
                Output::Ecs(e) if crate::PLATFORMS => {
                    self.ecs.collect(&e, &mut fresh, &mut moments)
                }
                Output::Kubernetes(KubeOutput::HpaDecision {
                    t,
                    current_replicas,
                    desired_replicas,
                    rescale,
                    decision,
                    ..
                }) if crate::PLATFORMS => hpa_rows.push(HpaRow {
                    t_ms: t.0,
                    current: current_replicas,
                    desired: desired_replicas,
                    rescale,
                    decision,
                }),
                _ => {}
            }
        }
        if !moments.is_empty() {
            let all = Rc::make_mut(&mut self.moments);
            all.extend(moments);
            let excess = all.len().saturating_sub(MAX_MOMENTS);
            all.drain(..excess);
        }
        if !hpa_rows.is_empty() {
            let all = Rc::make_mut(&mut self.hpa_log);
            all.extend(hpa_rows);
            let excess = all.len().saturating_sub(MAX_ACTIVITY_ROWS);
            all.drain(..excess);
        }
        if !fresh.is_empty() {
            // In place unless a frame on screen still holds the list (then copied once).
            let rows = Rc::make_mut(&mut self.activities);
            rows.extend(fresh);
            let excess = rows.len().saturating_sub(MAX_ACTIVITY_ROWS);
            rows.drain(..excess);
        }

        let samples = self.sim.samples();
        let ecs = self.sim.ecs_samples();
        if samples.len() != self.samples_seen {
            let mut points = self.series.points.borrow_mut();
            if samples.len() < self.samples_seen {
                points.clear();
                self.samples_seen = 0;
            }
            let from = self.samples_seen;
            points.extend(samples[from..].iter().enumerate().map(|(i, s)| {
                let mut p = ChartPoint {
                    minutes: s.t.0 as f64 / 60_000.0,
                    load_rps: s.load_rps,
                    capacity_rps: s.capacity_rps,
                    served_rps: s.served_rps,
                    errors_rps: s.errors_rps,
                    dropped_rps: s.dropped_rps,
                    // An exponential's 95th percentile is its mean x ln 20 (the core's model).
                    p95_ms: s.latency_ms * 20f64.ln(),
                    desired: s.desired,
                    in_service: s.in_service,
                    pending: s.pending + s.pending_wait,
                    min_size: s.min_size,
                    max_size: s.max_size,
                    avg_cpu: s.avg_cpu,
                    avg_mem: s.avg_mem,
                    avg_disk: s.avg_disk,
                    alarms: s.alarms.clone(),
                    revisions: s.revisions.clone(),
                    hpa_desired: s
                        .kubernetes
                        .as_ref()
                        .and_then(|k| k.hpa_desired)
                        .map_or(0, |d| d.max(0) as u32),
                    pods_ready: s.kubernetes.as_ref().map_or(0, |k| k.pods_ready),
                    pods_pending: s.kubernetes.as_ref().map_or(0, |k| k.pods_pending),
                    ..ChartPoint::default()
                };
                // ECS: the service's minute (its load, CPU and memory; its task counts).
                if let Some(e) = ecs.get(from + i).filter(|_| crate::PLATFORMS) {
                    crate::components::ecs::chart_point(&mut p, e);
                }
                p
            }));
            drop(points);
            self.samples_seen = samples.len();
            self.series.version += 1;
        }
    }
}

/// Alarm names, the CPU, memory and disk alarms' lines and revision labels for the charts.
fn chart_meta(sim: &Sim) -> ChartMeta {
    let s = sim.scenario();
    // The thresholds the core evaluates; a target-tracking pair is labelled by its policy.
    let alarm_lines = sim
        .alarm_specs()
        .into_iter()
        .enumerate()
        .filter(|(_, a)| {
            matches!(
                a.metric,
                MetricName::CPUUtilization
                    | MetricName::mem_used_percent
                    | MetricName::disk_used_percent
            )
        })
        .map(|(index, a)| AlarmLine {
            index,
            label: match a.origin {
                AlarmOrigin::User => a.name.to_string(),
                AlarmOrigin::TrackingHigh { policy } => format!("{policy} AlarmHigh"),
                AlarmOrigin::TrackingLow { policy } => format!("{policy} AlarmLow"),
            },
            metric: a.metric,
            threshold: a.threshold,
            high: matches!(
                a.comparison,
                ComparisonOperator::GreaterThanThreshold
                    | ComparisonOperator::GreaterThanOrEqualToThreshold
            ),
        })
        .collect();
    ChartMeta {
        alarm_names: sim.alarm_names(),
        alarm_lines,
        revision_labels: s
            .delivery
            .revisions
            .iter()
            .map(|r| r.label.clone())
            .collect(),
    }
}

/// The core's work limit for the run the page makes (to the horizon, at most [`MAX_RUN_S`]):
/// a scenario over it is refused before it runs, with the reason under `horizon_s`, so no
/// link, file or edit can freeze the tab (docs/limits.md).
pub fn check_work(s: &Scenario) -> Result<(), Vec<Problem>> {
    let until = SimTime::from_secs(s.horizon_s.min(MAX_RUN_S));
    scaleout_core::limits::estimate_work(s, until)
        .map(|_| ())
        .map_err(|e| {
            vec![Problem {
                path: "horizon_s".into(),
                message: e.message,
            }]
        })
}

/// The demo scenario with a seed from the browser's entropy, so each visit is a fresh run
/// (a shared link will pin its own seed).
pub fn demo_with_fresh_seed() -> Scenario {
    let mut scenario = Scenario::demo();
    // A gentle daily wave (30 to 230 requests/s, highest at 07:00) that starts on its way up,
    // so pressing play shows the group scale out, and later in, without touching the slider.
    scenario.load.pattern = scaleout_core::scenario::LoadPattern::DailyWave {
        min_rps: 30.0,
        max_rps: 230.0,
        peak_hour: 7.0,
    };
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
