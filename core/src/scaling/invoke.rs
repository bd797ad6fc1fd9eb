//! The policy path on any scalable target (A3): what a policy does when an alarm in ALARM
//! invokes it (simple A3.2, step A3.3, target tracking A3.4), and how the proposals of one
//! evaluation are resolved (A3.5) into one new desired capacity. It reads the target only
//! through [`ScalableTarget`] and the alarms only through [`AlarmView`], so it runs the same on
//! an Auto Scaling group and on an ECS service.

use super::adjustment::{apply_adjustment, reconcile_with_desired, AdjustmentType};
use super::conflict::resolve_conflict;
use super::decision::{Detail, Invoker, ScalingDecision, Unchanged};
use super::step::{aggregate, find_step};
use super::target::{Gate, ScalableTarget, SetDesired};
use super::target_tracking::{combine_target_tracking, proportional_capacity, TrackingProposal};
use crate::alarm::AlarmState;
use crate::scenario::PolicyKind;

/// Which policy an alarm invokes, and how (an index into the policies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invoke {
    /// A user alarm's action: run the (simple or step) policy.
    Policy(usize),
    /// A target-tracking policy's AlarmHigh (A3.4.2).
    TargetHigh(usize),
    /// Its AlarmLow.
    TargetLow(usize),
}

impl Invoke {
    pub fn policy(self) -> usize {
        match self {
            Invoke::Policy(p) | Invoke::TargetHigh(p) | Invoke::TargetLow(p) => p,
        }
    }
}

/// A policy as the policy path sees it.
#[derive(Clone, Copy, Debug)]
pub struct PolicyView<'a> {
    pub name: &'a str,
    pub enabled: bool,
    pub kind: &'a PolicyKind,
    /// Which target the policy scales (the caller's index): A3.4.7 combines the
    /// target-tracking policies of one target only.
    pub target: usize,
    /// A target-tracking policy's AlarmLow (an index into the alarms).
    pub low_alarm: Option<usize>,
}

/// An alarm as the policy path sees it, after its evaluation (A4.3).
#[derive(Clone, Copy, Debug)]
pub struct AlarmView<'a> {
    pub name: &'a str,
    pub threshold: f64,
    pub state: AlarmState,
    /// The real datapoints of the last evaluation, newest last.
    pub last_values: &'a [f64],
}

/// A desired capacity one invocation asks for, resolved with the others (A3.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub policy: usize,
    pub alarm: usize,
    pub desired: u32,
}

/// What one invocation gave: a decision to report (if any) and a proposal (if any).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Invocation {
    pub decision: Option<ScalingDecision>,
    pub proposal: Option<Proposal>,
}

/// Runs policy `inv` for alarm `alarm` on `target` (A3.2 to A3.4). A disabled policy does
/// nothing (A3.1.1).
pub fn invoke(
    target: &dyn ScalableTarget,
    policies: &[PolicyView<'_>],
    alarms: &[AlarmView<'_>],
    alarm: usize,
    inv: Invoke,
) -> Invocation {
    let pi = inv.policy();
    let (Some(p), Some(a)) = (policies.get(pi), alarms.get(alarm)) else {
        return Invocation::default();
    };
    if !p.enabled {
        return Invocation::default();
    }
    let cap = target.capacity();
    let desired = cap.desired;
    let resource = target.id().resource_id.as_str();
    let by = || {
        Some(Invoker::Alarm {
            name: a.name.to_string(),
        })
    };
    let skip = |why: Unchanged| Invocation {
        decision: Some(ScalingDecision::skipped(
            resource,
            p.name,
            by(),
            desired,
            why,
        )),
        proposal: None,
    };
    let propose = |to: u32, detail: Detail| Invocation {
        decision: Some(ScalingDecision::computed(
            resource,
            p.name,
            by(),
            (desired, to),
            (cap.min, cap.max),
            detail,
        )),
        proposal: Some(Proposal {
            policy: pi,
            alarm,
            desired: to,
        }),
    };
    match *p.kind {
        PolicyKind::SimpleScaling {
            adjustment_type,
            scaling_adjustment,
            min_adjustment_magnitude,
            ..
        } => {
            // A3.2.1: ignore alarms while the last activity runs or the cooldown lasts.
            match target.simple_gate() {
                Gate::ActivityInProgress => return skip(Unchanged::ActivityInProgress),
                Gate::Cooldown { left_s } => return skip(Unchanged::Cooldown { left_s }),
                Gate::Open => {}
            }
            let raw = apply_adjustment(
                desired,
                adjustment_type,
                scaling_adjustment,
                min_adjustment_magnitude,
            );
            let to = cap.clamp(raw);
            propose(
                to,
                Detail::Simple {
                    adjustment_type,
                    adjustment: scaling_adjustment,
                    raw,
                    min: cap.min,
                    max: cap.max,
                },
            )
        }
        PolicyKind::StepScaling {
            adjustment_type,
            ref step_adjustments,
            metric_aggregation_type,
            estimated_instance_warmup_s,
            min_adjustment_magnitude,
        } => {
            // A3.3.1: the steps are relative to the threshold of the alarm that invoked them.
            // A3.3.4: compare the aggregation of the most recent datapoints.
            let Some(metric) = aggregate(metric_aggregation_type, a.last_values) else {
                return skip(Unchanged::NoDatapoints);
            };
            let Some(step) = find_step(step_adjustments, a.threshold, metric) else {
                return skip(Unchanged::NoStepMatches { metric });
            };
            let Some(adj) = step_adjustments.get(step).map(|s| s.scaling_adjustment) else {
                return Invocation::default();
            };
            let warmup = target.warmup_ms(estimated_instance_warmup_s);
            // Which way this step points: ExactCapacity compares with desired, the others
            // follow the adjustment's sign.
            let (outward, inward) = match adjustment_type {
                AdjustmentType::ExactCapacity => {
                    (adj > i64::from(desired), adj < i64::from(desired))
                }
                _ => (adj > 0, adj < 0),
            };
            if let Some(why) = (outward || inward).then(|| target.held(outward)).flatten() {
                return skip(why);
            }
            if outward {
                // A3.3.6 [MODEL]: the base is the capacity that has finished warming up;
                // warming capacity already counts in desired, so a repeated breach in the same
                // step adds nothing.
                let base = target.capacity_not_warming(warmup);
                let raw = apply_adjustment(base, adjustment_type, adj, min_adjustment_magnitude);
                let to = reconcile_with_desired(desired, base, cap.clamp(raw)).unwrap_or(desired);
                propose(
                    to,
                    Detail::StepOut {
                        metric,
                        step,
                        adjustment: adj,
                        warmed: base,
                        raw,
                    },
                )
            } else if inward {
                if target.scale_out_in_progress(warmup) {
                    return skip(Unchanged::ScaleInBlockedByWarmUp {
                        target_tracking: false,
                    });
                }
                let raw = apply_adjustment(desired, adjustment_type, adj, min_adjustment_magnitude);
                let to =
                    reconcile_with_desired(desired, desired, cap.clamp(raw)).unwrap_or(desired);
                propose(
                    to,
                    Detail::StepIn {
                        metric,
                        step,
                        adjustment: adj,
                        raw,
                    },
                )
            } else {
                skip(Unchanged::StepWithoutChange { metric, step })
            }
        }
        PolicyKind::TargetTrackingScaling {
            target_value,
            disable_scale_in,
            estimated_instance_warmup_s,
            ..
        } => {
            let Some(metric) = a.last_values.last().copied() else {
                return Invocation::default();
            };
            let base = target.current_capacity();
            let high = matches!(inv, Invoke::TargetHigh(_));
            if let Some(why) = target.held(high).filter(|_| high || !disable_scale_in) {
                return skip(why);
            }
            if high {
                // A3.4.4 [MODEL]: ceil(current x metric / target), rounding up on scale-out.
                let wanted = proportional_capacity(base, metric, target_value);
                let to = reconcile_with_desired(desired, base, cap.clamp(i64::from(wanted)))
                    .unwrap_or(desired);
                return propose(
                    to,
                    Detail::TrackingOut {
                        metric,
                        target_value,
                        current: base,
                        wanted,
                    },
                );
            }
            if disable_scale_in {
                return Invocation::default();
            }
            let warmup = target.warmup_ms(estimated_instance_warmup_s);
            if target.scale_out_in_progress(warmup) {
                return skip(Unchanged::ScaleInBlockedByWarmUp {
                    target_tracking: true,
                });
            }
            // A3.4.7: scale in only if every scale-in-enabled target tracking policy of this
            // target agrees. A policy whose low alarm is not in ALARM proposes the current
            // capacity, which blocks scale-in.
            let mut proposals = Vec::new();
            let mut blocked_by = None;
            // The largest unclamped capacity asked for, for the decision's text.
            let mut wanted = 0u32;
            for (qi, q) in policies.iter().enumerate() {
                let PolicyKind::TargetTrackingScaling {
                    target_value: tv,
                    disable_scale_in: false,
                    ..
                } = *q.kind
                else {
                    continue;
                };
                if q.target != p.target {
                    continue;
                }
                let Some(la) = q
                    .low_alarm
                    .filter(|_| q.enabled)
                    .and_then(|i| alarms.get(i))
                else {
                    continue;
                };
                let agrees = la.state == AlarmState::Alarm || qi == pi;
                if !agrees && blocked_by.is_none() {
                    blocked_by = Some(q.name);
                }
                let m = la.last_values.last().copied().unwrap_or(metric);
                let raw = proportional_capacity(base, m, tv);
                wanted = wanted.max(raw);
                proposals.push(TrackingProposal {
                    desired: if agrees {
                        cap.clamp(i64::from(raw))
                    } else {
                        desired
                    },
                    disable_scale_in: false,
                });
            }
            if let Some(name) = blocked_by {
                return skip(Unchanged::ScaleInNotAgreed {
                    policy: name.to_string(),
                });
            }
            match combine_target_tracking(desired, &proposals) {
                Some(d) if d.desired < desired => propose(
                    d.desired,
                    Detail::TrackingIn {
                        metric,
                        target_value,
                        current: base,
                        wanted,
                    },
                ),
                _ => Invocation::default(),
            }
        }
    }
}

/// A3.5: when several policies fire at once, the largest resulting capacity wins, for
/// scale-out and for scale-in alike ([`resolve_conflict`]). A proposal that leaves desired as
/// it is starts no activity and takes no part [MODEL]. Returns the change to make, if any;
/// [`ScalableTarget::set_desired_capacity`] makes it.
pub fn resolve(
    target: &dyn ScalableTarget,
    policies: &[PolicyView<'_>],
    alarms: &[AlarmView<'_>],
    mut proposals: Vec<Proposal>,
) -> Option<SetDesired> {
    let cap = target.capacity();
    proposals.retain(|p| p.desired != cap.desired);
    // Equal proposals: the first policy in the scenario is named.
    crate::sort::sort_by_key(&mut proposals, |p| p.policy);
    let asks: Vec<i64> = proposals.iter().map(|p| i64::from(p.desired)).collect();
    let w = resolve_conflict(&asks, cap.min, cap.max).and_then(|r| proposals.get(r.winner))?;
    let p = policies.get(w.policy)?;
    let simple_cooldown_s = match *p.kind {
        // A3.2.1: the activity's capacity must finish, then the cooldown runs.
        PolicyKind::SimpleScaling { cooldown_s, .. } => {
            Some(cooldown_s.unwrap_or(target.default_cooldown_s()))
        }
        _ => None,
    };
    Some(SetDesired {
        from: cap.desired,
        to: w.desired,
        policy: p.name.to_string(),
        alarm: alarms.get(w.alarm).map(|a| a.name.to_string())?,
        simple_cooldown_s,
    })
}

/// Invokes every `(alarm, policy)` pair of one evaluation on `target` and resolves the
/// proposals: the whole policy path of one minute. Returns each decision with its policy's
/// index, in invocation order, and the change to make. The caller reports the decisions, then
/// makes the change with [`ScalableTarget::set_desired_capacity`] (so a trace lists the
/// decision before the activity it starts).
pub fn evaluate(
    target: &dyn ScalableTarget,
    policies: &[PolicyView<'_>],
    alarms: &[AlarmView<'_>],
    invocations: &[(usize, Invoke)],
) -> (Vec<(usize, ScalingDecision)>, Option<SetDesired>) {
    let mut decisions = Vec::new();
    let mut proposals = Vec::new();
    for &(alarm, inv) in invocations {
        let r = invoke(target, policies, alarms, alarm, inv);
        decisions.extend(r.decision.map(|d| (inv.policy(), d)));
        proposals.extend(r.proposal);
    }
    let change = resolve(target, policies, alarms, proposals);
    (decisions, change)
}
