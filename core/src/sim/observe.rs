//! What the caller sees: the per-minute sample for the trace and charts, and the cheap view
//! of the group for the page.

use super::fleet::Row;
use super::*;

/// A cheap snapshot for views.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub now: SimTime,
    pub desired: u32,
    pub min_size: u32,
    pub max_size: u32,
    pub in_service: u32,
    pub load_rps: f64,
    pub capacity_rps: f64,
    pub avg_cpu: f64,
    /// The serving instances' mean CPU at the last minute: with the last sample's load and
    /// capacity, the figures of one moment.
    pub serving_cpu: f64,
    pub instances: Vec<InstanceView>,
    pub alarms: Vec<(String, AlarmState)>,
    /// EKS: pods (phase, readiness, ReplicaSet revision, node), nodes, the HPA's status and
    /// the Argo CD Application's; `None` without a cluster.
    pub kubernetes: Option<crate::kubernetes::KubeView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InstanceView {
    pub id: String,
    pub az: String,
    pub state: LifecycleState,
    pub revision: Option<String>,
    pub healthy: bool,
    /// Its application answers (false: a broken revision serves errors or fails its checks).
    pub app_healthy: bool,
    pub cpu: f64,
    pub image_id: String,
    pub launch_label: String,
    pub instance_type: String,
    pub uptime_s: u64,
    pub protected: bool,
    /// Blue/green role: a group member, a replacement in the copied group, or retired.
    pub role: Role,
}

/// Rows that the sample counts alike: the same instance type and revision labels (their
/// addresses), state, role, and whether the instance serves and answers.
type Kind = (usize, usize, LifecycleState, Role, bool, bool);

/// What the sample counts of the primary group's rows (`Sim::record_sample`).
#[derive(Default)]
pub(super) struct Tally {
    pending: u32,
    pending_wait: u32,
    in_service: u32,
    terminating: u32,
    capacity: f64,
    serving: u32,
    /// Serving instances per revision: (label's address, first instance, instances, of which
    /// broken). Labels are interned, so a hit is a pointer comparison.
    by_revision: Vec<(usize, usize, u32, u32)>,
    /// Instances billed this minute per instance type, in fleet order (interned too): the
    /// label's address, the first instance, how many.
    billed: Vec<(usize, usize, u64)>,
    /// The run of alike rows being counted (alike instances sit next to each other): their
    /// kind, the first row, how many.
    run: Option<(Kind, usize, u32)>,
}

impl Tally {
    fn of(rows: &[Row]) -> Tally {
        let mut t = Tally::default();
        for (idx, i) in rows.iter().enumerate() {
            t.add(idx, i, 1);
        }
        t.finish()
    }

    /// Counts `n` rows like `i` from row `idx` on; rows are added in fleet order. A run of
    /// alike rows is counted at once when it ends ([`Tally::finish`] ends the last); the
    /// capacities are added row by row, in fleet order.
    pub(super) fn add(&mut self, idx: usize, i: &Row, n: u32) {
        let serving = i.serves_traffic();
        if serving {
            self.capacity = add_times(self.capacity, i.capacity_rps, n);
        }
        let kind = (
            i.type_label,
            i.revision,
            i.state,
            i.role,
            serving,
            i.app_healthy(),
        );
        match &mut self.run {
            Some((k, _, count)) if *k == kind => *count += n,
            _ => {
                self.count_run();
                self.run = Some((kind, idx, n));
            }
        }
    }

    /// Counts the last run of alike rows.
    pub(super) fn finish(mut self) -> Tally {
        self.count_run();
        self
    }

    /// Counts the run of alike rows: `n` rows of one kind from row `first` on.
    fn count_run(&mut self) {
        let Some(((type_label, revision, state, role, serving, answers), first, n)) =
            self.run.take()
        else {
            return;
        };
        if state != LifecycleState::Terminated {
            match self.billed.iter_mut().find(|(t, _, _)| *t == type_label) {
                Some((_, _, billed)) => *billed += u64::from(n),
                None => self.billed.push((type_label, first, u64::from(n))),
            }
        }
        if role != Role::Member {
            return;
        }
        match state {
            LifecycleState::Pending | LifecycleState::PendingProceed => self.pending += n,
            LifecycleState::PendingWait => self.pending_wait += n,
            LifecycleState::InService => self.in_service += n,
            LifecycleState::Terminated => {}
            _ => self.terminating += n,
        }
        if serving {
            self.serving += n;
            let broken = if answers { 0 } else { n };
            match self.by_revision.iter_mut().find(|(r, ..)| *r == revision) {
                Some((_, _, count, b)) => {
                    *count += n;
                    *b += broken;
                }
                None => self.by_revision.push((revision, first, n, broken)),
            }
        }
    }
}

/// `sum` with `value` added `n` times, one by one: a float sum depends on its order. When all
/// are whole numbers below 2^53 every addition is exact, so the `n` additions are one product.
fn add_times(sum: f64, value: f64, n: u32) -> f64 {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    let whole = |x: f64| x.fract() == 0.0;
    // Rounding keeps order, so a computed bound below 2^53 is an exact one below it too.
    if n > 0 && whole(sum) && whole(value) && sum.abs() + f64::from(n) * value.abs() < EXACT {
        return sum + f64::from(n) * value;
    }
    (0..n).fold(sum, |s, _| s + value)
}

impl Sim {
    pub fn view(&self) -> View {
        let instances = (self.instances.iter())
            .zip(self.instances.minutes())
            .filter(|(i, _)| i.state != LifecycleState::Terminated)
            .map(|(i, minute)| InstanceView {
                id: i.id.to_string(),
                az: i.az.to_string(),
                state: i.state,
                revision: i.revision.as_deref().map(str::to_string),
                healthy: i.health == HealthStatus::Healthy,
                app_healthy: i.app_healthy,
                cpu: minute.cpu_pct,
                image_id: i.launch.image_id.to_string(),
                launch_label: i.launch.origin.label(),
                instance_type: i.launch.instance_type.to_string(),
                uptime_s: i.uptime_s(self.now),
                protected: i.protected_from_scale_in,
                role: i.role,
            })
            .collect();
        View {
            now: self.now,
            desired: self.sizes.desired,
            min_size: self.sizes.min,
            max_size: self.sizes.max,
            in_service: self.count(|i| i.state == LifecycleState::InService),
            load_rps: self.current_load(),
            capacity_rps: self.capacity_rps(),
            avg_cpu: self.last_avg_cpu,
            serving_cpu: self.last_serving_cpu,
            instances,
            alarms: self
                .alarms
                .iter()
                .map(|a| (a.name.clone(), a.state))
                .collect(),
            kubernetes: self
                .kube
                .as_ref()
                .filter(|_| cfg!(feature = "kubernetes"))
                .map(|k| k.view()),
        }
    }

    /// The CSV header of this run's samples ([`Sample::csv_row`]'s columns): the group's, the
    /// alarms', the extra groups' and, with a cluster, the cluster's (`kubernetes::sample`).
    pub fn csv_header(&self) -> String {
        let extra: Vec<String> = (self.scenario.extra_groups.iter())
            .map(|e| e.group.name.clone())
            .collect();
        let mut h = crate::trace::csv_header(&self.alarm_names());
        h.push_str(&crate::trace::csv_group_header(&extra));
        if self.kube.is_some() && cfg!(feature = "kubernetes") {
            h.push_str(&crate::kubernetes::sample::csv_header());
        }
        h
    }

    pub(super) fn record_sample(&mut self, minute: u64) {
        let extra_groups = self.extra_group_samples(minute);
        let kubernetes = self
            .kube
            .as_mut()
            .filter(|_| cfg!(feature = "kubernetes"))
            .map(|k| k.sample());
        // The minute's metrics pass tallied the rows on its walk; if an instance changed since
        // (a policy or a health check), tally again.
        let version = self.instances.version();
        let Tally {
            pending,
            pending_wait,
            in_service,
            terminating,
            capacity,
            serving,
            by_revision,
            billed,
            run: _,
        } = match self.sample_tally.take() {
            Some((v, t)) if v == version => t,
            _ => Tally::of(self.instances.rows()),
        };
        let groups: Vec<(Option<Text>, u32, u32)> = (by_revision.iter())
            .map(|&(_, idx, n, b)| (self.instances[idx].revision.clone(), n, b))
            .collect();
        // With an ECS service the load goes to its tasks; the group serves none itself.
        let load = if self.ecs.is_some() {
            0.0
        } else {
            self.last_load_rps
        };
        let share = if serving > 0 {
            load / f64::from(serving)
        } else {
            0.0
        };
        let uniform = self.uniform_capacity(share);
        let served: f64 = if uniform {
            load.min(capacity)
        } else {
            self.instances
                .iter()
                .filter(|i| i.serves_traffic())
                .map(|i| share.min(i.capacity_rps))
                .sum()
        };
        self.measure_minute(&groups, share, uniform);
        let rho = if capacity > 0.0 {
            (load / capacity).min(0.98)
        } else {
            0.98
        };
        let latency = self.scenario.assumptions.base_latency_ms / (1.0 - rho);
        self.delivery.measures.dropped += (load - served).max(0.0) * 60.0;
        let end = minute + 1;
        let avg = |m| self.metrics.span(m, end, 1).value(Statistic::Average);
        self.samples.push(Sample {
            t: self.now,
            desired: self.sizes.desired,
            min_size: self.sizes.min,
            max_size: self.sizes.max,
            pending,
            pending_wait,
            in_service,
            terminating,
            load_rps: load,
            served_rps: served,
            dropped_rps: (load - served).max(0.0),
            capacity_rps: capacity,
            avg_cpu: avg(MetricName::CPUUtilization),
            avg_mem: avg(MetricName::mem_used_percent),
            avg_disk: avg(MetricName::disk_used_percent),
            latency_ms: latency,
            errors_rps: self.last_errors_rps,
            revisions: self.last_revision_mix.clone(),
            alarms: self.alarms.iter().map(|a| a.state).collect(),
            groups: extra_groups,
            kubernetes,
        });
        if let Some(sample) = self.samples.last() {
            self.totals.add_minute(
                sample,
                billed
                    .iter()
                    .map(|&(_, idx, n)| (&*self.instances[idx].type_label, n)),
            );
        }
    }

    /// True when no serving instance is overloaded at this share, so served = min(load, capacity)
    /// without a per-instance pass.
    pub(super) fn uniform_capacity(&self, share: f64) -> bool {
        self.scenario
            .instance_types
            .iter()
            .all(|t| t.capacity_rps >= share)
    }
}

#[cfg(test)]
mod tests {
    use super::add_times;

    #[test]
    fn add_times_is_additions_one_by_one() {
        let big = 9_007_199_254_740_000.0; // 2^53 less 992
        for (sum, value) in [
            (0.0, 100.0),
            (-0.0, 0.0),
            (0.0, -0.0),
            (-0.0, -0.0),
            (250.0, 0.1),
            (0.3, 100.0),
            (big, 1.0),
            (big, 3.0),
            (-big, -5.0),
            (1e300, 1e300),
            (f64::NAN, 1.0),
            (1.0, f64::INFINITY),
        ] {
            for n in [0, 1, 2, 7, 400, 1000] {
                let one_by_one = (0..n).fold(sum, |s, _| s + value);
                let at_once = add_times(sum, value, n);
                assert!(
                    at_once.to_bits() == one_by_one.to_bits()
                        || (at_once.is_nan() && one_by_one.is_nan()),
                    "{sum} + {n} x {value}: {at_once} against {one_by_one}"
                );
            }
        }
    }
}
