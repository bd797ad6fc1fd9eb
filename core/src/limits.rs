//! Limits: the quotas AWS itself documents, enforced with AWS's wording, and this simulator's
//! own bound on the work one run may take, checked before it runs. `docs/limits.md` lists each
//! limit, where it comes from and what the user sees.
//!
//! Two kinds:
//! - **AWS quotas** (A2.16, A1.1, A4.2, A6.2, B1.3): a scenario AWS would refuse is refused
//!   here too, by [`check`] (called once from [`crate::validate::validate`]) and, for live
//!   actions, by the event loop.
//! - **Work bounds** (this project's): where AWS has no documented number, or its number still
//!   allows a run that would freeze a browser tab. [`estimate_work`] bounds a whole run before
//!   it starts; the page and the runner call it and show its message.
//!
//! The event loop keeps every per-instance event at O(log n) and every per-minute pass at O(n)
//! in live entities (see [`crate::sim::Work`]), so the estimate below is an upper bound of the
//! work, not a guess.

use serde::{Deserialize, Serialize};

use crate::scenario::{Action, DeliveryMethod, DeploymentType, LoadPattern, PolicyKind, Scenario};
use crate::time::{SimTime, MS_PER_MIN, MS_PER_S};
use crate::validate::{Problem, MAX_GROUP_SIZE, MAX_HORIZON_S};

// ----- AWS quotas -------------------------------------------------------------------------

/// A1.1, A2.1: names of launch configurations, groups, policies, scheduled actions and
/// lifecycle hooks are 1 to 255 characters (the API's `XmlStringMaxLen255`); CloudWatch alarm
/// names too (CW-API `AlarmName`).
pub const MAX_NAME_CHARS: usize = 255;
/// A2.16: 200 launch configurations per Region [ASG-UG:ec2-auto-scaling-quotas].
pub const MAX_LAUNCH_CONFIGURATIONS: usize = 200;
/// A2.16: 50 scaling policies per group (checked in `validate`).
pub const MAX_POLICIES: usize = 50;
/// A2.16, A3.6: 125 scheduled actions per group (checked in `validate`).
pub const MAX_SCHEDULED_ACTIONS: usize = 125;
/// A2.16, A6.2: 50 lifecycle hooks per group (checked in `validate`).
pub const MAX_LIFECYCLE_HOOKS: usize = 50;
/// A2.16: 20 step adjustments per policy (checked by `policy::step::validate_steps`).
pub const MAX_STEP_ADJUSTMENTS: usize = crate::policy::step::MAX_STEP_ADJUSTMENTS;
/// A4.2: up to 5 actions per alarm state list (CW-API `AlarmActions`, max 5 items).
pub const MAX_ALARM_ACTIONS: usize = 5;
/// EC2 quota: 10,000 versions per launch template (EC2 User Guide, launch template quotas).
pub const MAX_LAUNCH_TEMPLATE_VERSIONS: usize = 10_000;
/// B1.3: a deployment targets at most 1,000 instances [CD-UG:limits].
pub const MAX_INSTANCES_PER_DEPLOYMENT: u32 =
    crate::codedeploy::fleet::MAX_INSTANCES_PER_DEPLOYMENT;
/// A2.16: 500 Auto Scaling groups per Region: the primary group and its `extra_groups`.
pub const MAX_GROUPS: usize = 500;
/// A1.1: user data is at most 16 KB, 21,847 characters in the API model (checked in `validate`).
pub const MAX_USER_DATA_CHARS: usize = 21_847;

/// ECS quota: 5,000 tasks per service (ECS-DG service-quotas); also the largest desired count
/// the simulator runs.
pub const MAX_ECS_TASKS: u32 = 5_000;
/// ECS task definition revisions registered per scenario (registered before the run and by
/// timed actions): this simulator's bound (ECS allows 1,000,000 revisions per family).
pub const MAX_ECS_TASK_DEFINITIONS: usize = 1_000;
/// C4: scaling policies and scheduled actions of the service's scalable target (Application
/// Auto Scaling allows 50 policies and 200 scheduled actions per scalable target).
pub const MAX_SERVICE_SCALING_POLICIES: usize = 50;
pub const MAX_SERVICE_SCHEDULED_ACTIONS: usize = 200;
/// CodeDeploy hooks per ECS deployment group: one per hookable lifecycle event.
pub const MAX_ECS_HOOKS: usize = 5;
/// Passes over the tasks in one ECS scheduler tick (lost hosts, states, the scheduler's step,
/// placement and the minute's metrics amortised), for the work estimate.
pub const ECS_PASSES_PER_TICK: u64 = 6;

// ----- This simulator's work bounds ----------------------------------------------------------

/// The largest group the simulator runs (AWS's own bound is the account's EC2 instance
/// quota, which has no fixed number).
pub const MAX_INSTANCES: u32 = MAX_GROUP_SIZE;
/// The longest run: 31 days of simulated time.
pub const MAX_RUN_S: u64 = MAX_HORIZON_S;
/// CloudWatch alarms per scenario. CloudWatch has an alarm quota per account
/// (`LimitExceededFault`: "The quota for alarms for this customer has already been reached")
/// whose number it does not fix in its API; this is ours.
pub const MAX_ALARMS: usize = 5_000;
/// Availability Zones per group. The largest AWS Region has six; a group lists AZs of one
/// Region, so 32 leaves room and keeps launches' AZ choice O(1).
pub const MAX_AVAILABILITY_ZONES: usize = 32;
/// Launch templates, AMIs, instance types and revisions per scenario: each is looked up by
/// name at a launch or a deployment.
pub const MAX_LAUNCH_TEMPLATES: usize = 1_000;
pub const MAX_AMIS: usize = 1_000;
pub const MAX_INSTANCE_TYPES: usize = 1_000;
pub const MAX_REVISIONS: usize = 1_000;
/// Software items per AMI and per revision (`software`, `requires`, `installs`).
pub const MAX_SOFTWARE_ITEMS: usize = 100;
/// Timed actions per scenario (the page records one per settled slider move).
pub const MAX_ACTIONS: usize = 20_000;
/// Steps of a `Steps` load pattern (read every minute).
pub const MAX_LOAD_STEPS: usize = 10_000;
/// EKS: the most pods one Deployment may ask for here (\[MODEL\]; a cluster allows far more).
pub const MAX_PODS: u32 = 5_000;
/// EKS: the kubelet's `maxPods` ceiling (250 on EKS with prefix delegation).
pub const MAX_PODS_PER_NODE: u32 = 250;
/// EKS: commits in the manifests' Git history.
pub const MAX_GIT_COMMITS: usize = 1_000;
/// EKS: work per pod per minute (4 HPA syncs and 6 Cluster Autoscaler scans pass over the pods,
/// each controller pass too).
pub const KUBE_UNITS_PER_POD_MINUTE: u64 = 32;
/// EKS: events per pod per minute (a pod's start and readiness, churn under a fight) and per
/// minute (the controllers' cadences, Argo CD's watch while selfHeal waits).
pub const KUBE_EVENTS_PER_POD_MINUTE: u64 = 16;
pub const KUBE_EVENTS_PER_MINUTE: u64 = 100;
/// Other free-text fields (descriptions, AMI names, revision labels, AZ names): characters.
pub const MAX_TEXT_CHARS: usize = 255;

/// The work one run may take, in work units (see [`WorkEstimate`]). The benchmark's 10,000
/// instances for 7 days (max size 20,000: about 202 million units) fits
/// (`cargo bench -p scaleout-core --bench sim` prints its time).
pub const MAX_WORK_UNITS: u64 = 250_000_000;
/// Minute aggregates all alarms' datapoint windows may hold at once (32 bytes each: 32 MB).
pub const MAX_ALARM_WINDOW_SLOTS: u64 = 1_000_000;
/// The events a run may process per work unit, plus per minute: the budget the property test
/// `bounded_work::random_scenarios_finish_a_day_within_the_event_budget` checks.
pub const EVENTS_PER_INSTANCE_MINUTE: u64 = 64;
pub const EVENTS_PER_MINUTE: u64 = 4;
/// Work units an action costs beyond a pass over the fleet: a look at each launch
/// configuration (at most 200) and at a name (at most 255 characters).
pub const ACTION_OVERHEAD_UNITS: u64 = 512;
/// Work units one alarm evaluation costs beyond its datapoints (A4.4/A4.5's rules and the
/// state reason): measured at about 30 times a fleet pass's cost per instance.
pub const ALARM_EVALUATION_UNITS: u64 = 32;

/// Characters, as AWS counts a name's length.
pub fn name_chars(s: &str) -> usize {
    s.chars().count()
}

/// AWS's wording for a value longer than its field allows. Long values are shortened in the
/// message (AWS repeats the whole value).
pub fn name_too_long_message(value: &str, field: &str) -> String {
    let shown: String = if name_chars(value) > 60 {
        let head: String = value.chars().take(57).collect();
        format!("{head}...")
    } else {
        value.to_string()
    };
    format!(
        "1 validation error detected: Value '{shown}' at '{field}' failed to satisfy constraint: \
         Member must have length less than or equal to {MAX_NAME_CHARS}"
    )
}

/// AWS's `LimitExceeded` fault, with the quota that was reached (A2.16).
pub fn launch_configuration_limit_message() -> String {
    format!(
        "LimitExceeded: You have already reached a limit for your Amazon EC2 Auto Scaling \
         resources (for example, Auto Scaling groups, launch configurations, or lifecycle \
         hooks). The quota is {MAX_LAUNCH_CONFIGURATIONS} launch configurations per Region (A2.16)."
    )
}

fn too_many(what: &str, n: usize, max: usize, source: &str) -> String {
    format!("{n} {what} is more than the {max} allowed ({source}).")
}

/// Adds every list longer than its limit and every name longer than AWS allows to `out`.
/// Returns true when a list is over its limit: `validate` then reports only these problems,
/// since checking each item of an oversized list would itself be unbounded work.
pub fn check(s: &Scenario, out: &mut Vec<Problem>) -> bool {
    let before = out.len();
    let mut count = |path: &str, n: usize, max: usize, what: &str, source: &str| {
        if n > max {
            out.push(Problem {
                path: path.to_string(),
                message: too_many(what, n, max, source),
            });
        }
    };
    count(
        "launch_configurations",
        s.launch_configurations.len(),
        MAX_LAUNCH_CONFIGURATIONS,
        "launch configurations",
        "A2.16: 200 per Region",
    );
    count(
        "alarms",
        s.alarms.len(),
        MAX_ALARMS,
        "alarms",
        "this simulator's bound, docs/limits.md",
    );
    count(
        "group.availability_zones",
        s.group.availability_zones.len(),
        MAX_AVAILABILITY_ZONES,
        "Availability Zones",
        "this simulator's bound, docs/limits.md",
    );
    count(
        "launch_templates",
        s.launch_templates.len(),
        MAX_LAUNCH_TEMPLATES,
        "launch templates",
        "this simulator's bound, docs/limits.md",
    );
    count(
        "amis",
        s.amis.len(),
        MAX_AMIS,
        "AMIs",
        "this simulator's bound, docs/limits.md",
    );
    count(
        "instance_types",
        s.instance_types.len(),
        MAX_INSTANCE_TYPES,
        "instance types",
        "this simulator's bound, docs/limits.md",
    );
    count(
        "delivery.revisions",
        s.delivery.revisions.len(),
        MAX_REVISIONS,
        "revisions",
        "this simulator's bound, docs/limits.md",
    );
    count(
        "actions",
        s.actions.len(),
        MAX_ACTIONS,
        "timed actions",
        "this simulator's bound, docs/limits.md",
    );
    count(
        "group.termination_policies",
        s.group.termination_policies.len(),
        6,
        "termination policies",
        "there are six",
    );
    if let Some(e) = &s.ecs {
        count(
            "ecs.task_definitions",
            e.task_definitions.len(),
            MAX_ECS_TASK_DEFINITIONS,
            "task definition revisions",
            "this simulator's bound, docs/limits.md",
        );
        count(
            "ecs.service.code_deploy.hooks",
            e.service.code_deploy.hooks.len(),
            MAX_ECS_HOOKS,
            "hooks",
            "one per lifecycle event with hooks",
        );
    }
    count(
        "extra_groups",
        s.extra_groups.len() + 1,
        MAX_GROUPS,
        "Auto Scaling groups",
        "A2.16: 500 per Region",
    );
    for (i, e) in s.extra_groups.iter().take(MAX_GROUPS).enumerate() {
        let g = &e.group;
        count(
            &format!("extra_groups[{i}].group.availability_zones"),
            g.availability_zones.len(),
            MAX_AVAILABILITY_ZONES,
            "Availability Zones",
            "this simulator's bound, docs/limits.md",
        );
        count(
            &format!("extra_groups[{i}].group.termination_policies"),
            g.termination_policies.len(),
            6,
            "termination policies",
            "there are six",
        );
        count(
            &format!("extra_groups[{i}].group.lifecycle_hooks"),
            g.lifecycle_hooks.len(),
            MAX_LIFECYCLE_HOOKS,
            "lifecycle hooks",
            "A2.16: 50 per group",
        );
        if let crate::scenario::GroupLoad::Own { load } = &e.load {
            if let LoadPattern::Steps { steps } = &load.pattern {
                count(
                    &format!("extra_groups[{i}].load.Own.load.pattern.Steps.steps"),
                    steps.len(),
                    MAX_LOAD_STEPS,
                    "load steps",
                    "this simulator's bound, docs/limits.md",
                );
            }
        }
    }
    if let LoadPattern::Steps { steps } = &s.load.pattern {
        count(
            "load.pattern.Steps.steps",
            steps.len(),
            MAX_LOAD_STEPS,
            "load steps",
            "this simulator's bound, docs/limits.md",
        );
    }
    for (i, lt) in s.launch_templates.iter().enumerate() {
        count(
            &format!("launch_templates[{i}].versions"),
            lt.versions.len(),
            MAX_LAUNCH_TEMPLATE_VERSIONS,
            "versions",
            "EC2: 10,000 per launch template",
        );
    }
    for (i, a) in s.alarms.iter().enumerate() {
        count(
            &format!("alarms[{i}].alarm_actions"),
            a.alarm_actions.len(),
            MAX_ALARM_ACTIONS,
            "alarm actions",
            "A4.2: up to 5 per state",
        );
    }
    for (i, a) in s.amis.iter().enumerate() {
        count(
            &format!("amis[{i}].software"),
            a.software.len(),
            MAX_SOFTWARE_ITEMS,
            "software items",
            "this simulator's bound, docs/limits.md",
        );
    }
    for (i, r) in s.delivery.revisions.iter().enumerate() {
        count(
            &format!("delivery.revisions[{i}].requires"),
            r.requires.len(),
            MAX_SOFTWARE_ITEMS,
            "required items",
            "this simulator's bound, docs/limits.md",
        );
        count(
            &format!("delivery.revisions[{i}].installs"),
            r.installs.len(),
            MAX_SOFTWARE_ITEMS,
            "installed items",
            "this simulator's bound, docs/limits.md",
        );
    }
    if let Some(k) = &s.kubernetes {
        if let Some(g) = &k.gitops {
            count(
                "kubernetes.gitops.commits",
                g.commits.len(),
                MAX_GIT_COMMITS,
                "commits",
                "this simulator's bound, docs/limits.md",
            );
            count(
                "kubernetes.gitops.application.ignore_differences",
                g.application.ignore_differences.len(),
                100,
                "ignoreDifferences entries",
                "this simulator's bound, docs/limits.md",
            );
        }
        let mut pods = |path: &str, n: u32| {
            if n > MAX_PODS {
                out.push(Problem {
                    path: path.to_string(),
                    message: too_many(
                        "pods",
                        n as usize,
                        MAX_PODS as usize,
                        "this simulator's bound, docs/limits.md",
                    ),
                });
            }
        };
        pods(
            "kubernetes.deployment.replicas",
            k.deployment.replicas.unwrap_or(0),
        );
        if let Some(h) = &k.hpa {
            pods("kubernetes.hpa.max_replicas", h.max_replicas);
        }
        if let Some(g) = &k.gitops {
            for (i, c) in g.commits.iter().enumerate() {
                pods(
                    &format!("kubernetes.gitops.commits[{i}].replicas"),
                    c.replicas.unwrap_or(0),
                );
                pods(
                    &format!("kubernetes.gitops.commits[{i}].hpa_max_replicas"),
                    c.hpa_max_replicas.unwrap_or(0),
                );
            }
        }
        for (i, a) in s.actions.iter().enumerate() {
            if let Action::Kubectl(crate::scenario::KubectlAction::Scale { replicas }) = &a.action {
                pods(
                    &format!("actions[{i}].action.Kubectl.Scale.replicas"),
                    *replicas,
                );
            }
        }
        let max_pods = k.node_group.max_pods;
        if max_pods > MAX_PODS_PER_NODE {
            out.push(Problem {
                path: "kubernetes.node_group.max_pods".into(),
                message: too_many(
                    "pods per node",
                    max_pods as usize,
                    MAX_PODS_PER_NODE as usize,
                    "EKS: 250 with prefix delegation",
                ),
            });
        }
    }
    if out.len() > before {
        // The lists are too long to look into.
        return true;
    }
    let mut name = |path: String, value: &str, field: &str| {
        if name_chars(value) > MAX_NAME_CHARS {
            out.push(Problem {
                path,
                message: name_too_long_message(value, field),
            });
        }
    };
    for (i, a) in s.alarms.iter().enumerate() {
        name(format!("alarms[{i}].name"), &a.name, "alarmName");
    }
    for (i, h) in s.group.lifecycle_hooks.iter().enumerate() {
        name(
            format!("group.lifecycle_hooks[{i}].name"),
            &h.name,
            "lifecycleHookName",
        );
    }
    for (i, a) in s.scheduled_actions.iter().enumerate() {
        name(
            format!("scheduled_actions[{i}].name"),
            &a.name,
            "scheduledActionName",
        );
    }
    for (i, lt) in s.launch_templates.iter().enumerate() {
        name(
            format!("launch_templates[{i}].name"),
            &lt.name,
            "launchTemplateName",
        );
    }
    for (i, az) in s.group.availability_zones.iter().enumerate() {
        name(
            format!("group.availability_zones[{i}]"),
            az,
            "availabilityZones",
        );
    }
    for (i, a) in s.amis.iter().enumerate() {
        name(format!("amis[{i}].id"), &a.id, "imageId");
        name(format!("amis[{i}].name"), &a.name, "name");
    }
    for (i, t) in s.instance_types.iter().enumerate() {
        name(format!("instance_types[{i}].name"), &t.name, "instanceType");
    }
    false
}

// ----- The work estimate ------------------------------------------------------------------

/// What a run to `until` may cost at most, in the units the event loop's costs are
/// proportional to. One work unit is one instance (or alarm datapoint, or load step) looked at
/// in one simulated minute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkEstimate {
    /// Simulated minutes.
    pub minutes: u64,
    /// The largest the fleet can get: the largest max size any part of the scenario sets,
    /// doubled during a blue/green deployment (B4.2).
    pub peak_instances: u64,
    /// `peak_instances x minutes`: the per-minute passes over the fleet.
    pub instance_minutes: u64,
    /// The alarms' datapoints read each minute (evaluation range, A4.5) plus
    /// [`ALARM_EVALUATION_UNITS`] per alarm, x minutes.
    pub alarm_datapoint_minutes: u64,
    /// Minute aggregates the alarms' windows hold at once (memory).
    pub alarm_window_slots: u64,
    /// Timed actions x (`peak_instances` + [`ACTION_OVERHEAD_UNITS`]): an action may pass
    /// over the fleet once, and over the launch configurations and their names.
    pub action_instances: u64,
    /// How many launches one instance slot may go through per minute: 1, or up to 60 when a
    /// launch can be abandoned (a launch hook, or CodeDeploy's, A6.4) and replaced as soon as
    /// the instance has booted (`boot_s`, at least 1 s).
    pub launches_per_instance_minute: u64,
    /// The load steps' lookups: sorting them once, then a binary search each minute
    /// (`traffic::load`), so steps + minutes x log2(steps).
    pub load_step_minutes: u64,
    /// ECS: the scheduler's ticks (one event each) over the run: `60 / scheduler_interval_s`
    /// per minute.
    pub ecs_ticks: u64,
    /// ECS: each tick passes over the tasks a few times and over the container instances once:
    /// (peak tasks x [`ECS_PASSES_PER_TICK`] + peak instances) x ticks. Peak tasks: the
    /// largest desired count the scenario sets, doubled (maximumPercent 200, or two task sets
    /// during a blue/green deployment), plus as many stopping.
    pub ecs_task_ticks: u64,
    /// EKS: the most pods the scenario can ask for, x minutes.
    pub pod_minutes: u64,
    /// The sum of the work above.
    pub total: u64,
}

impl WorkEstimate {
    /// The most events a run within this estimate processes ([`crate::sim::Work::events`]).
    pub fn event_budget(&self) -> u64 {
        self.minutes
            .saturating_mul(EVENTS_PER_MINUTE)
            .saturating_add(
                self.instance_minutes
                    .saturating_mul(self.launches_per_instance_minute)
                    .saturating_mul(EVENTS_PER_INSTANCE_MINUTE),
            )
            .saturating_add(self.action_instances)
            .saturating_add(self.ecs_ticks)
            .saturating_add(self.pod_minutes.saturating_mul(KUBE_EVENTS_PER_POD_MINUTE))
            .saturating_add(if self.pod_minutes > 0 {
                self.minutes.saturating_mul(KUBE_EVENTS_PER_MINUTE)
            } else {
                0
            })
            .saturating_add(1_000)
    }
}

/// Why a run was refused before it started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitError {
    pub message: String,
}

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LimitError {}

/// Thousands separators, for messages.
fn n(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The work a run of `scenario` to `until` may take, or why it is refused: past the 31-day
/// cap, more work than [`MAX_WORK_UNITS`], or more alarm memory than
/// [`MAX_ALARM_WINDOW_SLOTS`]. A pure function of its arguments, cheap (one pass over the
/// scenario), so the page and the runner call it before every run.
pub fn estimate_work(scenario: &Scenario, until: SimTime) -> Result<WorkEstimate, LimitError> {
    if until.ms() > MAX_RUN_S * MS_PER_S {
        return Err(LimitError {
            message: format!(
                "Runs are limited to 31 days of simulated time ({} s); {} s was asked for.",
                n(MAX_RUN_S),
                n(until.ms() / MS_PER_S)
            ),
        });
    }
    let minutes = until.ms().div_ceil(MS_PER_MIN);
    let s = scenario;
    let mut peak = u64::from(s.group.max_size);
    for a in &s.scheduled_actions {
        peak = peak.max(u64::from(a.max_size.unwrap_or(0)));
    }
    for a in &s.actions {
        if let Action::UpdateGroupSize {
            max_size: Some(m), ..
        } = a.action
        {
            peak = peak.max(u64::from(m));
        }
    }
    let peak = peak.min(u64::from(MAX_INSTANCES));
    // Every group's instances count: each extra group at its largest size.
    let extra_peak: u64 = s
        .extra_groups
        .iter()
        .map(|e| u64::from(e.group.max_size.min(MAX_INSTANCES)))
        .sum();
    let blue_green = s.delivery.method == DeliveryMethod::CodeDeploy
        && s.delivery.deployment_type == DeploymentType::BLUE_GREEN;
    let peak_instances = if blue_green { peak * 2 } else { peak } + extra_peak;

    // Every alarm, with the pair each target tracking policy creates (A3.4.2). Windows are
    // shared per group, metric and period: the key numbers the (group, metric) pair.
    let series_key = |group: &Option<String>, metric: crate::scenario::MetricName| {
        s.group_index(group.as_deref()).unwrap_or(0) * crate::scenario::MetricName::ALL.len()
            + metric.index()
    };
    let mut alarms: Vec<(usize, u64, u64)> = s
        .alarms
        .iter()
        .map(|a| {
            let range = u64::from(a.evaluation_periods.max(1)).saturating_add(2);
            let key = series_key(&a.group, a.metric);
            (key, u64::from(a.period_s / 60).max(1), range)
        })
        .collect();
    let tt = &s.assumptions.target_tracking_alarms;
    for p in &s.policies {
        if let PolicyKind::TargetTrackingScaling { metric, .. } = &p.kind {
            let period = u64::from(tt.period_s / 60).max(1);
            let key = series_key(&p.group, *metric);
            alarms.push((key, period, u64::from(tt.high_datapoints.max(1)) + 2));
            alarms.push((key, period, u64::from(tt.low_datapoints.max(1)) + 2));
        }
    }
    let alarm_points: u64 = alarms
        .iter()
        .map(|a| a.2.saturating_add(ALARM_EVALUATION_UNITS))
        .sum();
    // Alarms on one metric with one period share their windows (see `metrics::PeriodSeries`).
    crate::sort::sort(&mut alarms);
    let mut slots = 0u64;
    let mut i = 0;
    while i < alarms.len() {
        let (metric, period, _) = alarms[i];
        let mut range = 0;
        while i < alarms.len() && alarms[i].0 == metric && alarms[i].1 == period {
            range = range.max(alarms[i].2);
            i += 1;
        }
        slots = slots.saturating_add(period + (range - 1) * period + 1);
    }
    let can_abandon = s.delivery.method == DeliveryMethod::CodeDeploy
        || std::iter::once(&s.group)
            .chain(s.extra_groups.iter().map(|e| &e.group))
            .flat_map(|g| &g.lifecycle_hooks)
            .any(|h| h.transition == crate::scenario::LifecycleTransition::Launching);
    let launches_per_instance_minute = if can_abandon {
        (60 / u64::from(s.assumptions.boot_s.max(1))).clamp(1, 60)
    } else {
        1
    };
    let steps_of = |l: &crate::scenario::LoadSpec| match &l.pattern {
        LoadPattern::Steps { steps } => steps.len() as u64,
        _ => 1,
    };
    let (ecs_ticks, ecs_task_ticks) = match &s.ecs {
        None => (0, 0),
        Some(ecs) => {
            let mut desired = u64::from(ecs.service.desired_count);
            // C4: auto scaling may take the service up to its largest maximum capacity.
            if let Some(a) = &ecs.service.auto_scaling {
                let scheduled = a.scheduled_actions.iter().filter_map(|x| x.max_capacity);
                for m in scheduled.chain([a.max_capacity]) {
                    desired = desired.max(u64::from(m));
                }
            }
            for a in &s.actions {
                if let Action::UpdateService {
                    desired_count: Some(d),
                    ..
                } = a.action
                {
                    desired = desired.max(u64::from(d));
                }
            }
            let peak_tasks = desired.min(u64::from(MAX_ECS_TASKS)) * 3;
            let per_minute = 60 / u64::from(ecs.assumptions.scheduler_interval_s.clamp(1, 60));
            let ticks = minutes.saturating_mul(per_minute.max(1));
            let per_tick = peak_tasks
                .saturating_mul(ECS_PASSES_PER_TICK)
                .saturating_add(peak_instances);
            (ticks, ticks.saturating_mul(per_tick))
        }
    };
    let pod_minutes = peak_pods(s).saturating_mul(minutes);
    let load_steps = steps_of(&s.load)
        + s.extra_groups
            .iter()
            .map(|e| match &e.load {
                crate::scenario::GroupLoad::Own { load } => steps_of(load),
                crate::scenario::GroupLoad::ShareOfScenario { .. } => 0,
            })
            .sum::<u64>();
    let mut e = WorkEstimate {
        minutes,
        peak_instances,
        instance_minutes: peak_instances.saturating_mul(minutes),
        alarm_datapoint_minutes: alarm_points.saturating_mul(minutes),
        alarm_window_slots: slots,
        action_instances: (s.actions.len() as u64)
            .saturating_mul(peak_instances.saturating_add(ACTION_OVERHEAD_UNITS)),
        launches_per_instance_minute,
        ecs_ticks,
        ecs_task_ticks,
        load_step_minutes: load_steps
            .saturating_add(minutes.saturating_mul(u64::from(64 - load_steps.leading_zeros()))),
        pod_minutes,
        total: 0,
    };
    e.total = e
        .instance_minutes
        .saturating_add(e.alarm_datapoint_minutes)
        .saturating_add(e.action_instances)
        .saturating_add(e.load_step_minutes)
        .saturating_add(e.ecs_task_ticks)
        .saturating_add(e.pod_minutes.saturating_mul(KUBE_UNITS_PER_POD_MINUTE));
    if e.alarm_window_slots > MAX_ALARM_WINDOW_SLOTS {
        return Err(LimitError {
            message: format!(
                "The alarms' periods need {} minutes of datapoints kept at once; the limit is {}. \
                 Use fewer distinct periods or shorter ones (docs/limits.md).",
                n(e.alarm_window_slots),
                n(MAX_ALARM_WINDOW_SLOTS)
            ),
        });
    }
    if e.total > MAX_WORK_UNITS {
        return Err(LimitError {
            message: format!(
                "This run is too large to simulate here: {} work units (up to {} instances for \
                 {} minutes, {} alarms, {} timed actions), and the limit is {}. \
                 Lower the group's max_size, run for less time, or use fewer alarms or actions \
                 (docs/limits.md).",
                n(e.total),
                n(e.peak_instances),
                n(e.minutes),
                n(alarms.len() as u64),
                n(s.actions.len() as u64),
                n(MAX_WORK_UNITS)
            ),
        });
    }
    Ok(e)
}

/// EKS: the most pods the scenario can ask for (0 without a cluster).
fn peak_pods(s: &Scenario) -> u64 {
    let Some(k) = &s.kubernetes else { return 0 };
    let mut peak = k.deployment.replicas.unwrap_or(1);
    if let Some(h) = &k.hpa {
        peak = peak.max(h.max_replicas);
    }
    if let Some(g) = &k.gitops {
        for c in &g.commits {
            peak = peak
                .max(c.replicas.unwrap_or(0))
                .max(c.hpa_max_replicas.unwrap_or(0));
        }
    }
    for a in &s.actions {
        if let Action::Kubectl(crate::scenario::KubectlAction::Scale { replicas }) = &a.action {
            peak = peak.max(*replicas);
        }
    }
    u64::from(peak.min(MAX_PODS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eks_pods_count_in_the_work_and_are_bounded() {
        let mut s = Scenario::demo();
        let none = estimate_work(&s, SimTime::from_secs(3600)).expect("fits");
        assert_eq!(none.pod_minutes, 0);
        let mut k = crate::scenario::KubernetesSpec {
            hpa: Some(crate::scenario::HpaInput::default()),
            ..Default::default()
        };
        if let Some(h) = k.hpa.as_mut() {
            h.max_replicas = 1_000;
        }
        s.kubernetes = Some(k.clone());
        let e = estimate_work(&s, SimTime::from_secs(3600)).expect("fits");
        assert_eq!(e.pod_minutes, 60_000);
        assert!(e.event_budget() > none.event_budget());
        if let Some(h) = k.hpa.as_mut() {
            h.max_replicas = MAX_PODS + 1;
        }
        s.kubernetes = Some(k);
        let mut out = Vec::new();
        assert!(check(&s, &mut out));
        assert_eq!(out[0].path, "kubernetes.hpa.max_replicas");
    }

    #[test]
    fn thousands() {
        assert_eq!(n(0), "0");
        assert_eq!(n(999), "999");
        assert_eq!(n(1000), "1,000");
        assert_eq!(n(250_000_000), "250,000,000");
    }

    #[test]
    fn the_demo_fits() {
        let s = Scenario::demo();
        let e = estimate_work(&s, SimTime::from_secs(s.horizon_s)).expect("fits");
        assert_eq!(e.minutes, 1440);
        assert!(e.total < MAX_WORK_UNITS / 100);
    }

    #[test]
    fn past_31_days_is_refused() {
        let s = Scenario::demo();
        let e = estimate_work(&s, SimTime::from_secs(1000 * 86_400)).unwrap_err();
        assert!(e.message.contains("31 days"), "{e}");
    }

    #[test]
    fn a1_1_long_names_use_aws_wording() {
        let m = name_too_long_message(&"x".repeat(300), "launchConfigurationName");
        assert!(m.starts_with("1 validation error detected: Value 'xxx"));
        assert!(m.ends_with("Member must have length less than or equal to 255"));
    }
}
