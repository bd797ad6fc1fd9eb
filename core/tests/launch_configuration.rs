//! A1.2/A1.7: launch configurations are immutable; a change makes a copy and the group points
//! at it, while running instances keep the configuration they were launched with.

use scaleout_core::scenario::{Action, LaunchConfiguration, LaunchSource, LoadPattern};
use scaleout_core::{Scenario, Sim, SimTime};

#[test]
fn a1_2_copy_launch_configuration_changes_only_new_launches() {
    let mut s = Scenario::demo();
    s.launch_configurations = vec![LaunchConfiguration::default()];
    s.group.launch = LaunchSource::LaunchConfiguration {
        name: "web-lc-1".into(),
    };
    s.instance_types
        .push(scaleout_core::scenario::InstanceType {
            name: "c5.large".into(),
            capacity_rps: 150.0,
            ..Default::default()
        });
    s.load.pattern = LoadPattern::Steady { rps: 50.0 };
    let mut sim = Sim::new(s).expect("valid");
    sim.advance_to(SimTime::from_mins(5));
    sim.apply(Action::CopyLaunchConfiguration {
        image_id: None,
        instance_type: Some("c5.large".into()),
    });
    assert_eq!(
        sim.scenario().group.launch,
        LaunchSource::LaunchConfiguration {
            name: "web-lc-1 Copy".into()
        }
    );
    // The running instances keep web-lc-1 (A1.7); the next launch uses the copy.
    assert!(sim
        .view()
        .instances
        .iter()
        .all(|i| i.launch_label == "web-lc-1" && i.instance_type == "t3.medium"));
    sim.apply(Action::SetDesiredCapacity { desired: 3 });
    sim.advance_to(SimTime::from_mins(8));
    let v = sim.view();
    assert_eq!(v.instances.len(), 3);
    assert_eq!(
        v.instances
            .iter()
            .filter(|i| i.launch_label == "web-lc-1 Copy" && i.instance_type == "c5.large")
            .count(),
        1
    );
    // A5.2: scale-in removes the instance on the old launch configuration first.
    sim.apply(Action::SetDesiredCapacity { desired: 2 });
    sim.advance_to(SimTime::from_mins(10));
    let labels: Vec<String> = sim
        .view()
        .instances
        .iter()
        .map(|i| i.launch_label.clone())
        .collect();
    assert!(labels.contains(&"web-lc-1 Copy".to_string()), "{labels:?}");
}
