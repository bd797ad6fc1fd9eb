//! Large groups: more launch deployments in flight than the deployment history keeps must
//! all finish (a regression: older in-flight deployments were dropped and their instances
//! waited in Pending:Wait forever).

use scaleout_core::scenario::{LoadPattern, LoadSpec};
use scaleout_core::{Scenario, Sim, SimTime};

#[test]
fn b5_2_four_hundred_launch_deployments_all_finish() {
    let mut s = Scenario::demo();
    s.group.min_size = 400;
    s.group.max_size = 800;
    s.load = LoadSpec {
        pattern: LoadPattern::Steady { rps: 15_000.0 },
        noise_pct: 0.0,
    };
    let mut sim = Sim::new(s).expect("valid");
    sim.advance_to(SimTime::from_mins(10));
    let last = sim.samples().last().cloned().expect("sample");
    assert_eq!(last.pending_wait, 0, "{}", last.text_row(&[]));
    assert_eq!(last.in_service, 400);
}

/// A live action (the page, a host page) bypasses scenario validation; a huge max size must be
/// refused rather than launch billions of instances.
#[test]
fn live_update_group_size_beyond_the_simulator_limit_is_rejected() {
    let mut sim = Sim::new(Scenario::demo()).expect("valid");
    sim.apply(scaleout_core::scenario::Action::UpdateGroupSize {
        min_size: None,
        max_size: Some(u32::MAX),
        desired_capacity: Some(u32::MAX),
    });
    sim.advance_to(SimTime::from_mins(1));
    assert!(sim.instances().len() <= 2);
    let mut rejected = false;
    while let Some(o) = sim.poll_output() {
        rejected |= matches!(o, scaleout_core::Output::ActionRejected { .. });
    }
    assert!(rejected);
}
