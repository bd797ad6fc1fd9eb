//! Tasks as the runtime runs them: a task's way through `lastStatus` over time (C1; ECS-DG
//! task-lifecycle), when its health checks report, and how it stops. The transitions are the
//! rule layer's ([`super::task::can_transition`]); the durations are the scenario's
//! [`EcsAssumptions`].

use serde::{Deserialize, Serialize};

use super::task::{can_transition, HealthStatus, StopReason, TaskStatus};
use crate::scenario::{EcsAssumptions, ImageBehaviour};
use crate::time::MS_PER_S;

/// One task of the service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub task_definition: String,
    /// The deployment (rolling) or task set (blue/green) that started it.
    pub started_by: String,
    pub status: TaskStatus,
    pub container_instance: Option<String>,
    pub availability_zone: Option<String>,
    pub cpu_units: u32,
    pub memory_mib: u32,
    /// When the current state ends (PROVISIONING on Fargate, PENDING, DEACTIVATING, STOPPING).
    pub next_ms: u64,
    pub running_since_ms: Option<u64>,
    /// When the health checks give their verdict (RUNNING only).
    pub verdict_ms: Option<u64>,
    pub container_health: HealthStatus,
    /// `Some` with a target group: whether the target is healthy.
    pub target_healthy: Option<bool>,
    pub behaviour: ImageBehaviour,
    pub has_health_check: bool,
    /// The container health check's time to HEALTHY and to UNHEALTHY, ms after RUNNING.
    pub check_times: Option<(u64, u64)>,
    pub stop: Option<StopReason>,
    /// Last minute's utilization, percent of the reservation.
    pub cpu_pct: f64,
    pub mem_pct: f64,
}

/// A change a task went through, for the runtime to report.
pub struct Transition {
    pub from: TaskStatus,
    pub to: TaskStatus,
}

impl Task {
    /// Serves traffic: RUNNING and, with a target group, healthy there; without one, RUNNING
    /// and not reported UNHEALTHY.
    pub fn serves(&self) -> bool {
        self.status == TaskStatus::RUNNING
            && match self.target_healthy {
                Some(h) => h,
                None => self.container_health != HealthStatus::UNHEALTHY,
            }
    }

    /// Moves to `to` if ECS makes that transition (C1 lifecycle order).
    pub fn set_status(&mut self, to: TaskStatus) -> Option<Transition> {
        if !can_transition(self.status, to) {
            return None;
        }
        let from = self.status;
        self.status = to;
        Some(Transition { from, to })
    }

    /// Starts stopping: a RUNNING task behind a target group drains first (DEACTIVATING for
    /// the deregistration delay), any other task goes to STOPPING.
    pub fn begin_stop(
        &mut self,
        reason: StopReason,
        now_ms: u64,
        a: &EcsAssumptions,
    ) -> Option<Transition> {
        if self.status >= TaskStatus::DEACTIVATING {
            return None;
        }
        self.stop = Some(reason);
        self.verdict_ms = None;
        if self.status == TaskStatus::RUNNING && self.target_healthy.is_some() {
            self.target_healthy = Some(false);
            self.next_ms = now_ms + u64::from(a.deregistration_delay_s) * MS_PER_S;
            self.set_status(TaskStatus::DEACTIVATING)
        } else {
            self.next_ms = now_ms + u64::from(a.stop_s) * MS_PER_S;
            self.set_status(TaskStatus::STOPPING)
        }
    }

    /// When the health checks decide about a task that just reached RUNNING: the container
    /// check's first HEALTHY (or its UNHEALTHY after the retries), else the target group's,
    /// else (no checks) a failing image exits after `crash_after_s` and a good one is never
    /// judged.
    pub fn schedule_verdict(&mut self, now_ms: u64, a: &EcsAssumptions) {
        let fails = self.behaviour == ImageBehaviour::FailsHealthChecks;
        let s = |secs: u32| u64::from(secs) * MS_PER_S;
        let target = self.target_healthy.map(|_| {
            s(if fails {
                a.target_unhealthy_s
            } else {
                a.target_healthy_s
            })
        });
        let container = self
            .check_times
            .map(|(ok, bad)| if fails { bad } else { ok });
        let after = match (container, target) {
            // Healthy needs both checks; the first failing check stops the task.
            (Some(c), Some(t)) => Some(if fails { c.min(t) } else { c.max(t) }),
            (Some(c), None) => Some(c),
            (None, Some(t)) => Some(t),
            (None, None) if fails => Some(s(a.crash_after_s)),
            (None, None) => None,
        };
        self.verdict_ms = after.map(|d| now_ms + d);
    }

    /// The stop reason a failing image gets when its verdict comes.
    pub fn failure_reason(&self, target_group: &str, target_unhealthy_s: u32) -> StopReason {
        // The check that fails first names the reason.
        let container_first = self
            .check_times
            .is_some_and(|(_, bad)| bad <= u64::from(target_unhealthy_s) * MS_PER_S);
        if self.has_health_check && (self.target_healthy.is_none() || container_first) {
            StopReason::ContainerHealthChecks
        } else if self.target_healthy.is_some() {
            StopReason::ElbHealthChecks {
                target_group_arn: target_group.to_string(),
            }
        } else {
            StopReason::EssentialContainerExited
        }
    }
}
