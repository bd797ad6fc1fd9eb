//! The event loop. A [`Sim`] owns the whole simulated world; the caller moves time forward with
//! [`Sim::advance_to`], changes things with [`Sim::apply`], and drains what happened with
//! [`Sim::poll_output`] (the str0m / quinn-proto shape, STYLE.md).
//!
//! Events sit in a heap ordered by `(time, class, sequence)`. Periodic work (the one-minute
//! metric and alarm tick, scheduled actions) reschedules itself, so a quiet week costs what
//! happens in it. User actions have a later `class` than internal events at the same
//! millisecond, so an action applied live after `advance_to(t)` and the same action replayed
//! from a scenario at `t` land in the same order: one `advance_to(T)` equals many small steps.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};

use serde::{Deserialize, Serialize};

mod delivery;
pub use delivery::{Creator, Deployment, DeploymentStatus, InstanceTarget, Measures};
use delivery::{DeliveryState, CODEDEPLOY_HOOK};

use crate::activity::{self, Activity, ActivityStatus, Trigger};
use crate::alarm::{self, AlarmState, EvaluationRules, Statistic};
use crate::group::{self, Sizes};
use crate::instance::{self, HealthStatus, Instance, LifecycleState, Role, TerminationCause};
use crate::launch;
use crate::limits;
use crate::load;
use crate::metrics::{Agg, MetricStore, PeriodSeries};
use crate::policy::adjustment::{apply_adjustment, AdjustmentType};
use crate::policy::schedule::{parse_cron, Cron};
use crate::policy::step::{aggregate, find_step};
use crate::policy::target_tracking::{alarm_thresholds, proportional_capacity};
use crate::rng::{Rng, Stream};
use crate::scenario::{
    Action, HealthCheckType, LifecycleActionResult, LifecycleTransition, LoadSpec, MetricName,
    PolicyKind, ScalingProcess, Scenario, TimedAction,
};
use crate::termination;
use crate::time::{SimTime, MS_PER_MIN, MS_PER_S};
use crate::trace::Sample;
use crate::validate::{self, Problem};

/// Activities kept for the page's history panel; older ones were already emitted as outputs.
const ACTIVITY_HISTORY: usize = 2000;
/// A7.2 [MODEL]: the first wait before retrying a failed launch, and the longest.
const LAUNCH_RETRY_FIRST_S: u64 = 10;
const LAUNCH_RETRY_MAX_S: u64 = 300;
/// The shortest boot ([MODEL], see [`Sim::launch`]).
const MIN_BOOT_MS: u64 = MS_PER_S;

/// Something that happened, for the caller to drain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Output {
    /// A new scaling activity (A7).
    Activity(Activity),
    /// An activity changed status (A7.1): the console's StatusCode, StatusMessage and Progress.
    ActivityUpdated {
        seq: u64,
        activity_id: String,
        t: SimTime,
        status: ActivityStatus,
        status_message: String,
        progress: u8,
        end: Option<SimTime>,
    },
    AlarmStateChanged {
        t: SimTime,
        alarm: String,
        from: AlarmState,
        to: AlarmState,
        reason: String,
    },
    /// Why a policy did or did not change the desired capacity.
    PolicyDecision {
        t: SimTime,
        policy: String,
        decision: String,
    },
    /// An instance moved between lifecycle states (A2.13), with where it runs and what it was
    /// launched from (A1.7).
    InstanceStateChanged {
        t: SimTime,
        instance_id: String,
        from: LifecycleState,
        to: LifecycleState,
        availability_zone: String,
        /// The launch template's or launch configuration's name.
        launched_from: String,
        /// The launch template version the instance was launched with (`None` for a launch
        /// configuration).
        launch_template_version: Option<u32>,
        instance_type: String,
        image_id: String,
        /// The application revision it runs (`None` = no application).
        revision: Option<String>,
        health: HealthStatus,
        role: Role,
    },
    /// A lifecycle hook got its result (A6.3 to A6.5): from the handler, from CodeDeploy's launch
    /// deployment (B5.2), or the heartbeat timeout's default result.
    LifecycleHookResult {
        t: SimTime,
        instance_id: String,
        hook: String,
        transition: LifecycleTransition,
        result: LifecycleActionResult,
        heartbeat_timeout: bool,
    },
    /// The instances a CodeDeploy deployment targets, once it has chosen them (B2.3, B5.2).
    DeploymentTargets {
        t: SimTime,
        deployment_id: String,
        revision: String,
        instance_ids: Vec<String>,
    },
    /// The deployment group's last successful revision changed (B2.3).
    LastSuccessfulRevision {
        t: SimTime,
        deployment_group: String,
        revision: Option<String>,
    },
    /// A CodeDeploy deployment was created or finished (B1.2).
    Deployment(Deployment),
    /// A user action could not be applied (for example SetDesiredCapacity above max).
    ActionRejected { t: SimTime, message: String },
}

/// A cheap snapshot for views.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub now: SimTime,
    pub desired: u32,
    pub min_size: u32,
    pub max_size: u32,
    pub in_service: u32,
    pub load_rps: f64,
    pub capacity_rps: f64,
    pub avg_cpu: f64,
    pub instances: Vec<InstanceView>,
    pub alarms: Vec<(String, AlarmState)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InstanceView {
    pub id: String,
    pub az: String,
    pub state: LifecycleState,
    pub revision: Option<String>,
    pub healthy: bool,
    pub cpu: f64,
    pub image_id: String,
    pub launch_label: String,
    pub instance_type: String,
    pub uptime_s: u64,
    pub protected: bool,
    /// Blue/green role: a group member, a replacement in the copied group, or retired.
    pub role: Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    MinuteTick,
    BootComplete {
        key: u64,
    },
    HookCompleted {
        key: u64,
        hook: usize,
        generation: u64,
        result: LifecycleActionResult,
        timeout: bool,
    },
    DrainComplete {
        key: u64,
        generation: u64,
    },
    ShutdownComplete {
        key: u64,
    },
    Scheduled {
        index: usize,
    },
    UserAction {
        index: usize,
    },
    DeployStep {
        deployment: u64,
        key: u64,
        step: usize,
    },
    ManualUpdate {
        key: u64,
        revision: usize,
    },
    AmiBaked {
        revision: usize,
    },
    RefreshStep,
    BlueGreenWaitOver {
        deployment: u64,
    },
    TerminateOriginals {
        deployment: u64,
    },
    /// A7.2: try again to launch after a failed launch.
    LaunchRetry,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Queued {
    at: SimTime,
    /// 0 = internal events, 1 = user actions (after internal events of the same millisecond),
    /// 2 = work a user action scheduled for its own millisecond (after all user actions).
    class: u8,
    seq: u64,
    event: Event,
}

/// Which policy an alarm invokes, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Invoke {
    /// A user alarm's action: run the (simple or step) policy.
    Policy(usize),
    TargetHigh(usize),
    TargetLow(usize),
}

struct AlarmRuntime {
    name: String,
    metric: MetricName,
    statistic: Statistic,
    period_min: u64,
    rules: EvaluationRules,
    state: AlarmState,
    actions: Vec<Invoke>,
    /// The real datapoints used at the last evaluation, newest last.
    last_values: Vec<f64>,
    /// Index into `Sim::series`: the windows of this alarm's metric and period (A4.3).
    series: usize,
}

struct PolicyRuntime {
    name: String,
    enabled: bool,
    kind: PolicyKind,
    /// Target tracking: its own alarm pair (A3.4.2).
    high_alarm: Option<usize>,
    low_alarm: Option<usize>,
    last_decision: String,
}

/// A proposal from one policy invocation, resolved at the end of the tick (A3.5).
struct Proposal {
    policy: usize,
    alarm: usize,
    desired: u32,
}

enum ScheduleRuntime {
    Once,
    Recurring(Cron),
}

/// A2.9/A3.2.1: the simple-policy gate: wait for the activity, then the cooldown.
#[derive(Default)]
struct SimpleGate {
    /// The activity's instances still launching or terminating. A set: each instance event
    /// removes its own key in O(log n), so a burst of N launches costs O(N log N).
    waiting_for: BTreeSet<u64>,
    cooldown_ms: u64,
    until: SimTime,
}

/// Work done so far, as counts (never time): tests bound them, and [`crate::limits`] bounds
/// what a scenario may ask for before it runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    /// Events taken from the queue.
    pub events: u64,
    /// Items visited by passes over collections: instances, datapoints and minute aggregates,
    /// deployment targets, launch configurations. A pass over the fleet counts its size.
    pub steps: u64,
}

/// Counts kept current on every instance state or role change, so that a per-instance event
/// never needs a pass over the fleet (a burst of N launches is O(N log N), not O(N^2)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Census {
    /// Members not on their way out ([`Instance::in_group`]), per AZ index.
    live_per_az: Vec<u32>,
    /// Their total.
    live: u32,
    /// Members InService: the targets of a fleet deployment (B2.3).
    in_service_members: u32,
}

impl Census {
    fn of(instances: &[Instance], az_count: usize) -> Census {
        let mut c = Census {
            live_per_az: vec![0; az_count.max(1)],
            ..Census::default()
        };
        for i in instances {
            c.tally(i, true);
        }
        c
    }

    fn tally(&mut self, i: &Instance, add: bool) {
        let step = |n: &mut u32| {
            *n = if add {
                n.saturating_add(1)
            } else {
                n.saturating_sub(1)
            }
        };
        if i.in_group() {
            step(&mut self.live);
            if let Some(n) = self.live_per_az.get_mut(i.az_index) {
                step(n);
            }
        }
        if i.role == Role::Member && i.state == LifecycleState::InService {
            step(&mut self.in_service_members);
        }
    }
}

pub struct Sim {
    /// The working copy: actions such as a new launch template version change it.
    scenario: Scenario,
    /// The scenario as given, for links that replay the run ([`Sim::scenario_with_recorded_actions`]).
    initial: Scenario,
    now: SimTime,
    seq: u64,
    queue: BinaryHeap<Reverse<Queued>>,
    sizes: Sizes,
    instances: Vec<Instance>,
    next_key: u64,
    rng_boot: Rng,
    rng_term: Rng,
    load_override: Option<f64>,
    /// The scenario's load, normalised once for fast lookups ([`load::normalized`]).
    load: LoadSpec,
    metrics: MetricStore,
    alarms: Vec<AlarmRuntime>,
    policies: Vec<PolicyRuntime>,
    schedules: Vec<ScheduleRuntime>,
    simple_gate: SimpleGate,
    activities: VecDeque<Activity>,
    next_activity: u64,
    outputs: VecDeque<Output>,
    samples: Vec<Sample>,
    /// Actions applied live with [`Sim::apply`], to be saved into shared links.
    recorded: Vec<TimedAction>,
    last_load_rps: f64,
    last_avg_cpu: f64,
    delivery: DeliveryState,
    last_revision_mix: Vec<(String, u32)>,
    last_errors_rps: f64,
    in_user_action: bool,
    /// Interned revision labels (see `Instance::revision`).
    labels: Vec<std::rc::Rc<str>>,
    /// Per-minute totals for the run summary.
    totals: crate::summary::RunTotals,
    /// Launches that failed in a row (A7.2), for the retry back-off; 0 after a success.
    launch_failures: u32,
    /// A launch retry is scheduled.
    launch_retry_pending: bool,
    /// The alarms' datapoint windows, one per (metric, period) (A4.3).
    series: Vec<PeriodSeries>,
    census: Census,
    work: Work,
}

impl Sim {
    /// Validates the scenario (every problem with its JSON path) and builds the world at t = 0.
    pub fn new(scenario: Scenario) -> Result<Sim, Vec<Problem>> {
        let problems = validate::validate(&scenario);
        if !problems.is_empty() {
            return Err(problems);
        }
        let seed = scenario.seed;
        let g = &scenario.group;
        let sizes = Sizes {
            min: g.min_size,
            max: g.max_size,
            desired: g.desired_capacity.unwrap_or(g.min_size),
        };
        let mut sim = Sim {
            now: SimTime::ZERO,
            seq: 0,
            queue: BinaryHeap::new(),
            sizes,
            instances: Vec::new(),
            next_key: 0,
            rng_boot: Rng::new(seed, Stream::Boot),
            rng_term: Rng::new(seed, Stream::Termination),
            load_override: None,
            load: load::normalized(&scenario.load),
            metrics: MetricStore::default(),
            alarms: Vec::new(),
            policies: Vec::new(),
            schedules: Vec::new(),
            simple_gate: SimpleGate::default(),
            activities: VecDeque::new(),
            next_activity: 0,
            outputs: VecDeque::new(),
            samples: Vec::new(),
            recorded: Vec::new(),
            last_load_rps: 0.0,
            last_avg_cpu: 0.0,
            delivery: DeliveryState {
                last_successful: scenario.delivery.initial_revision.clone(),
                latest_artifact: scenario.delivery.initial_revision.clone(),
                ..DeliveryState::default()
            },
            last_revision_mix: Vec::new(),
            last_errors_rps: 0.0,
            in_user_action: false,
            labels: Vec::new(),
            totals: crate::summary::RunTotals::default(),
            launch_failures: 0,
            launch_retry_pending: false,
            series: Vec::new(),
            census: Census::of(&[], scenario.group.availability_zones.len()),
            work: Work::default(),
            initial: scenario.clone(),
            scenario,
        };
        sim.build_alarms_and_policies();
        sim.build_schedules();
        for index in 0..sim.scenario.actions.len() {
            let at = SimTime(sim.scenario.actions[index].at_ms);
            sim.push(at, 1, Event::UserAction { index });
        }
        sim.push(SimTime(MS_PER_MIN), 0, Event::MinuteTick);
        sim.reconcile(&Trigger::Create, 0);
        Ok(sim)
    }

    fn build_alarms_and_policies(&mut self) {
        let s = &self.scenario;
        let asg = s.group.name.clone();
        let mut alarms = Vec::new();
        let mut policies = Vec::new();
        for spec in &s.alarms {
            alarms.push(AlarmRuntime {
                name: spec.name.clone(),
                metric: spec.metric,
                statistic: spec.statistic,
                period_min: u64::from(spec.period_s / 60).max(1),
                rules: EvaluationRules {
                    evaluation_periods: spec.evaluation_periods,
                    datapoints_to_alarm: spec
                        .datapoints_to_alarm
                        .unwrap_or(spec.evaluation_periods),
                    threshold: spec.threshold,
                    comparison: spec.comparison_operator,
                    treat_missing_data: spec.treat_missing_data,
                },
                state: AlarmState::InsufficientData,
                actions: Vec::new(),
                last_values: Vec::new(),
                series: 0,
            });
        }
        for (pi, p) in s.policies.iter().enumerate() {
            let mut rt = PolicyRuntime {
                name: p.name.clone(),
                enabled: p.enabled,
                kind: p.kind.clone(),
                high_alarm: None,
                low_alarm: None,
                last_decision: String::new(),
            };
            match &p.kind {
                PolicyKind::TargetTrackingScaling {
                    metric,
                    target_value,
                    ..
                } => {
                    // A3.4.2/A3.4.3: the alarm pair AWS creates (parameters UNCONFIRMED).
                    let model = &s.assumptions.target_tracking_alarms;
                    let th = alarm_thresholds(*target_value, model);
                    let uuid = activity::uuid_like(s.seed, 1000 + pi as u64);
                    let period_min = u64::from(model.period_s / 60).max(1);
                    for (high, threshold, n, cmp) in [
                        (
                            true,
                            th.high,
                            model.high_datapoints,
                            alarm::ComparisonOperator::GreaterThanThreshold,
                        ),
                        (
                            false,
                            th.low,
                            model.low_datapoints,
                            alarm::ComparisonOperator::LessThanThreshold,
                        ),
                    ] {
                        let kind = if high { "AlarmHigh" } else { "AlarmLow" };
                        let idx = alarms.len();
                        alarms.push(AlarmRuntime {
                            name: format!("TargetTracking-{asg}-{kind}-{uuid}"),
                            metric: *metric,
                            statistic: Statistic::Average,
                            period_min,
                            rules: EvaluationRules {
                                evaluation_periods: n,
                                datapoints_to_alarm: n,
                                threshold,
                                comparison: cmp,
                                treat_missing_data: alarm::TreatMissingData::Missing,
                            },
                            state: AlarmState::InsufficientData,
                            actions: vec![if high {
                                Invoke::TargetHigh(pi)
                            } else {
                                Invoke::TargetLow(pi)
                            }],
                            last_values: Vec::new(),
                            series: 0,
                        });
                        if high {
                            rt.high_alarm = Some(idx);
                        } else {
                            rt.low_alarm = Some(idx);
                        }
                    }
                }
                _ => {
                    // Simple and step policies are invoked by the user alarms naming them.
                    for (ai, a) in s.alarms.iter().enumerate() {
                        if a.alarm_actions.iter().any(|n| n == &p.name) {
                            alarms[ai].actions.push(Invoke::Policy(pi));
                        }
                    }
                }
            }
            policies.push(rt);
        }
        // A4.3: alarms on the same metric with the same period read the same windows.
        let mut by_key: BTreeMap<(usize, u64), usize> = BTreeMap::new();
        let mut series: Vec<PeriodSeries> = Vec::new();
        for a in alarms.iter_mut() {
            let range = a.rules.evaluation_range().max(1);
            let key = (a.metric.index(), a.period_min);
            let idx = *by_key.entry(key).or_insert_with(|| {
                series.push(PeriodSeries::new(a.metric, a.period_min, range));
                series.len() - 1
            });
            series[idx].widen(range);
            a.series = idx;
        }
        self.series = series;
        self.alarms = alarms;
        self.policies = policies;
    }

    fn build_schedules(&mut self) {
        let start = self.scenario.start_unix_s;
        let delay_ms = u64::from(self.scenario.assumptions.scheduled_action_delay_s) * MS_PER_S;
        for index in 0..self.scenario.scheduled_actions.len() {
            let spec = &self.scenario.scheduled_actions[index];
            match spec.recurrence.as_deref().map(parse_cron) {
                Some(Ok(cron)) => {
                    let first = cron.next_after(start.saturating_sub(1)).map(|u| u - start);
                    self.schedules.push(ScheduleRuntime::Recurring(cron));
                    if let Some(s) = first {
                        self.push(
                            SimTime::from_secs(s).plus_ms(delay_ms),
                            0,
                            Event::Scheduled { index },
                        );
                    }
                }
                // Validation rejected bad expressions already; treat as one-time otherwise.
                _ => {
                    self.schedules.push(ScheduleRuntime::Once);
                    if let Some(s) = spec.start_s {
                        self.push(
                            SimTime::from_secs(s).plus_ms(delay_ms),
                            0,
                            Event::Scheduled { index },
                        );
                    }
                }
            }
        }
    }

    // ----- public API ---------------------------------------------------------------------

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Processes every event up to and including `t`, then sets the clock to `t`.
    /// Going backwards is ignored (time never goes back).
    pub fn advance_to(&mut self, t: SimTime) {
        while let Some(Reverse(top)) = self.queue.peek().copied() {
            if top.at > t {
                break;
            }
            self.queue.pop();
            self.now = top.at;
            self.work.events += 1;
            self.handle(top.event);
        }
        if t > self.now {
            self.now = t;
        }
    }

    /// Work done so far, as counts (events processed, items visited).
    pub fn work(&self) -> Work {
        self.work
    }

    /// The next time something is scheduled to happen, if anything is.
    pub fn poll_timeout(&self) -> Option<SimTime> {
        self.queue.peek().map(|Reverse(q)| q.at)
    }

    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// Applies a user action now and records it, so a saved scenario replays it.
    ///
    /// [MODEL] of the recorder: a `SetLoad` replaces a `SetLoad` recorded just before it in the
    /// same simulated minute. The load is read once a minute, for the minute that ends
    /// ([`Sim::collect_metrics`]), so only the last value set within a minute changes the run:
    /// replaying the shorter record gives the same trace, and a dragged slider records at most
    /// one action per simulated minute instead of one per input event.
    pub fn apply(&mut self, action: Action) {
        let now = self.now.ms();
        let settles_last = matches!(action, Action::SetLoad { rps } if set_load_is_valid(rps))
            && self.recorded.last().is_some_and(|last| {
                matches!(last.action, Action::SetLoad { rps } if set_load_is_valid(rps))
                    && last.at_ms / MS_PER_MIN == now / MS_PER_MIN
            });
        if settles_last {
            self.recorded.pop();
        }
        self.recorded.push(TimedAction {
            at_ms: now,
            action: action.clone(),
        });
        self.execute(action);
    }

    /// The live load slider (`None` = follow the scenario's pattern).
    pub fn set_load_override(&mut self, rps: Option<f64>) {
        if self.load_override != rps {
            self.apply(Action::SetLoad { rps });
        }
    }

    pub fn load_override(&self) -> Option<f64> {
        self.load_override
    }

    /// The actions applied live so far, in order.
    pub fn recorded_actions(&self) -> &[TimedAction] {
        &self.recorded
    }

    /// The scenario with the live actions merged in: replaying it reproduces this run.
    pub fn scenario_with_recorded_actions(&self) -> Scenario {
        let mut s = self.initial.clone();
        s.actions.extend(self.recorded.iter().cloned());
        crate::sort::sort_by_key(&mut s.actions, |a| a.at_ms);
        s
    }

    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The run so far, summed up: requests, latency quantiles, under-provisioned time,
    /// instance-hours and cost at the scenario's prices (see [`crate::summary`]).
    pub fn summary(&self) -> crate::summary::RunSummary {
        let types = &self.scenario.instance_types;
        crate::summary::summarise(&self.totals, &self.samples, |name| {
            types
                .iter()
                .find(|t| t.name == name)
                .map_or(0.0, |t| t.price_per_hour)
        })
    }

    pub fn activities(&self) -> &VecDeque<Activity> {
        &self.activities
    }

    pub fn alarm_names(&self) -> Vec<String> {
        self.alarms.iter().map(|a| a.name.clone()).collect()
    }

    pub fn sizes(&self) -> Sizes {
        self.sizes
    }

    pub fn instances(&self) -> &[Instance] {
        &self.instances
    }

    pub fn view(&self) -> View {
        let instances = self
            .instances
            .iter()
            .filter(|i| i.state != LifecycleState::Terminated)
            .map(|i| InstanceView {
                id: i.id.clone(),
                az: i.az.clone(),
                state: i.state,
                revision: i.revision.as_deref().map(str::to_string),
                healthy: i.health == HealthStatus::Healthy,
                cpu: i.cpu_pct,
                image_id: i.launch.image_id.clone(),
                launch_label: i.launch.origin.label(),
                instance_type: i.launch.instance_type.clone(),
                uptime_s: i.uptime_s(self.now),
                protected: i.protected_from_scale_in,
                role: i.role,
            })
            .collect();
        View {
            now: self.now,
            desired: self.sizes.desired,
            min_size: self.sizes.min,
            max_size: self.sizes.max,
            in_service: self.count(|i| i.state == LifecycleState::InService),
            load_rps: self.current_load(),
            capacity_rps: self.capacity_rps(),
            avg_cpu: self.last_avg_cpu,
            instances,
            alarms: self
                .alarms
                .iter()
                .map(|a| (a.name.clone(), a.state))
                .collect(),
        }
    }

    /// The offered load right now.
    pub fn current_load(&self) -> f64 {
        load::offered_rps(
            &self.load,
            self.scenario.seed,
            self.scenario.start_unix_s,
            self.load_override,
            self.now,
        )
    }

    // ----- event handling -----------------------------------------------------------------

    fn push(&mut self, at: SimTime, class: u8, event: Event) {
        // Work a user action schedules for this very millisecond runs after every other user
        // action of the same millisecond, as it does live (the caller applies them back to back
        // and the work runs at the next advance).
        let class = if self.in_user_action && at == self.now {
            2
        } else {
            class
        };
        self.seq += 1;
        self.queue.push(Reverse(Queued {
            at,
            class,
            seq: self.seq,
            event,
        }));
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::MinuteTick => {
                self.minute_tick();
                let next = self.now.plus_ms(MS_PER_MIN);
                self.push(next, 0, Event::MinuteTick);
            }
            Event::BootComplete { key } => self.boot_complete(key),
            Event::HookCompleted {
                key,
                hook,
                generation,
                result,
                timeout,
            } => self.hook_completed(key, hook, generation, result, timeout),
            Event::DrainComplete { key, generation } => self.drain_complete(key, generation),
            Event::ShutdownComplete { key } => self.shutdown_complete(key),
            Event::Scheduled { index } => self.run_scheduled(index),
            Event::UserAction { index } => {
                if let Some(a) = self.scenario.actions.get(index).cloned() {
                    self.execute(a.action);
                }
            }
            Event::DeployStep {
                deployment,
                key,
                step,
            } => self.deploy_step(deployment, key, step),
            Event::ManualUpdate { key, revision } => self.manual_update(key, revision),
            Event::AmiBaked { revision } => self.ami_baked(revision),
            Event::RefreshStep => self.refresh_step(),
            Event::BlueGreenWaitOver { deployment } => self.blue_green_wait_over(deployment),
            Event::TerminateOriginals { deployment } => self.terminate_originals(deployment),
            Event::LaunchRetry => {
                self.launch_retry_pending = false;
                self.reconcile(&Trigger::Replacement, self.sizes.desired);
            }
        }
    }

    fn execute(&mut self, action: Action) {
        self.in_user_action = true;
        self.execute_inner(action);
        self.in_user_action = false;
    }

    fn execute_inner(&mut self, action: Action) {
        match action {
            Action::SetLoad { rps } => match rps {
                // The same bound as the load patterns (validate::MAX_RPS).
                Some(v) if !set_load_is_valid(Some(v)) => self.reject(format!(
                    "SetLoad {v}: requests per second must be a number from 0 to 1,000,000,000."
                )),
                _ => self.load_override = rps,
            },
            Action::SetDesiredCapacity { desired } => {
                let from = self.sizes.desired;
                match self.sizes.set_desired(desired) {
                    Ok(()) => self.reconcile(&Trigger::SetDesired, from),
                    Err(message) => self.reject(message),
                }
            }
            Action::UpdateGroupSize {
                min_size,
                max_size,
                desired_capacity,
            } => {
                // Live actions (the page, a host page) bypass scenario validation: keep the
                // group within what the simulator runs.
                if max_size.is_some_and(|m| m > validate::MAX_GROUP_SIZE) {
                    self.reject(format!(
                        "This simulator runs groups of up to {} instances.",
                        validate::MAX_GROUP_SIZE
                    ));
                    return;
                }
                let from = self.sizes.desired;
                match self.sizes.update(min_size, max_size, desired_capacity) {
                    Ok(()) => {
                        let t = Trigger::UpdateGroup {
                            min: self.sizes.min,
                            max: self.sizes.max,
                            desired: self.sizes.desired,
                        };
                        self.reconcile(&t, from);
                    }
                    Err(message) => self.reject(message),
                }
            }
            Action::FailInstance => {
                self.visit(self.instances.len());
                // The newest InService instance stops (EC2 state no longer `running`).
                if let Some(i) = self
                    .instances
                    .iter_mut()
                    .filter(|i| i.state == LifecycleState::InService && i.ec2_running)
                    .max_by_key(|i| i.key)
                {
                    i.ec2_running = false;
                }
            }
            Action::CreateLaunchTemplateVersion {
                source_version,
                image_id,
                instance_type,
                set_default,
            } => self.create_lt_version(source_version, image_id, instance_type, set_default),
            Action::Deploy { revision } => self.release(revision),
            Action::ContinueDeployment => self.continue_blue_green(),
            Action::CopyLaunchConfiguration {
                image_id,
                instance_type,
            } => self.copy_launch_configuration(image_id, instance_type),
        }
    }

    fn reject(&mut self, message: String) {
        self.outputs.push_back(Output::ActionRejected {
            t: self.now,
            message,
        });
    }

    /// A1.5: a new version copies `source_version` (or starts empty) and overrides fields.
    fn create_lt_version(
        &mut self,
        source: Option<u32>,
        image_id: Option<String>,
        instance_type: Option<String>,
        set_default: bool,
    ) {
        let crate::scenario::LaunchSource::LaunchTemplate { name, .. } =
            &self.scenario.group.launch
        else {
            self.reject("The group uses a launch configuration, not a launch template.".into());
            return;
        };
        let name = name.clone();
        // A1.5: EC2 refuses a version naming an image or type that does not exist, exactly as
        // `validate` does for the same action in a scenario.
        let checked = image_id
            .as_deref()
            .map_or(Ok(()), |i| launch::check_template_image(&self.scenario, i))
            .and_then(|()| {
                instance_type
                    .as_deref()
                    .map_or(Ok(()), |t| launch::check_template_type(&self.scenario, t))
            });
        if let Err(message) = checked {
            self.reject(message);
            return;
        }
        let Some(lt) = self
            .scenario
            .launch_templates
            .iter_mut()
            .find(|t| t.name == name)
        else {
            return;
        };
        let mut data = match source {
            Some(v) => match lt.versions.get((v as usize).wrapping_sub(1)) {
                Some(d) => d.clone(),
                None => {
                    let msg = format!("Source version {v} does not exist.");
                    self.reject(msg);
                    return;
                }
            },
            None => crate::scenario::LaunchTemplateVersion {
                image_id: None,
                instance_type: None,
                ..Default::default()
            },
        };
        if image_id.is_some() {
            data.image_id = image_id;
        }
        if instance_type.is_some() {
            data.instance_type = instance_type;
        }
        lt.versions.push(data);
        if set_default {
            lt.default_version = lt.versions.len() as u32;
        }
    }

    /// A1.2: a new launch configuration copied from the group's, with the changes applied.
    fn copy_launch_configuration(
        &mut self,
        image_id: Option<String>,
        instance_type: Option<String>,
    ) {
        let crate::scenario::LaunchSource::LaunchConfiguration { name } =
            self.scenario.group.launch.clone()
        else {
            self.reject(
                "The group uses a launch template: create a new version instead (A1.5).".into(),
            );
            return;
        };
        let Some(mut lc) = self
            .scenario
            .launch_configurations
            .iter()
            .find(|l| l.name == name)
            .cloned()
        else {
            return;
        };
        // A2.16: 200 launch configurations per Region.
        let count = self.scenario.launch_configurations.len();
        if count >= limits::MAX_LAUNCH_CONFIGURATIONS {
            self.reject(limits::launch_configuration_limit_message());
            return;
        }
        // A1.2: the console's copy appends "Copy"; the name must stay unique and within
        // AWS's 255 characters (A1.1), which bounds the memory the copies take.
        let new_name = {
            let names: BTreeSet<&str> = self
                .scenario
                .launch_configurations
                .iter()
                .map(|l| l.name.as_str())
                .collect();
            let mut new_name = format!("{name} Copy");
            while names.contains(new_name.as_str())
                && limits::name_chars(&new_name) <= limits::MAX_NAME_CHARS
            {
                new_name.push_str(" Copy");
            }
            new_name
        };
        self.visit(count + new_name.len());
        if limits::name_chars(&new_name) > limits::MAX_NAME_CHARS {
            self.reject(limits::name_too_long_message(
                &new_name,
                "launchConfigurationName",
            ));
            return;
        }
        if let Some(img) = image_id {
            if launch::find_ami(&self.scenario, &img).is_none() {
                self.reject(format!("The image id '[{img}]' does not exist"));
                return;
            }
            lc.image_id = img;
        }
        if let Some(t) = instance_type {
            if launch::find_type(&self.scenario, &t).is_none() {
                self.reject(format!("The instance type {t} is not defined."));
                return;
            }
            lc.instance_type = t;
        }
        lc.name = new_name.clone();
        self.scenario.launch_configurations.push(lc);
        // UpdateAutoScalingGroup --launch-configuration-name (A1.2); instances keep theirs (A1.7).
        self.scenario.group.launch =
            crate::scenario::LaunchSource::LaunchConfiguration { name: new_name };
    }

    // ----- capacity ---------------------------------------------------------------------

    /// A pass over the fleet: callers are per-minute work or once per action, never per
    /// instance event.
    fn count(&self, f: impl Fn(&Instance) -> bool) -> u32 {
        self.instances.iter().filter(|i| f(i)).count() as u32
    }

    /// Counts a pass over `n` items.
    fn visit(&mut self, n: usize) {
        self.work.steps = self.work.steps.saturating_add(n as u64);
    }

    fn capacity_rps(&self) -> f64 {
        self.instances
            .iter()
            .filter(|i| i.serves_traffic())
            .map(|i| i.capacity_rps)
            .sum()
    }

    fn suspended(&self, p: ScalingProcess) -> bool {
        self.scenario.group.suspended_processes.contains(&p)
    }

    fn at(&self) -> String {
        self.now.iso(self.scenario.start_unix_s)
    }

    /// Launches or terminates instances until the live count matches desired.
    fn reconcile(&mut self, trigger: &Trigger, from_desired: u32) {
        let to = self.sizes.desired;
        let first = activity::desired_change_sentence(trigger, &self.at(), from_desired, to);
        // The census keeps these counts, so a reconcile after one instance event (a replacement
        // after an abandoned launch, A6.4) costs O(AZs), not a pass over the fleet.
        let mut live = self.census.live;
        self.visit(1);
        if live < to && !self.suspended(ScalingProcess::Launch) {
            let mut per_az: Vec<usize> = self
                .census
                .live_per_az
                .iter()
                .map(|&n| n as usize)
                .collect();
            self.visit(per_az.len());
            while live < to {
                let az = group::pick_az(&per_az);
                let scale_out = matches!(trigger, Trigger::Alarm { .. });
                if self
                    .launch(first.clone(), live, to, az, scale_out)
                    .is_none()
                {
                    // A7.2: the launch failed (a failed activity is recorded); the group stays
                    // below desired and tries again later.
                    self.schedule_launch_retry();
                    break;
                }
                per_az[az] += 1;
                live += 1;
            }
        } else if live > to && !self.suspended(ScalingProcess::Terminate) {
            self.visit(self.instances.len());
            let victims = termination::choose_many(
                &self.instances,
                (live - to) as usize,
                &self.scenario.group.termination_policies,
                &self.scenario.group.launch,
                self.now,
                &mut self.rng_term,
            );
            let short = (live - to) as usize > victims.len();
            for idx in victims {
                let id = self.instances[idx].id.clone();
                let sentences = activity::terminate_sentences(&self.at(), live, to, &id);
                let cause = match &first {
                    Some(f) => activity::join(&[f.clone(), sentences]),
                    None => sentences,
                };
                self.begin_termination(idx, TerminationCause::ScaleIn, Some(cause));
            }
            if short {
                // A5.5: desired still drops, but protected instances stay.
                let cause = activity::join(&[first.clone().unwrap_or_default(),
                    "Could not scale to desired capacity because all remaining instances are protected from scale-in.".into()]);
                self.outputs.push_back(Output::PolicyDecision {
                    t: self.now,
                    policy: String::new(),
                    decision: cause,
                });
            }
        }
    }

    fn launch(
        &mut self,
        first: Option<String>,
        from: u32,
        to: u32,
        az_index: usize,
        scale_out: bool,
    ) -> Option<u64> {
        self.visit(
            1 + self.scenario.launch_configurations.len() + self.scenario.launch_templates.len(),
        );
        let resolved = match launch::resolve(&self.scenario, &self.scenario.group.launch) {
            Ok(r) => r,
            Err(message) => {
                // A7.2: a failed launch is an activity of its own, with no instance id.
                let sentence = activity::launch_sentence(&self.at(), from, to);
                let cause = match first {
                    Some(f) => activity::join(&[f, sentence]),
                    None => sentence,
                };
                let seq = self.start_activity(
                    format!("Launching a new EC2 instance.  Status Reason: {message}"),
                    cause,
                    "",
                );
                self.update_activity(seq, ActivityStatus::Failed, Some(self.now), message);
                return None;
            }
        };
        self.launch_failures = 0;
        let key = self.next_key;
        self.next_key += 1;
        let id = instance::instance_id(self.scenario.seed, key);
        let azs = &self.scenario.group.availability_zones;
        let az = azs.get(az_index).cloned().unwrap_or_default();
        let capacity_rps = launch::find_type(&self.scenario, &resolved.instance_type)
            .map_or(100.0, |t| t.capacity_rps);
        let ami = launch::find_ami(&self.scenario, &resolved.image_id);
        let revision = ami
            .and_then(|a| a.baked_revision.clone())
            .map(|l| intern(&mut self.labels, &l));
        let software = ami.map(|a| a.software.clone()).unwrap_or_default();
        // A revision baked into the AMI starts with the instance; a broken one serves errors.
        let app_healthy = revision
            .as_deref()
            .and_then(|l| {
                self.scenario
                    .delivery
                    .revisions
                    .iter()
                    .find(|r| r.label == l)
            })
            .is_none_or(|r| {
                r.failure == crate::scenario::RevisionFailure::None
                    && r.requires.iter().all(|q| software.contains(q))
            });
        let sentence = activity::launch_sentence(&self.at(), from, to);
        let cause = match first {
            Some(f) => activity::join(&[f, sentence]),
            None => sentence,
        };
        let seq = self.start_activity(format!("Launching a new EC2 instance: {id}"), cause, &id);
        self.instances.push(Instance {
            key,
            id,
            az,
            az_index,
            state: LifecycleState::Pending,
            health: HealthStatus::Healthy,
            launch: resolved,
            revision,
            app_healthy,
            software,
            deploying: None,
            last_deploy_ok: None,
            ec2_running: true,
            protected_from_scale_in: false,
            scale_out_launch: scale_out,
            role: Role::Member,
            launched_at: self.now,
            in_service_at: None,
            terminating_at: None,
            pending_hooks: Vec::new(),
            generation: 0,
            launch_activity: Some(seq),
            capacity_rps,
            cpu_pct: 0.0,
            mem_pct: 0.0,
            disk_pct: 0.0,
            cpu_acc: (0.0, 0),
        });
        if let Some(i) = self.instances.last() {
            self.census.tally(i, true);
        }
        let a = &self.scenario.assumptions;
        let jitter = self
            .rng_boot
            .below(u64::from(a.boot_jitter_s) * MS_PER_S + 1);
        // [MODEL] A boot takes at least a second: with no time between a launch and its end, a
        // launch hook that abandons at once (A6.4) would relaunch forever within one
        // millisecond.
        let boot = (u64::from(a.boot_s) * MS_PER_S + jitter).max(MIN_BOOT_MS);
        self.push(self.now.plus_ms(boot), 0, Event::BootComplete { key });
        Some(key)
    }

    /// A7.2 [MODEL]: after a failed launch the group tries again, 10 s later, doubling the wait
    /// after each failure in a row up to 300 s (AWS retries failed launches with a growing
    /// back-off and does not document the intervals).
    fn schedule_launch_retry(&mut self) {
        self.launch_failures = self.launch_failures.saturating_add(1);
        if self.launch_retry_pending {
            return;
        }
        self.launch_retry_pending = true;
        let shift = self.launch_failures.saturating_sub(1).min(5);
        let wait_s = (LAUNCH_RETRY_FIRST_S << shift).min(LAUNCH_RETRY_MAX_S);
        self.push(self.now.plus_secs(wait_s), 0, Event::LaunchRetry);
    }

    /// Changes an instance's role, keeping the census current.
    fn set_role(&mut self, idx: usize, role: Role) {
        let i = &mut self.instances[idx];
        self.census.tally(i, false);
        i.role = role;
        self.census.tally(i, true);
    }

    /// Recounts the census after a change to many instances at once (a blue/green reroute).
    fn recount(&mut self) {
        self.visit(self.instances.len());
        self.census = Census::of(
            &self.instances,
            self.scenario.group.availability_zones.len(),
        );
    }

    /// Instances stay sorted by key (launch order), so lookups are binary searches.
    fn index_of(&self, key: u64) -> Option<usize> {
        self.instances.binary_search_by_key(&key, |i| i.key).ok()
    }

    fn set_state(&mut self, idx: usize, to: LifecycleState) {
        let now = self.now;
        let i = &mut self.instances[idx];
        let from = i.state;
        if from == to {
            return;
        }
        self.census.tally(i, false);
        i.state = to;
        i.generation += 1;
        self.census.tally(i, true);
        let (launched_from, launch_template_version) = match &i.launch.origin {
            launch::LaunchOrigin::LaunchConfiguration { name } => (name.clone(), None),
            launch::LaunchOrigin::LaunchTemplate { name, version, .. } => {
                (name.clone(), Some(*version))
            }
        };
        let out = Output::InstanceStateChanged {
            t: now,
            instance_id: i.id.clone(),
            from,
            to,
            availability_zone: i.az.clone(),
            launched_from,
            launch_template_version,
            instance_type: i.launch.instance_type.clone(),
            image_id: i.launch.image_id.clone(),
            revision: i.revision.as_deref().map(str::to_string),
            health: i.health,
            role: i.role,
        };
        self.outputs.push_back(out);
    }

    fn boot_complete(&mut self, key: u64) {
        let Some(idx) = self.index_of(key) else {
            return;
        };
        if self.instances[idx].state != LifecycleState::Pending {
            return;
        }
        if self.instances[idx].role == Role::Replacement {
            // B4.3: the copied group has no CodeDeploy launch hook.
            self.enter_service(idx);
            self.blue_green_booted();
            return;
        }
        let mut hooks: Vec<usize> = self
            .scenario
            .group
            .lifecycle_hooks
            .iter()
            .enumerate()
            .filter(|(_, h)| h.transition == LifecycleTransition::Launching)
            .map(|(n, _)| n)
            .collect();
        let method = self.scenario.delivery.method;
        if method == crate::scenario::DeliveryMethod::UserData {
            // B5.9: the script runs at first boot; nothing waits for its result.
            self.run_user_data(idx);
        }
        let codedeploy = method == crate::scenario::DeliveryMethod::CodeDeploy;
        if codedeploy {
            // B5.1: CodeDeploy's managed launch hook (600 s heartbeat, ABANDON).
            hooks.push(CODEDEPLOY_HOOK);
        }
        if hooks.is_empty() {
            self.enter_service(idx);
            return;
        }
        self.set_state(idx, LifecycleState::PendingWait);
        self.instances[idx].pending_hooks = hooks.clone();
        if let Some(seq) = self.instances[idx].launch_activity {
            self.update_activity(seq, ActivityStatus::MidLifecycleAction, None, String::new());
        }
        self.schedule_hooks(idx, &hooks);
        if codedeploy && !self.start_launch_deployment(idx) {
            // B5.3 UNCONFIRMED: no successful revision yet; the assumption decides.
            let key = self.instances[idx].key;
            let generation = self.instances[idx].generation;
            let result = self.scenario.assumptions.codedeploy_no_revision;
            self.hook_completed(key, CODEDEPLOY_HOOK, generation, result, false);
        }
    }

    /// The hook's name in AWS: the scenario's, or CodeDeploy's managed launch hook (B5.1).
    fn hook_name(&self, hook: usize) -> String {
        match self.scenario.group.lifecycle_hooks.get(hook) {
            Some(h) => h.name.clone(),
            None => format!(
                "CodeDeploy-managed-automatic-launch-deployment-hook-{}-{}",
                self.scenario.delivery.deployment_group_name,
                activity::uuid_like(self.scenario.seed ^ 0xC0DE, 0)
            ),
        }
    }

    /// A6.2/A6.3: each hook either completes after its handler's time or times out.
    fn schedule_hooks(&mut self, idx: usize, hooks: &[usize]) {
        let key = self.instances[idx].key;
        let generation = self.instances[idx].generation;
        for &h in hooks {
            // CodeDeploy's hook is completed by its launch deployment, not by a timer.
            let Some(spec) = self.scenario.group.lifecycle_hooks.get(h) else {
                continue;
            };
            let timeout_ms = u64::from(spec.heartbeat_timeout_s) * MS_PER_S;
            let (after_ms, result, timeout) = match spec.handler_completes_after_s {
                Some(s) if u64::from(s) * MS_PER_S < timeout_ms => {
                    (u64::from(s) * MS_PER_S, spec.handler_result, false)
                }
                _ => (timeout_ms, spec.default_result, true),
            };
            self.push(
                self.now.plus_ms(after_ms),
                0,
                Event::HookCompleted {
                    key,
                    hook: h,
                    generation,
                    result,
                    timeout,
                },
            );
        }
    }

    fn hook_completed(
        &mut self,
        key: u64,
        hook: usize,
        generation: u64,
        result: LifecycleActionResult,
        timeout: bool,
    ) {
        let Some(idx) = self.index_of(key) else {
            return;
        };
        if self.instances[idx].generation != generation {
            return;
        }
        let state = self.instances[idx].state;
        if !self.instances[idx].pending_hooks.contains(&hook) {
            // Already settled (an earlier ABANDON skipped the remaining hooks, A6.5).
            return;
        }
        self.instances[idx].pending_hooks.retain(|&h| h != hook);
        let transition = if state.is_pending() {
            LifecycleTransition::Launching
        } else {
            LifecycleTransition::Terminating
        };
        let out = Output::LifecycleHookResult {
            t: self.now,
            instance_id: self.instances[idx].id.clone(),
            hook: self.hook_name(hook),
            transition,
            result,
            heartbeat_timeout: timeout,
        };
        self.outputs.push_back(out);
        match (state, result) {
            (LifecycleState::PendingWait, LifecycleActionResult::CONTINUE)
                if self.instances[idx].pending_hooks.is_empty() =>
            {
                // A6.4: every hook said CONTINUE.
                self.set_state(idx, LifecycleState::PendingProceed);
                self.enter_service(idx);
            }
            (LifecycleState::PendingWait, LifecycleActionResult::ABANDON) => {
                // A6.4: the instance is terminated; the group launches a replacement.
                let token = activity::uuid_like(self.scenario.seed, key ^ 0x7070);
                let why = if timeout {
                    "Heartbeat Timeout"
                } else {
                    "Lifecycle Action Completed with ABANDON Result"
                };
                let msg = format!(
                    "Instance failed to complete user's Lifecycle Action: Lifecycle Action with token {token} was abandoned: {why}"
                );
                if let Some(seq) = self.instances[idx].launch_activity {
                    self.update_activity(seq, ActivityStatus::Cancelled, Some(self.now), msg);
                }
                self.begin_termination(idx, TerminationCause::LifecycleAbandoned, None);
                self.reconcile(&Trigger::Replacement, self.sizes.desired);
            }
            // A6.5: either result terminates; ABANDON skips the remaining hooks.
            (LifecycleState::TerminatingWait, r)
                if r == LifecycleActionResult::ABANDON
                    || self.instances[idx].pending_hooks.is_empty() =>
            {
                self.instances[idx].pending_hooks.clear();
                self.proceed_to_shutdown(idx);
            }
            _ => {}
        }
    }

    fn enter_service(&mut self, idx: usize) {
        self.set_state(idx, LifecycleState::InService);
        let now = self.now;
        let protect = self.scenario.group.new_instances_protected_from_scale_in;
        let i = &mut self.instances[idx];
        i.in_service_at = Some(now);
        // A5.5: protection starts at InService.
        i.protected_from_scale_in = protect;
        let key = i.key;
        if let Some(seq) = i.launch_activity {
            self.update_activity(seq, ActivityStatus::Successful, Some(now), String::new());
        }
        self.simple_gate_progress(key);
    }

    /// Starts termination: drain (A2.9), then terminate hooks (A6.5), then shutdown.
    fn begin_termination(&mut self, idx: usize, cause: TerminationCause, text: Option<String>) {
        self.instance_leaving(idx);
        let id = self.instances[idx].id.clone();
        let text = text.unwrap_or_else(|| {
            let at = self.at();
            match cause {
                TerminationCause::HealthCheck => {
                    if self.instances[idx].ec2_running {
                        format!("At {at} an instance was taken out of service in response to an ELB system health check failure.")
                    } else {
                        format!("At {at} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.")
                    }
                }
                TerminationCause::LifecycleAbandoned => format!(
                    "At {at} an instance was taken out of service in response to a launch lifecycle action that was abandoned."
                ),
                _ => format!("At {at} instance {id} was selected for termination."),
            }
        });
        let was_serving = self.instances[idx].state == LifecycleState::InService;
        let seq = self.start_activity(format!("Terminating EC2 instance: {id}"), text, &id);
        self.set_state(idx, LifecycleState::Terminating);
        self.instances[idx].terminating_at = Some(self.now);
        self.instances[idx].launch_activity = Some(seq);
        let drain_ms = if was_serving {
            u64::from(self.scenario.group.deregistration_delay_s) * MS_PER_S
        } else {
            0
        };
        if drain_ms > 0 {
            self.update_activity(
                seq,
                ActivityStatus::WaitingForELBConnectionDraining,
                None,
                String::new(),
            );
        }
        let key = self.instances[idx].key;
        let generation = self.instances[idx].generation;
        self.push(
            self.now.plus_ms(drain_ms),
            0,
            Event::DrainComplete { key, generation },
        );
        self.simple_gate_progress(key);
    }

    fn drain_complete(&mut self, key: u64, generation: u64) {
        let Some(idx) = self.index_of(key) else {
            return;
        };
        if self.instances[idx].generation != generation {
            return;
        }
        let hooks: Vec<usize> = self
            .scenario
            .group
            .lifecycle_hooks
            .iter()
            .enumerate()
            .filter(|(_, h)| h.transition == LifecycleTransition::Terminating)
            .map(|(n, _)| n)
            .collect();
        if hooks.is_empty() {
            self.proceed_to_shutdown(idx);
            return;
        }
        self.set_state(idx, LifecycleState::TerminatingWait);
        self.instances[idx].pending_hooks = hooks.clone();
        self.schedule_hooks(idx, &hooks);
    }

    fn proceed_to_shutdown(&mut self, idx: usize) {
        // A2.13: Terminating:Proceed only follows a terminate hook's wait.
        if self.instances[idx].state == LifecycleState::TerminatingWait {
            self.set_state(idx, LifecycleState::TerminatingProceed);
        }
        let key = self.instances[idx].key;
        let ms = u64::from(self.scenario.assumptions.shutdown_s) * MS_PER_S;
        self.push(self.now.plus_ms(ms), 0, Event::ShutdownComplete { key });
    }

    fn shutdown_complete(&mut self, key: u64) {
        let Some(idx) = self.index_of(key) else {
            return;
        };
        self.set_state(idx, LifecycleState::Terminated);
        if let Some(seq) = self.instances[idx].launch_activity {
            self.update_activity(
                seq,
                ActivityStatus::Successful,
                Some(self.now),
                String::new(),
            );
        }
        // Terminated instances leave the list at the next minute tick (one pass for all of
        // them): memory is bounded by the group's size, not by the run's length.
        self.simple_gate_progress(key);
    }

    // ----- activities ---------------------------------------------------------------------

    fn start_activity(&mut self, description: String, cause: String, instance_id: &str) -> u64 {
        let seq = self.next_activity;
        self.next_activity += 1;
        let a = Activity {
            seq,
            activity_id: activity::uuid_like(self.scenario.seed ^ 0xAC71, seq),
            description,
            cause,
            start: self.now,
            end: None,
            status_code: ActivityStatus::InProgress,
            status_message: String::new(),
            progress: activity::progress(ActivityStatus::InProgress),
            instance_id: instance_id.to_string(),
        };
        self.outputs.push_back(Output::Activity(a.clone()));
        self.activities.push_back(a);
        if self.activities.len() > ACTIVITY_HISTORY {
            self.activities.pop_front();
        }
        seq
    }

    fn update_activity(
        &mut self,
        seq: u64,
        status: ActivityStatus,
        end: Option<SimTime>,
        message: String,
    ) {
        let front = self.activities.front().map_or(0, |a| a.seq);
        let progress = activity::progress(status);
        let Some(a) = seq
            .checked_sub(front)
            .and_then(|off| self.activities.get_mut(off as usize))
        else {
            return;
        };
        if a.status_code.is_done() {
            return;
        }
        a.status_code = status;
        a.end = end;
        a.progress = progress;
        if !message.is_empty() {
            a.status_message = message;
        }
        let out = Output::ActivityUpdated {
            seq,
            activity_id: a.activity_id.clone(),
            t: self.now,
            status,
            status_message: a.status_message.clone(),
            progress,
            end,
        };
        self.outputs.push_back(out);
    }

    // ----- the minute tick: metrics, alarms, policies, health ---------------------------

    fn minute_tick(&mut self) {
        self.instances
            .retain(|i| i.state != LifecycleState::Terminated);
        // One pass each for: the retain, metrics, health checks and the sample.
        self.visit(4 * self.instances.len());
        debug_assert_eq!(
            self.census,
            Census::of(
                &self.instances,
                self.scenario.group.availability_zones.len()
            ),
            "the census drifted from the fleet"
        );
        let minute = self.now.ms() / MS_PER_MIN - 1;
        self.collect_metrics(minute);
        for series in self.series.iter_mut() {
            let merged = series.push_minute(&self.metrics, minute);
            self.work.steps = self.work.steps.saturating_add(merged);
        }
        self.evaluate_alarms(minute + 1);
        self.health_checks();
        self.record_sample(minute);
    }

    /// Spreads the load over the instances that serve traffic and publishes datapoints.
    fn collect_metrics(&mut self, minute: u64) {
        // The minute's datapoint describes the minute: the pattern is read at its middle, so a
        // spike that starts on the next minute does not leak into this one. A live override
        // holds from when it was set, so it is read now.
        let load = load::offered_rps(
            &self.load,
            self.scenario.seed,
            self.scenario.start_unix_s,
            self.load_override,
            SimTime(self.now.ms().saturating_sub(MS_PER_MIN / 2)),
        );
        self.last_load_rps = load;
        let serving = self.count(|i| i.serves_traffic());
        let share = if serving > 0 {
            load / f64::from(serving)
        } else {
            0.0
        };
        let a = &self.scenario.assumptions;
        let (idle, mem_base, mem_cpu, leak, disk_base, disk_grow) = (
            a.idle_cpu_pct,
            a.mem_base_pct,
            a.mem_per_cpu_pct,
            a.mem_leak_pct_per_hour,
            a.disk_base_pct,
            a.disk_growth_pct_per_hour,
        );
        let warmup_ms = self
            .scenario
            .group
            .default_instance_warmup_s
            .map(|s| u64::from(s) * MS_PER_S);
        let now = self.now;
        let publish_basic = (minute + 1).is_multiple_of(5);
        // Gather the group's samples in one pass, then store one aggregate per metric.
        let mut agg = [Agg::default(); MetricName::ALL.len()];
        for i in self.instances.iter_mut() {
            let serving = i.serves_traffic();
            let util = if serving && i.capacity_rps > 0.0 {
                (share / i.capacity_rps).min(1.0)
            } else {
                0.0
            };
            let hours = now.since(i.launched_at) as f64 / 3_600_000.0;
            i.cpu_pct = if i.ec2_running {
                idle + (100.0 - idle) * util
            } else {
                0.0
            };
            i.mem_pct = (mem_base + mem_cpu * i.cpu_pct + leak * hours).min(100.0);
            i.disk_pct = (disk_base + disk_grow * hours).min(100.0);
            i.cpu_acc.0 += i.cpu_pct;
            i.cpu_acc.1 += 1;
            // A2.10: counts in the group's metrics once InService and past the warm-up.
            let counts = serving
                && match (warmup_ms, i.in_service_at) {
                    (Some(w), Some(t)) => now.since(t) >= w,
                    _ => true,
                };
            if !counts {
                continue;
            }
            let served = share.min(i.capacity_rps);
            // A4.9: detailed monitoring publishes every minute, basic every fifth minute.
            if i.launch.detailed_monitoring || publish_basic {
                let cpu = if i.launch.detailed_monitoring {
                    i.cpu_pct
                } else {
                    i.cpu_acc.0 / f64::from(i.cpu_acc.1.max(1))
                };
                agg[MetricName::CPUUtilization.index()].add(cpu);
                agg[MetricName::NetworkIn.index()].add(served * 60.0 * 2_000.0);
                agg[MetricName::NetworkOut.index()].add(served * 60.0 * 20_000.0);
                i.cpu_acc = (0.0, 0);
            }
            // A4.10: the CloudWatch agent publishes every minute.
            agg[MetricName::mem_used_percent.index()].add(i.mem_pct);
            agg[MetricName::disk_used_percent.index()].add(i.disk_pct);
            agg[MetricName::RequestCountPerTarget.index()].add(share * 60.0);
        }
        for m in MetricName::ALL {
            self.metrics.record_agg(m, minute, &agg[m.index()]);
        }
        let cpu = agg[MetricName::CPUUtilization.index()];
        let (cpu_sum, cpu_n) = (cpu.value(Statistic::Sum).unwrap_or(0.0), cpu.count() as u32);
        if cpu_n > 0 {
            self.last_avg_cpu = cpu_sum / f64::from(cpu_n);
        }
    }

    /// A4.3: every alarm is evaluated each minute over its sliding window; A4.7: Auto Scaling
    /// actions run on every evaluation that finds the alarm in ALARM.
    fn evaluate_alarms(&mut self, end_minute: u64) {
        let mut invocations: Vec<(usize, Invoke)> = Vec::new();
        for ai in 0..self.alarms.len() {
            let a = &self.alarms[ai];
            let range = a.rules.evaluation_range().max(1);
            let series = &self.series[a.series];
            let mut points: Vec<Option<f64>> = Vec::with_capacity(range);
            for back in (0..range as u64).rev() {
                let end = end_minute.saturating_sub(back * a.period_min);
                let p = if end < a.period_min {
                    None
                } else {
                    // A4.3: the window was aggregated when its last minute arrived.
                    series
                        .window(end)
                        .unwrap_or_else(|| self.metrics.span(a.metric, end, a.period_min))
                        .value(a.statistic)
                };
                points.push(p);
            }
            self.work.steps = self.work.steps.saturating_add(range as u64);
            let ev = alarm::evaluate(&a.rules, &points, a.state);
            let n = a.rules.evaluation_periods as usize;
            let mut last_values: Vec<f64> =
                points.iter().rev().flatten().take(n).copied().collect();
            last_values.reverse();
            let from = a.state;
            let a = &mut self.alarms[ai];
            a.last_values = last_values;
            if ev.state != from {
                a.state = ev.state;
                self.outputs.push_back(Output::AlarmStateChanged {
                    t: self.now,
                    alarm: a.name.clone(),
                    from,
                    to: ev.state,
                    reason: ev.reason,
                });
            }
            if a.state == AlarmState::Alarm {
                invocations.extend(a.actions.iter().map(|&inv| (ai, inv)));
            }
        }
        if invocations.is_empty() || self.suspended(ScalingProcess::AlarmNotification) {
            return;
        }
        let mut proposals = Vec::new();
        for (ai, inv) in invocations {
            if let Some(p) = self.invoke(ai, inv) {
                proposals.push(p);
            }
        }
        self.resolve_proposals(proposals);
    }

    /// Instances the metric describes (InService, running, past the default warm-up).
    fn metric_instances(&self) -> u32 {
        let warmup_ms = self
            .scenario
            .group
            .default_instance_warmup_s
            .map(|s| u64::from(s) * MS_PER_S);
        let now = self.now;
        self.count(|i| {
            i.serves_traffic()
                && match (warmup_ms, i.in_service_at) {
                    (Some(w), Some(t)) => now.since(t) >= w,
                    _ => true,
                }
        })
    }

    /// Serving instances, less those a scale-out launched that are still warming up
    /// (A3.3.6's "capacity not warming").
    fn warmed_instances(&self, warmup_ms: u64) -> u32 {
        let now = self.now;
        self.count(|i| {
            i.serves_traffic()
                && (!i.scale_out_launch
                    || i.in_service_at.is_some_and(|t| now.since(t) >= warmup_ms))
        })
    }

    /// A2.10: policy warm-up = EstimatedInstanceWarmup, else DefaultInstanceWarmup, else
    /// DefaultCooldown.
    fn policy_warmup_ms(&self, estimated: Option<u32>) -> u64 {
        let g = &self.scenario.group;
        u64::from(
            estimated
                .or(g.default_instance_warmup_s)
                .unwrap_or(g.default_cooldown_s),
        ) * MS_PER_S
    }

    /// A3.3.6: a scale-out is in progress while any instance is launching or warming up.
    fn scale_out_in_progress(&self, warmup_ms: u64) -> bool {
        let now = self.now;
        self.instances.iter().any(|i| {
            i.scale_out_launch
                && (i.state.is_pending()
                    || (i.state == LifecycleState::InService
                        && i.in_service_at.is_some_and(|t| now.since(t) < warmup_ms)))
        })
    }

    fn decide(&mut self, policy: usize, decision: String) {
        let p = &mut self.policies[policy];
        if p.last_decision != decision {
            p.last_decision = decision.clone();
            self.outputs.push_back(Output::PolicyDecision {
                t: self.now,
                policy: p.name.clone(),
                decision,
            });
        }
    }

    /// Runs one policy for one alarm evaluation; returns the desired capacity it asks for.
    fn invoke(&mut self, alarm: usize, inv: Invoke) -> Option<Proposal> {
        let pi = match inv {
            Invoke::Policy(p) | Invoke::TargetHigh(p) | Invoke::TargetLow(p) => p,
        };
        if !self.policies[pi].enabled {
            return None;
        }
        let desired = self.sizes.desired;
        let kind = self.policies[pi].kind.clone();
        match kind {
            PolicyKind::SimpleScaling {
                adjustment_type,
                scaling_adjustment,
                min_adjustment_magnitude,
                ..
            } => {
                // A3.2.1: ignore alarms while the last activity runs or the cooldown lasts.
                if !self.simple_gate.waiting_for.is_empty() {
                    self.decide(
                        pi,
                        "Ignored: waiting for the previous scaling activity to finish (A3.2.1)."
                            .into(),
                    );
                    return None;
                }
                if self.now < self.simple_gate.until {
                    let left = self.simple_gate.until.since(self.now) / MS_PER_S;
                    self.decide(
                        pi,
                        format!("Ignored: in cooldown for another {left} s (A3.2.1)."),
                    );
                    return None;
                }
                let raw = apply_adjustment(
                    desired,
                    adjustment_type,
                    scaling_adjustment,
                    min_adjustment_magnitude,
                );
                let target = self.sizes.clamp(raw);
                self.decide(pi, format!(
                    "{} {scaling_adjustment} from {desired} gives {raw}, clamped to [{}, {}] = {target} (A3.1.2, A2.4).",
                    adjustment_name(adjustment_type), self.sizes.min, self.sizes.max
                ));
                Some(Proposal {
                    policy: pi,
                    alarm,
                    desired: target,
                })
            }
            PolicyKind::StepScaling {
                adjustment_type,
                step_adjustments,
                metric_aggregation_type,
                estimated_instance_warmup_s,
                min_adjustment_magnitude,
            } => {
                // A3.3.1: the steps are relative to the threshold of the alarm that invoked them.
                let threshold = self.alarms[alarm].rules.threshold;
                // A3.3.4: compare the aggregation of the most recent datapoints.
                let Some(metric) =
                    aggregate(metric_aggregation_type, &self.alarms[alarm].last_values)
                else {
                    self.decide(pi, "No datapoints: no action.".into());
                    return None;
                };
                let Some(step) = find_step(&step_adjustments, threshold, metric) else {
                    self.decide(pi, format!("Metric {metric:.2} matches no step (A3.3.5)."));
                    return None;
                };
                let adj = step_adjustments[step].scaling_adjustment;
                let warmup = self.policy_warmup_ms(estimated_instance_warmup_s);
                // A3.3.6 [MODEL]: the base is the capacity that has finished warming up.
                let base = self.warmed_instances(warmup);
                // Which way this step points: ExactCapacity compares with desired, the others
                // follow the adjustment's sign.
                let outward = match adjustment_type {
                    AdjustmentType::ExactCapacity => adj > i64::from(desired),
                    _ => adj > 0,
                };
                let inward = match adjustment_type {
                    AdjustmentType::ExactCapacity => adj < i64::from(desired),
                    _ => adj < 0,
                };
                if outward {
                    // A3.3.6 [MODEL]: base = capacity not warming; warming instances already
                    // count in desired, so a repeated breach in the same step adds nothing.
                    let raw =
                        apply_adjustment(base, adjustment_type, adj, min_adjustment_magnitude);
                    let target = self.sizes.clamp(raw).max(desired);
                    self.decide(pi, format!(
                        "Metric {metric:.2} in step {step} ({adj:+}): {base} warmed instances -> {raw}; desired {desired} -> {target} (A3.3.3, A3.3.6)."
                    ));
                    Some(Proposal {
                        policy: pi,
                        alarm,
                        desired: target,
                    })
                } else if inward {
                    if self.scale_out_in_progress(warmup) {
                        self.decide(
                            pi,
                            "Scale-in blocked while scale-out instances warm up (A3.3.6).".into(),
                        );
                        return None;
                    }
                    let raw =
                        apply_adjustment(desired, adjustment_type, adj, min_adjustment_magnitude);
                    let target = self.sizes.clamp(raw);
                    self.decide(pi, format!(
                        "Metric {metric:.2} in step {step} ({adj}): {desired} -> {raw}, clamped to {target} (A3.3.3, A2.4)."
                    ));
                    Some(Proposal {
                        policy: pi,
                        alarm,
                        desired: target,
                    })
                } else {
                    self.decide(pi, format!("Metric {metric:.2} in step {step}: no change."));
                    None
                }
            }
            PolicyKind::TargetTrackingScaling {
                target_value,
                disable_scale_in,
                estimated_instance_warmup_s,
                ..
            } => {
                let metric = self.alarms[alarm].last_values.last().copied()?;
                let base = self.metric_instances();
                match inv {
                    Invoke::TargetHigh(_) => {
                        // A3.4.4 [MODEL]: ceil(current x metric / target), rounding up on scale-out.
                        let want = proportional_capacity(base, metric, target_value);
                        let target = self.sizes.clamp(i64::from(want)).max(desired);
                        self.decide(pi, format!(
                            "Metric {metric:.2} > target {target_value}: ceil({base} x {metric:.2} / {target_value}) = {want}; desired {desired} -> {target} (A3.4.4, A3.4.6)."
                        ));
                        Some(Proposal {
                            policy: pi,
                            alarm,
                            desired: target,
                        })
                    }
                    _ => {
                        if disable_scale_in {
                            return None;
                        }
                        let warmup = self.policy_warmup_ms(estimated_instance_warmup_s);
                        if self.scale_out_in_progress(warmup) {
                            self.decide(
                                pi,
                                "Scale-in blocked while scale-out instances warm up (A3.4.6)."
                                    .into(),
                            );
                            return None;
                        }
                        // A3.4.7: scale in only if every scale-in-enabled target tracking policy agrees.
                        let mut proposal = 0u32;
                        for (qi, q) in self.policies.iter().enumerate() {
                            if let PolicyKind::TargetTrackingScaling {
                                target_value: tv,
                                disable_scale_in: false,
                                ..
                            } = q.kind
                            {
                                if !q.enabled {
                                    continue;
                                }
                                let Some(low) = q.low_alarm else { continue };
                                let la = &self.alarms[low];
                                if la.state != AlarmState::Alarm && qi != pi {
                                    self.decide(
                                        pi,
                                        format!(
                                            "Scale-in waits: policy {} does not agree (A3.4.7).",
                                            q.name
                                        ),
                                    );
                                    return None;
                                }
                                let m = la.last_values.last().copied().unwrap_or(metric);
                                proposal = proposal.max(proportional_capacity(base, m, tv));
                            }
                        }
                        let target = self.sizes.clamp(i64::from(proposal));
                        if target >= desired {
                            return None;
                        }
                        self.decide(pi, format!(
                            "Metric {metric:.2} below the low threshold: ceil({base} x {metric:.2} / {target_value}) = {proposal}; desired {desired} -> {target} (A3.4.4)."
                        ));
                        Some(Proposal {
                            policy: pi,
                            alarm,
                            desired: target,
                        })
                    }
                }
            }
        }
    }

    /// A3.5: when several policies fire at once, the largest resulting capacity wins, for
    /// scale-out and for scale-in alike.
    fn resolve_proposals(&mut self, proposals: Vec<Proposal>) {
        let desired = self.sizes.desired;
        let winner = proposals
            .iter()
            .filter(|p| p.desired > desired)
            .max_by_key(|p| (p.desired, Reverse(p.policy)))
            .or_else(|| {
                proposals
                    .iter()
                    .filter(|p| p.desired < desired)
                    .max_by_key(|p| (p.desired, Reverse(p.policy)))
            });
        let Some(w) = winner else { return };
        let (pi, ai, to) = (w.policy, w.alarm, w.desired);
        let trigger = Trigger::Alarm {
            alarm: self.alarms[ai].name.clone(),
            policy: self.policies[pi].name.clone(),
        };
        self.sizes.desired = to;
        let before: Vec<u64> = self.instances.iter().map(|i| i.key).collect();
        self.reconcile(&trigger, desired);
        if let PolicyKind::SimpleScaling { cooldown_s, .. } = self.policies[pi].kind {
            // A3.2.1: the activity's instances must finish, then the cooldown runs.
            let cooldown = cooldown_s.unwrap_or(self.scenario.group.default_cooldown_s);
            // The activity's instances: the ones it launched and the ones terminating, while
            // they are still launching or terminating.
            let waiting: BTreeSet<u64> = self
                .instances
                .iter()
                // `before` is sorted, like the instance list.
                .filter(|i| before.binary_search(&i.key).is_err() || i.state.is_terminating())
                .filter(|i| {
                    i.state.is_pending()
                        || (i.state.is_terminating() && i.state != LifecycleState::Terminated)
                })
                .map(|i| i.key)
                .collect();
            self.visit(self.instances.len());
            let cooldown_ms = u64::from(cooldown) * MS_PER_S;
            self.simple_gate = SimpleGate {
                // Nothing to wait for (for example Launch is suspended): the cooldown starts now.
                until: self.now.plus_ms(cooldown_ms),
                waiting_for: waiting,
                cooldown_ms,
            };
        }
    }

    /// Called when an instance finishes launching or terminating (or leaves the group): an
    /// instance the gate waits for stops being waited for at its next such event (A3.2.1).
    fn simple_gate_progress(&mut self, key: u64) {
        self.visit(1);
        let g = &mut self.simple_gate;
        if g.waiting_for.is_empty() {
            return;
        }
        g.waiting_for.remove(&key);
        if g.waiting_for.is_empty() {
            g.until = self.now.plus_ms(g.cooldown_ms);
        }
    }

    /// A2.6 to A2.8: EC2 checks act at once; ELB checks after the grace period; replacement
    /// of ELB-unhealthy instances at most 10% of desired at a time.
    fn health_checks(&mut self) {
        if self.suspended(ScalingProcess::HealthCheck) {
            return;
        }
        let now = self.now;
        let grace_ms = u64::from(self.scenario.group.health_check_grace_period_s) * MS_PER_S;
        let elb = self.scenario.group.health_check_type == HealthCheckType::ELB;
        let mut budget = (self.sizes.desired / 10).max(1);
        let mut unhealthy = Vec::new();
        for (idx, i) in self.instances.iter().enumerate() {
            if i.state != LifecycleState::InService || i.role != Role::Member {
                continue;
            }
            let past_grace = i.in_service_at.is_some_and(|t| now.since(t) >= grace_ms);
            if !i.ec2_running {
                unhealthy.push(idx);
            } else if elb && !i.app_healthy && past_grace && budget > 0 {
                budget -= 1;
                unhealthy.push(idx);
            }
        }
        if unhealthy.is_empty() {
            return;
        }
        for &idx in &unhealthy {
            self.instances[idx].health = HealthStatus::Unhealthy;
        }
        if self.suspended(ScalingProcess::ReplaceUnhealthy) {
            return;
        }
        // Terminate in reverse index order so earlier indices stay valid.
        for &idx in unhealthy.iter().rev() {
            self.begin_termination(idx, TerminationCause::HealthCheck, None);
        }
        self.reconcile(&Trigger::Replacement, self.sizes.desired);
    }

    fn run_scheduled(&mut self, index: usize) {
        let Some(spec) = self.scenario.scheduled_actions.get(index).cloned() else {
            return;
        };
        // Reschedule a recurring action before running it.
        if let Some(ScheduleRuntime::Recurring(cron)) = self.schedules.get(index) {
            let start = self.scenario.start_unix_s;
            let delay = u64::from(self.scenario.assumptions.scheduled_action_delay_s);
            let fired_s = self.now.secs().saturating_sub(delay);
            if let Some(next) = cron.next_after(start + fired_s) {
                let rel = next - start;
                if spec.end_s.is_none_or(|end| rel <= end) {
                    self.push(
                        SimTime::from_secs(rel + delay),
                        0,
                        Event::Scheduled { index },
                    );
                }
            }
        }
        if self.suspended(ScalingProcess::ScheduledActions) {
            return;
        }
        let from = self.sizes.desired;
        match self
            .sizes
            .update(spec.min_size, spec.max_size, spec.desired_capacity)
        {
            Ok(()) => {
                let t = Trigger::Scheduled {
                    min: self.sizes.min,
                    max: self.sizes.max,
                    desired: self.sizes.desired,
                };
                self.reconcile(&t, from);
            }
            Err(message) => self.reject(format!("Scheduled action {}: {message}", spec.name)),
        }
    }

    fn record_sample(&mut self, minute: u64) {
        let mut pending = 0;
        let mut pending_wait = 0;
        let mut in_service = 0;
        let mut terminating = 0;
        let mut capacity = 0.0;
        let mut serving = 0u32;
        // Serving instances per revision: (label, instances, of which broken). Labels are
        // interned, so a hit is a pointer comparison.
        let mut groups: Vec<(Option<std::rc::Rc<str>>, u32, u32)> = Vec::new();
        for i in self.instances.iter().filter(|i| i.role == Role::Member) {
            match i.state {
                LifecycleState::Pending | LifecycleState::PendingProceed => pending += 1,
                LifecycleState::PendingWait => pending_wait += 1,
                LifecycleState::InService => in_service += 1,
                LifecycleState::Terminated => {}
                _ => terminating += 1,
            }
            if i.serves_traffic() {
                capacity += i.capacity_rps;
                serving += 1;
                let broken = u32::from(!i.app_healthy);
                let same = |g: &Option<std::rc::Rc<str>>| match (g, &i.revision) {
                    (Some(a), Some(b)) => std::rc::Rc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                };
                match groups.iter_mut().find(|(g, _, _)| same(g)) {
                    Some((_, n, b)) => {
                        *n += 1;
                        *b += broken;
                    }
                    None => groups.push((i.revision.clone(), 1, broken)),
                }
            }
        }
        let load = self.last_load_rps;
        let share = if serving > 0 {
            load / f64::from(serving)
        } else {
            0.0
        };
        let uniform = self.uniform_capacity(share);
        let served: f64 = if uniform {
            load.min(capacity)
        } else {
            self.instances
                .iter()
                .filter(|i| i.serves_traffic())
                .map(|i| share.min(i.capacity_rps))
                .sum()
        };
        self.measure_minute(&groups, share, uniform);
        let rho = if capacity > 0.0 {
            (load / capacity).min(0.98)
        } else {
            0.98
        };
        let latency = self.scenario.assumptions.base_latency_ms / (1.0 - rho);
        self.delivery.measures.dropped += (load - served).max(0.0) * 60.0;
        let end = minute + 1;
        let avg = |m| self.metrics.span(m, end, 1).value(Statistic::Average);
        self.samples.push(Sample {
            t: self.now,
            desired: self.sizes.desired,
            min_size: self.sizes.min,
            max_size: self.sizes.max,
            pending,
            pending_wait,
            in_service,
            terminating,
            load_rps: load,
            served_rps: served,
            dropped_rps: (load - served).max(0.0),
            capacity_rps: capacity,
            avg_cpu: avg(MetricName::CPUUtilization),
            avg_mem: avg(MetricName::mem_used_percent),
            latency_ms: latency,
            errors_rps: self.last_errors_rps,
            revisions: self.last_revision_mix.clone(),
            alarms: self.alarms.iter().map(|a| a.state).collect(),
        });
        if let Some(sample) = self.samples.last() {
            let billed = self
                .instances
                .iter()
                .filter(|i| i.state != LifecycleState::Terminated)
                .map(|i| i.launch.instance_type.as_str());
            self.totals.add_minute(sample, billed);
        }
    }
}

impl Sim {
    /// True when no serving instance is overloaded at this share, so served = min(load, capacity)
    /// without a per-instance pass.
    fn uniform_capacity(&self, share: f64) -> bool {
        self.scenario
            .instance_types
            .iter()
            .all(|t| t.capacity_rps >= share)
    }
}

/// The shared string for `label`, adding it on first use. A run has a handful of labels.
fn intern(labels: &mut Vec<std::rc::Rc<str>>, label: &str) -> std::rc::Rc<str> {
    if let Some(l) = labels.iter().find(|l| &***l == label) {
        return std::rc::Rc::clone(l);
    }
    let l: std::rc::Rc<str> = std::rc::Rc::from(label);
    labels.push(std::rc::Rc::clone(&l));
    l
}

fn adjustment_name(t: AdjustmentType) -> &'static str {
    match t {
        AdjustmentType::ChangeInCapacity => "ChangeInCapacity",
        AdjustmentType::ExactCapacity => "ExactCapacity",
        AdjustmentType::PercentChangeInCapacity => "PercentChangeInCapacity",
    }
}

/// A `SetLoad` value the simulator accepts: none (follow the pattern), or the load patterns'
/// bound (validate::MAX_RPS).
fn set_load_is_valid(rps: Option<f64>) -> bool {
    rps.is_none_or(|v| v.is_finite() && (0.0..=validate::MAX_RPS).contains(&v))
}
