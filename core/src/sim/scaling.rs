//! Dynamic scaling as it runs (A3): which policy an alarm invokes, simple scaling's gate
//! (A3.2.1), step and target tracking, the warm-up rules (A2.10, A3.3.6) and conflicts between
//! policies (A3.5). The arithmetic is [`crate::policy`]'s; this module calls it.

use super::*;

/// Which policy an alarm invokes, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Invoke {
    /// A user alarm's action: run the (simple or step) policy.
    Policy(usize),
    TargetHigh(usize),
    TargetLow(usize),
}

pub(super) struct PolicyRuntime {
    pub(super) name: String,
    pub(super) enabled: bool,
    pub(super) kind: PolicyKind,
    /// Target tracking: its own alarm pair (A3.4.2).
    pub(super) high_alarm: Option<usize>,
    pub(super) low_alarm: Option<usize>,
    pub(super) last_decision: String,
}

/// A proposal from one policy invocation, resolved at the end of the tick (A3.5).
pub(super) struct Proposal {
    pub(super) policy: usize,
    pub(super) alarm: usize,
    pub(super) desired: u32,
}

/// Instance keys, each crossed off once: a sorted list searched by bisection (O(log n) a
/// removal), not a tree, so the page carries no tree code for it.
#[derive(Default)]
pub(super) struct KeySet {
    keys: Vec<u64>,
    gone: Vec<bool>,
    left: usize,
}

impl KeySet {
    pub(super) fn new(mut keys: Vec<u64>) -> Self {
        crate::sort::sort(&mut keys);
        keys.dedup();
        KeySet {
            gone: vec![false; keys.len()],
            left: keys.len(),
            keys,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.left == 0
    }

    pub(super) fn remove(&mut self, key: &u64) {
        if let Ok(i) = self.keys.binary_search(key) {
            if let Some(gone) = self.gone.get_mut(i).filter(|g| !**g) {
                *gone = true;
                self.left -= 1;
            }
        }
    }
}

/// A2.9/A3.2.1: the simple-policy gate: wait for the activity, then the cooldown.
#[derive(Default)]
pub(super) struct SimpleGate {
    /// The activity's instances still launching or terminating: each instance event removes
    /// its own key in O(log n), so a burst of N launches costs O(N log N).
    pub(super) waiting_for: KeySet,
    pub(super) cooldown_ms: u64,
    pub(super) until: SimTime,
}

pub(super) fn adjustment_name(t: AdjustmentType) -> &'static str {
    match t {
        AdjustmentType::ChangeInCapacity => "ChangeInCapacity",
        AdjustmentType::ExactCapacity => "ExactCapacity",
        AdjustmentType::PercentChangeInCapacity => "PercentChangeInCapacity",
    }
}

impl Sim {
    pub(super) fn build_alarms_and_policies(&mut self) {
        let s = &self.scenario;
        let asg = s.group.name.clone();
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
            });
        }
        for (pi, p) in s.policies.iter().enumerate() {
            let mut rt = PolicyRuntime {
                name: p.name.clone(),
                enabled: p.enabled,
                kind: p.kind.clone(),
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
                    // A3.4.2/A3.4.3: the alarm pair AWS creates (parameters UNCONFIRMED).
                    let model = &s.assumptions.target_tracking_alarms;
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
                        let kind = if high { "AlarmHigh" } else { "AlarmLow" };
                        let idx = alarms.len();
                        alarms.push(AlarmRuntime {
                            name: format!("TargetTracking-{asg}-{kind}-{uuid}"),
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
        // A4.3: alarms on the same metric with the same period read the same windows.
        let mut by_key: BTreeMap<(usize, u64), usize> = BTreeMap::new();
        let mut series: Vec<PeriodSeries> = Vec::new();
        for a in alarms.iter_mut() {
            let range = a.rules.evaluation_range().max(1);
            let key = (a.metric.index(), a.period_min);
            let idx = *by_key.entry(key).or_insert_with(|| {
                series.push(PeriodSeries::new(a.metric, a.period_min, range));
                series.len() - 1
            });
            series[idx].widen(range);
            a.series = idx;
        }
        self.series = series;
        self.alarms = alarms;
        self.policies = policies;
    }

    /// Instances the metric describes (InService, running, past the default warm-up).
    pub(super) fn metric_instances(&self) -> u32 {
        let warmup_ms = self
            .scenario
            .group
            .default_instance_warmup_s
            .map(|s| u64::from(s) * MS_PER_S);
        let now = self.now;
        self.count(|i| {
            i.serves_traffic()
                && match (warmup_ms, i.in_service_at) {
                    (Some(w), Some(t)) => now.since(t) >= w,
                    _ => true,
                }
        })
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
        let g = &self.scenario.group;
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

    pub(super) fn decide(&mut self, policy: usize, decision: String) {
        let p = &mut self.policies[policy];
        if p.last_decision != decision {
            p.last_decision = decision.clone();
            self.outputs.push_back(Output::PolicyDecision {
                t: self.now,
                policy: p.name.clone(),
                decision,
            });
        }
    }

    /// Runs one policy for one alarm evaluation; returns the desired capacity it asks for.
    pub(super) fn invoke(&mut self, alarm: usize, inv: Invoke) -> Option<Proposal> {
        let pi = match inv {
            Invoke::Policy(p) | Invoke::TargetHigh(p) | Invoke::TargetLow(p) => p,
        };
        if !self.policies[pi].enabled {
            return None;
        }
        let desired = self.sizes.desired;
        let kind = self.policies[pi].kind.clone();
        match kind {
            PolicyKind::SimpleScaling {
                adjustment_type,
                scaling_adjustment,
                min_adjustment_magnitude,
                ..
            } => {
                // A3.2.1: ignore alarms while the last activity runs or the cooldown lasts.
                if !self.simple_gate.waiting_for.is_empty() {
                    self.decide(
                        pi,
                        "Ignored: waiting for the previous scaling activity to finish (A3.2.1)."
                            .into(),
                    );
                    return None;
                }
                if self.now < self.simple_gate.until {
                    let left = self.simple_gate.until.since(self.now) / MS_PER_S;
                    self.decide(
                        pi,
                        format!("Ignored: in cooldown for another {left} s (A3.2.1)."),
                    );
                    return None;
                }
                let raw = apply_adjustment(
                    desired,
                    adjustment_type,
                    scaling_adjustment,
                    min_adjustment_magnitude,
                );
                let target = self.sizes.clamp(raw);
                self.decide(pi, format!(
                    "{} {scaling_adjustment} from {desired} gives {raw}, clamped to [{}, {}] = {target} (A3.1.2, A2.4).",
                    adjustment_name(adjustment_type), self.sizes.min, self.sizes.max
                ));
                Some(Proposal {
                    policy: pi,
                    alarm,
                    desired: target,
                })
            }
            PolicyKind::StepScaling {
                adjustment_type,
                step_adjustments,
                metric_aggregation_type,
                estimated_instance_warmup_s,
                min_adjustment_magnitude,
            } => {
                // A3.3.1: the steps are relative to the threshold of the alarm that invoked them.
                let threshold = self.alarms[alarm].rules.threshold;
                // A3.3.4: compare the aggregation of the most recent datapoints.
                let Some(metric) =
                    aggregate(metric_aggregation_type, &self.alarms[alarm].last_values)
                else {
                    self.decide(pi, "No datapoints: no action.".into());
                    return None;
                };
                let Some(step) = find_step(&step_adjustments, threshold, metric) else {
                    self.decide(pi, format!("Metric {metric:.2} matches no step (A3.3.5)."));
                    return None;
                };
                let adj = step_adjustments[step].scaling_adjustment;
                let warmup = self.policy_warmup_ms(estimated_instance_warmup_s);
                // A3.3.6 [MODEL]: the base is the capacity that has finished warming up.
                let base = self.warmed_instances(warmup);
                // Which way this step points: ExactCapacity compares with desired, the others
                // follow the adjustment's sign.
                let outward = match adjustment_type {
                    AdjustmentType::ExactCapacity => adj > i64::from(desired),
                    _ => adj > 0,
                };
                let inward = match adjustment_type {
                    AdjustmentType::ExactCapacity => adj < i64::from(desired),
                    _ => adj < 0,
                };
                if outward {
                    // A3.3.6 [MODEL]: base = capacity not warming; warming instances already
                    // count in desired, so a repeated breach in the same step adds nothing.
                    let raw =
                        apply_adjustment(base, adjustment_type, adj, min_adjustment_magnitude);
                    let target = reconcile_with_desired(desired, base, self.sizes.clamp(raw))
                        .unwrap_or(desired);
                    self.decide(pi, format!(
                        "Metric {metric:.2} in step {step} ({adj:+}): {base} warmed instances -> {raw}; desired {desired} -> {target} (A3.3.3, A3.3.6)."
                    ));
                    Some(Proposal {
                        policy: pi,
                        alarm,
                        desired: target,
                    })
                } else if inward {
                    if self.scale_out_in_progress(warmup) {
                        self.decide(
                            pi,
                            "Scale-in blocked while scale-out instances warm up (A3.3.6).".into(),
                        );
                        return None;
                    }
                    let raw =
                        apply_adjustment(desired, adjustment_type, adj, min_adjustment_magnitude);
                    let target = reconcile_with_desired(desired, desired, self.sizes.clamp(raw))
                        .unwrap_or(desired);
                    self.decide(pi, format!(
                        "Metric {metric:.2} in step {step} ({adj}): {desired} -> {raw}, clamped to {target} (A3.3.3, A2.4)."
                    ));
                    Some(Proposal {
                        policy: pi,
                        alarm,
                        desired: target,
                    })
                } else {
                    self.decide(pi, format!("Metric {metric:.2} in step {step}: no change."));
                    None
                }
            }
            PolicyKind::TargetTrackingScaling {
                target_value,
                disable_scale_in,
                estimated_instance_warmup_s,
                ..
            } => {
                let metric = self.alarms[alarm].last_values.last().copied()?;
                let base = self.metric_instances();
                match inv {
                    Invoke::TargetHigh(_) => {
                        // A3.4.4 [MODEL]: ceil(current x metric / target), rounding up on scale-out.
                        let want = proportional_capacity(base, metric, target_value);
                        let target = reconcile_with_desired(
                            desired,
                            base,
                            self.sizes.clamp(i64::from(want)),
                        )
                        .unwrap_or(desired);
                        self.decide(pi, format!(
                            "Metric {metric:.2} > target {target_value}: ceil({base} x {metric:.2} / {target_value}) = {want}; desired {desired} -> {target} (A3.4.4, A3.4.6)."
                        ));
                        Some(Proposal {
                            policy: pi,
                            alarm,
                            desired: target,
                        })
                    }
                    _ => {
                        if disable_scale_in {
                            return None;
                        }
                        let warmup = self.policy_warmup_ms(estimated_instance_warmup_s);
                        if self.scale_out_in_progress(warmup) {
                            self.decide(
                                pi,
                                "Scale-in blocked while scale-out instances warm up (A3.4.6)."
                                    .into(),
                            );
                            return None;
                        }
                        // A3.4.7: scale in only if every scale-in-enabled target tracking
                        // policy agrees. A policy whose low alarm is not in ALARM proposes the
                        // current capacity, which blocks scale-in.
                        let mut proposals = Vec::new();
                        let mut blocked_by = None;
                        // The largest unclamped capacity asked for, for the decision's text.
                        let mut proposal = 0u32;
                        for (qi, q) in self.policies.iter().enumerate() {
                            let PolicyKind::TargetTrackingScaling {
                                target_value: tv,
                                disable_scale_in: false,
                                ..
                            } = q.kind
                            else {
                                continue;
                            };
                            let Some(low) = q.low_alarm.filter(|_| q.enabled) else {
                                continue;
                            };
                            let la = &self.alarms[low];
                            let agrees = la.state == AlarmState::Alarm || qi == pi;
                            if !agrees && blocked_by.is_none() {
                                blocked_by = Some(q.name.clone());
                            }
                            let m = la.last_values.last().copied().unwrap_or(metric);
                            let raw = proportional_capacity(base, m, tv);
                            proposal = proposal.max(raw);
                            let want = self.sizes.clamp(i64::from(raw));
                            proposals.push(TrackingProposal {
                                desired: if agrees { want } else { desired },
                                disable_scale_in: false,
                            });
                        }
                        if let Some(name) = blocked_by {
                            self.decide(
                                pi,
                                format!("Scale-in waits: policy {name} does not agree (A3.4.7)."),
                            );
                            return None;
                        }
                        let target = match combine_target_tracking(desired, &proposals) {
                            Some(d) if d.desired < desired => d.desired,
                            _ => return None,
                        };
                        self.decide(pi, format!(
                            "Metric {metric:.2} below the low threshold: ceil({base} x {metric:.2} / {target_value}) = {proposal}; desired {desired} -> {target} (A3.4.4)."
                        ));
                        Some(Proposal {
                            policy: pi,
                            alarm,
                            desired: target,
                        })
                    }
                }
            }
        }
    }

    /// A3.5: when several policies fire at once, the largest resulting capacity wins, for
    /// scale-out and for scale-in alike ([`resolve_conflict`]). A proposal that leaves desired
    /// as it is starts no activity and takes no part [MODEL].
    pub(super) fn resolve_proposals(&mut self, mut proposals: Vec<Proposal>) {
        let desired = self.sizes.desired;
        proposals.retain(|p| p.desired != desired);
        // Equal proposals: the first policy in the scenario is named.
        crate::sort::sort_by_key(&mut proposals, |p| p.policy);
        let asks: Vec<i64> = proposals.iter().map(|p| i64::from(p.desired)).collect();
        let Some(w) = resolve_conflict(&asks, self.sizes.min, self.sizes.max)
            .and_then(|r| proposals.get(r.winner))
        else {
            return;
        };
        let (pi, ai, to) = (w.policy, w.alarm, w.desired);
        let trigger = Trigger::Alarm {
            alarm: self.alarms[ai].name.clone(),
            policy: self.policies[pi].name.clone(),
        };
        self.sizes.desired = to;
        let before: Vec<u64> = self.instances.iter().map(|i| i.key).collect();
        self.reconcile(trigger, desired);
        if let PolicyKind::SimpleScaling { cooldown_s, .. } = self.policies[pi].kind {
            // A3.2.1: the activity's instances must finish, then the cooldown runs.
            let cooldown = cooldown_s.unwrap_or(self.scenario.group.default_cooldown_s);
            // The activity's instances: the ones it launched and the ones terminating, while
            // they are still launching or terminating.
            let waiting = KeySet::new(
                self.instances
                    .iter()
                    // `before` is sorted, like the instance list.
                    .filter(|i| before.binary_search(&i.key).is_err() || i.state.is_terminating())
                    .filter(|i| {
                        i.state.is_pending()
                            || (i.state.is_terminating() && i.state != LifecycleState::Terminated)
                    })
                    .map(|i| i.key)
                    .collect(),
            );
            self.visit(self.instances.len());
            let cooldown_ms = u64::from(cooldown) * MS_PER_S;
            self.simple_gate = SimpleGate {
                // Nothing to wait for (for example Launch is suspended): the cooldown starts now.
                until: self.now.plus_ms(cooldown_ms),
                waiting_for: waiting,
                cooldown_ms,
            };
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

#[cfg(test)]
mod key_set_tests {
    use super::KeySet;

    #[test]
    fn each_key_is_crossed_off_once_and_unknown_keys_change_nothing() {
        let mut set = KeySet::new(vec![9, 3, 7, 3]);
        assert!(!set.is_empty());
        set.remove(&3);
        set.remove(&3);
        set.remove(&42);
        set.remove(&9);
        assert!(!set.is_empty(), "7 is still waited for");
        set.remove(&7);
        assert!(set.is_empty());
        assert!(KeySet::new(Vec::new()).is_empty());
    }
}
