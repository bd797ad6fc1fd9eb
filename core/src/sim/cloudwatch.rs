//! CloudWatch's minute: the group's metrics from the instances (A4.9 to A4.11), the sliding
//! windows and alarm evaluation (A4.3 to A4.7), and the policies the alarms invoke.

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

impl Sim {
    pub(super) fn minute_tick(&mut self) {
        let minute = self.now.ms() / MS_PER_MIN - 1;
        // Per group: whether an InService member is not running or not answering, the only
        // instances a health check acts on (A2.6, A2.7). The alarms' policies in between only
        // launch (Pending) and begin terminations, so no instance becomes one before the checks.
        let mut suspects = vec![false; self.group_count()];
        for (g, suspect) in suspects.iter_mut().enumerate() {
            self.activate(g);
            // The retain also counts the instances that serve traffic (a terminated one never
            // does), for the metrics' share of the load, and finds the suspects.
            let mut serving = 0u32;
            self.instances.retain(|i| {
                serving += u32::from(i.serves_traffic());
                *suspect |= i.state == LifecycleState::InService
                    && i.role == Role::Member
                    && !(i.ec2_running && i.app_healthy);
                i.state != LifecycleState::Terminated
            });
            // One pass each for: the retain, metrics, health checks and the sample.
            self.visit(4 * self.instances.len());
            debug_assert_eq!(
                self.census,
                Census::of(&self.instances, self.group_spec().availability_zones.len()),
                "the census drifted from the fleet"
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
        // Gather the group's samples in one pass, then store one aggregate per metric.
        let mut agg = [Agg::default(); MetricName::ALL.len()];
        let (mut serving_cpu, mut serving_n) = (0.0, 0.0);
        for i in self.instances.iter_mut() {
            let serving = i.serves_traffic();
            let util = if serving && i.capacity_rps > 0.0 {
                (share / i.capacity_rps).min(1.0)
            } else {
                0.0
            };
            let hours = now.since(i.launched_at) as f64 / 3_600_000.0;
            i.cpu_pct = if i.ec2_running {
                idle + (100.0 - idle) * util
            } else {
                0.0
            };
            if serving {
                serving_cpu += i.cpu_pct;
                serving_n += 1.0;
            }
            i.mem_pct = (mem_base + mem_cpu * i.cpu_pct + leak * hours).min(100.0);
            i.disk_pct = (disk_base + disk_grow * hours).min(100.0);
            i.cpu_acc.0 += i.cpu_pct;
            i.cpu_acc.1 += 1;
            // A2.10: counts in the group's metrics once InService and past the warm-up.
            let counts = serving
                && match (warmup_ms, i.in_service_at) {
                    (Some(w), Some(t)) => now.since(t) >= w,
                    _ => true,
                };
            if !counts {
                continue;
            }
            let served = share.min(i.capacity_rps);
            // A4.9: detailed monitoring publishes every minute, basic every fifth minute.
            if i.launch.detailed_monitoring || publish_basic {
                let cpu = if i.launch.detailed_monitoring {
                    i.cpu_pct
                } else {
                    i.cpu_acc.0 / f64::from(i.cpu_acc.1.max(1))
                };
                agg[MetricName::CPUUtilization.index()].add(cpu);
                agg[MetricName::NetworkIn.index()].add(served * 60.0 * 2_000.0);
                agg[MetricName::NetworkOut.index()].add(served * 60.0 * 20_000.0);
                i.cpu_acc = (0.0, 0);
            }
            // A4.10: the CloudWatch agent publishes every minute.
            agg[MetricName::mem_used_percent.index()].add(i.mem_pct);
            agg[MetricName::disk_used_percent.index()].add(i.disk_pct);
            agg[MetricName::RequestCountPerTarget.index()].add(share * 60.0);
        }
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
