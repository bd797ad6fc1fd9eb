//! Capacity provider managed scaling (ECS-DG cluster-auto-scaling; AWS "Deep dive on Amazon
//! ECS cluster auto scaling").
//!
//! ECS publishes `CapacityProviderReservation = M / N × 100` for each Auto Scaling group
//! capacity provider, where N is the number of instances in the group that are running and M
//! the number of instances needed to run every task assigned to the provider, including tasks
//! waiting in PROVISIONING. Special cases: N = 0 and M > 0 → 200; N = 0 and M = 0 → 100.
//! A target tracking policy keeps the metric at `targetCapacity` (1-100; 100 = no spare
//! instances), so the group's desired size is `ceil(M × 100 / targetCapacity)`, moved by at
//! least `minimumScalingStepSize` (1) and at most `maximumScalingStepSize` (10 000) instances.

use serde::{Deserialize, Serialize};

/// ECS-DG service-event-messages: a cluster holds at most 500 tasks in PROVISIONING at once.
pub const PROVISIONING_LIMIT: u32 = 500;

/// The service event when the PROVISIONING limit is hit.
pub fn provisioning_limit_event(service: &str) -> String {
    format!(
        "(service {service}) was unable to place tasks in your cluster because the tasks provisioning capacity limit was exceeded."
    )
}

/// `managedScaling` of a capacity provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedScaling {
    /// 1-100; default 100.
    pub target_capacity: u32,
    /// Default 1.
    pub minimum_scaling_step_size: u32,
    /// Default 10 000.
    pub maximum_scaling_step_size: u32,
    /// Default 300 s.
    pub instance_warmup_period_s: u32,
}

impl Default for ManagedScaling {
    fn default() -> Self {
        ManagedScaling {
            target_capacity: 100,
            minimum_scaling_step_size: 1,
            maximum_scaling_step_size: 10_000,
            instance_warmup_period_s: 300,
        }
    }
}

impl ManagedScaling {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=100).contains(&self.target_capacity) {
            return Err(format!(
                "targetCapacity must be between 1 and 100, got {}",
                self.target_capacity
            ));
        }
        if !(1..=10_000).contains(&self.minimum_scaling_step_size)
            || !(1..=10_000).contains(&self.maximum_scaling_step_size)
            || self.minimum_scaling_step_size > self.maximum_scaling_step_size
        {
            return Err("minimumScalingStepSize and maximumScalingStepSize must be between 1 and 10000, minimum not above maximum".to_string());
        }
        Ok(())
    }
}

/// `CapacityProviderReservation` in percent (the documented M/N × 100 with its special cases).
pub fn reservation_percent(m: u32, n: u32) -> f64 {
    match (m, n) {
        (0, 0) => 100.0,
        (_, 0) => 200.0,
        _ => m as f64 / n as f64 * 100.0,
    }
}

/// Resources of one instance or one task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resources {
    pub cpu_units: u32,
    pub memory_mib: u32,
}

/// \[MODEL\] M, the instances needed: instances already running at least one task, plus
/// enough new instances of `instance_size` for the PROVISIONING tasks, packed first-fit in
/// the order given (AWS describes M as "the number of instances needed", computed by binpacking
/// the waiting tasks; the exact packing it uses is not documented).
pub fn instances_needed(
    non_empty_instances: u32,
    provisioning: &[Resources],
    instance_size: Resources,
) -> Result<u32, String> {
    let mut bins: Vec<Resources> = Vec::new();
    for t in provisioning {
        if t.cpu_units > instance_size.cpu_units || t.memory_mib > instance_size.memory_mib {
            return Err(format!(
                "a task needing {} CPU units and {} MiB does not fit the instance type ({} CPU units, {} MiB)",
                t.cpu_units, t.memory_mib, instance_size.cpu_units, instance_size.memory_mib
            ));
        }
        match bins
            .iter_mut()
            .find(|b| b.cpu_units >= t.cpu_units && b.memory_mib >= t.memory_mib)
        {
            Some(b) => {
                b.cpu_units -= t.cpu_units;
                b.memory_mib -= t.memory_mib;
            }
            None => bins.push(Resources {
                cpu_units: instance_size.cpu_units - t.cpu_units,
                memory_mib: instance_size.memory_mib - t.memory_mib,
            }),
        }
    }
    Ok(non_empty_instances.saturating_add(bins.len() as u32))
}

/// The group's desired size the target tracking policy asks for, from `n` running instances
/// and `m` needed: `ceil(M × 100 / target)`, with the step size bounds applied to the change.
/// With N = 0 and M > 0 it starts from the step size (the metric is 200 until instances join).
pub fn desired_instances(m: u32, n: u32, s: &ManagedScaling) -> u32 {
    let target = s.target_capacity.clamp(1, 100) as u64;
    let want = ((m as u64 * 100).div_ceil(target)) as u32;
    if want > n {
        let step = (want - n).clamp(s.minimum_scaling_step_size, s.maximum_scaling_step_size);
        n.saturating_add(step)
    } else if want < n {
        let step = (n - want).min(s.maximum_scaling_step_size);
        n - step
    } else {
        n
    }
}
