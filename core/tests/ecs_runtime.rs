//! The ECS runtime driving the rule modules over time (C1 to C3, G7): named tests per rule on
//! the shipped `examples/ecs-*.json`, proptest invariants of rolling deployments, and
//! determinism (one call vs many steps).

mod common;

use common::{drain, example, run_minutes, sim};
use proptest::prelude::*;
use scaleout_core::alarm::{AlarmState, ComparisonOperator};
use scaleout_core::ecs::capacity::reservation_percent;
use scaleout_core::ecs::circuit_breaker::RolloutState;
use scaleout_core::ecs::output::EcsOutput;
use scaleout_core::ecs::rolling::{stuck_event, DeploymentConfiguration};
use scaleout_core::ecs::task::TaskStatus;
use scaleout_core::scenario::{
    Action, AlarmSpec, EcsSpec, ImageBehaviour, MetricName, TimedAction,
};
use scaleout_core::validate::validate;
use scaleout_core::{Output, Scenario, Sim, SimTime};

fn minutes(m: u64) -> SimTime {
    SimTime::from_secs(m * 60)
}

fn ecs_outputs(out: &[Output]) -> Vec<&EcsOutput> {
    out.iter()
        .filter_map(|o| match o {
            Output::Ecs(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn service_events(out: &[Output]) -> Vec<String> {
    ecs_outputs(out)
        .into_iter()
        .filter_map(|e| match e {
            EcsOutput::ServiceEvent { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

fn rollouts(out: &[Output]) -> Vec<(String, String, RolloutState)> {
    ecs_outputs(out)
        .into_iter()
        .filter_map(|e| match e {
            EcsOutput::DeploymentChanged {
                deployment_id,
                task_definition,
                rollout_state,
                ..
            } => Some((
                deployment_id.clone(),
                task_definition.clone(),
                *rollout_state,
            )),
            _ => None,
        })
        .collect()
}

/// The rolling-deploy example at a fixed desired count: without its service auto scaling and
/// under a steady 700 requests per second (the C1 and capacity provider tests count tasks).
fn rolling_fixed() -> Scenario {
    let mut s = example("ecs-rolling-deploy.json");
    if let Some(e) = s.ecs.as_mut() {
        e.service.auto_scaling = None;
    }
    s.load.pattern = scaleout_core::scenario::LoadPattern::Steady { rps: 700.0 };
    s
}

/// A small Fargate service (no load balancer, no health check) for the property tests.
fn fargate(desired: u32, min: u32, max: u32, deploy_at_s: u64) -> Scenario {
    let mut s = example("ecs-circuit-breaker.json");
    let e = s.ecs.as_mut().expect("an ECS example");
    e.task_definitions[1].behaviour = ImageBehaviour::Healthy;
    e.service.desired_count = desired;
    e.service.deployment_configuration.minimum_healthy_percent = min;
    e.service.deployment_configuration.maximum_percent = max;
    e.service.deployment_configuration.circuit_breaker.enable = false;
    s.actions = vec![TimedAction {
        at_ms: deploy_at_s * 1000,
        action: Action::UpdateService {
            task_definition: Some("web:2".into()),
            desired_count: None,
        },
    }];
    s
}

// ----- C1: rolling deployments -----------------------------------------------------------

#[test]
fn c1_rolling_deploy_replaces_every_task_and_reaches_steady_state() {
    let mut sim = sim(rolling_fixed());
    let out = run_minutes(&mut sim, minutes(60));
    let r = rollouts(&out);
    assert!(r.contains(&(
        "ecs-svc/0000000000000000002".into(),
        "web:2".into(),
        RolloutState::COMPLETED
    )));
    let ev = service_events(&out);
    assert!(ev
        .iter()
        .any(|e| e.starts_with("(service web) has started 8 tasks: (task task-0009)")));
    assert_eq!(
        ev.iter()
            .filter(|e| *e == "(service web) has reached a steady state.")
            .count(),
        2,
        "{ev:#?}"
    );
    let view = sim.ecs_view().expect("an ECS run");
    assert_eq!(view.tasks.len(), 8);
    assert!(view
        .tasks
        .iter()
        .all(|t| t.task_definition == "web:2" && t.status == TaskStatus::RUNNING));
    // Every task runs on an InService instance of the group.
    let instances: Vec<String> = sim.instances().iter().map(|i| i.id.to_string()).collect();
    assert!(view.tasks.iter().all(|t| t
        .container_instance
        .as_ref()
        .is_some_and(|i| instances.contains(i))));
}

#[test]
fn c1_stuck_configuration_reports_the_service_event_once() {
    // min 100 %, max 100 %, desired 2: neither a stop nor a start is allowed (C1).
    let mut s = fargate(2, 100, 100, 300);
    s.ecs.as_mut().expect("ecs").service.desired_count = 2;
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, minutes(20));
    let stuck: Vec<String> = service_events(&out)
        .into_iter()
        .filter(|e| *e == stuck_event("web"))
        .collect();
    assert_eq!(stuck.len(), 1);
    assert!(DeploymentConfiguration {
        minimum_healthy_percent: 100,
        maximum_percent: 100
    }
    .is_stuck(2));
}

#[test]
fn c1_task_lifecycle_goes_forward_with_aws_reasons() {
    let mut sim = sim(rolling_fixed());
    let out = run_minutes(&mut sim, minutes(45));
    let mut last: std::collections::BTreeMap<String, TaskStatus> = Default::default();
    for e in ecs_outputs(&out) {
        if let EcsOutput::TaskStateChanged {
            task_id,
            from,
            to,
            stopped_reason,
            ..
        } = e
        {
            assert_eq!(from.as_ref(), last.get(task_id), "{task_id}");
            assert!(
                from.is_none_or(|f| f < *to),
                "{task_id}: {from:?} -> {to:?}"
            );
            if *to == TaskStatus::DEACTIVATING {
                // Behind a target group a stopping task drains first.
                assert_eq!(
                    stopped_reason.as_deref(),
                    Some("Scaling activity initiated by (deployment ecs-svc/0000000000000000002)")
                );
            }
            last.insert(task_id.clone(), *to);
        }
    }
    assert!(last.values().any(|s| *s == TaskStatus::STOPPED));
}

// ----- C2: the circuit breaker -------------------------------------------------------------

#[test]
fn c2_broken_image_fails_the_deployment_and_rolls_back() {
    let mut sim = sim(example("ecs-circuit-breaker.json"));
    let out = run_minutes(&mut sim, minutes(30));
    let ev = service_events(&out);
    assert!(ev.contains(&"(service web) deployment failed: tasks failed to start.".to_string()));
    assert!(ev.contains(
        &"(service web) rolling back to deployment ecs-svc/0000000000000000001.".to_string()
    ));
    let r = rollouts(&out);
    assert!(r.contains(&(
        "ecs-svc/0000000000000000002".into(),
        "web:2".into(),
        RolloutState::FAILED
    )));
    assert_eq!(
        r.last(),
        Some(&(
            "ecs-svc/0000000000000000003".into(),
            "web:1".into(),
            RolloutState::COMPLETED
        ))
    );
    // The threshold of a 6-task service is 10 (G7: clamp(ceil(0.5 x 6), 10, 200)): ten tasks
    // failed to start before the breaker tripped.
    let failed = ecs_outputs(&out)
        .into_iter()
        .filter(|e| {
            matches!(e, EcsOutput::TaskStateChanged { to: TaskStatus::STOPPING, stopped_reason: Some(r), .. }
                if r.starts_with("CannotPullContainerError"))
        })
        .count();
    assert!(failed >= 10, "{failed}");
    let view = sim.ecs_view().expect("ecs");
    assert_eq!(view.tasks.len(), 6);
    assert!(view.tasks.iter().all(|t| t.task_definition == "web:1"));
    // The old tasks kept serving: the service never lost its traffic.
    assert!(sim.ecs_samples().iter().skip(3).all(|s| s.serving >= 6));
}

#[test]
fn c2_failing_health_checks_count_in_stage_two() {
    let mut s = example("ecs-circuit-breaker.json");
    let e = s.ecs.as_mut().expect("ecs");
    e.task_definitions[1].behaviour = ImageBehaviour::FailsHealthChecks;
    e.task_definitions[1].health_check = Some(Default::default());
    e.service.deployment_configuration.circuit_breaker.rollback = false;
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, minutes(60));
    let ev = service_events(&out);
    assert!(
        ev.contains(&"(service web) deployment failed: tasks failed health checks.".to_string()),
        "{ev:#?}"
    );
    assert!(ecs_outputs(&out).iter().any(|e| matches!(e,
        EcsOutput::TaskStateChanged { stopped_reason: Some(r), .. } if r == "Task failed container health checks")));
    // No rollback: the FAILED deployment launches no new tasks; the old ones keep running.
    let view = sim.ecs_view().expect("ecs");
    assert_eq!(view.deployments[0].rollout_state, RolloutState::FAILED);
    assert!(view
        .tasks
        .iter()
        .filter(|t| t.status <= TaskStatus::RUNNING)
        .all(|t| t.task_definition == "web:1"));
}

// ----- C3: blue/green through CodeDeploy ---------------------------------------------------

#[test]
fn c3_canary_walks_the_hooks_in_order_shifts_traffic_and_deletes_the_original() {
    let mut sim = sim(example("ecs-blue-green-canary.json"));
    let out = run_minutes(&mut sim, minutes(40));
    let events: Vec<(String, String)> = ecs_outputs(&out)
        .into_iter()
        .filter_map(|e| match e {
            EcsOutput::CodeDeployEvent {
                lifecycle_event,
                status,
                ..
            } => Some((lifecycle_event.clone(), status.clone())),
            _ => None,
        })
        .collect();
    let succeeded: Vec<&str> = events
        .iter()
        .filter(|(_, s)| s == "Succeeded")
        .map(|(e, _)| e.as_str())
        .collect();
    let order: Vec<&str> = scaleout_core::ecs::blue_green::LIFECYCLE
        .iter()
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(succeeded, order);
    let shifts: Vec<(u64, u32)> = ecs_outputs(&out)
        .into_iter()
        .filter_map(|e| match e {
            EcsOutput::TrafficShifted {
                t, green_percent, ..
            } => Some((t.ms(), *green_percent)),
            _ => None,
        })
        .collect();
    assert_eq!(shifts.len(), 2, "{shifts:?}");
    assert_eq!(shifts[0].1, 10);
    assert_eq!(shifts[1].1, 100);
    // ECSCanary10Percent5Minutes: the rest five minutes after the first 10 %.
    assert_eq!(shifts[1].0 - shifts[0].0, 5 * 60_000);
    // The scaling event during the shift (desired 4 -> 6) resized both task sets, and the
    // deployment still succeeded (steady again within 5 minutes).
    let ev = service_events(&out);
    assert!(ev.iter().any(
        |e| e.starts_with("(service web, taskSet ecs-svc/0000000000000000001) has started 2 tasks")
    ));
    assert!(ev.iter().any(
        |e| e.starts_with("(service web, taskSet ecs-svc/0000000000000000002) has started 2 tasks")
    ));
    // The original task set was stopped after the 10-minute termination wait.
    let stop_at = ecs_outputs(&out)
        .into_iter()
        .find_map(|e| match e {
            EcsOutput::TaskStateChanged {
                t,
                task_definition,
                to: TaskStatus::DEACTIVATING,
                ..
            } if task_definition == "web:1" => Some(t.ms()),
            _ => None,
        })
        .expect("the original task set drains");
    assert_eq!(stop_at - shifts[1].0, 10 * 60_000);
    let view = sim.ecs_view().expect("ecs");
    assert_eq!(view.tasks.len(), 6);
    assert!(view.tasks.iter().all(|t| t.task_definition == "web:2"));
}

#[test]
fn c3_a_failing_hook_rolls_traffic_back_and_deletes_the_replacement() {
    let mut s = example("ecs-blue-green-canary.json");
    let e = s.ecs.as_mut().expect("ecs");
    e.service.code_deploy.hooks[0].event = "AfterAllowTraffic".into();
    e.service.code_deploy.hooks[0].succeeds = false;
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, minutes(40));
    let failed: Vec<&EcsOutput> = ecs_outputs(&out)
        .into_iter()
        .filter(|e| matches!(e, EcsOutput::CodeDeployEvent { status, .. } if status == "Failed"))
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(
        matches!(failed[0], EcsOutput::CodeDeployEvent { lifecycle_event, .. } if lifecycle_event == "AfterAllowTraffic")
    );
    let last_shift = ecs_outputs(&out).into_iter().rev().find_map(|e| match e {
        EcsOutput::TrafficShifted { green_percent, .. } => Some(*green_percent),
        _ => None,
    });
    assert_eq!(last_shift, Some(0));
    let view = sim.ecs_view().expect("ecs");
    assert!(view.tasks.iter().all(|t| t.task_definition == "web:1"));
    assert_eq!(view.tasks.len(), 6);
}

#[test]
fn c3_scaling_without_steady_state_within_five_minutes_fails_the_deployment() {
    // A 30-minute linear shift, and tasks that take 400 s to provision: a scaling event
    // during the shift leaves the task sets short for more than 5 minutes (C3).
    let mut s = example("ecs-blue-green-canary.json");
    let e = s.ecs.as_mut().expect("ecs");
    e.service.code_deploy.deployment_config_name =
        "CodeDeployDefault.ECSLinear10PercentEvery3Minutes".into();
    e.assumptions.fargate_provisioning_s = 400;
    s.actions[1].at_ms = 1_500_000;
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, minutes(45));
    let cd: Vec<(String, String)> = ecs_outputs(&out)
        .into_iter()
        .filter_map(|e| match e {
            EcsOutput::CodeDeployEvent {
                lifecycle_event,
                status,
                ..
            } => Some((lifecycle_event.clone(), status.clone())),
            _ => None,
        })
        .collect();
    assert!(
        cd.contains(&("AllowTraffic".into(), "Failed".into())),
        "{cd:?}"
    );
    let view = sim.ecs_view().expect("ecs");
    assert_eq!(view.green_percent, 0);
    assert!(view
        .tasks
        .iter()
        .filter(|t| t.status <= TaskStatus::RUNNING)
        .all(|t| t.task_definition == "web:1"));
}

// ----- Capacity providers: CapacityProviderReservation and managed scaling ----------------

#[test]
fn capacity_provider_reservation_drives_the_groups_target_tracking_policy() {
    let mut sim = sim(rolling_fixed());
    let out = run_minutes(&mut sim, minutes(40));
    // The deploy's extra tasks wait in PROVISIONING: M = 2 + 2 needed, N = 2 -> 200 %.
    let during: Vec<f64> = sim.ecs_samples()[31..33]
        .iter()
        .filter_map(|s| s.capacity_provider_reservation)
        .collect();
    assert_eq!(during, vec![reservation_percent(4, 2); 2]);
    assert!(sim.ecs_samples()[31].provisioning == 8);
    // The managed scaling policy (target tracking on the metric) scaled the group out.
    let decisions: Vec<String> = out
        .iter()
        .filter_map(|o| match o {
            Output::PolicyDecision { decision, .. }
                if decision.policy.starts_with("ECSManagedAutoScalingPolicy-") =>
            {
                Some(decision.text())
            }
            _ => None,
        })
        .collect();
    assert!(decisions
        .iter()
        .any(|d| d.contains("Metric 200.00 > target 100") && d.contains("desired 2 -> 4")));
    assert!(sim
        .alarm_specs()
        .iter()
        .any(|a| a.metric == MetricName::CapacityProviderReservation));
}

#[test]
fn managed_termination_protection_keeps_instances_with_tasks() {
    let mut sim = sim(rolling_fixed());
    let out = run_minutes(&mut sim, minutes(70));
    // The group scaled in twice (3 -> 2 at 16 min, 4 -> 2 at 56 min) and terminated only empty
    // instances: no task was ever stopped because its host went away.
    assert!(!ecs_outputs(&out).iter().any(|e| matches!(e,
        EcsOutput::TaskStateChanged { stopped_reason: Some(r), .. } if r.starts_with("Host EC2"))));
    assert_eq!(sim.sizes().desired, 2);
    let view = sim.ecs_view().expect("ecs");
    for i in sim.instances() {
        let runs_tasks = view
            .tasks
            .iter()
            .any(|t| t.container_instance.as_deref() == Some(i.id.as_str()));
        assert_eq!(i.protected_from_scale_in, runs_tasks, "{}", i.id);
    }
}

#[test]
fn service_metrics_are_published_to_cloudwatch() {
    // A user alarm on the service's CPU sees the ECS side's datapoints.
    let mut s = example("ecs-circuit-breaker.json");
    s.alarms = vec![AlarmSpec {
        name: "web-cpu-high".into(),
        metric: MetricName::ECSServiceAverageCPUUtilization,
        threshold: 80.0,
        comparison_operator: ComparisonOperator::GreaterThanThreshold,
        evaluation_periods: 3,
        ..AlarmSpec::default()
    }];
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, minutes(10));
    assert!(
        out.iter().any(|o| matches!(o,
        Output::AlarmStateChanged { alarm, to: AlarmState::Alarm, .. } if alarm == "web-cpu-high"))
    );
    let last = sim.ecs_samples().last().copied().expect("samples");
    // 6 tasks of 256 CPU units serve 50 rps each at 100 % (rps_per_vcpu 200): ~300 rps.
    assert!(last.cpu_pct > 90.0, "{last:?}");
    assert_eq!(last.running, 6);
}

// ----- Validation -------------------------------------------------------------------------

#[test]
fn validation_names_the_path_and_uses_aws_wording() {
    let mut s = example("ecs-circuit-breaker.json");
    s.ecs.as_mut().expect("ecs").service.task_definition = "web:9".into();
    let p = validate(&s);
    assert!(p.iter().any(|p| p.path == "ecs.service.task_definition"
        && p.message == "TaskDefinition not found: web:9."));
    let mut s = example("ecs-blue-green-canary.json");
    s.ecs
        .as_mut()
        .expect("ecs")
        .service
        .code_deploy
        .deployment_config_name = "CodeDeployDefault.ECSCanary99".into();
    let p = validate(&s);
    assert!(p
        .iter()
        .any(|p| p.path == "ecs.service.code_deploy.deployment_config_name"));
    let mut s = rolling_fixed();
    s.ecs.as_mut().expect("ecs").task_definitions[0].memory_mib = 8192;
    let p = validate(&s);
    assert!(p
        .iter()
        .any(|p| p.path == "ecs.task_definitions[0].cpu_units"));
}

#[test]
fn an_ec2_scenario_has_no_ecs_side() {
    let s = example("target-tracking.json");
    assert_eq!(s.ecs, None);
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, minutes(30));
    assert!(ecs_outputs(&out).is_empty());
    assert!(sim.ecs_view().is_none());
    assert_eq!(EcsSpec::default().service.desired_count, 2);
}

// ----- Live actions and determinism -------------------------------------------------------

#[test]
fn live_deploy_through_apply_matches_the_scenario_timeline() {
    let timeline = example("ecs-circuit-breaker.json");
    let mut live = timeline.clone();
    let deploy = live.actions.remove(0);
    let mut a = sim(timeline);
    let mut b = sim(live);
    let mut out_a = run_minutes(&mut a, SimTime(deploy.at_ms));
    let mut out_b = run_minutes(&mut b, SimTime(deploy.at_ms));
    b.apply(deploy.action.clone());
    out_a.extend(run_minutes(&mut a, minutes(30)));
    out_b.extend(run_minutes(&mut b, minutes(30)));
    assert_eq!(format!("{out_a:?}"), format!("{out_b:?}"));
    assert_eq!(format!("{:?}", a.ecs_view()), format!("{:?}", b.ecs_view()));
}

fn fingerprint(sim: &Sim, out: &[Output]) -> String {
    format!(
        "{out:?}\n{:?}\n{:?}\n{:?}",
        sim.ecs_samples(),
        sim.ecs_view(),
        sim.samples()
    )
}

#[test]
fn every_ecs_example_is_the_same_in_one_call_and_in_small_steps() {
    for file in [
        "ecs-rolling-deploy.json",
        "ecs-circuit-breaker.json",
        "ecs-blue-green-canary.json",
        "ecs-two-level-scaling.json",
    ] {
        let until = minutes(90);
        let mut one = sim(example(file));
        one.advance_to(until);
        let out_one = drain(&mut one);
        let mut many = sim(example(file));
        let mut out_many = drain(&mut many);
        let mut t = 0;
        let mut k = 0u64;
        while t < until.ms() {
            k += 1;
            t = (t + 1 + (k * 7_919) % 23_000).min(until.ms());
            many.advance_to(SimTime(t));
            out_many.extend(drain(&mut many));
        }
        assert_eq!(
            fingerprint(&one, &out_one),
            fingerprint(&many, &out_many),
            "{file}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// C1 invariants of a rolling deployment, checked at every scheduler tick: tasks counting
    /// toward maximum (PROVISIONING to RUNNING) never exceed floor(desired x max / 100), and once
    /// the service was steady, the tasks that count as healthy never drop below
    /// ceil(desired x min / 100).
    #[test]
    fn c1_rolling_deployment_stays_within_its_bounds(
        desired in 1u32..12,
        min in 0u32..=100,
        max in 100u32..=200,
        deploy_at_s in 120u64..600,
    ) {
        let s = fargate(desired, min, max, deploy_at_s);
        let cfg = DeploymentConfiguration { minimum_healthy_percent: min, maximum_percent: max };
        let mut sim = sim(s);
        let mut t = 0;
        let mut steady = false;
        while t < 30 * 60_000 {
            t += 5_000;
            sim.advance_to(SimTime(t));
            let out = drain(&mut sim);
            steady |= service_events(&out).iter().any(|e| e.ends_with("has reached a steady state."));
            let v = sim.ecs_view().expect("ecs");
            let live = v.tasks.iter().filter(|x| x.status.counts_toward_maximum()).count() as u32;
            let healthy = v.tasks.iter().filter(|x| x.counts_as_healthy).count() as u32;
            // Before the first steady state the service is still starting (AWS allows it).
            if t >= deploy_at_s * 1000 {
                prop_assert!(live <= cfg.max_tasks(desired).max(desired), "t={t} live={live}");
            }
            if steady {
                prop_assert!(healthy >= cfg.min_healthy_tasks(desired), "t={t} healthy={healthy}");
            }
        }
    }
}
