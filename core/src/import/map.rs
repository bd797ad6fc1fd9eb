//! The one mapping from AWS configuration fields to the scenario, shared by the three input
//! formats. Each format hands over plain JSON objects with references already resolved; the
//! AWS CLI and CloudFormation spell fields as the API does (`MinSize`), Terraform in snake case
//! (`min_size`), and [`Obj`] translates the key names so that each field is read in one place.
//!
//! Every field read here is mapped to the scenario field named in the comment, under the rule
//! cited; every field that is not read is listed as unsupported by [`Obj::finish`].

use std::collections::BTreeSet;

use base64::Engine;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{parse_iso, ImportError, Imported, Unsupported};
use crate::codedeploy::config::{DeploymentConfig, MinimumHealthyHosts, MinimumHealthyHostsType};
use crate::policy::step::StepAdjustment;
use crate::scenario::{
    ActionOnTimeout, AlarmSpec, Ami, DeliveryMethod, DeploymentType, GroupSpec, InstanceType,
    LaunchConfiguration, LaunchSource, LaunchTemplate, LaunchTemplateVersion, LifecycleHookSpec,
    MetricName, OriginalInstancesAction, PolicyKind, PolicySpec, ScalingProcess,
    ScheduledActionSpec,
};
use crate::Scenario;

/// How the keys of one object are spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// `MinSize`: the Auto Scaling, EC2 and CloudWatch APIs, the CLI and CloudFormation.
    Pascal,
    /// `deploymentConfigName`: the CodeDeploy API and CLI.
    Camel,
    /// `min_size`: Terraform.
    Snake,
}

/// Which format the values come from, where shapes differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Cli,
    Cfn,
    Tf,
}

/// A key as the API spells it, with Terraform's spelling when the snake-case form of the API
/// name is not Terraform's.
pub(crate) trait Key {
    fn api(&self) -> &str;
    fn tf(&self) -> Option<&str>;
}
impl Key for &str {
    fn api(&self) -> &str {
        self
    }
    fn tf(&self) -> Option<&str> {
        None
    }
}
impl Key for (&str, &str) {
    fn api(&self) -> &str {
        self.0
    }
    fn tf(&self) -> Option<&str> {
        Some(self.1)
    }
}

/// `VPCZoneIdentifier` → `vpc_zone_identifier`.
pub(crate) fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                None => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// One input object being read: every key read is marked, and [`Obj::finish`] lists the rest.
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    pub(crate) path: String,
    case: Case,
    used: BTreeSet<String>,
}

/// Fields that AWS reports but that are state or identity, not configuration.
const READ_ONLY: [&str; 22] = [
    "AutoScalingGroupARN",
    "CreatedTime",
    "Instances",
    "Status",
    "PolicyARN",
    "Alarms",
    "ScheduledActionARN",
    "AlarmArn",
    "StateValue",
    "StateReason",
    "StateReasonData",
    "StateUpdatedTimestamp",
    "StateTransitionedTimestamp",
    "AlarmConfigurationUpdatedTimestamp",
    "CreateTime",
    "CreatedBy",
    "deploymentGroupId",
    "lastSuccessfulDeployment",
    "lastAttemptedDeployment",
    "targetRevision",
    "ServiceLinkedRoleARN",
    "GlobalTimeout",
];

impl<'a> Obj<'a> {
    pub(crate) fn new(v: &'a Value, path: &str, case: Case) -> Result<Obj<'a>, ImportError> {
        match v {
            Value::Object(map) => Ok(Obj {
                map,
                path: path.to_string(),
                case,
                used: BTreeSet::new(),
            }),
            other => Err(ImportError::new(
                path,
                format!("expected an object, found {}", kind(other)),
            )),
        }
    }

    fn key_name<K: Key>(&self, k: &K) -> String {
        match self.case {
            Case::Pascal => k.api().to_string(),
            Case::Camel => {
                let mut c = k.api().chars();
                match c.next() {
                    Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
                    None => String::new(),
                }
            }
            Case::Snake => k.tf().map_or_else(|| snake(k.api()), str::to_string),
        }
    }

    pub(crate) fn child_path<K: Key>(&self, k: &K) -> String {
        join(&self.path, &self.key_name(k))
    }

    /// The value of a key (marking it read); `null` counts as absent.
    pub(crate) fn raw<K: Key>(&mut self, k: K) -> Option<&'a Value> {
        let name = self.key_name(&k);
        let v = self.map.get(&name);
        self.used.insert(name);
        v.filter(|v| !v.is_null())
    }

    pub(crate) fn has<K: Key>(&self, k: K) -> bool {
        self.map
            .get(&self.key_name(&k))
            .is_some_and(|v| !is_empty(v))
    }

    pub(crate) fn string<K: Key>(&mut self, k: K) -> Result<Option<String>, ImportError> {
        let path = self.child_path(&k);
        match self.raw(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(ImportError::new(
                path,
                format!("expected a string, found {}", kind(other)),
            )),
        }
    }

    pub(crate) fn f64<K: Key>(&mut self, k: K) -> Result<Option<f64>, ImportError> {
        let path = self.child_path(&k);
        let v = match self.raw(k) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            Some(_) => None,
        };
        match v {
            Some(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(ImportError::new(path, "expected a number")),
        }
    }

    pub(crate) fn i64<K: Key>(&mut self, k: K) -> Result<Option<i64>, ImportError> {
        let path = self.child_path(&k);
        let v = match self.raw(k) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
            Some(_) => None,
        };
        v.map(Some)
            .ok_or_else(|| ImportError::new(path, "expected a whole number"))
    }

    pub(crate) fn u32<K: Key>(&mut self, k: K) -> Result<Option<u32>, ImportError> {
        let path = self.child_path(&k);
        match self.i64(k)? {
            None => Ok(None),
            Some(n) => u32::try_from(n).map(Some).map_err(|_| {
                ImportError::new(
                    path,
                    format!("{n} is not a whole number from 0 to 4294967295"),
                )
            }),
        }
    }

    pub(crate) fn bool<K: Key>(&mut self, k: K) -> Result<Option<bool>, ImportError> {
        let path = self.child_path(&k);
        match self.raw(k) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(other) => Err(ImportError::new(
                path,
                format!("expected true or false, found {}", kind(other)),
            )),
        }
    }

    pub(crate) fn strings<K: Key>(&mut self, k: K) -> Result<Option<Vec<String>>, ImportError> {
        let path = self.child_path(&k);
        match self.raw(k) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    other => Err(ImportError::new(
                        format!("{path}[{i}]"),
                        format!("expected a string, found {}", kind(other)),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
            Some(other) => Err(ImportError::new(
                path,
                format!("expected a list of strings, found {}", kind(other)),
            )),
        }
    }

    /// An AWS enum value, read with the scenario's own serde names (which are AWS's spellings).
    pub(crate) fn enumeration<T: DeserializeOwned, K: Key>(
        &mut self,
        k: K,
        allowed: &str,
    ) -> Result<Option<T>, ImportError> {
        let path = self.child_path(&k);
        match self.string(k)? {
            None => Ok(None),
            Some(s) => parse_enum(&s)
                .map(Some)
                .ok_or_else(|| ImportError::new(path, format!("'{s}' is not one of {allowed}"))),
        }
    }

    /// A nested object (Terraform writes a nested block as a list of one object).
    pub(crate) fn obj<K: Key>(
        &mut self,
        k: K,
        out: &mut Vec<Unsupported>,
    ) -> Result<Option<Obj<'a>>, ImportError> {
        let path = self.child_path(&k);
        let case = self.case;
        match self.raw(k) {
            None => Ok(None),
            Some(Value::Array(items)) => {
                for (i, _) in items.iter().enumerate().skip(1) {
                    out.push(unsupported(
                        format!("{path}[{i}]"),
                        "only one such block is read; the first one is used",
                    ));
                }
                match items.first() {
                    None => Ok(None),
                    Some(v) => Obj::new(v, &format!("{path}[0]"), case).map(Some),
                }
            }
            Some(v) => Obj::new(v, &path, case).map(Some),
        }
    }

    /// A list of objects (a single object counts as a list of one).
    pub(crate) fn objs<K: Key>(&mut self, k: K) -> Result<Vec<Obj<'a>>, ImportError> {
        let path = self.child_path(&k);
        let case = self.case;
        match self.raw(k) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| Obj::new(v, &format!("{path}[{i}]"), case))
                .collect(),
            Some(v) => Ok(vec![Obj::new(v, &path, case)?]),
        }
    }

    /// Marks a key as read and lists it as unsupported with a reason, if it holds something.
    pub(crate) fn skip<K: Key>(&mut self, k: K, reason: &str, out: &mut Vec<Unsupported>) {
        let path = self.child_path(&k);
        if let Some(v) = self.raw(k) {
            if !is_empty(v) {
                out.push(unsupported(path, reason));
            }
        }
    }

    /// Lists every key that was not read (null and empty values hold nothing and are passed).
    pub(crate) fn finish(self, out: &mut Vec<Unsupported>) {
        for (k, v) in self.map {
            if self.used.contains(k) || is_empty(v) {
                continue;
            }
            let reason = if READ_ONLY.contains(&k.as_str()) {
                "state reported by AWS, not configuration"
            } else {
                "not modelled by the simulator"
            };
            out.push(unsupported(join(&self.path, k), reason));
        }
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn unsupported(path: impl Into<String>, reason: &str) -> Unsupported {
    Unsupported {
        file: String::new(),
        line: None,
        path: path.into(),
        reason: reason.to_string(),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn parse_enum<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(Value::String(s.to_string())).ok()
}

/// The fake ARN this importer gives a scaling policy whose real ARN the input does not hold
/// (a CloudFormation `Ref`, a Terraform `.arn`): alarms find their policy by it.
pub(crate) fn policy_arn(group: &str, name: &str) -> String {
    format!("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:00000000-0000-0000-0000-000000000000:autoScalingGroupName/{group}:policyName/{name}")
}

/// Most versions a launch template can have (A1.5: EC2's quota, `limits`).
pub(crate) const MAX_TEMPLATE_VERSIONS: u32 = crate::limits::MAX_LAUNCH_TEMPLATE_VERSIONS as u32;

/// A scaling policy with what links it to its group and alarms.
pub(crate) struct PolicyIn {
    /// Index of the input file it came from.
    pub src: usize,
    pub group: Option<String>,
    pub arn: Option<String>,
    pub spec: PolicySpec,
    pub path: String,
}

pub(crate) struct AlarmIn {
    /// Index of the input file it came from.
    pub src: usize,
    pub group: Option<String>,
    pub spec: AlarmSpec,
    pub path: String,
}

pub(crate) struct ScheduledIn {
    /// Index of the input file it came from.
    pub src: usize,
    pub group: Option<String>,
    pub spec: ScheduledActionSpec,
    pub start_unix: Option<i64>,
    pub end_unix: Option<i64>,
    pub path: String,
}

/// The deployment group's settings (B1.4, B4).
pub(crate) struct DeploymentIn {
    /// Index of the input file it came from.
    pub src: usize,
    pub application_name: String,
    pub deployment_group_name: String,
    pub config_name: Option<String>,
    pub groups: Vec<String>,
    pub deployment_type: DeploymentType,
    pub with_load_balancer: bool,
    pub auto_rollback: bool,
    pub outdated: crate::scenario::OutdatedInstancesStrategy,
    pub blue_green: crate::scenario::BlueGreenSpec,
    pub path: String,
}

/// Everything read from the input files, before it is put into a scenario.
#[derive(Default)]
pub(crate) struct Collected {
    /// Index of the file being read.
    pub src: usize,
    pub groups: Vec<(String, GroupSpec)>,
    /// Lifecycle hooks defined apart from their group: (group name, hook).
    pub hooks: Vec<(Option<String>, LifecycleHookSpec)>,
    pub launch_templates: Vec<LaunchTemplate>,
    pub launch_configurations: Vec<LaunchConfiguration>,
    pub policies: Vec<PolicyIn>,
    pub alarms: Vec<AlarmIn>,
    pub scheduled: Vec<ScheduledIn>,
    pub deployments: Vec<DeploymentIn>,
    pub deployment_configs: Vec<(String, MinimumHealthyHosts)>,
    pub unsupported: Vec<Unsupported>,
    pub notes: Vec<String>,
}

/// The user data as text: AWS holds it base64-encoded (A1.1, A1.4).
fn user_data(o: &mut Obj<'_>, notes: &mut Vec<String>) -> Result<Option<String>, ImportError> {
    let path = o.child_path(&"UserData");
    Ok(o.string("UserData")?.filter(|s| !s.is_empty()).map(|s| {
        let compact: String = s.split_whitespace().collect();
        match base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        {
            Some(text) => text,
            None => {
                notes.push(format!(
                    "{path}: not base64 as AWS expects; kept as plain text"
                ));
                s
            }
        }
    }))
}

/// The first block device's EBS volume size (A1.1/A1.4 `volume_size_gib`).
fn volume_size(o: &mut Obj<'_>, out: &mut Vec<Unsupported>) -> Result<Option<u32>, ImportError> {
    let mut size = None;
    for (i, mut bdm) in o.objs("BlockDeviceMappings")?.into_iter().enumerate() {
        if i == 0 {
            bdm.skip(
                "DeviceName",
                "device names are not modelled (the volume is the root volume)",
                out,
            );
            if let Some(mut ebs) = bdm.obj("Ebs", out)? {
                size = ebs.u32("VolumeSize")?;
                ebs.finish(out);
            }
        }
        bdm.finish(out);
    }
    Ok(size)
}

impl Collected {
    /// A launch template version's data (A1.4). Absent monitoring is AWS's basic monitoring.
    pub(crate) fn template_data(
        &mut self,
        o: &mut Obj<'_>,
    ) -> Result<LaunchTemplateVersion, ImportError> {
        let mut v = LaunchTemplateVersion {
            description: String::new(),
            // A1.4: every field of a template is optional.
            image_id: o.string("ImageId")?,
            instance_type: o.string("InstanceType")?,
            // A1.4: basic monitoring unless Monitoring.Enabled.
            monitoring_enabled: false,
            key_name: o.string("KeyName")?,
            security_group_ids: o
                .strings(("SecurityGroupIds", "vpc_security_group_ids"))?
                .unwrap_or_default(),
            volume_size_gib: 8,
            user_data: user_data(o, &mut self.notes)?,
        };
        if let Some(mut m) = o.obj("Monitoring", &mut self.unsupported)? {
            v.monitoring_enabled = m.bool("Enabled")?.unwrap_or(false);
            m.finish(&mut self.unsupported);
        }
        if let Some(size) = volume_size(o, &mut self.unsupported)? {
            v.volume_size_gib = size;
        }
        Ok(v)
    }

    /// A launch template with one version, or a version added to a template already read
    /// (`describe-launch-template-versions` prints one entry per version).
    pub(crate) fn add_template_version(
        &mut self,
        id: Option<String>,
        name: String,
        number: Option<u32>,
        is_default: bool,
        version: LaunchTemplateVersion,
    ) -> Result<(), String> {
        // A1.5: EC2 keeps at most 10,000 versions of a template.
        if number.is_some_and(|n| n > MAX_TEMPLATE_VERSIONS) {
            return Err(format!(
                "VersionNumber above {MAX_TEMPLATE_VERSIONS}, the most versions a launch template has (A1.5)"
            ));
        }
        let idx = match self
            .launch_templates
            .iter()
            .position(|t| t.name == name || id.as_deref().is_some_and(|i| i == t.id))
        {
            Some(i) => i,
            None => {
                self.launch_templates.push(LaunchTemplate {
                    id: id.clone().unwrap_or_default(),
                    name: name.clone(),
                    default_version: 1,
                    versions: Vec::new(),
                });
                self.launch_templates.len() - 1
            }
        };
        let Some(t) = self.launch_templates.get_mut(idx) else {
            return Ok(());
        };
        // A1.5: versions are numbered from 1; a missing number goes after the last.
        let n = number.unwrap_or(t.versions.len() as u32 + 1).max(1) as usize;
        while t.versions.len() < n {
            t.versions.push(LaunchTemplateVersion {
                description: "(version not in the input)".into(),
                image_id: None,
                instance_type: None,
                monitoring_enabled: false,
                key_name: None,
                security_group_ids: Vec::new(),
                volume_size_gib: 8,
                user_data: None,
            });
        }
        if let Some(slot) = t.versions.get_mut(n - 1) {
            *slot = version;
        }
        if is_default || t.versions.len() == 1 {
            t.default_version = n as u32;
        }
        Ok(())
    }

    /// AWS::AutoScaling::LaunchConfiguration / describe-launch-configurations (A1.1).
    pub(crate) fn launch_configuration(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let name = o
            .string(("LaunchConfigurationName", "name"))?
            .unwrap_or_else(|| default_name.to_string());
        let image_id = o.string("ImageId")?.unwrap_or_default();
        let instance_type = o.string("InstanceType")?.unwrap_or_default();
        // A1.1: detailed monitoring is the default for launch configurations.
        let instance_monitoring = match d {
            Dialect::Cli => match o.obj("InstanceMonitoring", &mut self.unsupported)? {
                Some(mut m) => {
                    let e = m.bool("Enabled")?.unwrap_or(true);
                    m.finish(&mut self.unsupported);
                    e
                }
                None => true,
            },
            Dialect::Cfn => o.bool("InstanceMonitoring")?.unwrap_or(true),
            Dialect::Tf => o
                .bool(("InstanceMonitoring", "enable_monitoring"))?
                .unwrap_or(true),
        };
        let key_name = o.string("KeyName")?;
        let security_groups = o.strings("SecurityGroups")?.unwrap_or_default();
        let user_data = user_data(o, &mut self.notes)?;
        let volume_size_gib = volume_size(o, &mut self.unsupported)?.unwrap_or(8);
        self.launch_configurations.push(LaunchConfiguration {
            name,
            image_id,
            instance_type,
            instance_monitoring,
            key_name,
            security_groups,
            volume_size_gib,
            user_data,
        });
        Ok(())
    }

    /// An Auto Scaling group (A2).
    pub(crate) fn group(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let out = &mut self.unsupported;
        let name = o
            .string(("AutoScalingGroupName", "name"))?
            .unwrap_or_else(|| default_name.to_string());
        let mut g = GroupSpec {
            name,
            min_size: o.u32("MinSize")?.unwrap_or(0),
            max_size: o.u32("MaxSize")?.unwrap_or(0),
            // A2.1: absent desired = min.
            desired_capacity: o.u32("DesiredCapacity")?,
            availability_zones: o.strings("AvailabilityZones")?.unwrap_or_default(),
            ..GroupSpec::default()
        };
        // A1.6: a launch template and version, or a launch configuration (A2.1: exactly one).
        if let Some(mut lt) = o.obj("LaunchTemplate", out)? {
            let id = lt.string(("LaunchTemplateId", "id"))?;
            let lt_name = lt.string(("LaunchTemplateName", "name"))?;
            // A1.6: without a version the default version is used.
            let version = lt.string("Version")?.unwrap_or_else(|| "$Default".into());
            lt.finish(out);
            g.launch = LaunchSource::LaunchTemplate {
                name: lt_name.or(id).unwrap_or_default(),
                version,
            };
        } else if let Some(lc) = o.string(("LaunchConfigurationName", "launch_configuration"))? {
            g.launch = LaunchSource::LaunchConfiguration { name: lc };
        } else if let Some(spec) = mixed_instances_template(o, out)? {
            // A mixed instances policy: its launch template is used; the overrides (other
            // instance types, weights) and the On-Demand/Spot split are listed.
            g.launch = spec;
        } else {
            return Err(ImportError::new(
                o.path.clone(),
                "the group has neither a launch template nor a launch configuration (A2.1)",
            ));
        }
        g.health_check_type = o
            .enumeration("HealthCheckType", "EC2, ELB")?
            .unwrap_or_default();
        // A2.7: the API's default grace period is 0; the Terraform provider's is 300.
        g.health_check_grace_period_s = o
            .u32("HealthCheckGracePeriod")?
            .unwrap_or(if d == Dialect::Tf { 300 } else { 0 });
        // A2.9: default cooldown 300 s (CloudFormation names it Cooldown).
        let cooldown_key = if d == Dialect::Cfn {
            "Cooldown"
        } else {
            "DefaultCooldown"
        };
        g.default_cooldown_s = o.u32(cooldown_key)?.unwrap_or(300);
        // A2.10.
        g.default_instance_warmup_s = o.u32("DefaultInstanceWarmup")?;
        // A5.3.
        if let Some(list) = o.strings("TerminationPolicies")? {
            let path = o.child_path(&"TerminationPolicies");
            g.termination_policies = list
                .iter()
                .map(|s| {
                    parse_enum(s).ok_or_else(|| {
                        ImportError::new(path.clone(), format!("'{s}' is not a termination policy the simulator models (Default, OldestLaunchTemplate, OldestLaunchConfiguration, ClosestToNextInstanceHour, NewestInstance, OldestInstance)"))
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        // A5.5.
        g.new_instances_protected_from_scale_in = o
            .bool(("NewInstancesProtectedFromScaleIn", "protect_from_scale_in"))?
            .unwrap_or(false);
        // A2.15: suspended processes (the CLI prints objects, Terraform strings).
        let sp_path = o.child_path(&"SuspendedProcesses");
        let names: Vec<String> = match d {
            Dialect::Tf => o.strings("SuspendedProcesses")?.unwrap_or_default(),
            _ => {
                let mut names = Vec::new();
                for mut p in o.objs("SuspendedProcesses")? {
                    if let Some(n) = p.string("ProcessName")? {
                        names.push(n);
                    }
                    p.skip("SuspensionReason", "the reason is not modelled", out);
                    p.finish(out);
                }
                names
            }
        };
        for n in names {
            match parse_enum::<ScalingProcess>(&n) {
                Some(p) => g.suspended_processes.push(p),
                None => out.push(unsupported(
                    format!("{sp_path}: {n}"),
                    "a process the simulator does not model",
                )),
            }
        }
        // A6: hooks defined with the group.
        let hooks_key = match d {
            Dialect::Tf => ("LifecycleHookSpecificationList", "initial_lifecycle_hook"),
            _ => (
                "LifecycleHookSpecificationList",
                "lifecycle_hook_specification_list",
            ),
        };
        for mut h in o.objs(hooks_key)? {
            let hook = hook(&mut h, d, out, None)?;
            h.finish(out);
            g.lifecycle_hooks.push(hook);
        }
        if d == Dialect::Cli {
            o.skip(
                "VPCZoneIdentifier",
                "subnets are not modelled; the group's AvailabilityZones are used",
                out,
            );
        } else {
            o.skip(
                "VPCZoneIdentifier",
                "subnets are not modelled; give AvailabilityZones (else the base scenario's zones are used)",
                out,
            );
        }
        self.groups.push((o.path.clone(), g));
        Ok(())
    }

    /// A scaling policy (A3.1-A3.4). Policies the simulator cannot run are listed whole.
    pub(crate) fn policy(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let out = &mut self.unsupported;
        let name = o
            .string(("PolicyName", "name"))?
            .unwrap_or_else(|| default_name.to_string());
        let group = o.string(("AutoScalingGroupName", "autoscaling_group_name"))?;
        let arn = o.string(("PolicyARN", "arn"))?;
        // A3.1.1: enabled unless disabled.
        let enabled = o.bool("Enabled")?.unwrap_or(true);
        let policy_type = o
            .string("PolicyType")?
            .unwrap_or_else(|| "SimpleScaling".into());
        let adjustment_type = o.enumeration(
            "AdjustmentType",
            "ChangeInCapacity, ExactCapacity, PercentChangeInCapacity",
        )?;
        let min_mag = o.u32("MinAdjustmentMagnitude")?;
        let warmup = o.u32("EstimatedInstanceWarmup")?;
        let path = o.path.clone();
        let kind = match policy_type.as_str() {
            // A3.2.
            "SimpleScaling" => {
                let scaling_adjustment = o.i64("ScalingAdjustment")?.ok_or_else(|| {
                    ImportError::new(
                        path.clone(),
                        "a simple scaling policy needs ScalingAdjustment",
                    )
                })?;
                PolicyKind::SimpleScaling {
                    adjustment_type: adjustment_type
                        .unwrap_or(crate::policy::adjustment::AdjustmentType::ChangeInCapacity),
                    scaling_adjustment,
                    // A3.2.1: absent = the group's default cooldown.
                    cooldown_s: o.u32("Cooldown")?,
                    min_adjustment_magnitude: min_mag,
                }
            }
            // A3.3.
            "StepScaling" => {
                let key = ("StepAdjustments", "step_adjustment");
                let mut steps = Vec::new();
                for mut s in o.objs(key)? {
                    steps.push(StepAdjustment {
                        lower_bound: s.f64("MetricIntervalLowerBound")?,
                        upper_bound: s.f64("MetricIntervalUpperBound")?,
                        scaling_adjustment: s.i64("ScalingAdjustment")?.ok_or_else(|| {
                            ImportError::new(s.path.clone(), "a step needs ScalingAdjustment")
                        })?,
                    });
                    s.finish(out);
                }
                PolicyKind::StepScaling {
                    adjustment_type: adjustment_type
                        .unwrap_or(crate::policy::adjustment::AdjustmentType::ChangeInCapacity),
                    step_adjustments: steps,
                    // A3.3.4: absent = Average.
                    metric_aggregation_type: o
                        .enumeration("MetricAggregationType", "Average, Minimum, Maximum")?
                        .unwrap_or_default(),
                    estimated_instance_warmup_s: warmup,
                    min_adjustment_magnitude: min_mag,
                }
            }
            // A3.4.
            "TargetTrackingScaling" => {
                let Some(mut tt) = o.obj("TargetTrackingConfiguration", out)? else {
                    return Err(ImportError::new(
                        path,
                        "a target tracking policy needs TargetTrackingConfiguration",
                    ));
                };
                let target_value = tt
                    .f64("TargetValue")?
                    .ok_or_else(|| ImportError::new(tt.path.clone(), "TargetValue is missing"))?;
                let disable_scale_in = tt.bool("DisableScaleIn")?.unwrap_or(false);
                let Some(mut pm) = tt.obj("PredefinedMetricSpecification", out)? else {
                    // A3.4.1: a customized metric is read when it is one of the group's
                    // aggregated metrics (the CloudWatch agent's memory and disk, A4.10).
                    let custom = tt.obj("CustomizedMetricSpecification", out)?;
                    let metric = match custom {
                        Some(mut cm) => {
                            let name = cm.string("MetricName")?.unwrap_or_default();
                            let ns = cm.string("Namespace")?.unwrap_or_default();
                            let stat = cm.string("Statistic")?;
                            let mut on_group = false;
                            for mut dim in cm.objs(("Dimensions", "metric_dimension"))? {
                                on_group |=
                                    dim.string("Name")?.as_deref() == Some("AutoScalingGroupName");
                                dim.raw("Value");
                                dim.finish(out);
                            }
                            cm.finish(out);
                            MetricName::ALL.into_iter().find(|m| {
                                m.as_str() == name
                                    && m.namespace() == ns
                                    && on_group
                                    && stat.as_deref().is_none_or(|s| s == "Average")
                            })
                        }
                        None => None,
                    };
                    let Some(metric) = metric else {
                        out.push(unsupported(
                            path,
                            "a target tracking policy on a customized metric other than the group's average CPUUtilization, NetworkIn, NetworkOut, mem_used_percent or disk_used_percent (A3.4.1); policy not imported",
                        ));
                        return Ok(());
                    };
                    tt.finish(out);
                    self.policies.push(PolicyIn {
                        src: self.src,
                        group,
                        arn,
                        spec: PolicySpec {
                            name,
                            enabled,
                            kind: PolicyKind::TargetTrackingScaling {
                                metric,
                                target_value,
                                disable_scale_in,
                                estimated_instance_warmup_s: warmup,
                            },
                            group: None,
                        },
                        path,
                    });
                    return Ok(());
                };
                let t = pm.string("PredefinedMetricType")?.unwrap_or_default();
                let Some(metric) = MetricName::ALL
                    .into_iter()
                    .find(|m| m.predefined() == Some(t.as_str()))
                else {
                    out.push(unsupported(
                        pm.child_path(&"PredefinedMetricType"),
                        "a predefined metric the simulator does not model; policy not imported",
                    ));
                    return Ok(());
                };
                pm.skip(
                    "ResourceLabel",
                    "the load balancer behind ALBRequestCountPerTarget is not modelled",
                    out,
                );
                pm.finish(out);
                tt.finish(out);
                PolicyKind::TargetTrackingScaling {
                    metric,
                    target_value,
                    disable_scale_in,
                    estimated_instance_warmup_s: warmup,
                }
            }
            other => {
                out.push(unsupported(
                    o.child_path(&"PolicyType"),
                    &format!("{other} policies are not modelled (A3); policy not imported"),
                ));
                return Ok(());
            }
        };
        let _ = d;
        self.policies.push(PolicyIn {
            src: self.src,
            group,
            arn,
            spec: PolicySpec {
                name,
                enabled,
                kind,
                group: None,
            },
            path,
        });
        Ok(())
    }

    /// A CloudWatch metric alarm on one of the group's metrics (A4.2).
    pub(crate) fn alarm(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let out = &mut self.unsupported;
        let path = o.path.clone();
        let name = o
            .string("AlarmName")?
            .unwrap_or_else(|| default_name.to_string());
        if o.has("Metrics") || o.has("ExtendedStatistic") {
            out.push(unsupported(
                path,
                "metric math and percentile statistics are not modelled (A4.2); alarm not imported",
            ));
            o.raw("Metrics");
            o.raw("ExtendedStatistic");
            return Ok(());
        }
        let metric_name = o.string("MetricName")?.unwrap_or_default();
        let namespace = o.string("Namespace")?.unwrap_or_default();
        let Some(metric) = MetricName::ALL
            .into_iter()
            .find(|m| m.as_str() == metric_name && m.namespace() == namespace)
        else {
            out.push(unsupported(
                o.child_path(&"MetricName"),
                &format!("{namespace} {metric_name} is not a metric the simulator publishes (A4.9-A4.11); alarm not imported"),
            ));
            return Ok(());
        };
        // A4.11: the alarm watches the group's aggregate; the dimension names the group.
        let mut group = None;
        let dims_path = o.child_path(&"Dimensions");
        match d {
            Dialect::Tf => {
                if let Some(mut dims) = o.obj("Dimensions", out)? {
                    group = dims.string(("AutoScalingGroupName", "AutoScalingGroupName"))?;
                    dims.finish(out);
                }
            }
            _ => {
                for mut dim in o.objs("Dimensions")? {
                    let n = dim.string("Name")?.unwrap_or_default();
                    let v = dim.string("Value")?;
                    if n == "AutoScalingGroupName" {
                        group = v;
                    } else {
                        out.push(unsupported(
                            format!("{dims_path}: {n}"),
                            "only the AutoScalingGroupName dimension is modelled (A4.11)",
                        ));
                    }
                    dim.finish(out);
                }
            }
        }
        let mut spec = AlarmSpec {
            name,
            metric,
            statistic: o
                .enumeration("Statistic", "SampleCount, Average, Sum, Minimum, Maximum")?
                .unwrap_or_default(),
            period_s: o.u32("Period")?.unwrap_or(60),
            evaluation_periods: o.u32("EvaluationPeriods")?.unwrap_or(1),
            datapoints_to_alarm: o.u32("DatapointsToAlarm")?,
            threshold: o.f64("Threshold")?.unwrap_or(0.0),
            comparison_operator: o
                .enumeration("ComparisonOperator", "GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold (anomaly detection is not modelled)")?
                .unwrap_or(crate::alarm::ComparisonOperator::GreaterThanOrEqualToThreshold),
            // A4.2: missing by default.
            treat_missing_data: o
                .enumeration("TreatMissingData", "missing, notBreaching, breaching, ignore")?
                .unwrap_or_default(),
            // Resolved to policy names once every policy is read (A4.7).
            alarm_actions: o.strings("AlarmActions")?.unwrap_or_default(),
            group: None,
        };
        if o.bool("ActionsEnabled")? == Some(false) {
            out.push(unsupported(
                o.child_path(&"ActionsEnabled"),
                "actions are disabled: the alarm is imported without its actions",
            ));
            spec.alarm_actions.clear();
        }
        o.skip("AlarmDescription", "a description only", out);
        self.alarms.push(AlarmIn {
            src: self.src,
            group,
            spec,
            path,
        });
        Ok(())
    }

    /// A scheduled action (A3.6).
    pub(crate) fn scheduled(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let path = o.path.clone();
        let name = o
            .string("ScheduledActionName")?
            .unwrap_or_else(|| default_name.to_string());
        let group = o.string(("AutoScalingGroupName", "autoscaling_group_name"))?;
        let time = |o: &mut Obj<'_>, k: &str| -> Result<Option<i64>, ImportError> {
            let p = o.child_path(&k);
            match o.string(k)? {
                None => Ok(None),
                Some(s) => parse_iso(&s).map(Some).map_err(|e| ImportError::new(p, e)),
            }
        };
        let mut start_unix = time(o, "StartTime")?;
        if d == Dialect::Cli {
            // `Time` is the older name of StartTime.
            let t = time(o, "Time")?;
            start_unix = start_unix.or(t);
        }
        let end_unix = time(o, "EndTime")?;
        // Terraform's provider sends 0 for an absent size and -1 means "no change".
        let size = |o: &mut Obj<'_>, k: &str| -> Result<Option<u32>, ImportError> {
            let p = o.child_path(&k);
            match (o.i64(k)?, d) {
                (None, Dialect::Tf) => Ok(Some(0)),
                (None, _) | (Some(-1), Dialect::Tf) => Ok(None),
                (Some(n), _) => u32::try_from(n)
                    .map(Some)
                    .map_err(|_| ImportError::new(p, format!("{n} is not a group size"))),
            }
        };
        let spec = ScheduledActionSpec {
            name,
            start_s: None,
            recurrence: o.string("Recurrence")?,
            end_s: None,
            min_size: size(o, "MinSize")?,
            max_size: size(o, "MaxSize")?,
            desired_capacity: size(o, "DesiredCapacity")?,
            group: None,
        };
        if let Some(tz) = o.string("TimeZone")? {
            if !matches!(tz.as_str(), "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT") {
                self.unsupported.push(unsupported(
                    o.child_path(&"TimeZone"),
                    "the simulator reads cron expressions in UTC (A3.6); action not imported",
                ));
                return Ok(());
            }
        }
        self.scheduled.push(ScheduledIn {
            src: self.src,
            group,
            spec,
            start_unix,
            end_unix,
            path,
        });
        Ok(())
    }

    /// A lifecycle hook defined on its own (A6).
    pub(crate) fn lifecycle_hook(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: Option<&str>,
    ) -> Result<(), ImportError> {
        let group = o.string(("AutoScalingGroupName", "autoscaling_group_name"))?;
        let h = hook(o, d, &mut self.unsupported, default_name)?;
        self.hooks.push((group, h));
        Ok(())
    }

    /// A custom deployment configuration (B2.2).
    pub(crate) fn deployment_config(
        &mut self,
        o: &mut Obj<'_>,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let name = o
            .string("DeploymentConfigName")?
            .unwrap_or_else(|| default_name.to_string());
        let platform = o.string("ComputePlatform")?;
        if platform.as_deref().is_some_and(|p| p != "Server") {
            self.unsupported.push(unsupported(
                o.child_path(&"ComputePlatform"),
                "only EC2/On-Premises (Server) configurations are modelled (B2)",
            ));
            return Ok(());
        }
        let Some(mut m) = o.obj("MinimumHealthyHosts", &mut self.unsupported)? else {
            self.unsupported.push(unsupported(
                o.path.clone(),
                "a configuration without MinimumHealthyHosts is not modelled (B2.2)",
            ));
            return Ok(());
        };
        let kind: MinimumHealthyHostsType = m
            .enumeration("Type", "HOST_COUNT, FLEET_PERCENT")?
            .unwrap_or(MinimumHealthyHostsType::HOST_COUNT);
        let value = m.u32("Value")?.unwrap_or(0);
        m.finish(&mut self.unsupported);
        self.deployment_configs
            .push((name, MinimumHealthyHosts { kind, value }));
        Ok(())
    }

    /// A CodeDeploy deployment group (B1.4, B4, B5). `o` is Pascal (CloudFormation), camel
    /// (the CodeDeploy CLI) or snake case (Terraform).
    pub(crate) fn deployment_group(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let out = &mut self.unsupported;
        let path = o.path.clone();
        let application_name = o
            .string(("ApplicationName", "app_name"))?
            .unwrap_or_default();
        let deployment_group_name = o
            .string("DeploymentGroupName")?
            .unwrap_or_else(|| default_name.to_string());
        let config_name = o.string("DeploymentConfigName")?;
        let groups = match d {
            Dialect::Cli => {
                // The API prints {name, hook, terminationHook}; older CLI examples print names.
                let path = o.child_path(&"AutoScalingGroups");
                let mut names = Vec::new();
                if let Some(Value::Array(items)) = o.raw("AutoScalingGroups") {
                    for (i, v) in items.iter().enumerate() {
                        if let Value::String(n) = v {
                            names.push(n.clone());
                            continue;
                        }
                        let mut g = Obj::new(v, &format!("{path}[{i}]"), Case::Camel)?;
                        if let Some(n) = g.string("Name")? {
                            names.push(n);
                        }
                        // B5.1: CodeDeploy's own launch hook, which the simulator installs.
                        g.raw("Hook");
                        g.raw("TerminationHook");
                        g.finish(out);
                    }
                }
                names
            }
            _ => o
                .strings(("AutoScalingGroups", "autoscaling_groups"))?
                .unwrap_or_default(),
        };
        let mut deployment_type = DeploymentType::IN_PLACE;
        let mut with_load_balancer = false;
        if let Some(mut s) = o.obj("DeploymentStyle", out)? {
            // B4.1/B4.2.
            deployment_type = s
                .enumeration("DeploymentType", "IN_PLACE, BLUE_GREEN")?
                .unwrap_or_default();
            // B3.1: traffic events run only with a load balancer.
            with_load_balancer =
                s.string("DeploymentOption")?.as_deref() == Some("WITH_TRAFFIC_CONTROL");
            s.finish(out);
        }
        let mut auto_rollback = false;
        if let Some(mut r) = o.obj("AutoRollbackConfiguration", out)? {
            let enabled = r.bool("Enabled")?.unwrap_or(false);
            let events = r.strings("Events")?.unwrap_or_default();
            // B4.4: the simulator rolls back failed deployments.
            auto_rollback = enabled && events.iter().any(|e| e == "DEPLOYMENT_FAILURE");
            for e in events.iter().filter(|e| *e != "DEPLOYMENT_FAILURE") {
                out.push(unsupported(
                    format!("{}: {e}", r.child_path(&"Events")),
                    "only DEPLOYMENT_FAILURE rollbacks are modelled (B4.4)",
                ));
            }
            r.finish(out);
        }
        let outdated = o
            .enumeration("OutdatedInstancesStrategy", "UPDATE, IGNORE")?
            .unwrap_or_default();
        let mut blue_green = crate::scenario::BlueGreenSpec::default();
        let bg_key = (
            "BlueGreenDeploymentConfiguration",
            "blue_green_deployment_config",
        );
        if let Some(mut bg) = o.obj(bg_key, out)? {
            // B4.2.
            if let Some(mut r) = bg.obj("DeploymentReadyOption", out)? {
                blue_green.action_on_timeout = r
                    .enumeration::<ActionOnTimeout, _>(
                        "ActionOnTimeout",
                        "CONTINUE_DEPLOYMENT, STOP_DEPLOYMENT",
                    )?
                    .unwrap_or_default();
                blue_green.wait_time_minutes = r.u32("WaitTimeInMinutes")?.unwrap_or(0);
                r.finish(out);
            }
            if let Some(mut g) = bg.obj("GreenFleetProvisioningOption", out)? {
                let a = g.string("Action")?;
                if a.as_deref().is_some_and(|a| a != "COPY_AUTO_SCALING_GROUP") {
                    out.push(unsupported(
                        g.child_path(&"Action"),
                        "only COPY_AUTO_SCALING_GROUP is modelled (B4.2)",
                    ));
                }
                g.finish(out);
            }
            if let Some(mut t) = bg.obj("TerminateBlueInstancesOnDeploymentSuccess", out)? {
                blue_green.original_instances = t
                    .enumeration::<OriginalInstancesAction, _>("Action", "TERMINATE, KEEP_ALIVE")?
                    .unwrap_or_default();
                blue_green.termination_wait_minutes =
                    t.u32("TerminationWaitTimeInMinutes")?.unwrap_or(0);
                t.finish(out);
            }
            bg.finish(out);
        }
        if let Some(p) = o.string("ComputePlatform")? {
            if p != "Server" {
                out.push(unsupported(
                    o.child_path(&"ComputePlatform"),
                    "only EC2/On-Premises (Server) deployment groups are modelled",
                ));
            }
        }
        o.skip(
            ("ServiceRoleArn", "service_role_arn"),
            "IAM roles are not modelled",
            out,
        );
        self.deployments.push(DeploymentIn {
            src: self.src,
            application_name,
            deployment_group_name,
            config_name,
            groups,
            deployment_type,
            with_load_balancer,
            auto_rollback,
            outdated,
            blue_green,
            path,
        });
        Ok(())
    }

    /// Puts what was read into a scenario over `base` (see [`super::import`]).
    pub(crate) fn into_scenario(
        mut self,
        base: &Scenario,
        files: &[super::InputFile<'_>],
    ) -> Result<Imported, ImportError> {
        // Problems found while linking name the file (and line) the item came from.
        let finders: Vec<super::LineFinder<'_>> = files
            .iter()
            .map(|f| super::LineFinder::new(f.text))
            .collect();
        let at = |src: usize, path: String, reason: &str| {
            let mut u = unsupported(path, reason);
            if let (Some(f), Some(lines)) = (files.get(src), finders.get(src)) {
                u.file = f.name.to_string();
                u.line = lines.line(&u.path);
            }
            u
        };
        let mut s = base.clone();
        let mut notes = std::mem::take(&mut self.notes);
        let mut out = std::mem::take(&mut self.unsupported);
        let mut groups = std::mem::take(&mut self.groups).into_iter();
        let mut group = groups.next();
        for (path, g) in groups {
            out.push(unsupported(
                path,
                &format!(
                    "the simulator models one Auto Scaling group; {} is not imported",
                    g.name
                ),
            ));
        }
        let have_group = group.is_some();
        let mine = |g: &Option<String>, name: &str| g.as_deref().is_none_or(|g| g == name);

        // A1.6: the group may name its template by id (resolved before ids are filled in).
        if let Some((_, g)) = &mut group {
            if let LaunchSource::LaunchTemplate { name, .. } = &mut g.launch {
                if let Some(t) = self
                    .launch_templates
                    .iter()
                    .find(|t| !t.id.is_empty() && &t.id == name)
                {
                    *name = t.name.clone();
                }
            }
        }
        // A1: templates and configurations replace the base's when the input has any.
        if !self.launch_templates.is_empty() || !self.launch_configurations.is_empty() {
            for t in &mut self.launch_templates {
                if t.id.is_empty() || t.id.starts_with("lt-ref-") {
                    t.id = base
                        .launch_templates
                        .iter()
                        .find(|b| b.name == t.name)
                        .map(|b| b.id.clone())
                        .unwrap_or_else(|| synthetic_template_id(&t.name));
                }
            }
            s.launch_templates = std::mem::take(&mut self.launch_templates);
            s.launch_configurations = std::mem::take(&mut self.launch_configurations);
        }

        if let Some((_, mut g)) = group {
            // A1.6: the group may name its template by id.
            if let LaunchSource::LaunchTemplate { name, .. } = &mut g.launch {
                if let Some(t) = s.launch_templates.iter().find(|t| &t.id == name) {
                    *name = t.name.clone();
                }
            }
            if g.availability_zones.is_empty() {
                g.availability_zones = base.group.availability_zones.clone();
                notes.push(format!(
                    "group {}: no AvailabilityZones in the input; using {:?} from the base scenario",
                    g.name, g.availability_zones
                ));
            }
            for (hg, h) in std::mem::take(&mut self.hooks) {
                if !mine(&hg, &g.name) {
                    out.push(unsupported(
                        format!("lifecycle hook {}", h.name),
                        "a hook of another group; not imported",
                    ));
                } else if h
                    .name
                    .starts_with("CodeDeploy-managed-automatic-launch-deployment-hook")
                    || h.name
                        .starts_with("CodeDeploy-managed-automatic-termination-deployment-hook")
                {
                    // B5.1: the simulator installs CodeDeploy's hook itself.
                    notes.push(format!(
                        "lifecycle hook {}: CodeDeploy's own hook; the simulator installs it with the deployment group (B5.1)",
                        h.name
                    ));
                } else {
                    g.lifecycle_hooks.push(h);
                }
            }
            // The simulated handler of each hook is not AWS configuration: the base's hook of
            // the same name gives it, else the default handler [MODEL].
            for h in &mut g.lifecycle_hooks {
                match base.group.lifecycle_hooks.iter().find(|b| b.name == h.name) {
                    Some(b) => {
                        h.handler_completes_after_s = b.handler_completes_after_s;
                        h.handler_result = b.handler_result;
                    }
                    None => notes.push(format!(
                        "lifecycle hook {}: its handler is simulated as completing with {:?} after {:?} s [MODEL]; edit handler_completes_after_s and handler_result",
                        h.name, h.handler_result, h.handler_completes_after_s
                    )),
                }
            }
            g.deregistration_delay_s = base.group.deregistration_delay_s;
            s.group = g;
        }
        let gname = s.group.name.clone();

        // A3: policies of the group.
        let mut policies = Vec::new();
        let mut arns: Vec<(String, String)> = Vec::new();
        for p in std::mem::take(&mut self.policies) {
            if !mine(&p.group, &gname) {
                out.push(at(p.src, p.path, "a policy of another group; not imported"));
                continue;
            }
            if let Some(a) = p.arn {
                arns.push((a, p.spec.name.clone()));
            }
            policies.push(p.spec);
        }
        // A4: alarms, with actions resolved to policy names (A4.7).
        let mut alarms = Vec::new();
        for mut a in std::mem::take(&mut self.alarms) {
            if !mine(&a.group, &gname) {
                out.push(at(
                    a.src,
                    a.path,
                    "an alarm on another group's metrics; not imported",
                ));
                continue;
            }
            // A3.4.2: a target tracking policy's own alarms; the simulator creates them.
            let tt_owner = a.spec.alarm_actions.iter().find_map(|act| {
                arns.iter()
                    .find(|(arn, _)| arn == act)
                    .map(|(_, n)| n)
                    .and_then(|n| policies.iter().find(|p| &p.name == n))
                    .filter(|p| matches!(p.kind, PolicyKind::TargetTrackingScaling { .. }))
                    .map(|p| p.name.clone())
            });
            if let Some(owner) = tt_owner {
                out.push(at(
                    a.src,
                    a.path,
                    &format!("an alarm target tracking policy {owner} created; the simulator creates its own (A3.4.2, A3.4.3)"),
                ));
                continue;
            }
            let mut names = Vec::new();
            for act in &a.spec.alarm_actions {
                let found = arns
                    .iter()
                    .find(|(arn, _)| arn == act)
                    .map(|(_, n)| n.clone())
                    .or_else(|| {
                        policies
                            .iter()
                            .find(|p| {
                                &p.name == act || act.ends_with(&format!(":policyName/{}", p.name))
                            })
                            .map(|p| p.name.clone())
                    });
                match found {
                    Some(n) => names.push(n),
                    None => out.push(at(
                        a.src,
                        format!("{}: alarm action {act}", a.path),
                        "not a scaling policy of the group (notifications are not modelled)",
                    )),
                }
            }
            a.spec.alarm_actions = names;
            alarms.push(a.spec);
        }
        // A3.6: times relative to the scenario's start.
        let mut scheduled = Vec::new();
        let start = i64::try_from(base.start_unix_s).unwrap_or(i64::MAX);
        for mut a in std::mem::take(&mut self.scheduled) {
            if !mine(&a.group, &gname) {
                out.push(at(
                    a.src,
                    a.path,
                    "an action of another group; not imported",
                ));
                continue;
            }
            let rel = |t: i64, what: &str, notes: &mut Vec<String>| -> Option<u64> {
                match u64::try_from(t.saturating_sub(start)) {
                    Ok(v) => Some(v),
                    Err(_) => {
                        notes.push(format!(
                            "scheduled action {}: {what} is before the scenario's start; taken as the start",
                            a.spec.name
                        ));
                        Some(0)
                    }
                }
            };
            if a.spec.recurrence.is_none() {
                a.spec.start_s = a.start_unix.and_then(|t| rel(t, "StartTime", &mut notes));
            } else if a.start_unix.is_some() {
                notes.push(format!(
                    "scheduled action {}: StartTime of a recurring action is not modelled; it recurs from the scenario's start",
                    a.spec.name
                ));
            }
            a.spec.end_s = a.end_unix.and_then(|t| rel(t, "EndTime", &mut notes));
            scheduled.push(a.spec);
        }
        if have_group || !policies.is_empty() {
            s.policies = policies;
        }
        if have_group || !alarms.is_empty() {
            s.alarms = alarms;
        }
        if have_group || !scheduled.is_empty() {
            s.scheduled_actions = scheduled;
        }

        // B: the deployment group attached to the group, if any.
        let mut deployments = std::mem::take(&mut self.deployments).into_iter();
        let dg = deployments
            .by_ref()
            .find(|d| d.groups.is_empty() || d.groups.contains(&gname));
        for d in deployments {
            out.push(at(
                d.src,
                d.path,
                "the simulator models one deployment group, for the imported group; not imported",
            ));
        }
        match dg {
            Some(d) => {
                s.delivery.method = DeliveryMethod::CodeDeploy;
                s.delivery.application_name = d.application_name;
                s.delivery.deployment_group_name = d.deployment_group_name;
                s.delivery.deployment_type = d.deployment_type;
                s.delivery.with_load_balancer = d.with_load_balancer;
                s.delivery.auto_rollback = d.auto_rollback;
                s.delivery.outdated_instances_strategy = d.outdated;
                s.delivery.blue_green = d.blue_green;
                // B1.4: OneAtATime when the group names none.
                s.delivery.deployment_config = match d.config_name.as_deref() {
                    None | Some("CodeDeployDefault.OneAtATime") => DeploymentConfig::OneAtATime,
                    Some("CodeDeployDefault.AllAtOnce") => DeploymentConfig::AllAtOnce,
                    Some("CodeDeployDefault.HalfAtATime") => DeploymentConfig::HalfAtATime,
                    Some(n) => match self.deployment_configs.iter().find(|(c, _)| c == n) {
                        Some((name, m)) => DeploymentConfig::Custom {
                            name: name.clone(),
                            minimum_healthy_hosts: *m,
                        },
                        None => match base.delivery.deployment_config.clone() {
                            c @ DeploymentConfig::Custom { .. } if c.name() == n => c,
                            _ => {
                                return Err(ImportError::new(
                                    format!("{}.DeploymentConfigName", d.path),
                                    format!("deployment configuration {n} is not in the input: add its definition (B2.2)"),
                                ))
                            }
                        },
                    },
                };
            }
            None if have_group && base.delivery.method == DeliveryMethod::CodeDeploy => {
                s.delivery.method = DeliveryMethod::NoAutomation;
                notes.push(
                    "no CodeDeploy deployment group for the group: delivery is NoAutomation (instances run their AMI's code)".into(),
                );
            }
            None => {}
        }

        // A1: every image and instance type the launch sources name must exist.
        let mut images: Vec<String> = Vec::new();
        let mut types: Vec<String> = Vec::new();
        for lc in &s.launch_configurations {
            images.push(lc.image_id.clone());
            types.push(lc.instance_type.clone());
        }
        for t in &s.launch_templates {
            for v in &t.versions {
                images.extend(v.image_id.clone());
                types.extend(v.instance_type.clone());
            }
        }
        for id in images {
            if !id.is_empty() && !s.amis.iter().any(|a| a.id == id) {
                notes.push(format!(
                    "image {id}: not in the base scenario; added with no software and no baked revision (edit amis[] to say what it holds)"
                ));
                s.amis.push(Ami {
                    id: id.clone(),
                    name: id,
                    software: Vec::new(),
                    baked_revision: None,
                });
            }
        }
        for name in types {
            if !name.is_empty() && !s.instance_types.iter().any(|t| t.name == name) {
                let price = crate::summary::ON_DEMAND_PRICES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, p)| *p);
                notes.push(format!(
                    "instance type {name}: not in the base scenario; added with capacity_rps {} [MODEL]{} (edit instance_types[])",
                    InstanceType::default().capacity_rps,
                    if price.is_some() { "" } else { " and the t3.medium price" }
                ));
                s.instance_types.push(InstanceType {
                    name,
                    price_per_hour: price.unwrap_or(InstanceType::default().price_per_hour),
                    ..InstanceType::default()
                });
            }
        }
        Ok(Imported {
            scenario: s,
            unsupported: out,
            notes,
        })
    }
}

/// The launch template of a `MixedInstancesPolicy`, if the group has one (the rest of the
/// policy is listed: instance weights and mixed types are not modelled).
fn mixed_instances_template(
    o: &mut Obj<'_>,
    out: &mut Vec<Unsupported>,
) -> Result<Option<LaunchSource>, ImportError> {
    let Some(mut mip) = o.obj("MixedInstancesPolicy", out)? else {
        return Ok(None);
    };
    let mut found = None;
    if let Some(mut lt) = mip.obj("LaunchTemplate", out)? {
        if let Some(mut spec) = lt.obj("LaunchTemplateSpecification", out)? {
            let id = spec.string("LaunchTemplateId")?;
            let name = spec.string("LaunchTemplateName")?;
            // A1.6.
            let version = spec.string("Version")?.unwrap_or_else(|| "$Default".into());
            spec.finish(out);
            found = Some(LaunchSource::LaunchTemplate {
                name: name.or(id).unwrap_or_default(),
                version,
            });
        }
        lt.skip(
            ("Overrides", "override"),
            "instance type overrides and weights are not modelled; the template's own type is used",
            out,
        );
        lt.finish(out);
    }
    mip.skip(
        "InstancesDistribution",
        "the On-Demand/Spot split is not modelled: every instance is On-Demand",
        out,
    );
    mip.finish(out);
    Ok(found)
}

/// A lifecycle hook's AWS settings (A6.1, A6.2); the simulated handler is filled in later.
fn hook(
    o: &mut Obj<'_>,
    d: Dialect,
    out: &mut Vec<Unsupported>,
    default_name: Option<&str>,
) -> Result<LifecycleHookSpec, ImportError> {
    let name_key = if d == Dialect::Tf {
        ("LifecycleHookName", "name")
    } else {
        ("LifecycleHookName", "lifecycle_hook_name")
    };
    let path = o.path.clone();
    let name = o
        .string(name_key)?
        .or_else(|| default_name.map(str::to_string))
        .ok_or_else(|| ImportError::new(path.clone(), "LifecycleHookName is missing"))?;
    let transition = o
        .enumeration(
            "LifecycleTransition",
            "autoscaling:EC2_INSTANCE_LAUNCHING, autoscaling:EC2_INSTANCE_TERMINATING",
        )?
        .ok_or_else(|| ImportError::new(path, "LifecycleTransition is missing"))?;
    let reason = "notifications are not modelled (the simulated handler answers the hook)";
    o.skip("NotificationTargetARN", reason, out);
    o.skip("RoleARN", reason, out);
    o.skip("NotificationMetadata", reason, out);
    let default = LifecycleHookSpec::default();
    Ok(LifecycleHookSpec {
        name,
        transition,
        // A6.2: 3600 s and ABANDON by default.
        heartbeat_timeout_s: o.u32("HeartbeatTimeout")?.unwrap_or(3600),
        default_result: o
            .enumeration("DefaultResult", "CONTINUE, ABANDON")?
            .unwrap_or_default(),
        handler_completes_after_s: default.handler_completes_after_s,
        handler_result: default.handler_result,
    })
}

/// An id for a template whose real id the input does not hold (CloudFormation and Terraform
/// create it): `lt-` and 17 hex digits derived from the name.
pub(crate) fn synthetic_template_id(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("lt-0{:016x}", h)
}

#[cfg(test)]
mod tests {
    use super::snake;

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("VPCZoneIdentifier"), "vpc_zone_identifier");
        assert_eq!(snake("HealthCheckGracePeriod"), "health_check_grace_period");
        assert_eq!(
            snake("MetricIntervalLowerBound"),
            "metric_interval_lower_bound"
        );
        assert_eq!(snake("ImageId"), "image_id");
    }
}
