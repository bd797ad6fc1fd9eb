//! The optional `ecs` section of a scenario: an Amazon ECS cluster with one service beside (or
//! on) the scenario's Auto Scaling group. Absent, the scenario is an EC2 scenario as before.
//!
//! Field names follow the scenario's snake_case; enum values use AWS's strings (`ECS`,
//! `CODE_DEPLOY`, `FARGATE`). The rules these fields feed live in `crate::ecs` (C1 to C4, G7);
//! `docs/ecs.md` documents every field and assumption.

use serde::{Deserialize, Serialize};

use super::{AdjustmentType, MetricAggregationType, MetricName, StepAdjustment};
use crate::policy::target_tracking::TargetTrackingAlarmModel;

/// Why a build without the ECS runtime refuses to run an ECS scenario.
pub const WITHOUT_ECS: &str =
    "This build runs EC2 scenarios only: run ECS scenarios with the runner (scaleout run) or the page's platforms bundle.";

/// An ECS cluster with one service. Every build reads and writes it (the page's EC2 bundle
/// passes an ECS scenario on to its platforms bundle); without the core's `ecs` feature the
/// simulator refuses to run it with [`WITHOUT_ECS`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsSpec {
    pub cluster: String,
    /// Task definition revisions registered before the run starts, in order: the n-th
    /// registration of a family is revision n (`family:n`).
    pub task_definitions: Vec<TaskDefinitionSpec>,
    pub service: EcsServiceSpec,
    pub capacity: EcsCapacity,
    /// Applied in order (ECS-DG task-placement-strategies). Empty = AZ spread, the default
    /// for services on EC2 capacity. Ignored on Fargate.
    pub placement_strategy: Vec<PlacementStrategy>,
    pub assumptions: EcsAssumptions,
}

/// One task definition revision: what the simulator needs of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskDefinitionSpec {
    pub family: String,
    /// Container image with tag, e.g. `web:1.4.2`.
    pub image: String,
    /// Task CPU units (1024 = 1 vCPU), reserved on the container instance.
    pub cpu_units: u32,
    /// Task memory in MiB, reserved on the container instance.
    pub memory_mib: u32,
    /// The essential container's `healthCheck`, if any.
    pub health_check: Option<ContainerHealthCheck>,
    /// What the image does when it runs (the simulator's stand-in for the code).
    pub behaviour: ImageBehaviour,
}

/// ECS-API:HealthCheck, with AWS's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContainerHealthCheck {
    pub interval_s: u32,
    pub timeout_s: u32,
    pub retries: u32,
    pub start_period_s: u32,
}

/// How an image behaves once a task runs it.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageBehaviour {
    /// Starts and answers health checks.
    Healthy,
    /// The image can't be pulled: the task never reaches RUNNING (CannotPullContainerError).
    FailsToStart,
    /// The task reaches RUNNING, then fails its health checks (the container health check if
    /// defined, else the target group's, else the essential container exits).
    FailsHealthChecks,
}

/// `deploymentController.type`.
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeploymentController {
    /// Rolling update (C1, C2).
    ECS,
    /// Blue/green through CodeDeploy (C3).
    CODE_DEPLOY,
}

/// The service (ECS-API:CreateService).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsServiceSpec {
    pub name: String,
    /// `family:revision` of one of `task_definitions`.
    pub task_definition: String,
    pub desired_count: u32,
    pub deployment_controller: DeploymentController,
    pub deployment_configuration: EcsDeploymentConfiguration,
    /// A target group behind an Application Load Balancer; tasks register with it and count
    /// as healthy when its health check passes (C1).
    pub target_group: Option<String>,
    /// The CodeDeploy side of a `CODE_DEPLOY` service (C3).
    pub code_deploy: EcsCodeDeploySpec,
    /// C4: Application Auto Scaling on the service's desired count (`None`: the desired count
    /// changes only by `UpdateService`).
    pub auto_scaling: Option<ServiceAutoScaling>,
}

/// C4: the service registered as a scalable target (`ecs:service:DesiredCount`) with its
/// policies and scheduled actions (AAS-API RegisterScalableTarget, PutScalingPolicy,
/// PutScheduledAction).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceAutoScaling {
    /// `MinCapacity` and `MaxCapacity` of the scalable target.
    pub min_capacity: u32,
    pub max_capacity: u32,
    pub policies: Vec<ServiceScalingPolicy>,
    pub scheduled_actions: Vec<ServiceScheduledAction>,
    /// `SuspendedState`: `DynamicScalingInSuspended`, `DynamicScalingOutSuspended`,
    /// `ScheduledScalingSuspended`.
    pub dynamic_scaling_in_suspended: bool,
    pub dynamic_scaling_out_suspended: bool,
    pub scheduled_scaling_suspended: bool,
}

/// C4: a scaling policy on the service. A user alarm invokes a step policy by naming it in
/// its `alarm_actions`; a target-tracking policy creates its own alarm pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceScalingPolicy {
    pub name: String,
    pub kind: ServicePolicyKind,
}

/// C4: the two dynamic policy types Application Auto Scaling has for a service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ServicePolicyKind {
    /// `TargetTrackingScalingPolicyConfiguration`: `metric` is one of the service's predefined
    /// metrics (`ECSServiceAverageCPUUtilization`, `ECSServiceAverageMemoryUtilization`,
    /// `ECSServiceRequestCountPerTarget` for `ALBRequestCountPerTarget`). The cooldowns
    /// default to 300 s.
    TargetTrackingScaling {
        metric: MetricName,
        target_value: f64,
        disable_scale_in: bool,
        scale_out_cooldown_s: Option<u32>,
        scale_in_cooldown_s: Option<u32>,
    },
    /// `StepScalingPolicyConfiguration` (A3.3's steps); `cooldown_s` defaults to 300 s.
    StepScaling {
        adjustment_type: AdjustmentType,
        step_adjustments: Vec<StepAdjustment>,
        metric_aggregation_type: MetricAggregationType,
        cooldown_s: Option<u32>,
        min_adjustment_magnitude: Option<u32>,
    },
}

/// C4: a scheduled action on the scalable target: sets its minimum and/or maximum capacity
/// (`ScalableTargetAction`); the desired count is then brought into the new range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceScheduledAction {
    pub name: String,
    /// One-time: seconds after the start (`at(...)`). Ignored when `recurrence` is set.
    pub start_s: Option<u64>,
    /// Recurring: a 5-field cron expression in UTC (`cron(...)`).
    pub recurrence: Option<String>,
    /// Recurring actions stop after this time (seconds after the start).
    pub end_s: Option<u64>,
    pub min_capacity: Option<u32>,
    pub max_capacity: Option<u32>,
}

impl Default for ServiceAutoScaling {
    fn default() -> Self {
        ServiceAutoScaling {
            min_capacity: 1,
            max_capacity: 10,
            policies: Vec::new(),
            scheduled_actions: Vec::new(),
            dynamic_scaling_in_suspended: false,
            dynamic_scaling_out_suspended: false,
            scheduled_scaling_suspended: false,
        }
    }
}

impl Default for ServiceScalingPolicy {
    fn default() -> Self {
        ServiceScalingPolicy {
            name: "cpu-target-tracking".into(),
            kind: ServicePolicyKind::TargetTrackingScaling {
                metric: MetricName::ECSServiceAverageCPUUtilization,
                target_value: 50.0,
                disable_scale_in: false,
                scale_out_cooldown_s: None,
                scale_in_cooldown_s: None,
            },
        }
    }
}

/// `deploymentConfiguration` (ECS-API:DeploymentConfiguration).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsDeploymentConfiguration {
    /// C1: default 100.
    pub minimum_healthy_percent: u32,
    /// C1: default 200.
    pub maximum_percent: u32,
    pub circuit_breaker: EcsCircuitBreaker,
}

/// `deploymentCircuitBreaker` (C2): off by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsCircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

/// The CodeDeploy deployment group of a `CODE_DEPLOY` service (C3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsCodeDeploySpec {
    /// One of the predefined ECS configurations, e.g. `CodeDeployDefault.ECSCanary10Percent5Minutes`.
    pub deployment_config_name: String,
    /// Minutes the original task set keeps running after traffic has shifted (at most 2880).
    pub termination_wait_minutes: u32,
    /// Hook Lambdas, by lifecycle event name (`BeforeInstall`, `AfterInstall`,
    /// `AfterAllowTestTraffic`, `BeforeAllowTraffic`, `AfterAllowTraffic`).
    pub hooks: Vec<EcsHookSpec>,
    /// Roll back automatically when the deployment fails.
    pub auto_rollback: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsHookSpec {
    pub event: String,
    /// How long the hook's Lambda takes to report.
    pub duration_s: u32,
    /// What it reports.
    pub succeeds: bool,
}

/// Where the service's tasks run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EcsCapacity {
    /// AWS Fargate: no instances to manage.
    FARGATE,
    /// EC2 container instances from the scenario's Auto Scaling group, through a capacity
    /// provider; `managed_scaling` creates the target tracking policy on
    /// `CapacityProviderReservation`.
    CapacityProvider {
        name: String,
        managed_scaling: Option<EcsManagedScaling>,
    },
}

/// `managedScaling` of a capacity provider.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsManagedScaling {
    /// 1-100, default 100.
    pub target_capacity: u32,
    /// Default 300 s.
    pub instance_warmup_period_s: u32,
}

/// A placement strategy (ECS-DG task-placement-strategies).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlacementStrategy {
    SpreadAvailabilityZone,
    SpreadInstanceId,
    BinpackMemory,
    BinpackCpu,
}

/// The ECS side's named modelling choices ([MODEL]; `docs/ecs.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsAssumptions {
    /// The scheduler's cadence: task transitions and deployment steps happen on its ticks.
    pub scheduler_interval_s: u32,
    /// Fargate: PROVISIONING lasts this long (capacity is found for the task).
    pub fargate_provisioning_s: u32,
    /// PENDING: pulling the image and starting the containers.
    pub pull_s: u32,
    /// Seeded jitter added to `pull_s`, 0 to this many seconds.
    pub pull_jitter_s: u32,
    /// STOPPING: SIGTERM to exit (the container's `stopTimeout`, 30 s default).
    pub stop_s: u32,
    /// DEACTIVATING with a target group: the deregistration delay (ELB default 300 s).
    pub deregistration_delay_s: u32,
    /// Target group health check: seconds until a new target is healthy, and until a failing
    /// one is unhealthy.
    pub target_healthy_s: u32,
    pub target_unhealthy_s: u32,
    /// A task without health checks whose image fails exits this long after RUNNING.
    pub crash_after_s: u32,
    /// Requests per second one task serves at 100% of its CPU reservation, per 1024 units.
    pub rps_per_vcpu: f64,
    /// CPU of an idle task, percent of its reservation.
    pub idle_cpu_pct: f64,
    /// Memory used at idle, percent of the reservation, and per percent of CPU.
    pub mem_base_pct: f64,
    pub mem_per_cpu_pct: f64,
    /// C4 (UNCONFIRMED): the alarm pair of the service's target-tracking policies. Default:
    /// the pair observed for Application Auto Scaling, high 3 of 3 and low 15 of 15 at 60 s,
    /// low threshold 0.9 x target.
    pub target_tracking_alarms: TargetTrackingAlarmModel,
}

impl Default for EcsSpec {
    fn default() -> Self {
        EcsSpec {
            cluster: "default".into(),
            task_definitions: vec![TaskDefinitionSpec::default()],
            service: EcsServiceSpec::default(),
            capacity: EcsCapacity::FARGATE,
            placement_strategy: Vec::new(),
            assumptions: EcsAssumptions::default(),
        }
    }
}

impl Default for TaskDefinitionSpec {
    fn default() -> Self {
        TaskDefinitionSpec {
            family: "web".into(),
            image: "web:1.0.0".into(),
            cpu_units: 256,
            memory_mib: 512,
            health_check: None,
            behaviour: ImageBehaviour::Healthy,
        }
    }
}

impl Default for ContainerHealthCheck {
    /// ECS-API:HealthCheck defaults: 30 s, 5 s, 3 retries, no start period.
    fn default() -> Self {
        ContainerHealthCheck {
            interval_s: 30,
            timeout_s: 5,
            retries: 3,
            start_period_s: 0,
        }
    }
}

impl Default for EcsServiceSpec {
    fn default() -> Self {
        EcsServiceSpec {
            name: "web".into(),
            task_definition: "web:1".into(),
            desired_count: 2,
            deployment_controller: DeploymentController::ECS,
            deployment_configuration: EcsDeploymentConfiguration::default(),
            target_group: None,
            code_deploy: EcsCodeDeploySpec::default(),
            auto_scaling: None,
        }
    }
}

impl Default for EcsDeploymentConfiguration {
    fn default() -> Self {
        EcsDeploymentConfiguration {
            minimum_healthy_percent: 100,
            maximum_percent: 200,
            circuit_breaker: EcsCircuitBreaker::default(),
        }
    }
}

impl Default for EcsCodeDeploySpec {
    fn default() -> Self {
        EcsCodeDeploySpec {
            deployment_config_name: "CodeDeployDefault.ECSAllAtOnce".into(),
            termination_wait_minutes: 5,
            hooks: Vec::new(),
            auto_rollback: true,
        }
    }
}

impl Default for EcsHookSpec {
    fn default() -> Self {
        EcsHookSpec {
            event: "AfterAllowTestTraffic".into(),
            duration_s: 30,
            succeeds: true,
        }
    }
}

impl Default for EcsManagedScaling {
    fn default() -> Self {
        EcsManagedScaling {
            target_capacity: 100,
            instance_warmup_period_s: 300,
        }
    }
}

impl Default for EcsAssumptions {
    fn default() -> Self {
        EcsAssumptions {
            scheduler_interval_s: 5,
            fargate_provisioning_s: 20,
            pull_s: 15,
            pull_jitter_s: 10,
            stop_s: 30,
            deregistration_delay_s: 300,
            target_healthy_s: 60,
            target_unhealthy_s: 90,
            crash_after_s: 20,
            rps_per_vcpu: 200.0,
            idle_cpu_pct: 2.0,
            mem_base_pct: 30.0,
            mem_per_cpu_pct: 0.3,
            target_tracking_alarms: TargetTrackingAlarmModel::ECS,
        }
    }
}

impl TaskDefinitionSpec {
    /// The rule layer's view of this revision.
    pub fn rule_spec(&self) -> crate::ecs::task_definition::TaskDefinitionSpec {
        crate::ecs::task_definition::TaskDefinitionSpec {
            image: self.image.clone(),
            cpu_units: self.cpu_units,
            memory_mib: self.memory_mib,
            health_check: self.health_check.map(|h| h.rule()),
        }
    }
}

impl ContainerHealthCheck {
    pub fn rule(&self) -> crate::ecs::task_definition::HealthCheck {
        crate::ecs::task_definition::HealthCheck {
            interval_seconds: self.interval_s,
            timeout_seconds: self.timeout_s,
            retries: self.retries,
            start_period_seconds: self.start_period_s,
        }
    }
}

impl PlacementStrategy {
    pub fn rule(self) -> crate::ecs::placement::Strategy {
        use crate::ecs::placement::Strategy;
        match self {
            PlacementStrategy::SpreadAvailabilityZone => Strategy::SpreadAz,
            PlacementStrategy::SpreadInstanceId => Strategy::SpreadInstance,
            PlacementStrategy::BinpackMemory => Strategy::BinpackMemory,
            PlacementStrategy::BinpackCpu => Strategy::BinpackCpu,
        }
    }
}
