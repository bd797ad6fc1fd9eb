//! Invariants checked from outside the simulator (TigerBeetle's VOPR idea, STYLE.md): random
//! small scenarios are run minute by minute and every output is checked against the rules.
//! Plus: `Sim::new` never panics, whatever the scenario holds.

mod common;

use std::collections::BTreeMap;

use common::{desired_change_of, drain, policy_of, Tracker};
use proptest::prelude::*;
use scaleout_core::alarm::{ComparisonOperator, Statistic, TreatMissingData};
use scaleout_core::instance::LifecycleState;
use scaleout_core::policy::target_tracking::TargetTrackingAlarmModel;
use scaleout_core::policy::{AdjustmentType, MetricAggregationType, StepAdjustment};
use scaleout_core::scenario::{
    Action, AlarmSpec, Ami, Assumptions, DeliveryMethod, GroupSpec, InstanceType, LaunchSource,
    LaunchTemplate, LaunchTemplateVersion, LifecycleActionResult, LifecycleHookSpec,
    LifecycleTransition, LoadPattern, LoadSpec, LoadStep, MetricName, PolicyKind, PolicySpec,
    Scenario, ScheduledActionSpec, TerminationPolicy, TimedAction,
};
use scaleout_core::time::MS_PER_MIN;
use scaleout_core::{Output, Sim, SimTime};

// ----- random small scenarios -------------------------------------------------------------

fn load_pattern() -> impl Strategy<Value = LoadPattern> {
    prop_oneof![
        (0.0..1500.0f64).prop_map(|rps| LoadPattern::Steady { rps }),
        (0.0..300.0f64, 0.0..2500.0f64, 0u64..7200, 60u64..3600).prop_map(|(b, p, at, d)| {
            LoadPattern::Spike {
                base_rps: b,
                peak_rps: p,
                at_s: at,
                duration_s: d,
            }
        }),
        (0.0..1500.0f64, 0.0..1500.0f64, 0u64..3600, 0u64..7200).prop_map(|(f, t, s, d)| {
            LoadPattern::Ramp {
                from_rps: f,
                to_rps: t,
                start_s: s,
                duration_s: d,
            }
        }),
        (0.0..200.0f64, 200.0..1500.0f64, 0.0..24.0f64).prop_map(|(lo, hi, h)| {
            LoadPattern::DailyWave {
                min_rps: lo,
                max_rps: hi,
                peak_hour: h,
            }
        }),
        proptest::collection::vec((0u64..10_800, 0.0..1500.0f64), 0..5).prop_map(|v| {
            LoadPattern::Steps {
                steps: v
                    .into_iter()
                    .map(|(at_s, rps)| LoadStep { at_s, rps })
                    .collect(),
            }
        }),
    ]
}

fn comparison() -> impl Strategy<Value = ComparisonOperator> {
    prop_oneof![
        Just(ComparisonOperator::GreaterThanOrEqualToThreshold),
        Just(ComparisonOperator::GreaterThanThreshold),
        Just(ComparisonOperator::LessThanThreshold),
        Just(ComparisonOperator::LessThanOrEqualToThreshold),
    ]
}

/// An alarm on CPU or memory, 1 to 3 periods of 1 or 2 minutes.
fn alarm_for(policy: String) -> impl Strategy<Value = AlarmSpec> {
    (
        prop_oneof![
            Just(MetricName::CPUUtilization),
            Just(MetricName::mem_used_percent)
        ],
        prop_oneof![Just(60u32), Just(120)],
        1u32..=3,
        5.0..95.0f64,
        comparison(),
        prop_oneof![
            Just(TreatMissingData::Missing),
            Just(TreatMissingData::NotBreaching),
            Just(TreatMissingData::Breaching),
            Just(TreatMissingData::Ignore)
        ],
    )
        .prop_map(
            move |(metric, period_s, n, threshold, cmp, tmd)| AlarmSpec {
                name: format!("{policy}-alarm"),
                metric,
                statistic: Statistic::Average,
                period_s,
                evaluation_periods: n,
                datapoints_to_alarm: None,
                threshold,
                comparison_operator: cmp,
                treat_missing_data: tmd,
                alarm_actions: vec![policy.clone()],
                group: None,
            },
        )
}

/// A valid step set: scale-out steps above the threshold, scale-in steps below, or both.
fn steps() -> impl Strategy<Value = (AdjustmentType, Vec<StepAdjustment>)> {
    let st = |l: Option<f64>, u: Option<f64>, a: i64| StepAdjustment {
        lower_bound: l,
        upper_bound: u,
        scaling_adjustment: a,
    };
    (
        0u8..3,
        1.0..30.0f64,
        1i64..4,
        1i64..4,
        prop_oneof![
            Just(AdjustmentType::ChangeInCapacity),
            Just(AdjustmentType::PercentChangeInCapacity)
        ],
    )
        .prop_map(move |(shape, width, a, b, t)| {
            let k = if t == AdjustmentType::PercentChangeInCapacity {
                15
            } else {
                1
            };
            let v = match shape {
                0 => vec![
                    st(Some(0.0), Some(width), a * k),
                    st(Some(width), None, b * k),
                ],
                1 => vec![
                    st(Some(-width), Some(0.0), -a * k),
                    st(None, Some(-width), -b * k),
                ],
                _ => vec![
                    st(Some(0.0), None, a * k),
                    st(Some(-width), Some(0.0), 0),
                    st(None, Some(-width), -b * k),
                ],
            };
            (t, v)
        })
}

/// 0-1 target tracking policy, 0-2 step and 0-2 simple policies, each simple/step with its own
/// alarm.
fn policies() -> impl Strategy<Value = (Vec<PolicySpec>, Vec<AlarmSpec>)> {
    let tt = proptest::option::of((
        20.0..80.0f64,
        any::<bool>(),
        proptest::option::of(0u32..600),
    ));
    let step = proptest::collection::vec(
        (steps(), proptest::option::of(0u32..600), any::<bool>()),
        0..=2,
    );
    let simple = proptest::collection::vec(
        (
            prop_oneof![1i64..4, -3i64..0],
            proptest::option::of(0u32..900),
        ),
        0..=2,
    );
    (tt, step, simple).prop_flat_map(|(tt, step, simple)| {
        let mut ps = Vec::new();
        if let Some((target, disable_in, warm)) = tt {
            ps.push(PolicySpec {
                name: "tt".into(),
                enabled: true,
                kind: PolicyKind::TargetTrackingScaling {
                    metric: MetricName::CPUUtilization,
                    target_value: target,
                    disable_scale_in: disable_in,
                    estimated_instance_warmup_s: warm,
                },
                group: None,
            });
        }
        for (i, ((t, steps), warm, maximum)) in step.into_iter().enumerate() {
            ps.push(PolicySpec {
                name: format!("step{i}"),
                enabled: true,
                kind: PolicyKind::StepScaling {
                    adjustment_type: t,
                    step_adjustments: steps,
                    metric_aggregation_type: if maximum {
                        MetricAggregationType::Maximum
                    } else {
                        MetricAggregationType::Average
                    },
                    estimated_instance_warmup_s: warm,
                    min_adjustment_magnitude: None,
                },
                group: None,
            });
        }
        for (i, (adj, cooldown)) in simple.into_iter().enumerate() {
            ps.push(PolicySpec {
                name: format!("simple{i}"),
                enabled: true,
                kind: PolicyKind::SimpleScaling {
                    adjustment_type: AdjustmentType::ChangeInCapacity,
                    scaling_adjustment: adj,
                    cooldown_s: cooldown,
                    min_adjustment_magnitude: None,
                },
                group: None,
            });
        }
        let alarms: Vec<_> = ps
            .iter()
            .filter(|p| !matches!(p.kind, PolicyKind::TargetTrackingScaling { .. }))
            .map(|p| alarm_for(p.name.clone()))
            .collect();
        (Just(ps), alarms)
    })
}

fn hook(i: usize) -> impl Strategy<Value = LifecycleHookSpec> {
    (
        any::<bool>(),
        30u32..900,
        proptest::option::of(0u32..1000),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            move |(launching, heartbeat, handler, handler_continue, default_continue)| {
                LifecycleHookSpec {
                    name: format!("hook{i}"),
                    transition: if launching {
                        LifecycleTransition::Launching
                    } else {
                        LifecycleTransition::Terminating
                    },
                    heartbeat_timeout_s: heartbeat,
                    default_result: if default_continue {
                        LifecycleActionResult::CONTINUE
                    } else {
                        LifecycleActionResult::ABANDON
                    },
                    handler_completes_after_s: handler,
                    // Launch hooks mostly continue, so that instances do reach InService.
                    handler_result: if handler_continue || launching {
                        LifecycleActionResult::CONTINUE
                    } else {
                        LifecycleActionResult::ABANDON
                    },
                }
            },
        )
}

fn user_action() -> impl Strategy<Value = TimedAction> {
    (
        0u64..(3 * 3_600_000),
        prop_oneof![
            (0u32..12).prop_map(|d| Action::SetDesiredCapacity { desired: d }),
            Just(Action::FailInstance),
            prop_oneof![Just("v1"), Just("v2"), Just("v3-jdk11"), Just("v4-broken")].prop_map(
                |r| Action::Deploy {
                    revision: r.to_string()
                }
            ),
            proptest::option::of(0.0..2000.0f64).prop_map(|rps| Action::SetLoad { rps }),
            (
                proptest::option::of(0u32..4),
                proptest::option::of(2u32..10),
                proptest::option::of(0u32..10)
            )
                .prop_map(|(min_size, max_size, desired_capacity)| {
                    // Valid on its face (validate refuses min > max and a desired outside the
                    // sizes given); it may still clash with the group's sizes at run time.
                    let (min_size, max_size) = match (min_size, max_size) {
                        (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                        other => other,
                    };
                    let desired_capacity = desired_capacity.map(|d| {
                        d.max(min_size.unwrap_or(0))
                            .min(max_size.unwrap_or(u32::MAX))
                    });
                    Action::UpdateGroupSize {
                        min_size,
                        max_size,
                        desired_capacity,
                    }
                }),
        ],
    )
        .prop_map(|(at_ms, action)| TimedAction { at_ms, action })
}

fn scheduled() -> impl Strategy<Value = Vec<ScheduledActionSpec>> {
    proptest::collection::vec(
        (
            0u64..10_800,
            0u32..3,
            0u32..6,
            proptest::option::of(0u32..8),
        ),
        0..=2,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (at, min, extra, desired))| ScheduledActionSpec {
                name: format!("sched{i}"),
                // Distinct start times (A3.6).
                start_s: Some(at / 2 * 2 + i as u64),
                recurrence: None,
                end_s: None,
                min_size: Some(min),
                max_size: Some(min + extra),
                desired_capacity: desired,
                group: None,
            })
            .collect()
    })
}

prop_compose! {
    fn small_scenario()(
        seed in any::<u64>(),
        (min, extra, desired_off) in (0u32..3, 0u32..6, proptest::option::of(0u32..6)),
        azs in 1usize..=3,
        (boot_s, jitter_s, shutdown_s, dereg_s) in (0u32..120, 0u32..60, 0u32..60, prop_oneof![Just(0u32), 1u32..90]),
        (cooldown_s, default_warmup) in (0u32..600, proptest::option::of(0u32..600)),
        termination in prop_oneof![
            Just(vec![TerminationPolicy::Default]),
            Just(vec![TerminationPolicy::OldestInstance, TerminationPolicy::Default]),
            Just(vec![TerminationPolicy::NewestInstance]),
            Just(vec![TerminationPolicy::ClosestToNextInstanceHour, TerminationPolicy::Default]),
        ],
        hook_count in 0usize..=2,
        hooks in proptest::collection::vec(hook(0), 2),
        pattern in load_pattern(),
        noise in 0.0..30.0f64,
        (policies, alarms) in policies(),
        scheduled in scheduled(),
        actions in proptest::collection::vec(user_action(), 0..=3),
        mem_leak in 0.0..20.0f64,
        delivery in prop_oneof![
            Just(DeliveryMethod::NoAutomation),
            Just(DeliveryMethod::UserData),
            Just(DeliveryMethod::CodeDeploy),
            Just(DeliveryMethod::BakeAmi),
        ],
    ) -> Scenario {
        let max = min + extra;
        let mut s = Scenario::demo();
        s.name = "random".into();
        s.seed = seed;
        s.horizon_s = 3 * 3600;
        s.group.min_size = min;
        s.group.max_size = max;
        s.group.desired_capacity = desired_off.map(|d| (min + d).min(max));
        s.group.availability_zones = ["us-east-1a", "us-east-1b", "us-east-1c"][..azs].iter().map(|a| a.to_string()).collect();
        s.group.default_cooldown_s = cooldown_s;
        s.group.default_instance_warmup_s = default_warmup;
        s.group.deregistration_delay_s = dereg_s;
        s.group.termination_policies = termination;
        s.group.lifecycle_hooks = hooks
            .into_iter()
            .take(hook_count)
            .enumerate()
            .map(|(i, mut h)| {
                h.name = format!("hook{i}");
                h
            })
            .collect();
        s.assumptions.boot_s = boot_s;
        s.assumptions.boot_jitter_s = jitter_s;
        s.assumptions.shutdown_s = shutdown_s;
        s.assumptions.mem_leak_pct_per_hour = mem_leak;
        s.delivery.method = delivery;
        s.load = LoadSpec { pattern, noise_pct: noise };
        s.policies = policies;
        s.alarms = alarms;
        s.scheduled_actions = scheduled;
        s.actions = actions;
        s.actions.sort_by_key(|a| a.at_ms);
        s
    }
}

// ----- the checks -------------------------------------------------------------------------

/// A2.10: the warm-up a step or target-tracking policy uses.
fn policy_warmup_ms(s: &Scenario, policy: &str) -> Option<u64> {
    let p = s.policies.iter().find(|p| p.name == policy)?;
    let est = match p.kind {
        PolicyKind::StepScaling {
            estimated_instance_warmup_s,
            ..
        } => estimated_instance_warmup_s,
        PolicyKind::TargetTrackingScaling {
            estimated_instance_warmup_s,
            ..
        } => estimated_instance_warmup_s,
        PolicyKind::SimpleScaling { .. } => return None,
    };
    let g = &s.group;
    Some(
        u64::from(
            est.or(g.default_instance_warmup_s)
                .unwrap_or(g.default_cooldown_s),
        ) * 1000,
    )
}

fn simple_cooldown_ms(s: &Scenario, policy: &str) -> Option<u64> {
    let p = s.policies.iter().find(|p| p.name == policy)?;
    match p.kind {
        PolicyKind::SimpleScaling { cooldown_s, .. } => {
            Some(u64::from(cooldown_s.unwrap_or(s.group.default_cooldown_s)) * 1000)
        }
        _ => None,
    }
}

/// A6.2/A6.4: (how long the launch hooks hold an instance, whether it is abandoned).
fn launch_hook_outcome(s: &Scenario) -> Option<(u64, bool)> {
    let hooks: Vec<&LifecycleHookSpec> = s
        .group
        .lifecycle_hooks
        .iter()
        .filter(|h| h.transition == LifecycleTransition::Launching)
        .collect();
    if hooks.is_empty() {
        return None;
    }
    let mut wait_ms = 0;
    let mut abandoned = false;
    for h in hooks {
        let timeout = u64::from(h.heartbeat_timeout_s) * 1000;
        let (after, result) = match h.handler_completes_after_s {
            Some(x) if u64::from(x) * 1000 < timeout => (u64::from(x) * 1000, h.handler_result),
            _ => (timeout, h.default_result),
        };
        wait_ms = wait_ms.max(after);
        abandoned |= result == LifecycleActionResult::ABANDON;
    }
    Some((wait_ms, abandoned))
}

fn output_time(o: &Output) -> Option<SimTime> {
    match o {
        Output::Activity(a) => Some(a.start),
        Output::ActivityUpdated { end, .. } => *end,
        Output::AlarmStateChanged { t, .. }
        | Output::PolicyDecision { t, .. }
        | Output::InstanceStateChanged { t, .. }
        | Output::ActionRejected { t, .. } => Some(*t),
        _ => None,
    }
}

/// Runs `s` minute by minute to its horizon, checking every invariant; returns the first
/// violation.
fn check_run(s: &Scenario) -> Result<(), String> {
    let mut sim =
        Sim::new(s.clone()).map_err(|p| format!("generated scenario is invalid: {p:?}"))?;
    let hooks = launch_hook_outcome(s);
    let mut tr = Tracker::default();
    let mut last_t = SimTime::ZERO;
    let mut last_simple: Option<(SimTime, String)> = None;
    let mut seen_simple: BTreeMap<(SimTime, String), ()> = BTreeMap::new();
    let horizon = SimTime::from_secs(s.horizon_s);
    let mut outputs = drain(&mut sim);
    let mut prev_now = sim.now();
    loop {
        for o in &outputs {
            // Time never goes back, and nothing is reported from the future.
            if let Some(t) = output_time(o) {
                if t < last_t || t > sim.now() {
                    return Err(format!(
                        "output at {} after {} (now {}): {o:?}",
                        t.clock(),
                        last_t.clock(),
                        sim.now().clock()
                    ));
                }
                last_t = t;
            }
            // Scale-in by a step or target tracking policy: nothing may be launching or warming.
            if let Output::Activity(a) = o {
                if a.description.starts_with("Terminating") {
                    if let Some(p) = policy_of(a) {
                        if let Some(warm) = policy_warmup_ms(s, p) {
                            if tr.any_pending() {
                                return Err(format!(
                                    "{} policy {p} scaled in while an instance was pending",
                                    a.start.clock()
                                ));
                            }
                            let warming = tr.warming(a.start, warm);
                            if !warming.is_empty() {
                                return Err(format!(
                                    "{} policy {p} scaled in while {warming:?} warm up",
                                    a.start.clock()
                                ));
                            }
                        }
                    }
                }
                // Simple policies wait for their cooldown (A3.2.1).
                if let (Some(p), Some(_)) = (policy_of(a), desired_change_of(a)) {
                    if simple_cooldown_ms(s, p).is_some()
                        && seen_simple.insert((a.start, p.to_string()), ()).is_none()
                    {
                        if let Some((t0, p0)) = &last_simple {
                            let cd = simple_cooldown_ms(s, p0).unwrap_or(0);
                            if a.start.since(*t0) < cd {
                                return Err(format!(
                                    "simple policy {p} scaled at {} within {p0}'s cooldown of {} s started at {}",
                                    a.start.clock(),
                                    cd / 1000,
                                    t0.clock()
                                ));
                            }
                        }
                        last_simple = Some((a.start, p.to_string()));
                    }
                }
            }
            tr.feed(o);
            // Launch hooks hold every instance in Pending:Wait for their handler's time.
            if let Output::InstanceStateChanged {
                t, instance_id, to, ..
            } = o
            {
                match (to, hooks) {
                    // CodeDeploy adds its own managed launch hook (B5.1).
                    (LifecycleState::PendingWait, None)
                        if s.delivery.method != DeliveryMethod::CodeDeploy =>
                    {
                        return Err(format!(
                            "{instance_id} entered Pending:Wait without a launch hook"
                        ))
                    }
                    (LifecycleState::InService, Some((wait_ms, abandoned))) => {
                        if abandoned {
                            return Err(format!(
                                "{instance_id} entered service although a launch hook abandons it"
                            ));
                        }
                        let Some(w) = tr.pending_wait_at.get(instance_id.as_str()) else {
                            return Err(format!(
                                "{instance_id} entered service without Pending:Wait"
                            ));
                        };
                        if t.since(*w) < wait_ms {
                            return Err(format!("{instance_id} entered service {} ms after Pending:Wait, hooks need {wait_ms}", t.since(*w)));
                        }
                    }
                    _ => {}
                }
            }
        }
        // Sizes and instance counts after every step.
        let z = sim.sizes();
        if !(z.min <= z.desired && z.desired <= z.max) {
            return Err(format!(
                "{}: desired {} outside [{}, {}]",
                sim.now().clock(),
                z.desired,
                z.min,
                z.max
            ));
        }
        let live = sim
            .instances()
            .iter()
            .filter(|i| !i.state.is_terminating())
            .count() as u32;
        if live != z.desired {
            return Err(format!(
                "{}: {live} live instances for desired {}",
                sim.now().clock(),
                z.desired
            ));
        }
        if sim.now() < prev_now {
            return Err("the clock went back".into());
        }
        prev_now = sim.now();
        if sim.now() >= horizon {
            break;
        }
        sim.advance_to(SimTime((sim.now().ms() / MS_PER_MIN + 1) * MS_PER_MIN));
        outputs = drain(&mut sim);
    }
    // One sample per minute, in order.
    for (i, smp) in sim.samples().iter().enumerate() {
        if smp.t != SimTime((i as u64 + 1) * MS_PER_MIN) {
            return Err(format!("sample {i} at {}", smp.t.clock()));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, max_shrink_iters: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// min <= desired <= max; time never goes back; no instance InService before its launch
    /// hooks finish; no step/target-tracking scale-in while instances launch or warm (A3.3.6);
    /// simple policies respect their cooldown (A3.2.1); live instances = desired.
    #[test]
    fn invariants_hold_minute_by_minute(s in small_scenario()) {
        if let Err(e) = check_run(&s) {
            prop_assert!(false, "{e}\nscenario: {}", s.to_json_pretty());
        }
    }
}

// ----- cooldown applies to simple policies only --------------------------------------------

fn quiet() -> Scenario {
    let mut s = Scenario::demo();
    s.delivery.method = DeliveryMethod::NoAutomation;
    s.policies.clear();
    s.alarms.clear();
    s.assumptions.boot_jitter_s = 0;
    s.assumptions.idle_cpu_pct = 0.0;
    s.group.min_size = 1;
    s.group.max_size = 10;
    s.group.desired_capacity = Some(2);
    s.group.default_cooldown_s = 300;
    s
}

fn one_alarm(threshold: f64, cmp: ComparisonOperator, policy: &str) -> AlarmSpec {
    AlarmSpec {
        name: format!("{policy}-alarm"),
        threshold,
        evaluation_periods: 1,
        comparison_operator: cmp,
        alarm_actions: vec![policy.into()],
        ..AlarmSpec::default()
    }
}

fn scale_times(outputs: &[Output], policy: &str) -> Vec<SimTime> {
    let mut v: Vec<SimTime> = outputs
        .iter()
        .filter_map(|o| match o {
            Output::Activity(a) if policy_of(a) == Some(policy) => Some(a.start),
            _ => None,
        })
        .collect();
    v.dedup();
    v
}

/// A3.3.7 / A2.9: a step policy is not subject to the cooldown; under a persistent breach it
/// scales out again as soon as the previous instance has warmed up (60 s here, A3.3.6), well
/// within the 300 s default cooldown.
#[test]
fn a3_3_7_step_policy_scales_twice_within_the_default_cooldown() {
    let mut s = quiet();
    s.load.pattern = LoadPattern::Steady { rps: 2000.0 };
    s.alarms = vec![one_alarm(
        50.0,
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        "step",
    )];
    s.policies = vec![PolicySpec {
        name: "step".into(),
        enabled: true,
        kind: PolicyKind::StepScaling {
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: vec![StepAdjustment {
                lower_bound: Some(0.0),
                upper_bound: None,
                scaling_adjustment: 1,
            }],
            metric_aggregation_type: MetricAggregationType::Average,
            estimated_instance_warmup_s: Some(60),
            min_adjustment_magnitude: None,
        },
        group: None,
    }];
    let mut sim = common::sim(s);
    let out = common::run_minutes(&mut sim, SimTime::from_mins(15));
    let times = scale_times(&out, "step");
    assert!(times.len() >= 2, "{times:?}");
    assert!(
        times[1].since(times[0]) < 300_000,
        "second step activity {} s after the first",
        times[1].since(times[0]) / 1000
    );
}

/// A3.2.1: the same load with a simple policy waits for the activity and then the 300 s
/// default cooldown between activities.
#[test]
fn a3_2_1_simple_policy_waits_for_the_cooldown() {
    let mut s = quiet();
    s.load.pattern = LoadPattern::Steady { rps: 2000.0 };
    s.alarms = vec![one_alarm(
        50.0,
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        "simple",
    )];
    s.policies = vec![PolicySpec {
        name: "simple".into(),
        enabled: true,
        kind: PolicyKind::SimpleScaling {
            adjustment_type: AdjustmentType::ChangeInCapacity,
            scaling_adjustment: 1,
            cooldown_s: None,
            min_adjustment_magnitude: None,
        },
        group: None,
    }];
    let mut sim = common::sim(s);
    let out = common::run_minutes(&mut sim, SimTime::from_mins(30));
    let times = scale_times(&out, "simple");
    assert!(times.len() >= 3, "{times:?}");
    for w in times.windows(2) {
        // 60 s boot, then 300 s cooldown, then the next minute's evaluation.
        assert!(
            w[1].since(w[0]) >= 360_000,
            "{} -> {}",
            w[0].clock(),
            w[1].clock()
        );
    }
}

/// A2.9 / A3.2.1 / A5.5: when every instance is protected from scale-in, a simple scale-in
/// still lowers desired (A5.5); the cooldown must still separate it from the next one.
// Regression test (fixed): `Sim::resolve_proposals` sets `SimpleGate { waiting_for: [], until: now }` when the
// activity started no launch or termination, and `simple_gate_progress` returns early on an
// empty list, so `until` is never moved to `now + cooldown`: the simple policy lowers desired
// every minute (6 -> 5 -> 4 -> 3 -> 2 -> 1 in five minutes) despite a 600 s cooldown.
#[test]
fn a3_2_1_simple_cooldown_applies_when_all_instances_are_protected() {
    let mut s = quiet();
    s.group.desired_capacity = Some(6);
    s.group.new_instances_protected_from_scale_in = true;
    s.load.pattern = LoadPattern::Steady { rps: 10.0 };
    s.alarms = vec![one_alarm(
        20.0,
        ComparisonOperator::LessThanThreshold,
        "minus-one",
    )];
    s.policies = vec![PolicySpec {
        name: "minus-one".into(),
        enabled: true,
        kind: PolicyKind::SimpleScaling {
            adjustment_type: AdjustmentType::ChangeInCapacity,
            scaling_adjustment: -1,
            cooldown_s: Some(600),
            min_adjustment_magnitude: None,
        },
        group: None,
    }];
    let mut sim = common::sim(s);
    common::run_minutes(&mut sim, SimTime::from_mins(3));
    assert_eq!(
        sim.sizes().desired,
        5,
        "the first alarm lowers desired once"
    );
    common::run_minutes(&mut sim, SimTime::from_mins(10));
    assert_eq!(sim.sizes().desired, 5, "then the 600 s cooldown holds");
    assert_eq!(sim.instances().len(), 6, "protected instances stay (A5.5)");
}

// ----- lifecycle states (A2.13) -----------------------------------------------------------

/// The lifecycle states the first instance that terminates goes through.
fn termination_states(hooks: Vec<LifecycleHookSpec>) -> Vec<LifecycleState> {
    let mut s = quiet();
    s.group.lifecycle_hooks = hooks;
    s.actions = vec![TimedAction {
        at_ms: 5 * 60_000,
        action: Action::SetDesiredCapacity { desired: 1 },
    }];
    let mut sim = common::sim(s);
    let out = common::run_minutes(&mut sim, SimTime::from_mins(15));
    let victim = out.iter().find_map(|o| match o {
        Output::InstanceStateChanged {
            instance_id,
            to: LifecycleState::Terminating,
            ..
        } => Some(instance_id.clone()),
        _ => None,
    });
    let victim = victim.expect("an instance terminates");
    out.iter()
        .filter_map(|o| match o {
            Output::InstanceStateChanged {
                instance_id, to, ..
            } if *instance_id == victim => Some(*to),
            _ => None,
        })
        .collect()
}

/// A2.13 / A6.5: with a terminate hook, Terminating -> Terminating:Wait -> Terminating:Proceed
/// -> Terminated.
#[test]
fn a2_13_terminate_hook_states() {
    let hook = LifecycleHookSpec {
        name: "drain-logs".into(),
        transition: LifecycleTransition::Terminating,
        heartbeat_timeout_s: 300,
        default_result: LifecycleActionResult::CONTINUE,
        handler_completes_after_s: Some(60),
        handler_result: LifecycleActionResult::CONTINUE,
    };
    assert_eq!(
        termination_states(vec![hook]),
        [
            LifecycleState::InService,
            LifecycleState::Terminating,
            LifecycleState::TerminatingWait,
            LifecycleState::TerminatingProceed,
            LifecycleState::Terminated
        ]
    );
}

/// A2.13: without a terminate hook there is no lifecycle action to proceed from, so the
/// instance goes Terminating -> Terminated (as without launch hooks it goes Pending ->
/// InService, which the simulator does).
// Regression test (fixed): `Sim::drain_complete` calls `proceed_to_shutdown` when the group has no terminate
// hooks, and that always sets `Terminating:Proceed`, so the page shows a
// `data-state="Terminating:Proceed"` tile (and the traces a Terminating -> Terminating:Proceed
// step) for groups without any lifecycle hook.
#[test]
fn a2_13_no_terminating_proceed_without_a_terminate_hook() {
    assert_eq!(
        termination_states(vec![]),
        [
            LifecycleState::InService,
            LifecycleState::Terminating,
            LifecycleState::Terminated
        ]
    );
}

// ----- Sim::new never panics ---------------------------------------------------------------

fn wild_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-1.0),
        Just(0.0),
        Just(1e300),
        Just(f64::MIN_POSITIVE),
        0.0..1000.0f64,
        any::<f64>(),
    ]
}

fn wild_u32() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(1),
        Just(u32::MAX),
        Just(20_000),
        Just(20_001),
        0u32..12,
        0u32..5000,
        any::<u32>()
    ]
}

fn wild_u64() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(u64::MAX),
        Just(u64::MAX / 1000),
        0u64..100_000,
        any::<u64>()
    ]
}

fn wild_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("web-lt".to_string()),
        Just("$Latest".to_string()),
        Just("$Default".to_string()),
        Just("ami-0a1b2c3d4e5f60718".to_string()),
        Just("t3.medium".to_string()),
        Just("0 9 * * MON-FRI".to_string()),
        Just("*/1 * * * *".to_string()),
        Just("61 25 * * *".to_string()),
        Just("名前: with spaces".to_string()),
        "[a-z0-9$*/ -]{0,12}",
    ]
}

fn wild_opt<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(s)
}

fn wild_pattern() -> impl Strategy<Value = LoadPattern> {
    prop_oneof![
        wild_f64().prop_map(|rps| LoadPattern::Steady { rps }),
        (wild_f64(), wild_f64(), wild_u64(), wild_u64()).prop_map(|(a, b, c, d)| {
            LoadPattern::Ramp {
                from_rps: a,
                to_rps: b,
                start_s: c,
                duration_s: d,
            }
        }),
        (wild_f64(), wild_f64(), wild_u64(), wild_u64()).prop_map(|(a, b, c, d)| {
            LoadPattern::Spike {
                base_rps: a,
                peak_rps: b,
                at_s: c,
                duration_s: d,
            }
        }),
        (wild_f64(), wild_f64(), wild_f64()).prop_map(|(a, b, c)| LoadPattern::DailyWave {
            min_rps: a,
            max_rps: b,
            peak_hour: c
        }),
        proptest::collection::vec((wild_u64(), wild_f64()), 0..3).prop_map(|v| {
            LoadPattern::Steps {
                steps: v
                    .into_iter()
                    .map(|(at_s, rps)| LoadStep { at_s, rps })
                    .collect(),
            }
        }),
    ]
}

fn wild_policy() -> impl Strategy<Value = PolicySpec> {
    let adj = prop_oneof![
        Just(AdjustmentType::ChangeInCapacity),
        Just(AdjustmentType::ExactCapacity),
        Just(AdjustmentType::PercentChangeInCapacity)
    ];
    let kind = prop_oneof![
        (
            adj.clone(),
            any::<i64>(),
            wild_opt(wild_u32()),
            wild_opt(wild_u32())
        )
            .prop_map(|(t, a, c, m)| PolicyKind::SimpleScaling {
                adjustment_type: t,
                scaling_adjustment: a,
                cooldown_s: c,
                min_adjustment_magnitude: m
            }),
        (
            adj,
            proptest::collection::vec(
                (
                    wild_opt(wild_f64()),
                    wild_opt(wild_f64()),
                    prop_oneof![any::<i64>(), -50i64..50]
                ),
                0..4
            ),
            wild_opt(wild_u32()),
            wild_opt(wild_u32())
        )
            .prop_map(|(t, st, w, m)| PolicyKind::StepScaling {
                adjustment_type: t,
                step_adjustments: st
                    .into_iter()
                    .map(|(l, u, a)| StepAdjustment {
                        lower_bound: l,
                        upper_bound: u,
                        scaling_adjustment: a
                    })
                    .collect(),
                metric_aggregation_type: MetricAggregationType::Average,
                estimated_instance_warmup_s: w,
                min_adjustment_magnitude: m
            }),
        (wild_f64(), any::<bool>(), wild_opt(wild_u32())).prop_map(|(v, d, w)| {
            PolicyKind::TargetTrackingScaling {
                metric: MetricName::CPUUtilization,
                target_value: v,
                disable_scale_in: d,
                estimated_instance_warmup_s: w,
            }
        }),
    ];
    (
        prop_oneof![Just("p".to_string()), wild_string()],
        any::<bool>(),
        kind,
    )
        .prop_map(|(name, enabled, kind)| PolicySpec {
            name,
            enabled,
            kind,
            group: None,
        })
}

fn wild_alarm() -> impl Strategy<Value = AlarmSpec> {
    (
        wild_string(),
        wild_u32(),
        wild_u32(),
        wild_opt(wild_u32()),
        wild_f64(),
        comparison(),
        proptest::collection::vec(prop_oneof![Just("p".to_string()), wild_string()], 0..3),
    )
        .prop_map(
            |(name, period_s, n, m, threshold, cmp, actions)| AlarmSpec {
                name,
                period_s,
                evaluation_periods: n,
                datapoints_to_alarm: m,
                threshold,
                comparison_operator: cmp,
                alarm_actions: actions,
                ..AlarmSpec::default()
            },
        )
}

fn wild_hook() -> impl Strategy<Value = LifecycleHookSpec> {
    (
        wild_string(),
        any::<bool>(),
        wild_u32(),
        wild_opt(wild_u32()),
        any::<bool>(),
    )
        .prop_map(|(name, launching, hb, handler, cont)| LifecycleHookSpec {
            name,
            transition: if launching {
                LifecycleTransition::Launching
            } else {
                LifecycleTransition::Terminating
            },
            heartbeat_timeout_s: hb,
            default_result: LifecycleActionResult::ABANDON,
            handler_completes_after_s: handler,
            handler_result: if cont {
                LifecycleActionResult::CONTINUE
            } else {
                LifecycleActionResult::ABANDON
            },
        })
}

fn wild_action() -> impl Strategy<Value = TimedAction> {
    (
        wild_u64(),
        prop_oneof![
            wild_opt(wild_f64()).prop_map(|rps| Action::SetLoad { rps }),
            wild_u32().prop_map(|desired| Action::SetDesiredCapacity { desired }),
            (
                wild_opt(wild_u32()),
                wild_opt(wild_u32()),
                wild_opt(wild_u32())
            )
                .prop_map(|(a, b, c)| Action::UpdateGroupSize {
                    min_size: a,
                    max_size: b,
                    desired_capacity: c
                }),
            Just(Action::FailInstance),
            (
                wild_opt(wild_u32()),
                wild_opt(wild_string()),
                wild_opt(wild_string()),
                any::<bool>()
            )
                .prop_map(|(v, i, t, d)| {
                    Action::CreateLaunchTemplateVersion {
                        source_version: v,
                        image_id: i,
                        instance_type: t,
                        set_default: d,
                    }
                }),
        ],
    )
        .prop_map(|(at_ms, action)| TimedAction { at_ms, action })
}

fn wild_schedule() -> impl Strategy<Value = ScheduledActionSpec> {
    (
        wild_string(),
        wild_opt(wild_u64()),
        wild_opt(wild_string()),
        wild_opt(wild_u64()),
        wild_opt(wild_u32()),
        wild_opt(wild_u32()),
        wild_opt(wild_u32()),
    )
        .prop_map(
            |(name, start_s, recurrence, end_s, min_size, max_size, desired_capacity)| {
                ScheduledActionSpec {
                    name,
                    start_s,
                    recurrence,
                    end_s,
                    min_size,
                    max_size,
                    desired_capacity,
                    group: None,
                }
            },
        )
}

prop_compose! {
    fn wild_group()(
        name in wild_string(),
        lt in any::<bool>(),
        (lname, version) in (wild_string(), wild_string()),
        (min_size, max_size, desired) in (wild_u32(), wild_u32(), wild_opt(wild_u32())),
        azs in proptest::collection::vec(wild_string(), 0..4),
        (grace, cooldown, warm, dereg) in (wild_u32(), wild_u32(), wild_opt(wild_u32()), wild_u32()),
        hooks in proptest::collection::vec(wild_hook(), 0..3),
        protected in any::<bool>(),
        termination in proptest::collection::vec(prop_oneof![Just(TerminationPolicy::Default), Just(TerminationPolicy::NewestInstance), Just(TerminationPolicy::OldestLaunchTemplate)], 0..3),
    ) -> GroupSpec {
        GroupSpec {
            name,
            launch: if lt { LaunchSource::LaunchTemplate { name: lname, version } } else { LaunchSource::LaunchConfiguration { name: lname } },
            min_size,
            max_size,
            desired_capacity: desired,
            availability_zones: azs,
            health_check_grace_period_s: grace,
            default_cooldown_s: cooldown,
            default_instance_warmup_s: warm,
            deregistration_delay_s: dereg,
            lifecycle_hooks: hooks,
            new_instances_protected_from_scale_in: protected,
            termination_policies: termination,
            ..GroupSpec::default()
        }
    }
}

prop_compose! {
    fn wild_assumptions()(
        (boot_s, boot_jitter_s, shutdown_s, delay) in (wild_u32(), wild_u32(), wild_u32(), wild_u32()),
        (idle, mem_base, mem_cpu, leak, disk, disk_growth, latency) in (wild_f64(), wild_f64(), wild_f64(), wild_f64(), wild_f64(), wild_f64(), wild_f64()),
        (hd, ld, period, ratio) in (wild_u32(), wild_u32(), wild_u32(), wild_f64()),
    ) -> Assumptions {
        Assumptions {
            boot_s,
            boot_jitter_s,
            shutdown_s,
            target_tracking_alarms: TargetTrackingAlarmModel { high_datapoints: hd, low_datapoints: ld, period_s: period, low_ratio: ratio },
            idle_cpu_pct: idle,
            mem_base_pct: mem_base,
            mem_per_cpu_pct: mem_cpu,
            mem_leak_pct_per_hour: leak,
            disk_base_pct: disk,
            disk_growth_pct_per_hour: disk_growth,
            base_latency_ms: latency,
            scheduled_action_delay_s: delay,
            ..Assumptions::default()
        }
    }
}

prop_compose! {
    fn wild_scenario()(
        seed in any::<u64>(),
        (start_unix_s, horizon_s) in (wild_u64(), wild_u64()),
        keep_amis in any::<bool>(),
        (capacity, type_name) in (wild_f64(), prop_oneof![Just("t3.medium".to_string()), wild_string()]),
        (lt_versions, default_version) in (0usize..3, wild_u32()),
        group in wild_group(),
        alarms in proptest::collection::vec(wild_alarm(), 0..3),
        policies in proptest::collection::vec(wild_policy(), 0..3),
        scheduled in proptest::collection::vec(wild_schedule(), 0..3),
        (pattern, noise) in (wild_pattern(), wild_f64()),
        actions in proptest::collection::vec(wild_action(), 0..4),
        assumptions in wild_assumptions(),
    ) -> Scenario {
        let mut s = Scenario::demo();
        s.seed = seed;
        s.start_unix_s = start_unix_s;
        s.horizon_s = horizon_s;
        if !keep_amis {
            s.amis.clear();
        }
        s.instance_types = vec![InstanceType { name: type_name, capacity_rps: capacity, ..InstanceType::default() }];
        s.launch_templates = vec![LaunchTemplate {
            default_version,
            versions: vec![LaunchTemplateVersion::default(); lt_versions],
            ..LaunchTemplate::default()
        }];
        s.group = group;
        s.alarms = alarms;
        s.policies = policies;
        s.scheduled_actions = scheduled;
        s.load = LoadSpec { pattern, noise_pct: noise };
        s.actions = actions;
        s.assumptions = assumptions;
        s
    }
}

/// A scenario that is valid but for the wild parts: the demo with some wild leaves, so that
/// `Sim::new` succeeds often enough for the run to be exercised too.
fn mostly_valid() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        wild_u64(),
        wild_pattern(),
        proptest::collection::vec(wild_action(), 0..4),
        proptest::collection::vec(wild_schedule(), 0..2),
        (0u32..30, 0u32..30),
        any::<bool>(),
    )
        .prop_map(
            |(seed, start, pattern, actions, scheduled, (min, extra), protected)| {
                let mut s = Scenario::demo();
                s.seed = seed;
                s.start_unix_s = start;
                s.load.pattern = pattern;
                s.actions = actions;
                s.scheduled_actions = scheduled;
                s.group.min_size = min;
                s.group.max_size = min + extra;
                s.group.new_instances_protected_from_scale_in = protected;
                s.amis.push(Ami {
                    id: "ami-0000000000000000b".into(),
                    ..Ami::default()
                });
                s
            },
        )
}

/// Runs a scenario that `Sim::new` accepted for half an hour with irregular steps, touching
/// every query.
fn exercise(mut sim: Sim) {
    let mut t = SimTime::ZERO;
    for step in [1u64, 59_999, 60_000, 17, 600_000, 1_140_000, 1] {
        t = t.plus_ms(step);
        sim.advance_to(t);
        let _ = drain(&mut sim);
        let _ = sim.view();
    }
    let _ = sim.scenario_with_recorded_actions();
    assert!(sim.samples().len() <= 31, "the steps add up to 31 minutes");
}

/// The wild strategies nest deeply; their value trees overflow the 2 MB test thread in debug
/// builds (the simulator itself runs these scenarios on 2 MB stacks), so the property runs on
/// a thread with a larger stack.
fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    let joined = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .expect("spawn")
        .join();
    if let Err(panic) = joined {
        std::panic::resume_unwind(panic);
    }
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        max_shrink_iters: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Sim::new never panics: it returns the validation problems (each with a JSON path), or a
/// simulator that runs. `validate` and `Sim::new` agree.
#[test]
fn sim_new_never_panics_on_wild_scenarios() {
    on_big_stack(|| {
        let mut runner = proptest::test_runner::TestRunner::new(config(256));
        let result = runner.run(&wild_scenario(), |s| {
            let problems = scaleout_core::validate::validate(&s);
            match Sim::new(s) {
                Ok(sim) => {
                    prop_assert!(problems.is_empty());
                    exercise(sim);
                }
                Err(p) => {
                    prop_assert!(!p.is_empty());
                    prop_assert_eq!(&p, &problems);
                    for x in &p {
                        prop_assert!(!x.path.is_empty() && !x.message.is_empty(), "{:?}", x);
                    }
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    });
}

#[test]
fn sim_new_never_panics_on_mostly_valid_scenarios() {
    on_big_stack(|| {
        let mut runner = proptest::test_runner::TestRunner::new(config(128));
        let result = runner.run(&mostly_valid(), |s| {
            if let Ok(sim) = Sim::new(s) {
                exercise(sim);
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    });
}
