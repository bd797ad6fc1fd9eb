//! Placement strategies (ECS-DG task-placement-strategies): `spread` by
//! `attribute:ecs.availability-zone` and `binpack` on `memory`, applied in the order given,
//! each one narrowing the candidates the previous one found equally good.

use serde::{Deserialize, Serialize};

/// A container instance as placement sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub availability_zone: String,
    pub remaining_cpu_units: u32,
    pub remaining_memory_mib: u32,
    /// Tasks of the service being placed already on this instance.
    pub service_tasks: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strategy {
    /// `spread` on `attribute:ecs.availability-zone`.
    SpreadAz,
    /// `spread` on `instanceId`.
    SpreadInstance,
    /// `binpack` on `memory`: the instance with the least remaining memory that fits.
    BinpackMemory,
    /// `binpack` on `cpu`.
    BinpackCpu,
}

/// The default for services when no strategy is given is AZ spread (ECS-DG: "spread
/// across Availability Zones" for services with the EC2 launch type).
pub const DEFAULT_SERVICE_STRATEGY: [Strategy; 1] = [Strategy::SpreadAz];

/// Chooses an instance for a task needing `cpu_units` / `memory_mib`, or explains why none
/// fits with the service event ECS writes (\[MODEL\] wording of the "closest matching" part).
pub fn place(
    service: &str,
    instances: &[Instance],
    cpu_units: u32,
    memory_mib: u32,
    strategies: &[Strategy],
) -> Result<String, String> {
    let mut candidates: Vec<&Instance> = instances
        .iter()
        .filter(|i| i.remaining_cpu_units >= cpu_units && i.remaining_memory_mib >= memory_mib)
        .collect();
    if candidates.is_empty() {
        let reason = match instances
            .iter()
            .max_by_key(|i| (i.remaining_memory_mib, i.remaining_cpu_units))
        {
            // AWS's service event when the cluster has no container instance at all.
            None => " Reason: No Container Instances were found in your cluster.".to_string(),
            Some(i) if i.remaining_memory_mib < memory_mib => format!(
                " The closest matching container-instance {} has insufficient memory available.",
                i.id
            ),
            Some(i) => format!(
                " The closest matching container-instance {} has insufficient CPU units available.",
                i.id
            ),
        };
        return Err(format!(
            "(service {service}) was unable to place a task because no container instance met all of its requirements.{reason}"
        ));
    }
    for s in strategies {
        let score = |i: &Instance| -> u64 {
            match s {
                Strategy::SpreadAz => instances
                    .iter()
                    .filter(|j| j.availability_zone == i.availability_zone)
                    .map(|j| j.service_tasks as u64)
                    .sum(),
                Strategy::SpreadInstance => i.service_tasks as u64,
                Strategy::BinpackMemory => i.remaining_memory_mib as u64,
                Strategy::BinpackCpu => i.remaining_cpu_units as u64,
            }
        };
        let best = candidates.iter().map(|i| score(i)).min().unwrap_or(0);
        candidates.retain(|i| score(i) == best);
    }
    // Deterministic tie-break: AZ name, then instance id.
    crate::sort::sort_by(&mut candidates, |a, b| {
        (&a.availability_zone, &a.id).cmp(&(&b.availability_zone, &b.id))
    });
    candidates
        .first()
        .map(|i| i.id.clone())
        .ok_or_else(|| format!("(service {service}) was unable to place a task"))
}
