//! Rolling update arithmetic for the `ECS` deployment controller (C1, G7).
//!
//! During a deployment the service keeps
//! - at least `ceil(desired × minimumHealthyPercent / 100)` healthy tasks (rounded UP), and
//! - at most `floor(desired × maximumPercent / 100)` tasks that are RUNNING or PENDING
//!   (rounded DOWN).
//!
//! So it may stop up to `desired − minHealthy` old tasks before starting new ones, and start
//! up to `maxTasks − desired` new tasks before stopping old ones. When both are zero the
//! deployment can't move and ECS reports it in a service event.

use serde::{Deserialize, Serialize};

/// `deploymentConfiguration` percentages (ECS-API:DeploymentConfiguration).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentConfiguration {
    pub minimum_healthy_percent: u32,
    pub maximum_percent: u32,
}

impl Default for DeploymentConfiguration {
    /// C1 defaults for REPLICA services: 100 and 200.
    fn default() -> Self {
        DeploymentConfiguration {
            minimum_healthy_percent: 100,
            maximum_percent: 200,
        }
    }
}

impl DeploymentConfiguration {
    /// C1: the DAEMON scheduler's API default (minimum 0, maximum 100).
    pub fn daemon_default() -> Self {
        DeploymentConfiguration {
            minimum_healthy_percent: 0,
            maximum_percent: 100,
        }
    }

    /// C1: the lower bound of healthy tasks, rounded up.
    pub fn min_healthy_tasks(&self, desired: u32) -> u32 {
        (desired as u64 * self.minimum_healthy_percent as u64).div_ceil(100) as u32
    }

    /// C1: the upper bound of RUNNING + PENDING tasks, rounded down.
    pub fn max_tasks(&self, desired: u32) -> u32 {
        (desired as u64 * self.maximum_percent as u64 / 100) as u32
    }

    /// G7: (how many old tasks may be stopped before any new one starts, how many new tasks
    /// may be started before any old one stops), from a steady service at `desired`.
    pub fn room(&self, desired: u32) -> (u32, u32) {
        (
            desired.saturating_sub(self.min_healthy_tasks(desired)),
            self.max_tasks(desired).saturating_sub(desired),
        )
    }

    /// C1: a configuration that allows neither a stop nor a start (with tasks to replace) is
    /// stuck.
    pub fn is_stuck(&self, desired: u32) -> bool {
        desired > 0 && self.room(desired) == (0, 0)
    }
}

/// C1: the service event ECS writes when the configuration allows neither. \[MODEL\]: wording
/// as AWS's troubleshooting guide quotes it; the service name is in AWS's "(service x)" form.
pub fn stuck_event(service: &str) -> String {
    format!(
        "(service {service}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."
    )
}

/// The tasks of a service during a rolling deployment, by deployment and health.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Old (ACTIVE deployments') tasks still counting toward maximum (PROVISIONING..RUNNING).
    pub old_total: u32,
    /// Of those, healthy (C1 health rule).
    pub old_healthy: u32,
    /// New (PRIMARY deployment) tasks counting toward maximum.
    pub new_total: u32,
    /// Of those, healthy.
    pub new_healthy: u32,
}

/// One step of the scheduler: how many new tasks to start and old tasks to stop now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub start_new: u32,
    pub stop_old: u32,
}

/// C1 \[MODEL\]: the scheduler's next step. Start as many new tasks as `maximumPercent` leaves
/// room for (never more than `desired` new ones in total); stop as many old tasks as keeps the
/// healthy count at or above `minimumHealthyPercent` — except that once the new tasks alone
/// are all healthy and enough, every old task goes. Unhealthy old tasks are stopped first (they
/// don't count toward healthy anyway).
pub fn next_step(cfg: &DeploymentConfiguration, desired: u32, c: Counts) -> Step {
    let max = cfg.max_tasks(desired);
    let min = cfg.min_healthy_tasks(desired);
    let total = c.old_total.saturating_add(c.new_total);
    let start_new = max
        .saturating_sub(total)
        .min(desired.saturating_sub(c.new_total));
    let stop_old = if c.new_healthy >= desired {
        c.old_total
    } else {
        let unhealthy_old = c.old_total.saturating_sub(c.old_healthy);
        let healthy = c.old_healthy.saturating_add(c.new_healthy);
        // Healthy old tasks we can spare, plus every unhealthy old one.
        let spare = healthy.saturating_sub(min).min(c.old_healthy);
        // Also stop enough old tasks to make room for the new ones still missing when maximum
        // is the binding limit (only healthy-safe ones, counted in `spare`).
        unhealthy_old.saturating_add(spare).min(c.old_total)
    };
    Step {
        start_new,
        stop_old,
    }
}

/// C1: the deployment is done when the new deployment has `desired` healthy tasks and no old
/// task is left.
pub fn is_complete(desired: u32, c: Counts) -> bool {
    c.new_healthy >= desired && c.new_total == desired && c.old_total == 0
}
