//! A dragged load slider: every input event is a `SetLoad`, but the record keeps at most one per
//! simulated minute (the load is read once a minute), and replaying the record gives exactly the
//! samples of the live run.

use scaleout_core::scenario::Action;
use scaleout_core::{Scenario, Sim, SimTime};

#[test]
fn a_drag_records_one_set_load_per_minute_and_replays_the_same_samples() {
    let mut live = Sim::new(Scenario::demo()).expect("valid");
    let mut events = 0;
    // 90 simulated minutes; every simulated second an `input` event with a new value, and
    // bursts of 50 events at the same millisecond (the slider dragged while paused).
    for sec in 0..90 * 60u64 {
        live.advance_to(SimTime::from_secs(sec));
        let rps = 100.0 + (sec % 700) as f64;
        live.set_load_override(Some(rps));
        events += 1;
        if sec % 600 == 0 {
            for k in 0..50 {
                live.set_load_override(Some(rps + f64::from(k)));
                events += 1;
            }
        }
    }
    live.advance_to(SimTime::from_secs(2 * 3600));
    let recorded = live.recorded_actions().len();
    assert!(events > 5_000);
    assert!(
        recorded <= 91,
        "{recorded} actions recorded for {events} input events"
    );

    let mut replay = Sim::new(live.scenario_with_recorded_actions()).expect("valid");
    replay.advance_to(SimTime::from_secs(2 * 3600));
    assert_eq!(replay.samples(), live.samples());
}

#[test]
fn other_actions_and_refused_loads_are_never_merged_away() {
    let mut sim = Sim::new(Scenario::demo()).expect("valid");
    sim.advance_to(SimTime::from_secs(30));
    sim.set_load_override(Some(500.0));
    sim.apply(Action::SetLoad {
        rps: Some(f64::NAN),
    });
    sim.set_load_override(Some(600.0));
    sim.apply(Action::Deploy {
        revision: "v1".into(),
    });
    sim.set_load_override(Some(700.0));
    sim.set_load_override(Some(800.0));
    let kinds: Vec<String> = sim
        .recorded_actions()
        .iter()
        .map(|a| match &a.action {
            Action::SetLoad { rps } => format!("SetLoad {rps:?}"),
            other => format!("{other:?}")
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string(),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            "SetLoad Some(500.0)",
            "SetLoad Some(NaN)",
            "SetLoad Some(600.0)",
            "Deploy",
            "SetLoad Some(800.0)"
        ]
    );
}
