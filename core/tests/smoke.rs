use scaleout_core::scenario::{Action, LoadPattern};
use scaleout_core::{Output, Scenario, Sim, SimTime};

#[test]
fn demo_scales_out_under_load_and_back_in() {
    let mut s = Scenario::demo();
    s.load.pattern = LoadPattern::Steps { steps: vec![] };
    let mut sim = Sim::new(s).expect("valid");
    sim.apply(Action::SetLoad { rps: Some(50.0) });
    sim.advance_to(SimTime::from_mins(10));
    assert_eq!(sim.view().in_service, 2);
    sim.apply(Action::SetLoad { rps: Some(600.0) });
    sim.advance_to(SimTime::from_mins(40));
    let v = sim.view();
    println!(
        "after load: desired {} in service {}",
        v.desired, v.in_service
    );
    assert!(v.in_service > 2);
    sim.apply(Action::SetLoad { rps: Some(50.0) });
    sim.advance_to(SimTime::from_mins(180));
    let v2 = sim.view();
    println!(
        "after drop: desired {} in service {}",
        v2.desired, v2.in_service
    );
    assert!(v2.in_service < v.in_service);
    while let Some(o) = sim.poll_output() {
        match o {
            Output::Activity(a) => println!("{} | {}", a.description, a.cause),
            Output::PolicyDecision { t, decision } => {
                println!("{} {}: {}", t.clock(), decision.policy, decision.text())
            }
            Output::AlarmStateChanged { t, alarm, to, .. } => {
                println!("{} {alarm} -> {}", t.clock(), to.as_str())
            }
            _ => {}
        }
    }
}
