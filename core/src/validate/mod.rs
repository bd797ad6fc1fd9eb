//! Scenario validation with AWS's own rules and, where known, AWS's wording (A2.1, A2.2,
//! A2.16, A3.3.2, A4.2, A6.2). Every problem carries the JSON path of the field it is about, so
//! the page can show it next to the field and the runner can print it.

use serde::{Deserialize, Serialize};

mod bounds;
mod ecs;
mod ecs_scaling;
mod kubernetes;
mod scaling;
use bounds::{validate_actions, validate_numeric_bounds};
use scaling::{validate_alarms, validate_policies, validate_schedules};

use crate::alarm;
use crate::launch;
use crate::policy::adjustment::AdjustmentType;
use crate::policy::schedule::parse_cron;
use crate::policy::step::validate_steps;
use crate::scenario::{LaunchSource, LoadPattern, PolicyKind, Scenario, TerminationPolicy};

/// The largest group the simulator accepts (the benchmark runs 10,000).
pub const MAX_GROUP_SIZE: u32 = 20_000;
/// The longest horizon a scenario may ask for: 31 days.
pub const MAX_HORIZON_S: u64 = 31 * 86_400;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// JSON path, such as `group.min_size` or `policies[1].kind.StepScaling.step_adjustments`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }
    fn check(&mut self, ok: bool, path: impl Into<String>, message: impl Into<String>) {
        if !ok {
            self.add(path, message);
        }
    }
}

fn finite_non_negative(v: f64) -> bool {
    v.is_finite() && v >= 0.0
}

/// Every name seen before, with its index. A set: O(n log n) for any list length.
fn duplicates<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(usize, &'a str)> {
    let mut seen = std::collections::BTreeSet::new();
    let mut dups = Vec::new();
    for (i, n) in names.enumerate() {
        if !seen.insert(n) {
            dups.push((i, n));
        }
    }
    dups
}

/// Every problem in the scenario; empty means it can run.
pub fn validate(s: &Scenario) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    // AWS's quotas and this simulator's bounds. Lists over their limits are reported alone:
    // looking into each of their items would be unbounded work.
    if crate::limits::check(s, &mut r.0) {
        return r.0;
    }
    r.check(
        s.horizon_s > 0 && s.horizon_s <= MAX_HORIZON_S,
        "horizon_s",
        format!("The horizon must be between 1 s and {MAX_HORIZON_S} s (31 days)."),
    );
    validate_images(s, &mut r);
    validate_group(s, &mut r);
    validate_alarms(s, &mut r);
    validate_policies(s, &mut r);
    validate_schedules(s, &mut r);
    validate_group_references(s, &mut r);
    validate_load(s, &mut r);
    validate_assumptions(s, &mut r);
    validate_delivery(s, &mut r);
    validate_actions(s, &mut r);
    validate_numeric_bounds(s, &mut r);
    kubernetes::validate_kubernetes(s, &mut r);
    ecs::validate_ecs(s, &mut r);
    r.0
}

// ----- numeric bounds and timed actions ------------------------------------------------------
// Every number in a scenario has a documented range (docs/scenario.md). These checks are kept
// apart from the AWS rules above so the two grow independently.

/// The latest wall-clock start: 2100-01-01T00:00:00Z (timestamps and cron stay 4-digit years).
pub const MAX_START_UNIX_S: u64 = 4_102_444_800;
/// The latest time inside a run that a scenario may name (an action, a scheduled action, a load
/// change): one year, so a run can go past its horizon with `--until` and still meet them.
pub const MAX_SCENARIO_TIME_S: u64 = 366 * 86_400;
/// The largest load, in requests per second, a pattern or `SetLoad` may ask for.
pub const MAX_RPS: f64 = 1e9;
/// The largest threshold, target or step bound (CloudWatch takes doubles; this keeps every
/// derived figure finite).
pub const MAX_METRIC_VALUE: f64 = 1e12;

fn validate_images(s: &Scenario, r: &mut Report) {
    for (i, n) in duplicates(s.amis.iter().map(|a| a.id.as_str())) {
        r.add(
            format!("amis[{i}].id"),
            format!("The AMI id {n} is used twice."),
        );
    }
    for (i, a) in s.amis.iter().enumerate() {
        r.check(
            a.id.starts_with("ami-") && a.id.len() > 4,
            format!("amis[{i}].id"),
            format!("Invalid id: \"{}\" (expecting \"ami-...\")", a.id),
        );
    }
    for (i, t) in s.instance_types.iter().enumerate() {
        r.check(
            t.capacity_rps.is_finite() && t.capacity_rps > 0.0,
            format!("instance_types[{i}].capacity_rps"),
            "Capacity must be more than 0 requests per second.",
        );
        r.check(
            !t.name.is_empty(),
            format!("instance_types[{i}].name"),
            "An instance type needs a name.",
        );
    }
    for (i, n) in duplicates(s.launch_configurations.iter().map(|l| l.name.as_str())) {
        r.add(
            format!("launch_configurations[{i}].name"),
            format!("Launch Configuration by this name already exists - A launch configuration already exists with the name {n}"),
        );
    }
    for (i, lc) in s.launch_configurations.iter().enumerate() {
        let p = format!("launch_configurations[{i}]");
        r.check(
            !lc.name.is_empty() && lc.name.len() <= 255,
            format!("{p}.name"),
            "The name must be 1 to 255 characters.",
        );
        r.check(
            launch::find_ami(s, &lc.image_id).is_some(),
            format!("{p}.image_id"),
            format!("The image id '[{}]' does not exist", lc.image_id),
        );
        r.check(
            launch::find_type(s, &lc.instance_type).is_some(),
            format!("{p}.instance_type"),
            format!("The instance type {} is not defined.", lc.instance_type),
        );
        if let Some(u) = &lc.user_data {
            r.check(
                u.len() <= 21_847,
                format!("{p}.user_data"),
                "User data is limited to 16 KB (A1.1).",
            );
        }
    }
    for (i, lt) in s.launch_templates.iter().enumerate() {
        let p = format!("launch_templates[{i}]");
        r.check(
            !lt.versions.is_empty(),
            format!("{p}.versions"),
            "A launch template has at least one version.",
        );
        r.check(
            lt.default_version >= 1 && lt.default_version as usize <= lt.versions.len(),
            format!("{p}.default_version"),
            format!("The default version {} does not exist.", lt.default_version),
        );
        for (v, data) in lt.versions.iter().enumerate() {
            if let Some(img) = &data.image_id {
                r.check(
                    launch::find_ami(s, img).is_some(),
                    format!("{p}.versions[{v}].image_id"),
                    format!("The image id '[{img}]' does not exist"),
                );
            }
            if let Some(t) = &data.instance_type {
                r.check(
                    launch::find_type(s, t).is_some(),
                    format!("{p}.versions[{v}].instance_type"),
                    format!("The instance type {t} is not defined."),
                );
            }
            r.check(
                (1..=16_384).contains(&data.volume_size_gib),
                format!("{p}.versions[{v}].volume_size_gib"),
                "Volume size must be 1 to 16,384 GiB for gp2 (A1.4).",
            );
        }
    }
}

fn validate_group(s: &Scenario, r: &mut Report) {
    validate_one_group(s, &s.group, "group", r);
    // Several groups: names are unique (A2.1), and code delivery stays on the primary group.
    let names = std::iter::once(s.group.name.as_str())
        .chain(s.extra_groups.iter().map(|e| e.group.name.as_str()));
    for (i, n) in duplicates(names) {
        r.add(
            format!("extra_groups[{}].group.name", i - 1),
            format!("AlreadyExists: an Auto Scaling group named {n} already exists (A2.1)."),
        );
    }
    for (i, e) in s.extra_groups.iter().enumerate() {
        let path = format!("extra_groups[{i}]");
        validate_one_group(s, &e.group, &format!("{path}.group"), r);
        match &e.load {
            crate::scenario::GroupLoad::ShareOfScenario { factor } => r.check(
                factor.is_finite() && (0.0..=1000.0).contains(factor),
                format!("{path}.load.ShareOfScenario.factor"),
                "The share of the scenario's load is a factor from 0 to 1000.",
            ),
            crate::scenario::GroupLoad::Own { load } => {
                validate_load_spec(load, &format!("{path}.load.Own.load"), r)
            }
        }
    }
}

/// Alarms, policies and scheduled actions name a group of the scenario (none = the primary).
fn validate_group_references(s: &Scenario, r: &mut Report) {
    let unknown = |name: &Option<String>| s.group_index(name.as_deref()).is_none();
    let message = |n: &Option<String>| {
        format!(
            "ValidationError: AutoScalingGroup name not found - no group named {} in this scenario.",
            n.as_deref().unwrap_or_default()
        )
    };
    for (i, a) in s.alarms.iter().enumerate() {
        if unknown(&a.group) {
            r.add(format!("alarms[{i}].group"), message(&a.group));
        }
    }
    for (i, p) in s.policies.iter().enumerate() {
        if unknown(&p.group) {
            r.add(format!("policies[{i}].group"), message(&p.group));
        }
    }
    for (i, a) in s.scheduled_actions.iter().enumerate() {
        if unknown(&a.group) {
            r.add(format!("scheduled_actions[{i}].group"), message(&a.group));
        }
    }
}

fn validate_one_group(s: &Scenario, g: &crate::scenario::GroupSpec, path: &str, r: &mut Report) {
    r.check(
        !g.name.is_empty() && g.name.len() <= 255 && g.name.bytes().all(|b| (33..=126).contains(&b) && b != b':'),
        format!("{path}.name"),
        "The group name must be 1 to 255 printable ASCII characters without spaces or colons (A2.1).",
    );
    if g.min_size > g.max_size {
        r.add(
            format!("{path}.min_size"),
            format!(
                "Max bound, {}, must be greater than or equal to min bound, {}",
                g.max_size, g.min_size
            ),
        );
    }
    r.check(
        g.max_size <= MAX_GROUP_SIZE,
        format!("{path}.max_size"),
        format!("This simulator runs groups of up to {MAX_GROUP_SIZE} instances."),
    );
    if let Some(d) = g.desired_capacity {
        if d < g.min_size || d > g.max_size {
            r.add(
                format!("{path}.desired_capacity"),
                format!("Desired capacity:{d} must be between the specified min size:{} and max size:{}", g.min_size, g.max_size),
            );
        }
    }
    r.check(
        !g.availability_zones.is_empty(),
        format!("{path}.availability_zones"),
        "At least one Availability Zone is required.",
    );
    for (i, n) in duplicates(g.availability_zones.iter().map(|a| a.as_str())) {
        r.add(
            format!("{path}.availability_zones[{i}]"),
            format!("{n} is listed twice."),
        );
    }
    if let Err(e) = launch::resolve(s, &g.launch) {
        let path = match g.launch {
            LaunchSource::LaunchConfiguration { .. } => {
                format!("{path}.launch.LaunchConfiguration.name")
            }
            LaunchSource::LaunchTemplate { .. } => format!("{path}.launch.LaunchTemplate"),
        };
        r.add(path, e);
    }
    if let Some(w) = g.default_instance_warmup_s {
        r.check(
            w <= 3600,
            format!("{path}.default_instance_warmup_s"),
            "Default instance warmup must be 0 to 3600 seconds (A2.10).",
        );
    }
    r.check(
        g.health_check_grace_period_s <= 7200,
        format!("{path}.health_check_grace_period_s"),
        "Use a grace period of at most 7200 seconds.",
    );
    r.check(
        g.default_cooldown_s <= 86_400,
        format!("{path}.default_cooldown_s"),
        "Use a cooldown of at most 86400 seconds.",
    );
    r.check(
        g.deregistration_delay_s <= 3600,
        format!("{path}.deregistration_delay_s"),
        "Deregistration delay is 0 to 3600 seconds.",
    );
    r.check(
        !g.termination_policies.is_empty(),
        format!("{path}.termination_policies"),
        "Give at least one termination policy (Default).",
    );
    if let Some(pos) = g
        .termination_policies
        .iter()
        .position(|p| *p == TerminationPolicy::Default)
    {
        r.check(
            pos + 1 == g.termination_policies.len(),
            format!("{path}.termination_policies[{pos}]"),
            "Default must be the last termination policy in the list (A5.3).",
        );
    }
    r.check(
        g.lifecycle_hooks.len() <= 50,
        format!("{path}.lifecycle_hooks"),
        "At most 50 lifecycle hooks per group (A2.16).",
    );
    for (i, n) in duplicates(g.lifecycle_hooks.iter().map(|h| h.name.as_str())) {
        r.add(
            format!("{path}.lifecycle_hooks[{i}].name"),
            format!("Lifecycle hook {n} already exists."),
        );
    }
    for (i, h) in g.lifecycle_hooks.iter().enumerate() {
        r.check(
            (30..=7200).contains(&h.heartbeat_timeout_s),
            format!("{path}.lifecycle_hooks[{i}].heartbeat_timeout_s"),
            "HeartbeatTimeout must be between 30 and 7200 seconds (A6.2).",
        );
    }
}

fn validate_load(s: &Scenario, r: &mut Report) {
    validate_load_spec(&s.load, "load", r);
}

fn validate_load_spec(l: &crate::scenario::LoadSpec, path: &str, r: &mut Report) {
    r.check(
        l.noise_pct.is_finite() && (0.0..=100.0).contains(&l.noise_pct),
        format!("{path}.noise_pct"),
        "Noise is a percentage from 0 to 100.",
    );
    let ok = |v: f64| finite_non_negative(v) && v <= 1e9;
    let msg = "Requests per second must be a number from 0 to 1,000,000,000.";
    match &l.pattern {
        LoadPattern::Steady { rps } => r.check(ok(*rps), format!("{path}.pattern.Steady.rps"), msg),
        LoadPattern::Ramp {
            from_rps, to_rps, ..
        } => {
            r.check(ok(*from_rps), format!("{path}.pattern.Ramp.from_rps"), msg);
            r.check(ok(*to_rps), format!("{path}.pattern.Ramp.to_rps"), msg);
        }
        LoadPattern::Spike {
            base_rps, peak_rps, ..
        } => {
            r.check(ok(*base_rps), format!("{path}.pattern.Spike.base_rps"), msg);
            r.check(ok(*peak_rps), format!("{path}.pattern.Spike.peak_rps"), msg);
        }
        LoadPattern::DailyWave {
            min_rps,
            max_rps,
            peak_hour,
        } => {
            r.check(
                ok(*min_rps),
                format!("{path}.pattern.DailyWave.min_rps"),
                msg,
            );
            r.check(
                ok(*max_rps),
                format!("{path}.pattern.DailyWave.max_rps"),
                msg,
            );
            r.check(
                peak_hour.is_finite() && (0.0..24.0).contains(peak_hour),
                format!("{path}.pattern.DailyWave.peak_hour"),
                "The peak hour is from 0 to 24.",
            );
        }
        LoadPattern::Steps { steps } => {
            for (i, st) in steps.iter().enumerate() {
                r.check(
                    ok(st.rps),
                    format!("{path}.pattern.Steps.steps[{i}].rps"),
                    msg,
                );
            }
        }
    }
}

fn validate_delivery(s: &Scenario, r: &mut Report) {
    let d = &s.delivery;
    for msg in d.deployment_config.validate() {
        r.add("delivery.deployment_config", msg);
    }
    for (i, n) in duplicates(d.revisions.iter().map(|rv| rv.label.as_str())) {
        r.add(
            format!("delivery.revisions[{i}].label"),
            format!("Revision {n} is defined twice."),
        );
    }
    for (i, rv) in d.revisions.iter().enumerate() {
        let p = format!("delivery.revisions[{i}]");
        r.check(
            !rv.label.is_empty() && rv.label.len() <= 64,
            format!("{p}.label"),
            "A revision label is 1 to 64 characters.",
        );
        r.check(
            finite_non_negative(rv.bundle_mb) && rv.bundle_mb <= 10_000.0,
            format!("{p}.bundle_mb"),
            "Bundle size is 0 to 10,000 MB.",
        );
        r.check(
            rv.event_s <= 3600,
            format!("{p}.event_s"),
            "A lifecycle event fails if it takes more than 3600 seconds (B1.3).",
        );
        if let crate::scenario::RevisionFailure::Probability(pct) = rv.failure {
            r.check(
                pct.is_finite() && (0.0..=100.0).contains(&pct),
                format!("{p}.failure.Probability"),
                "A probability is a percentage from 0 to 100.",
            );
        }
    }
    r.check(
        d.blue_green.termination_wait_minutes <= 2880,
        "delivery.blue_green.termination_wait_minutes",
        "terminationWaitTimeInMinutes is at most 2880 (2 days, B4.2).",
    );
    r.check(
        d.blue_green.wait_time_minutes <= 2880,
        "delivery.blue_green.wait_time_minutes",
        "waitTimeInMinutes is at most 2880 (48 hours, B4.2).",
    );
    if let Some(init) = &d.initial_revision {
        r.check(
            d.revisions.iter().any(|rv| &rv.label == init),
            "delivery.initial_revision",
            format!("Revision {init} is not defined in delivery.revisions."),
        );
    }
    if d.method == crate::scenario::DeliveryMethod::BakeAmi {
        r.check(
            matches!(s.group.launch, LaunchSource::LaunchTemplate { .. }),
            "delivery.method",
            "Baking AMIs per release needs the group to launch from a launch template (A1.5).",
        );
    }
    let a = &s.assumptions;
    r.check(
        a.download_mb_per_s.is_finite() && a.download_mb_per_s > 0.0,
        "assumptions.download_mb_per_s",
        "Download speed must be more than 0 MB/s.",
    );
    r.check(
        a.manual_update_s <= 86_400,
        "assumptions.manual_update_s",
        "Use at most 86400 seconds.",
    );
    r.check(
        a.ami_bake_s <= 86_400,
        "assumptions.ami_bake_s",
        "Use at most 86400 seconds.",
    );
    r.check(
        a.refresh_min_healthy_pct <= 100,
        "assumptions.refresh_min_healthy_pct",
        "MinHealthyPercentage is 0 to 100 (A1.9).",
    );
}

fn validate_assumptions(s: &Scenario, r: &mut Report) {
    let a = &s.assumptions;
    r.check(
        a.boot_s <= 3600,
        "assumptions.boot_s",
        "Boot time is at most 3600 seconds.",
    );
    r.check(
        a.boot_jitter_s <= 3600,
        "assumptions.boot_jitter_s",
        "Boot jitter is at most 3600 seconds.",
    );
    r.check(
        a.shutdown_s <= 3600,
        "assumptions.shutdown_s",
        "Shutdown time is at most 3600 seconds.",
    );
    r.check(
        a.scheduled_action_delay_s <= 120,
        "assumptions.scheduled_action_delay_s",
        "AWS runs scheduled actions at most 2 minutes late (A3.6).",
    );
    let tt = &a.target_tracking_alarms;
    r.check(
        tt.period_s >= 60 && tt.period_s.is_multiple_of(60),
        "assumptions.target_tracking_alarms.period_s",
        "Use a multiple of 60 seconds.",
    );
    r.check(
        (1..=60).contains(&tt.high_datapoints),
        "assumptions.target_tracking_alarms.high_datapoints",
        "Use 1 to 60 datapoints.",
    );
    r.check(
        (1..=60).contains(&tt.low_datapoints),
        "assumptions.target_tracking_alarms.low_datapoints",
        "Use 1 to 60 datapoints.",
    );
    r.check(
        tt.low_ratio.is_finite() && tt.low_ratio > 0.0 && tt.low_ratio < 1.0,
        "assumptions.target_tracking_alarms.low_ratio",
        "The low threshold ratio is between 0 and 1.",
    );
    for (path, v) in [
        ("assumptions.idle_cpu_pct", a.idle_cpu_pct),
        ("assumptions.mem_base_pct", a.mem_base_pct),
        ("assumptions.disk_base_pct", a.disk_base_pct),
    ] {
        r.check(
            v.is_finite() && (0.0..=100.0).contains(&v),
            path,
            "A percentage from 0 to 100.",
        );
    }
    for (path, v) in [
        ("assumptions.mem_per_cpu_pct", a.mem_per_cpu_pct),
        ("assumptions.mem_leak_pct_per_hour", a.mem_leak_pct_per_hour),
        (
            "assumptions.disk_growth_pct_per_hour",
            a.disk_growth_pct_per_hour,
        ),
        ("assumptions.base_latency_ms", a.base_latency_ms),
    ] {
        r.check(
            finite_non_negative(v) && v <= 1e6,
            path,
            "A number of at least 0.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_valid() {
        assert_eq!(validate(&Scenario::demo()), Vec::<Problem>::new());
    }

    #[test]
    fn a2_2_desired_outside_bounds_uses_aws_text() {
        let mut s = Scenario::demo();
        s.group.min_size = 4;
        s.group.max_size = 10;
        s.group.desired_capacity = Some(2);
        let p = validate(&s);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "group.desired_capacity");
        assert_eq!(
            p[0].message,
            "Desired capacity:2 must be between the specified min size:4 and max size:10"
        );
    }

    #[test]
    fn a6_2_heartbeat_bounds() {
        let mut s = Scenario::demo();
        s.group
            .lifecycle_hooks
            .push(crate::scenario::LifecycleHookSpec {
                heartbeat_timeout_s: 10,
                ..Default::default()
            });
        let p = validate(&s);
        assert!(p
            .iter()
            .any(|p| p.path == "group.lifecycle_hooks[0].heartbeat_timeout_s"));
    }

    #[test]
    fn a5_3_default_must_be_last() {
        let mut s = Scenario::demo();
        s.group.termination_policies = vec![
            TerminationPolicy::Default,
            TerminationPolicy::NewestInstance,
        ];
        assert!(validate(&s)
            .iter()
            .any(|p| p.path == "group.termination_policies[0]"));
    }

    #[test]
    fn missing_launch_template_is_reported() {
        let mut s = Scenario::demo();
        s.launch_templates.clear();
        assert!(validate(&s)
            .iter()
            .any(|p| p.path.starts_with("group.launch")));
    }
}
