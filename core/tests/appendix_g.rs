//! The golden worked examples (docs/rules/, "Appendix G"), driven through the whole simulator (the pure arithmetic is unit
//! tested in `policy::adjustment`; here alarms, warm-up, activities and lifecycle hooks take
//! part). Tests are named after the rule ids.

mod common;

use common::{desired_change_of, drain, policy_of, run_minutes, sim, Tracker};
use scaleout_core::activity::ActivityStatus;
use scaleout_core::alarm::ComparisonOperator;
use scaleout_core::instance::LifecycleState;
use scaleout_core::policy::{AdjustmentType, StepAdjustment};
use scaleout_core::scenario::{
    Action, AlarmSpec, DeliveryMethod, LifecycleActionResult, LifecycleHookSpec,
    LifecycleTransition, LoadPattern, MetricName, PolicyKind, PolicySpec, Scenario,
};
use scaleout_core::time::MS_PER_MIN;
use scaleout_core::{AlarmOrigin, Output, Sim, SimTime};

/// A quiet base: one 100-rps instance type, no idle CPU (so CPU = 100 x load / capacity),
/// boots in exactly 60 s, no policies or alarms, no load, and no deployment step (the AMI's
/// code runs as is), so lifecycle timing is the group's alone.
fn base() -> Scenario {
    let mut s = Scenario::demo();
    s.name = "appendix G".into();
    s.delivery.method = DeliveryMethod::NoAutomation;
    s.policies.clear();
    s.alarms.clear();
    s.load.pattern = LoadPattern::Steady { rps: 0.0 };
    s.assumptions.boot_jitter_s = 0;
    s.assumptions.idle_cpu_pct = 0.0;
    s.group.min_size = 1;
    s.group.max_size = 20;
    s
}

fn alarm(name: &str, threshold: f64, cmp: ComparisonOperator, policy: &str) -> AlarmSpec {
    AlarmSpec {
        name: name.into(),
        metric: MetricName::CPUUtilization,
        period_s: 60,
        evaluation_periods: 1,
        threshold,
        comparison_operator: cmp,
        alarm_actions: vec![policy.into()],
        ..AlarmSpec::default()
    }
}

fn step(lower: Option<f64>, upper: Option<f64>, adj: i64) -> StepAdjustment {
    StepAdjustment {
        lower_bound: lower,
        upper_bound: upper,
        scaling_adjustment: adj,
    }
}

fn simple(name: &str, t: AdjustmentType, adj: i64) -> PolicySpec {
    PolicySpec {
        name: name.into(),
        enabled: true,
        kind: PolicyKind::SimpleScaling {
            adjustment_type: t,
            scaling_adjustment: adj,
            cooldown_s: None,
            min_adjustment_magnitude: None,
        },
        group: None,
    }
}

/// G1's policy: threshold 50, PercentChangeInCapacity, relative bounds.
fn g1_policy(warmup_s: u32) -> PolicySpec {
    PolicySpec {
        name: "g1-step".into(),
        enabled: true,
        kind: PolicyKind::StepScaling {
            adjustment_type: AdjustmentType::PercentChangeInCapacity,
            step_adjustments: vec![
                step(Some(0.0), Some(10.0), 0),
                step(Some(10.0), Some(20.0), 10),
                step(Some(20.0), None, 30),
                step(Some(-10.0), Some(0.0), 0),
                step(Some(-20.0), Some(-10.0), -10),
                step(None, Some(-20.0), -30),
            ],
            metric_aggregation_type: Default::default(),
            estimated_instance_warmup_s: Some(warmup_s),
            min_adjustment_magnitude: None,
        },
        group: None,
    }
}

/// G1 with its two CPU alarms at 50 (one each side, 1 datapoint of 1 minute) on 10 instances.
fn g1_scenario() -> Scenario {
    let mut s = base();
    s.group.desired_capacity = Some(10);
    s.alarms = vec![
        alarm(
            "cpu-ge-50",
            50.0,
            ComparisonOperator::GreaterThanOrEqualToThreshold,
            "g1-step",
        ),
        alarm(
            "cpu-lt-50",
            50.0,
            ComparisonOperator::LessThanThreshold,
            "g1-step",
        ),
    ];
    s.policies = vec![g1_policy(300)];
    s
}

fn minute(sim: &mut Sim) -> Vec<Output> {
    let t = SimTime((sim.now().ms() / MS_PER_MIN + 1) * MS_PER_MIN);
    sim.advance_to(t);
    drain(sim)
}

fn decisions(outputs: &[Output]) -> Vec<String> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::PolicyDecision { decision, .. } => Some(decision.text()),
            _ => None,
        })
        .collect()
}

fn launches(outputs: &[Output]) -> usize {
    outputs
        .iter()
        .filter(|o| matches!(o, Output::Activity(a) if a.description.starts_with("Launching")))
        .count()
}

fn terminations(outputs: &[Output]) -> usize {
    outputs
        .iter()
        .filter(|o| matches!(o, Output::Activity(a) if a.description.starts_with("Terminating")))
        .count()
}

/// Runs `minutes` minutes at `rps` and returns the outputs; records every distinct desired.
fn phase(sim: &mut Sim, rps: f64, minutes: u64, seen: &mut Vec<u32>) -> Vec<Output> {
    sim.apply(Action::SetLoad { rps: Some(rps) });
    let mut out = Vec::new();
    for _ in 0..minutes {
        out.extend(minute(sim));
        let d = sim.sizes().desired;
        if seen.last() != Some(&d) {
            seen.push(d);
        }
    }
    out
}

/// G1 (A3.3.3, A3.1.2, A3.3.6): metrics 60, 70, 40, 30, 45 against threshold 50 move desired
/// 10 -> 11 -> 14 -> 13 -> 10 -> 10. Load is chosen so the group average is exactly the metric
/// (CPU = 100 x load / (instances x 100 rps)); each level is held past the 300 s warm-up.
#[test]
fn g1_a3_3_3_step_table_percent_change_10_11_14_13_10_10() {
    let mut sim = sim(g1_scenario());
    let mut seen = vec![sim.sizes().desired];

    // Settle at 45% (row 5's band) so the ten first instances are InService and warmed.
    let out = phase(&mut sim, 450.0, 10, &mut seen);
    assert_eq!(seen, [10], "45% on 10 instances is in (-10, 0]: no change");
    assert_eq!(sim.view().in_service, 10);
    assert!(decisions(&out)
        .iter()
        .any(|d| d.contains("Metric 45.00") && d.contains("no change")));

    // Row 1: 60% -> [10, 20) -> +10% of 10 = +1.0 -> 11.
    let out = phase(&mut sim, 600.0, 10, &mut seen);
    assert_eq!(seen, [10, 11]);
    assert_eq!(
        launches(&out),
        1,
        "A3.3.6: the repeated breach while warming adds nothing"
    );
    assert!(decisions(&out)
        .iter()
        .any(|d| d.starts_with("Metric 60.00 in step 1 (+10)")));

    // Row 2: 70% on 11 (after warm-up) -> [20, inf) -> +30% of 11 = 3.3 -> +3 -> 14.
    let out = phase(&mut sim, 770.0, 10, &mut seen);
    assert_eq!(seen, [10, 11, 14]);
    assert_eq!(launches(&out), 3);
    assert!(decisions(&out)
        .iter()
        .any(|d| d.starts_with("Metric 70.00 in step 2 (+30)")));

    // Row 3: 40% on 14 -> (-20, -10] (below the threshold the upper bound is inclusive)
    // -> -10% of 14 = -1.4 -> -1 -> 13.
    let out = phase(&mut sim, 560.0, 10, &mut seen);
    assert_eq!(seen, [10, 11, 14, 13]);
    assert_eq!(terminations(&out), 1);
    assert!(decisions(&out)
        .iter()
        .any(|d| d.starts_with("Metric 40.00 in step 4 (-10)")));

    // Row 4: 30% on 13 -> (-inf, -20] -> -30% of 13 = -3.9 -> -3 -> 10. Row 5 follows at once:
    // the minute desired reaches 10 the load becomes 450, i.e. 45% on 10.
    sim.apply(Action::SetLoad { rps: Some(390.0) });
    let mut out = Vec::new();
    while sim.sizes().desired != 10 {
        assert!(sim.now() < SimTime::from_mins(60), "row 4 never scaled in");
        out.extend(minute(&mut sim));
    }
    seen.push(10);
    assert_eq!(terminations(&out), 3);
    assert!(decisions(&out)
        .iter()
        .any(|d| d.starts_with("Metric 30.00 in step 5 (-30)")));

    // Row 5: 45% -> no change.
    let out = phase(&mut sim, 450.0, 10, &mut seen);
    assert_eq!(seen, [10, 11, 14, 13, 10]);
    assert_eq!(sim.sizes().desired, 10);
    assert_eq!(launches(&out) + terminations(&out), 0);
    assert!(decisions(&out)
        .iter()
        .any(|d| d.starts_with("Metric 45.00 in step 3: no change")));

    // The activity history tells the same story in AWS's words (A7.3).
    let changes: Vec<(u32, u32)> = sim
        .activities()
        .iter()
        .filter(|a| policy_of(a) == Some("g1-step"))
        .filter_map(desired_change_of)
        .fold(Vec::new(), |mut v, c| {
            if v.last() != Some(&c) {
                v.push(c);
            }
            v
        });
    assert_eq!(changes, [(10, 11), (11, 14), (14, 13), (13, 10)]);
}

/// A3.3.6: while scale-out instances warm up, policy scale-in is blocked; it proceeds once the
/// warm-up (EstimatedInstanceWarmup, 300 s) has passed.
#[test]
fn g1_a3_3_6_scale_in_blocked_until_scale_out_instances_warm() {
    let mut sim = sim(g1_scenario());
    let mut seen = vec![10];
    phase(&mut sim, 450.0, 10, &mut seen);
    phase(&mut sim, 770.0, 1, &mut seen); // 77% -> +30% -> 13
    assert_eq!(sim.sizes().desired, 13);
    let scaled_out_at = sim.now();
    // Load collapses at once: 20% would be the -30% step, but the 3 new instances are warming.
    sim.apply(Action::SetLoad { rps: Some(200.0) });
    let mut out = Vec::new();
    let mut tr = Tracker::default();
    let mut first_in = None;
    while first_in.is_none() && sim.now() < scaled_out_at.plus_secs(1200) {
        let o = minute(&mut sim);
        for x in &o {
            tr.feed(x);
        }
        if sim.sizes().desired < 13 {
            first_in = Some(sim.now());
        }
        out.extend(o);
    }
    let first_in = first_in.expect("scale-in happens after the warm-up");
    assert!(decisions(&out)
        .iter()
        .any(|d| d.contains("Scale-in blocked while scale-out instances warm up (A3.3.6)")));
    let last_in_service = tr
        .in_service_at
        .values()
        .max()
        .copied()
        .expect("the new instances entered service");
    assert!(
        first_in.since(last_in_service) >= 300_000,
        "scale-in at {} but the last instance entered service at {}",
        first_in.clock(),
        last_in_service.clock()
    );
}

/// A3.3.6 [MODEL]: the base capacity of a step scale-out excludes instances still in their
/// warm-up (EstimatedInstanceWarmup), so a metric that stays in the same step while the new
/// instance warms up produces a single activity.
// Regression test (fixed): `Sim::metric_instances()` (used as the step/target-tracking `base`) only excludes
// instances inside the group's DefaultInstanceWarmup; it ignores the policy's
// EstimatedInstanceWarmup (and the DefaultCooldown fallback of A2.10), although the same
// policy uses that warm-up to block scale-in. Here desired climbs 2 -> 3 -> 4 -> ... by one
// instance per minute instead of staying at 3 for the 600 s warm-up.
#[test]
fn a3_3_6_step_scale_out_base_excludes_instances_in_estimated_warmup() {
    let mut s = base();
    s.group.desired_capacity = Some(2);
    s.group.max_size = 10;
    s.load.pattern = LoadPattern::Steady { rps: 1000.0 };
    s.alarms = vec![alarm(
        "cpu-ge-50",
        50.0,
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        "plus-one",
    )];
    s.policies = vec![PolicySpec {
        name: "plus-one".into(),
        enabled: true,
        kind: PolicyKind::StepScaling {
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: vec![step(Some(0.0), None, 1)],
            metric_aggregation_type: Default::default(),
            estimated_instance_warmup_s: Some(600),
            min_adjustment_magnitude: None,
        },
        group: None,
    }];
    let mut sim = sim(s);
    run_minutes(&mut sim, SimTime::from_mins(2));
    assert_eq!(sim.sizes().desired, 3, "first breach: 2 + 1");
    // The new instance is InService from minute 3 and warms until minute 13.
    run_minutes(&mut sim, SimTime::from_mins(12));
    assert_eq!(
        sim.sizes().desired,
        3,
        "same step while the instance warms: one activity"
    );
}

/// A3.3.1: step bounds are relative to the threshold of the alarm that invoked the policy.
// Regression test (fixed): `PolicyRuntime::threshold` is taken from the FIRST alarm whose actions name the policy
// and used for every invocation, so a step policy attached to two alarms with different
// thresholds reads the second alarm's metric against the first alarm's threshold. Here the
// low alarm (threshold 30) at CPU 20 should match (-40, 0] (d = -10) and remove 1 instance;
// the simulator computes d = 20 - 70 = -50 and removes 2.
#[test]
fn a3_3_1_step_bounds_are_relative_to_the_invoking_alarms_threshold() {
    let mut s = base();
    s.group.desired_capacity = Some(6);
    s.load.pattern = LoadPattern::Steady { rps: 120.0 }; // 20% on 6 instances
    s.alarms = vec![
        alarm(
            "cpu-ge-70",
            70.0,
            ComparisonOperator::GreaterThanOrEqualToThreshold,
            "steps",
        ),
        alarm(
            "cpu-le-30",
            30.0,
            ComparisonOperator::LessThanOrEqualToThreshold,
            "steps",
        ),
    ];
    s.policies = vec![PolicySpec {
        name: "steps".into(),
        enabled: true,
        kind: PolicyKind::StepScaling {
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: vec![
                step(None, Some(-40.0), -2),
                step(Some(-40.0), Some(0.0), -1),
                step(Some(0.0), None, 1),
            ],
            metric_aggregation_type: Default::default(),
            estimated_instance_warmup_s: Some(0),
            min_adjustment_magnitude: None,
        },
        group: None,
    }];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_mins(5));
    let first = out.iter().find_map(|o| match o {
        Output::Activity(a) if policy_of(a) == Some("steps") => desired_change_of(a),
        _ => None,
    });
    assert_eq!(
        first,
        Some((6, 5)),
        "metric 20 vs threshold 30 is d = -10: the -1 step"
    );
}

/// G2 / A2.4: max 3, current 2, a "+3" policy adds only 1.
#[test]
fn g2_a2_4_max_3_current_2_plus_3_adds_only_1() {
    let mut s = base();
    s.group.max_size = 3;
    s.group.desired_capacity = Some(2);
    s.load.pattern = LoadPattern::Steady { rps: 1000.0 };
    s.alarms = vec![alarm(
        "cpu-ge-50",
        50.0,
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        "plus-3",
    )];
    s.policies = vec![simple("plus-3", AdjustmentType::ChangeInCapacity, 3)];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_mins(10));
    assert_eq!(sim.sizes().desired, 3);
    let policy_launches: Vec<_> = out
        .iter()
        .filter_map(|o| match o {
            Output::Activity(a) if policy_of(a) == Some("plus-3") => Some(a.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(policy_launches.len(), 1, "{policy_launches:?}");
    assert_eq!(desired_change_of(&policy_launches[0]), Some((2, 3)));
    assert!(decisions(&out)
        .iter()
        .any(|d| d.contains("ChangeInCapacity 3 from 2 gives 5, clamped to [1, 3] = 3")));
}

/// G2 / A2.4: min 2, current 3, a "-2" policy removes only 1.
#[test]
fn g2_a2_4_min_2_current_3_minus_2_removes_only_1() {
    let mut s = base();
    s.group.min_size = 2;
    s.group.desired_capacity = Some(3);
    s.load.pattern = LoadPattern::Steady { rps: 30.0 };
    s.alarms = vec![alarm(
        "cpu-lt-20",
        20.0,
        ComparisonOperator::LessThanThreshold,
        "minus-2",
    )];
    s.policies = vec![simple("minus-2", AdjustmentType::ChangeInCapacity, -2)];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_mins(30));
    assert_eq!(sim.sizes().desired, 2);
    let terminations: Vec<_> = out
        .iter()
        .filter_map(|o| match o {
            Output::Activity(a) if a.description.starts_with("Terminating") => Some(a.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(terminations.len(), 1, "{terminations:?}");
    assert_eq!(desired_change_of(&terminations[0]), Some((3, 2)));
    assert_eq!(sim.view().in_service, 2);
}

/// G2 / A3.5.1: two policies fire in the same evaluation, +1 (CPU) and +2 (memory, standing
/// in for SQS): the larger resulting capacity wins.
#[test]
fn g2_a3_5_1_scale_out_conflict_plus_1_vs_plus_2_gives_plus_2() {
    let mut s = base();
    s.group.desired_capacity = Some(4);
    s.load.pattern = LoadPattern::Steady { rps: 1000.0 };
    s.assumptions.mem_base_pct = 90.0;
    let mut mem = alarm(
        "mem-ge-80",
        80.0,
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        "plus-2",
    );
    mem.metric = MetricName::mem_used_percent;
    s.alarms = vec![
        alarm(
            "cpu-ge-50",
            50.0,
            ComparisonOperator::GreaterThanOrEqualToThreshold,
            "plus-1",
        ),
        mem,
    ];
    s.policies = vec![
        simple("plus-1", AdjustmentType::ChangeInCapacity, 1),
        simple("plus-2", AdjustmentType::ChangeInCapacity, 2),
    ];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_mins(2));
    assert_eq!(sim.sizes().desired, 6);
    let winners: Vec<&str> = out
        .iter()
        .filter_map(|o| match o {
            Output::Activity(a) => policy_of(a),
            _ => None,
        })
        .collect();
    assert_eq!(winners, ["plus-2", "plus-2"]);
}

/// G2 / A3.5.1: at 8 instances "remove 3" and "remove 25%" fire together; 25% of 8 = 2 keeps
/// the larger capacity, 6.
#[test]
fn g2_a3_5_1_scale_in_conflict_minus_3_vs_minus_25_percent_keeps_6() {
    let mut s = base();
    s.group.desired_capacity = Some(8);
    s.load.pattern = LoadPattern::Steady { rps: 40.0 };
    let mut mem = alarm(
        "mem-lt-90",
        90.0,
        ComparisonOperator::LessThanThreshold,
        "minus-25pct",
    );
    mem.metric = MetricName::mem_used_percent;
    s.alarms = vec![
        alarm(
            "cpu-lt-20",
            20.0,
            ComparisonOperator::LessThanThreshold,
            "minus-3",
        ),
        mem,
    ];
    s.policies = vec![
        simple("minus-3", AdjustmentType::ChangeInCapacity, -3),
        simple("minus-25pct", AdjustmentType::PercentChangeInCapacity, -25),
    ];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_mins(2));
    assert_eq!(sim.sizes().desired, 6);
    let first = out.iter().find_map(|o| match o {
        Output::Activity(a) if a.description.starts_with("Terminating") => Some(a.clone()),
        _ => None,
    });
    let first = first.expect("a scale-in");
    assert_eq!(policy_of(&first), Some("minus-25pct"));
    assert_eq!(desired_change_of(&first), Some((8, 6)));
}

fn hook(
    heartbeat_s: u32,
    handler: Option<u32>,
    handler_result: LifecycleActionResult,
    default: LifecycleActionResult,
) -> LifecycleHookSpec {
    LifecycleHookSpec {
        name: "bootstrap".into(),
        transition: LifecycleTransition::Launching,
        heartbeat_timeout_s: heartbeat_s,
        default_result: default,
        handler_completes_after_s: handler,
        handler_result,
    }
}

fn uuid_shaped(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// G3 / A6.2 / A6.4: a launch hook whose handler never completes, heartbeat 600 s, default
/// ABANDON: the instance waits in Pending:Wait for exactly 600 s, its launch activity ends
/// Cancelled with "... was abandoned: Heartbeat Timeout", it is terminated, and a replacement
/// is launched at once (which then suffers the same fate).
#[test]
fn g3_a6_4_launch_hook_heartbeat_600_timeout_abandons_and_replaces() {
    let mut s = base();
    s.group.desired_capacity = Some(1);
    s.group.lifecycle_hooks = vec![hook(
        600,
        None,
        LifecycleActionResult::CONTINUE,
        LifecycleActionResult::ABANDON,
    )];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_secs(60 + 600 + 60 + 600 + 30));
    let mut tr = Tracker::default();
    for o in &out {
        tr.feed(o);
    }
    assert!(tr.in_service_at.is_empty(), "no instance may enter service");
    assert_eq!(sim.sizes().desired, 1, "abandoning does not change desired");

    let launches: Vec<_> = sim
        .activities()
        .iter()
        .filter(|a| a.description.starts_with("Launching"))
        .cloned()
        .collect();
    assert_eq!(
        launches.len(),
        3,
        "the original, its replacement, and the replacement's replacement"
    );
    let first = &launches[0];
    let wait_at = tr.pending_wait_at[first.instance_id.as_str()];
    assert_eq!(
        wait_at,
        SimTime::from_secs(60),
        "Pending:Wait after the 60 s boot"
    );
    assert_eq!(first.status_code, ActivityStatus::Cancelled);
    assert_eq!(
        first.end,
        Some(SimTime::from_secs(660)),
        "abandoned exactly 600 s later"
    );
    let prefix =
        "Instance failed to complete user's Lifecycle Action: Lifecycle Action with token ";
    let suffix = " was abandoned: Heartbeat Timeout";
    let token = first
        .status_message
        .strip_prefix(prefix)
        .and_then(|r| r.strip_suffix(suffix))
        .unwrap_or_else(|| panic!("status message: {}", first.status_message));
    assert!(uuid_shaped(token), "token {token}");

    // Replaced at once, with a cause that changes no desired capacity.
    let second = &launches[1];
    assert_eq!(second.start, SimTime::from_secs(660));
    assert!(second.cause.starts_with("At 2026-01-05T00:11:00Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 1."), "{}", second.cause);
    assert_eq!(second.status_code, ActivityStatus::Cancelled);
    assert_eq!(second.end, Some(SimTime::from_secs(660 + 60 + 600)));

    // The abandoned instance is terminated.
    let term = sim
        .activities()
        .iter()
        .find(|a| a.description == format!("Terminating EC2 instance: {}", first.instance_id))
        .cloned()
        .expect("the abandoned instance is terminated");
    assert_eq!(term.start, SimTime::from_secs(660));
    assert_eq!(term.status_code, ActivityStatus::Successful);
    assert!(!sim.instances().iter().any(|i| i.id == first.instance_id));
}

/// G3 / A6.2: DefaultResult CONTINUE on timeout lets the instance proceed after the heartbeat.
#[test]
fn g3_a6_2_default_result_continue_on_timeout_enters_service() {
    let mut s = base();
    s.group.desired_capacity = Some(1);
    s.group.lifecycle_hooks = vec![hook(
        600,
        None,
        LifecycleActionResult::CONTINUE,
        LifecycleActionResult::CONTINUE,
    )];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_mins(15));
    let mut tr = Tracker::default();
    for o in &out {
        tr.feed(o);
    }
    let times: Vec<SimTime> = tr.in_service_at.values().copied().collect();
    assert_eq!(times, [SimTime::from_secs(660)]);
    let states: Vec<LifecycleState> = out
        .iter()
        .filter_map(|o| match o {
            Output::InstanceStateChanged { to, .. } => Some(*to),
            _ => None,
        })
        .collect();
    assert_eq!(
        states,
        [
            LifecycleState::PendingWait,
            LifecycleState::PendingProceed,
            LifecycleState::InService
        ]
    );
}

/// A6.4: an explicit ABANDON from the handler cancels the launch with the completed-ABANDON
/// wording.
#[test]
fn a6_4_explicit_abandon_uses_the_completed_with_abandon_message() {
    let mut s = base();
    s.group.desired_capacity = Some(1);
    s.group.lifecycle_hooks = vec![hook(
        600,
        Some(30),
        LifecycleActionResult::ABANDON,
        LifecycleActionResult::CONTINUE,
    )];
    let mut sim = sim(s);
    run_minutes(&mut sim, SimTime::from_mins(2));
    let first = sim.activities().front().cloned().expect("a launch");
    assert_eq!(first.status_code, ActivityStatus::Cancelled);
    assert_eq!(first.end, Some(SimTime::from_secs(90)));
    assert!(
        first
            .status_message
            .ends_with(" was abandoned: Lifecycle Action Completed with ABANDON Result"),
        "{}",
        first.status_message
    );
}

/// A6.4 / A2.9: a launch hook delays InService by the handler's time; with several hooks the
/// instance proceeds when the last one completes.
#[test]
fn a6_4_in_service_waits_for_every_launch_hook() {
    let mut s = base();
    s.group.desired_capacity = Some(2);
    let mut h2 = hook(
        300,
        Some(200),
        LifecycleActionResult::CONTINUE,
        LifecycleActionResult::ABANDON,
    );
    h2.name = "second".into();
    s.group.lifecycle_hooks = vec![
        hook(
            300,
            Some(45),
            LifecycleActionResult::CONTINUE,
            LifecycleActionResult::ABANDON,
        ),
        h2,
    ];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_mins(10));
    let mut tr = Tracker::default();
    for o in &out {
        tr.feed(o);
    }
    assert_eq!(tr.in_service_at.len(), 2);
    for (id, t) in &tr.in_service_at {
        assert_eq!(*t, tr.pending_wait_at[id].plus_secs(200), "{id}");
    }
}

/// A4.2, A3.4.2/A3.4.3: the alarms the run evaluates, typed: the user's alarm as written, then
/// the target-tracking pair at target and `low_ratio` x target, each naming its policy.
#[test]
fn a3_4_3_alarm_specs_are_the_evaluated_alarms() {
    let mut s = Scenario::demo();
    let mut own = alarm(
        "cpu-ge-80",
        80.0,
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        "",
    );
    own.alarm_actions.clear();
    s.alarms = vec![own];
    let tracking: Vec<(String, f64)> = s
        .policies
        .iter()
        .filter_map(|p| match &p.kind {
            PolicyKind::TargetTrackingScaling { target_value, .. } => {
                Some((p.name.clone(), *target_value))
            }
            _ => None,
        })
        .collect();
    assert!(!tracking.is_empty(), "the demo tracks a target");
    let ratio = s.assumptions.target_tracking_alarms.low_ratio;
    let sim = sim(s);
    let specs = sim.alarm_specs();
    assert_eq!(specs.len(), 1 + 2 * tracking.len());
    assert_eq!(specs[0].name, "cpu-ge-80");
    assert_eq!(specs[0].threshold, 80.0);
    assert_eq!(specs[0].origin, AlarmOrigin::User);
    for (i, (policy, target)) in tracking.iter().enumerate() {
        let (high, low) = (&specs[1 + 2 * i], &specs[2 + 2 * i]);
        assert_eq!(high.origin, AlarmOrigin::TrackingHigh { policy });
        assert_eq!(high.threshold, *target);
        assert_eq!(high.comparison, ComparisonOperator::GreaterThanThreshold);
        assert!(high.name.contains("-AlarmHigh-"), "{}", high.name);
        assert_eq!(low.origin, AlarmOrigin::TrackingLow { policy });
        assert_eq!(low.threshold, target * ratio);
        assert_eq!(low.comparison, ComparisonOperator::LessThanThreshold);
    }
    let names: Vec<String> = specs.iter().map(|a| a.name.to_string()).collect();
    assert_eq!(names, sim.alarm_names());
}

/// A7.3: every alarm-triggered activity carries the typed change its cause's first sentence
/// is built from.
#[test]
fn a7_3_activity_change_is_the_cause_typed() {
    let mut s = base();
    s.group.max_size = 3;
    s.group.desired_capacity = Some(2);
    s.load.pattern = LoadPattern::Steady { rps: 1000.0 };
    s.alarms = vec![alarm(
        "cpu-ge-50",
        50.0,
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        "plus-3",
    )];
    s.policies = vec![simple("plus-3", AdjustmentType::ChangeInCapacity, 3)];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, SimTime::from_mins(10));
    let change = out
        .iter()
        .find_map(|o| match o {
            Output::Activity(a) => a.change.clone().filter(|c| c.policy().is_some()),
            _ => None,
        })
        .expect("a policy-driven activity");
    assert_eq!(change.policy(), Some("plus-3"));
    assert_eq!(change.alarm(), Some("cpu-ge-50"));
    assert_eq!((change.from, change.to, change.adjustment()), (2, 3, 1));
}
