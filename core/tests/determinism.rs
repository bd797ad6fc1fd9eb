//! One seed reproduces a run (STYLE.md): the same scenario gives the same trace; one
//! `advance_to(T)` equals many small irregular steps, also with live actions; and replaying
//! `scenario_with_recorded_actions()` reproduces a live run exactly.

mod common;

use common::{all_examples, drain, example, sim};
use scaleout_core::scenario::{Action, LifecycleHookSpec, TimedAction};
use scaleout_core::{Output, Scenario, Sim, SimTime};

/// Everything observable about a finished run, as one comparable string.
fn fingerprint(sim: &Sim, outputs: &[Output]) -> String {
    format!(
        "now={:?}\nsamples={:?}\noutputs={:?}\nactivities={:?}\nview={:?}",
        sim.now(),
        sim.samples(),
        outputs,
        sim.activities(),
        sim.view()
    )
}

/// Runs with the given step pattern (cycled), applying `live` actions at their exact times.
fn run_stepped(
    s: Scenario,
    until: SimTime,
    steps_ms: &[u64],
    live: &[TimedAction],
) -> (Sim, Vec<Output>) {
    let mut sim = sim(s);
    let mut out = drain(&mut sim);
    let mut pending = live.iter().peekable();
    let mut i = 0;
    loop {
        // Apply every live action due now (the page applies them between frames).
        while let Some(a) = pending.peek() {
            if a.at_ms != sim.now().ms() {
                break;
            }
            sim.apply(a.action.clone());
            out.extend(drain(&mut sim));
            pending.next();
        }
        if sim.now() >= until {
            break;
        }
        let mut next = sim.now().plus_ms(steps_ms[i % steps_ms.len()]).min(until);
        if let Some(a) = pending.peek() {
            next = next.min(SimTime(a.at_ms));
        }
        i += 1;
        sim.advance_to(next);
        out.extend(drain(&mut sim));
    }
    (sim, out)
}

const IRREGULAR_MS: [u64; 9] = [1, 17, 999, 60_000, 3, 59_999, 120_000, 250, 7_777];

fn live_actions() -> Vec<TimedAction> {
    let at = |ms: u64, action: Action| TimedAction { at_ms: ms, action };
    vec![
        at(12 * 60_000 + 345, Action::SetLoad { rps: Some(900.0) }),
        at(40 * 60_000, Action::SetLoad { rps: Some(50.0) }),
        at(40 * 60_000 + 1, Action::SetDesiredCapacity { desired: 5 }),
        at(75 * 60_000 + 17, Action::FailInstance),
        at(90 * 60_000 + 999, Action::SetLoad { rps: None }),
        at(
            100 * 60_000,
            Action::UpdateGroupSize {
                min_size: Some(3),
                max_size: None,
                desired_capacity: None,
            },
        ),
    ]
}

#[test]
fn same_scenario_and_seed_give_identical_runs() {
    for (name, s) in all_examples() {
        let until = SimTime::from_secs(s.horizon_s.min(6 * 3600));
        let (a, out_a) = run_stepped(s.clone(), until, &[60_000], &[]);
        let (b, out_b) = run_stepped(s, until, &[60_000], &[]);
        assert_eq!(fingerprint(&a, &out_a), fingerprint(&b, &out_b), "{name}");
    }
}

#[test]
fn a_different_seed_changes_the_run() {
    let s = example("target-tracking.json");
    let until = SimTime::from_secs(6 * 3600);
    let (a, out_a) = run_stepped(s.clone(), until, &[60_000], &[]);
    let mut other = s;
    other.seed += 1;
    let (b, out_b) = run_stepped(other, until, &[60_000], &[]);
    assert_ne!(
        fingerprint(&a, &out_a),
        fingerprint(&b, &out_b),
        "noise, ids and boot jitter depend on the seed"
    );
}

#[test]
fn one_advance_equals_many_irregular_steps() {
    for (name, s) in all_examples() {
        let until = SimTime::from_secs(s.horizon_s.min(4 * 3600));
        let (a, out_a) = run_stepped(s.clone(), until, &[until.ms()], &[]);
        let (b, out_b) = run_stepped(s, until, &IRREGULAR_MS, &[]);
        assert_eq!(fingerprint(&a, &out_a), fingerprint(&b, &out_b), "{name}");
    }
}

#[test]
fn one_advance_equals_many_irregular_steps_with_live_actions() {
    let live = live_actions();
    for (name, s) in all_examples() {
        let until = SimTime::from_mins(150);
        // Coarse: jump straight from one action time to the next.
        let (a, out_a) = run_stepped(s.clone(), until, &[until.ms()], &live);
        let (b, out_b) = run_stepped(s, until, &IRREGULAR_MS, &live);
        assert_eq!(fingerprint(&a, &out_a), fingerprint(&b, &out_b), "{name}");
        assert_eq!(
            a.recorded_actions(),
            live.as_slice(),
            "{name}: every live action is recorded"
        );
    }
}

fn s_actions(example_file: &str) -> Vec<TimedAction> {
    example(example_file).actions
}

/// The page records live actions; a shared link replays them from a fresh simulator.
#[test]
fn replaying_recorded_actions_reproduces_a_live_run() {
    let live = live_actions();
    for (name, s) in all_examples() {
        let until = SimTime::from_mins(150);
        let (live_sim, live_out) = run_stepped(s, until, &IRREGULAR_MS, &live);
        let replay_scenario = live_sim.scenario_with_recorded_actions();
        // The scenario's own actions and the live ones, in time order (stable for ties).
        let mut expected = s_actions(&name);
        expected.extend(live.iter().cloned());
        expected.sort_by_key(|a| a.at_ms);
        assert_eq!(replay_scenario.actions, expected, "{name}");
        // The replayed scenario survives the runner's JSON format unchanged.
        let replay_scenario =
            Scenario::from_json(&replay_scenario.to_json_pretty()).expect("round trip");
        for steps in [&[until.ms()][..], &IRREGULAR_MS[..]] {
            let (replayed, replay_out) = run_stepped(replay_scenario.clone(), until, steps, &[]);
            assert_eq!(
                fingerprint(&live_sim, &live_out),
                fingerprint(&replayed, &replay_out),
                "{name}: replay with steps {steps:?}"
            );
        }
    }
}

/// A live action applied right after advancing to t, and the same action replayed from the
/// scenario at t, land after every internal event of that millisecond (sim.rs: class 1).
#[test]
fn replay_matches_live_when_an_action_lands_on_a_minute_tick() {
    let mut s = example("step-scaling.json");
    s.group.lifecycle_hooks.push(LifecycleHookSpec::default());
    let at = |ms: u64, action: Action| TimedAction { at_ms: ms, action };
    let live = vec![
        at(10 * 60_000, Action::SetDesiredCapacity { desired: 6 }),
        at(30 * 60_000, Action::SetLoad { rps: Some(2000.0) }),
        at(45 * 60_000, Action::SetDesiredCapacity { desired: 2 }),
    ];
    let until = SimTime::from_mins(60);
    let (live_sim, live_out) = run_stepped(s, until, &[60_000], &live);
    let (replayed, replay_out) = run_stepped(
        live_sim.scenario_with_recorded_actions(),
        until,
        &[60_000],
        &[],
    );
    assert_eq!(
        fingerprint(&live_sim, &live_out),
        fingerprint(&replayed, &replay_out)
    );
}

/// Two live actions at the same millisecond: the first one's follow-up events at that
/// millisecond (drain with no deregistration delay) must not change places with the second
/// action in the replay.
// Regression test (fixed): in a replay both actions are `UserAction` events (class 1) at t. Executing the first
// pushes internal events at t (class 0: `DrainComplete` of the instances it terminates), which
// then sort BEFORE the second action; live, `apply` runs both actions back to back and those
// events run only on the next `advance_to`. The output order differs (Terminating ->
// Terminating:Proceed moves before the second action's outputs), so a shared link does not
// reproduce the live run exactly.
#[test]
fn replay_matches_live_with_two_actions_in_the_same_millisecond() {
    let s = example("step-scaling.json");
    let at = |ms: u64, action: Action| TimedAction { at_ms: ms, action };
    let live = vec![
        at(20 * 60_000, Action::SetDesiredCapacity { desired: 2 }),
        at(20 * 60_000, Action::SetDesiredCapacity { desired: 5 }),
    ];
    let until = SimTime::from_mins(30);
    let (live_sim, live_out) = run_stepped(s, until, &[60_000], &live);
    let (replayed, replay_out) = run_stepped(
        live_sim.scenario_with_recorded_actions(),
        until,
        &[60_000],
        &[],
    );
    assert_eq!(
        fingerprint(&live_sim, &live_out),
        fingerprint(&replayed, &replay_out)
    );
}

/// Going backwards is ignored and never rewinds anything.
#[test]
fn advancing_backwards_is_a_no_op() {
    let s = example("simple-scaling.json");
    let (mut a, mut out_a) = run_stepped(s.clone(), SimTime::from_mins(90), &[60_000], &[]);
    a.advance_to(SimTime::from_mins(10));
    a.advance_to(SimTime::ZERO);
    out_a.extend(drain(&mut a));
    assert_eq!(a.now(), SimTime::from_mins(90));
    let (b, out_b) = run_stepped(s, SimTime::from_mins(90), &[60_000], &[]);
    assert_eq!(fingerprint(&a, &out_a), fingerprint(&b, &out_b));
}

/// A1.5 / A1.6: a live `CreateLaunchTemplateVersion` (set as default) replays to the same
/// instances: those launched before it use version 1, those after it version 2. Creating a
/// version changes the simulator's launch templates; the replay must start from the scenario as
/// it was given, not as the run left it (this was a bug, found by this test).
#[test]
fn replay_matches_live_after_a_new_launch_template_version() {
    let s = example("target-tracking.json");
    let at = |ms: u64, action: Action| TimedAction { at_ms: ms, action };
    let live = vec![
        at(
            20 * 60_000,
            Action::CreateLaunchTemplateVersion {
                source_version: Some(1),
                image_id: None,
                instance_type: None,
                set_default: true,
            },
        ),
        at(21 * 60_000, Action::SetDesiredCapacity { desired: 4 }),
    ];
    let (early, _) = run_stepped(s.clone(), SimTime::from_mins(25), &[60_000], &live);
    let labels: Vec<String> = early
        .view()
        .instances
        .iter()
        .map(|i| i.launch_label.clone())
        .collect();
    assert_eq!(labels, ["web-lt:1", "web-lt:1", "web-lt:2", "web-lt:2"]);
    // (Later, target tracking scales in and A5.2 removes the old-version instances first.)
    let until = SimTime::from_mins(40);
    let (live_sim, live_out) = run_stepped(s.clone(), until, &[60_000], &live);
    let replay = live_sim.scenario_with_recorded_actions();
    assert_eq!(
        replay.launch_templates, s.launch_templates,
        "the replayed scenario is the original one"
    );
    let (replayed, replay_out) = run_stepped(replay, until, &[60_000], &[]);
    assert_eq!(
        fingerprint(&live_sim, &live_out),
        fingerprint(&replayed, &replay_out)
    );
}
