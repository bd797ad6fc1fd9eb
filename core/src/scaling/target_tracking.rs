//! Target tracking (A3.4): the predefined metrics, the alarm pair AWS creates for each policy
//! (A3.4.2, A3.4.3), the proportional capacity model (A3.4.4) and how several target-tracking
//! policies on one group combine (A3.4.7).

use serde::{Deserialize, Serialize};

/// A3.4.1: `PredefinedMetricSpecification.PredefinedMetricType` values for EC2 Auto Scaling.
/// `ALBRequestCountPerTarget` also needs a `ResourceLabel` (kept by the caller).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PredefinedMetric {
    ASGAverageCPUUtilization,
    ASGAverageNetworkIn,
    ASGAverageNetworkOut,
    ALBRequestCountPerTarget,
}

impl PredefinedMetric {
    /// The AWS spelling, e.g. for activity text and UI labels.
    pub fn aws_name(self) -> &'static str {
        match self {
            PredefinedMetric::ASGAverageCPUUtilization => "ASGAverageCPUUtilization",
            PredefinedMetric::ASGAverageNetworkIn => "ASGAverageNetworkIn",
            PredefinedMetric::ASGAverageNetworkOut => "ASGAverageNetworkOut",
            PredefinedMetric::ALBRequestCountPerTarget => "ALBRequestCountPerTarget",
        }
    }
}

/// A3.4.3 (UNCONFIRMED, Appendix U.1): the alarm pair AWS creates for a target-tracking policy.
/// AWS does not document these numbers, so they are a parameter set the user can change.
///
/// - AlarmHigh: metric > target for `high_datapoints` of `high_datapoints` periods;
/// - AlarmLow: metric < `low_ratio` × target for `low_datapoints` of `low_datapoints` periods.
///
/// [`Default`] is the EC2 Auto Scaling observation (3/3 and 15/15 at 60 s, low = 0.7 × target);
/// [`TargetTrackingAlarmModel::ECS`] is the Application Auto Scaling (ECS) one (low = 0.9 × target).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetTrackingAlarmModel {
    /// AlarmHigh: datapoints to alarm, out of the same number of evaluation periods.
    pub high_datapoints: u32,
    /// AlarmLow: datapoints to alarm, out of the same number of evaluation periods.
    pub low_datapoints: u32,
    /// Period of both alarms, seconds.
    pub period_s: u32,
    /// AlarmLow threshold as a fraction of the target value.
    pub low_ratio: f64,
}

impl TargetTrackingAlarmModel {
    /// A3.4.3: EC2 Auto Scaling, observed pairs 50→35, 40→28, 60→42.
    pub const EC2: TargetTrackingAlarmModel = TargetTrackingAlarmModel {
        high_datapoints: 3,
        low_datapoints: 15,
        period_s: 60,
        low_ratio: 0.7,
    };
    /// A3.4.3: Application Auto Scaling (ECS services), observed pairs 50→45, 30→27.
    pub const ECS: TargetTrackingAlarmModel = TargetTrackingAlarmModel {
        low_ratio: 0.9,
        ..TargetTrackingAlarmModel::EC2
    };
}

impl Default for TargetTrackingAlarmModel {
    fn default() -> Self {
        TargetTrackingAlarmModel::EC2
    }
}

/// The two alarm thresholds of a target-tracking policy (A3.4.2/A3.4.3).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlarmThresholds {
    /// AlarmHigh fires when the metric is strictly greater than this.
    pub high: f64,
    /// AlarmLow fires when the metric is strictly less than this.
    pub low: f64,
}

/// A3.4.3: high = target, low = `low_ratio` × target (EC2: target 50 → 35).
pub fn alarm_thresholds(target: f64, model: &TargetTrackingAlarmModel) -> AlarmThresholds {
    AlarmThresholds {
        high: target,
        low: target * model.low_ratio,
    }
}

/// Relative slack so that float error in `current × metric / target` never adds an instance:
/// `4 × 50 / 50` must be 4, and `3 × 70 / 70.000000000001` must not become 4 either.
const PROPORTIONAL_EPSILON: f64 = 1e-9;

/// A3.4.4 \[MODEL\] (UNCONFIRMED, Appendix U.2): `desired = ceil(current × metric / target)`.
///
/// The metric is assumed inversely proportional to capacity. Rounding up in both directions is
/// AWS's "conservative" rounding: on scale-out the number to add is rounded up (3 at 75 % for a
/// 50 % target: ideal 4.5, add 1.5 → 2, desired 5); on scale-in the number to remove is rounded
/// down (4 at 31.25 %: ideal 2.5, remove 1.5 → 1, desired 3).
///
/// Guards: `current == 0`, a target that is not a positive finite number, or a non-finite metric
/// return `current` unchanged (no information to scale on). A negative metric gives 0. The
/// result is not clamped to the group's min/max (see `adjustment::clamp_capacity`).
pub fn proportional_capacity(current: u32, metric: f64, target: f64) -> u32 {
    if current == 0 || !target.is_finite() || target <= 0.0 || !metric.is_finite() {
        return current;
    }
    // current × metric may overflow where the ratio does not (metric near f64::MAX): then the
    // ratio first, so an absurd metric below its target still never scales out.
    let product = f64::from(current) * metric;
    let ideal = if product.is_finite() {
        product / target
    } else {
        f64::from(current) * (metric / target)
    };
    if ideal.is_nan() {
        return current;
    }
    if ideal <= 0.0 {
        return 0;
    }
    if ideal >= f64::from(u32::MAX) {
        // Absurd metric/target ratios (possibly an infinite ideal) saturate.
        return u32::MAX;
    }
    // `ideal` is in (0, u32::MAX), so the cast is exact after `ceil`.
    (ideal - ideal * PROPORTIONAL_EPSILON).ceil() as u32
}

/// A3.4.7: one target-tracking policy's opinion, for [`combine_target_tracking`].
///
/// `desired` is what the policy would set (e.g. [`proportional_capacity`], only when its alarm is
/// in ALARM); a policy with nothing to say should propose the current capacity, which is "no
/// scale-in" and so blocks scale-in by the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingProposal {
    pub desired: u32,
    /// `DisableScaleIn` of that policy (A3.4.1, default false). Such a policy never scales in and
    /// does not get a vote on scale-in.
    pub disable_scale_in: bool,
}

/// The outcome of [`combine_target_tracking`]: which proposal won and the desired capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingDecision {
    /// Index into the proposals slice, so the caller can name the policy in the activity cause.
    pub winner: usize,
    pub desired: u32,
}

/// A3.4.7 / G2: combines the proposals of several target-tracking policies on one group.
///
/// Signature: `combine_target_tracking(current, &proposals) -> Option<TrackingDecision>`.
///
/// - Scale out if ANY policy wants to: the largest proposal above `current` wins.
/// - Otherwise scale in only if ALL policies with scale-in enabled want to (every one of them
///   proposes less than `current`, and there is at least one): the largest of their proposals
///   wins (the smallest scale-in, A3.5's "largest resulting capacity"). Proposals from
///   `disable_scale_in` policies are ignored for scale-in.
/// - Otherwise `None`: no change.
///
/// Ties go to the lowest index, so the result never depends on anything but the input order.
pub fn combine_target_tracking(
    current: u32,
    proposals: &[TrackingProposal],
) -> Option<TrackingDecision> {
    let scale_out = largest(
        proposals
            .iter()
            .enumerate()
            .filter(|(_, p)| p.desired > current)
            .map(|(i, p)| (i, p.desired)),
    );
    if scale_out.is_some() {
        return scale_out;
    }

    let voters: Vec<(usize, u32)> = proposals
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.disable_scale_in)
        .map(|(i, p)| (i, p.desired))
        .collect();
    if !voters.is_empty() && voters.iter().all(|&(_, desired)| desired < current) {
        largest(voters)
    } else {
        None
    }
}

/// The largest `(index, desired)`; on equal desired the first one is kept.
fn largest(candidates: impl IntoIterator<Item = (usize, u32)>) -> Option<TrackingDecision> {
    candidates
        .into_iter()
        .fold(None, |best, (winner, desired)| match best {
            Some(TrackingDecision { desired: kept, .. }) if kept >= desired => best,
            _ => Some(TrackingDecision { winner, desired }),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // ---- A3.4.3 alarm model ----

    #[test]
    fn a3_4_3_default_model_is_ec2_3_of_3_and_15_of_15_at_60s_ratio_0_7() {
        let m = TargetTrackingAlarmModel::default();
        assert_eq!(m.high_datapoints, 3);
        assert_eq!(m.low_datapoints, 15);
        assert_eq!(m.period_s, 60);
        assert_eq!(m.low_ratio, 0.7);
        assert_eq!(TargetTrackingAlarmModel::ECS.low_ratio, 0.9);
        assert_eq!(TargetTrackingAlarmModel::ECS.low_datapoints, 15);
    }

    #[test]
    fn a3_4_3_ec2_observed_low_thresholds_50_35_40_28_60_42() {
        let m = TargetTrackingAlarmModel::default();
        for (target, low) in [(50.0, 35.0), (40.0, 28.0), (60.0, 42.0)] {
            let t = alarm_thresholds(target, &m);
            assert_eq!(t.high, target);
            assert!((t.low - low).abs() < 1e-9, "{target}: {}", t.low);
        }
    }

    #[test]
    fn a3_4_3_ecs_observed_low_thresholds_50_45_30_27() {
        for (target, low) in [(50.0, 45.0), (30.0, 27.0)] {
            let t = alarm_thresholds(target, &TargetTrackingAlarmModel::ECS);
            assert!((t.low - low).abs() < 1e-9, "{target}: {}", t.low);
        }
    }

    // ---- A3.4.4 proportional capacity ----

    #[test]
    fn a3_4_4_scale_in_current_4_ideal_2_5_gives_3() {
        // 4 × 31.25 / 50 = 2.5: remove floor(1.5) = 1.
        assert_eq!(proportional_capacity(4, 31.25, 50.0), 3);
    }

    #[test]
    fn a3_4_4_scale_out_need_1_5_more_adds_2() {
        // 3 × 75 / 50 = 4.5: add ceil(1.5) = 2.
        assert_eq!(proportional_capacity(3, 75.0, 50.0), 5);
    }

    #[test]
    fn a3_4_4_on_target_is_unchanged_without_float_error() {
        assert_eq!(proportional_capacity(4, 50.0, 50.0), 4);
        assert_eq!(proportional_capacity(3, 70.0, 70.0), 3);
        assert_eq!(proportional_capacity(10, 0.1 * 3.0, 0.3), 10);
        assert_eq!(proportional_capacity(7, 33.3, 33.3), 7);
        // Just above target still adds one (conservative rounding up).
        assert_eq!(proportional_capacity(10, 50.5, 50.0), 11);
    }

    #[test]
    fn a3_4_4_guards() {
        assert_eq!(proportional_capacity(0, 90.0, 50.0), 0);
        assert_eq!(proportional_capacity(4, 90.0, 0.0), 4);
        assert_eq!(proportional_capacity(4, 90.0, -5.0), 4);
        assert_eq!(proportional_capacity(4, 90.0, f64::NAN), 4);
        assert_eq!(proportional_capacity(4, f64::NAN, 50.0), 4);
        assert_eq!(proportional_capacity(4, f64::INFINITY, 50.0), 4);
        assert_eq!(proportional_capacity(4, 0.0, 50.0), 0);
        assert_eq!(proportional_capacity(4, -3.0, 50.0), 0);
        assert_eq!(proportional_capacity(u32::MAX, 1e300, 1e-300), u32::MAX);
    }

    // ---- A3.4.7 / G2 multi-policy rule ----

    fn p(desired: u32) -> TrackingProposal {
        TrackingProposal {
            desired,
            disable_scale_in: false,
        }
    }

    #[test]
    fn a3_4_7_g2_scale_out_if_any_policy_wants_to() {
        let d = combine_target_tracking(4, &[p(3), p(6), p(5)]);
        assert_eq!(
            d,
            Some(TrackingDecision {
                winner: 1,
                desired: 6
            })
        );
    }

    #[test]
    fn a3_4_7_g2_scale_in_only_if_all_agree() {
        assert_eq!(combine_target_tracking(6, &[p(4), p(6)]), None);
        assert_eq!(
            combine_target_tracking(6, &[p(4), p(5)]),
            Some(TrackingDecision {
                winner: 1,
                desired: 5
            })
        );
    }

    #[test]
    fn a3_4_7_g2_scale_in_disabled_policies_do_not_vote() {
        let no_in = TrackingProposal {
            desired: 6,
            disable_scale_in: true,
        };
        assert_eq!(
            combine_target_tracking(6, &[p(4), no_in]),
            Some(TrackingDecision {
                winner: 0,
                desired: 4
            })
        );
        // Its own scale-in proposal is ignored, even when it is the only one.
        let wants_in = TrackingProposal {
            desired: 2,
            disable_scale_in: true,
        };
        assert_eq!(combine_target_tracking(6, &[wants_in]), None);
        assert_eq!(
            combine_target_tracking(6, &[p(5), wants_in]),
            Some(TrackingDecision {
                winner: 0,
                desired: 5
            })
        );
        // But it can still scale out.
        let wants_out = TrackingProposal {
            desired: 9,
            disable_scale_in: true,
        };
        assert_eq!(
            combine_target_tracking(6, &[p(4), wants_out]),
            Some(TrackingDecision {
                winner: 1,
                desired: 9
            })
        );
    }

    #[test]
    fn a3_4_7_empty_and_ties() {
        assert_eq!(combine_target_tracking(5, &[]), None);
        assert_eq!(
            combine_target_tracking(5, &[p(7), p(7)]),
            Some(TrackingDecision {
                winner: 0,
                desired: 7
            })
        );
        assert_eq!(
            combine_target_tracking(5, &[p(3), p(3)]),
            Some(TrackingDecision {
                winner: 0,
                desired: 3
            })
        );
    }

    proptest! {
        #[test]
        fn a3_4_4_prop_proportional_capacity_never_panics_and_moves_the_right_way(
            current in any::<u32>(), metric in any::<f64>(), target in any::<f64>()
        ) {
            let desired = proportional_capacity(current, metric, target);
            if current > 0 && target.is_finite() && target > 0.0 && metric.is_finite() && metric >= 0.0 {
                if metric > target * (1.0 + 1e-6) {
                    prop_assert!(desired >= current);
                } else if metric <= target {
                    prop_assert!(desired <= current);
                }
            }
        }

        /// Found by the property above: current × metric overflowed to infinity while the metric
        /// was below its target, and the capacity saturated upwards.
        #[test]
        fn a3_4_4_a_huge_metric_below_its_target_never_scales_out(
            current in 1u32.., metric in 1e300f64..1.7e308, extra in 1.0f64..8.0
        ) {
            let target = metric * extra;
            prop_assume!(target.is_finite());
            prop_assert!(proportional_capacity(current, metric, target) <= current);
        }

        #[test]
        fn a3_4_7_prop_combined_result_is_one_of_the_proposals(
            current in 0u32..20,
            proposals in proptest::collection::vec((0u32..20, any::<bool>()), 0..6)
        ) {
            let proposals: Vec<TrackingProposal> = proposals
                .into_iter()
                .map(|(desired, disable_scale_in)| TrackingProposal { desired, disable_scale_in })
                .collect();
            if let Some(d) = combine_target_tracking(current, &proposals) {
                prop_assert_eq!(proposals[d.winner].desired, d.desired);
                prop_assert_ne!(d.desired, current);
                if d.desired < current {
                    prop_assert!(proposals.iter().all(|p| p.desired <= current));
                    prop_assert!(!proposals[d.winner].disable_scale_in);
                }
            }
        }
    }
}
