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
