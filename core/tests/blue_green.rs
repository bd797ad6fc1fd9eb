//! B4.2/B4.3: blue/green deployments with a copied Auto Scaling group.

use scaleout_core::instance::Role;
use scaleout_core::scenario::{
    Action, ActionOnTimeout, DeliveryMethod, DeploymentType, LoadPattern, OriginalInstancesAction,
};
use scaleout_core::sim::DeploymentStatus;
use scaleout_core::{Scenario, Sim, SimTime};

fn scenario() -> Scenario {
    let mut s = Scenario::demo();
    s.delivery.method = DeliveryMethod::CodeDeploy;
    s.delivery.deployment_type = DeploymentType::BLUE_GREEN;
    s.group.min_size = 3;
    s.load.pattern = LoadPattern::Steady { rps: 60.0 };
    s
}

fn roles(sim: &Sim) -> (usize, usize, usize) {
    let v = sim.view();
    let count = |r: Role| v.instances.iter().filter(|i| i.role == r).count();
    (
        count(Role::Member),
        count(Role::Replacement),
        count(Role::Retired),
    )
}

#[test]
fn b4_2_copies_the_healthy_fleet_installs_reroutes_then_terminates_originals() {
    let mut sim = Sim::new(scenario()).expect("valid");
    sim.advance_to(SimTime::from_mins(10));
    let originals: Vec<String> = sim.view().instances.iter().map(|i| i.id.clone()).collect();
    assert_eq!(originals.len(), 3);
    sim.apply(Action::Deploy {
        revision: "v2".into(),
    });
    // The copied group launches as many instances as the original has healthy ones.
    sim.advance_to(SimTime::from_mins(11));
    assert_eq!(roles(&sim), (3, 3, 0));
    // Replacements never serve before the reroute: every sample still shows v1 only.
    let mut t = SimTime::from_mins(11);
    while sim.last_successful_revision() != Some("v2") && t < SimTime::from_mins(30) {
        t = t.plus_secs(10);
        sim.advance_to(t);
    }
    let d = sim.deployments().back().cloned().expect("deployment");
    assert_eq!(d.status, DeploymentStatus::Succeeded, "{d:?}");
    assert_eq!(sim.last_successful_revision(), Some("v2"));
    let before_reroute: Vec<_> = sim
        .samples()
        .iter()
        .take_while(|s| s.t <= d.end.unwrap_or(SimTime::ZERO))
        .flat_map(|s| s.revisions.clone())
        .collect();
    assert!(
        before_reroute.iter().all(|(l, _)| l == "v1"),
        "{before_reroute:?}"
    );
    // After the reroute the originals are retired, then terminated after the wait (5 min).
    assert_eq!(roles(&sim).2, 3);
    sim.advance_to(d.end.unwrap_or(SimTime::ZERO).plus_secs(6 * 60));
    let v = sim.view();
    assert!(
        v.instances.iter().all(|i| !originals.contains(&i.id)),
        "originals gone"
    );
    assert_eq!(v.in_service, 3);
    assert!(v
        .instances
        .iter()
        .all(|i| i.revision.as_deref() == Some("v2")));
}

#[test]
fn b4_2_stop_deployment_without_reroute_stops_and_drops_the_replacements() {
    let mut s = scenario();
    s.delivery.blue_green.action_on_timeout = ActionOnTimeout::STOP_DEPLOYMENT;
    s.delivery.blue_green.wait_time_minutes = 10;
    let mut sim = Sim::new(s).expect("valid");
    sim.advance_to(SimTime::from_mins(10));
    sim.apply(Action::Deploy {
        revision: "v2".into(),
    });
    sim.advance_to(SimTime::from_mins(40));
    let d = sim.deployments().back().cloned().expect("deployment");
    assert_eq!(d.status, DeploymentStatus::Failed);
    assert!(d.message.contains("not rerouted"), "{}", d.message);
    assert_eq!(sim.last_successful_revision(), Some("v1"));
    assert_eq!(roles(&sim), (3, 0, 0));
}

#[test]
fn b4_2_continue_deployment_reroutes_while_waiting_and_keep_alive_detaches_originals() {
    let mut s = scenario();
    s.delivery.blue_green.action_on_timeout = ActionOnTimeout::STOP_DEPLOYMENT;
    s.delivery.blue_green.original_instances = OriginalInstancesAction::KEEP_ALIVE;
    let mut sim = Sim::new(s).expect("valid");
    sim.advance_to(SimTime::from_mins(10));
    sim.apply(Action::Deploy {
        revision: "v2".into(),
    });
    sim.advance_to(SimTime::from_mins(20));
    assert_eq!(roles(&sim), (3, 3, 0), "installed, waiting");
    sim.apply(Action::ContinueDeployment);
    sim.advance_to(SimTime::from_mins(21));
    assert_eq!(
        roles(&sim),
        (3, 0, 0),
        "originals left the group (KEEP_ALIVE)"
    );
    assert_eq!(sim.last_successful_revision(), Some("v2"));
}

#[test]
fn b4_2_failed_install_leaves_the_original_fleet_serving() {
    let mut sim = Sim::new(scenario()).expect("valid");
    sim.advance_to(SimTime::from_mins(10));
    sim.apply(Action::Deploy {
        revision: "v4-broken".into(),
    });
    sim.advance_to(SimTime::from_mins(30));
    let d = sim.deployments().back().cloned().expect("deployment");
    assert_eq!(d.status, DeploymentStatus::Failed);
    assert_eq!(sim.last_successful_revision(), Some("v1"));
    let last = sim.samples().last().cloned().expect("sample");
    assert_eq!(last.revisions, vec![("v1".to_string(), 3)]);
    assert_eq!(last.errors_rps, 0.0);
}

#[test]
fn b1_3_second_release_during_blue_green_is_refused() {
    let mut sim = Sim::new(scenario()).expect("valid");
    sim.advance_to(SimTime::from_mins(10));
    sim.apply(Action::Deploy {
        revision: "v2".into(),
    });
    sim.apply(Action::Deploy {
        revision: "v2".into(),
    });
    let mut rejected = false;
    while let Some(o) = sim.poll_output() {
        if matches!(o, scaleout_core::Output::ActionRejected { .. }) {
            rejected = true;
        }
    }
    assert!(rejected);
}
