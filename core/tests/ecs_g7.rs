//! Appendix G7 (ECS numerics) and the C1-C4 rules as named tests, with proptest invariants of
//! the rolling-update arithmetic.

use proptest::prelude::*;
use scaleout_core::ecs::blue_green::{self, TrafficRouting};
use scaleout_core::ecs::capacity::{self, ManagedScaling, Resources};
use scaleout_core::ecs::circuit_breaker::{
    threshold, CircuitBreakerConfig, Outcome, Rollout, RolloutState, ThresholdModel,
};
use scaleout_core::ecs::placement::{place, Instance, Strategy};
use scaleout_core::ecs::rolling::{self, Counts, DeploymentConfiguration};
use scaleout_core::ecs::service_autoscaling;
use scaleout_core::ecs::task::{
    can_transition, counts_as_healthy, HealthRules, HealthStatus, StopCode, StopReason,
    TaskHealthView, TaskStatus,
};
use scaleout_core::ecs::task_definition::{HealthCheck, Registry, TaskDefinitionSpec};

fn cfg(min: u32, max: u32) -> DeploymentConfiguration {
    DeploymentConfiguration {
        minimum_healthy_percent: min,
        maximum_percent: max,
    }
}

// ---- G7 rolling goldens (C1) ----------------------------------------------------------------

#[test]
fn g7_rolling_min_50_max_200_desired_4_stops_2_starts_4() {
    assert_eq!(cfg(50, 200).room(4), (2, 4));
}

#[test]
fn g7_rolling_min_75_desired_2_rounds_up_and_stops_none() {
    let c = cfg(75, 200);
    assert_eq!(c.min_healthy_tasks(2), 2); // ceil(1.5)
    assert_eq!(c.room(2).0, 0);
}

#[test]
fn g7_rolling_max_125_desired_3_rounds_down_and_starts_none() {
    let c = cfg(100, 125);
    assert_eq!(c.max_tasks(3), 3); // floor(3.75)
    assert_eq!(c.room(3).1, 0);
}

#[test]
fn c1_defaults_are_100_and_200_for_replica_and_0_100_for_daemon() {
    assert_eq!(DeploymentConfiguration::default(), cfg(100, 200));
    assert_eq!(DeploymentConfiguration::daemon_default(), cfg(0, 100));
}

#[test]
fn c1_neither_start_nor_stop_is_stuck_with_the_service_event() {
    let c = cfg(75, 125);
    assert!(c.is_stuck(2)); // min ceil(1.5)=2, max floor(2.5)=2
    assert!(!cfg(50, 100).is_stuck(2));
    assert_eq!(
        rolling::stuck_event("web"),
        "(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."
    );
}

#[test]
fn c1_next_step_from_steady_state() {
    // 50/200 at 4: start 4 new and stop 2 old at once.
    let s = rolling::next_step(
        &cfg(50, 200),
        4,
        Counts {
            old_total: 4,
            old_healthy: 4,
            new_total: 0,
            new_healthy: 0,
        },
    );
    assert_eq!((s.start_new, s.stop_old), (4, 2));
    // 100/200: start all 4 new, stop nothing until they are healthy.
    let s = rolling::next_step(
        &cfg(100, 200),
        4,
        Counts {
            old_total: 4,
            old_healthy: 4,
            new_total: 0,
            new_healthy: 0,
        },
    );
    assert_eq!((s.start_new, s.stop_old), (4, 0));
    // Then with the 4 new healthy: stop every old one.
    let s = rolling::next_step(
        &cfg(100, 200),
        4,
        Counts {
            old_total: 4,
            old_healthy: 4,
            new_total: 4,
            new_healthy: 4,
        },
    );
    assert_eq!((s.start_new, s.stop_old), (0, 4));
}

/// Runs a whole rolling deployment where each started task becomes healthy on the next step.
/// Returns the per-step (running+pending, healthy) after each step's changes.
fn simulate(c: &DeploymentConfiguration, desired: u32) -> Option<Vec<(u32, u32)>> {
    let mut k = Counts {
        old_total: desired,
        old_healthy: desired,
        new_total: 0,
        new_healthy: 0,
    };
    let mut trace = Vec::new();
    for _ in 0..(4 * desired + 4) {
        if rolling::is_complete(desired, k) {
            return Some(trace);
        }
        // New tasks started in the previous step are healthy now.
        k.new_healthy = k.new_total;
        let s = rolling::next_step(c, desired, k);
        // Stop unhealthy old first (none here), then healthy.
        k.old_total -= s.stop_old;
        k.old_healthy = k.old_healthy.min(k.old_total);
        k.new_total += s.start_new;
        trace.push((k.old_total + k.new_total, k.old_healthy + k.new_healthy));
    }
    None
}

proptest! {
    #[test]
    fn c1_rolling_never_above_maximum_nor_below_minimum(desired in 1u32..40, min in 0u32..=100, max in 100u32..=200) {
        let c = cfg(min, max);
        prop_assume!(!c.is_stuck(desired));
        let trace = simulate(&c, desired);
        prop_assert!(trace.is_some(), "deployment did not finish");
        for (total, healthy) in trace.unwrap_or_default() {
            prop_assert!(total <= c.max_tasks(desired).max(desired));
            prop_assert!(healthy >= c.min_healthy_tasks(desired).min(desired));
        }
    }

    #[test]
    fn c1_rolling_is_deterministic(desired in 1u32..40, min in 0u32..=100, max in 100u32..=200) {
        let c = cfg(min, max);
        prop_assert_eq!(simulate(&c, desired), simulate(&c, desired));
    }
}

// ---- C1 task health and lifecycle -----------------------------------------------------------

fn view(target: Option<bool>, check: bool, container: HealthStatus) -> TaskHealthView {
    TaskHealthView {
        status: TaskStatus::RUNNING,
        running_since_ms: Some(1_000),
        has_container_health_check: check,
        container_health: container,
        target_healthy: target,
    }
}

#[test]
fn c1_no_lb_no_check_healthy_40s_after_running() {
    let v = view(None, false, HealthStatus::UNKNOWN);
    assert!(!counts_as_healthy(&v, HealthRules::default(), 40_999));
    assert!(counts_as_healthy(&v, HealthRules::default(), 41_000));
}

#[test]
fn c1_container_check_decides_without_lb() {
    assert!(counts_as_healthy(
        &view(None, true, HealthStatus::HEALTHY),
        HealthRules::default(),
        2_000
    ));
    assert!(!counts_as_healthy(
        &view(None, true, HealthStatus::UNKNOWN),
        HealthRules::default(),
        900_000
    ));
}

#[test]
fn c1_target_group_decides_with_lb_and_container_check_too() {
    assert!(counts_as_healthy(
        &view(Some(true), false, HealthStatus::UNKNOWN),
        HealthRules::default(),
        2_000
    ));
    assert!(!counts_as_healthy(
        &view(Some(false), false, HealthStatus::UNKNOWN),
        HealthRules::default(),
        2_000
    ));
    assert!(!counts_as_healthy(
        &view(Some(true), true, HealthStatus::UNHEALTHY),
        HealthRules::default(),
        2_000
    ));
}

#[test]
fn c1_task_lifecycle_moves_forward_only() {
    use TaskStatus::*;
    for (a, b) in [
        (PROVISIONING, PENDING),
        (PENDING, ACTIVATING),
        (PENDING, RUNNING),
        (ACTIVATING, RUNNING),
        (RUNNING, DEACTIVATING),
        (RUNNING, STOPPING),
        (DEACTIVATING, STOPPING),
        (STOPPING, DEPROVISIONING),
        (STOPPING, STOPPED),
        (DEPROVISIONING, STOPPED),
        (PROVISIONING, STOPPING),
    ] {
        assert!(can_transition(a, b), "{a:?} -> {b:?}");
    }
    for (a, b) in [
        (RUNNING, PENDING),
        (STOPPED, RUNNING),
        (PENDING, STOPPED),
        (PENDING, DEACTIVATING),
    ] {
        assert!(!can_transition(a, b), "{a:?} -> {b:?}");
    }
    assert!(PENDING.counts_toward_maximum() && RUNNING.counts_toward_maximum());
    assert!(!STOPPING.counts_toward_maximum());
}

#[test]
fn c1_stop_reasons_in_aws_wording() {
    let r = StopReason::ScalingActivity {
        deployment_id: "ecs-svc/1234567890123456789".into(),
    };
    assert_eq!(
        r.text(),
        "Scaling activity initiated by (deployment ecs-svc/1234567890123456789)"
    );
    assert_eq!(r.stop_code(), StopCode::ServiceSchedulerInitiated);
    assert_eq!(
        StopReason::EssentialContainerExited.text(),
        "Essential container in task exited"
    );
    assert_eq!(
        StopReason::EssentialContainerExited.stop_code(),
        StopCode::EssentialContainerExited
    );
    assert_eq!(
        StopReason::ElbHealthChecks { target_group_arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc".into() }.text(),
        "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc)"
    );
    assert_eq!(
        StopReason::CannotPullContainer {
            image: "web:bad".into()
        }
        .stop_code(),
        StopCode::TaskFailedToStart
    );
}

#[test]
fn c1_task_definitions_are_immutable_revisions() {
    let mut reg = Registry::default();
    let spec = TaskDefinitionSpec {
        image: "web:1".into(),
        cpu_units: 256,
        memory_mib: 512,
        health_check: None,
    };
    assert_eq!(reg.register("web", spec.clone()).as_deref(), Ok("web:1"));
    let spec2 = TaskDefinitionSpec {
        image: "web:2".into(),
        ..spec.clone()
    };
    assert_eq!(reg.register("web", spec2).as_deref(), Ok("web:2"));
    assert_eq!(
        reg.get("web:1").map(|t| t.spec.image.as_str()),
        Some("web:1")
    );
    assert_eq!(reg.get("web").map(|t| t.revision), Some(2));
    reg.deregister("web:2").expect("exists");
    assert_eq!(reg.get("web").map(|t| t.revision), Some(1));
    // A deregistered number is never reused.
    assert_eq!(reg.register("web", spec.clone()).as_deref(), Ok("web:3"));
    assert!(reg.register("bad name", spec).is_err());
    assert!(reg.deregister("web:x").is_err());
}

#[test]
fn c1_health_check_defaults_and_timings() {
    let h = HealthCheck::default();
    assert_eq!(
        (
            h.interval_seconds,
            h.timeout_seconds,
            h.retries,
            h.start_period_seconds
        ),
        (30, 5, 3, 0)
    );
    assert_eq!(h.unhealthy_after_ms(), 90_000);
    let h = HealthCheck {
        start_period_seconds: 60,
        ..HealthCheck::default()
    };
    assert_eq!(h.unhealthy_after_ms(), 120_000);
    assert!(HealthCheck {
        interval_seconds: 1,
        ..HealthCheck::default()
    }
    .validate()
    .is_err());
}

// ---- G7 circuit breaker (C2) ----------------------------------------------------------------

#[test]
fn g7_circuit_breaker_threshold_goldens() {
    for (desired, want) in [(1, 10), (25, 13), (400, 200), (800, 200)] {
        assert_eq!(
            threshold(desired, ThresholdModel::Classic),
            want,
            "desired {desired}"
        );
    }
    // The current API reference's minimum of 3 (a model parameter).
    assert_eq!(threshold(1, ThresholdModel::Current), 3);
    assert_eq!(threshold(25, ThresholdModel::Current), 13);
}

fn breaker(rollback: bool) -> Rollout {
    let config = CircuitBreakerConfig {
        enable: true,
        rollback,
        ..CircuitBreakerConfig::default()
    };
    let mut r = Rollout::steady("web", "ecs-svc/1", "web:1", 4, config);
    r.start("ecs-svc/2", "web:2", 4);
    r
}

#[test]
fn c2_broken_image_fails_after_threshold_and_rolls_back_to_last_completed() {
    let mut r = breaker(true);
    assert_eq!(r.primary.rollout_state, RolloutState::IN_PROGRESS);
    for _ in 0..9 {
        assert_eq!(r.task_failed(1), Outcome::Continue);
    }
    assert_eq!(
        r.task_failed(1),
        Outcome::RollBack {
            to_task_definition: "web:1".into()
        }
    );
    assert_eq!(r.primary.rollout_state, RolloutState::FAILED);
    assert_eq!(
        r.events[0],
        "(service web) deployment failed: tasks failed to start."
    );
    assert_eq!(
        r.events[1],
        "(service web) rolling back to deployment ecs-svc/1."
    );
    // A FAILED deployment counts nothing more.
    assert_eq!(r.task_failed(1), Outcome::Continue);
}

#[test]
fn c2_without_rollback_the_deployment_just_fails() {
    let mut r = breaker(false);
    let mut last = Outcome::Continue;
    for _ in 0..10 {
        last = r.task_failed(2);
    }
    assert_eq!(last, Outcome::Failed);
}

#[test]
fn c2_stage_two_ignores_start_failures_and_healthy_task_resets() {
    let mut r = breaker(true);
    r.task_running();
    for _ in 0..20 {
        assert_eq!(r.task_failed(1), Outcome::Continue);
    }
    for _ in 0..9 {
        r.task_failed(2);
    }
    r.task_healthy(); // resetOnHealthyTask (default true)
    assert_eq!(r.primary.failed_tasks, 0);
}

#[test]
fn c2_steady_state_completes_and_becomes_the_rollback_target() {
    let mut r = breaker(true);
    assert_eq!(r.steady_state(), Outcome::Completed);
    assert_eq!(r.primary.rollout_state, RolloutState::COMPLETED);
    assert_eq!(
        r.last_completed
            .as_ref()
            .map(|d| d.task_definition.as_str()),
        Some("web:2")
    );
    assert_eq!(
        r.events.last().map(String::as_str),
        Some("(service web) has reached a steady state.")
    );
    r.start("ecs-svc/3", "web:3", 4);
    let mut out = Outcome::Continue;
    for _ in 0..10 {
        out = r.task_failed(1);
    }
    assert_eq!(
        out,
        Outcome::RollBack {
            to_task_definition: "web:2".into()
        }
    );
}

#[test]
fn c2_disabled_breaker_never_fails() {
    let mut r = Rollout::steady(
        "web",
        "ecs-svc/1",
        "web:1",
        1,
        CircuitBreakerConfig::default(),
    );
    r.start("ecs-svc/2", "web:2", 1);
    for _ in 0..100 {
        assert_eq!(r.task_failed(1), Outcome::Continue);
    }
}

#[test]
fn c2_stop_reasons_map_to_breaker_stages() {
    assert_eq!(
        StopReason::CannotPullContainer { image: "x".into() }.circuit_breaker_stage(false),
        Some(1)
    );
    assert_eq!(
        StopReason::EssentialContainerExited.circuit_breaker_stage(false),
        Some(1)
    );
    assert_eq!(
        StopReason::EssentialContainerExited.circuit_breaker_stage(true),
        Some(2)
    );
    assert_eq!(
        StopReason::ContainerHealthChecks.circuit_breaker_stage(true),
        Some(2)
    );
    assert_eq!(StopReason::UserInitiated.circuit_breaker_stage(true), None);
}

// ---- capacity providers and placement -------------------------------------------------------

#[test]
fn capacity_provider_reservation_is_m_over_n_with_special_cases() {
    assert_eq!(capacity::reservation_percent(3, 4), 75.0);
    assert_eq!(capacity::reservation_percent(5, 4), 125.0);
    assert_eq!(capacity::reservation_percent(2, 0), 200.0);
    assert_eq!(capacity::reservation_percent(0, 0), 100.0);
}

#[test]
fn capacity_instances_needed_binpacks_provisioning_tasks() {
    let size = Resources {
        cpu_units: 2048,
        memory_mib: 4096,
    };
    let task = Resources {
        cpu_units: 512,
        memory_mib: 1024,
    };
    // 2 non-empty instances, 9 waiting tasks, 4 per instance → 3 more.
    assert_eq!(capacity::instances_needed(2, &[task; 9], size), Ok(5));
    assert!(capacity::instances_needed(
        0,
        &[Resources {
            cpu_units: 4096,
            memory_mib: 1
        }],
        size
    )
    .is_err());
}

#[test]
fn capacity_target_tracking_desired_instances() {
    let s = ManagedScaling::default();
    assert_eq!(capacity::desired_instances(5, 2, &s), 5);
    assert_eq!(capacity::desired_instances(0, 3, &s), 0);
    let s80 = ManagedScaling {
        target_capacity: 80,
        ..ManagedScaling::default()
    };
    assert_eq!(capacity::desired_instances(8, 8, &s80), 10); // ceil(8 × 100 / 80)
    let stepped = ManagedScaling {
        maximum_scaling_step_size: 2,
        ..ManagedScaling::default()
    };
    assert_eq!(capacity::desired_instances(10, 2, &stepped), 4);
    assert!(ManagedScaling {
        target_capacity: 0,
        ..ManagedScaling::default()
    }
    .validate()
    .is_err());
}

fn inst(id: &str, az: &str, mem: u32, tasks: u32) -> Instance {
    Instance {
        id: id.into(),
        availability_zone: az.into(),
        remaining_cpu_units: 4096,
        remaining_memory_mib: mem,
        service_tasks: tasks,
    }
}

#[test]
fn placement_spread_az_then_binpack_memory() {
    let fleet = [
        inst("i-1", "us-east-1a", 3000, 2),
        inst("i-2", "us-east-1b", 3000, 1),
        inst("i-3", "us-east-1b", 1500, 0),
    ];
    // AZ b has fewer service tasks (1 vs 2); inside it binpack picks the fuller instance.
    assert_eq!(
        place(
            "web",
            &fleet,
            256,
            1024,
            &[Strategy::SpreadAz, Strategy::BinpackMemory]
        )
        .as_deref(),
        Ok("i-3")
    );
    assert_eq!(
        place("web", &fleet, 256, 1024, &[Strategy::BinpackMemory]).as_deref(),
        Ok("i-3")
    );
    let err = place("web", &fleet, 256, 8192, &[Strategy::SpreadAz]).expect_err("no room");
    assert!(err.starts_with("(service web) was unable to place a task because no container instance met all of its requirements."));
    assert!(err.contains("insufficient memory"));
}

// ---- C3 blue/green --------------------------------------------------------------------------

#[test]
fn c3_predefined_traffic_configs_shift_as_modelled() {
    let canary =
        blue_green::predefined("CodeDeployDefault.ECSCanary10Percent5Minutes").expect("known");
    assert_eq!(canary.schedule(), vec![(0, 10), (300_000, 100)]);
    let linear =
        blue_green::predefined("CodeDeployDefault.ECSLinear10PercentEvery1Minutes").expect("known");
    let s = linear.schedule();
    assert_eq!(s.first(), Some(&(0, 10)));
    assert_eq!(s.last(), Some(&(540_000, 100)));
    assert_eq!(TrafficRouting::AllAtOnce.schedule(), vec![(0, 100)]);
    assert!(blue_green::predefined("CodeDeployDefault.LambdaAllAtOnce").is_none());
}

#[test]
fn c3_nlb_supports_only_all_at_once() {
    assert!(TrafficRouting::AllAtOnce.validate(true).is_ok());
    assert!(TrafficRouting::Canary {
        percentage: 10,
        interval_minutes: 5
    }
    .validate(true)
    .is_err());
}

#[test]
fn c3_hooks_in_order_and_termination_wait_bound() {
    let scriptable: Vec<&str> = blue_green::LIFECYCLE
        .iter()
        .filter(|(_, s)| *s)
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(
        scriptable,
        [
            "BeforeInstall",
            "AfterInstall",
            "AfterAllowTestTraffic",
            "BeforeAllowTraffic",
            "AfterAllowTraffic"
        ]
    );
    assert!(blue_green::validate_termination_wait(2880).is_ok());
    assert!(blue_green::validate_termination_wait(2881).is_err());
}

#[test]
fn c3_scaling_during_deployment_fails_without_steady_state_in_5_minutes() {
    assert!(!blue_green::fails_after_scaling(0, None, 299_999));
    assert!(blue_green::fails_after_scaling(0, None, 300_000));
    assert!(!blue_green::fails_after_scaling(0, Some(120_000), 300_000));
    assert_eq!(blue_green::task_set_count(5, 100), 5);
    assert_eq!(blue_green::task_set_count(5, 50), 3);
}

// ---- C4 service auto scaling mapping --------------------------------------------------------

#[test]
fn c4_scale_in_off_during_deployments_scale_out_continues() {
    let s = service_autoscaling::ServiceScaling::new(
        "default",
        "web",
        &scaleout_core::scenario::ServiceAutoScaling::default(),
    );
    // Deploying: scale-in waits, scale-out goes on.
    assert_eq!(
        s.held(0, false, true),
        Some(scaleout_core::policy::Unchanged::ScaleInDuringDeployment)
    );
    assert_eq!(s.held(0, true, true), None);
    assert_eq!(s.held(0, false, false), None);
    assert_eq!(service_autoscaling::DEFAULT_COOLDOWN_S, 300);
    assert_eq!(
        service_autoscaling::activity_description(1),
        "Setting desired count to 1."
    );
}

#[test]
fn capacity_provisioning_limit_event() {
    assert_eq!(capacity::PROVISIONING_LIMIT, 500);
    assert_eq!(
        capacity::provisioning_limit_event("web"),
        "(service web) was unable to place tasks in your cluster because the tasks provisioning capacity limit was exceeded."
    );
}
