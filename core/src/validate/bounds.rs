//! Numeric bounds on every field and the timed actions' checks: what keeps a scenario within
//! what the simulator runs (see `docs/limits.md`).

use super::*;

pub(super) fn rps_ok(v: f64) -> bool {
    finite_non_negative(v) && v <= MAX_RPS
}

/// Timed user actions, checked on their face: what can be known wrong before the run.
pub(super) fn validate_actions(s: &Scenario, r: &mut Report) {
    use crate::scenario::Action;
    for (i, a) in s.actions.iter().enumerate() {
        let p = format!("actions[{i}]");
        r.check(
            a.at_ms <= MAX_SCENARIO_TIME_S * 1000,
            format!("{p}.at_ms"),
            format!(
                "An action happens at most {} ms (366 days) after the start.",
                MAX_SCENARIO_TIME_S * 1000
            ),
        );
        match &a.action {
            Action::SetLoad { rps: Some(v) } => r.check(
                rps_ok(*v),
                format!("{p}.action.SetLoad.rps"),
                "Requests per second must be a number from 0 to 1,000,000,000.",
            ),
            Action::SetLoad { rps: None } => {}
            // Checked with the ECS section (validate/ecs.rs).
            Action::RegisterTaskDefinition { .. } | Action::UpdateService { .. } => {}
            Action::SetDesiredCapacity { desired } => r.check(
                *desired <= MAX_GROUP_SIZE,
                format!("{p}.action.SetDesiredCapacity.desired"),
                format!("This simulator runs groups of up to {MAX_GROUP_SIZE} instances."),
            ),
            Action::UpdateGroupSize {
                min_size,
                max_size,
                desired_capacity,
            } => {
                let k = format!("{p}.action.UpdateGroupSize");
                for (field, v) in [
                    ("min_size", min_size),
                    ("max_size", max_size),
                    ("desired_capacity", desired_capacity),
                ] {
                    if let Some(v) = v {
                        r.check(
                            *v <= MAX_GROUP_SIZE,
                            format!("{k}.{field}"),
                            format!(
                                "This simulator runs groups of up to {MAX_GROUP_SIZE} instances."
                            ),
                        );
                    }
                }
                // A2.2: the same text as the live call gets (group::Sizes::update).
                if let (Some(min), Some(max)) = (min_size, max_size) {
                    r.check(
                        min <= max,
                        format!("{k}.min_size"),
                        format!("ValidationError: Max bound, {max}, must be greater than or equal to min bound, {min}"),
                    );
                }
                if let Some(d) = desired_capacity {
                    let below = min_size.is_some_and(|m| *d < m);
                    let above = max_size.is_some_and(|m| *d > m);
                    if below || above {
                        r.add(
                            format!("{k}.desired_capacity"),
                            format!(
                                "Desired capacity:{d} must be between the specified min size:{} and max size:{}",
                                min_size.map_or("-".into(), |v| v.to_string()),
                                max_size.map_or("-".into(), |v| v.to_string())
                            ),
                        );
                    }
                }
            }
            Action::Deploy { revision } => r.check(
                s.delivery.revisions.iter().any(|rv| &rv.label == revision),
                format!("{p}.action.Deploy.revision"),
                format!("Revision {revision} is not defined in delivery.revisions."),
            ),
            Action::CreateLaunchTemplateVersion {
                source_version,
                image_id,
                instance_type,
                ..
            } => {
                let k = format!("{p}.action.CreateLaunchTemplateVersion");
                if let Some(v) = source_version {
                    r.check(
                        *v >= 1,
                        format!("{k}.source_version"),
                        "Versions are numbered from 1 (A1.5).",
                    );
                }
                if let Some(img) = image_id {
                    if let Err(e) = crate::launch::check_template_image(s, img) {
                        r.add(format!("{k}.image_id"), e);
                    }
                }
                if let Some(t) = instance_type {
                    if let Err(e) = crate::launch::check_template_type(s, t) {
                        r.add(format!("{k}.instance_type"), e);
                    }
                }
            }
            Action::Kubectl(_) | Action::GitCommit(_) | Action::ArgoCdSync { .. } => r.check(
                s.kubernetes.is_some(),
                format!("{p}.action"),
                "This scenario has no Kubernetes cluster (no `kubernetes` section).",
            ),
            Action::CopyLaunchConfiguration {
                image_id,
                instance_type,
            } => {
                let k = format!("{p}.action.CopyLaunchConfiguration");
                if let Some(img) = image_id {
                    r.check(
                        launch::find_ami(s, img).is_some(),
                        format!("{k}.image_id"),
                        format!("The image id '[{img}]' does not exist"),
                    );
                }
                if let Some(t) = instance_type {
                    r.check(
                        launch::find_type(s, t).is_some(),
                        format!("{k}.instance_type"),
                        format!("The instance type {t} is not defined."),
                    );
                }
            }
            Action::FailInstance | Action::ContinueDeployment => {}
        }
    }
}

/// The ranges docs/scenario.md gives for numbers that AWS's rules above do not bound.
pub(super) fn validate_numeric_bounds(s: &Scenario, r: &mut Report) {
    r.check(
        s.start_unix_s <= MAX_START_UNIX_S,
        "start_unix_s",
        format!("The start is at most {MAX_START_UNIX_S} (2100-01-01T00:00:00Z)."),
    );
    let time_ok = |t: u64| t <= MAX_SCENARIO_TIME_S;
    let time_msg = format!("At most {MAX_SCENARIO_TIME_S} seconds (366 days).");
    for (i, t) in s.instance_types.iter().enumerate() {
        let p = format!("instance_types[{i}]");
        r.check(
            (1..=448).contains(&t.vcpu),
            format!("{p}.vcpu"),
            "An instance type has 1 to 448 vCPUs.",
        );
        r.check(
            t.memory_gib.is_finite() && t.memory_gib > 0.0 && t.memory_gib <= 24_576.0,
            format!("{p}.memory_gib"),
            "Memory is more than 0 and at most 24,576 GiB.",
        );
        r.check(
            finite_non_negative(t.price_per_hour) && t.price_per_hour <= 1000.0,
            format!("{p}.price_per_hour"),
            "The price is 0 to 1,000 USD per hour.",
        );
        r.check(
            t.capacity_rps <= MAX_RPS,
            format!("{p}.capacity_rps"),
            "Capacity is at most 1,000,000,000 requests per second.",
        );
    }
    for (i, lc) in s.launch_configurations.iter().enumerate() {
        r.check(
            (1..=16_384).contains(&lc.volume_size_gib),
            format!("launch_configurations[{i}].volume_size_gib"),
            "Volume size must be 1 to 16,384 GiB for gp2 (A1.4).",
        );
    }
    let groups = std::iter::once(("group".to_string(), &s.group)).chain(
        s.extra_groups
            .iter()
            .enumerate()
            .map(|(g, e)| (format!("extra_groups[{g}].group"), &e.group)),
    );
    for (path, group) in groups {
        for (i, h) in group.lifecycle_hooks.iter().enumerate() {
            if let Some(after) = h.handler_completes_after_s {
                r.check(
                    after <= 172_800,
                    format!("{path}.lifecycle_hooks[{i}].handler_completes_after_s"),
                    "A handler answers within 172800 seconds (48 hours, the global timeout, A6.2), or never (null).",
                );
            }
        }
    }
    for (i, a) in s.alarms.iter().enumerate() {
        r.check(
            a.threshold.abs() <= MAX_METRIC_VALUE,
            format!("alarms[{i}].threshold"),
            "The threshold is between -1e12 and 1e12.",
        );
    }
    for (i, p) in s.policies.iter().enumerate() {
        let base = format!("policies[{i}].kind");
        match &p.kind {
            PolicyKind::SimpleScaling {
                cooldown_s,
                min_adjustment_magnitude,
                ..
            } => {
                if let Some(c) = cooldown_s {
                    // The same bound as the group's default_cooldown_s (A2.9).
                    r.check(
                        *c <= 86_400,
                        format!("{base}.SimpleScaling.cooldown_s"),
                        "Use a cooldown of at most 86400 seconds.",
                    );
                }
                if let Some(m) = min_adjustment_magnitude {
                    r.check(
                        *m <= 100_000,
                        format!("{base}.SimpleScaling.min_adjustment_magnitude"),
                        "MinAdjustmentMagnitude is at most 100000.",
                    );
                }
            }
            PolicyKind::StepScaling {
                step_adjustments,
                min_adjustment_magnitude,
                ..
            } => {
                for (j, st) in step_adjustments.iter().enumerate() {
                    for (field, b) in [
                        ("lower_bound", st.lower_bound),
                        ("upper_bound", st.upper_bound),
                    ] {
                        if let Some(b) = b {
                            r.check(
                                b.is_finite() && b.abs() <= MAX_METRIC_VALUE,
                                format!("{base}.StepScaling.step_adjustments[{j}].{field}"),
                                "A step bound is a number between -1e12 and 1e12, or null.",
                            );
                        }
                    }
                }
                if let Some(m) = min_adjustment_magnitude {
                    r.check(
                        *m <= 100_000,
                        format!("{base}.StepScaling.min_adjustment_magnitude"),
                        "MinAdjustmentMagnitude is at most 100000.",
                    );
                }
            }
            PolicyKind::TargetTrackingScaling { target_value, .. } => r.check(
                *target_value <= MAX_METRIC_VALUE,
                format!("{base}.TargetTrackingScaling.target_value"),
                "The target value is at most 1e12.",
            ),
        }
    }
    for (i, a) in s.scheduled_actions.iter().enumerate() {
        let p = format!("scheduled_actions[{i}]");
        for (field, v) in [("start_s", a.start_s), ("end_s", a.end_s)] {
            if let Some(t) = v {
                r.check(time_ok(t), format!("{p}.{field}"), time_msg.as_str());
            }
        }
        for (field, v) in [
            ("min_size", a.min_size),
            ("desired_capacity", a.desired_capacity),
        ] {
            if let Some(n) = v {
                r.check(
                    n <= MAX_GROUP_SIZE,
                    format!("{p}.{field}"),
                    format!("This simulator runs groups of up to {MAX_GROUP_SIZE} instances."),
                );
            }
        }
    }
    let times: Vec<(String, u64)> = match &s.load.pattern {
        LoadPattern::Ramp {
            start_s,
            duration_s,
            ..
        } => vec![
            ("load.pattern.Ramp.start_s".into(), *start_s),
            ("load.pattern.Ramp.duration_s".into(), *duration_s),
        ],
        LoadPattern::Spike {
            at_s, duration_s, ..
        } => vec![
            ("load.pattern.Spike.at_s".into(), *at_s),
            ("load.pattern.Spike.duration_s".into(), *duration_s),
        ],
        LoadPattern::Steps { steps } => steps
            .iter()
            .enumerate()
            .map(|(i, st)| (format!("load.pattern.Steps.steps[{i}].at_s"), st.at_s))
            .collect(),
        LoadPattern::Steady { .. } | LoadPattern::DailyWave { .. } => Vec::new(),
    };
    for (path, t) in times {
        r.check(time_ok(t), path, time_msg.as_str());
    }
    let a = &s.assumptions;
    r.check(
        a.target_tracking_alarms.period_s <= 86_400,
        "assumptions.target_tracking_alarms.period_s",
        "Use a period of at most 86400 seconds.",
    );
    r.check(
        a.download_mb_per_s <= 1e6,
        "assumptions.download_mb_per_s",
        "Download speed is at most 1,000,000 MB/s.",
    );
}
