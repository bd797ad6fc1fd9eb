//! How a simple or step policy turns its `ScalingAdjustment` into a new desired capacity (A3.1.2),
//! and the clamp into `[MinSize, MaxSize]` that every dynamic scaling result goes through (A2.4).
//!
//! Everything here is integer arithmetic on purpose: a percent of a capacity is computed exactly
//! (`current * adjustment / 100` in `i128`), so `10 × 10%` is exactly `1` and never `0.999…`.

use serde::{Deserialize, Serialize};

/// A3.1.1 / A3.1.2: how `ScalingAdjustment` is read. AWS spells these exactly like the variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdjustmentType {
    /// `new = current + adjustment` (current 3, adjustment 5 → 8).
    ChangeInCapacity,
    /// `new = adjustment` (current 3, adjustment 5 → 5).
    ExactCapacity,
    /// `new = current + round(current × adjustment / 100)` with AWS's rounding
    /// ([`round_percent_delta`]) and the optional `MinAdjustmentMagnitude`.
    PercentChangeInCapacity,
}

impl AdjustmentType {
    /// AWS's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AdjustmentType::ChangeInCapacity => "ChangeInCapacity",
            AdjustmentType::ExactCapacity => "ExactCapacity",
            AdjustmentType::PercentChangeInCapacity => "PercentChangeInCapacity",
        }
    }
}

/// A3.1.2: rounds a raw percent delta (in instances) the way AWS does.
///
/// - `v > 1` rounds down (12.7 → 12);
/// - `0 < v < 1` becomes 1 (0.67 → 1), so a non-zero percent always moves at least one instance;
/// - `-1 < v < 0` becomes −1 (−0.58 → −1);
/// - `v < −1` rounds toward zero (−6.67 → −6);
/// - integers are unchanged.
///
/// In short: truncate toward zero, but never truncate a non-zero value to zero.
/// NaN gives 0 (no change); infinities saturate to `i64::MAX` / `i64::MIN`.
pub fn round_percent_delta(raw: f64) -> i64 {
    if raw.is_nan() || raw == 0.0 {
        return 0;
    }
    if raw.abs() < 1.0 {
        return if raw > 0.0 { 1 } else { -1 };
    }
    // `as` saturates for out-of-range floats, which is what we want for absurd inputs.
    raw.trunc() as i64
}

/// The exact-integer form of [`round_percent_delta`] for `current × percent / 100`.
///
/// Kept separate so that [`apply_adjustment`] never sees floating-point error; a property test
/// checks that the two agree.
pub fn percent_delta(current: u32, percent: i64) -> i64 {
    let product = i128::from(current) * i128::from(percent);
    if product == 0 {
        return 0;
    }
    // Rust's integer division truncates toward zero: exactly the "> 1 down, < −1 up" rule.
    let truncated = product / 100;
    let rounded = if truncated == 0 {
        // |v| < 1 but non-zero: AWS moves one instance in the direction asked for.
        product.signum()
    } else {
        truncated
    };
    saturate_i64(rounded)
}

/// A3.1.2: the new desired capacity BEFORE clamping (see [`clamp_capacity`]), computed from
/// `current` (A3.1.3: the group's current capacity).
///
/// `min_adjustment_magnitude` only applies to [`AdjustmentType::PercentChangeInCapacity`]
/// (AWS ignores it for the other types): +25 % of 4 is 1, with a magnitude of 2 it becomes +2.
///
/// \[MODEL\] When the percent delta is 0 only because `current` is 0, a non-zero percent with a
/// `MinAdjustmentMagnitude` still moves by that magnitude in the adjustment's direction: AWS calls
/// it "the minimum value to scale by", and that lets a percent policy start an empty group.
///
/// `ExactCapacity` with a negative adjustment (AWS rejects it at `PutScalingPolicy`) is returned
/// as is; the clamp makes it `min`.
pub fn apply_adjustment(
    current: u32,
    kind: AdjustmentType,
    adjustment: i64,
    min_adjustment_magnitude: Option<u32>,
) -> i64 {
    match kind {
        AdjustmentType::ChangeInCapacity => i64::from(current).saturating_add(adjustment),
        AdjustmentType::ExactCapacity => adjustment,
        AdjustmentType::PercentChangeInCapacity => {
            let mut delta = percent_delta(current, adjustment);
            if let Some(magnitude) = min_adjustment_magnitude {
                // `unsigned_abs`: `abs` would overflow on i64::MIN.
                if adjustment != 0 && delta.unsigned_abs() < u64::from(magnitude) {
                    delta = adjustment.signum() * i64::from(magnitude);
                }
            }
            i64::from(current).saturating_add(delta)
        }
    }
}

/// A2.4: dynamic scaling never drives desired capacity outside `[min, max]`.
///
/// Max 3, current 2, "+3" proposes 5 and gets 3; min 2, current 3, "−2" proposes 1 and gets 2.
/// An invalid group with `min > max` (rejected by validation elsewhere) gets `max`: we would
/// rather not launch more than the user allowed. Never panics (unlike `Ord::clamp`).
pub fn clamp_capacity(value: i64, min: u32, max: u32) -> u32 {
    let clamped = value.max(i64::from(min)).min(i64::from(max));
    // `clamped` is within `0..=u32::MAX` here because both bounds are `u32`.
    u32::try_from(clamped).unwrap_or(max)
}

/// A3.3.6 \[MODEL\] and the instance-weighting note of A3.1.2: decides whether a policy result
/// changes desired capacity at all.
///
/// `base_capacity` is what the policy computed from (capacity without warming instances, or the
/// weighted current capacity); `target` is its clamped result; `desired` is the group's desired
/// capacity now. A policy never moves desired against its own direction:
/// - scale-out (`target > base_capacity`): only if `target > desired`. While +2 instances warm
///   (desired 12, base 10) a "+3" step gives target 13, so 1 more is added; a repeated "+1"
///   (target 11) does nothing. That is AWS's "multiple breaches in the same step, one activity".
/// - scale-in (`target < base_capacity`): only if `target < desired`. With weights, desired 30
///   and current capacity 32, "−1" gives 31, which is not below 30: no scaling action (G1).
///
/// Returns the new desired capacity, or `None` for "no scaling action".
pub fn reconcile_with_desired(desired: u32, base_capacity: u32, target: u32) -> Option<u32> {
    let scales_out = target > base_capacity && target > desired;
    let scales_in = target < base_capacity && target < desired;
    (scales_out || scales_in).then_some(target)
}

fn saturate_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use AdjustmentType::{ChangeInCapacity, ExactCapacity, PercentChangeInCapacity};

    // ---- A3.1.2 rounding unit cases (G1) ----

    #[test]
    fn a3_1_2_g1_rounding_12_7_rounds_down_to_12() {
        assert_eq!(round_percent_delta(12.7), 12);
    }

    #[test]
    fn a3_1_2_g1_rounding_0_67_becomes_1() {
        assert_eq!(round_percent_delta(0.67), 1);
    }

    #[test]
    fn a3_1_2_g1_rounding_minus_0_58_becomes_minus_1() {
        assert_eq!(round_percent_delta(-0.58), -1);
    }

    #[test]
    fn a3_1_2_g1_rounding_minus_6_67_rounds_toward_zero_to_minus_6() {
        assert_eq!(round_percent_delta(-6.67), -6);
    }

    #[test]
    fn a3_1_2_rounding_integers_unchanged_and_odd_inputs() {
        assert_eq!(round_percent_delta(1.0), 1);
        assert_eq!(round_percent_delta(-1.0), -1);
        assert_eq!(round_percent_delta(3.0), 3);
        assert_eq!(round_percent_delta(-4.0), -4);
        assert_eq!(round_percent_delta(0.0), 0);
        assert_eq!(round_percent_delta(-0.0), 0);
        assert_eq!(round_percent_delta(f64::NAN), 0);
        assert_eq!(round_percent_delta(f64::INFINITY), i64::MAX);
        assert_eq!(round_percent_delta(f64::NEG_INFINITY), i64::MIN);
        assert_eq!(round_percent_delta(f64::MIN_POSITIVE), 1);
    }

    // ---- G1 table: threshold 50, capacity 10, percent steps ----

    /// The raw delta column of G1 and the rounded / desired columns, through both functions.
    fn g1_row(capacity: u32, percent: i64, raw: f64, rounded: i64, desired_after: i64) {
        let computed_raw = f64::from(capacity) * percent as f64 / 100.0;
        assert!(
            (computed_raw - raw).abs() < 1e-9,
            "raw {computed_raw} != {raw}"
        );
        assert_eq!(round_percent_delta(raw), rounded);
        assert_eq!(percent_delta(capacity, percent), rounded);
        assert_eq!(
            apply_adjustment(capacity, PercentChangeInCapacity, percent, None),
            desired_after
        );
    }

    #[test]
    fn g1_row1_capacity_10_metric_60_plus_10_percent_gives_11() {
        g1_row(10, 10, 1.0, 1, 11);
    }

    #[test]
    fn g1_row2_capacity_11_metric_70_plus_30_percent_gives_14() {
        g1_row(11, 30, 3.3, 3, 14);
    }

    #[test]
    fn g1_row3_capacity_14_metric_40_minus_10_percent_gives_13() {
        g1_row(14, -10, -1.4, -1, 13);
    }

    #[test]
    fn g1_row4_capacity_13_metric_30_minus_30_percent_gives_10() {
        g1_row(13, -30, -3.9, -3, 10);
    }

    #[test]
    fn g1_row5_capacity_10_metric_45_no_step_no_change() {
        // Metric 45 falls in (−10, 0] → 0 %: no change (step lookup itself is tested in step.rs).
        g1_row(10, 0, 0.0, 0, 10);
    }

    // ---- MinAdjustmentMagnitude (A3.1.2, G1) ----

    #[test]
    fn a3_1_2_g1_min_adjustment_magnitude_4_plus_25_percent_with_2_gives_6() {
        assert_eq!(percent_delta(4, 25), 1);
        assert_eq!(apply_adjustment(4, PercentChangeInCapacity, 25, None), 5);
        assert_eq!(apply_adjustment(4, PercentChangeInCapacity, 25, Some(2)), 6);
    }

    #[test]
    fn a3_1_2_min_adjustment_magnitude_applies_to_scale_in_and_not_when_delta_is_larger() {
        assert_eq!(
            apply_adjustment(4, PercentChangeInCapacity, -25, Some(2)),
            2
        );
        assert_eq!(
            apply_adjustment(40, PercentChangeInCapacity, 25, Some(2)),
            50
        );
        assert_eq!(apply_adjustment(4, PercentChangeInCapacity, 25, Some(0)), 5);
        assert_eq!(apply_adjustment(4, PercentChangeInCapacity, 0, Some(2)), 4);
    }

    #[test]
    fn a3_1_2_min_adjustment_magnitude_only_for_percent_type() {
        assert_eq!(apply_adjustment(4, ChangeInCapacity, 1, Some(3)), 5);
        assert_eq!(apply_adjustment(4, ExactCapacity, 5, Some(3)), 5);
    }

    #[test]
    fn a3_1_2_model_min_adjustment_magnitude_starts_an_empty_group() {
        assert_eq!(apply_adjustment(0, PercentChangeInCapacity, 50, None), 0);
        assert_eq!(apply_adjustment(0, PercentChangeInCapacity, 50, Some(2)), 2);
    }

    // ---- Adjustment types (A3.1.2, G1) ----

    #[test]
    fn a3_1_2_g1_change_in_capacity_current_3_plus_5_gives_8() {
        assert_eq!(apply_adjustment(3, ChangeInCapacity, 5, None), 8);
    }

    #[test]
    fn a3_1_2_g1_exact_capacity_current_3_adj_5_gives_5() {
        assert_eq!(apply_adjustment(3, ExactCapacity, 5, None), 5);
    }

    #[test]
    fn a3_1_2_g1_percent_change_current_10_plus_10_gives_11() {
        assert_eq!(apply_adjustment(10, PercentChangeInCapacity, 10, None), 11);
    }

    #[test]
    fn a3_1_2_huge_inputs_saturate_instead_of_overflowing() {
        assert_eq!(
            apply_adjustment(u32::MAX, ChangeInCapacity, i64::MAX, None),
            i64::MAX
        );
        assert_eq!(
            apply_adjustment(0, ChangeInCapacity, i64::MIN, None),
            i64::MIN
        );
        assert_eq!(
            apply_adjustment(u32::MAX, PercentChangeInCapacity, i64::MAX, Some(u32::MAX)),
            i64::MAX
        );
        assert_eq!(percent_delta(u32::MAX, i64::MIN), i64::MIN);
    }

    // ---- Clamp (A2.4, G2) ----

    #[test]
    fn a2_4_g2_max_3_current_2_plus_3_adds_only_1() {
        let proposed = apply_adjustment(2, ChangeInCapacity, 3, None);
        assert_eq!(clamp_capacity(proposed, 1, 3), 3);
    }

    #[test]
    fn a2_4_g2_min_2_current_3_minus_2_removes_only_1() {
        let proposed = apply_adjustment(3, ChangeInCapacity, -2, None);
        assert_eq!(clamp_capacity(proposed, 2, 10), 2);
    }

    #[test]
    fn a2_4_g2_weighted_max_12_current_10_plus_5_units_gives_desired_12() {
        // The launch side (a weight-6 type overshooting to capacity 16) is not a policy concern;
        // the policy's desired capacity is clamped to Max.
        assert_eq!(
            clamp_capacity(apply_adjustment(10, ChangeInCapacity, 5, None), 0, 12),
            12
        );
    }

    #[test]
    fn a2_4_clamp_edge_cases() {
        assert_eq!(clamp_capacity(-5, 0, 10), 0);
        assert_eq!(clamp_capacity(i64::MIN, 0, 10), 0);
        assert_eq!(clamp_capacity(i64::MAX, 0, u32::MAX), u32::MAX);
        assert_eq!(clamp_capacity(7, 7, 7), 7);
        // Invalid min > max: max wins, no panic.
        assert_eq!(clamp_capacity(5, 10, 3), 3);
    }

    // ---- reconcile_with_desired (A3.3.6, G1 weighted) ----

    #[test]
    fn g1_weighted_desired_30_capacity_32_decrement_1_is_no_action() {
        let target = clamp_capacity(apply_adjustment(32, ChangeInCapacity, -1, None), 0, 100);
        assert_eq!(target, 31);
        assert_eq!(reconcile_with_desired(30, 32, target), None);
        // A larger decrement does go below desired.
        assert_eq!(reconcile_with_desired(30, 32, 29), Some(29));
    }

    #[test]
    fn a3_3_6_breach_in_same_step_while_warming_gives_single_activity() {
        // G1 warm-up text: capacity 10, desired already 11 after +10 %; metric 62 → +10 % again.
        let target = clamp_capacity(
            apply_adjustment(10, PercentChangeInCapacity, 10, None),
            0,
            20,
        );
        assert_eq!(reconcile_with_desired(11, 10, target), None);
        // AAS example: +2 launched (desired 12, base 10), then a +3 step → only 1 more.
        assert_eq!(reconcile_with_desired(12, 10, 13), Some(13));
        assert_eq!(reconcile_with_desired(10, 10, 10), None);
    }

    proptest! {
        #[test]
        fn a3_1_2_prop_round_percent_delta_never_zero_for_nonzero(raw in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL) {
            prop_assume!(raw != 0.0);
            prop_assert_ne!(round_percent_delta(raw), 0);
        }

        #[test]
        fn a3_1_2_prop_round_percent_delta_not_larger_than_ceiling_of_magnitude(raw in -1e15f64..1e15) {
            let rounded = round_percent_delta(raw);
            prop_assert!((rounded as f64).abs() <= raw.abs().ceil());
            // Same sign as the input (or zero for zero).
            prop_assert!(rounded == 0 || (rounded > 0) == (raw > 0.0));
        }

        #[test]
        fn a3_1_2_prop_integer_and_float_rounding_agree(current in 0u32..100_000, percent in -1000i64..1000) {
            let raw = f64::from(current) * percent as f64 / 100.0;
            prop_assert_eq!(percent_delta(current, percent), round_percent_delta(raw));
        }

        #[test]
        fn a2_4_prop_clamp_stays_in_range(value in any::<i64>(), a in any::<u32>(), b in any::<u32>()) {
            let (min, max) = if a <= b { (a, b) } else { (b, a) };
            let clamped = clamp_capacity(value, min, max);
            prop_assert!(min <= clamped && clamped <= max);
            if value >= i64::from(min) && value <= i64::from(max) {
                prop_assert_eq!(i64::from(clamped), value);
            }
        }

        #[test]
        fn a3_1_2_prop_apply_adjustment_never_panics(
            current in any::<u32>(), adjustment in any::<i64>(), magnitude in proptest::option::of(any::<u32>())
        ) {
            for kind in [ChangeInCapacity, ExactCapacity, PercentChangeInCapacity] {
                let _ = apply_adjustment(current, kind, adjustment, magnitude);
            }
        }
    }
}
