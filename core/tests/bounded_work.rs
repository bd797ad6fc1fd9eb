//! Every input costs bounded work. Each reproduction below was a small scenario that made the
//! simulator do enormous work; each is now a regression test whose bound is a COUNT (events
//! processed and items visited, `Sim::work`), never a time. The bound is the pre-run estimate
//! of `limits::estimate_work` (the one the page and the runner check), times a constant.
//!
//! Figures for the same workloads: `cargo bench -p scaleout-core --bench sim`.

use proptest::prelude::*;
use scaleout_core::limits::{self, WorkEstimate};
use scaleout_core::scenario::{
    Action, DeliveryMethod, LifecycleActionResult, LifecycleHookSpec, LifecycleTransition,
    LoadPattern, LoadSpec, TimedAction,
};
use scaleout_core::time::MS_PER_MIN;
use scaleout_core::{link, Output, Scenario, Sim, SimTime};

/// Items visited per work unit of the estimate: the per-minute passes (metrics, health checks,
/// the sample, the clean-up).
const STEPS_PER_UNIT: u64 = 8;
/// Items visited per event: an instance event's lookups are binary searches and counters.
const STEPS_PER_EVENT: u64 = 16;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs minute by minute to `until`, draining outputs, and fails as soon as the work passes
/// the estimate's budget (so a regression fails fast instead of hanging). Returns the outputs
/// `keep` selects.
fn run_within_budget(
    s: Scenario,
    until: SimTime,
    keep: impl Fn(&Output) -> bool,
) -> (Sim, WorkEstimate, Vec<Output>) {
    let estimate = limits::estimate_work(&s, until).expect("within the work limit");
    let mut sim = Sim::new(s).unwrap_or_else(|p| panic!("valid: {p:?}"));
    let mut kept = Vec::new();
    let mut t = SimTime::ZERO;
    while t < until {
        t = t.plus_ms(MS_PER_MIN).min(until);
        sim.advance_to(t);
        while let Some(o) = sim.poll_output() {
            if keep(&o) {
                kept.push(o);
            }
        }
        let w = sim.work();
        assert!(
            w.events <= estimate.event_budget(),
            "at {}: {} events, budget {} ({estimate:?})",
            t.clock(),
            w.events,
            estimate.event_budget()
        );
        let steps_budget = STEPS_PER_UNIT * estimate.total + STEPS_PER_EVENT * w.events;
        assert!(
            w.steps <= steps_budget,
            "at {}: {} steps, budget {steps_budget} ({w:?}, {estimate:?})",
            t.clock(),
            w.steps,
        );
    }
    (sim, estimate, kept)
}

/// A3.2.1, A2.4: a 326-byte scenario (a simple ExactCapacity 20,000 policy on a group of max
/// 20,000, an alarm at threshold 0 with missing data breaching) launched 20,000 instances at
/// once, and each instance event re-checked every instance the cooldown gate waited for:
/// O(N^2) for a burst of N. Now one hour costs O(N log N) events and O(N) per minute.
#[test]
fn a3_2_1_a_burst_of_20000_launches_costs_n_log_n() {
    let s = scenario(
        r#"{
          "group": {"min_size": 1, "max_size": 20000},
          "alarms": [{"name": "a", "threshold": 0, "treat_missing_data": "breaching",
                      "alarm_actions": ["p"]}],
          "policies": [{"name": "p", "kind": {"SimpleScaling": {
              "adjustment_type": "ExactCapacity", "scaling_adjustment": 20000}}}]
        }"#,
    );
    let (sim, _, _) = run_within_budget(s, SimTime::from_mins(60), |_| false);
    let last = sim.samples().last().cloned().expect("samples");
    assert_eq!(last.desired, 20_000);
    assert_eq!(last.in_service, 20_000, "{}", last.text_row(&[]));
    // The burst itself: per launched instance a bounded number of events.
    assert!(sim.work().events < 20 * 20_000, "{:?}", sim.work());
}

/// A4.3: 2,100 alarms with a one-day period re-summed up to three days of minutes every
/// minute each (A4.5's evaluation range is N + 2 periods). Now alarms on one metric and period
/// share one window series, updated in O(1) amortised per minute, and each alarm reads its
/// N + 2 windows: two simulated days cost a few datapoints per alarm per minute.
#[test]
fn a4_3_two_thousand_one_day_alarms_do_not_resum_their_periods() {
    let mut s = Scenario::demo();
    s.policies.clear();
    s.alarms = (0..2100)
        .map(|i| scaleout_core::scenario::AlarmSpec {
            name: format!("day-{i}"),
            period_s: 86_400,
            evaluation_periods: 1,
            threshold: f64::from(i % 100),
            ..scaleout_core::scenario::AlarmSpec::default()
        })
        .collect();
    let until = SimTime::from_secs(2 * 86_400);
    let (sim, estimate, changes) =
        run_within_budget(s, until, |o| matches!(o, Output::AlarmStateChanged { .. }));
    // Per alarm per minute: its N + 2 = 3 datapoints, plus the shared series.
    let per_alarm_minute = sim.work().steps as f64 / (2100.0 * estimate.minutes as f64);
    assert!(
        per_alarm_minute < 8.0,
        "{per_alarm_minute} steps per alarm-minute"
    );
    // The first full day gives every alarm a datapoint (demo CPU is about 42%).
    assert!(changes.len() >= 2100, "{} transitions", changes.len());
}

/// A1.1, A1.2, A2.16: 11,500 CopyLaunchConfiguration actions each appended " Copy" to the
/// newest name, so the names (and memory) grew quadratically. AWS caps names at 255
/// characters and launch configurations at 200 per Region: past either, the copy is refused
/// with AWS's wording.
#[test]
fn a1_2_copies_of_a_launch_configuration_stay_within_aws_limits() {
    let mut s = scenario(
        r#"{
          "launch_configurations": [{"name": "web-lc", "image_id": "ami-0a1b2c3d4e5f60718",
                                     "instance_type": "t3.medium"}],
          "group": {"launch": {"LaunchConfiguration": {"name": "web-lc"}}}
        }"#,
    );
    s.actions = (0..11_500u64)
        .map(|i| TimedAction {
            at_ms: 1_000 + i,
            action: Action::CopyLaunchConfiguration {
                image_id: None,
                instance_type: None,
            },
        })
        .collect();
    let (sim, _, rejected) = run_within_budget(s, SimTime::from_mins(2), |o| {
        matches!(o, Output::ActionRejected { .. })
    });
    let lcs = &sim.scenario().launch_configurations;
    assert!(lcs.len() <= limits::MAX_LAUNCH_CONFIGURATIONS);
    assert!(lcs
        .iter()
        .all(|l| limits::name_chars(&l.name) <= limits::MAX_NAME_CHARS));
    assert_eq!(rejected.len(), 11_500 - (lcs.len() - 1));
    let Some(Output::ActionRejected { message, .. }) = rejected.first() else {
        panic!("a rejection");
    };
    assert!(
        message.starts_with("1 validation error detected: Value 'web-lc Copy Copy")
            && message.ends_with("Member must have length less than or equal to 255"),
        "{message}"
    );
    // Each refused copy looks at each name once.
    assert!(
        sim.work().steps < 11_500 * (200 + 300) + 100_000,
        "{:?}",
        sim.work()
    );
}

/// B1.3: each of 6,500 Deploy actions on a 20,000-instance group (more than the 1,000
/// instances a deployment may target) fails at once, but each cost a quadratic pass over the
/// fleet and a copy of 20,000 target rows. Now each costs O(1) and lists no targets.
#[test]
fn b1_3_deploys_over_a_large_fleet_fail_at_once_in_constant_work() {
    let mut s = Scenario::demo();
    s.policies.clear();
    s.group.min_size = 20_000;
    s.group.max_size = 20_000;
    s.load = LoadSpec {
        pattern: LoadPattern::Steady { rps: 1_000_000.0 },
        noise_pct: 0.0,
    };
    let deploy_at = 20 * MS_PER_MIN + 1;
    s.actions = (0..6_500u64)
        .map(|i| TimedAction {
            at_ms: deploy_at + i,
            action: Action::Deploy {
                revision: "v2".into(),
            },
        })
        .collect();
    let mut sim = Sim::new(s).unwrap_or_else(|p| panic!("{p:?}"));
    sim.advance_to(SimTime(deploy_at - 1));
    while sim.poll_output().is_some() {}
    assert_eq!(sim.samples().last().map(|x| x.in_service), Some(20_000));
    let before = sim.work();
    sim.advance_to(SimTime(deploy_at + 6_500));
    let after = sim.work();
    let mut failed = 0;
    let mut rows = 0;
    while let Some(o) = sim.poll_output() {
        if let Output::Deployment(d) = o {
            rows += d.targets.len();
            if d.status == scaleout_core::sim::DeploymentStatus::Failed {
                failed += 1;
                assert!(d.message.contains("at most 1000"), "{}", d.message);
            }
        }
    }
    assert_eq!(failed, 6_500);
    assert_eq!(rows, 0);
    assert!(
        after.steps - before.steps <= 6_500 * 16,
        "{before:?} {after:?}"
    );
    assert!(after.events - before.events <= 6_500 + 16);
}

/// A2.11: a 2 MB upload with 300,000 Availability Zone names made validation's duplicate check
/// quadratic. Now the list is refused by its length alone (one problem), and duplicates are
/// found with a set.
#[test]
fn a2_11_three_hundred_thousand_availability_zones_are_one_problem() {
    let names: Vec<String> = (0..300_000).map(|i| format!("\"az-{i}\"")).collect();
    let json = format!(
        "{{\"group\": {{\"availability_zones\": [{}]}}}}",
        names.join(",")
    );
    assert!(json.len() > 2_000_000);
    let s = scenario(&json);
    let problems = scaleout_core::validate::validate(&s);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "group.availability_zones");
    assert!(problems[0].message.contains("more than the 32 allowed"));

    let mut s = Scenario::demo();
    s.group.availability_zones = (0..32).map(|i| format!("az-{}", i % 16)).collect();
    let problems = scaleout_core::validate::validate(&s);
    assert_eq!(problems.len(), 16, "{problems:?}");
}

/// The runner's and the page's check before a run: past 31 days, or past the work limit, a
/// run is refused with a message that says why.
#[test]
fn runs_past_31_days_or_the_work_limit_are_refused_before_they_start() {
    let s = Scenario::demo();
    let e = limits::estimate_work(&s, SimTime::from_secs(1000 * 86_400)).unwrap_err();
    assert!(e.message.contains("31 days"), "{e}");
    let mut big = Scenario::demo();
    big.group.max_size = 20_000;
    let e = limits::estimate_work(&big, SimTime::from_secs(31 * 86_400)).unwrap_err();
    assert!(
        e.message.contains("too large") && e.message.contains("20,000"),
        "{e}"
    );
    assert!(limits::estimate_work(&big, SimTime::from_secs(86_400)).is_ok());
}

/// A6.4 [MODEL]: with no boot time and a launch hook that abandons at once, every launch was
/// replaced within the same millisecond, forever. A boot takes at least a second.
#[test]
fn a6_4_an_instant_abandon_loop_advances_time() {
    let mut s = Scenario::demo();
    s.delivery.method = DeliveryMethod::NoAutomation;
    s.assumptions.boot_s = 0;
    s.assumptions.boot_jitter_s = 0;
    s.group.lifecycle_hooks = vec![LifecycleHookSpec {
        name: "no".into(),
        transition: LifecycleTransition::Launching,
        heartbeat_timeout_s: 30,
        default_result: LifecycleActionResult::ABANDON,
        handler_completes_after_s: Some(0),
        handler_result: LifecycleActionResult::ABANDON,
    }];
    let (sim, _, _) = run_within_budget(s, SimTime::from_mins(10), |_| false);
    assert!(sim.work().events < 10 * 60 * 2 * 8, "{:?}", sim.work());
}

/// A link with bytes after the scenario is refused (it was accepted).
#[test]
fn links_with_trailing_bytes_are_refused() {
    use base64::Engine as _;
    let enc = link::encode(&Scenario::demo());
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&enc)
        .expect("base64");
    bytes.extend_from_slice(b"extra");
    let tampered = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
    assert!(link::decode(&tampered).is_err());
    assert_eq!(link::decode(&enc), Ok(Scenario::demo()));
}

// ----- Properties -------------------------------------------------------------------------

fn hook() -> impl Strategy<Value = LifecycleHookSpec> {
    (
        any::<bool>(),
        30u32..600,
        prop::option::of(0u32..400),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(launch, hb, after, default_ok, ok)| {
            let r = |b: bool| {
                if b {
                    LifecycleActionResult::CONTINUE
                } else {
                    LifecycleActionResult::ABANDON
                }
            };
            LifecycleHookSpec {
                name: String::new(),
                transition: if launch {
                    LifecycleTransition::Launching
                } else {
                    LifecycleTransition::Terminating
                },
                heartbeat_timeout_s: hb,
                default_result: r(default_ok),
                handler_completes_after_s: after,
                handler_result: r(ok),
            }
        })
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0.0f64..20_000.0).prop_map(|r| Action::SetLoad { rps: Some(r) }),
        (0u32..60).prop_map(|d| Action::SetDesiredCapacity { desired: d }),
        Just(Action::FailInstance),
        Just(Action::Deploy {
            revision: "v2".into()
        }),
        Just(Action::Deploy {
            revision: "v3".into()
        }),
    ]
}

prop_compose! {
    /// A scenario within the documented limits: the demo's shape with random sizes, hooks,
    /// delivery, timings, load and actions.
    fn bounded_scenario()(
        seed in any::<u64>(),
        (min, extra) in (0u32..20, 0u32..40),
        hooks in prop::collection::vec(hook(), 0..3),
        method in 0usize..4,
        (boot, jitter, shutdown, dereg) in (0u32..120, 0u32..60, 0u32..60, 0u32..120),
        (base, peak) in (0.0f64..3_000.0, 0.0f64..6_000.0),
        actions in prop::collection::vec((0u64..86_400_000, action()), 0..8),
    ) -> Scenario {
        let mut s = Scenario::demo();
        s.seed = seed;
        s.group.min_size = min;
        s.group.max_size = min + extra;
        s.group.desired_capacity = None;
        s.group.deregistration_delay_s = dereg;
        s.group.lifecycle_hooks = hooks
            .into_iter()
            .enumerate()
            .map(|(i, mut h)| {
                h.name = format!("hook-{i}");
                h
            })
            .collect();
        s.delivery.method = [
            DeliveryMethod::CodeDeploy,
            DeliveryMethod::NoAutomation,
            DeliveryMethod::UserData,
            DeliveryMethod::BakeAmi,
        ][method];
        s.assumptions.boot_s = boot;
        s.assumptions.boot_jitter_s = jitter;
        s.assumptions.shutdown_s = shutdown;
        s.load = LoadSpec {
            pattern: LoadPattern::Spike { base_rps: base, peak_rps: peak, at_s: 3_600, duration_s: 7_200 },
            noise_pct: 10.0,
        };
        s.actions = actions
            .into_iter()
            .map(|(at_ms, action)| TimedAction { at_ms, action })
            .collect();
        s.actions.sort_by_key(|a| a.at_ms);
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any scenario within the documented limits finishes a simulated day within the event
    /// budget its estimate gives (`WorkEstimate::event_budget`), and within the step budget.
    #[test]
    fn random_scenarios_finish_a_day_within_the_event_budget(s in bounded_scenario()) {
        if scaleout_core::validate::validate(&s).is_empty() {
            let (sim, estimate, _) = run_within_budget(s, SimTime::from_secs(86_400), |_| false);
            prop_assert!(sim.work().events <= estimate.event_budget());
        }
    }

    /// The scenario JSON decoder (files, uploads, pasted configs) never panics, on any text
    /// or on a demo file with a byte changed; what it accepts validates without panicking.
    #[test]
    fn scenario_json_decoder_never_panics(text in ".{0,300}") {
        if let Ok(s) = Scenario::from_json(&text) {
            let _ = scaleout_core::validate::validate(&s);
        }
    }

    #[test]
    fn scenario_json_decoder_never_panics_on_altered_files(at in 0usize..4000, byte in any::<u8>()) {
        let mut bytes = Scenario::demo().to_json_pretty().into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(s) = Scenario::from_json(&text) {
            let _ = scaleout_core::validate::validate(&s);
            let _ = limits::estimate_work(&s, SimTime::from_secs(s.horizon_s));
        }
    }

    /// Links: any bytes after a valid scenario are refused; a valid link still decodes.
    #[test]
    fn link_decoder_refuses_any_trailing_bytes(extra in prop::collection::vec(any::<u8>(), 1..40)) {
        use base64::Engine as _;
        let mut bytes = vec![link::VERSION];
        let enc = link::encode(&Scenario::demo());
        let body = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&enc).expect("base64");
        bytes.extend_from_slice(&body[1..]);
        bytes.extend_from_slice(&extra);
        let tampered = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        prop_assert!(link::decode(&tampered).is_err());
    }
}

#[test]
fn a_month_of_one_minute_load_steps_is_within_the_work_limit() {
    // Traffic replayed at one step a minute for 31 days: the steps are found by binary search,
    // so the estimate grows with log2(steps) per minute, not steps x minutes.
    let mut s = Scenario::demo();
    let minutes = 31 * 24 * 60;
    s.load.pattern = scaleout_core::scenario::LoadPattern::Steps {
        steps: (0..minutes)
            .map(|m| scaleout_core::scenario::LoadStep {
                at_s: m * 60,
                rps: 100.0 + (m % 90) as f64,
            })
            .collect(),
    };
    let e = limits::estimate_work(&s, SimTime::from_secs(minutes * 60)).expect("within the limit");
    assert!(e.load_step_minutes < 2_000_000, "{}", e.load_step_minutes);
}

/// ECS: a 6-hour run of the rolling example (tasks, placement, the reservation metric, a
/// deploy) stays within the estimate, which counts the scheduler's ticks and the tasks.
#[test]
fn ecs_runs_within_the_work_estimate() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/ecs-rolling-deploy.json"
    );
    let text = std::fs::read_to_string(path).expect("the example");
    let s = Scenario::from_json(&text).expect("valid JSON");
    let (sim, estimate, _) = run_within_budget(s, SimTime::from_secs(6 * 3600), |_| false);
    assert!(estimate.ecs_ticks == 6 * 60 * 12, "{estimate:?}");
    assert!(sim.work().events <= estimate.event_budget());
}
