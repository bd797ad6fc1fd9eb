//! A scaling policy's decision, typed (A3): which target and policy, what invoked it, the
//! desired capacity before and after, the arithmetic, and why nothing changed when nothing
//! did. [`ScalingDecision::text`] is the one place its words are written; faces read the
//! fields and print the text, never parse it.

use serde::{Deserialize, Serialize};

use super::adjustment::AdjustmentType;

/// What invoked a policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Invoker {
    /// A CloudWatch alarm in ALARM (A4.7).
    Alarm { name: String },
    /// A scheduled action (A3.6).
    Schedule { name: String },
}

/// The arithmetic a policy did, when it got that far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Detail {
    /// Stopped before any arithmetic (see [`ScalingDecision::unchanged`]).
    None,
    /// A3.1.2, A2.4: simple scaling from desired.
    Simple {
        adjustment_type: AdjustmentType,
        adjustment: i64,
        raw: i64,
        min: u32,
        max: u32,
    },
    /// A3.3.3, A3.3.6: a step scale-out from the capacity that has finished warming up.
    StepOut {
        metric: f64,
        step: usize,
        adjustment: i64,
        warmed: u32,
        raw: i64,
    },
    /// A3.3.3, A2.4: a step scale-in from desired.
    StepIn {
        metric: f64,
        step: usize,
        adjustment: i64,
        raw: i64,
    },
    /// A3.4.4, A3.4.6: target tracking's AlarmHigh.
    TrackingOut {
        metric: f64,
        target_value: f64,
        current: u32,
        wanted: u32,
    },
    /// A3.4.4, A3.4.7: target tracking's AlarmLow.
    TrackingIn {
        metric: f64,
        target_value: f64,
        current: u32,
        wanted: u32,
    },
}

/// Why a decision left the desired capacity as it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Unchanged {
    /// A3.2.1: the previous scaling activity is still running.
    ActivityInProgress,
    /// A3.2.1: in the cooldown.
    Cooldown { left_s: u64 },
    /// A3.3.4: no datapoints to compare with the steps.
    NoDatapoints,
    /// A3.3.5: the metric matches no step.
    NoStepMatches { metric: f64 },
    /// The matching step adjusts by nothing.
    StepWithoutChange { metric: f64, step: usize },
    /// A3.3.6 (step) or A3.4.6 (target tracking): scale-in waits while a scale-out warms up.
    ScaleInBlockedByWarmUp { target_tracking: bool },
    /// A3.4.7: another target-tracking policy does not agree to scale in.
    ScaleInNotAgreed { policy: String },
    /// A5.5: every remaining instance is protected from scale-in; `cause` is the activity's
    /// first sentence.
    ProtectedFromScaleIn { cause: String },
    /// A2.4: the result is clamped to the maximum capacity, which desired already is.
    AtMax,
    /// A2.4: clamped to the minimum capacity, which desired already is.
    AtMin,
    /// A3.3.6, A3.4.6: desired already counts the capacity still warming up.
    WarmingUp,
    /// C4: Application Auto Scaling's scale-in cooldown lasts another `left_s` seconds.
    ScaleInCooldown { left_s: u64 },
    /// C4: scale-in is turned off while the ECS service's deployment is in progress.
    ScaleInDuringDeployment,
    /// C4: dynamic scaling out (or in) is suspended on the scalable target.
    Suspended { scale_out: bool },
}

/// One decision of one policy on one target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScalingDecision {
    /// The target's resource id (`autoScalingGroup/web-asg`).
    pub target: String,
    /// Empty for the target's own notes (A5.5).
    pub policy: String,
    pub invoked_by: Option<Invoker>,
    /// Desired capacity before, and what this policy asks for.
    pub before: u32,
    pub after: u32,
    pub detail: Detail,
    /// Why `after == before`, when it is.
    pub unchanged: Option<Unchanged>,
}

impl ScalingDecision {
    /// A decision that stopped before any arithmetic.
    pub fn skipped(
        target: &str,
        policy: &str,
        invoked_by: Option<Invoker>,
        desired: u32,
        why: Unchanged,
    ) -> ScalingDecision {
        ScalingDecision {
            target: target.into(),
            policy: policy.into(),
            invoked_by,
            before: desired,
            after: desired,
            detail: Detail::None,
            unchanged: Some(why),
        }
    }

    /// A decision with its arithmetic; `unchanged` is filled in when `after == before`.
    pub fn computed(
        target: &str,
        policy: &str,
        invoked_by: Option<Invoker>,
        (before, after): (u32, u32),
        (min, max): (u32, u32),
        detail: Detail,
    ) -> ScalingDecision {
        let unchanged = (before == after).then(|| {
            let asked = match &detail {
                Detail::Simple { raw, .. }
                | Detail::StepOut { raw, .. }
                | Detail::StepIn { raw, .. } => *raw,
                Detail::TrackingOut { wanted, .. } | Detail::TrackingIn { wanted, .. } => {
                    i64::from(*wanted)
                }
                Detail::None => i64::from(before),
            };
            if asked > i64::from(before) && before >= max {
                Unchanged::AtMax
            } else if asked < i64::from(before) && before <= min {
                Unchanged::AtMin
            } else {
                Unchanged::WarmingUp
            }
        });
        ScalingDecision {
            target: target.into(),
            policy: policy.into(),
            invoked_by,
            before,
            after,
            detail,
            unchanged,
        }
    }

    /// The decision in words, citing its rules: the one place they are written.
    pub fn text(&self) -> String {
        let (desired, target) = (self.before, self.after);
        match &self.detail {
            Detail::Simple {
                adjustment_type,
                adjustment,
                raw,
                min,
                max,
            } => format!(
                "{} {adjustment} from {desired} gives {raw}, clamped to [{min}, {max}] = {target} (A3.1.2, A2.4).",
                adjustment_type.as_str()
            ),
            Detail::StepOut {
                metric,
                step,
                adjustment,
                warmed,
                raw,
            } => format!(
                "Metric {metric:.2} in step {step} ({adjustment:+}): {warmed} warmed instances -> {raw}; desired {desired} -> {target} (A3.3.3, A3.3.6)."
            ),
            Detail::StepIn {
                metric,
                step,
                adjustment,
                raw,
            } => format!(
                "Metric {metric:.2} in step {step} ({adjustment}): {desired} -> {raw}, clamped to {target} (A3.3.3, A2.4)."
            ),
            Detail::TrackingOut {
                metric,
                target_value,
                current,
                wanted,
            } => format!(
                "Metric {metric:.2} > target {target_value}: ceil({current} x {metric:.2} / {target_value}) = {wanted}; desired {desired} -> {target} (A3.4.4, A3.4.6)."
            ),
            Detail::TrackingIn {
                metric,
                target_value,
                current,
                wanted,
            } => format!(
                "Metric {metric:.2} below the low threshold: ceil({current} x {metric:.2} / {target_value}) = {wanted}; desired {desired} -> {target} (A3.4.4)."
            ),
            Detail::None => match &self.unchanged {
                Some(why) => why.text(),
                None => String::new(),
            },
        }
    }
}

impl Unchanged {
    /// The reason in words, for a decision that did no arithmetic.
    pub fn text(&self) -> String {
        match self {
            Unchanged::ActivityInProgress => {
                "Ignored: waiting for the previous scaling activity to finish (A3.2.1).".into()
            }
            Unchanged::Cooldown { left_s } => {
                format!("Ignored: in cooldown for another {left_s} s (A3.2.1).")
            }
            Unchanged::NoDatapoints => "No datapoints: no action.".into(),
            Unchanged::NoStepMatches { metric } => {
                format!("Metric {metric:.2} matches no step (A3.3.5).")
            }
            Unchanged::StepWithoutChange { metric, step } => {
                format!("Metric {metric:.2} in step {step}: no change.")
            }
            Unchanged::ScaleInBlockedByWarmUp { target_tracking } => format!(
                "Scale-in blocked while scale-out instances warm up ({}).",
                if *target_tracking { "A3.4.6" } else { "A3.3.6" }
            ),
            Unchanged::ScaleInNotAgreed { policy } => {
                format!("Scale-in waits: policy {policy} does not agree (A3.4.7).")
            }
            Unchanged::ProtectedFromScaleIn { cause } => cause.clone(),
            Unchanged::AtMax => "At the maximum capacity (A2.4).".into(),
            Unchanged::AtMin => "At the minimum capacity (A2.4).".into(),
            Unchanged::WarmingUp => {
                "Desired already counts the capacity warming up (A3.3.6).".into()
            }
            Unchanged::ScaleInCooldown { left_s } => {
                format!("Scale-in waits: in the scale-in cooldown for another {left_s} s (C4).")
            }
            Unchanged::ScaleInDuringDeployment => {
                "Scale-in is turned off while the service's deployment is in progress (C4).".into()
            }
            Unchanged::Suspended { scale_out } => format!(
                "Dynamic scaling {} is suspended on the scalable target (C4).",
                if *scale_out { "out" } else { "in" }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a3_2_1_cooldown_wording() {
        let d = ScalingDecision::skipped(
            "autoScalingGroup/web-asg",
            "p",
            None,
            2,
            Unchanged::Cooldown { left_s: 263 },
        );
        assert_eq!(d.text(), "Ignored: in cooldown for another 263 s (A3.2.1).");
        assert_eq!((d.before, d.after), (2, 2));
    }

    #[test]
    fn a2_4_clamped_at_max_says_so() {
        let d = ScalingDecision::computed(
            "autoScalingGroup/web-asg",
            "p",
            None,
            (10, 10),
            (2, 10),
            Detail::Simple {
                adjustment_type: AdjustmentType::ChangeInCapacity,
                adjustment: 2,
                raw: 12,
                min: 2,
                max: 10,
            },
        );
        assert_eq!(d.unchanged, Some(Unchanged::AtMax));
        assert_eq!(
            d.text(),
            "ChangeInCapacity 2 from 10 gives 12, clamped to [2, 10] = 10 (A3.1.2, A2.4)."
        );
    }
}
