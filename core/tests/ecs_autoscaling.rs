//! Service auto scaling (C4) in the simulator: the service as a scalable target of the core's
//! policy path, its CloudWatch alarms on the service's metrics, cooldowns, scale-in turned off
//! during deployments, suspended states, scheduled actions on its bounds, and the two levels
//! of scaling on EC2 capacity.

mod common;

use common::{example, run_minutes, sim};
use scaleout_core::ecs::output::EcsOutput;
use scaleout_core::policy::{Detail, ScalingDecision, Unchanged};
use scaleout_core::scenario::ServicePolicyKind;
use scaleout_core::{Output, Scenario, Sim, SimTime};

fn minutes(m: u64) -> SimTime {
    SimTime::from_secs(m * 60)
}

/// The service's decisions, with their minute.
fn service_decisions(out: &[Output]) -> Vec<(u64, &ScalingDecision)> {
    out.iter()
        .filter_map(|o| match o {
            Output::PolicyDecision { t, decision } if decision.target.starts_with("service/") => {
                Some((t.ms() / 60_000, decision))
            }
            _ => None,
        })
        .collect()
}

/// The service's scaling activities: (minute, description, cause).
fn activities(out: &[Output]) -> Vec<(u64, String, String)> {
    out.iter()
        .filter_map(|o| match o {
            Output::Ecs(EcsOutput::ScalingActivity {
                t,
                description,
                cause,
                ..
            }) => Some((t.ms() / 60_000, description.clone(), cause.clone())),
            _ => None,
        })
        .collect()
}

/// A Fargate service of 6 tasks of 0.25 vCPU (50 requests per second each at 100 % CPU) under
/// `rps`, with the service's auto scaling section `auto_scaling` and user alarms `alarms`.
fn fargate(rps: f64, auto_scaling: &str, alarms: &str) -> Scenario {
    let text = format!(
        r#"{{"name": "C4", "seed": 3, "horizon_s": 7200,
            "group": {{"name": "unused", "min_size": 0, "max_size": 0, "desired_capacity": 0}},
            "alarms": {alarms}, "policies": [],
            "load": {{"pattern": {{"Steady": {{"rps": {rps}}}}}, "noise_pct": 0.0}},
            "delivery": {{"method": "NoAutomation", "revisions": [{{"label": "v1"}}], "initial_revision": "v1"}},
            "ecs": {{"cluster": "prod",
                "task_definitions": [{{"family": "web", "image": "web:1", "cpu_units": 256, "memory_mib": 512}}],
                "service": {{"name": "web", "task_definition": "web:1", "desired_count": 6,
                    "auto_scaling": {auto_scaling}}},
                "capacity": "FARGATE"}}}}"#
    );
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{e}"))
}

const CPU50: &str = r#"{"min_capacity": 2, "max_capacity": 20, "policies": [{"name": "cpu50",
    "kind": {"TargetTrackingScaling": {"metric": "ECSServiceAverageCPUUtilization", "target_value": 50.0, "disable_scale_in": false}}}]}"#;

#[test]
fn c4_target_tracking_on_the_services_cpu_sets_its_desired_count() {
    // 300 rps on 6 tasks: 100 % CPU. AlarmHigh after 3 minutes: ceil(6 x 100 / 50) = 12.
    let mut sim = sim(fargate(300.0, CPU50, "[]"));
    let out = run_minutes(&mut sim, minutes(6));
    let d = service_decisions(&out);
    assert_eq!(d[0].1.target, "service/prod/web");
    assert_eq!((d[0].1.before, d[0].1.after), (6, 12));
    assert!(matches!(
        d[0].1.detail,
        Detail::TrackingOut { current: 6, .. }
    ));
    let a = activities(&out);
    assert_eq!(a[0].1, "Setting desired count to 12.");
    assert!(
        a[0].2
            .starts_with("monitor alarm TargetTracking-service/prod/web-AlarmHigh-")
            && a[0].2.ends_with(" in state ALARM triggered policy cpu50"),
        "{}",
        a[0].2
    );
    assert_eq!(sim.ecs_view().map(|v| v.desired), Some(12));
}

#[test]
fn c4_target_tracking_alarms_use_the_application_auto_scaling_pair() {
    let sim = sim(fargate(300.0, CPU50, "[]"));
    let specs = sim.alarm_specs();
    let low = specs
        .iter()
        .find(|a| {
            a.name
                .starts_with("TargetTracking-service/prod/web-AlarmLow-")
        })
        .expect("the service's AlarmLow");
    // 0.9 x target (the observed Application Auto Scaling pair, an assumption).
    assert_eq!(low.threshold, 45.0);
}

#[test]
fn c4_scale_out_cooldown_counts_the_added_capacity_and_only_a_larger_scale_out_happens() {
    // 600 rps: 12 tasks at 100 % (Fargate capacity is immediate; tasks start in ~40 s).
    let mut sim = sim(fargate(600.0, CPU50, "[]"));
    let out = run_minutes(&mut sim, minutes(12));
    let d = service_decisions(&out);
    // First scale-out from 6; then, inside the 300 s cooldown, the policy computes from 6
    // (the added tasks count as desired): no second scale-out while it asks for no more.
    let first = d
        .iter()
        .find(|(_, x)| x.after > x.before)
        .expect("a scale-out");
    assert_eq!((first.1.before, first.1.after), (6, 12));
    let inside: Vec<_> = d
        .iter()
        .filter(|(m, _)| *m > first.0 && *m < first.0 + 5)
        .collect();
    assert!(inside
        .iter()
        .all(|(_, x)| matches!(x.detail, Detail::TrackingOut { current: 6, .. })));
    // After the cooldown the policy computes from the desired count.
    assert!(d
        .iter()
        .any(|(m, x)| *m >= first.0 + 5
            && matches!(x.detail, Detail::TrackingOut { current: 12, .. })));
}

#[test]
fn c4_scale_in_cooldown_blocks_the_next_scale_in() {
    // 60 rps on 6 tasks: 20 % CPU; the low alarm (15 minutes) scales in, then the scale-in
    // cooldown (600 s here) holds the next one.
    let auto = r#"{"min_capacity": 1, "max_capacity": 20, "policies": [{"name": "cpu50",
        "kind": {"TargetTrackingScaling": {"metric": "ECSServiceAverageCPUUtilization", "target_value": 50.0, "disable_scale_in": false, "scale_in_cooldown_s": 600}}}]}"#;
    let mut sim = sim(fargate(60.0, auto, "[]"));
    let out = run_minutes(&mut sim, minutes(40));
    let d = service_decisions(&out);
    let first_in = d
        .iter()
        .find(|(_, x)| x.after < x.before)
        .expect("a scale-in");
    assert!(d.iter().any(|(m, x)| *m > first_in.0
        && *m < first_in.0 + 10
        && matches!(x.unchanged, Some(Unchanged::ScaleInCooldown { .. }))));
}

#[test]
fn c4_scale_in_is_turned_off_during_a_deployment_and_resumes_after() {
    let mut sim = sim(example("ecs-rolling-deploy.json"));
    let out = run_minutes(&mut sim, minutes(45));
    let d = service_decisions(&out);
    let held = d
        .iter()
        .find(|(_, x)| x.unchanged == Some(Unchanged::ScaleInDuringDeployment))
        .expect("scale-in held during the deployment");
    assert_eq!(held.0, 35);
    assert_eq!(
        held.1.text(),
        "Scale-in is turned off while the service's deployment is in progress (C4)."
    );
    // Once the deployment completed, the same alarm scales in.
    assert!(d
        .iter()
        .any(|(m, x)| *m > held.0 && x.after < x.before && x.before == 10));
}

#[test]
fn c4_scale_out_continues_during_a_deployment() {
    // A deploy at minute 1 (the tasks' image is the same revision family) while 300 rps
    // saturate 6 tasks: the scale-out still happens.
    let mut s = fargate(300.0, CPU50, "[]");
    if let Some(e) = s.ecs.as_mut() {
        e.task_definitions.push(e.task_definitions[0].clone());
        e.service.deployment_configuration.maximum_percent = 100;
        e.service.deployment_configuration.minimum_healthy_percent = 50;
    }
    s.actions = vec![scaleout_core::scenario::TimedAction {
        at_ms: 150_000,
        action: scaleout_core::scenario::Action::UpdateService {
            task_definition: Some("web:2".into()),
            desired_count: None,
        },
    }];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, minutes(10));
    // The scale-out comes between the deployment's start and its completion.
    let position = |f: &dyn Fn(&Output) -> bool| out.iter().position(f);
    let started = position(&|o| {
        matches!(o, Output::Ecs(EcsOutput::DeploymentChanged { task_definition, rollout_state, .. })
            if task_definition == "web:2" && format!("{rollout_state:?}") == "IN_PROGRESS")
    });
    let scaled = position(
        &|o| matches!(o, Output::PolicyDecision { decision, .. } if decision.after > decision.before),
    );
    let completed = position(&|o| {
        matches!(o, Output::Ecs(EcsOutput::DeploymentChanged { task_definition, rollout_state, .. })
            if task_definition == "web:2" && format!("{rollout_state:?}") == "COMPLETED")
    });
    assert!(
        started < scaled && scaled.is_some(),
        "{started:?} {scaled:?}"
    );
    assert!(completed.is_none_or(|c| Some(c) > scaled), "{completed:?}");
}

#[test]
fn c4_suspended_dynamic_scale_out_holds_the_policy() {
    let auto = CPU50.replacen('{', "{\"dynamic_scaling_out_suspended\": true, ", 1);
    let mut sim = sim(fargate(300.0, &auto, "[]"));
    let out = run_minutes(&mut sim, minutes(6));
    let d = service_decisions(&out);
    assert_eq!(
        d[0].1.unchanged,
        Some(Unchanged::Suspended { scale_out: true })
    );
    assert!(activities(&out).is_empty());
}

#[test]
fn c4_step_scaling_on_a_user_alarm_of_the_service_metric() {
    let auto = r#"{"min_capacity": 2, "max_capacity": 20, "policies": [{"name": "cpu-step",
        "kind": {"StepScaling": {"adjustment_type": "ChangeInCapacity",
            "step_adjustments": [{"lower_bound": 0.0, "upper_bound": 20.0, "scaling_adjustment": 2},
                                 {"lower_bound": 20.0, "upper_bound": null, "scaling_adjustment": 4}],
            "metric_aggregation_type": "Average"}}}]}"#;
    let alarms = r#"[{"name": "web-cpu-high", "metric": "ECSServiceAverageCPUUtilization",
        "period_s": 60, "evaluation_periods": 2, "threshold": 70.0,
        "comparison_operator": "GreaterThanOrEqualToThreshold", "alarm_actions": ["cpu-step"]}]"#;
    let mut sim = sim(fargate(300.0, auto, alarms));
    let out = run_minutes(&mut sim, minutes(4));
    let d = service_decisions(&out);
    // 100 % is 30 above 70: the second step, +4 from 6.
    assert!(matches!(d[0].1.detail, Detail::StepOut { step: 1, .. }));
    assert_eq!((d[0].1.before, d[0].1.after), (6, 10));
    let a = activities(&out);
    assert_eq!(
        a[0].2,
        "monitor alarm web-cpu-high in state ALARM triggered policy cpu-step"
    );
}

#[test]
fn c4_scheduled_action_sets_the_bounds_and_brings_desired_into_them() {
    let auto = r#"{"min_capacity": 2, "max_capacity": 20, "policies": [],
        "scheduled_actions": [{"name": "morning", "start_s": 600, "min_capacity": 9, "max_capacity": 30}]}"#;
    let mut sim = sim(fargate(100.0, auto, "[]"));
    let out = run_minutes(&mut sim, minutes(12));
    let a = activities(&out);
    assert_eq!(
        a.iter().map(|x| (x.0, x.1.as_str())).collect::<Vec<_>>(),
        vec![
            (10, "Setting min capacity to 9 and max capacity to 30."),
            (10, "Setting desired count to 9.")
        ]
    );
    assert_eq!(a[0].2, "scheduled action name morning was triggered");
    assert_eq!(sim.ecs_view().map(|v| v.desired), Some(9));
}

#[test]
fn c4_two_levels_service_then_capacity_provider_then_tasks_start() {
    let mut sim = sim(example("ecs-two-level-scaling.json"));
    let out = run_minutes(&mut sim, minutes(50));
    let first_service = service_decisions(&out)
        .iter()
        .find(|(_, x)| x.after > x.before)
        .map(|(m, _)| *m)
        .expect("the service scales out");
    // The new tasks wait in PROVISIONING, the reservation rises above 100 % ...
    let waiting = sim.ecs_samples()[first_service as usize..]
        .iter()
        .find(|s| s.provisioning > 0)
        .expect("tasks wait for capacity");
    assert!(waiting.capacity_provider_reservation.unwrap_or(0.0) > 100.0);
    // ... the group's managed scaling policy scales out ...
    let group_out = out
        .iter()
        .find_map(|o| match o {
            Output::PolicyDecision { t, decision }
                if decision.target == "autoScalingGroup/ecs-asg"
                    && decision.after > decision.before
                    && t.ms() / 60_000 >= first_service =>
            {
                Some(t.ms() / 60_000)
            }
            _ => None,
        })
        .expect("managed scaling adds instances");
    assert!(group_out > first_service);
    // ... and at the end every task the service wants runs.
    let view = sim.ecs_view().expect("an ECS run");
    let running = view
        .tasks
        .iter()
        .filter(|t| t.status == scaleout_core::ecs::task::TaskStatus::RUNNING)
        .count() as u32;
    assert_eq!(running, view.desired);
    assert!(view.desired > 4);
}

#[test]
fn c4_a_run_is_the_same_in_one_step_or_many() {
    let s = example("ecs-two-level-scaling.json");
    let until = minutes(120);
    let mut one = Sim::new(s.clone()).expect("valid");
    one.advance_to(until);
    let a: Vec<Output> = std::iter::from_fn(|| one.poll_output()).collect();
    let mut many = Sim::new(s).expect("valid");
    let mut t = SimTime::ZERO;
    let mut b = Vec::new();
    while t < until {
        t = t.plus_ms(7_000).min(until);
        many.advance_to(t);
        b.extend(std::iter::from_fn(|| many.poll_output()));
    }
    assert_eq!(a, b);
}

#[test]
fn c4_validation_names_the_field() {
    let bad = [
        (
            r#"{"min_capacity": 5, "max_capacity": 2}"#,
            "ecs.service.auto_scaling.min_capacity",
        ),
        (
            r#"{"policies": [{"name": "p", "kind": {"TargetTrackingScaling": {"metric": "CPUUtilization", "target_value": 50.0, "disable_scale_in": false}}}]}"#,
            "ecs.service.auto_scaling.policies[0].kind.TargetTrackingScaling.metric",
        ),
        (
            r#"{"scheduled_actions": [{"name": "s", "recurrence": "not cron", "min_capacity": 1}]}"#,
            "ecs.service.auto_scaling.scheduled_actions[0].recurrence",
        ),
    ];
    for (auto, path) in bad {
        let problems = Sim::new(fargate(100.0, auto, "[]")).err().expect("refused");
        assert!(
            problems.iter().any(|p| p.path == path),
            "{path}: {problems:?}"
        );
    }
    // An alarm may not invoke the service's target-tracking policy.
    let alarms = r#"[{"name": "a", "metric": "ECSServiceAverageCPUUtilization", "threshold": 1.0, "alarm_actions": ["cpu50"]}]"#;
    let problems = Sim::new(fargate(100.0, CPU50, alarms))
        .err()
        .expect("refused");
    assert!(problems
        .iter()
        .any(|p| p.path == "alarms[0].alarm_actions[0]"));
    // The kinds a scenario file may hold.
    assert!(matches!(
        scaleout_core::scenario::ServiceScalingPolicy::default().kind,
        ServicePolicyKind::TargetTrackingScaling { .. }
    ));
}
