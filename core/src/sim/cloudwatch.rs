//! CloudWatch's minute: the group's metrics from the instances (A4.9 to A4.11), the sliding
//! windows and alarm evaluation (A4.3 to A4.7), and the policies the alarms invoke.

use super::fleet::{Minute, Row};
use super::*;

pub(super) struct AlarmRuntime {
    pub(super) name: String,
    pub(super) metric: MetricName,
    pub(super) statistic: Statistic,
    pub(super) period_min: u64,
    pub(super) rules: EvaluationRules,
    pub(super) state: AlarmState,
    pub(super) actions: Vec<Invoke>,
    /// The real datapoints used at the last evaluation, newest last.
    pub(super) last_values: Vec<f64>,
    /// Index into `Sim::series`: the windows of this alarm's metric and period (A4.3).
    pub(super) series: usize,
    /// The group whose metrics the alarm watches (its `AutoScalingGroupName` dimension).
    pub(super) group: usize,
}

/// Who created an alarm the simulator evaluates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmOrigin<'a> {
    /// One of the scenario's own alarms.
    User,
    /// The high alarm of a target-tracking policy's pair (A3.4.2), named after the policy.
    TrackingHigh { policy: &'a str },
    /// The low alarm of that pair (A3.4.2).
    TrackingLow { policy: &'a str },
}

/// One alarm as the simulator evaluates it (A4.2, A3.4.2/A3.4.3): what the faces draw, so they
/// need not re-derive the target-tracking thresholds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EvaluatedAlarm<'a> {
    pub name: &'a str,
    pub metric: MetricName,
    pub threshold: f64,
    pub comparison: alarm::ComparisonOperator,
    pub origin: AlarmOrigin<'a>,
}

impl Sim {
    /// Every alarm the run evaluates, user alarms first, then each target-tracking policy's
    /// pair in policy order (high, then low).
    pub fn alarm_specs(&self) -> Vec<EvaluatedAlarm<'_>> {
        let mut specs: Vec<EvaluatedAlarm<'_>> = self
            .alarms
            .iter()
            .map(|a| EvaluatedAlarm {
                name: &a.name,
                metric: a.metric,
                threshold: a.rules.threshold,
                comparison: a.rules.comparison,
                origin: AlarmOrigin::User,
            })
            .collect();
        for p in &self.policies {
            let policy = p.name.as_str();
            if let Some(s) = p.high_alarm.and_then(|i| specs.get_mut(i)) {
                s.origin = AlarmOrigin::TrackingHigh { policy };
            }
            if let Some(s) = p.low_alarm.and_then(|i| specs.get_mut(i)) {
                s.origin = AlarmOrigin::TrackingLow { policy };
            }
        }
        specs
    }
}

/// What each row of a run of alike serving rows adds to the minute's samples
/// (`Sim::collect_metrics`).
#[derive(Clone, Copy)]
struct Samples {
    /// How many of the samples (1: the serving CPU; 4: and the agent's; 7: and the published).
    len: u8,
    /// The bits of the capacity (the CPU and the requests served follow from it).
    capacity: u64,
    /// The launch time (memory and disk grow with uptime), when the row counts.
    launched_at: u64,
    /// The bits of the published CPU, when published.
    published_cpu: u64,
}

/// A run of alike rows on the minute's walk (`Sim::collect_metrics`).
struct Run {
    /// The first row, as the minute left it.
    row: Row,
    first: usize,
    n: u32,
    /// Past the warm-up (A2.10).
    counts: bool,
    /// The rows' state before the minute.
    before: Minute,
    /// What each row adds, if it serves.
    samples: Option<Samples>,
}

impl Sim {
    pub(super) fn minute_tick(&mut self) {
        let minute = self.now.ms() / MS_PER_MIN - 1;
        // Per group: whether an InService member is not running or not answering, the only
        // instances a health check acts on (A2.6, A2.7). The alarms' policies in between only
        // launch (Pending) and begin terminations, so no instance becomes one before the checks.
        let mut suspects = vec![false; self.group_count()];
        for (g, suspect) in suspects.iter_mut().enumerate() {
            self.activate(g);
            // The fleet counts the instances that serve traffic (for the metrics' share of the
            // load) and the suspects as they change, and drops the terminated instances only
            // when there are some.
            self.instances.remove_terminated();
            let serving = self.instances.serving();
            *suspect = self.instances.has_suspects();
            // One pass each for: the retain, metrics, health checks and the sample.
            self.visit(4 * self.instances.len());
            debug_assert_eq!(
                self.census,
                Census::of(&self.instances, self.group_spec().availability_zones.len()),
                "the census drifted from the fleet"
            );
            debug_assert!(
                self.instances.consistent(),
                "the minute's rows drifted from the fleet"
            );
            self.collect_metrics(minute, serving);
            if g == 0 {
                // The ECS service runs on the primary group (docs/ecs.md).
                self.ecs_minute(minute);
            }
            for (series, _) in self
                .series
                .iter_mut()
                .zip(&self.series_groups)
                .filter(|(_, &sg)| sg == g)
            {
                let merged = series.push_minute(&self.metrics, minute);
                self.work.steps = self.work.steps.saturating_add(merged);
            }
        }
        self.evaluate_alarms(minute + 1);
        for (g, _) in suspects.iter().enumerate().filter(|(_, &suspect)| suspect) {
            self.activate(g);
            self.health_checks();
        }
        self.activate(0);
        self.record_sample(minute);
    }

    /// Spreads the load over the `serving` instances that serve traffic and publishes
    /// datapoints.
    pub(super) fn collect_metrics(&mut self, minute: u64, serving: u32) {
        // The minute's datapoint describes the minute: the pattern is read at its middle, so a
        // spike that starts on the next minute does not leak into this one. A live override
        // holds from when it was set, so it is read now.
        let load = self.group_load(SimTime(self.now.ms().saturating_sub(MS_PER_MIN / 2)));
        self.last_load_rps = load;
        // With an ECS service the load goes to its tasks (`ecs_minute`), not to the group's
        // instances, which are container instances.
        let share = if serving > 0 && self.ecs.is_none() {
            load / f64::from(serving)
        } else {
            0.0
        };
        let a = &self.scenario.assumptions;
        let (idle, mem_base, mem_cpu, leak, disk_base, disk_grow) = (
            a.idle_cpu_pct,
            a.mem_base_pct,
            a.mem_per_cpu_pct,
            a.mem_leak_pct_per_hour,
            a.disk_base_pct,
            a.disk_growth_pct_per_hour,
        );
        let warmup_ms = self
            .scenario
            .group
            .default_instance_warmup_s
            .map(|s| u64::from(s) * MS_PER_S);
        let now = self.now;
        let publish_basic = (minute + 1).is_multiple_of(5);
        // A serving instance's CPU at its capacity (it runs, or it would not serve).
        let serving_cpu_at = |capacity_rps: f64| {
            let util = if capacity_rps > 0.0 {
                (share / capacity_rps).min(1.0)
            } else {
                0.0
            };
            idle + (100.0 - idle) * util
        };
        let idle_cpu = idle + (100.0 - idle) * 0.0;
        // The samples of a run of alike rows (see `Samples`), in the order of `acc`.
        let samples = |run: &Samples| -> [f64; 7] {
            let capacity_rps = f64::from_bits(run.capacity);
            let cpu = serving_cpu_at(capacity_rps);
            let hours = now.since(SimTime(run.launched_at)) as f64 / 3_600_000.0;
            let served = share.min(capacity_rps);
            [
                cpu,
                (mem_base + mem_cpu * cpu + leak * hours).min(100.0),
                (disk_base + disk_grow * hours).min(100.0),
                share * 60.0,
                f64::from_bits(run.published_cpu),
                served * 60.0 * 2_000.0,
                served * 60.0 * 20_000.0,
            ]
        };
        // Gather the group's samples in one pass, then store one aggregate per metric. In
        // order: the serving instances' CPU (for their mean); memory, disk and requests per
        // target, from the instances that count (A2.10) through the CloudWatch agent, every
        // minute (A4.10); CPU and network, when published (A4.9). The serving CPU is a
        // percentage (finite), so its accumulator's sum is the plain sum.
        let mut acc = [Agg::default(); 7];
        let add = |acc: &mut [Agg; 7], run: &Samples, n: u64| {
            let v = samples(run);
            if run.len == 1 {
                if let (Some(a), Some(&v)) = (acc.first_chunk_mut::<1>(), v.first_chunk::<1>()) {
                    Agg::add_rounds(a, v, n);
                }
            } else if run.len == 4 {
                if let (Some(a), Some(&v)) = (acc.first_chunk_mut::<4>(), v.first_chunk::<4>()) {
                    Agg::add_rounds(a, v, n);
                }
            } else {
                Agg::add_rounds(acc, v, n);
            }
        };
        // A2.10: counts in the group's metrics once InService and past the warm-up.
        let counts = |i: &Row| match (warmup_ms, i.in_service_at()) {
            (Some(w), Some(t)) => now.since(t) >= w,
            _ => true,
        };
        // A row's minute: its CPU, its basic-monitoring sum, and the samples it adds (if it
        // serves).
        let advance = |i: &Row, counts: bool, mut m: Minute| -> (Minute, Option<Samples>) {
            let serving = i.serves_traffic();
            m.cpu_pct = if serving {
                serving_cpu_at(i.capacity_rps)
            } else if i.ec2_running() {
                idle_cpu
            } else {
                0.0
            };
            m.cpu_sum += m.cpu_pct;
            m.cpu_n += 1;
            if !serving {
                return (m, None);
            }
            let mut this = Samples {
                len: 1,
                capacity: i.capacity_rps.to_bits(),
                launched_at: 0,
                published_cpu: 0,
            };
            if counts {
                this.len = 4;
                this.launched_at = i.launched_at.ms();
                // A4.9: detailed monitoring publishes every minute, basic every fifth minute.
                if i.detailed_monitoring() || publish_basic {
                    let cpu = if i.detailed_monitoring() {
                        m.cpu_pct
                    } else {
                        m.cpu_sum / f64::from(m.cpu_n.max(1))
                    };
                    this.len = 7;
                    this.published_cpu = cpu.to_bits();
                    m.cpu_sum = 0.0;
                    m.cpu_n = 0;
                }
            }
            (m, Some(this))
        };
        // The primary group's sample (`sim/observe.rs`) is tallied on the same walk.
        let mut tally = (self.active == 0).then(observe::Tally::default);
        // Alike instances sit next to each other (launched together, in launch order): a run
        // of alike rows that start the minute in the same state goes through it once, the
        // first row keeps the state and the others share it (`sim/fleet.rs`), and the run's
        // samples are added at once, their sums one by one in fleet order.
        let mut run: Option<Run> = None;
        let mut end_run = |run: Run, acc: &mut [Agg; 7]| {
            if let Some(t) = &mut tally {
                t.add(run.first, &run.row, run.n);
            }
            if let Some(samples) = &run.samples {
                add(acc, samples, u64::from(run.n));
            }
        };
        // The state of the row before, as the minute found it.
        let mut before_prev = Minute::default();
        // The instances' rows (`sim/fleet.rs`) hold all this pass reads and writes.
        for (idx, i) in self.instances.rows_mut().iter_mut().enumerate() {
            let counts = counts(i);
            // A row that shares the run's state and is alike joins it, unwritten.
            if let Some(r) = &mut run {
                if i.shares_minute() && r.counts == counts && i.alike(&r.row) {
                    r.n += 1;
                    continue;
                }
            }
            let before = i.minute().unwrap_or(before_prev);
            before_prev = before;
            match &mut run {
                Some(r) if r.counts == counts && i.alike(&r.row) && r.before.same(&before) => {
                    r.n += 1;
                    i.set_minute(None);
                }
                _ => {
                    if let Some(r) = run.take() {
                        end_run(r, &mut acc);
                    }
                    let (after, samples) = advance(i, counts, before);
                    i.set_minute(Some(after));
                    run = Some(Run {
                        row: *i,
                        first: idx,
                        n: 1,
                        counts,
                        before,
                        samples,
                    });
                }
            }
        }
        if let Some(r) = run {
            end_run(r, &mut acc);
        }
        self.sample_tally = tally.map(|t| (self.instances.version(), t.finish()));
        let [serving, mem, disk, requests, cpu, net_in, net_out] = acc;
        let mut agg = [Agg::default(); MetricName::ALL.len()];
        for (m, a) in [
            (MetricName::CPUUtilization, cpu),
            (MetricName::NetworkIn, net_in),
            (MetricName::NetworkOut, net_out),
            (MetricName::mem_used_percent, mem),
            (MetricName::disk_used_percent, disk),
            (MetricName::RequestCountPerTarget, requests),
        ] {
            agg[m.index()] = a;
        }
        let serving_cpu = serving.value(Statistic::Sum).unwrap_or(0.0);
        let serving_n = serving.count() as f64;
        for m in MetricName::ALL {
            self.metrics.record_agg(m, minute, &agg[m.index()]);
        }
        self.last_serving_cpu = if serving_n > 0.0 {
            serving_cpu / serving_n
        } else {
            0.0
        };
        let cpu = agg[MetricName::CPUUtilization.index()];
        let (cpu_sum, cpu_n) = (cpu.value(Statistic::Sum).unwrap_or(0.0), cpu.count() as u32);
        if cpu_n > 0 {
            self.last_avg_cpu = cpu_sum / f64::from(cpu_n);
        }
    }

    /// A4.3: every alarm is evaluated each minute over its sliding window; A4.7: Auto Scaling
    /// actions run on every evaluation that finds the alarm in ALARM. The policies then run
    /// on their targets, group by group (`sim/scaling.rs`).
    pub(super) fn evaluate_alarms(&mut self, end_minute: u64) {
        let mut invocations: Vec<(usize, Invoke)> = Vec::new();
        for ai in 0..self.alarms.len() {
            // The alarm reads its group's metrics.
            self.activate(self.alarms[ai].group);
            let a = &self.alarms[ai];
            let range = a.rules.evaluation_range().max(1);
            let series = &self.series[a.series];
            let mut points: Vec<Option<f64>> = Vec::with_capacity(range);
            for back in (0..range as u64).rev() {
                let end = end_minute.saturating_sub(back * a.period_min);
                let p = if end < a.period_min {
                    None
                } else {
                    // A4.3: the window was aggregated when its last minute arrived.
                    series
                        .window(end)
                        .unwrap_or_else(|| self.metrics.span(a.metric, end, a.period_min))
                        .value(a.statistic)
                };
                points.push(p);
            }
            self.work.steps = self.work.steps.saturating_add(range as u64);
            let ev = alarm::evaluate(&a.rules, &points, a.state);
            let n = a.rules.evaluation_periods as usize;
            let mut last_values: Vec<f64> =
                points.iter().rev().flatten().take(n).copied().collect();
            last_values.reverse();
            let from = a.state;
            let a = &mut self.alarms[ai];
            a.last_values = last_values;
            if ev.state != from {
                a.state = ev.state;
                self.outputs.push_back(Output::AlarmStateChanged {
                    t: self.now,
                    alarm: a.name.clone(),
                    from,
                    to: ev.state,
                    reason: ev.reason(),
                });
            }
            if a.state == AlarmState::Alarm {
                invocations.extend(a.actions.iter().map(|&inv| (ai, inv)));
            }
        }
        if invocations.is_empty() {
            return;
        }
        for g in 0..self.group_count() {
            let mine: Vec<(usize, Invoke)> = invocations
                .iter()
                .filter(|(_, inv)| self.policies[inv.policy()].group == g)
                .copied()
                .collect();
            if mine.is_empty() {
                continue;
            }
            self.activate(g);
            if self.suspended(ScalingProcess::AlarmNotification) {
                continue;
            }
            self.run_policies(&mine);
        }
        self.activate(0);
        // C4: the ECS service's policies (its target index follows the groups').
        let service: Vec<(usize, Invoke)> = invocations
            .iter()
            .filter(|(_, inv)| self.policies[inv.policy()].group >= self.group_count())
            .copied()
            .collect();
        if !service.is_empty() {
            self.run_service_policies(&service);
        }
    }
}
