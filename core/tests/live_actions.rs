//! Live actions are checked exactly like the same actions in a scenario (A1.5, A2.2, A7.2), and
//! every number in a scenario has a bound.

mod common;

use common::{drain, run_minutes, sim};
use scaleout_core::activity::ActivityStatus;
use scaleout_core::scenario::{Action, LaunchTemplateVersion, PolicyKind, TimedAction};
use scaleout_core::time::MS_PER_MIN;
use scaleout_core::validate::validate;
use scaleout_core::{Output, Scenario, SimTime};

fn rejections(outputs: &[Output]) -> Vec<String> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::ActionRejected { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

fn quiet_demo() -> Scenario {
    let mut s = Scenario::demo();
    s.policies.clear();
    s
}

#[test]
fn a1_5_live_template_version_with_unknown_image_or_type_is_rejected_with_ec2s_text() {
    let mut sim = sim(quiet_demo());
    sim.apply(Action::CreateLaunchTemplateVersion {
        source_version: Some(1),
        image_id: Some("ami-0000000000000dead".into()),
        instance_type: None,
        set_default: true,
    });
    sim.apply(Action::CreateLaunchTemplateVersion {
        source_version: Some(1),
        image_id: None,
        instance_type: Some("x9.huge".into()),
        set_default: true,
    });
    let out = drain(&mut sim);
    assert_eq!(
        rejections(&out),
        [
            "InvalidAMIID.NotFound: The image id '[ami-0000000000000dead]' does not exist",
            "InvalidParameterValue: Invalid value 'x9.huge' for InstanceType."
        ]
    );
    assert_eq!(sim.scenario().launch_templates[0].versions.len(), 1);
}

#[test]
fn a1_5_the_same_actions_in_a_scenario_fail_validation() {
    let mut s = quiet_demo();
    s.actions = vec![
        TimedAction {
            at_ms: 60_000,
            action: Action::CreateLaunchTemplateVersion {
                source_version: None,
                image_id: Some("ami-0000000000000dead".into()),
                instance_type: Some("x9.huge".into()),
                set_default: true,
            },
        },
        TimedAction {
            at_ms: 60_000,
            action: Action::SetLoad { rps: Some(1e308) },
        },
        TimedAction {
            at_ms: 60_000,
            action: Action::SetDesiredCapacity { desired: 50_000 },
        },
        TimedAction {
            at_ms: 60_000,
            action: Action::UpdateGroupSize {
                min_size: Some(5),
                max_size: Some(3),
                desired_capacity: Some(9),
            },
        },
    ];
    let paths: Vec<String> = validate(&s).into_iter().map(|p| p.path).collect();
    for p in [
        "actions[0].action.CreateLaunchTemplateVersion.image_id",
        "actions[0].action.CreateLaunchTemplateVersion.instance_type",
        "actions[1].action.SetLoad.rps",
        "actions[2].action.SetDesiredCapacity.desired",
        "actions[3].action.UpdateGroupSize.min_size",
        "actions[3].action.UpdateGroupSize.desired_capacity",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} in {paths:?}");
    }
}

#[test]
fn a7_2_a_version_without_instance_type_fails_launches_and_the_group_retries() {
    let mut sim = sim(quiet_demo());
    run_minutes(&mut sim, SimTime(5 * MS_PER_MIN));
    // A new default version with an image but no instance type (no source version, A1.5).
    sim.apply(Action::CreateLaunchTemplateVersion {
        source_version: None,
        image_id: Some(Scenario::demo().amis[0].id.clone()),
        instance_type: None,
        set_default: true,
    });
    sim.apply(Action::SetDesiredCapacity { desired: 3 });
    let t0 = sim.now();
    let out = run_minutes(&mut sim, SimTime(10 * MS_PER_MIN));
    let failed: Vec<_> = out
        .iter()
        .filter_map(|o| match o {
            Output::Activity(a) if a.description.contains("Status Reason:") => Some(a),
            _ => None,
        })
        .collect();
    assert!(failed.len() >= 4, "retries: {}", failed.len());
    assert!(failed[0]
        .description
        .starts_with("Launching a new EC2 instance.  Status Reason: "));
    assert!(failed[0].description.contains("no instance type"));
    // Retries 10 s, 20 s, 40 s... after the first failure.
    let gaps: Vec<u64> = failed
        .windows(2)
        .map(|w| (w[1].start.ms() - w[0].start.ms()) / 1000)
        .collect();
    assert_eq!(&gaps[..3], [10, 20, 40], "{gaps:?}");
    assert_eq!(failed[0].start, t0);
    assert!(out.iter().any(|o| matches!(
        o,
        Output::ActivityUpdated { status: ActivityStatus::Failed, status_message, .. }
            if status_message.contains("no instance type")
    )));
    assert_eq!(sim.view().in_service, 2, "still below desired");
    // Fixing the template lets the next retry launch.
    sim.apply(Action::CreateLaunchTemplateVersion {
        source_version: Some(1),
        image_id: None,
        instance_type: None,
        set_default: true,
    });
    run_minutes(&mut sim, SimTime(20 * MS_PER_MIN));
    assert_eq!(sim.view().in_service, 3);
}

#[test]
fn set_load_live_has_the_patterns_bound() {
    let mut sim = sim(quiet_demo());
    sim.apply(Action::SetLoad { rps: Some(1e308) });
    sim.apply(Action::SetLoad {
        rps: Some(f64::NAN),
    });
    let out = drain(&mut sim);
    assert_eq!(rejections(&out).len(), 2, "{out:?}");
    assert_eq!(sim.load_override(), None);
    run_minutes(&mut sim, SimTime(3 * MS_PER_MIN));
    for s in sim.samples() {
        assert!(s.load_rps.is_finite() && s.latency_ms.is_finite(), "{s:?}");
    }
}

#[test]
fn numbers_without_an_aws_rule_have_documented_bounds() {
    let mut s = quiet_demo();
    s.start_unix_s = u64::MAX;
    s.policies = vec![scaleout_core::scenario::PolicySpec {
        kind: PolicyKind::SimpleScaling {
            adjustment_type: scaleout_core::policy::adjustment::AdjustmentType::ChangeInCapacity,
            scaling_adjustment: 1,
            cooldown_s: Some(u32::MAX),
            min_adjustment_magnitude: None,
        },
        ..Default::default()
    }];
    s.instance_types[0].price_per_hour = f64::INFINITY;
    s.launch_templates[0]
        .versions
        .push(LaunchTemplateVersion::default());
    s.scheduled_actions = vec![scaleout_core::scenario::ScheduledActionSpec {
        start_s: Some(u64::MAX),
        desired_capacity: Some(2),
        ..Default::default()
    }];
    let paths: Vec<String> = validate(&s).into_iter().map(|p| p.path).collect();
    for p in [
        "start_unix_s",
        "policies[0].kind.SimpleScaling.cooldown_s",
        "instance_types[0].price_per_hour",
        "scheduled_actions[0].start_s",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} in {paths:?}");
    }
}

/// A2.6: a stopped instance is found by the next minute's EC2 health check and replaced, also
/// when the same minute's alarms launch instances (the minute looks for such instances before
/// the alarms, and skips the checks' pass when there are none).
#[test]
fn a2_6_a_failed_instance_is_replaced_at_the_next_minute_while_the_alarms_scale() {
    for scaling in [false, true] {
        let mut s = if scaling {
            Scenario::demo()
        } else {
            quiet_demo()
        };
        s.group.health_check_grace_period_s = 0;
        let mut sim = sim(s);
        sim.advance_to(SimTime(20 * MS_PER_MIN + 30_000));
        sim.apply(Action::FailInstance);
        let stopped: Vec<String> = sim
            .instances()
            .iter()
            .filter(|i| !i.ec2_running)
            .map(|i| i.id.to_string())
            .collect();
        assert_eq!(stopped.len(), 1, "scaling {scaling}");
        sim.advance_to(SimTime(21 * MS_PER_MIN));
        let health_terms: Vec<_> = sim
            .activities()
            .iter()
            .filter(|a| a.cause.contains("in response to an EC2 health check"))
            .collect();
        assert_eq!(health_terms.len(), 1, "scaling {scaling}");
        assert!(health_terms[0].description.contains(&stopped[0]));
    }
}
