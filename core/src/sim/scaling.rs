//! Dynamic scaling as it runs (A3): which policy an alarm invokes and the alarms a
//! target-tracking policy creates (A3.4.2), and each group as a scalable target
//! ([`crate::policy::ScalableTarget`]): its simple-scaling gate (A3.2.1), its warm-up rules
//! (A2.10, A3.3.6) and how a new desired capacity reaches its instances. The policy path
//! itself (simple, step, target tracking, conflicts) is [`crate::policy::invoke`]'s.

use std::collections::BTreeSet;

use super::*;
use crate::policy::invoke::{self, AlarmView, PolicyView};
use crate::policy::{Capacity, Gate, ScalableTarget, SetDesired};

pub(super) struct PolicyRuntime {
    pub(super) name: String,
    pub(super) enabled: bool,
    pub(super) kind: PolicyKind,
    /// The group (scalable target) it scales.
    pub(super) group: usize,
    /// Target tracking: its own alarm pair (A3.4.2).
    pub(super) high_alarm: Option<usize>,
    pub(super) low_alarm: Option<usize>,
    /// The text of its last decision: a decision is reported when its text changes.
    pub(super) last_decision: String,
}

/// A2.9/A3.2.1: the simple-policy gate: wait for the activity, then the cooldown.
#[derive(Default)]
pub(super) struct SimpleGate {
    /// The activity's instances still launching or terminating. A set: each instance event
    /// removes its own key in O(log n), so a burst of N launches costs O(N log N).
    pub(super) waiting_for: BTreeSet<u64>,
    pub(super) cooldown_ms: u64,
    pub(super) until: SimTime,
}

impl Sim {
    pub(super) fn build_alarms_and_policies(&mut self) {
        let s = &self.scenario;
        // Validation checked every group name; an unknown one falls back to the primary group.
        let group_of = |name: &Option<String>| s.group_index(name.as_deref()).unwrap_or(0);
        let mut alarms = Vec::new();
        let mut policies = Vec::new();
        for spec in &s.alarms {
            alarms.push(AlarmRuntime {
                name: spec.name.clone(),
                metric: spec.metric,
                statistic: spec.statistic,
                period_min: u64::from(spec.period_s / 60).max(1),
                rules: EvaluationRules {
                    evaluation_periods: spec.evaluation_periods,
                    datapoints_to_alarm: spec
                        .datapoints_to_alarm
                        .unwrap_or(spec.evaluation_periods),
                    threshold: spec.threshold,
                    comparison: spec.comparison_operator,
                    treat_missing_data: spec.treat_missing_data,
                },
                state: AlarmState::InsufficientData,
                actions: Vec::new(),
                last_values: Vec::new(),
                series: 0,
                group: group_of(&spec.group),
            });
        }
        // The groups' policies, then the ECS service's (C4), each with its target and the
        // model of its target-tracking alarm pair.
        let service = self.ecs_service_policies();
        let all = s
            .policies
            .iter()
            .map(|p| (p, group_of(&p.group), &s.assumptions.target_tracking_alarms))
            .chain(service.iter().map(|(p, t, m)| (p, *t, m)));
        for (pi, (p, group, model)) in all.enumerate() {
            let mut rt = PolicyRuntime {
                name: p.name.clone(),
                enabled: p.enabled,
                kind: p.kind.clone(),
                group,
                high_alarm: None,
                low_alarm: None,
                last_decision: String::new(),
            };
            match &p.kind {
                PolicyKind::TargetTrackingScaling {
                    metric,
                    target_value,
                    ..
                } => {
                    // A3.4.2/A3.4.3: the alarm pair AWS creates (parameters UNCONFIRMED), named
                    // after the target. The service's alarms read the primary group's metric
                    // store, where the service's metrics are published.
                    let th = alarm_thresholds(*target_value, model);
                    let uuid = activity::keyed_uuid(Keyed::TargetTrackingAlarm, s.seed, pi as u64);
                    let period_min = u64::from(model.period_s / 60).max(1);
                    for (high, threshold, n, cmp) in [
                        (
                            true,
                            th.high,
                            model.high_datapoints,
                            alarm::ComparisonOperator::GreaterThanThreshold,
                        ),
                        (
                            false,
                            th.low,
                            model.low_datapoints,
                            alarm::ComparisonOperator::LessThanThreshold,
                        ),
                    ] {
                        let idx = alarms.len();
                        alarms.push(AlarmRuntime {
                            name: self.targets[group].tracking_alarm_name(high, &uuid),
                            metric: *metric,
                            statistic: Statistic::Average,
                            period_min,
                            rules: EvaluationRules {
                                evaluation_periods: n,
                                datapoints_to_alarm: n,
                                threshold,
                                comparison: cmp,
                                treat_missing_data: alarm::TreatMissingData::Missing,
                            },
                            state: AlarmState::InsufficientData,
                            actions: vec![if high {
                                Invoke::TargetHigh(pi)
                            } else {
                                Invoke::TargetLow(pi)
                            }],
                            last_values: Vec::new(),
                            series: 0,
                            group: if group < self.group_count() { group } else { 0 },
                        });
                        if high {
                            rt.high_alarm = Some(idx);
                        } else {
                            rt.low_alarm = Some(idx);
                        }
                    }
                }
                _ => {
                    // Simple and step policies are invoked by the user alarms naming them.
                    for (ai, a) in s.alarms.iter().enumerate() {
                        if a.alarm_actions.iter().any(|n| n == &p.name) {
                            alarms[ai].actions.push(Invoke::Policy(pi));
                        }
                    }
                }
            }
            policies.push(rt);
        }
        // A4.3: alarms on the same group, metric and period read the same windows.
        let mut by_key: BTreeMap<(usize, usize, u64), usize> = BTreeMap::new();
        let mut series: Vec<PeriodSeries> = Vec::new();
        let mut series_groups: Vec<usize> = Vec::new();
        for a in alarms.iter_mut() {
            let range = a.rules.evaluation_range().max(1);
            let key = (a.group, a.metric.index(), a.period_min);
            let idx = *by_key.entry(key).or_insert_with(|| {
                series.push(PeriodSeries::new(a.metric, a.period_min, range));
                series_groups.push(a.group);
                series.len() - 1
            });
            series[idx].widen(range);
            a.series = idx;
        }
        self.series = series;
        self.series_groups = series_groups;
        self.alarms = alarms;
        self.policies = policies;
    }

    /// Instances the metric describes (InService, running, past the default warm-up).
    pub(super) fn metric_instances(&self) -> u32 {
        let warmup_ms = self
            .group_spec()
            .default_instance_warmup_s
            .map(|s| u64::from(s) * MS_PER_S);
        let now = self.now;
        // The instances' rows (`sim/fleet.rs`) hold what this reads.
        let rows = self.instances.rows().iter();
        rows.filter(|i| {
            i.serves_traffic()
                && match (warmup_ms, i.in_service_at()) {
                    (Some(w), Some(t)) => now.since(t) >= w,
                    _ => true,
                }
        })
        .count() as u32
    }

    /// Serving instances, less those a scale-out launched that are still warming up
    /// (A3.3.6's "capacity not warming").
    pub(super) fn warmed_instances(&self, warmup_ms: u64) -> u32 {
        let now = self.now;
        self.count(|i| {
            i.serves_traffic()
                && (!i.scale_out_launch
                    || i.in_service_at.is_some_and(|t| now.since(t) >= warmup_ms))
        })
    }

    /// A2.10: policy warm-up = EstimatedInstanceWarmup, else DefaultInstanceWarmup, else
    /// DefaultCooldown.
    pub(super) fn policy_warmup_ms(&self, estimated: Option<u32>) -> u64 {
        let g = self.group_spec();
        u64::from(
            estimated
                .or(g.default_instance_warmup_s)
                .unwrap_or(g.default_cooldown_s),
        ) * MS_PER_S
    }

    /// A3.3.6: a scale-out is in progress while any instance is launching or warming up.
    pub(super) fn scale_out_in_progress(&self, warmup_ms: u64) -> bool {
        let now = self.now;
        self.instances.iter().any(|i| {
            i.scale_out_launch
                && (i.state.is_pending()
                    || (i.state == LifecycleState::InService
                        && i.in_service_at.is_some_and(|t| now.since(t) < warmup_ms)))
        })
    }

    /// Reports a decision when its text differs from the policy's previous one.
    pub(super) fn decide(&mut self, policy: usize, decision: ScalingDecision) {
        let text = decision.text();
        let p = &mut self.policies[policy];
        if p.last_decision != text {
            p.last_decision = text;
            self.outputs.push_back(Output::PolicyDecision {
                t: self.now,
                decision,
            });
        }
    }

    /// The policy path of one evaluation on the active group: every invocation, then the
    /// proposals resolved (A3.5) and the new desired capacity set.
    pub(super) fn run_policies(&mut self, invocations: &[(usize, Invoke)]) {
        // The views borrow the alarms and policies; the target borrows the rest of the run.
        let alarms = std::mem::take(&mut self.alarms);
        let policies = std::mem::take(&mut self.policies);
        let alarm_views: Vec<AlarmView<'_>> = alarms
            .iter()
            .map(|a| AlarmView {
                name: &a.name,
                threshold: a.rules.threshold,
                state: a.state,
                last_values: &a.last_values,
            })
            .collect();
        let policy_views: Vec<PolicyView<'_>> = policies
            .iter()
            .map(|p| PolicyView {
                name: &p.name,
                enabled: p.enabled,
                kind: &p.kind,
                target: p.group,
                low_alarm: p.low_alarm,
            })
            .collect();
        let (decisions, change) =
            invoke::evaluate(&AsgTarget(self), &policy_views, &alarm_views, invocations);
        drop((alarm_views, policy_views));
        self.alarms = alarms;
        self.policies = policies;
        for (pi, d) in decisions {
            self.decide(pi, d);
        }
        if let Some(change) = change {
            AsgTarget(self).set_desired_capacity(&change);
        }
    }

    /// Called when an instance finishes launching or terminating (or leaves the group): an
    /// instance the gate waits for stops being waited for at its next such event (A3.2.1).
    pub(super) fn simple_gate_progress(&mut self, key: u64) {
        self.visit(1);
        let g = &mut self.simple_gate;
        if g.waiting_for.is_empty() {
            return;
        }
        g.waiting_for.remove(&key);
        if g.waiting_for.is_empty() {
            g.until = self.now.plus_ms(g.cooldown_ms);
        }
    }
}

/// The active Auto Scaling group as a scalable target (A3.7).
struct AsgTarget<'a, S>(&'a mut S);

impl ScalableTarget for AsgTarget<'_, Sim> {
    fn id(&self) -> &TargetId {
        self.0.target_id()
    }

    fn capacity(&self) -> Capacity {
        let s = self.0.sizes;
        Capacity {
            min: s.min,
            max: s.max,
            desired: s.desired,
        }
    }

    fn current_capacity(&self) -> u32 {
        self.0.metric_instances()
    }

    fn simple_gate(&self) -> Gate {
        let (sim, g) = (&*self.0, &self.0.simple_gate);
        if !g.waiting_for.is_empty() {
            Gate::ActivityInProgress
        } else if sim.now < g.until {
            Gate::Cooldown {
                left_s: g.until.since(sim.now) / MS_PER_S,
            }
        } else {
            Gate::Open
        }
    }

    fn default_cooldown_s(&self) -> u32 {
        self.0.group_spec().default_cooldown_s
    }

    fn warmup_ms(&self, estimated_s: Option<u32>) -> u64 {
        self.0.policy_warmup_ms(estimated_s)
    }

    fn capacity_not_warming(&self, warmup_ms: u64) -> u32 {
        self.0.warmed_instances(warmup_ms)
    }

    fn scale_out_in_progress(&self, warmup_ms: u64) -> bool {
        self.0.scale_out_in_progress(warmup_ms)
    }

    /// Sets desired and reconciles; a simple policy's gate then waits for the activity's
    /// instances and its cooldown (A3.2.1).
    fn set_desired_capacity(&mut self, change: &SetDesired) {
        let sim = &mut *self.0;
        let trigger = Trigger::Alarm {
            alarm: change.alarm.clone(),
            policy: change.policy.clone(),
        };
        sim.sizes.desired = change.to;
        let Some(cooldown) = change.simple_cooldown_s else {
            sim.reconcile(trigger, change.from);
            return;
        };
        let before: Vec<u64> = sim.instances.iter().map(|i| i.key).collect();
        sim.reconcile(trigger, change.from);
        // The activity's instances: the ones it launched and the ones terminating, while
        // they are still launching or terminating.
        let waiting: BTreeSet<u64> = sim
            .instances
            .iter()
            // `before` is sorted, like the instance list.
            .filter(|i| before.binary_search(&i.key).is_err() || i.state.is_terminating())
            .filter(|i| {
                i.state.is_pending()
                    || (i.state.is_terminating() && i.state != LifecycleState::Terminated)
            })
            .map(|i| i.key)
            .collect();
        sim.visit(sim.instances.len());
        let cooldown_ms = u64::from(cooldown) * MS_PER_S;
        sim.simple_gate = SimpleGate {
            // Nothing to wait for (for example Launch is suspended): the cooldown starts now.
            until: sim.now.plus_ms(cooldown_ms),
            waiting_for: waiting,
            cooldown_ms,
        };
    }
}
