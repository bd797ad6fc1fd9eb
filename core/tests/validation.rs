//! What `scaleout validate` reports: every problem carries a JSON path into the scenario file
//! (so the page can show it next to the field), with AWS's wording where AWS has one (A2.2,
//! A6.2, A3.3.2, A4.2). The runner's exit codes and output shape are tested in
//! `cli/tests/cli.rs`.

use scaleout_core::alarm::ComparisonOperator;
use scaleout_core::policy::{AdjustmentType, StepAdjustment};
use scaleout_core::scenario::{
    Action, AlarmSpec, LifecycleHookSpec, LoadPattern, PolicyKind, PolicySpec, Scenario,
    ScheduledActionSpec, TimedAction,
};
use scaleout_core::validate::{validate, Problem};
use scaleout_core::Sim;
use serde_json::Value;

/// Follows `group.lifecycle_hooks[0].heartbeat_timeout_s` through the scenario's JSON.
fn resolve<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = root;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            v = v.get(key)?;
        }
        for idx in indices.split('[').filter(|s| !s.is_empty()) {
            let n: usize = idx.strip_suffix(']')?.parse().ok()?;
            v = v.get(n)?;
        }
    }
    Some(v)
}

fn problems_at<'a>(p: &'a [Problem], path: &str) -> Vec<&'a str> {
    p.iter()
        .filter(|x| x.path == path)
        .map(|x| x.message.as_str())
        .collect()
}

fn step(lower: Option<f64>, upper: Option<f64>, adj: i64) -> StepAdjustment {
    StepAdjustment {
        lower_bound: lower,
        upper_bound: upper,
        scaling_adjustment: adj,
    }
}

fn step_policy(name: &str, steps: Vec<StepAdjustment>) -> PolicySpec {
    PolicySpec {
        name: name.into(),
        enabled: true,
        kind: PolicyKind::StepScaling {
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: steps,
            metric_aggregation_type: Default::default(),
            estimated_instance_warmup_s: None,
            min_adjustment_magnitude: None,
        },
        group: None,
    }
}

/// The demo with one step policy `steps` behind an alarm.
fn with_steps(steps: Vec<StepAdjustment>) -> Scenario {
    let mut s = Scenario::demo();
    s.policies = vec![step_policy("steps", steps)];
    s.alarms = vec![AlarmSpec {
        name: "cpu".into(),
        alarm_actions: vec!["steps".into()],
        ..AlarmSpec::default()
    }];
    s
}

/// A scenario that is wrong in as many places as possible.
fn everything_wrong() -> Scenario {
    let mut s = Scenario::demo();
    s.horizon_s = 0;
    s.amis[0].id = "image-1".into();
    s.instance_types[0].capacity_rps = 0.0;
    s.launch_templates[0].default_version = 3;
    s.launch_templates[0].versions[0].volume_size_gib = 0;
    s.group.name = "has space".into();
    s.group.min_size = 5;
    s.group.max_size = 3;
    s.group.desired_capacity = Some(9);
    s.group.availability_zones = vec!["us-east-1a".into(), "us-east-1a".into()];
    s.group.default_instance_warmup_s = Some(4000);
    s.group.lifecycle_hooks = vec![
        LifecycleHookSpec {
            heartbeat_timeout_s: 29,
            ..LifecycleHookSpec::default()
        },
        LifecycleHookSpec {
            heartbeat_timeout_s: 7201,
            ..LifecycleHookSpec::default()
        },
    ];
    s.alarms = vec![
        AlarmSpec {
            name: "a".into(),
            period_s: 45,
            evaluation_periods: 0,
            threshold: f64::NAN,
            alarm_actions: vec!["nope".into(), "tt".into()],
            ..AlarmSpec::default()
        },
        AlarmSpec {
            name: "a".into(),
            period_s: 300,
            evaluation_periods: 300,
            datapoints_to_alarm: Some(301),
            alarm_actions: vec!["steps".into()],
            ..AlarmSpec::default()
        },
    ];
    s.policies = vec![
        PolicySpec {
            name: "tt".into(),
            enabled: true,
            kind: PolicyKind::TargetTrackingScaling {
                metric: scaleout_core::scenario::MetricName::CPUUtilization,
                target_value: -1.0,
                disable_scale_in: false,
                estimated_instance_warmup_s: None,
            },
            group: None,
        },
        step_policy(
            "steps",
            vec![
                step(Some(0.0), Some(10.0), 1),
                step(Some(5.0), None, 2),
                step(None, None, -1),
            ],
        ),
        PolicySpec {
            name: "simple".into(),
            enabled: true,
            kind: PolicyKind::SimpleScaling {
                adjustment_type: AdjustmentType::ExactCapacity,
                scaling_adjustment: -2,
                cooldown_s: None,
                min_adjustment_magnitude: Some(2),
            },
            group: None,
        },
    ];
    s.scheduled_actions = vec![
        ScheduledActionSpec {
            name: "x".into(),
            recurrence: Some("61 9 * * *".into()),
            min_size: Some(4),
            max_size: Some(2),
            ..ScheduledActionSpec::default()
        },
        ScheduledActionSpec {
            name: "x".into(),
            ..ScheduledActionSpec::default()
        },
    ];
    s.load.noise_pct = 150.0;
    s.load.pattern = LoadPattern::Steady { rps: f64::INFINITY };
    s.actions = vec![TimedAction {
        at_ms: 0,
        action: Action::SetLoad { rps: Some(-3.0) },
    }];
    s.assumptions.boot_s = 99_999;
    s.assumptions.idle_cpu_pct = 120.0;
    s.assumptions.target_tracking_alarms.low_ratio = 1.5;
    s
}

#[test]
fn every_problem_has_a_json_path_that_exists_in_the_scenario() {
    let s = everything_wrong();
    let problems = validate(&s);
    assert!(
        problems.len() >= 25,
        "{} problems: {problems:#?}",
        problems.len()
    );
    // serde_json cannot hold NaN/inf: null them out so the structure can be navigated.
    let mut shape = s.clone();
    shape.alarms[0].threshold = 0.0;
    shape.load.pattern = LoadPattern::Steady { rps: 0.0 };
    let json: Value = serde_json::from_str(&shape.to_json_pretty()).expect("json");
    for p in &problems {
        assert!(!p.path.is_empty(), "{p:?}");
        assert!(!p.message.is_empty(), "{p:?}");
        assert!(
            resolve(&json, &p.path).is_some(),
            "path {} does not exist in the scenario ({})",
            p.path,
            p.message
        );
        assert_eq!(
            p.to_string(),
            format!("{}: {}", p.path, p.message),
            "the runner prints `path: message`"
        );
    }
    // Sim::new refuses it with the same list.
    match Sim::new(s) {
        Ok(_) => panic!("an invalid scenario must not run"),
        Err(p) => assert_eq!(p, problems),
    }
}

#[test]
fn valid_scenarios_have_no_problems() {
    assert_eq!(validate(&Scenario::demo()), vec![]);
    assert_eq!(
        validate(&Scenario::from_json("{}").expect("defaults")),
        vec![]
    );
}

/// A2.2: desired outside [min, max] at creation, in AWS's (CloudFormation) wording.
#[test]
fn a2_2_desired_outside_min_max_uses_aws_wording() {
    let mut s = Scenario::demo();
    s.group.min_size = 4;
    s.group.max_size = 10;
    for (desired, ok) in [(2, false), (4, true), (10, true), (11, false)] {
        s.group.desired_capacity = Some(desired);
        let p = validate(&s);
        if ok {
            assert_eq!(p, vec![], "desired {desired}");
        } else {
            assert_eq!(
                problems_at(&p, "group.desired_capacity"),
                [format!("Desired capacity:{desired} must be between the specified min size:4 and max size:10")],
            );
        }
    }
}

/// A2.2: min above max (wording UNCONFIRMED) is reported on `group.min_size`.
#[test]
fn a2_2_min_above_max_is_reported() {
    let mut s = Scenario::demo();
    s.group.min_size = 5;
    s.group.max_size = 3;
    let p = validate(&s);
    assert_eq!(
        problems_at(&p, "group.min_size"),
        ["Max bound, 3, must be greater than or equal to min bound, 5"]
    );
}

/// A2.2 at run time: SetDesiredCapacity above max is rejected with AWS's text.
#[test]
fn a2_2_set_desired_capacity_above_max_is_rejected_with_aws_text() {
    let mut s = Scenario::demo();
    s.group.max_size = 2;
    s.actions = vec![TimedAction {
        at_ms: 1000,
        action: Action::SetDesiredCapacity { desired: 3 },
    }];
    let mut sim = Sim::new(s).expect("valid");
    sim.advance_to(scaleout_core::SimTime::from_secs(2));
    let rejected: Vec<String> = std::iter::from_fn(|| sim.poll_output())
        .filter_map(|o| match o {
            scaleout_core::Output::ActionRejected { message, .. } => Some(message),
            _ => None,
        })
        .collect();
    assert_eq!(
        rejected,
        ["ValidationError: New SetDesiredCapacity value 3 is above max value 2 for the AutoScalingGroup."]
    );
}

/// A6.2: HeartbeatTimeout must be 30 to 7200 s; both ends are inclusive.
#[test]
fn a6_2_heartbeat_timeout_bounds_30_to_7200() {
    for (hb, ok) in [
        (0, false),
        (29, false),
        (30, true),
        (3600, true),
        (7200, true),
        (7201, false),
        (u32::MAX, false),
    ] {
        let mut s = Scenario::demo();
        s.group.lifecycle_hooks = vec![LifecycleHookSpec {
            heartbeat_timeout_s: hb,
            ..LifecycleHookSpec::default()
        }];
        let p = problems_at(
            &validate(&s),
            "group.lifecycle_hooks[0].heartbeat_timeout_s",
        )
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        if ok {
            assert!(p.is_empty(), "heartbeat {hb}: {p:?}");
        } else {
            assert_eq!(
                p,
                ["HeartbeatTimeout must be between 30 and 7200 seconds (A6.2)."],
                "heartbeat {hb}"
            );
        }
    }
}

/// A6.2 defaults: heartbeat 3600 s and DefaultResult ABANDON.
#[test]
fn a6_2_hook_defaults_from_json() {
    let s = Scenario::from_json(
        r#"{"group": {"lifecycle_hooks": [{"name": "h", "transition": "autoscaling:EC2_INSTANCE_LAUNCHING"}]}}"#,
    )
    .expect("parses");
    let h = &s.group.lifecycle_hooks[0];
    assert_eq!(h.heartbeat_timeout_s, 3600);
    assert_eq!(
        h.default_result,
        scaleout_core::scenario::LifecycleActionResult::ABANDON
    );
    assert_eq!(validate(&s), vec![]);
}

const STEPS_PATH: &str = "policies[0].kind.StepScaling.step_adjustments";

/// A3.3.2: step ranges may not overlap.
#[test]
fn a3_3_2_overlapping_steps_are_rejected() {
    let s = with_steps(vec![
        step(Some(0.0), Some(20.0), 1),
        step(Some(10.0), None, 2),
    ]);
    let p = validate(&s);
    let msgs = problems_at(&p, STEPS_PATH);
    assert_eq!(msgs.len(), 1, "{p:?}");
    assert!(
        msgs[0].starts_with("The ranges of step adjustments can't overlap: "),
        "{msgs:?}"
    );
    assert!(
        msgs[0].contains("20") && msgs[0].contains("10"),
        "names both ranges: {msgs:?}"
    );
}

/// A3.3.2: step ranges may not leave a gap.
#[test]
fn a3_3_2_steps_with_a_gap_are_rejected() {
    let s = with_steps(vec![
        step(Some(0.0), Some(10.0), 1),
        step(Some(20.0), None, 2),
    ]);
    let p = validate(&s);
    let msgs = problems_at(&p, STEPS_PATH);
    assert_eq!(msgs.len(), 1, "{p:?}");
    assert!(
        msgs[0].starts_with("The ranges of step adjustments can't have a gap"),
        "{msgs:?}"
    );
    assert!(msgs[0].contains("10 to 20"), "names the gap: {msgs:?}");
}

/// A3.3.2: the other structural rules, and G1's six steps being valid.
#[test]
fn a3_3_2_step_structure_rules() {
    let both_null = with_steps(vec![step(None, None, 1)]);
    assert!(problems_at(&validate(&both_null), STEPS_PATH)
        .contains(&"Both lower and upper bounds of a step adjustment cannot be left unspecified"));
    let positive_upper = with_steps(vec![step(Some(0.0), Some(10.0), 1)]);
    assert_eq!(
        problems_at(&validate(&positive_upper), STEPS_PATH),
        ["There must be a StepAdjustment with an unspecified upper bound (i.e., upper bound is null) when one StepAdjustment has a positive upper bound"]
    );
    let negative_lower = with_steps(vec![step(Some(-10.0), Some(0.0), -1)]);
    assert_eq!(
        problems_at(&validate(&negative_lower), STEPS_PATH),
        ["There must be a StepAdjustment with an unspecified lower bound (i.e., lower bound is null) when one StepAdjustment has a negative lower bound"]
    );
    let two_null_upper = with_steps(vec![step(Some(0.0), None, 1), step(Some(5.0), None, 2)]);
    assert!(problems_at(&validate(&two_null_upper), STEPS_PATH)
        .contains(&"At most one StepAdjustment can have an unspecified upper bound (i.e., upper bound is null)"));
    let empty = with_steps(vec![]);
    assert_eq!(
        problems_at(&validate(&empty), STEPS_PATH),
        ["At least one StepAdjustment is required for a StepScaling policy"]
    );
    let g1 = with_steps(vec![
        step(Some(0.0), Some(10.0), 0),
        step(Some(10.0), Some(20.0), 10),
        step(Some(20.0), None, 30),
        step(Some(-10.0), Some(0.0), 0),
        step(Some(-20.0), Some(-10.0), -10),
        step(None, Some(-20.0), -30),
    ]);
    assert_eq!(validate(&g1), vec![]);
    let too_many = with_steps(
        (0..21)
            .map(|i| {
                let lo = f64::from(i);
                step(Some(lo), if i == 20 { None } else { Some(lo + 1.0) }, 1)
            })
            .collect(),
    );
    assert_eq!(
        problems_at(&validate(&too_many), STEPS_PATH),
        ["There can be at most 20 step adjustments per scaling policy"]
    );
}

/// A4.2: the period is 10, 20, 30 or a multiple of 60 (AWS's wording); this simulator also
/// needs whole minutes; N x period is at most a day.
#[test]
fn a4_2_alarm_period_rules() {
    let alarm_with = |period_s: u32, n: u32| {
        let mut s = Scenario::demo();
        s.alarms = vec![AlarmSpec {
            name: "cpu".into(),
            period_s,
            evaluation_periods: n,
            comparison_operator: ComparisonOperator::GreaterThanThreshold,
            ..AlarmSpec::default()
        }];
        validate(&s)
    };
    let aws = "Period must be 10, 20, 30 or a multiple of 60";
    let ours = "This simulator evaluates alarms every minute: use a period that is a multiple of 60 seconds.";
    let day = "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).";
    assert_eq!(
        problems_at(&alarm_with(45, 3), "alarms[0].period_s"),
        [aws, ours]
    );
    assert_eq!(
        problems_at(&alarm_with(0, 3), "alarms[0].period_s"),
        [aws, ours]
    );
    assert_eq!(
        problems_at(&alarm_with(90, 3), "alarms[0].period_s"),
        [aws, ours]
    );
    assert_eq!(
        problems_at(&alarm_with(30, 3), "alarms[0].period_s"),
        [ours],
        "valid in AWS, not here"
    );
    assert_eq!(alarm_with(60, 3), vec![]);
    assert_eq!(alarm_with(300, 288), vec![], "exactly one day");
    assert_eq!(
        problems_at(&alarm_with(300, 289), "alarms[0].period_s"),
        [day]
    );
}

/// A4.2: the counts are reported on their own fields.
// Regression test (fixed): `validate_alarms` files every message of `alarm::validate_rules` under
// `alarms[i].period_s`, including "Value '0' at 'evaluationPeriods' ..." and
// "DatapointsToAlarm must be less than or equal to EvaluationPeriods", so the page shows
// them next to the period field instead of the field that is wrong.
#[test]
fn a4_2_alarm_count_problems_point_at_their_fields() {
    let mut s = Scenario::demo();
    s.alarms = vec![AlarmSpec {
        name: "cpu".into(),
        evaluation_periods: 3,
        datapoints_to_alarm: Some(4),
        ..AlarmSpec::default()
    }];
    let p = validate(&s);
    assert_eq!(
        problems_at(&p, "alarms[0].datapoints_to_alarm"),
        ["DatapointsToAlarm must be less than or equal to EvaluationPeriods"],
        "{p:?}"
    );
    s.alarms[0].evaluation_periods = 0;
    s.alarms[0].datapoints_to_alarm = None;
    let p = validate(&s);
    assert!(
        !problems_at(&p, "alarms[0].evaluation_periods").is_empty(),
        "{p:?}"
    );
}

/// Alarm actions must name an existing simple or step policy (A3.4.2: target tracking
/// policies own their alarms).
#[test]
fn alarm_actions_name_simple_or_step_policies() {
    let s = everything_wrong();
    let p = validate(&s);
    assert_eq!(
        problems_at(&p, "alarms[0].alarm_actions[0]"),
        ["No scaling policy named nope."]
    );
    assert_eq!(
        problems_at(&p, "alarms[0].alarm_actions[1]"),
        ["Target tracking policies own their alarms; don't attach other alarms to them (A3.4.2)."]
    );
}

/// Unknown JSON fields are ignored (serde default), but wrong types are errors with a line
/// and column.
#[test]
fn json_errors_carry_line_and_column() {
    let e = Scenario::from_json("{\n  \"group\": {\"min_size\": \"two\"}\n}")
        .expect_err("a string is not a size");
    assert!(e.starts_with("scenario JSON: "), "{e}");
    assert!(e.contains("line 2"), "{e}");
}
