//! The event loop. A [`Sim`] owns the whole simulated world; the caller moves time forward with
//! [`Sim::advance_to`], changes things with [`Sim::apply`], and drains what happened with
//! [`Sim::poll_output`] (the str0m / quinn-proto shape, STYLE.md).
//!
//! Events sit in a heap ordered by `(time, class, sequence)`. Periodic work (the one-minute
//! metric and alarm tick, scheduled actions) reschedules itself, so a quiet week costs what
//! happens in it. User actions have a later `class` than internal events at the same
//! millisecond, so an action applied live after `advance_to(t)` and the same action replayed
//! from a scenario at `t` land in the same order: one `advance_to(T)` equals many small steps.

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

mod actions;
mod activities;
mod capacity;
mod cloudwatch;
mod delivery;
mod ecs;
mod ecs_scaling;
mod fleet;
mod groups;
mod health;
mod lifecycle;
mod observe;
mod scaling;
mod scheduled;
use capacity::Census;
use cloudwatch::AlarmRuntime;
pub use cloudwatch::{AlarmOrigin, EvaluatedAlarm};
use delivery::DeliveryState;
pub use delivery::{Creator, Deployment, DeploymentStatus, InstanceTarget, Measures};
use fleet::Fleet;
use groups::{group_of, GroupState};
pub use observe::{InstanceView, View};
use scaling::{PolicyRuntime, SimpleGate};
use scheduled::ScheduleRuntime;

mod timers;
pub(crate) use timers::{
    CapacityTimer, CodeDeployTimer, EcsTimer, KubeTimer, LifecycleTimer, Timer,
};

use crate::kernel::queue::{Phase, TimerQueue};
use crate::kubernetes::runtime::{Ec2Side, Effects, KubeRuntime, NodeSpec};

use crate::activity::{self, Activity, ActivityStatus, DesiredChange, Trigger};
use crate::alarm::{self, AlarmState, EvaluationRules, Statistic};
use crate::group::{self, Sizes};
use crate::instance::{
    self, HealthStatus, HookRef, Instance, LifecycleState, Role, TerminationCause,
};
use crate::launch;
use crate::limits;
use crate::load;
use crate::metrics::{Agg, MetricStore, PeriodSeries};
use crate::policy::invoke::Invoke;
use crate::policy::schedule::{parse_cron, Cron};
use crate::policy::target_tracking::alarm_thresholds;
use crate::policy::{ScalingDecision, TargetId, Unchanged};
use crate::rng::{Keyed, Rng, Stream};
use crate::scenario::{
    Action, HealthCheckType, LifecycleActionResult, LifecycleTransition, LoadSpec, MetricName,
    PolicyKind, ScalingProcess, Scenario, TimedAction,
};
use crate::termination;
use crate::text::Text;
use crate::time::{SimTime, MS_PER_MIN, MS_PER_S};
use crate::trace::Sample;
use crate::validate::{self, Problem};

/// Something that happened, for the caller to drain. Its strings that repeat what the
/// simulator holds (ids, names, an activity's words) are [`Text`]s: an output shares them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Output {
    /// A new scaling activity (A7).
    Activity(Activity),
    /// An activity changed status (A7.1): the console's StatusCode, StatusMessage and Progress.
    ActivityUpdated {
        seq: u64,
        activity_id: Text,
        t: SimTime,
        status: ActivityStatus,
        status_message: Text,
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
    /// Why a policy did or did not change the desired capacity, typed: the target, the
    /// policy, what invoked it, the capacity before and after, the arithmetic or the reason
    /// nothing changed ([`ScalingDecision::text`] words it).
    PolicyDecision {
        t: SimTime,
        decision: ScalingDecision,
    },
    /// An instance moved between lifecycle states (A2.13), with where it runs and what it was
    /// launched from (A1.7).
    InstanceStateChanged {
        t: SimTime,
        instance_id: Text,
        from: LifecycleState,
        to: LifecycleState,
        availability_zone: Text,
        /// The launch template's or launch configuration's name.
        launched_from: Text,
        /// The launch template version the instance was launched with (`None` for a launch
        /// configuration).
        launch_template_version: Option<u32>,
        instance_type: Text,
        image_id: Text,
        /// The application revision it runs (`None` = no application).
        revision: Option<Text>,
        health: HealthStatus,
        role: Role,
        /// The Auto Scaling group it belongs to.
        group: Text,
    },
    /// A lifecycle hook got its result (A6.3 to A6.5): from the handler, from CodeDeploy's launch
    /// deployment (B5.2), or the heartbeat timeout's default result.
    LifecycleHookResult {
        t: SimTime,
        instance_id: Text,
        hook: String,
        transition: LifecycleTransition,
        result: LifecycleActionResult,
        heartbeat_timeout: bool,
    },
    /// The instances a CodeDeploy deployment targets, once it has chosen them (B2.3, B5.2).
    DeploymentTargets {
        t: SimTime,
        deployment_id: Text,
        revision: Text,
        instance_ids: Vec<Text>,
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
    /// EKS: pods, HPA decisions and conditions, Kubernetes events, Argo CD status.
    Kubernetes(crate::kubernetes::KubeOutput),
    /// The ECS side: task state changes, service events, deployments (`crate::ecs::output`).
    Ecs(crate::ecs::output::EcsOutput),
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

pub struct Sim {
    /// The working copy: actions such as a new launch template version change it.
    scenario: Scenario,
    /// The scenario as given, for links that replay the run ([`Sim::scenario_with_recorded_actions`]).
    initial: Scenario,
    now: SimTime,
    queue: TimerQueue<Timer>,
    sizes: Sizes,
    instances: Fleet,
    next_key: u64,
    rng_boot: Rng,
    rng_term: Rng,
    /// Scale-in's buffers, kept from one scale-in to the next (`termination::choose_many`).
    termination_buffers: termination::Buffers,
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
    /// The serving instances' mean CPU at the last minute (the same minute as the sample's
    /// load and capacity).
    last_serving_cpu: f64,
    /// The primary group's sample tally from the minute's metrics pass, with the fleet's
    /// version then (`sim/observe.rs`).
    sample_tally: Option<(u64, observe::Tally)>,
    delivery: DeliveryState,
    last_revision_mix: Vec<(String, u32)>,
    last_errors_rps: f64,
    in_user_action: bool,
    /// Interned labels: revisions, instance types and AZs (see `Instance::revision`,
    /// `type_label`).
    labels: Vec<Text>,
    /// Each group's name, shared by its activities and instance state changes.
    group_names: Vec<Text>,
    /// Per-minute totals for the run summary.
    totals: crate::summary::RunTotals,
    /// Launches that failed in a row (A7.2), for the retry back-off; 0 after a success.
    launch_failures: u32,
    /// A launch retry is scheduled.
    launch_retry_pending: bool,
    /// The alarms' datapoint windows, one per (metric, period) (A4.3).
    series: Vec<PeriodSeries>,
    /// The group of each series (its metrics' `AutoScalingGroupName`).
    series_groups: Vec<usize>,
    census: Census,
    work: Work,
    /// EKS: the cluster on the group's instances (`kubernetes::runtime`), if the scenario has one.
    kube: Option<Box<KubeRuntime>>,
    /// Every group's state but the active one's (`groups.rs`); one slot per group.
    parked: Vec<GroupState>,
    /// The group whose state is in the fields above (0, the primary group, between events).
    active: usize,
    /// Each group as a scalable target.
    targets: Vec<TargetId>,
    /// The normalised own load of each extra group (`GroupLoad::Own`).
    extra_loads: Vec<Option<LoadSpec>>,
    /// The ECS cluster and service, when the scenario has one (`crate::ecs::runtime`).
    ecs: Option<crate::ecs::runtime::EcsRuntime>,
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
            queue: TimerQueue::default(),
            sizes,
            instances: Fleet::default(),
            next_key: 0,
            rng_boot: Rng::new(seed, Stream::Boot),
            rng_term: Rng::new(seed, Stream::Termination),
            termination_buffers: termination::Buffers::default(),
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
            last_serving_cpu: 0.0,
            sample_tally: None,
            delivery: DeliveryState {
                last_successful: scenario.delivery.initial_revision.clone(),
                latest_artifact: scenario.delivery.initial_revision.clone(),
                ..DeliveryState::default()
            },
            last_revision_mix: Vec::new(),
            last_errors_rps: 0.0,
            in_user_action: false,
            labels: Vec::new(),
            group_names: std::iter::once(&scenario.group)
                .chain(scenario.extra_groups.iter().map(|e| &e.group))
                .map(|g| Text::from(&g.name))
                .collect(),
            totals: crate::summary::RunTotals::default(),
            launch_failures: 0,
            launch_retry_pending: false,
            series: Vec::new(),
            series_groups: Vec::new(),
            census: Census::of(&[], scenario.group.availability_zones.len()),
            work: Work::default(),
            kube: None,
            parked: std::iter::once(GroupState::default())
                .chain(
                    scenario
                        .extra_groups
                        .iter()
                        .enumerate()
                        .map(|(i, e)| GroupState::new(&e.group, i + 1)),
                )
                .collect(),
            active: 0,
            targets: std::iter::once(&scenario.group)
                .chain(scenario.extra_groups.iter().map(|e| &e.group))
                .map(|g| TargetId::auto_scaling_group(&g.name))
                .collect(),
            extra_loads: scenario
                .extra_groups
                .iter()
                .map(|e| match &e.load {
                    crate::scenario::GroupLoad::Own { load } => Some(load::normalized(load)),
                    crate::scenario::GroupLoad::ShareOfScenario { .. } => None,
                })
                .collect(),
            ecs: None,
            initial: scenario.duplicate(),
            scenario,
        };
        if let Some(spec) = &sim.scenario.ecs {
            if !cfg!(feature = "ecs") {
                return Err(vec![Problem {
                    path: "ecs".into(),
                    message: crate::scenario::WITHOUT_ECS.into(),
                }]);
            }
            let rt = crate::ecs::runtime::EcsRuntime::new(spec, seed).map_err(|message| {
                vec![Problem {
                    path: "ecs".into(),
                    message,
                }]
            })?;
            sim.ecs = Some(rt);
            sim.ecs_scaling_start();
            // The capacity provider's managed scaling policy joins the group's policies.
            if let Some(p) = crate::ecs::service_metrics::managed_scaling_policy(&sim.scenario) {
                sim.scenario.policies.push(p);
            }
            sim.push(SimTime::ZERO, Phase::Internal, Timer::Ecs(EcsTimer::Tick));
        }
        sim.build_alarms_and_policies();
        sim.build_schedules();
        for index in 0..sim.scenario.actions.len() {
            let at = SimTime(sim.scenario.actions[index].at_ms);
            sim.push(at, Phase::UserAction, Timer::UserAction { index });
        }
        sim.push(SimTime(MS_PER_MIN), Phase::Internal, Timer::Minute);
        sim.reconcile(Trigger::Create, 0);
        if let Some(k) = &sim.scenario.kubernetes {
            if !cfg!(feature = "kubernetes") {
                return Err(vec![Problem {
                    path: "kubernetes".into(),
                    message: "This build runs EC2 scenarios only: run EKS scenarios with the runner (scaleout run).".into(),
                }]);
            }
            let a = &sim.scenario.assumptions.kubernetes;
            let runtime = KubeRuntime::new(k, a, seed).map_err(|message| {
                vec![Problem {
                    path: "kubernetes".into(),
                    message,
                }]
            })?;
            sim.kube = Some(Box::new(runtime));
            sim.kube_step(|k, now, side| k.start(now, side));
        }
        for g in 1..sim.group_count() {
            sim.activate(g);
            sim.reconcile(Trigger::Create, 0);
        }
        sim.activate(0);
        Ok(sim)
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
        while let Some((at, timer)) = self.queue.pop_due(t) {
            self.now = at;
            self.work.events += 1;
            self.handle(timer);
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
        self.queue.next_at()
    }

    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// Applies a user action now and records it, so a saved scenario replays it.
    ///
    /// [MODEL] of the recorder: a `SetLoad` replaces a `SetLoad` recorded just before it in the
    /// same simulated minute. The load is read once a minute, for the minute that ends (the
    /// CloudWatch minute in `sim/cloudwatch.rs`), so only the last value set within a minute
    /// changes the run: replaying the shorter record gives the same trace, and a dragged slider
    /// records at most one action per simulated minute instead of one per input event.
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
        let mut s = self.initial.duplicate();
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

    fn push(&mut self, at: SimTime, phase: Phase, timer: Timer) {
        // Work a user action schedules for this very millisecond runs after every other user
        // action of the same millisecond, as it does live.
        let phase = if self.in_user_action && at == self.now {
            Phase::AfterUserActions
        } else {
            phase
        };
        self.queue.push(at, phase, timer);
    }

    /// The composition root's dispatch: each timer goes to the subsystem that owns it. Group
    /// work runs on its group ([`Sim::activate`]); the primary group is active again after.
    fn handle(&mut self, timer: Timer) {
        self.dispatch(timer);
        self.activate(0);
    }

    fn dispatch(&mut self, timer: Timer) {
        if let Some(g) = self.group_of_timer(timer) {
            self.activate(g);
        }
        match timer {
            Timer::Minute => {
                self.minute_tick();
                let next = self.now.plus_ms(MS_PER_MIN);
                self.push(next, Phase::Internal, Timer::Minute);
            }
            Timer::Capacity(CapacityTimer::LaunchRetry { .. }) => {
                self.launch_retry_pending = false;
                self.reconcile(Trigger::Replacement, self.sizes.desired);
            }
            Timer::Lifecycle(t) => match t {
                LifecycleTimer::BootComplete { instance } => self.boot_complete(instance),
                LifecycleTimer::HookCompleted {
                    instance,
                    hook,
                    generation,
                    result,
                    timeout,
                } => self.hook_completed(instance, hook, generation, result, timeout),
                LifecycleTimer::DrainComplete {
                    instance,
                    generation,
                } => self.drain_complete(instance, generation),
                LifecycleTimer::ShutdownComplete { instance } => self.shutdown_complete(instance),
            },
            Timer::ScheduledAction { index } => self.run_scheduled(index),
            Timer::Ecs(EcsTimer::Tick) => self.ecs_tick(),
            Timer::Ecs(EcsTimer::ScheduledAction { index }) => self.ecs_scheduled(index),
            Timer::UserAction { index } => {
                if let Some(a) = self.scenario.actions.get(index).cloned() {
                    self.execute(a.action);
                }
            }
            Timer::CodeDeploy(t) => match t {
                CodeDeployTimer::LifecycleEventDone {
                    deployment,
                    instance,
                    step,
                } => self.deploy_step(deployment, instance, step),
                CodeDeployTimer::ManualUpdate { instance, revision } => {
                    self.manual_update(instance, revision)
                }
                CodeDeployTimer::AmiBaked { revision } => self.ami_baked(revision),
                CodeDeployTimer::RefreshStep => self.refresh_step(),
                CodeDeployTimer::BlueGreenWaitOver { deployment } => {
                    self.blue_green_wait_over(deployment)
                }
                CodeDeployTimer::TerminateOriginals { deployment } => {
                    self.terminate_originals(deployment)
                }
            },
            Timer::Kubernetes(t) => self.kube_step(|k, now, side| k.on_timer(now, t, side)),
        }
        // EKS: nodes are the group's InService instances; any other event may change them.
        if self.kube.is_some() && !matches!(timer, Timer::Kubernetes(_)) {
            self.kube_step(|k, now, side| k.on_instances(now, side));
        }
    }

    // ----- EKS hook points ----------------------------------------------------------------

    /// The EKS runtime, if the scenario has a cluster.
    pub fn kubernetes(&self) -> Option<&KubeRuntime> {
        self.kube.as_deref()
    }

    /// Runs `f` on the EKS runtime with the EC2 side's state, then carries out its effects.
    fn kube_step(&mut self, f: impl FnOnce(&mut KubeRuntime, u64, &Ec2Side<'_>)) {
        // Without the feature no runtime is ever made, and none of its code is linked.
        if !cfg!(feature = "kubernetes") {
            return;
        }
        let Some(mut k) = self.kube.take() else {
            return;
        };
        let side = self.ec2_side();
        f(&mut k, self.now.ms(), &side);
        let fx = k.take_effects();
        self.kube = Some(k);
        self.kube_effects(fx);
    }

    /// A user action on the cluster (kubectl, a Git commit, an Argo CD sync).
    pub(super) fn kube_action(
        &mut self,
        f: impl FnOnce(&mut KubeRuntime, u64) -> Result<(), String>,
    ) {
        let runtime = self.kube.take().filter(|_| cfg!(feature = "kubernetes"));
        let Some(mut k) = runtime else {
            self.reject(
                "This scenario has no Kubernetes cluster (no `kubernetes` section).".into(),
            );
            return;
        };
        let result = f(&mut k, self.now.ms());
        let fx = k.take_effects();
        self.kube = Some(k);
        self.kube_effects(fx);
        if let Err(message) = result {
            self.reject(message);
        }
    }

    fn kube_effects(&mut self, fx: Effects) {
        for (at, t) in fx.timers {
            self.push(SimTime(at), Phase::Internal, Timer::Kubernetes(t));
        }
        for o in fx.outputs {
            self.outputs.push_back(Output::Kubernetes(o));
        }
        // The Cluster Autoscaler sets the node group's desired capacity (SetDesiredCapacity).
        if let Some(d) = fx.set_desired {
            let from = self.sizes.desired;
            if d != from && self.sizes.set_desired(d).is_ok() {
                self.reconcile(Trigger::SetDesired, from);
                self.kube_step(|k, now, side| k.on_instances(now, side));
            }
        }
        // Its scale-down terminates the nodes it drained, by id (A5.7).
        if !fx.terminate_nodes.is_empty() {
            for id in &fx.terminate_nodes {
                if let Err(message) = self.terminate_instance_decrementing(id) {
                    self.reject(message);
                }
            }
            self.kube_step(|k, now, side| k.on_instances(now, side));
        }
    }

    /// What the EKS runtime reads of the EC2 side: InService instances and their types, the
    /// group's sizes, the type a launch would use, the offered load.
    fn ec2_side(&self) -> Ec2Side<'_> {
        let types = &self.scenario.instance_types;
        let shape = |name: &str| {
            types
                .iter()
                .find(|t| t.name == name)
                .map_or((0, 0.0), |t| (t.vcpu, t.memory_gib))
        };
        let nodes = self
            .instances
            .iter()
            .filter(|i| i.state == LifecycleState::InService)
            .map(|i| {
                let (vcpu, memory_gib) = shape(&i.launch.instance_type);
                NodeSpec {
                    name: &i.id,
                    vcpu,
                    memory_gib,
                }
            })
            .collect();
        let template = launch::resolve(&self.scenario, &self.scenario.group.launch)
            .map_or((0, 0.0), |l| shape(&l.instance_type));
        Ec2Side {
            nodes,
            min_size: self.sizes.min,
            max_size: self.sizes.max,
            desired: self.sizes.desired,
            template,
            load_rps: self.current_load(),
        }
    }

    /// The group a timer's work belongs to (`None`: not one group's, or the primary's).
    fn group_of_timer(&self, timer: Timer) -> Option<usize> {
        match timer {
            Timer::Capacity(CapacityTimer::LaunchRetry { group }) => Some(group),
            Timer::Lifecycle(
                LifecycleTimer::BootComplete { instance }
                | LifecycleTimer::HookCompleted { instance, .. }
                | LifecycleTimer::DrainComplete { instance, .. }
                | LifecycleTimer::ShutdownComplete { instance },
            ) => Some(group_of(instance)),
            Timer::ScheduledAction { index } => self.schedule_group(index),
            _ => None,
        }
    }
}

/// A `SetLoad` value the simulator accepts: none (follow the pattern), or the load patterns'
/// bound (validate::MAX_RPS).
fn set_load_is_valid(rps: Option<f64>) -> bool {
    rps.is_none_or(|v| v.is_finite() && (0.0..=validate::MAX_RPS).contains(&v))
}
