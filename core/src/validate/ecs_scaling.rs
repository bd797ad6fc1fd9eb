//! Checks of the service's auto scaling (C4), with JSON paths under
//! `ecs.service.auto_scaling`. The rules behind them are in `crate::ecs::service_autoscaling`
//! and the policy path's (A3.3, A3.4).

use super::scaling::check_steps;
use super::{duplicates, Report};
use crate::limits::{MAX_ECS_TASKS, MAX_SERVICE_SCALING_POLICIES, MAX_SERVICE_SCHEDULED_ACTIONS};
use crate::policy::schedule::parse_cron;
use crate::scenario::{MetricName, Scenario, ServiceAutoScaling, ServicePolicyKind};

/// C4: the predefined metrics of an ECS service's target tracking.
const SERVICE_METRICS: [MetricName; 3] = [
    MetricName::ECSServiceAverageCPUUtilization,
    MetricName::ECSServiceAverageMemoryUtilization,
    MetricName::ECSServiceRequestCountPerTarget,
];

/// A cooldown of at most a day (this simulator's bound).
const MAX_COOLDOWN_S: u32 = 86_400;

pub(super) fn validate_service_auto_scaling(s: &Scenario, a: &ServiceAutoScaling, r: &mut Report) {
    let base = "ecs.service.auto_scaling";
    r.check(
        a.min_capacity <= a.max_capacity,
        format!("{base}.min_capacity"),
        "Minimum capacity cannot be greater than maximum capacity.",
    );
    r.check(
        a.max_capacity <= MAX_ECS_TASKS,
        format!("{base}.max_capacity"),
        format!("At most {MAX_ECS_TASKS} tasks per service (the ECS quota)."),
    );
    r.check(
        a.policies.len() <= MAX_SERVICE_SCALING_POLICIES,
        format!("{base}.policies"),
        format!("At most {MAX_SERVICE_SCALING_POLICIES} scaling policies per scalable target."),
    );
    for (i, n) in duplicates(a.policies.iter().map(|p| p.name.as_str())) {
        r.add(
            format!("{base}.policies[{i}].name"),
            format!("A policy named {n} already exists."),
        );
    }
    let mut tt_metrics = Vec::new();
    for (i, p) in a.policies.iter().enumerate() {
        let pb = format!("{base}.policies[{i}]");
        r.check(
            !p.name.is_empty() && p.name.len() <= 256,
            format!("{pb}.name"),
            "The policy name must be 1 to 256 characters.",
        );
        r.check(
            !s.policies.iter().any(|q| q.name == p.name),
            format!("{pb}.name"),
            "A group's policy has this name: alarms name policies, so use another.",
        );
        match &p.kind {
            ServicePolicyKind::TargetTrackingScaling {
                metric,
                target_value,
                scale_out_cooldown_s,
                scale_in_cooldown_s,
                ..
            } => {
                let k = format!("{pb}.kind.TargetTrackingScaling");
                r.check(
                    SERVICE_METRICS.contains(metric),
                    format!("{k}.metric"),
                    "Use one of the service's predefined metrics: ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization or ECSServiceRequestCountPerTarget (ALBRequestCountPerTarget).",
                );
                if tt_metrics.contains(metric) {
                    r.add(
                        format!("{k}.metric"),
                        "Each target tracking policy of a target must use a different metric (A3.4.7).",
                    );
                }
                tt_metrics.push(*metric);
                r.check(
                    target_value.is_finite() && *target_value > 0.0,
                    format!("{k}.target_value"),
                    "The target value must be greater than 0.",
                );
                for (field, v) in [
                    ("scale_out_cooldown_s", scale_out_cooldown_s),
                    ("scale_in_cooldown_s", scale_in_cooldown_s),
                ] {
                    r.check(
                        v.is_none_or(|c| c <= MAX_COOLDOWN_S),
                        format!("{k}.{field}"),
                        format!("Use a cooldown of at most {MAX_COOLDOWN_S} seconds."),
                    );
                }
            }
            ServicePolicyKind::StepScaling {
                adjustment_type,
                step_adjustments,
                cooldown_s,
                min_adjustment_magnitude,
                ..
            } => {
                let k = format!("{pb}.kind.StepScaling");
                check_steps(
                    r,
                    &k,
                    *adjustment_type,
                    step_adjustments,
                    *min_adjustment_magnitude,
                );
                r.check(
                    cooldown_s.is_none_or(|c| c <= MAX_COOLDOWN_S),
                    format!("{k}.cooldown_s"),
                    format!("Use a cooldown of at most {MAX_COOLDOWN_S} seconds."),
                );
                r.check(
                    s.alarms.iter().any(|al| al.alarm_actions.contains(&p.name)),
                    format!("{pb}.name"),
                    "No alarm invokes this step policy: add its name to an alarm's alarm_actions.",
                );
            }
        }
    }
    r.check(
        a.scheduled_actions.len() <= MAX_SERVICE_SCHEDULED_ACTIONS,
        format!("{base}.scheduled_actions"),
        format!("At most {MAX_SERVICE_SCHEDULED_ACTIONS} scheduled actions per scalable target."),
    );
    for (i, n) in duplicates(a.scheduled_actions.iter().map(|x| x.name.as_str())) {
        r.add(
            format!("{base}.scheduled_actions[{i}].name"),
            format!("A scheduled action named {n} already exists."),
        );
    }
    for (i, x) in a.scheduled_actions.iter().enumerate() {
        let xb = format!("{base}.scheduled_actions[{i}]");
        r.check(
            !x.name.is_empty(),
            format!("{xb}.name"),
            "A scheduled action needs a name.",
        );
        match x.recurrence.as_deref() {
            Some(expr) => {
                if let Err(msg) = parse_cron(expr) {
                    r.add(format!("{xb}.recurrence"), msg);
                }
            }
            None => r.check(
                x.start_s.is_some(),
                format!("{xb}.start_s"),
                "A one-time scheduled action needs start_s (or give a recurrence).",
            ),
        }
        r.check(
            x.min_capacity.is_some() || x.max_capacity.is_some(),
            xb.clone(),
            "A scheduled action sets min_capacity, max_capacity or both.",
        );
        if let (Some(lo), Some(hi)) = (x.min_capacity, x.max_capacity) {
            r.check(
                lo <= hi,
                format!("{xb}.min_capacity"),
                "Minimum capacity cannot be greater than maximum capacity.",
            );
        }
        r.check(
            x.max_capacity.is_none_or(|m| m <= MAX_ECS_TASKS),
            format!("{xb}.max_capacity"),
            format!("At most {MAX_ECS_TASKS} tasks per service (the ECS quota)."),
        );
    }
}
