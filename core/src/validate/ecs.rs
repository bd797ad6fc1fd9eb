//! The `ecs` section's checks, with JSON paths, in ECS's and CodeDeploy's wording where they
//! have one. The rules behind them live in `crate::ecs`; the quotas in `crate::limits`.

use super::Report;
use crate::ecs::blue_green::{predefined, validate_termination_wait, LIFECYCLE};
use crate::ecs::capacity::ManagedScaling;
use crate::ecs::runtime::td_not_found;
use crate::ecs::task_definition::Registry;
use crate::launch;
use crate::scenario::{
    Action, DeploymentController, EcsCapacity, EcsSpec, Scenario, TaskDefinitionSpec,
};

/// ECS-API:RegisterTaskDefinition: task CPU 128 to 196,608 units ("cpu" of the task) and
/// memory of at least 6 MiB (the container minimum); the upper memory bound is this
/// simulator's, the largest Fargate task (120 GiB).
const TASK_CPU: (u32, u32) = (128, 196_608);
const TASK_MEMORY: (u32, u32) = (6, 122_880);

pub(super) fn validate_ecs(s: &Scenario, r: &mut Report) {
    let Some(e) = &s.ecs else {
        for (i, a) in s.actions.iter().enumerate() {
            if matches!(
                a.action,
                Action::RegisterTaskDefinition { .. } | Action::UpdateService { .. }
            ) {
                r.add(
                    format!("actions[{i}].action"),
                    "This scenario has no ECS service (add an `ecs` section).",
                );
            }
        }
        return;
    };
    // Without the ECS runtime (the page, for now) `Sim::new` refuses the scenario with the
    // reason, so these checks are not linked there.
    if !cfg!(feature = "ecs") {
        return;
    }
    r.check(
        !e.cluster.is_empty()
            && e.cluster.len() <= 255
            && e.cluster
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "ecs.cluster",
        "Cluster names can be up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.",
    );
    let mut registry = Registry::default();
    for (i, td) in e.task_definitions.iter().enumerate() {
        register(
            &mut registry,
            td,
            &format!("ecs.task_definitions[{i}]"),
            s,
            e,
            r,
        );
    }
    validate_service(s, e, &registry, r);
    validate_capacity(s, e, r);
    if let Some(a) = &e.service.auto_scaling {
        super::ecs_scaling::validate_service_auto_scaling(s, a, r);
    }
    let a = &e.assumptions;
    for (field, v, lo, hi) in [
        ("scheduler_interval_s", a.scheduler_interval_s, 1, 60),
        ("fargate_provisioning_s", a.fargate_provisioning_s, 0, 3600),
        ("pull_s", a.pull_s, 0, 3600),
        ("pull_jitter_s", a.pull_jitter_s, 0, 3600),
        ("stop_s", a.stop_s, 0, 3600),
        ("deregistration_delay_s", a.deregistration_delay_s, 0, 3600),
        ("target_healthy_s", a.target_healthy_s, 0, 3600),
        ("target_unhealthy_s", a.target_unhealthy_s, 0, 3600),
        ("crash_after_s", a.crash_after_s, 0, 3600),
    ] {
        r.check(
            (lo..=hi).contains(&v),
            format!("ecs.assumptions.{field}"),
            format!("Must be between {lo} and {hi} seconds."),
        );
    }
    for (field, v, hi) in [
        ("rps_per_vcpu", a.rps_per_vcpu, 1e9),
        ("idle_cpu_pct", a.idle_cpu_pct, 100.0),
        ("mem_base_pct", a.mem_base_pct, 100.0),
        ("mem_per_cpu_pct", a.mem_per_cpu_pct, 100.0),
    ] {
        r.check(
            v.is_finite() && (0.0..=hi).contains(&v),
            format!("ecs.assumptions.{field}"),
            format!("Must be a number from 0 to {hi}."),
        );
    }
    // Timed actions, in time order, against the revisions registered so far.
    let mut order: Vec<usize> = (0..s.actions.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| s.actions[i].at_ms);
    for i in order {
        let p = format!("actions[{i}].action");
        match &s.actions[i].action {
            Action::RegisterTaskDefinition { definition } => register(
                &mut registry,
                definition,
                &format!("{p}.RegisterTaskDefinition.definition"),
                s,
                e,
                r,
            ),
            Action::UpdateService {
                task_definition,
                desired_count,
            } => {
                if let Some(td) = task_definition {
                    r.check(
                        registry.get(td).is_some(),
                        format!("{p}.UpdateService.task_definition"),
                        td_not_found(td),
                    );
                }
                if let Some(n) = desired_count {
                    r.check(
                        *n <= crate::limits::MAX_ECS_TASKS,
                        format!("{p}.UpdateService.desired_count"),
                        desired_too_many(*n),
                    );
                }
            }
            _ => {}
        }
    }
}

fn desired_too_many(n: u32) -> String {
    format!(
        "desiredCount {n} is above {} tasks per service (the ECS quota).",
        crate::limits::MAX_ECS_TASKS
    )
}

fn register(
    registry: &mut Registry,
    td: &TaskDefinitionSpec,
    p: &str,
    s: &Scenario,
    e: &EcsSpec,
    r: &mut Report,
) {
    if let Err(m) = registry.register(&td.family, td.rule_spec()) {
        let field = if m.starts_with("Invalid family") {
            "family"
        } else {
            "health_check"
        };
        r.add(format!("{p}.{field}"), m);
    }
    r.check(
        (TASK_CPU.0..=TASK_CPU.1).contains(&td.cpu_units),
        format!("{p}.cpu_units"),
        format!(
            "Invalid 'cpu' setting for task: {} (must be between {} and {} CPU units).",
            td.cpu_units, TASK_CPU.0, TASK_CPU.1
        ),
    );
    r.check(
        (TASK_MEMORY.0..=TASK_MEMORY.1).contains(&td.memory_mib),
        format!("{p}.memory_mib"),
        format!(
            "Invalid 'memory' setting for task: {} (must be between {} and {} MiB).",
            td.memory_mib, TASK_MEMORY.0, TASK_MEMORY.1
        ),
    );
    r.check(
        !td.image.is_empty() && td.image.len() <= 255,
        format!("{p}.image"),
        "Container image must be 1 to 255 characters.",
    );
    // On EC2 capacity a task must fit on one instance of the group's type.
    if let EcsCapacity::CapacityProvider { .. } = e.capacity {
        if let Some(t) = launch::resolve(s, &s.group.launch)
            .ok()
            .and_then(|l| launch::find_type(s, &l.instance_type).cloned())
        {
            let (cpu, mem) = (t.vcpu * 1024, (t.memory_gib * 1024.0) as u32);
            r.check(
                td.cpu_units <= cpu && td.memory_mib <= mem,
                format!("{p}.cpu_units"),
                format!(
                    "The task needs {} CPU units and {} MiB; an instance of the group's type {} has {cpu} CPU units and {mem} MiB, so no container instance could ever run it.",
                    td.cpu_units, td.memory_mib, t.name
                ),
            );
        }
    }
}

fn validate_service(s: &Scenario, e: &EcsSpec, registry: &Registry, r: &mut Report) {
    let v = &e.service;
    let _ = s;
    r.check(
        !v.name.is_empty()
            && v.name.len() <= 255
            && v.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "ecs.service.name",
        "Service names can be up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.",
    );
    r.check(
        registry.get(&v.task_definition).is_some(),
        "ecs.service.task_definition",
        td_not_found(&v.task_definition),
    );
    r.check(
        v.desired_count <= crate::limits::MAX_ECS_TASKS,
        "ecs.service.desired_count",
        desired_too_many(v.desired_count),
    );
    let d = &v.deployment_configuration;
    r.check(
        d.minimum_healthy_percent <= 100,
        "ecs.service.deployment_configuration.minimum_healthy_percent",
        "minimumHealthyPercent must be between 0 and 100.",
    );
    r.check(
        (100..=200).contains(&d.maximum_percent),
        "ecs.service.deployment_configuration.maximum_percent",
        "maximumPercent must be between 100 and 200 for a REPLICA service.",
    );
    match v.deployment_controller {
        DeploymentController::ECS => {}
        DeploymentController::CODE_DEPLOY => {
            let cd = &v.code_deploy;
            r.check(
                v.target_group.is_some(),
                "ecs.service.target_group",
                "A service using the CODE_DEPLOY deployment controller needs a load balancer (target group).",
            );
            r.check(
                !d.circuit_breaker.enable,
                "ecs.service.deployment_configuration.circuit_breaker.enable",
                "The deployment circuit breaker is only supported for services using the rolling update (ECS) deployment controller.",
            );
            r.check(
                predefined(&cd.deployment_config_name).is_some(),
                "ecs.service.code_deploy.deployment_config_name",
                format!(
                    "No deployment configuration found for name: {}",
                    cd.deployment_config_name
                ),
            );
            if let Err(m) = validate_termination_wait(cd.termination_wait_minutes) {
                r.add("ecs.service.code_deploy.termination_wait_minutes", m);
            }
            for (i, h) in cd.hooks.iter().enumerate() {
                r.check(
                    LIFECYCLE.iter().any(|(n, hook)| *hook && *n == h.event),
                    format!("ecs.service.code_deploy.hooks[{i}].event"),
                    format!(
                        "{} is not a lifecycle event with hooks (BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic).",
                        h.event
                    ),
                );
                r.check(
                    h.duration_s <= 3600,
                    format!("ecs.service.code_deploy.hooks[{i}].duration_s"),
                    "A hook runs for at most 1 hour (3600 s).",
                );
            }
        }
    }
}

fn validate_capacity(s: &Scenario, e: &EcsSpec, r: &mut Report) {
    let _ = s;
    if let EcsCapacity::CapacityProvider {
        name,
        managed_scaling,
    } = &e.capacity
    {
        r.check(
            !name.is_empty() && name.len() <= 255,
            "ecs.capacity.CapacityProvider.name",
            "Capacity provider names are 1 to 255 characters.",
        );
        if let Some(m) = managed_scaling {
            let rule = ManagedScaling {
                target_capacity: m.target_capacity,
                instance_warmup_period_s: m.instance_warmup_period_s,
                ..ManagedScaling::default()
            };
            if let Err(msg) = rule.validate() {
                r.add(
                    "ecs.capacity.CapacityProvider.managed_scaling.target_capacity",
                    msg,
                );
            }
            r.check(
                m.instance_warmup_period_s <= 10_000,
                "ecs.capacity.CapacityProvider.managed_scaling.instance_warmup_period_s",
                "instanceWarmupPeriod must be between 0 and 10000 seconds.",
            );
        }
    }
}
