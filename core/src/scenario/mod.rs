//! The scenario: everything a run depends on, as plain serde data. The same struct is read
//! from the runner's JSON files, encoded into share links, and edited by the page.
//!
//! Field names are snake_case; enum values use AWS's own strings where AWS has them
//! (`ChangeInCapacity`, `GreaterThanThreshold`, `OK`). Every field has a default so that a
//! JSON file only needs what differs. Enums are externally tagged so the same types also
//! encode with postcard for links.

use serde::{Deserialize, Serialize};

use crate::codedeploy::config::DeploymentConfig;
use crate::codedeploy::lifecycle_events::LifecycleEvent;
use crate::policy::adjustment::AdjustmentType;
use crate::policy::step::{MetricAggregationType, StepAdjustment};
use crate::policy::target_tracking::TargetTrackingAlarmModel;

mod delivery;
mod groups;
pub use delivery::*;
mod kubernetes;
pub use groups::*;
pub use kubernetes::*;
mod ecs;
mod scaling;
pub use ecs::*;
pub use scaling::*;

/// 2026-01-05T00:00:00Z, a Monday: the wall-clock moment simulated time 0 stands for.
pub const DEFAULT_START_UNIX_S: u64 = 1_767_571_200;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    pub name: String,
    /// The one seed; every random draw in the run derives from it (see `rng`).
    pub seed: u64,
    /// Unix seconds that simulated time 0 stands for (used in activity timestamps and cron).
    pub start_unix_s: u64,
    /// How far "run to the end" and the runner go by default.
    pub horizon_s: u64,
    pub amis: Vec<Ami>,
    pub instance_types: Vec<InstanceType>,
    pub launch_configurations: Vec<LaunchConfiguration>,
    pub launch_templates: Vec<LaunchTemplate>,
    pub group: GroupSpec,
    pub alarms: Vec<AlarmSpec>,
    pub policies: Vec<PolicySpec>,
    pub scheduled_actions: Vec<ScheduledActionSpec>,
    pub load: LoadSpec,
    /// User actions at given times (set desired, stop an instance, change the load, deploy...).
    /// The page records what the user does here, so a shared link replays the same run.
    pub actions: Vec<TimedAction>,
    /// How application code reaches instances (the four ways the product compares).
    pub delivery: DeliverySpec,
    pub assumptions: Assumptions,
    /// EKS: a Deployment with its HPA on a node group backed by `group`, the Cluster
    /// Autoscaler and GitOps (`docs/kubernetes.md`). `None` = the EC2 scenario.
    pub kubernetes: Option<KubernetesSpec>,
    /// More Auto Scaling groups beside `group` (none by default). Each has its own sizes,
    /// instances, activities, hooks, health checks and metrics; alarms, policies and scheduled
    /// actions name the group they watch or act on with their `group` field. CodeDeploy's
    /// deployment group stays on `group`.
    pub extra_groups: Vec<ExtraGroup>,
    /// An Amazon ECS cluster and service (`None` = an EC2-only scenario, as before).
    pub ecs: Option<EcsSpec>,
}

/// An Amazon Machine Image: what a fresh instance boots with (A1, PRODUCT.md step 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ami {
    pub id: String,
    pub name: String,
    /// Software baked into the image, such as "JDK 1.8" or "CodeDeploy agent".
    pub software: Vec<String>,
    /// An application revision baked into the image, if any (what runs with no deployment).
    pub baked_revision: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceType {
    pub name: String,
    pub vcpu: u32,
    pub memory_gib: f64,
    pub price_per_hour: f64,
    /// Requests per second one instance serves at 100% CPU [MODEL].
    pub capacity_rps: f64,
}

/// A1.1/A1.2: immutable; changing anything means a new launch configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LaunchConfiguration {
    pub name: String,
    pub image_id: String,
    pub instance_type: String,
    /// A1.1: detailed (1-minute) monitoring is the default for launch configurations.
    pub instance_monitoring: bool,
    pub key_name: Option<String>,
    pub security_groups: Vec<String>,
    pub volume_size_gib: u32,
    pub user_data: Option<String>,
}

/// A1.4/A1.5: numbered, immutable versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LaunchTemplate {
    pub id: String,
    pub name: String,
    /// Which version is `$Default` (1-based).
    pub default_version: u32,
    /// Version 1 is `versions[0]`, and so on.
    pub versions: Vec<LaunchTemplateVersion>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LaunchTemplateVersion {
    pub description: String,
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    /// A1.4: basic monitoring is the default for launch templates.
    pub monitoring_enabled: bool,
    pub key_name: Option<String>,
    pub security_group_ids: Vec<String>,
    pub volume_size_gib: u32,
    pub user_data: Option<String>,
}

/// What the group launches from (A2.1: exactly one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LaunchSource {
    LaunchConfiguration {
        name: String,
    },
    /// `version` is a number, `$Latest` or `$Default` (A1.6), resolved at each launch.
    LaunchTemplate {
        name: String,
        version: String,
    },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HealthCheckType {
    #[default]
    EC2,
    ELB,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TerminationPolicy {
    Default,
    OldestLaunchTemplate,
    OldestLaunchConfiguration,
    ClosestToNextInstanceHour,
    NewestInstance,
    OldestInstance,
}

/// A2.15: processes that can be suspended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScalingProcess {
    Launch,
    Terminate,
    AddToLoadBalancer,
    AlarmNotification,
    AZRebalance,
    HealthCheck,
    InstanceRefresh,
    ReplaceUnhealthy,
    ScheduledActions,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupSpec {
    pub name: String,
    pub launch: LaunchSource,
    pub min_size: u32,
    pub max_size: u32,
    /// A2.1: defaults to `min_size` when absent.
    pub desired_capacity: Option<u32>,
    pub availability_zones: Vec<String>,
    pub health_check_type: HealthCheckType,
    /// A2.7: 0 through the API, 300 in the console; this tool follows the console.
    pub health_check_grace_period_s: u32,
    /// A2.9: 300 s.
    pub default_cooldown_s: u32,
    /// A2.10: not set by default.
    pub default_instance_warmup_s: Option<u32>,
    pub termination_policies: Vec<TerminationPolicy>,
    pub new_instances_protected_from_scale_in: bool,
    pub lifecycle_hooks: Vec<LifecycleHookSpec>,
    pub suspended_processes: Vec<ScalingProcess>,
    /// Seconds an instance keeps draining from the load balancer before it terminates
    /// (deregistration delay, A2.9: 300 s default; 0 here when there is no load balancer).
    pub deregistration_delay_s: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LifecycleTransition {
    #[serde(rename = "autoscaling:EC2_INSTANCE_LAUNCHING")]
    Launching,
    #[serde(rename = "autoscaling:EC2_INSTANCE_TERMINATING")]
    Terminating,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LifecycleActionResult {
    CONTINUE,
    #[default]
    ABANDON,
}

/// A6: a lifecycle hook and what its (simulated) handler does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LifecycleHookSpec {
    pub name: String,
    pub transition: LifecycleTransition,
    /// A6.2: 30 to 7200 s, default 3600.
    pub heartbeat_timeout_s: u32,
    /// A6.2: default ABANDON.
    pub default_result: LifecycleActionResult,
    /// Seconds the handler takes before it calls CompleteLifecycleAction; `None` = it never
    /// does, so the hook times out and `default_result` applies.
    pub handler_completes_after_s: Option<u32>,
    /// What the handler answers when it completes.
    pub handler_result: LifecycleActionResult,
}

/// The incoming traffic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadSpec {
    pub pattern: LoadPattern,
    /// Seeded noise, as a percentage of the pattern's value (0 = none).
    pub noise_pct: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LoadPattern {
    Steady {
        rps: f64,
    },
    /// Linear from `from_rps` to `to_rps` over `[start_s, start_s + duration_s]`.
    Ramp {
        from_rps: f64,
        to_rps: f64,
        start_s: u64,
        duration_s: u64,
    },
    /// `base_rps`, with `peak_rps` during `[at_s, at_s + duration_s)`.
    Spike {
        base_rps: f64,
        peak_rps: f64,
        at_s: u64,
        duration_s: u64,
    },
    /// A 24-hour cosine between `min_rps` and `max_rps`, highest at `peak_hour` (UTC).
    DailyWave {
        min_rps: f64,
        max_rps: f64,
        peak_hour: f64,
    },
    /// Piecewise constant: each step holds from its time until the next.
    Steps {
        steps: Vec<LoadStep>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadStep {
    pub at_s: u64,
    pub rps: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimedAction {
    /// Milliseconds after the start (the page records actions at frame times).
    pub at_ms: u64,
    pub action: Action,
}

/// Everything a user (or a blog's host page) can do to a running simulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// The live load slider; `None` returns to the scenario's pattern.
    SetLoad { rps: Option<f64> },
    /// A2.5: SetDesiredCapacity (does not honour cooldown).
    SetDesiredCapacity { desired: u32 },
    /// A2.3: UpdateAutoScalingGroup sizes.
    UpdateGroupSize {
        min_size: Option<u32>,
        max_size: Option<u32>,
        desired_capacity: Option<u32>,
    },
    /// EC2 stops the newest InService instance (hardware failure): the EC2 health check
    /// marks it unhealthy at once (A2.6).
    FailInstance,
    /// Release a revision by the scenario's delivery method (CodeDeploy: a deployment created by
    /// `user`; BakeAmi: bake, new template version, instance refresh; otherwise by hand).
    Deploy { revision: String },
    /// B4.2: reroute traffic to a blue/green replacement fleet that is waiting.
    ContinueDeployment,
    /// A1.5/A1.6: a new launch template version (copying `source_version` then overriding).
    CreateLaunchTemplateVersion {
        source_version: Option<u32>,
        image_id: Option<String>,
        instance_type: Option<String>,
        set_default: bool,
    },
    /// A1.2: launch configurations are immutable, so a change copies the group's one (the
    /// console names the copy "<name> Copy"), applies the change, and points the group at it.
    /// Running instances keep what they were launched with (A1.7).
    CopyLaunchConfiguration {
        image_id: Option<String>,
        instance_type: Option<String>,
    },
    /// EKS: a `kubectl` command against the cluster (drift from Git, if GitOps is on).
    Kubectl(KubectlAction),
    /// EKS: a commit pushed to the manifests' repository (seen at Argo CD's next poll).
    GitCommit(GitCommit),
    /// EKS: a manual Argo CD sync (`argocd app sync`, the UI's Sync button).
    ArgoCdSync { prune: bool },
    /// ECS RegisterTaskDefinition: the family's next revision (immutable).
    RegisterTaskDefinition { definition: TaskDefinitionSpec },
    /// ECS UpdateService: a new task definition revision starts a deployment (C1, C3); a new
    /// desired count resizes the service.
    UpdateService {
        task_definition: Option<String>,
        desired_count: Option<u32>,
    },
}

/// The named modelling choices (`docs/rules/` marks these UNCONFIRMED or [MODEL]). The page
/// shows each one and lets the user change it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Assumptions {
    /// [MODEL] Seconds from launch until the instance is running and past status checks.
    pub boot_s: u32,
    /// [MODEL] Uniform seeded jitter added to `boot_s`, 0 to this many seconds.
    pub boot_jitter_s: u32,
    /// [MODEL] Seconds from the start of termination until the instance is gone.
    pub shutdown_s: u32,
    /// A3.4.3 UNCONFIRMED: the target-tracking alarm pair (3 of 3 high, 15 of 15 low at 0.7x).
    pub target_tracking_alarms: TargetTrackingAlarmModel,
    /// [MODEL] CPU of an idle instance, percent.
    pub idle_cpu_pct: f64,
    /// [MODEL] Memory used at idle, percent; grows with load and with uptime (a leak).
    pub mem_base_pct: f64,
    pub mem_per_cpu_pct: f64,
    pub mem_leak_pct_per_hour: f64,
    /// [MODEL] Disk used at boot, percent, and growth per hour of uptime (logs).
    pub disk_base_pct: f64,
    pub disk_growth_pct_per_hour: f64,
    /// [MODEL] Latency of an unloaded instance, milliseconds.
    pub base_latency_ms: f64,
    /// A3.6: scheduled actions run "within seconds", up to 2 minutes late. Delay used here.
    pub scheduled_action_delay_s: u32,
    /// B5.3 UNCONFIRMED: what the CodeDeploy launch hook does when the deployment group has
    /// no successful revision yet. CONTINUE = the instance enters service on its AMI's code.
    pub codedeploy_no_revision: LifecycleActionResult,
    /// [MODEL] Download speed for DownloadBundle, MB/s.
    pub download_mb_per_s: f64,
    /// [MODEL] Seconds a person takes to update one running server by hand.
    pub manual_update_s: u32,
    /// [MODEL] Seconds to bake an AMI (BakeAmi method).
    pub ami_bake_s: u32,
    /// A1.9: instance refresh MinHealthyPercentage (default 90).
    pub refresh_min_healthy_pct: u32,
    /// The EKS runtime's modelling choices (used only with a `kubernetes` section).
    pub kubernetes: KubernetesAssumptions,
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            boot_s: 60,
            boot_jitter_s: 30,
            shutdown_s: 30,
            target_tracking_alarms: TargetTrackingAlarmModel::default(),
            idle_cpu_pct: 2.0,
            mem_base_pct: 30.0,
            mem_per_cpu_pct: 0.4,
            mem_leak_pct_per_hour: 0.0,
            disk_base_pct: 20.0,
            disk_growth_pct_per_hour: 0.0,
            base_latency_ms: 40.0,
            scheduled_action_delay_s: 0,
            codedeploy_no_revision: LifecycleActionResult::CONTINUE,
            download_mb_per_s: 10.0,
            manual_update_s: 120,
            ami_bake_s: 600,
            refresh_min_healthy_pct: 90,
            kubernetes: KubernetesAssumptions::default(),
        }
    }
}

impl Default for Ami {
    fn default() -> Self {
        Ami {
            id: "ami-0a1b2c3d4e5f60718".into(),
            name: "app-base-jdk8".into(),
            software: vec![
                "Amazon Linux 2".into(),
                "JDK 1.8".into(),
                "CodeDeploy agent".into(),
            ],
            baked_revision: Some("v1".into()),
        }
    }
}

impl Default for InstanceType {
    fn default() -> Self {
        InstanceType {
            name: "t3.medium".into(),
            vcpu: 2,
            memory_gib: 4.0,
            price_per_hour: 0.0416,
            capacity_rps: 100.0,
        }
    }
}

impl Default for LaunchConfiguration {
    fn default() -> Self {
        LaunchConfiguration {
            name: "web-lc-1".into(),
            image_id: Ami::default().id,
            instance_type: InstanceType::default().name,
            instance_monitoring: true,
            key_name: None,
            security_groups: Vec::new(),
            volume_size_gib: 8,
            user_data: None,
        }
    }
}

impl Default for LaunchTemplate {
    fn default() -> Self {
        LaunchTemplate {
            id: "lt-0123456789abcdef0".into(),
            name: "web-lt".into(),
            default_version: 1,
            versions: vec![LaunchTemplateVersion::default()],
        }
    }
}

impl Default for LaunchTemplateVersion {
    fn default() -> Self {
        LaunchTemplateVersion {
            description: String::new(),
            image_id: Some(Ami::default().id),
            instance_type: Some(InstanceType::default().name),
            monitoring_enabled: true,
            key_name: None,
            security_group_ids: Vec::new(),
            volume_size_gib: 8,
            user_data: None,
        }
    }
}

impl Default for GroupSpec {
    fn default() -> Self {
        GroupSpec {
            name: "web-asg".into(),
            launch: LaunchSource::LaunchTemplate {
                name: "web-lt".into(),
                version: "$Default".into(),
            },
            min_size: 2,
            max_size: 10,
            desired_capacity: None,
            availability_zones: vec!["us-east-1a".into(), "us-east-1b".into()],
            health_check_type: HealthCheckType::EC2,
            health_check_grace_period_s: 300,
            default_cooldown_s: 300,
            default_instance_warmup_s: None,
            termination_policies: vec![TerminationPolicy::Default],
            new_instances_protected_from_scale_in: false,
            lifecycle_hooks: Vec::new(),
            suspended_processes: Vec::new(),
            deregistration_delay_s: 0,
        }
    }
}

impl Default for LifecycleHookSpec {
    fn default() -> Self {
        LifecycleHookSpec {
            name: "launch-hook".into(),
            transition: LifecycleTransition::Launching,
            heartbeat_timeout_s: 3600,
            default_result: LifecycleActionResult::ABANDON,
            handler_completes_after_s: Some(30),
            handler_result: LifecycleActionResult::CONTINUE,
        }
    }
}

impl Default for LoadSpec {
    fn default() -> Self {
        LoadSpec {
            pattern: LoadPattern::Steady { rps: 80.0 },
            noise_pct: 0.0,
        }
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario::demo()
    }
}

impl Scenario {
    /// A copy, through one compiled `clone`. The derived `clone` is `#[inline]`, so each crate
    /// that calls it compiles its own copy of it (the page carried two, 4 KB and 3 KB); callers
    /// outside the core's hot paths use this instead.
    #[inline(never)]
    pub fn duplicate(&self) -> Scenario {
        self.clone()
    }

    /// The scenario the page opens with: two instances behind a 50% CPU target-tracking policy,
    /// launched from a launch template on a JDK 1.8 AMI.
    pub fn demo() -> Scenario {
        Scenario {
            name: "Target tracking on average CPU".into(),
            seed: 1,
            start_unix_s: DEFAULT_START_UNIX_S,
            horizon_s: 86_400,
            amis: vec![Ami::default()],
            instance_types: vec![InstanceType::default()],
            launch_configurations: Vec::new(),
            launch_templates: vec![LaunchTemplate::default()],
            group: GroupSpec::default(),
            alarms: Vec::new(),
            policies: vec![PolicySpec::default()],
            scheduled_actions: Vec::new(),
            load: LoadSpec::default(),
            actions: Vec::new(),
            delivery: DeliverySpec::default(),
            assumptions: Assumptions::default(),
            kubernetes: None,
            extra_groups: Vec::new(),
            ecs: None,
        }
    }

    /// Parses the runner's JSON format, strictly: the text must hold one JSON object, and a
    /// field the scenario does not have is an error with its JSON path and a "did you mean"
    /// suggestion ([`crate::strict`]), one line per field. Other errors carry serde's line and
    /// column.
    ///
    /// Any released file format is read ([`crate::wire::versions`]): an older file's JSON is
    /// brought up to the current model first.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let original: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("scenario JSON: {e}"))?;
        let mut value = original.clone();
        let version = crate::wire::versions::file_to_current(&mut value)
            .map_err(|p| format!("scenario JSON: {p}"))?;
        Scenario::check_json_value(&value)?;
        // An older version whose upgrade changed nothing (fields were only added since) reads
        // as the text too.
        let unchanged = || {
            let mut o = original;
            if let Some(m) = o.as_object_mut() {
                m.remove(crate::wire::versions::FILE_VERSION_FIELD);
            }
            o == value
        };
        if version == crate::wire::versions::VERSION || unchanged() {
            // Deserialise from the text again so type errors keep their line and column (serde
            // skips the format version, which is not a field of the scenario).
            serde_json::from_str(text).map_err(|e| format!("scenario JSON: {e}"))
        } else {
            serde_json::from_value(value).map_err(|e| {
                // An older file: where the text itself fails the same way, its error has the
                // line and column (an upgrade only moves fields; it does not fix types).
                match serde_json::from_str::<Scenario>(text) {
                    Err(direct) => format!("scenario JSON: {direct}"),
                    Ok(_) => format!("scenario JSON: {e}"),
                }
            })
        }
    }

    /// The strict checks of [`Scenario::from_json`] on an already parsed value (for callers
    /// that parse JSON themselves, such as the page): one object, no unknown fields.
    pub fn check_json_value(value: &serde_json::Value) -> Result<(), String> {
        let kind = match value {
            serde_json::Value::Object(_) => None,
            serde_json::Value::Array(_) => Some("an array"),
            serde_json::Value::String(_) => Some("a string"),
            serde_json::Value::Number(_) => Some("a number"),
            serde_json::Value::Bool(_) => Some("true or false"),
            serde_json::Value::Null => Some("null"),
        };
        if let Some(kind) = kind {
            return Err(format!(
                "scenario JSON: a scenario is one JSON object ({{...}}), not {kind}"
            ));
        }
        let unknown = crate::strict::unknown_fields(value);
        if unknown.is_empty() {
            return Ok(());
        }
        Err(unknown
            .iter()
            .map(|p| format!("scenario JSON: {p}"))
            .collect::<Vec<_>>()
            .join("\n"))
    }

    pub fn to_json_pretty(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
