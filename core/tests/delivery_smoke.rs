use scaleout_core::scenario::{Action, DeliveryMethod, LoadPattern};
use scaleout_core::{Output, Scenario, Sim, SimTime};

#[test]
fn print_loop() {
    let mut s = Scenario::demo();
    s.delivery.method = DeliveryMethod::CodeDeploy;
    s.load.pattern = LoadPattern::Steady { rps: 50.0 };
    let mut sim = Sim::new(s).expect("valid");
    sim.advance_to(SimTime::from_mins(5));
    sim.apply(Action::Deploy { revision: "v2".into() });
    sim.advance_to(SimTime::from_mins(15));
    sim.apply(Action::Deploy { revision: "v3-jdk11".into() });
    sim.advance_to(SimTime::from_mins(25));
    sim.apply(Action::SetLoad { rps: Some(400.0) });
    sim.advance_to(SimTime::from_mins(60));
    while let Some(o) = sim.poll_output() {
        match o {
            Output::Deployment(d) if d.end.is_some() => println!("{} {} {:?} {} {:?} {}", d.end.unwrap().clock(), d.id, d.creator, d.revision, d.status, d.message),
            Output::Activity(a) => println!("{} {}", a.start.clock(), a.description),
            _ => {}
        }
    }
    for s in sim.samples().iter().step_by(5) { println!("{}", s.text_row(&[])); }
}
