//! Task lifecycle, stop codes and stop reasons, and when a task counts as healthy (C1;
//! ECS-DG task-lifecycle, stopped-task-errors; ECS-API Task.stopCode).
//!
//! A task's `lastStatus` moves forward only: PROVISIONING → PENDING → ACTIVATING → RUNNING →
//! DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED. ACTIVATING and DEACTIVATING only happen
//! for tasks with load balancers, service discovery or awsvpc attachments to set up or tear
//! down; DEPROVISIONING only for tasks with an awsvpc network interface. Any state before
//! STOPPED may go to STOPPING directly (a task that fails to start, or is stopped early).

use serde::{Deserialize, Serialize};

/// `lastStatus` values, in lifecycle order.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TaskStatus {
    PROVISIONING,
    PENDING,
    ACTIVATING,
    RUNNING,
    DEACTIVATING,
    STOPPING,
    DEPROVISIONING,
    STOPPED,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::PROVISIONING => "PROVISIONING",
            TaskStatus::PENDING => "PENDING",
            TaskStatus::ACTIVATING => "ACTIVATING",
            TaskStatus::RUNNING => "RUNNING",
            TaskStatus::DEACTIVATING => "DEACTIVATING",
            TaskStatus::STOPPING => "STOPPING",
            TaskStatus::DEPROVISIONING => "DEPROVISIONING",
            TaskStatus::STOPPED => "STOPPED",
        }
    }

    /// Counts toward `maximumPercent` (C1: RUNNING + PENDING, which here means every state
    /// from PROVISIONING up to and including RUNNING).
    pub fn counts_toward_maximum(self) -> bool {
        self <= TaskStatus::RUNNING
    }
}

/// Whether `from → to` is a transition ECS makes.
pub fn can_transition(from: TaskStatus, to: TaskStatus) -> bool {
    use TaskStatus::*;
    if from == STOPPED || to <= from {
        return false;
    }
    match to {
        // Stopping can start from anywhere before it.
        STOPPING => true,
        // Optional states may be skipped: any later state is reachable, except that a task
        // can't reach the stop side without passing STOPPING unless it was RUNNING (then
        // DEACTIVATING comes first).
        DEACTIVATING => from >= ACTIVATING,
        DEPROVISIONING | STOPPED => from >= STOPPING,
        _ => true,
    }
}

/// `stopCode` (ECS-API:Task).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopCode {
    TaskFailedToStart,
    EssentialContainerExited,
    UserInitiated,
    ServiceSchedulerInitiated,
    SpotInterruption,
    TerminationNotice,
}

/// Why a task stopped: the `stoppedReason` strings ECS reports (ECS-DG stopped-task-errors;
/// re:Post "Why is my Amazon ECS task stopped?"). \[MODEL\]: the bracketed details are
/// filled from the simulation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    /// The service scheduler stopped it for a deployment or a scale-in.
    ScalingActivity {
        deployment_id: String,
    },
    EssentialContainerExited,
    ElbHealthChecks {
        target_group_arn: String,
    },
    ContainerHealthChecks,
    UserInitiated,
    /// The image could not be pulled (a broken image reference).
    CannotPullContainer {
        image: String,
    },
    /// The container instance was deregistered or its agent disconnected.
    InstanceDeregistered,
    /// The EC2 instance under the task was terminated (a scale-in or a health replacement).
    HostTerminated {
        instance_id: String,
    },
}

impl StopReason {
    pub fn text(&self) -> String {
        match self {
            StopReason::ScalingActivity { deployment_id } => {
                format!("Scaling activity initiated by (deployment {deployment_id})")
            }
            StopReason::EssentialContainerExited => "Essential container in task exited".to_string(),
            StopReason::ElbHealthChecks { target_group_arn } => {
                format!("Task failed ELB health checks in (target-group {target_group_arn})")
            }
            StopReason::ContainerHealthChecks => "Task failed container health checks".to_string(),
            StopReason::UserInitiated => "Task stopped by user".to_string(),
            StopReason::CannotPullContainer { image } => format!(
                "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: not found"
            ),
            StopReason::InstanceDeregistered => "Container instance deregistration forced by user".to_string(),
            StopReason::HostTerminated { instance_id } => {
                format!("Host EC2 (instance {instance_id}) terminated.")
            }
        }
    }

    pub fn stop_code(&self) -> StopCode {
        match self {
            StopReason::ScalingActivity { .. }
            | StopReason::ElbHealthChecks { .. }
            | StopReason::ContainerHealthChecks => StopCode::ServiceSchedulerInitiated,
            // [MODEL]: AWS documents the reason, not the code it pairs with.
            StopReason::HostTerminated { .. } => StopCode::TerminationNotice,
            StopReason::EssentialContainerExited => StopCode::EssentialContainerExited,
            StopReason::UserInitiated | StopReason::InstanceDeregistered => StopCode::UserInitiated,
            StopReason::CannotPullContainer { .. } => StopCode::TaskFailedToStart,
        }
    }

    /// C2: which circuit-breaker stage counts this stop as a failure: stage 1 for tasks that
    /// never reached RUNNING, stage 2 for health-check failures; `None` for stops that aren't
    /// failures of the task.
    pub fn circuit_breaker_stage(&self, reached_running: bool) -> Option<u8> {
        match self {
            StopReason::ScalingActivity { .. }
            | StopReason::UserInitiated
            | StopReason::InstanceDeregistered
            | StopReason::HostTerminated { .. } => None,
            StopReason::ElbHealthChecks { .. } | StopReason::ContainerHealthChecks => Some(2),
            StopReason::CannotPullContainer { .. } => Some(1),
            StopReason::EssentialContainerExited => Some(if reached_running { 2 } else { 1 }),
        }
    }
}

/// `healthStatus` of a task or container.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HealthStatus {
    UNKNOWN,
    HEALTHY,
    UNHEALTHY,
}

/// The model's parameters for task health (C1). The 40 s wait for tasks without a load
/// balancer or essential-container health check is documented in ECS-API
/// DeploymentConfiguration.minimumHealthyPercent; kept as a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthRules {
    pub no_check_grace_ms: u64,
}

impl Default for HealthRules {
    fn default() -> Self {
        HealthRules {
            no_check_grace_ms: 40 * super::MS_PER_S,
        }
    }
}

/// What is known about one task for the health rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskHealthView {
    pub status: TaskStatus,
    /// When it reached RUNNING.
    pub running_since_ms: Option<u64>,
    /// The task definition has a container health check.
    pub has_container_health_check: bool,
    pub container_health: HealthStatus,
    /// `Some` when the service has a target group: whether the target is healthy there.
    pub target_healthy: Option<bool>,
}

/// C1: does this task count toward `minimumHealthyPercent`?
/// - with a load balancer: when its target is healthy (and its containers, if checked);
/// - else with a container health check: when the check reports HEALTHY;
/// - else: 40 s after it reached RUNNING.
pub fn counts_as_healthy(t: &TaskHealthView, rules: HealthRules, now_ms: u64) -> bool {
    if t.status != TaskStatus::RUNNING {
        return false;
    }
    let containers_ok =
        !t.has_container_health_check || t.container_health == HealthStatus::HEALTHY;
    match t.target_healthy {
        Some(target) => target && containers_ok,
        None if t.has_container_health_check => containers_ok,
        None => t
            .running_since_ms
            .is_some_and(|r| now_ms >= r.saturating_add(rules.no_check_grace_ms)),
    }
}
