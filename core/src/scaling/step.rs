//! Step scaling (A3.3): the step adjustments, their validation rules (A3.3.2), bound inclusivity
//! (A3.3.3), the metric aggregation that is compared against them (A3.3.4), and "no step
//! matches" (A3.3.5).
//!
//! Bounds are relative to the alarm threshold, as in the API and CLI (A3.3.1): with threshold 50,
//! a step `[0, 10)` covers metrics 50 to 60.

use serde::{Deserialize, Serialize};

/// A2.16: at most 20 step adjustments per policy.
pub const MAX_STEP_ADJUSTMENTS: usize = 20;

/// A3.3.1: one `StepAdjustment`. `None` bounds mean −∞ (lower) and +∞ (upper).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepAdjustment {
    /// `MetricIntervalLowerBound`, relative to the alarm threshold.
    pub lower_bound: Option<f64>,
    /// `MetricIntervalUpperBound`, relative to the alarm threshold.
    pub upper_bound: Option<f64>,
    /// `ScalingAdjustment`, read according to the policy's adjustment type.
    pub scaling_adjustment: i64,
}

/// A3.3.4: how the most recent metric datapoints are combined before the step lookup.
/// AWS treats a null `MetricAggregationType` as `Average`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetricAggregationType {
    #[default]
    Average,
    Minimum,
    Maximum,
}

/// A3.3.4: aggregates datapoints. NaN datapoints are skipped as missing data; `None` when no
/// datapoint is left (the caller then has nothing to compare and does not scale).
pub fn aggregate(kind: MetricAggregationType, values: &[f64]) -> Option<f64> {
    let mut present = values.iter().copied().filter(|v| !v.is_nan());
    let first = present.next()?;
    let result = match kind {
        MetricAggregationType::Average => {
            // Mean by running sum; the count is at least 1 here.
            let (sum, count) =
                present.fold((first, 1u32), |(s, n), v| (s + v, n.saturating_add(1)));
            sum / f64::from(count)
        }
        MetricAggregationType::Minimum => present.fold(first, f64::min),
        MetricAggregationType::Maximum => present.fold(first, f64::max),
    };
    Some(result)
}

/// A3.3.2 (and A2.16): every problem with a set of step adjustments, as messages.
///
/// An empty vector means valid. Wording follows AWS's `ValidationError` text where it has been
/// seen in public reports (the count limit, "both bounds unspecified", "there must be a
/// StepAdjustment with an unspecified upper bound … positive upper bound"); the rest is
/// written in the same style and not verbatim AWS text (overlap/gap/at-most-one wording was
/// not found).
///
/// Rules: 1..=20 steps; a step can't have both bounds null; bounds must be finite; upper >
/// lower; at most one null lower and one null upper bound; a negative lower bound needs a step
/// with a null lower bound; a positive upper bound needs a step with a null upper bound; the
/// ranges may not overlap or leave a gap between them. Note that the steps need not reach the
/// threshold (a single `[5, +∞)` is valid; a metric in `[0, 5)` then matches nothing, A3.3.5).
pub fn validate_steps(steps: &[StepAdjustment]) -> Vec<String> {
    let mut problems: Vec<String> = Vec::new();
    let mut report = |message: String| {
        if !problems.contains(&message) {
            problems.push(message);
        }
    };

    if steps.is_empty() {
        report("At least one StepAdjustment is required for a StepScaling policy".to_string());
    }
    if steps.len() > MAX_STEP_ADJUSTMENTS {
        report(format!(
            "There can be at most {MAX_STEP_ADJUSTMENTS} step adjustments per scaling policy"
        ));
    }

    for (i, step) in steps.iter().enumerate() {
        if step.lower_bound.is_none() && step.upper_bound.is_none() {
            report(
                "Both lower and upper bounds of a step adjustment cannot be left unspecified"
                    .to_string(),
            );
        }
        for (name, bound) in [
            ("MetricIntervalLowerBound", step.lower_bound),
            ("MetricIntervalUpperBound", step.upper_bound),
        ] {
            if let Some(b) = bound {
                if !b.is_finite() {
                    report(format!(
                        "StepAdjustments[{i}]: {name} must be a finite number, got {b}"
                    ));
                }
            }
        }
        if let (Some(lower), Some(upper)) = (step.lower_bound, step.upper_bound) {
            // Only finite pairs: a non-finite bound was reported just above.
            if lower.is_finite() && upper.is_finite() && upper <= lower {
                report(format!(
                    "The upper bound must be greater than the lower bound \
                     (StepAdjustments[{i}]: lower {lower}, upper {upper})"
                ));
            }
        }
    }

    let null_lower = steps.iter().filter(|s| s.lower_bound.is_none()).count();
    let null_upper = steps.iter().filter(|s| s.upper_bound.is_none()).count();
    if null_lower > 1 {
        report(
            "At most one StepAdjustment can have an unspecified lower bound (i.e., lower bound is null)"
                .to_string(),
        );
    }
    if null_upper > 1 {
        report(
            "At most one StepAdjustment can have an unspecified upper bound (i.e., upper bound is null)"
                .to_string(),
        );
    }
    if null_lower == 0 && steps.iter().any(|s| s.lower_bound.is_some_and(|b| b < 0.0)) {
        report(
            "There must be a StepAdjustment with an unspecified lower bound (i.e., lower bound is \
             null) when one StepAdjustment has a negative lower bound"
                .to_string(),
        );
    }
    if null_upper == 0 && steps.iter().any(|s| s.upper_bound.is_some_and(|b| b > 0.0)) {
        report(
            "There must be a StepAdjustment with an unspecified upper bound (i.e., upper bound is \
             null) when one StepAdjustment has a positive upper bound"
                .to_string(),
        );
    }

    // Overlaps and gaps: sort the well-formed intervals and compare neighbours. Steps with
    // non-finite or inverted bounds were reported above and would only add noise here.
    let mut intervals: Vec<(f64, f64)> = steps
        .iter()
        .filter_map(|s| {
            let lower = s.lower_bound.unwrap_or(f64::NEG_INFINITY);
            let upper = s.upper_bound.unwrap_or(f64::INFINITY);
            let finite_or_null = s.lower_bound.is_none_or(f64::is_finite)
                && s.upper_bound.is_none_or(f64::is_finite);
            (finite_or_null && upper > lower).then_some((lower, upper))
        })
        .collect();
    crate::sort::sort_by(&mut intervals, |a, b| {
        a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1))
    });
    for pair in intervals.windows(2) {
        let &[a, b] = pair else { continue };
        if a.1 > b.0 {
            report(format!(
                "The ranges of step adjustments can't overlap: {} and {} overlap",
                show_interval(a),
                show_interval(b)
            ));
        } else if a.1 < b.0 {
            report(format!(
                "The ranges of step adjustments can't have a gap: nothing covers {} to {}",
                a.1, b.0
            ));
        }
    }

    problems
}

fn show_interval((lower, upper): (f64, f64)) -> String {
    let show = |v: f64| {
        if v.is_infinite() {
            "null".to_string()
        } else {
            v.to_string()
        }
    };
    format!("({} to {})", show(lower), show(upper))
}

/// A3.3.3: finds the step for `metric` given the alarm's breach `threshold`.
///
/// With `d = metric − threshold`:
/// - metric above the threshold: lower bound inclusive, upper exclusive (`lower ≤ d < upper`);
/// - metric below the threshold: lower exclusive, upper inclusive (`lower < d ≤ upper`).
///
/// Threshold 50: `[0, 10)` fires for 50 ≤ m < 60, `(−10, 0]` for 40 < m ≤ 50.
///
/// At exactly the threshold (`d = 0`) AWS's two documented examples both claim m = 50, so:
/// the above-threshold reading is tried first (a scale-out `[0, …)` step matches), and if no
/// step matches that way, the below-threshold reading (a scale-in `(…, 0]` step matches). On a
/// valid set that covers the line exactly one step matches either way.
///
/// Returns the index of the matching step, or `None` (A3.3.5; `ExecutePolicy` then fails, see
/// [`no_step_found_message`]). NaN metric or threshold matches nothing.
pub fn find_step(steps: &[StepAdjustment], threshold: f64, metric: f64) -> Option<usize> {
    let d = metric - threshold;
    if d.is_nan() {
        return None;
    }
    let find = |above: bool| steps.iter().position(|s| step_matches(s, d, above));
    if d > 0.0 {
        find(true)
    } else if d < 0.0 {
        find(false)
    } else {
        find(true).or_else(|| find(false))
    }
}

/// A3.3.3: does `step` contain the breach size `d` under the above- (`above = true`) or
/// below-threshold inclusivity? A null bound is unbounded (so +∞ metrics still match `[x, null)`).
pub fn step_matches(step: &StepAdjustment, d: f64, above: bool) -> bool {
    let lower_ok = match step.lower_bound {
        None => true,
        Some(lower) if above => lower <= d,
        Some(lower) => lower < d,
    };
    let upper_ok = match step.upper_bound {
        None => true,
        Some(upper) if above => d < upper,
        Some(upper) => d <= upper,
    };
    lower_ok && upper_ok
}

/// A3.3.5: the error text AWS records when no step matches, as seen in CloudWatch alarm
/// history: `No step adjustment found for metric value [0.0] and breach threshold 1.0`.
/// The bracket holds the datapoints that were aggregated.
pub fn no_step_found_message(metric_values: &[f64], threshold: f64) -> String {
    let values: Vec<String> = metric_values.iter().map(|v| format!("{v:?}")).collect();
    format!(
        "No step adjustment found for metric value [{}] and breach threshold {threshold:?}",
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::adjustment::{apply_adjustment, AdjustmentType};
    use proptest::prelude::*;

    fn step(lower: Option<f64>, upper: Option<f64>, adj: i64) -> StepAdjustment {
        StepAdjustment {
            lower_bound: lower,
            upper_bound: upper,
            scaling_adjustment: adj,
        }
    }

    /// G1 scale-out policy: [0,10) → +0 %, [10,20) → +10 %, [20,∞) → +30 %.
    fn g1_scale_out() -> Vec<StepAdjustment> {
        vec![
            step(Some(0.0), Some(10.0), 0),
            step(Some(10.0), Some(20.0), 10),
            step(Some(20.0), None, 30),
        ]
    }

    /// G1 scale-in policy: (−10,0] → 0 %, (−20,−10] → −10 %, (−∞,−20] → −30 %.
    fn g1_scale_in() -> Vec<StepAdjustment> {
        vec![
            step(Some(-10.0), Some(0.0), 0),
            step(Some(-20.0), Some(-10.0), -10),
            step(None, Some(-20.0), -30),
        ]
    }

    /// Both G1 policies' steps in one set: the whole line, every band of the G1 "absolute bands".
    fn g1_all() -> Vec<StepAdjustment> {
        let mut all = g1_scale_out();
        all.extend(g1_scale_in());
        all
    }

    fn adjustment_at(steps: &[StepAdjustment], metric: f64) -> Option<i64> {
        find_step(steps, 50.0, metric).map(|i| steps[i].scaling_adjustment)
    }

    // ---- A3.3.3 example and boundaries ----

    #[test]
    fn a3_3_3_step_0_10_fires_for_50_le_m_lt_60() {
        let steps = vec![step(Some(0.0), Some(10.0), 1)];
        assert_eq!(find_step(&steps, 50.0, 50.0), Some(0));
        assert_eq!(find_step(&steps, 50.0, 55.0), Some(0));
        assert_eq!(find_step(&steps, 50.0, 59.999), Some(0));
        assert_eq!(find_step(&steps, 50.0, 60.0), None);
        assert_eq!(find_step(&steps, 50.0, 49.999), None);
    }

    #[test]
    fn a3_3_3_step_minus10_0_fires_for_40_lt_m_le_50() {
        let steps = vec![step(Some(-10.0), Some(0.0), -1)];
        assert_eq!(find_step(&steps, 50.0, 50.0), Some(0));
        assert_eq!(find_step(&steps, 50.0, 45.0), Some(0));
        assert_eq!(find_step(&steps, 50.0, 40.001), Some(0));
        assert_eq!(find_step(&steps, 50.0, 40.0), None);
        assert_eq!(find_step(&steps, 50.0, 50.001), None);
    }

    #[test]
    fn a3_3_3_at_threshold_prefers_the_above_reading_when_both_sides_present() {
        let steps = g1_all();
        // m = 50: [0,10) (index 0) under the above-threshold reading.
        assert_eq!(find_step(&steps, 50.0, 50.0), Some(0));
    }

    #[test]
    fn a3_3_3_g1_absolute_bands() {
        let steps = g1_all();
        // m ≤ 30 → −30 %
        assert_eq!(adjustment_at(&steps, 0.0), Some(-30));
        assert_eq!(adjustment_at(&steps, 30.0), Some(-30));
        // 30 < m ≤ 40 → −10 %
        assert_eq!(adjustment_at(&steps, 30.5), Some(-10));
        assert_eq!(adjustment_at(&steps, 40.0), Some(-10));
        // 40 < m < 60 → no change
        assert_eq!(adjustment_at(&steps, 40.5), Some(0));
        assert_eq!(adjustment_at(&steps, 45.0), Some(0));
        assert_eq!(adjustment_at(&steps, 50.0), Some(0));
        assert_eq!(adjustment_at(&steps, 59.9), Some(0));
        // 60 ≤ m < 70 → +10 %
        assert_eq!(adjustment_at(&steps, 60.0), Some(10));
        assert_eq!(adjustment_at(&steps, 69.9), Some(10));
        // m ≥ 70 → +30 %
        assert_eq!(adjustment_at(&steps, 70.0), Some(30));
        assert_eq!(adjustment_at(&steps, 1e9), Some(30));
        assert_eq!(adjustment_at(&steps, f64::INFINITY), Some(30));
        assert_eq!(adjustment_at(&steps, f64::NEG_INFINITY), Some(-30));
    }

    /// G1 table rows 1-5, end to end: metric → step → percent → desired.
    fn g1_desired_after(capacity: u32, metric: f64) -> i64 {
        let percent = adjustment_at(&g1_all(), metric).unwrap_or(0);
        apply_adjustment(
            capacity,
            AdjustmentType::PercentChangeInCapacity,
            percent,
            None,
        )
    }

    #[test]
    fn g1_row1_step_lookup_metric_60_capacity_10_gives_11() {
        assert_eq!(g1_desired_after(10, 60.0), 11);
    }

    #[test]
    fn g1_row2_step_lookup_metric_70_capacity_11_gives_14() {
        assert_eq!(g1_desired_after(11, 70.0), 14);
    }

    #[test]
    fn g1_row3_step_lookup_metric_40_capacity_14_gives_13() {
        assert_eq!(g1_desired_after(14, 40.0), 13);
    }

    #[test]
    fn g1_row4_step_lookup_metric_30_capacity_13_gives_10() {
        assert_eq!(g1_desired_after(13, 30.0), 10);
    }

    #[test]
    fn g1_row5_step_lookup_metric_45_capacity_10_unchanged() {
        assert_eq!(adjustment_at(&g1_all(), 45.0), Some(0));
        assert_eq!(g1_desired_after(10, 45.0), 10);
    }

    #[test]
    fn g1_cli_example_threshold_60_bounds_0_15_25() {
        let steps = vec![
            step(Some(0.0), Some(15.0), 10),
            step(Some(15.0), Some(25.0), 20),
            step(Some(25.0), None, 30),
        ];
        assert!(validate_steps(&steps).is_empty());
        let at = |m: f64| find_step(&steps, 60.0, m).map(|i| steps[i].scaling_adjustment);
        assert_eq!(at(60.0), Some(10));
        assert_eq!(at(74.9), Some(10));
        assert_eq!(at(75.0), Some(20));
        assert_eq!(at(84.9), Some(20));
        assert_eq!(at(85.0), Some(30));
        assert_eq!(at(59.0), None);
    }

    #[test]
    fn a3_3_5_no_matching_step_returns_none_and_aws_message() {
        // mapbox/ecs-watchbot: threshold 1.0, lower bound 0.0, metric 0.0 → nothing matches.
        let steps = vec![step(Some(0.0), None, -100)];
        assert_eq!(find_step(&steps, 1.0, 0.0), None);
        assert_eq!(
            no_step_found_message(&[0.0], 1.0),
            "No step adjustment found for metric value [0.0] and breach threshold 1.0"
        );
        assert_eq!(
            no_step_found_message(&[0.14282611394791225, 0.14367561052112202], 85.0),
            "No step adjustment found for metric value [0.14282611394791225, 0.14367561052112202] \
             and breach threshold 85.0"
        );
        // A3.3.5 ExecutePolicy example: threshold 50, metric 59 → step [0,10).
        let steps = vec![step(Some(0.0), Some(10.0), 1), step(Some(10.0), None, 2)];
        assert_eq!(find_step(&steps, 50.0, 59.0), Some(0));
    }

    #[test]
    fn a3_3_3_nan_and_empty_never_match() {
        assert_eq!(find_step(&[], 50.0, 55.0), None);
        assert_eq!(find_step(&g1_all(), 50.0, f64::NAN), None);
        assert_eq!(find_step(&g1_all(), f64::NAN, 50.0), None);
        assert_eq!(find_step(&g1_all(), f64::INFINITY, f64::INFINITY), None);
    }

    // ---- A3.3.4 aggregation ----

    #[test]
    fn a3_3_4_aggregation_types() {
        let values = [40.0, 60.0, 80.0];
        assert_eq!(
            aggregate(MetricAggregationType::Average, &values),
            Some(60.0)
        );
        assert_eq!(
            aggregate(MetricAggregationType::Minimum, &values),
            Some(40.0)
        );
        assert_eq!(
            aggregate(MetricAggregationType::Maximum, &values),
            Some(80.0)
        );
        assert_eq!(
            MetricAggregationType::default(),
            MetricAggregationType::Average
        );
    }

    #[test]
    fn a3_3_4_aggregation_empty_and_nan() {
        for kind in [
            MetricAggregationType::Average,
            MetricAggregationType::Minimum,
            MetricAggregationType::Maximum,
        ] {
            assert_eq!(aggregate(kind, &[]), None);
            assert_eq!(aggregate(kind, &[f64::NAN, f64::NAN]), None);
            assert_eq!(aggregate(kind, &[f64::NAN, 5.0]), Some(5.0));
        }
        assert_eq!(
            aggregate(MetricAggregationType::Average, &[1.0, f64::NAN, 3.0]),
            Some(2.0)
        );
    }

    // ---- A3.3.2 validation ----

    #[test]
    fn a3_3_2_g1_policies_are_valid() {
        assert_eq!(validate_steps(&g1_scale_out()), Vec::<String>::new());
        assert_eq!(validate_steps(&g1_scale_in()), Vec::<String>::new());
        assert_eq!(validate_steps(&g1_all()), Vec::<String>::new());
    }

    #[test]
    fn a3_3_2_single_open_ended_steps_are_valid() {
        assert!(validate_steps(&[step(Some(0.0), None, 1)]).is_empty());
        assert!(validate_steps(&[step(None, Some(0.0), -1)]).is_empty());
        // Positive lower bound, null upper: valid, though metrics in [0, 5) match nothing.
        assert!(validate_steps(&[step(Some(5.0), None, 1)]).is_empty());
    }

    fn has(problems: &[String], needle: &str) -> bool {
        problems.iter().any(|p| p.contains(needle))
    }

    #[test]
    fn a3_3_2_overlap_is_rejected() {
        let p = validate_steps(&[step(Some(0.0), Some(10.0), 1), step(Some(5.0), None, 2)]);
        assert!(has(&p, "can't overlap"), "{p:?}");
    }

    #[test]
    fn a3_3_2_gap_is_rejected() {
        // hashicorp/terraform-provider-aws#29413: …[150,200) then [250,∞).
        let p = validate_steps(&[
            step(Some(0.0), Some(50.0), 10),
            step(Some(150.0), Some(200.0), 40),
            step(Some(250.0), None, 50),
            step(Some(50.0), Some(150.0), 20),
        ]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            has(&p, "can't have a gap: nothing covers 200 to 250"),
            "{p:?}"
        );
    }

    #[test]
    fn a3_3_2_two_null_lower_bounds_are_rejected() {
        let p = validate_steps(&[step(None, Some(-10.0), -2), step(None, Some(0.0), -1)]);
        assert!(
            has(
                &p,
                "At most one StepAdjustment can have an unspecified lower bound"
            ),
            "{p:?}"
        );
        assert!(has(&p, "can't overlap"), "{p:?}");
    }

    #[test]
    fn a3_3_2_two_null_upper_bounds_are_rejected() {
        let p = validate_steps(&[step(Some(0.0), None, 1), step(Some(10.0), None, 2)]);
        assert!(
            has(
                &p,
                "At most one StepAdjustment can have an unspecified upper bound"
            ),
            "{p:?}"
        );
    }

    #[test]
    fn a3_3_2_negative_lower_without_null_lower_is_rejected() {
        let p = validate_steps(&[step(Some(-10.0), Some(0.0), -1)]);
        assert_eq!(
            p,
            vec!["There must be a StepAdjustment with an unspecified lower bound (i.e., lower bound \
                  is null) when one StepAdjustment has a negative lower bound"
                .to_string()]
        );
    }

    #[test]
    fn a3_3_2_positive_upper_without_null_upper_is_rejected_with_aws_wording() {
        // hashicorp/terraform-provider-aws#9077: one step [1, 2).
        let p = validate_steps(&[step(Some(1.0), Some(2.0), 1)]);
        assert_eq!(
            p,
            vec!["There must be a StepAdjustment with an unspecified upper bound (i.e., upper bound \
                  is null) when one StepAdjustment has a positive upper bound"
                .to_string()]
        );
    }

    #[test]
    fn a3_3_2_both_bounds_null_is_rejected() {
        // hashicorp/terraform-provider-aws#4812 wording.
        let p = validate_steps(&[step(None, None, 1)]);
        assert_eq!(
            p,
            vec![
                "Both lower and upper bounds of a step adjustment cannot be left unspecified"
                    .to_string()
            ]
        );
    }

    #[test]
    fn a3_3_2_upper_must_exceed_lower() {
        let p = validate_steps(&[step(Some(0.0), Some(0.0), 1), step(Some(0.0), None, 1)]);
        assert!(
            has(&p, "The upper bound must be greater than the lower bound"),
            "{p:?}"
        );
        let p = validate_steps(&[step(Some(10.0), Some(5.0), 1), step(Some(10.0), None, 1)]);
        assert!(
            has(&p, "The upper bound must be greater than the lower bound"),
            "{p:?}"
        );
    }

    #[test]
    fn a3_3_2_non_finite_bounds_are_rejected() {
        let p = validate_steps(&[step(Some(f64::NAN), None, 1)]);
        assert!(
            has(&p, "MetricIntervalLowerBound must be a finite number"),
            "{p:?}"
        );
        let p = validate_steps(&[step(Some(0.0), Some(f64::INFINITY), 1)]);
        assert!(
            has(&p, "MetricIntervalUpperBound must be a finite number"),
            "{p:?}"
        );
    }

    #[test]
    fn a3_3_2_a2_16_count_limits() {
        assert_eq!(
            validate_steps(&[]),
            vec!["At least one StepAdjustment is required for a StepScaling policy".to_string()]
        );
        let twenty: Vec<StepAdjustment> = (0..20)
            .map(|i| {
                let lower = f64::from(i) * 10.0;
                let upper = if i == 19 { None } else { Some(lower + 10.0) };
                step(Some(lower), upper, i64::from(i))
            })
            .collect();
        assert!(validate_steps(&twenty).is_empty());
        let mut twenty_one = twenty.clone();
        twenty_one.insert(0, step(None, Some(0.0), -1));
        assert_eq!(
            validate_steps(&twenty_one),
            vec!["There can be at most 20 step adjustments per scaling policy".to_string()]
        );
    }

    // ---- properties ----

    /// A valid set covering the whole line: sorted distinct cut points c1 < … < cn give
    /// (−∞,c1], [c1,c2), …, [cn,+∞) (n + 1 steps, n ≤ 19).
    fn covering_steps() -> impl Strategy<Value = Vec<StepAdjustment>> {
        proptest::collection::btree_set(-1000i32..1000, 1..20).prop_map(|cuts| {
            let cuts: Vec<f64> = cuts.into_iter().map(|c| f64::from(c) / 4.0).collect();
            let mut steps = Vec::with_capacity(cuts.len() + 1);
            steps.push(step(None, Some(cuts[0]), 0));
            for (i, w) in cuts.windows(2).enumerate() {
                steps.push(step(Some(w[0]), Some(w[1]), i as i64 + 1));
            }
            steps.push(step(cuts.last().copied(), None, 99));
            steps
        })
    }

    fn arb_bound() -> impl Strategy<Value = Option<f64>> {
        proptest::option::of(prop_oneof![
            -100.0f64..100.0,
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(0.0),
        ])
    }

    fn arb_steps() -> impl Strategy<Value = Vec<StepAdjustment>> {
        proptest::collection::vec(
            (arb_bound(), arb_bound(), any::<i64>()).prop_map(|(l, u, a)| step(l, u, a)),
            0..25,
        )
    }

    fn arb_metric() -> impl Strategy<Value = f64> {
        prop_oneof![
            -200.0f64..200.0,
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            any::<f64>(),
        ]
    }

    proptest! {
        #[test]
        fn a3_3_3_prop_find_step_never_panics(steps in arb_steps(), threshold in arb_metric(), metric in arb_metric()) {
            if let Some(i) = find_step(&steps, threshold, metric) {
                prop_assert!(i < steps.len());
            }
            let _ = validate_steps(&steps);
        }

        #[test]
        fn a3_3_3_prop_covering_valid_set_matches_exactly_one(
            steps in covering_steps(), threshold in -100.0f64..100.0, metric in -400.0f64..400.0,
            on_cut in any::<bool>(), cut_index in any::<prop::sample::Index>()
        ) {
            prop_assert!(validate_steps(&steps).is_empty(), "{:?}", validate_steps(&steps));
            // Half the time put the metric exactly on a cut point: the boundary cases.
            let metric = if on_cut {
                let bounds: Vec<f64> = steps.iter().filter_map(|s| s.lower_bound).collect();
                threshold + bounds[cut_index.index(bounds.len())]
            } else {
                metric
            };
            let d = metric - threshold;
            let above = d >= 0.0;
            let matching: Vec<usize> =
                (0..steps.len()).filter(|&i| step_matches(&steps[i], d, above)).collect();
            prop_assert_eq!(matching.len(), 1);
            prop_assert_eq!(find_step(&steps, threshold, metric), Some(matching[0]));
        }

        #[test]
        fn a3_3_2_prop_shuffled_covering_set_is_still_valid(steps in covering_steps().prop_shuffle()) {
            prop_assert!(validate_steps(&steps).is_empty());
        }

        #[test]
        fn a3_3_4_prop_aggregate_between_min_and_max(values in proptest::collection::vec(-1e6f64..1e6, 1..50)) {
            let min = aggregate(MetricAggregationType::Minimum, &values).unwrap_or(f64::NAN);
            let max = aggregate(MetricAggregationType::Maximum, &values).unwrap_or(f64::NAN);
            let avg = aggregate(MetricAggregationType::Average, &values).unwrap_or(f64::NAN);
            prop_assert!(min <= avg + 1e-6 && avg <= max + 1e-6);
        }
    }
}
