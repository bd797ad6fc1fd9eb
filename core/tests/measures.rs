//! The run's measures say what happened: convergence counts only successful installs, and an
//! instance being deployed to in place takes no traffic (B3.1), with or without a load balancer.

mod common;

use common::{run_minutes, sim};
use scaleout_core::codedeploy::config::DeploymentConfig;
use scaleout_core::scenario::{Action, LoadPattern, RevisionFailure, RevisionSpec, TimedAction};
use scaleout_core::time::MS_PER_MIN;
use scaleout_core::{Scenario, SimTime};

fn fleet_of_ten(revision: RevisionSpec) -> Scenario {
    let mut s = Scenario::demo();
    s.policies.clear();
    s.group.min_size = 10;
    s.group.max_size = 10;
    s.load.pattern = LoadPattern::Steady { rps: 300.0 };
    s.delivery.deployment_config = DeploymentConfig::AllAtOnce;
    s.delivery.revisions.push(revision.clone());
    s.actions = vec![TimedAction {
        at_ms: 10 * MS_PER_MIN,
        action: Action::Deploy {
            revision: revision.label,
        },
    }];
    s
}

fn convergence(s: Scenario) -> Option<u64> {
    let mut sim = sim(s);
    run_minutes(&mut sim, SimTime(60 * MS_PER_MIN));
    let m = sim.measures();
    assert_eq!(m.convergence_s.len(), 1, "{m:?}");
    m.convergence_s[0].1
}

#[test]
fn b2_3_a_release_that_fails_on_most_instances_has_not_converged() {
    // Fails ValidateService on about 90% of the instances (drawn from the seed).
    let flaky = RevisionSpec {
        failure: RevisionFailure::Probability(90.0),
        ..RevisionSpec::labelled("v2-flaky")
    };
    assert_eq!(convergence(fleet_of_ten(flaky)), None);
    let good = RevisionSpec::labelled("v2-good");
    assert!(convergence(fleet_of_ten(good)).is_some());
}

fn capacity_mid_install(with_load_balancer: bool) -> (f64, f64) {
    let mut s = Scenario::demo();
    s.policies.clear();
    s.group.min_size = 2;
    s.group.max_size = 2;
    s.delivery.with_load_balancer = with_load_balancer;
    s.delivery.deployment_config = DeploymentConfig::OneAtATime;
    s.delivery.revisions.push(RevisionSpec {
        event_s: 600,
        ..RevisionSpec::labelled("v2-slow")
    });
    s.actions = vec![TimedAction {
        at_ms: 10 * MS_PER_MIN,
        action: Action::Deploy {
            revision: "v2-slow".into(),
        },
    }];
    let mut sim = sim(s);
    run_minutes(&mut sim, SimTime(15 * MS_PER_MIN));
    let before = sim.samples()[8].capacity_rps;
    let during = sim.samples().last().map_or(0.0, |s| s.capacity_rps);
    (before, during)
}

#[test]
fn b3_1_an_instance_being_deployed_to_takes_no_traffic() {
    for lb in [true, false] {
        let (before, during) = capacity_mid_install(lb);
        assert_eq!(before, 200.0, "lb={lb}");
        assert_eq!(
            during, 100.0,
            "lb={lb}: one of two instances is being installed"
        );
    }
}

/// A4.10: the CloudWatch agent's `disk_used_percent` is in every minute's sample (the page's
/// disk chart and the trace's `avg_disk`): the group's average, growing with uptime.
#[test]
fn a4_10_every_sample_has_the_groups_average_disk_use() {
    let mut s = Scenario::demo();
    s.policies.clear();
    s.alarms.clear();
    s.assumptions.disk_base_pct = 30.0;
    s.assumptions.disk_growth_pct_per_hour = 6.0;
    let mut sim = sim(s);
    run_minutes(&mut sim, SimTime(4 * 60 * MS_PER_MIN));
    let disk: Vec<f64> = sim.samples().iter().filter_map(|x| x.avg_disk).collect();
    // A datapoint every minute once the first instances are InService.
    assert!(
        disk.len() + 5 >= sim.samples().len(),
        "{} of {}",
        disk.len(),
        sim.samples().len()
    );
    let (first, last) = (disk[0], disk[disk.len() - 1]);
    assert!((30.0..31.0).contains(&first), "first {first}");
    // Four hours at 6% an hour on instances launched at the start.
    assert!((53.0..55.0).contains(&last), "last {last}");
    assert!(disk.windows(2).all(|w| w[1] >= w[0]), "grows");
}
