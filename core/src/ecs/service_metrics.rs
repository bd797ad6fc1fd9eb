//! The ECS side of CloudWatch's minute: the load spread over the tasks that serve it, each
//! task's CPU and memory utilization, the service metrics (C4's
//! `ECSServiceAverageCPUUtilization`, `ECSServiceAverageMemoryUtilization`,
//! `ALBRequestCountPerTarget`) and, on EC2 capacity, `CapacityProviderReservation` with the
//! managed scaling policy it drives on the group.

use super::capacity::{instances_needed, reservation_percent, Resources};
use super::output::{EcsOutput, EcsSample};
use super::runtime::{Controller, EcsRuntime, Host};
use super::task::TaskStatus;
use crate::metrics::MetricStore;
use crate::rng::Keyed;
use crate::scenario::{EcsCapacity, MetricName, PolicyKind, PolicySpec, Scenario};
use crate::time::SimTime;

/// The target tracking policy a capacity provider with managed scaling puts on its group
/// (ECS-DG cluster-auto-scaling): `CapacityProviderReservation` at `targetCapacity`, with the
/// provider's instance warm-up. It runs through the group's ordinary target tracking path
/// (A3.4): the metric is new, the policy engine is not.
pub fn managed_scaling_policy(s: &Scenario) -> Option<PolicySpec> {
    let ecs = s.ecs.as_ref()?;
    let EcsCapacity::CapacityProvider {
        managed_scaling: Some(m),
        ..
    } = &ecs.capacity
    else {
        return None;
    };
    let uuid = crate::activity::keyed_uuid(Keyed::EcsManagedScalingPolicy, s.seed, 0);
    Some(PolicySpec {
        name: format!("ECSManagedAutoScalingPolicy-{uuid}"),
        enabled: true,
        group: None,
        kind: PolicyKind::TargetTrackingScaling {
            metric: MetricName::CapacityProviderReservation,
            target_value: f64::from(m.target_capacity),
            disable_scale_in: false,
            estimated_instance_warmup_s: Some(m.instance_warmup_period_s),
        },
    })
}

impl EcsRuntime {
    /// CloudWatch's minute `minute` (the minute that just ended): utilization from
    /// `load_rps`, the service metrics and `CapacityProviderReservation` into `metrics`.
    pub fn minute(&mut self, now: SimTime, minute: u64, load_rps: f64, metrics: &mut MetricStore) {
        let host = std::mem::take(&mut self.host);
        self.minute_with(now, minute, load_rps, &host, metrics);
        self.host = host;
    }

    fn minute_with(
        &mut self,
        now: SimTime,
        minute: u64,
        load_rps: f64,
        host: &Host,
        metrics: &mut MetricStore,
    ) {
        self.visits = self.visits.saturating_add(self.tasks.len() as u64);
        let a = &self.assumptions;
        // Production traffic by task set (blue/green), or one pool (rolling).
        let split: Option<Vec<(String, f64)>> = match &self.controller {
            Controller::Rolling(_) => None,
            Controller::BlueGreen(b) => Some(b.traffic_split()),
        };
        let pools = traffic_pools(&self.tasks, split.as_deref());
        let mut dropped = 0.0;
        let (mut cpu_sum, mut mem_sum, mut running) = (0.0, 0.0, 0u32);
        let (mut provisioning, mut pending) = (0u32, 0u32);
        for t in self.tasks.iter_mut() {
            match t.status {
                TaskStatus::PROVISIONING => provisioning += 1,
                TaskStatus::PENDING | TaskStatus::ACTIVATING => pending += 1,
                _ => {}
            }
            if t.status != TaskStatus::RUNNING {
                t.cpu_pct = 0.0;
                t.mem_pct = 0.0;
                continue;
            }
            let share = if t.serves() {
                load_rps * pool_share(&pools, &t.started_by)
            } else {
                0.0
            };
            let capacity = a.rps_per_vcpu * f64::from(t.cpu_units) / 1024.0;
            let util = if capacity > 0.0 {
                (share / capacity).min(1.0)
            } else {
                1.0
            };
            dropped += (share - capacity).max(0.0);
            t.cpu_pct = a.idle_cpu_pct + (100.0 - a.idle_cpu_pct) * util;
            t.mem_pct = (a.mem_base_pct + a.mem_per_cpu_pct * t.cpu_pct).min(100.0);
            cpu_sum += t.cpu_pct;
            mem_sum += t.mem_pct;
            running += 1;
        }
        let serving: u32 = pools.iter().map(|p| p.2).sum();
        if serving == 0 {
            dropped = load_rps;
        }
        let (cpu, mem) = if running > 0 {
            (cpu_sum / f64::from(running), mem_sum / f64::from(running))
        } else {
            (0.0, 0.0)
        };
        // C4: the service metrics exist while tasks run (missing data otherwise).
        if running > 0 {
            metrics.record(MetricName::ECSServiceAverageCPUUtilization, minute, cpu);
            metrics.record(MetricName::ECSServiceAverageMemoryUtilization, minute, mem);
        }
        if serving > 0 && self.target_group.is_some() {
            let per_target = load_rps * 60.0 / f64::from(serving);
            metrics.record(
                MetricName::ECSServiceRequestCountPerTarget,
                minute,
                per_target,
            );
        }
        let reservation = if self.fargate {
            None
        } else {
            Some(self.capacity_provider_reservation(now, host))
        };
        if let Some(r) = reservation {
            metrics.record(MetricName::CapacityProviderReservation, minute, r);
        }
        self.samples.push(EcsSample {
            minute,
            desired: self.desired(),
            provisioning,
            pending,
            running,
            serving,
            load_rps,
            dropped_rps: dropped,
            cpu_pct: cpu,
            mem_pct: mem,
            capacity_provider_reservation: reservation,
            container_instances: host.instances.len() as u32,
            green_percent: self.green_percent(),
        });
    }

    /// `CapacityProviderReservation` = M / N x 100 (ECS-DG cluster-auto-scaling), M from the
    /// rule layer's bin packing of the PROVISIONING tasks onto new instances of the launch
    /// size, N the running container instances.
    fn capacity_provider_reservation(&mut self, now: SimTime, host: &Host) -> f64 {
        let n = host.instances.len() as u32;
        let non_empty = self.non_empty_instances(host);
        let waiting: Vec<Resources> = self
            .tasks
            .iter()
            .filter(|t| t.status == TaskStatus::PROVISIONING)
            .map(|t| Resources {
                cpu_units: t.cpu_units,
                memory_mib: t.memory_mib,
            })
            .collect();
        let m = match host.launch_size {
            Some(size) => match instances_needed(non_empty, &waiting, size) {
                Ok(m) => m,
                Err(message) => {
                    self.outputs.push(EcsOutput::ServiceEvent {
                        t: now,
                        service: self.service.clone(),
                        message: format!("(service {}) {message}", self.service),
                    });
                    non_empty
                }
            },
            None => non_empty,
        };
        reservation_percent(m, n)
    }
}

impl EcsRuntime {
    /// Container instances running at least one task, recounted only when a task was placed
    /// or left an instance, or the instances changed.
    fn non_empty_instances(&mut self, host: &Host) -> u32 {
        let key = self.occupancy_key();
        if let Some((k, n)) = self.non_empty_cache {
            if k == key {
                return n;
            }
        }
        let occupied = self.occupied_instances();
        let n = host
            .instances
            .iter()
            .filter(|i| occupied.binary_search(&i.id.as_str()).is_ok())
            .count() as u32;
        self.visits = self
            .visits
            .saturating_add(host.instances.len() as u64 + self.tasks.len() as u64);
        self.non_empty_cache = Some((key, n));
        n
    }
}

/// Serving tasks per traffic pool: (task set or `""` for one pool, weight, serving tasks).
/// Weights of pools with no serving task go to the others [MODEL: the load balancer sends
/// nothing to a target group without healthy targets].
fn traffic_pools(
    tasks: &[super::tasks::Task],
    split: Option<&[(String, f64)]>,
) -> Vec<(String, f64, u32)> {
    let mut pools: Vec<(String, f64, u32)> = match split {
        None => vec![(String::new(), 1.0, 0)],
        Some(s) => s.iter().map(|(id, w)| (id.clone(), *w, 0)).collect(),
    };
    let serving = tasks.iter().filter(|t| t.serves());
    if split.is_none() {
        pools[0].2 = serving.count() as u32;
    } else {
        for t in serving {
            if let Some(p) = pools.iter_mut().find(|p| p.0 == t.started_by) {
                p.2 += 1;
            }
        }
    }
    let total: f64 = pools.iter().filter(|p| p.2 > 0).map(|p| p.1).sum();
    let n_live = pools.iter().filter(|p| p.2 > 0).count() as f64;
    for p in pools.iter_mut() {
        p.1 = if p.2 == 0 {
            0.0
        } else if total > 0.0 {
            p.1 / total
        } else {
            1.0 / n_live
        };
    }
    pools
}

/// One serving task's share of the load in its pool.
fn pool_share(pools: &[(String, f64, u32)], started_by: &str) -> f64 {
    let p = if pools.len() == 1 && pools[0].0.is_empty() {
        pools.first()
    } else {
        pools.iter().find(|p| p.0 == started_by)
    };
    p.map_or(0.0, |p| p.1 / f64::from(p.2.max(1)))
}
