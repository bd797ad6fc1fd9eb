//! Blue/green deployments through CodeDeploy (`CODE_DEPLOY` controller) (C3, B2.6).
//!
//! CodeDeploy creates a replacement (green) task set behind a second target group, optionally
//! opens the test listener to it, then shifts production traffic per the deployment
//! configuration, and deletes the original (blue) task set `terminationWaitTimeInMinutes`
//! after traffic has fully shifted.

use serde::{Deserialize, Serialize};

use super::MS_PER_MIN;

/// ECS traffic-routing configurations (B2.6, CD-API:TrafficRoutingConfig).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrafficRouting {
    AllAtOnce,
    /// `TimeBasedCanary`: `percentage` first, the rest after `interval_minutes`.
    Canary {
        percentage: u32,
        interval_minutes: u32,
    },
    /// `TimeBasedLinear`: `percentage` more every `interval_minutes`.
    Linear {
        percentage: u32,
        interval_minutes: u32,
    },
}

/// The predefined ECS configurations (B2.6).
pub fn predefined(name: &str) -> Option<TrafficRouting> {
    Some(match name {
        "CodeDeployDefault.ECSAllAtOnce" => TrafficRouting::AllAtOnce,
        "CodeDeployDefault.ECSLinear10PercentEvery1Minutes" => TrafficRouting::Linear {
            percentage: 10,
            interval_minutes: 1,
        },
        "CodeDeployDefault.ECSLinear10PercentEvery3Minutes" => TrafficRouting::Linear {
            percentage: 10,
            interval_minutes: 3,
        },
        "CodeDeployDefault.ECSCanary10Percent5Minutes" => TrafficRouting::Canary {
            percentage: 10,
            interval_minutes: 5,
        },
        "CodeDeployDefault.ECSCanary10Percent15Minutes" => TrafficRouting::Canary {
            percentage: 10,
            interval_minutes: 15,
        },
        _ => return None,
    })
}

impl TrafficRouting {
    pub fn validate(&self, network_load_balancer: bool) -> Result<(), String> {
        if network_load_balancer && *self != TrafficRouting::AllAtOnce {
            // C3: an NLB supports only ECSAllAtOnce.
            return Err(
                "Network Load Balancers support only CodeDeployDefault.ECSAllAtOnce".to_string(),
            );
        }
        match *self {
            TrafficRouting::AllAtOnce => Ok(()),
            TrafficRouting::Canary {
                percentage,
                interval_minutes,
            }
            | TrafficRouting::Linear {
                percentage,
                interval_minutes,
            } => {
                if !(1..=99).contains(&percentage) || interval_minutes == 0 {
                    Err(
                        "percentage must be between 1 and 99 and interval at least 1 minute"
                            .to_string(),
                    )
                } else {
                    Ok(())
                }
            }
        }
    }

    /// \[MODEL\] (B2.6; exact t0 alignment UNCONFIRMED): percent of production traffic on the
    /// green task set `elapsed_ms` after shifting starts. Canary: `p` at t0, 100 after one
    /// interval. Linear: `p` at t0 and `p` more each interval, capped at 100.
    pub fn green_percent(&self, elapsed_ms: u64) -> u32 {
        match *self {
            TrafficRouting::AllAtOnce => 100,
            TrafficRouting::Canary {
                percentage,
                interval_minutes,
            } => {
                if elapsed_ms >= interval_minutes as u64 * MS_PER_MIN {
                    100
                } else {
                    percentage
                }
            }
            TrafficRouting::Linear {
                percentage,
                interval_minutes,
            } => {
                let steps = elapsed_ms / (interval_minutes.max(1) as u64 * MS_PER_MIN);
                (percentage as u64 * (steps + 1)).min(100) as u32
            }
        }
    }

    /// The times (ms after t0) at which the weight changes, with the new green percentage.
    pub fn schedule(&self) -> Vec<(u64, u32)> {
        let mut out = vec![(0, self.green_percent(0))];
        let interval = match *self {
            TrafficRouting::AllAtOnce => return out,
            TrafficRouting::Canary {
                interval_minutes, ..
            }
            | TrafficRouting::Linear {
                interval_minutes, ..
            } => interval_minutes.max(1) as u64 * MS_PER_MIN,
        };
        let mut t = 0;
        while out.last().is_some_and(|&(_, p)| p < 100) {
            t += interval;
            out.push((t, self.green_percent(t)));
        }
        out
    }
}

/// ECS deployment lifecycle events in order (C3; CD-UG reference-appspec-file-structure-hooks).
/// `true` = a hook Lambda can run there.
pub const LIFECYCLE: [(&str, bool); 10] = [
    ("Start", false),
    ("BeforeInstall", true),
    ("Install", false),
    ("AfterInstall", true),
    ("AllowTestTraffic", false),
    ("AfterAllowTestTraffic", true),
    ("BeforeAllowTraffic", true),
    ("AllowTraffic", false),
    ("AfterAllowTraffic", true),
    ("End", false),
];

/// C3: the longest wait before the original task set is terminated (2 days).
pub const MAX_TERMINATION_WAIT_MINUTES: u32 = 2880;

pub fn validate_termination_wait(minutes: u32) -> Result<(), String> {
    if minutes > MAX_TERMINATION_WAIT_MINUTES {
        Err(format!(
            "terminationWaitTimeInMinutes must be at most {MAX_TERMINATION_WAIT_MINUTES}, got {minutes}"
        ))
    } else {
        Ok(())
    }
}

/// C3 auto scaling during a blue/green deployment: traffic keeps shifting for 5 minutes after
/// a scaling event; if the task sets are not back in steady state by then the deployment fails.
pub const SCALING_GRACE_MS: u64 = 5 * MS_PER_MIN;
/// C3: CodeDeploy waits up to 1 hour for the replacement task set to reach steady state before
/// shifting traffic.
pub const GREEN_STEADY_STATE_TIMEOUT_MS: u64 = 60 * MS_PER_MIN;

/// C3: does a scaling event at `scaled_at_ms` fail the deployment at `now_ms`?
pub fn fails_after_scaling(scaled_at_ms: u64, steady_since_ms: Option<u64>, now_ms: u64) -> bool {
    let steady = steady_since_ms.is_some_and(|s| s >= scaled_at_ms);
    !steady && now_ms >= scaled_at_ms.saturating_add(SCALING_GRACE_MS)
}

/// \[MODEL\] how a task set's desired count follows the service's: `scale` percent of the
/// service's desired count, rounded up (the ECS TaskSet `scale` field), which is why a
/// deployment briefly runs up to twice the tasks (C3).
pub fn task_set_count(service_desired: u32, scale_percent: u32) -> u32 {
    (service_desired as u64 * scale_percent.min(100) as u64).div_ceil(100) as u32
}
