//! What the ECS side of a run reports: typed outputs (drained with the simulator's
//! `Sim::poll_output` as `Output::Ecs`), the per-minute sample and the view a page draws.

use serde::{Deserialize, Serialize};

use super::circuit_breaker::RolloutState;
use super::runtime::{Controller, EcsRuntime};
use super::task::{
    counts_as_healthy, HealthRules, HealthStatus, StopCode, TaskHealthView, TaskStatus,
};
use super::tasks::{Task, Transition};
use crate::time::SimTime;

/// Something that happened on the ECS side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EcsOutput {
    /// A task's `lastStatus` changed (ECS's task state change event).
    TaskStateChanged {
        t: SimTime,
        task_id: String,
        /// `family:revision`.
        task_definition: String,
        /// The deployment (rolling) or task set (blue/green) the task belongs to.
        started_by: String,
        from: Option<TaskStatus>,
        to: TaskStatus,
        /// The container instance (EC2 id) it runs on; `None` on Fargate or before placement.
        container_instance: Option<String>,
        stop_code: Option<StopCode>,
        stopped_reason: Option<String>,
    },
    /// A service event, in AWS's wording ("(service web) has reached a steady state.").
    ServiceEvent {
        t: SimTime,
        service: String,
        message: String,
    },
    /// A deployment's rollout state changed (C2), or a deployment started.
    DeploymentChanged {
        t: SimTime,
        service: String,
        deployment_id: String,
        task_definition: String,
        rollout_state: RolloutState,
    },
    /// A blue/green deployment's lifecycle event (C3) changed status.
    CodeDeployEvent {
        t: SimTime,
        deployment_id: String,
        lifecycle_event: String,
        status: String,
    },
    /// Production traffic on the replacement task set changed (C3).
    TrafficShifted {
        t: SimTime,
        deployment_id: String,
        green_percent: u32,
    },
    /// An ECS action could not be applied (AWS's error text).
    ActionRejected { t: SimTime, message: String },
    /// C4: an Application Auto Scaling activity on the service's scalable target
    /// (`service/<cluster>/<service>`): "Setting desired count to 4." and its cause.
    ScalingActivity {
        t: SimTime,
        resource_id: String,
        description: String,
        cause: String,
    },
}

impl EcsOutput {
    pub fn time(&self) -> SimTime {
        match self {
            EcsOutput::TaskStateChanged { t, .. }
            | EcsOutput::ServiceEvent { t, .. }
            | EcsOutput::DeploymentChanged { t, .. }
            | EcsOutput::CodeDeployEvent { t, .. }
            | EcsOutput::TrafficShifted { t, .. }
            | EcsOutput::ActionRejected { t, .. }
            | EcsOutput::ScalingActivity { t, .. } => *t,
        }
    }
}

/// One minute of the ECS side, for charts and the runner's CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EcsSample {
    pub minute: u64,
    pub desired: u32,
    /// Tasks by state (PROVISIONING, PENDING, RUNNING).
    pub provisioning: u32,
    pub pending: u32,
    pub running: u32,
    /// RUNNING tasks that serve traffic (healthy).
    pub serving: u32,
    pub load_rps: f64,
    /// Requests the serving tasks could not take.
    pub dropped_rps: f64,
    /// ECSServiceAverageCPUUtilization / MemoryUtilization, percent.
    pub cpu_pct: f64,
    pub mem_pct: f64,
    /// CapacityProviderReservation (EC2 capacity only), percent.
    pub capacity_provider_reservation: Option<f64>,
    /// Container instances (InService instances of the group) on EC2 capacity.
    pub container_instances: u32,
    /// Percent of production traffic on a blue/green replacement task set.
    pub green_percent: u32,
}

/// One task, as a page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: String,
    pub task_definition: String,
    pub started_by: String,
    pub status: TaskStatus,
    pub container_instance: Option<String>,
    pub availability_zone: Option<String>,
    /// The container health check's status (UNKNOWN without one).
    pub health: HealthStatus,
    /// Counts toward `minimumHealthyPercent` now (C1's health rule).
    pub counts_as_healthy: bool,
    pub cpu_pct: f64,
    pub mem_pct: f64,
}

/// A deployment, as the console's Deployments tab lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentView {
    pub id: String,
    pub task_definition: String,
    /// PRIMARY or ACTIVE.
    pub status: String,
    pub rollout_state: RolloutState,
}

/// The ECS side at one moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcsView {
    pub cluster: String,
    pub service: String,
    pub desired: u32,
    pub tasks: Vec<TaskView>,
    pub deployments: Vec<DeploymentView>,
    pub green_percent: u32,
    pub last: EcsSample,
}

impl EcsSample {
    /// The runner's CSV columns for the ECS side (appended to the group's columns).
    pub const CSV_HEADER: &'static str = "ecs_desired,ecs_provisioning,ecs_pending,ecs_running,ecs_serving,ecs_load_rps,ecs_dropped_rps,ecs_cpu_pct,ecs_mem_pct,capacity_provider_reservation,container_instances,green_percent";

    pub fn csv_row(&self) -> String {
        format!(
            "{},{},{},{},{},{:.2},{:.2},{:.2},{:.2},{},{},{}",
            self.desired,
            self.provisioning,
            self.pending,
            self.running,
            self.serving,
            self.load_rps,
            self.dropped_rps,
            self.cpu_pct,
            self.mem_pct,
            self.capacity_provider_reservation
                .map_or(String::new(), |r| format!("{r:.2}")),
            self.container_instances,
            self.green_percent
        )
    }

    /// One line of the runner's text trace.
    pub fn text_row(&self) -> String {
        let cpr = self
            .capacity_provider_reservation
            .map_or(String::new(), |r| {
                format!(
                    " reservation={r:.1}% instances={}",
                    self.container_instances
                )
            });
        let green = if self.green_percent > 0 {
            format!(" green={}%", self.green_percent)
        } else {
            String::new()
        };
        format!(
            "  ECS desired={} provisioning={} pending={} running={} serving={} load={:.1} dropped={:.1} cpu={:.1}% mem={:.1}%{cpr}{green}",
            self.desired,
            self.provisioning,
            self.pending,
            self.running,
            self.serving,
            self.load_rps,
            self.dropped_rps,
            self.cpu_pct,
            self.mem_pct
        )
    }
}

impl EcsOutput {
    /// The line of a deployment's change or a rejected action (what the page shows as a
    /// moment); `None` for the other outputs. Apart from [`EcsOutput::text`] so the page links
    /// only these two lines' formatting.
    pub fn policy_text(&self) -> Option<String> {
        match self {
            EcsOutput::DeploymentChanged {
                deployment_id,
                task_definition,
                rollout_state,
                ..
            } => Some(format!(
                "ECS-DEPLOYMENT {deployment_id} {task_definition} rolloutState={}",
                rollout_state.as_str()
            )),
            EcsOutput::ActionRejected { message, .. } => Some(format!("REJECTED {message}")),
            _ => None,
        }
    }

    /// One line of the runner's text trace (without the timestamp).
    pub fn text(&self) -> String {
        match self {
            EcsOutput::TaskStateChanged {
                task_id,
                task_definition,
                from,
                to,
                container_instance,
                stopped_reason,
                ..
            } => {
                let from = from.map_or("-", |f| f.as_str());
                let on = container_instance
                    .as_deref()
                    .map_or(String::new(), |i| format!(" on {i}"));
                let why = stopped_reason
                    .as_deref()
                    .map_or(String::new(), |r| format!("\n    stoppedReason: {r}"));
                format!(
                    "TASK {task_id} {task_definition} {from} -> {}{on}{why}",
                    to.as_str()
                )
            }
            EcsOutput::ServiceEvent { message, .. } => format!("SERVICE-EVENT {message}"),
            EcsOutput::DeploymentChanged { .. } | EcsOutput::ActionRejected { .. } => {
                self.policy_text().unwrap_or_default()
            }
            EcsOutput::CodeDeployEvent {
                deployment_id,
                lifecycle_event,
                status,
                ..
            } => format!("CODEDEPLOY {deployment_id} {lifecycle_event} {status}"),
            EcsOutput::TrafficShifted {
                deployment_id,
                green_percent,
                ..
            } => format!(
                "TRAFFIC {deployment_id} replacement={green_percent}% original={}%",
                100 - green_percent.min(&100)
            ),
            EcsOutput::ScalingActivity {
                resource_id,
                description,
                cause,
                ..
            } => format!("SCALING-ACTIVITY [{resource_id}] {description}\n    Cause: {cause}"),
        }
    }
}

/// The runtime's reports: task state changes, rollout states, and the view.
impl EcsRuntime {
    pub(super) fn report_new(&mut self, now: SimTime, k: usize) {
        let t = &self.tasks[k];
        self.outputs.push(EcsOutput::TaskStateChanged {
            t: now,
            task_id: t.id.clone(),
            task_definition: t.task_definition.clone(),
            started_by: t.started_by.clone(),
            from: None,
            to: t.status,
            container_instance: None,
            stop_code: None,
            stopped_reason: None,
        });
    }

    pub(super) fn report_transition(&mut self, now: SimTime, k: usize, tr: Transition) {
        let t = &self.tasks[k];
        let stopping = tr.to >= TaskStatus::DEACTIVATING;
        self.outputs.push(EcsOutput::TaskStateChanged {
            t: now,
            task_id: t.id.clone(),
            task_definition: t.task_definition.clone(),
            started_by: t.started_by.clone(),
            from: Some(tr.from),
            to: tr.to,
            container_instance: t.container_instance.clone(),
            stop_code: t.stop.as_ref().filter(|_| stopping).map(|r| r.stop_code()),
            stopped_reason: t.stop.as_ref().filter(|_| stopping).map(|r| r.text()),
        });
    }

    pub(super) fn report_rollout(&mut self, now: SimTime) {
        let (id, td, state) = match &self.controller {
            Controller::Rolling(s) => (
                s.rollout.primary.id.clone(),
                s.rollout.primary.task_definition.clone(),
                s.rollout.primary.rollout_state,
            ),
            Controller::BlueGreen(b) => match b.primary_deployment() {
                Some(x) => x,
                None => return,
            },
        };
        let changed = self
            .last_rollout
            .as_ref()
            .is_none_or(|(i, s)| *i != id || *s != state);
        if changed {
            self.last_rollout = Some((id.clone(), state));
            self.outputs.push(EcsOutput::DeploymentChanged {
                t: now,
                service: self.service.clone(),
                deployment_id: id,
                task_definition: td,
                rollout_state: state,
            });
        }
    }

    /// The ECS side at `now`, for a page.
    pub fn view(&self, now: SimTime) -> EcsView {
        let tasks = self
            .tasks
            .iter()
            .map(|t| TaskView {
                counts_as_healthy: self.counts_as_healthy(t, now.ms()),
                id: t.id.clone(),
                task_definition: t.task_definition.clone(),
                started_by: t.started_by.clone(),
                status: t.status,
                container_instance: t.container_instance.clone(),
                availability_zone: t.availability_zone.clone(),
                health: t.container_health,
                cpu_pct: t.cpu_pct,
                mem_pct: t.mem_pct,
            })
            .collect();
        let deployments = match &self.controller {
            Controller::Rolling(s) => {
                let mut v = vec![DeploymentView {
                    id: s.rollout.primary.id.clone(),
                    task_definition: s.rollout.primary.task_definition.clone(),
                    status: "PRIMARY".into(),
                    rollout_state: s.rollout.primary.rollout_state,
                }];
                let mut active: Vec<(String, String)> = s
                    .tasks
                    .iter()
                    .filter(|t| t.deployment_id != s.rollout.primary.id)
                    .map(|t| (t.deployment_id.clone(), t.task_definition.clone()))
                    .collect();
                crate::sort::sort(&mut active);
                active.dedup();
                v.extend(active.into_iter().map(|(id, td)| DeploymentView {
                    id,
                    task_definition: td,
                    status: "ACTIVE".into(),
                    rollout_state: RolloutState::COMPLETED,
                }));
                v
            }
            Controller::BlueGreen(b) => b.deployment_views(),
        };
        EcsView {
            cluster: self.cluster.clone(),
            service: self.service.clone(),
            desired: self.desired(),
            tasks,
            deployments,
            green_percent: self.green_percent(),
            last: self.samples.last().copied().unwrap_or_default(),
        }
    }

    /// C1's health rule for one task ([`super::task::counts_as_healthy`]).
    pub fn counts_as_healthy(&self, t: &Task, now_ms: u64) -> bool {
        let view = TaskHealthView {
            status: t.status,
            running_since_ms: t.running_since_ms,
            has_container_health_check: t.has_health_check,
            container_health: t.container_health,
            target_healthy: t.target_healthy,
        };
        counts_as_healthy(&view, HealthRules::default(), now_ms)
    }
}
