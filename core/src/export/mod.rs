//! Exporters: the scenario's infrastructure as CloudFormation (JSON or YAML) or Terraform
//! (docs/import-export.md). What AWS configuration cannot hold (the load, revisions, the
//! simulated hook handlers, the model's assumptions...) is listed in
//! [`Exported::not_expressed`], and the importers take it from the base scenario on the way back.

pub mod cloudformation;
pub mod kubernetes;
pub mod terraform;

use crate::scenario::{DeliveryMethod, DeploymentType, LaunchSource, PolicyKind};
use crate::Scenario;

/// An exported template and what it could not say.
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    pub text: String,
    pub not_expressed: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    CloudFormation,
    Terraform,
}

/// The scenario an export writes: the primary group, with the alarms, policies and scheduled
/// actions on it (an export holds one Auto Scaling group; see [`not_expressed`]).
pub(crate) fn primary_only(s: &Scenario) -> Scenario {
    let mut p = s.clone();
    let on_primary = |g: &Option<String>| s.group_index(g.as_deref()) == Some(0);
    p.alarms.retain(|a| on_primary(&a.group));
    p.policies.retain(|x| on_primary(&x.group));
    p.scheduled_actions.retain(|a| on_primary(&a.group));
    for a in p.alarms.iter_mut() {
        a.group = None;
    }
    for x in p.policies.iter_mut() {
        x.group = None;
    }
    for a in p.scheduled_actions.iter_mut() {
        a.group = None;
    }
    p.extra_groups.clear();
    p
}

/// The scenario fields an export leaves out, each with the reason.
pub(crate) fn not_expressed(s: &Scenario, target: Target) -> Vec<String> {
    let mut out = vec![
        "load, actions, seed, horizon_s, start_unix_s: a run's inputs, not infrastructure".to_string(),
        "delivery.revisions, delivery.initial_revision: application revisions are not infrastructure".to_string(),
        "amis[].software, amis[].baked_revision, instance_types[] capacity and prices: what images hold and instances serve is the model's".to_string(),
        "assumptions: the model's parameters".to_string(),
    ];
    if s.kubernetes.is_some() {
        out.push(
            "kubernetes: the cluster's objects are Kubernetes manifests (export them with --to kubernetes)"
                .into(),
        );
    }
    if !s.extra_groups.is_empty() {
        out.push(format!(
            "extra_groups: {} more Auto Scaling groups, and the alarms, policies and scheduled actions on them: an export holds the primary group",
            s.extra_groups.len()
        ));
    }
    if !s.group.lifecycle_hooks.is_empty() {
        out.push(
            "group.lifecycle_hooks[].handler_*: the simulated handler is not AWS configuration"
                .into(),
        );
    }
    if s.group.deregistration_delay_s != 0 {
        out.push(
            "group.deregistration_delay_s: a target group attribute; no target group is exported"
                .into(),
        );
    }
    for (i, t) in s.launch_templates.iter().enumerate() {
        if t.versions.len() > 1 {
            out.push(format!(
                "launch_templates[{i}].versions: a template resource holds one version; only the default version {} is exported (A1.5)",
                t.default_version
            ));
        }
    }
    if let LaunchSource::LaunchTemplate { version, .. } = &s.group.launch {
        if version != "$Default" && version != "$Latest" && version != "1" {
            out.push(format!(
                "group.launch.version {version}: the exported template has one version, so the group uses version 1"
            ));
        }
    }
    if target == Target::CloudFormation {
        if !s.group.suspended_processes.is_empty() {
            out.push("group.suspended_processes: CloudFormation has no property for suspended processes (A2.15)".into());
        }
        for p in &s.policies {
            if !p.enabled {
                out.push(format!(
                    "policies[{}].enabled false: AWS::AutoScaling::ScalingPolicy has no Enabled property (A3.1.1)",
                    p.name
                ));
            }
        }
    }
    for p in &s.policies {
        if let PolicyKind::TargetTrackingScaling { metric, .. } = &p.kind {
            if metric.predefined().is_none() {
                out.push(format!(
                    "policies[{}]: target tracking on {} is exported as a customized metric",
                    p.name,
                    metric.as_str()
                ));
            }
        }
    }
    match s.delivery.method {
        DeliveryMethod::CodeDeploy => {
            if s.delivery.deployment_type == DeploymentType::IN_PLACE
                && s.delivery.blue_green != crate::scenario::BlueGreenSpec::default()
            {
                out.push("delivery.blue_green: an in-place deployment group holds no blue/green settings".into());
            }
        }
        m => out.push(format!(
            "delivery.method {m:?}: only a CodeDeploy deployment group is infrastructure; none is exported"
        )),
    }
    out
}

/// A resource name from a scenario name: `web-asg` → `WebAsg` (CloudFormation logical ids
/// are alphanumeric) with `prefix` in front, unique among `taken`.
pub(crate) fn logical_id(prefix: &str, name: &str, taken: &mut Vec<String>) -> String {
    let mut id = prefix.to_string();
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                id.push(c.to_ascii_uppercase());
            } else {
                id.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    unique(id, taken)
}

/// A Terraform resource label from a scenario name: `web-asg` → `web_asg`.
pub(crate) fn tf_label(name: &str, taken: &mut Vec<String>) -> String {
    let mut id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert(0, 'r');
        id.insert(1, '_');
    }
    unique(id, taken)
}

fn unique(id: String, taken: &mut Vec<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{id}{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// A placeholder the exported CodeDeploy deployment group needs (ServiceRoleArn is required):
/// replace it with the real role.
pub const SERVICE_ROLE_PLACEHOLDER: &str = "arn:aws:iam::123456789012:role/CodeDeployServiceRole";
/// A placeholder target group for ALBRequestCountPerTarget (its ResourceLabel is required).
pub const RESOURCE_LABEL_PLACEHOLDER: &str =
    "app/web-alb/0123456789abcdef/targetgroup/web-tg/0123456789abcdef";
