//! The ECS runtime: drives the rule modules over time for one service. The simulator (`Sim`)
//! owns one [`EcsRuntime`], calls [`EcsRuntime::tick`] on the ECS scheduler's own cadence and
//! [`EcsRuntime::minute`] from CloudWatch's minute, and shows it the EC2 side only through
//! [`Host`]: the group's InService instances with their sizes.
//!
//! Who decides what:
//! - a task's way through `lastStatus` and its health checks: [`super::tasks`];
//! - which tasks to start and stop: the rolling scheduler and circuit breaker
//!   ([`super::service::RollingService`], C1, C2) or the blue/green controller
//!   ([`super::code_deploy::BlueGreenService`], C3);
//! - where a task runs: [`super::placement::place`] on the instances' free CPU and memory;
//! - load, utilization, CloudWatch metrics and `CapacityProviderReservation`:
//!   [`super::service_metrics`].

use super::capacity::Resources;
use super::circuit_breaker::{CircuitBreakerConfig, Outcome, RolloutState};
use super::code_deploy::BlueGreenService;
use super::output::{EcsOutput, EcsSample};
use super::placement::{self, Strategy};
use super::rolling::DeploymentConfiguration;
use super::service::RollingService;
use super::task::{HealthRules, HealthStatus, StopReason, TaskStatus};
use super::task_definition::Registry;
use super::tasks::{Task, Transition};
use crate::rng::{Rng, Stream};
use crate::scenario::{
    DeploymentController, EcsAssumptions, EcsCapacity, EcsSpec, ImageBehaviour, TaskDefinitionSpec,
};
use crate::time::{SimTime, MS_PER_S};

/// A container instance as the ECS side sees the EC2 side: an InService, running instance of
/// the group, with the CPU units and memory its type offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerInstance {
    pub id: String,
    pub availability_zone: String,
    pub resources: Resources,
}

/// The narrow view of the EC2 side: the container instances, and the size of an instance the
/// group would launch now (for `CapacityProviderReservation`'s M).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Host {
    pub instances: Vec<ContainerInstance>,
    pub launch_size: Option<Resources>,
}

/// Which controller schedules the service's tasks.
#[derive(Clone, Debug)]
pub(super) enum Controller {
    Rolling(RollingService),
    BlueGreen(BlueGreenService),
}

/// What a controller decided in one pass: tasks to create (id, revision, started by), tasks to
/// stop, and service events.
#[derive(Default)]
pub(super) struct Decisions {
    pub(super) start: Vec<(String, String, String)>,
    pub(super) stop: Vec<(String, StopReason)>,
    pub(super) events: Vec<String>,
}

pub struct EcsRuntime {
    pub(super) cluster: String,
    pub(super) service: String,
    pub(super) assumptions: EcsAssumptions,
    pub(super) target_group: Option<String>,
    pub(super) fargate: bool,
    managed_scaling: bool,
    pub(super) strategies: Vec<Strategy>,
    pub(super) registry: Registry,
    /// Each revision's image behaviour, by `family:revision`.
    behaviours: Vec<(String, ImageBehaviour)>,
    pub(super) controller: Controller,
    pub(super) tasks: Vec<Task>,
    pub(super) outputs: Vec<EcsOutput>,
    rng: Rng,
    /// Last reported (deployment id, rollout state), to report changes.
    pub(super) last_rollout: Option<(String, RolloutState)>,
    pub(super) samples: Vec<EcsSample>,
    /// Work done: tasks visited by passes (counted into the simulator's work).
    pub visits: u64,
    /// The last view of the EC2 side, and its signature (the simulator rebuilds it only when
    /// the signature changes).
    pub(super) host: Host,
    host_signature: Option<u64>,
    host_changed: bool,
    /// Bumped whenever a task is placed on an instance or leaves one.
    occupancy_version: u64,
    /// (occupancy version, host signature) when the EC2 side last got its termination
    /// protection.
    protection_applied: Option<(u64, u64)>,
    /// When the "unable to place" event was last reported (rate limit).
    unplaceable_at: Option<u64>,
    /// (occupancy key, container instances with tasks) of the last count.
    pub(super) non_empty_cache: Option<((u64, u64), u32)>,
    /// Nothing can happen until something from outside changes (an action, the instances):
    /// the service is settled and no task is between states or waiting for a health verdict.
    quiet: bool,
    /// C4: the service as a scalable target, when it has auto scaling.
    pub scaling: Option<super::service_autoscaling::ServiceScaling>,
}

/// The rule layer's deployment configuration of the scenario's service.
fn deployment_configuration(spec: &EcsSpec) -> DeploymentConfiguration {
    let d = &spec.service.deployment_configuration;
    DeploymentConfiguration {
        minimum_healthy_percent: d.minimum_healthy_percent,
        maximum_percent: d.maximum_percent,
    }
}

impl EcsRuntime {
    /// Registers the scenario's task definitions and creates the service (its first
    /// deployment starts at once). Errors are validation's job; this refuses what it can't run.
    pub fn new(spec: &EcsSpec, seed: u64) -> Result<EcsRuntime, String> {
        let mut registry = Registry::default();
        let mut behaviours = Vec::new();
        for td in &spec.task_definitions {
            let name = registry.register(&td.family, td.rule_spec())?;
            behaviours.push((name, td.behaviour));
        }
        let svc = &spec.service;
        if registry.get(&svc.task_definition).is_none() {
            return Err(td_not_found(&svc.task_definition));
        }
        let controller = match svc.deployment_controller {
            DeploymentController::ECS => {
                let cb = &svc.deployment_configuration.circuit_breaker;
                let breaker = CircuitBreakerConfig {
                    enable: cb.enable,
                    rollback: cb.rollback,
                    ..CircuitBreakerConfig::default()
                };
                let mut s = RollingService::new(
                    &svc.name,
                    &svc.task_definition,
                    svc.desired_count,
                    deployment_configuration(spec),
                    breaker,
                );
                s.has_load_balancer = svc.target_group.is_some();
                Controller::Rolling(s)
            }
            DeploymentController::CODE_DEPLOY => Controller::BlueGreen(BlueGreenService::new(
                &svc.name,
                &svc.task_definition,
                svc.desired_count,
                &svc.code_deploy,
            )?),
        };
        let strategies: Vec<Strategy> = if spec.placement_strategy.is_empty() {
            placement::DEFAULT_SERVICE_STRATEGY.to_vec()
        } else {
            spec.placement_strategy.iter().map(|s| s.rule()).collect()
        };
        let mut rt = EcsRuntime {
            cluster: spec.cluster.clone(),
            service: svc.name.clone(),
            assumptions: spec.assumptions.clone(),
            target_group: svc.target_group.clone(),
            fargate: matches!(spec.capacity, EcsCapacity::FARGATE),
            managed_scaling: matches!(
                spec.capacity,
                EcsCapacity::CapacityProvider {
                    managed_scaling: Some(_),
                    ..
                }
            ),
            strategies,
            registry,
            behaviours,
            controller,
            tasks: Vec::new(),
            outputs: Vec::new(),
            rng: Rng::new(seed, Stream::Ecs),
            last_rollout: None,
            samples: Vec::new(),
            visits: 0,
            host: Host::default(),
            host_signature: None,
            host_changed: false,
            occupancy_version: 0,
            protection_applied: None,
            unplaceable_at: None,
            quiet: false,
            non_empty_cache: None,
            scaling: svc.auto_scaling.as_ref().map(|a| {
                super::service_autoscaling::ServiceScaling::new(&spec.cluster, &svc.name, a)
            }),
        };
        rt.sync_health_flags();
        Ok(rt)
    }

    /// The scheduler's cadence, ms.
    pub fn interval_ms(&self) -> u64 {
        u64::from(self.assumptions.scheduler_interval_s.max(1)) * MS_PER_S
    }

    /// Outputs since the last call, in order.
    pub fn drain_outputs(&mut self) -> std::vec::Drain<'_, EcsOutput> {
        self.outputs.drain(..)
    }

    pub fn samples(&self) -> &[EcsSample] {
        &self.samples
    }

    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    pub fn desired(&self) -> u32 {
        match &self.controller {
            Controller::Rolling(s) => s.desired,
            Controller::BlueGreen(b) => b.desired,
        }
    }

    /// The primary deployment's rollout state (rolling) or whether a blue/green deployment
    /// is in progress (`IN_PROGRESS`).
    pub fn rollout_state(&self) -> RolloutState {
        match &self.controller {
            Controller::Rolling(s) => s.rollout.primary.rollout_state,
            Controller::BlueGreen(b) => b.rollout_state(),
        }
    }

    /// The signature of the EC2 view the runtime holds (`None` before the first).
    pub fn host_signature(&self) -> Option<u64> {
        self.host_signature
    }

    /// A new view of the EC2 side (the simulator calls this when its signature changed).
    pub fn set_host(&mut self, signature: u64, host: Host) {
        self.host_signature = Some(signature);
        self.host = host;
        self.host_changed = true;
    }

    /// Changes whenever a task is placed on or leaves an instance, or the instances change.
    pub(super) fn occupancy_key(&self) -> (u64, u64) {
        (self.occupancy_version, self.host_signature.unwrap_or(0))
    }

    /// Whether the EC2 side's termination protection is out of date; marks it applied.
    pub fn protection_due(&mut self) -> bool {
        let now = self.occupancy_key();
        if self.protection_applied == Some(now) {
            return false;
        }
        self.protection_applied = Some(now);
        true
    }

    /// The container instances that run at least one task (not yet STOPPED), sorted, each once
    /// (look one up with `binary_search`). A sorted `Vec` rather than a collected `BTreeSet`,
    /// which would compile another copy of the standard library's sort into the page.
    pub fn occupied_instances(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .tasks
            .iter()
            .filter(|t| t.status < TaskStatus::STOPPED)
            .filter_map(|t| t.container_instance.as_deref())
            .collect();
        crate::sort::sort(&mut ids);
        ids.dedup();
        ids
    }

    /// A capacity provider with managed scaling also manages termination protection.
    pub fn managed_termination_protection(&self) -> bool {
        self.managed_scaling
    }

    // ----- actions ----------------------------------------------------------------------

    /// RegisterTaskDefinition: the family's next revision.
    pub fn register(&mut self, now: SimTime, def: &TaskDefinitionSpec) {
        self.quiet = false;
        match self.registry.register(&def.family, def.rule_spec()) {
            Ok(name) => self.behaviours.push((name, def.behaviour)),
            Err(message) => self
                .outputs
                .push(EcsOutput::ActionRejected { t: now, message }),
        }
    }

    /// UpdateService: a new revision starts a deployment; a new desired count resizes.
    pub fn update_service(
        &mut self,
        now: SimTime,
        task_definition: Option<&str>,
        desired: Option<u32>,
    ) {
        self.quiet = false;
        if let Some(td) = task_definition {
            let Some(name) = self.registry.get(td).map(|t| t.name()) else {
                self.outputs.push(EcsOutput::ActionRejected {
                    t: now,
                    message: td_not_found(td),
                });
                return;
            };
            match &mut self.controller {
                Controller::Rolling(s) => s.update(&name),
                Controller::BlueGreen(b) => {
                    if let Err(message) = b.deploy(&name, now.ms()) {
                        self.outputs
                            .push(EcsOutput::ActionRejected { t: now, message });
                    }
                }
            }
        }
        if let Some(n) = desired {
            match &mut self.controller {
                Controller::Rolling(s) => s.desired = n,
                Controller::BlueGreen(b) => b.set_desired(n, now.ms()),
            }
        }
        self.sync_health_flags();
        self.report_rollout(now);
    }

    // ----- the scheduler's tick -----------------------------------------------------------

    /// One pass of the ECS agent and scheduler at `now`: tasks on instances that are gone
    /// stop, tasks move through their states, the controller starts and stops tasks, and
    /// waiting tasks are placed.
    pub fn tick(&mut self, now: SimTime) {
        if self.quiet && !self.host_changed {
            return;
        }
        self.visits = self.visits.saturating_add(self.tasks.len() as u64);
        let host = std::mem::take(&mut self.host);
        if std::mem::take(&mut self.host_changed) {
            self.drop_tasks_of_lost_instances(now, &host);
        }
        self.advance_tasks(now);
        let d = self.controller_step(now);
        self.apply_decisions(now, d);
        self.place(now, &host);
        self.host = host;
        let before = self.tasks.len();
        self.tasks.retain(|t| t.status != TaskStatus::STOPPED);
        if self.tasks.len() != before {
            self.occupancy_version += 1;
        }
        self.report_rollout(now);
        self.quiet = self.is_quiet();
    }

    /// See [`EcsRuntime::quiet`]: settled, and every task RUNNING with its verdict given.
    fn is_quiet(&self) -> bool {
        let settled = match &self.controller {
            Controller::Rolling(s) => s.settled(),
            Controller::BlueGreen(b) => b.settled(),
        };
        settled
            && self
                .tasks
                .iter()
                .all(|t| t.status == TaskStatus::RUNNING && t.verdict_ms.is_none())
    }

    fn drop_tasks_of_lost_instances(&mut self, now: SimTime, host: &Host) {
        if self.fargate {
            return;
        }
        let mut present: Vec<&str> = host.instances.iter().map(|i| i.id.as_str()).collect();
        crate::sort::sort(&mut present);
        let lost: Vec<usize> = self
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                t.status < TaskStatus::STOPPED
                    && t.container_instance
                        .as_ref()
                        .is_some_and(|id| present.binary_search(&id.as_str()).is_err())
            })
            .map(|(k, _)| k)
            .collect();
        for k in lost {
            let instance_id = self.tasks[k].container_instance.clone().unwrap_or_default();
            let reason = StopReason::HostTerminated { instance_id };
            self.tasks[k].stop = Some(reason.clone());
            self.tasks[k].target_healthy = self.tasks[k].target_healthy.map(|_| false);
            let from = self.tasks[k].status;
            // The host is gone: the task is gone with it.
            self.tasks[k].status = TaskStatus::STOPPED;
            self.report_transition(
                now,
                k,
                Transition {
                    from,
                    to: TaskStatus::STOPPED,
                },
            );
            let id = self.tasks[k].id.clone();
            self.controller_task_stopped(now, &id, &reason);
        }
    }

    fn advance_tasks(&mut self, now: SimTime) {
        let a = self.assumptions.clone();
        let now_ms = now.ms();
        for k in 0..self.tasks.len() {
            let t = &mut self.tasks[k];
            match t.status {
                TaskStatus::PROVISIONING if self.fargate && now_ms >= t.next_ms => {
                    let pull = self.pull_ms(&a);
                    let t = &mut self.tasks[k];
                    t.next_ms = now_ms + pull;
                    if let Some(tr) = t.set_status(TaskStatus::PENDING) {
                        self.report_transition(now, k, tr);
                    }
                }
                TaskStatus::PENDING if now_ms >= t.next_ms => {
                    if t.behaviour == ImageBehaviour::FailsToStart {
                        let reason = StopReason::CannotPullContainer {
                            image: self.image_of(&self.tasks[k].task_definition),
                        };
                        self.fail_task(now, k, reason);
                    } else {
                        t.running_since_ms = Some(now_ms);
                        t.schedule_verdict(now_ms, &a);
                        if let Some(tr) = t.set_status(TaskStatus::RUNNING) {
                            self.report_transition(now, k, tr);
                        }
                        let id = self.tasks[k].id.clone();
                        if let Controller::Rolling(s) = &mut self.controller {
                            s.task_running(&id, now_ms);
                        }
                    }
                }
                TaskStatus::RUNNING if t.verdict_ms.is_some_and(|v| now_ms >= v) => {
                    t.verdict_ms = None;
                    if t.behaviour == ImageBehaviour::FailsHealthChecks {
                        let reason = t.failure_reason(
                            self.target_group.as_deref().unwrap_or(""),
                            self.assumptions.target_unhealthy_s,
                        );
                        if t.has_health_check {
                            t.container_health = HealthStatus::UNHEALTHY;
                        }
                        self.fail_task(now, k, reason);
                    } else {
                        if t.has_health_check {
                            t.container_health = HealthStatus::HEALTHY;
                        }
                        if t.target_healthy.is_some() {
                            t.target_healthy = Some(true);
                        }
                        let (id, c, tg) = (t.id.clone(), t.container_health, t.target_healthy);
                        if let Controller::Rolling(s) = &mut self.controller {
                            s.task_health(&id, c, tg);
                        }
                    }
                }
                TaskStatus::DEACTIVATING if now_ms >= t.next_ms => {
                    t.next_ms = now_ms + u64::from(a.stop_s) * MS_PER_S;
                    if let Some(tr) = t.set_status(TaskStatus::STOPPING) {
                        self.report_transition(now, k, tr);
                    }
                }
                TaskStatus::STOPPING if now_ms >= t.next_ms => {
                    if let Some(tr) = t.set_status(TaskStatus::STOPPED) {
                        self.report_transition(now, k, tr);
                    }
                }
                _ => {}
            }
        }
    }

    /// A task failed (never started, or failed its health checks): it stops, and the
    /// controller hears of it (the circuit breaker counts it, C2).
    fn fail_task(&mut self, now: SimTime, k: usize, reason: StopReason) {
        let a = &self.assumptions;
        let t = &mut self.tasks[k];
        // A task that never ran stops at once (nothing to drain or signal).
        let never_ran = t.running_since_ms.is_none();
        if let Some(tr) = t.begin_stop(reason.clone(), now.ms(), a) {
            if never_ran {
                t.next_ms = now.ms();
            }
            self.report_transition(now, k, tr);
        }
        let id = self.tasks[k].id.clone();
        self.controller_task_stopped(now, &id, &reason);
    }

    fn controller_task_stopped(&mut self, now: SimTime, id: &str, reason: &StopReason) {
        match &mut self.controller {
            Controller::Rolling(s) => {
                let failing = (
                    s.rollout.primary.id.clone(),
                    s.rollout.primary.task_definition.clone(),
                );
                let outcome = s.task_stopped(id, reason);
                if matches!(outcome, Outcome::Failed | Outcome::RollBack { .. }) {
                    // C2: the failed deployment's rolloutState, before any rollback starts.
                    self.last_rollout = Some((failing.0.clone(), RolloutState::FAILED));
                    self.outputs.push(EcsOutput::DeploymentChanged {
                        t: now,
                        service: self.service.clone(),
                        deployment_id: failing.0,
                        task_definition: failing.1,
                        rollout_state: RolloutState::FAILED,
                    });
                }
            }
            Controller::BlueGreen(b) => b.task_stopped(id, reason, now.ms()),
        }
        self.sync_health_flags();
        self.report_rollout(now);
    }

    fn controller_step(&mut self, now: SimTime) -> Decisions {
        let now_ms = now.ms();
        match &mut self.controller {
            Controller::Rolling(s) => {
                let r = s.step(now_ms, HealthRules::default());
                let td = s.rollout.primary.task_definition.clone();
                let by = s.rollout.primary.id.clone();
                Decisions {
                    start: r
                        .started
                        .into_iter()
                        .map(|id| (id, td.clone(), by.clone()))
                        .collect(),
                    stop: r.stopped,
                    events: r.events,
                }
            }
            Controller::BlueGreen(b) => {
                let (d, cd) = b.step(now_ms, &self.tasks);
                for (event, status) in cd.lifecycle {
                    self.outputs.push(EcsOutput::CodeDeployEvent {
                        t: now,
                        deployment_id: cd.deployment_id.clone(),
                        lifecycle_event: event,
                        status,
                    });
                }
                if let Some(p) = cd.green_percent {
                    self.outputs.push(EcsOutput::TrafficShifted {
                        t: now,
                        deployment_id: cd.deployment_id.clone(),
                        green_percent: p,
                    });
                }
                d
            }
        }
    }

    fn apply_decisions(&mut self, now: SimTime, d: Decisions) {
        for e in d.events {
            self.outputs.push(EcsOutput::ServiceEvent {
                t: now,
                service: self.service.clone(),
                message: e,
            });
        }
        for (id, reason) in d.stop {
            if let Some(k) = self.tasks.iter().position(|t| t.id == id) {
                if let Some(tr) = self.tasks[k].begin_stop(reason, now.ms(), &self.assumptions) {
                    self.report_transition(now, k, tr);
                }
            }
        }
        for (id, td, by) in d.start {
            self.create_task(now, id, td, by);
        }
    }

    fn create_task(&mut self, now: SimTime, id: String, td: String, started_by: String) {
        let Some(def) = self.registry.get(&td) else {
            return;
        };
        let spec = &def.spec;
        let behaviour = self
            .behaviours
            .iter()
            .find(|(n, _)| *n == td)
            .map_or(ImageBehaviour::Healthy, |(_, b)| *b);
        let provisioning = if self.fargate {
            u64::from(self.assumptions.fargate_provisioning_s) * MS_PER_S
        } else {
            0
        };
        let task = Task {
            id,
            task_definition: td,
            started_by,
            status: TaskStatus::PROVISIONING,
            container_instance: None,
            availability_zone: None,
            cpu_units: spec.cpu_units,
            memory_mib: spec.memory_mib,
            next_ms: now.ms() + provisioning,
            running_since_ms: None,
            verdict_ms: None,
            container_health: HealthStatus::UNKNOWN,
            target_healthy: self.target_group.as_ref().map(|_| false),
            behaviour,
            has_health_check: spec.health_check.is_some(),
            check_times: spec
                .health_check
                .map(|h| (h.first_healthy_after_ms(), h.unhealthy_after_ms())),
            stop: None,
            cpu_pct: 0.0,
            mem_pct: 0.0,
        };
        self.tasks.push(task);
        let k = self.tasks.len() - 1;
        self.report_new(now, k);
    }

    /// Places PROVISIONING tasks on container instances with room (EC2 capacity); a task that
    /// fits nowhere waits in PROVISIONING (and counts in `CapacityProviderReservation`).
    fn place(&mut self, now: SimTime, host: &Host) {
        if self.fargate
            || !self
                .tasks
                .iter()
                .any(|t| t.status == TaskStatus::PROVISIONING)
        {
            return;
        }
        let mut instances: Vec<placement::Instance> = host
            .instances
            .iter()
            .map(|i| placement::Instance {
                id: i.id.clone(),
                availability_zone: i.availability_zone.clone(),
                remaining_cpu_units: i.resources.cpu_units,
                remaining_memory_mib: i.resources.memory_mib,
                service_tasks: 0,
            })
            .collect();
        self.visits = self
            .visits
            .saturating_add(instances.len() as u64 + self.tasks.len() as u64);
        for t in self.tasks.iter().filter(|t| t.status < TaskStatus::STOPPED) {
            if let Some(i) = t
                .container_instance
                .as_ref()
                .and_then(|id| instances.iter_mut().find(|i| &i.id == id))
            {
                i.remaining_cpu_units = i.remaining_cpu_units.saturating_sub(t.cpu_units);
                i.remaining_memory_mib = i.remaining_memory_mib.saturating_sub(t.memory_mib);
                i.service_tasks += 1;
            }
        }
        let a = self.assumptions.clone();
        for k in 0..self.tasks.len() {
            if self.tasks[k].status != TaskStatus::PROVISIONING {
                continue;
            }
            let (cpu, mem) = (self.tasks[k].cpu_units, self.tasks[k].memory_mib);
            match placement::place(&self.service, &instances, cpu, mem, &self.strategies) {
                Ok(id) => {
                    let pull = self.pull_ms(&a);
                    let Some(i) = instances.iter_mut().find(|i| i.id == id) else {
                        continue;
                    };
                    i.remaining_cpu_units -= cpu;
                    i.remaining_memory_mib -= mem;
                    i.service_tasks += 1;
                    let t = &mut self.tasks[k];
                    t.container_instance = Some(id);
                    t.availability_zone = Some(i.availability_zone.clone());
                    t.next_ms = now.ms() + pull;
                    if let Some(tr) = t.set_status(TaskStatus::PENDING) {
                        self.report_transition(now, k, tr);
                    }
                    self.occupancy_version += 1;
                }
                Err(message) => {
                    // [MODEL] ECS repeats this event while tasks wait, at most every 5 minutes.
                    let due = self
                        .unplaceable_at
                        .is_none_or(|at| now.ms() >= at + 5 * super::MS_PER_MIN);
                    if due {
                        self.unplaceable_at = Some(now.ms());
                        self.outputs.push(EcsOutput::ServiceEvent {
                            t: now,
                            service: self.service.clone(),
                            message,
                        });
                    }
                    break;
                }
            }
        }
    }

    fn pull_ms(&mut self, a: &EcsAssumptions) -> u64 {
        let jitter = u64::from(a.pull_jitter_s) * MS_PER_S;
        let j = if jitter > 0 {
            self.rng.below(jitter + 1)
        } else {
            0
        };
        u64::from(a.pull_s) * MS_PER_S + j
    }

    fn image_of(&self, td: &str) -> String {
        self.registry
            .get(td)
            .map_or_else(String::new, |t| t.spec.image.clone())
    }

    /// The rolling service's health rule follows its PRIMARY revision's container check.
    fn sync_health_flags(&mut self) {
        if let Controller::Rolling(s) = &mut self.controller {
            let td = &s.rollout.primary.task_definition;
            s.has_health_check = self
                .registry
                .get(td)
                .is_some_and(|t| t.spec.health_check.is_some());
        }
    }

    pub fn green_percent(&self) -> u32 {
        match &self.controller {
            Controller::Rolling(_) => 0,
            Controller::BlueGreen(b) => b.green_percent(),
        }
    }
}

/// ECS's answer to an unknown task definition (ClientException).
pub fn td_not_found(name: &str) -> String {
    format!("TaskDefinition not found: {name}.")
}
