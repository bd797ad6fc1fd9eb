//! Alarms (A4.2), scaling policies (A3.1 to A3.4) and scheduled actions (A3.6), with AWS's
//! wording where known.

use super::*;

pub(super) fn validate_alarms(s: &Scenario, r: &mut Report) {
    for (i, n) in duplicates(s.alarms.iter().map(|a| a.name.as_str())) {
        r.add(
            format!("alarms[{i}].name"),
            format!("An alarm named {n} already exists."),
        );
    }
    for (i, a) in s.alarms.iter().enumerate() {
        let p = format!("alarms[{i}]");
        r.check(
            !a.name.is_empty(),
            format!("{p}.name"),
            "An alarm needs a name.",
        );
        let m = a.datapoints_to_alarm.unwrap_or(a.evaluation_periods);
        for msg in alarm::validate_rules(a.period_s, a.evaluation_periods, m) {
            // Put each message on the field it is about.
            let field = if msg.contains("DatapointsToAlarm") || msg.contains("datapointsToAlarm") {
                "datapoints_to_alarm"
            } else if msg.contains("valuationPeriods") && !msg.contains("Period must") {
                "evaluation_periods"
            } else {
                "period_s"
            };
            r.add(format!("{p}.{field}"), msg);
        }
        r.check(
            a.period_s >= 60 && a.period_s.is_multiple_of(60),
            format!("{p}.period_s"),
            "This simulator evaluates alarms every minute: use a period that is a multiple of 60 seconds.",
        );
        r.check(
            a.threshold.is_finite(),
            format!("{p}.threshold"),
            "The threshold must be a number.",
        );
        for (j, action) in a.alarm_actions.iter().enumerate() {
            let found = s.policies.iter().find(|pp| &pp.name == action);
            // C4: an alarm may invoke the ECS service's step policies too.
            let service = s
                .ecs
                .as_ref()
                .and_then(|e| e.service.auto_scaling.as_ref())
                .and_then(|a| a.policies.iter().find(|pp| &pp.name == action));
            match found {
                None if service.is_some() => r.check(
                    service.is_some_and(|pp| {
                        matches!(pp.kind, crate::scenario::ServicePolicyKind::StepScaling { .. })
                    }),
                    format!("{p}.alarm_actions[{j}]"),
                    "Target tracking policies own their alarms; don't attach other alarms to them (A3.4.2).",
                ),
                None => r.add(format!("{p}.alarm_actions[{j}]"), format!("No scaling policy named {action}.")),
                Some(pp) => r.check(
                    !matches!(pp.kind, PolicyKind::TargetTrackingScaling { .. }),
                    format!("{p}.alarm_actions[{j}]"),
                    "Target tracking policies own their alarms; don't attach other alarms to them (A3.4.2).",
                ),
            }
        }
    }
}

pub(super) fn validate_policies(s: &Scenario, r: &mut Report) {
    r.check(
        s.policies.len() <= 50,
        "policies",
        "At most 50 scaling policies per group (A2.16).",
    );
    for (i, n) in duplicates(s.policies.iter().map(|p| p.name.as_str())) {
        r.add(
            format!("policies[{i}].name"),
            format!("A policy named {n} already exists."),
        );
    }
    let mut tt_metrics = Vec::new();
    for (i, p) in s.policies.iter().enumerate() {
        let base = format!("policies[{i}]");
        r.check(
            !p.name.is_empty() && p.name.len() <= 255,
            format!("{base}.name"),
            "The policy name must be 1 to 255 characters.",
        );
        match &p.kind {
            PolicyKind::SimpleScaling {
                adjustment_type,
                scaling_adjustment,
                min_adjustment_magnitude,
                ..
            } => {
                let k = format!("{base}.kind.SimpleScaling");
                check_adjustment(
                    r,
                    &k,
                    *adjustment_type,
                    *scaling_adjustment,
                    *min_adjustment_magnitude,
                );
            }
            PolicyKind::StepScaling {
                adjustment_type,
                step_adjustments,
                min_adjustment_magnitude,
                estimated_instance_warmup_s,
                ..
            } => {
                let k = format!("{base}.kind.StepScaling");
                check_steps(
                    r,
                    &k,
                    *adjustment_type,
                    step_adjustments,
                    *min_adjustment_magnitude,
                );
                if let Some(w) = estimated_instance_warmup_s {
                    r.check(
                        *w <= 86_400,
                        format!("{k}.estimated_instance_warmup_s"),
                        "Use a warm-up of at most 86400 seconds.",
                    );
                }
                let alarmed = s.alarms.iter().any(|a| a.alarm_actions.contains(&p.name));
                r.check(
                    alarmed,
                    format!("{base}.name"),
                    "No alarm invokes this step policy: add its name to an alarm's alarm_actions.",
                );
            }
            PolicyKind::TargetTrackingScaling {
                metric,
                target_value,
                estimated_instance_warmup_s,
                ..
            } => {
                let k = format!("{base}.kind.TargetTrackingScaling");
                r.check(
                    target_value.is_finite() && *target_value > 0.0,
                    format!("{k}.target_value"),
                    "The target value must be greater than 0.",
                );
                if tt_metrics.contains(metric) {
                    r.add(
                        format!("{k}.metric"),
                        "Each target tracking policy must use a different metric (A3.4.7).",
                    );
                }
                tt_metrics.push(*metric);
                if let Some(w) = estimated_instance_warmup_s {
                    r.check(
                        *w <= 86_400,
                        format!("{k}.estimated_instance_warmup_s"),
                        "Use a warm-up of at most 86400 seconds.",
                    );
                }
            }
        }
    }
}

/// A step scaling policy's steps (A3.3.2: no gaps or overlaps) and each step's
/// adjustment, for an Auto Scaling group's policy and an ECS service's alike.
pub(super) fn check_steps(
    r: &mut Report,
    path: &str,
    t: AdjustmentType,
    steps: &[crate::policy::step::StepAdjustment],
    mam: Option<u32>,
) {
    for msg in validate_steps(steps) {
        r.add(format!("{path}.step_adjustments"), msg);
    }
    for (j, st) in steps.iter().enumerate() {
        check_adjustment(
            r,
            &format!("{path}.step_adjustments[{j}]"),
            t,
            st.scaling_adjustment,
            mam,
        );
    }
}

pub(super) fn check_adjustment(
    r: &mut Report,
    path: &str,
    t: AdjustmentType,
    adj: i64,
    mam: Option<u32>,
) {
    if t == AdjustmentType::ExactCapacity {
        r.check(
            adj >= 0,
            format!("{path}.scaling_adjustment"),
            "ExactCapacity needs a non-negative adjustment (A3.1.2).",
        );
    }
    r.check(
        adj.unsigned_abs() <= 100_000,
        format!("{path}.scaling_adjustment"),
        "The adjustment is out of range.",
    );
    if mam.is_some() && t != AdjustmentType::PercentChangeInCapacity {
        r.add(
            format!("{path}.min_adjustment_magnitude"),
            "MinAdjustmentMagnitude is only valid with PercentChangeInCapacity (A3.1.2).",
        );
    }
}

pub(super) fn validate_schedules(s: &Scenario, r: &mut Report) {
    r.check(
        s.scheduled_actions.len() <= 125,
        "scheduled_actions",
        "At most 125 scheduled actions per group (A3.6).",
    );
    for (i, n) in duplicates(s.scheduled_actions.iter().map(|a| a.name.as_str())) {
        r.add(
            format!("scheduled_actions[{i}].name"),
            format!("A scheduled action named {n} already exists."),
        );
    }
    let mut starts = Vec::new();
    for (i, a) in s.scheduled_actions.iter().enumerate() {
        let p = format!("scheduled_actions[{i}]");
        r.check(
            a.min_size.is_some() || a.max_size.is_some() || a.desired_capacity.is_some(),
            format!("{p}.desired_capacity"),
            "Set at least one of min_size, max_size and desired_capacity (A3.6).",
        );
        match &a.recurrence {
            Some(expr) => {
                if let Err(e) = parse_cron(expr) {
                    r.add(format!("{p}.recurrence"), e);
                }
            }
            None => match a.start_s {
                None => r.add(
                    format!("{p}.start_s"),
                    "A one-time action needs start_s (or give a recurrence).",
                ),
                Some(t) => {
                    // A3.6: start times are unique per group.
                    if starts.contains(&t) {
                        r.add(
                            format!("{p}.start_s"),
                            "Another scheduled action already starts at this time (A3.6).",
                        );
                    }
                    starts.push(t);
                }
            },
        }
        if let (Some(min), Some(max)) = (a.min_size, a.max_size) {
            r.check(
                min <= max,
                format!("{p}.min_size"),
                "min_size must not exceed max_size.",
            );
        }
        if let Some(max) = a.max_size {
            r.check(
                max <= MAX_GROUP_SIZE,
                format!("{p}.max_size"),
                format!("This simulator runs groups of up to {MAX_GROUP_SIZE} instances."),
            );
        }
    }
}
