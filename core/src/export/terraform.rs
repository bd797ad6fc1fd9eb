//! Terraform HCL for the AWS provider (argument names as the provider documents them). The
//! importer reads it back ([`crate::import::terraform`]).

use std::fmt::Write;

use super::{
    not_expressed, tf_label, Exported, Target, RESOURCE_LABEL_PLACEHOLDER, SERVICE_ROLE_PLACEHOLDER,
};
use crate::codedeploy::config::DeploymentConfig;
use crate::scenario::{DeliveryMethod, DeploymentType, LaunchSource, PolicyKind};
use crate::time::iso_from_unix;
use crate::Scenario;

/// An HCL string literal: quotes, backslashes, control characters and template sequences
/// (`${`, `%{`) escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn num(v: f64) -> String {
    // HCL numbers; JSON's formatting of a finite f64 is valid HCL.
    serde_json::Number::from_f64(v).map_or_else(|| "0".into(), |n| n.to_string())
}

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", q.join(", "))
}

/// A small HCL writer with indentation.
struct W {
    out: String,
    depth: usize,
}

impl W {
    fn line(&mut self, s: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn attr(&mut self, k: &str, v: impl AsRef<str>) {
        self.line(&format!("{k} = {}", v.as_ref()));
    }
    fn open(&mut self, head: &str) {
        self.line(&format!("{head} {{"));
        self.depth += 1;
    }
    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.line("}");
    }
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => quote(&s),
        _ => quote(""),
    }
}

/// The scenario's infrastructure as Terraform.
pub fn to_hcl(s: &Scenario) -> Exported {
    let original = s;
    let primary = super::primary_only(s);
    let s = &primary;
    let mut w = W {
        out: String::new(),
        depth: 0,
    };
    w.line(&format!(
        "# Exported by Scaleout from the scenario {}.",
        quote(&s.name)
    ));
    let mut taken = Vec::new();

    let codedeploy = s.delivery.method == DeliveryMethod::CodeDeploy;
    if codedeploy {
        w.open("variable \"codedeploy_service_role_arn\"");
        w.attr(
            "description",
            quote("The IAM role CodeDeploy assumes (replace the placeholder)."),
        );
        w.attr("type", "string");
        w.attr("default", quote(SERVICE_ROLE_PLACEHOLDER));
        w.close();
        w.line("");
    }

    // A1.4: one template resource per template, holding its default version.
    let mut lts = Vec::new();
    for t in &s.launch_templates {
        let label = tf_label(&t.name, &mut taken);
        let idx = (t.default_version as usize).saturating_sub(1);
        w.open(&format!("resource \"aws_launch_template\" \"{label}\""));
        w.attr("name", quote(&t.name));
        if let Some(v) = t.versions.get(idx).or(t.versions.first()) {
            if !v.description.is_empty() {
                w.attr("description", quote(&v.description));
            }
            if let Some(i) = &v.image_id {
                w.attr("image_id", quote(i));
            }
            if let Some(i) = &v.instance_type {
                w.attr("instance_type", quote(i));
            }
            if let Some(k) = &v.key_name {
                w.attr("key_name", quote(k));
            }
            if !v.security_group_ids.is_empty() {
                w.attr("vpc_security_group_ids", list(&v.security_group_ids));
            }
            if let Some(u) = v.user_data.as_ref().filter(|u| !u.is_empty()) {
                w.attr("user_data", format!("base64encode({})", quote(u)));
            }
            w.open("monitoring");
            w.attr("enabled", v.monitoring_enabled.to_string());
            w.close();
            w.open("block_device_mappings");
            w.attr("device_name", quote("/dev/xvda"));
            w.open("ebs");
            w.attr("volume_size", v.volume_size_gib.to_string());
            w.close();
            w.close();
        }
        w.close();
        w.line("");
        lts.push((t.name.clone(), label));
    }
    // A1.1.
    let mut lcs = Vec::new();
    for lc in &s.launch_configurations {
        let label = tf_label(&lc.name, &mut taken);
        w.open(&format!(
            "resource \"aws_launch_configuration\" \"{label}\""
        ));
        w.attr("name", quote(&lc.name));
        w.attr("image_id", quote(&lc.image_id));
        w.attr("instance_type", quote(&lc.instance_type));
        w.attr("enable_monitoring", lc.instance_monitoring.to_string());
        if let Some(k) = &lc.key_name {
            w.attr("key_name", quote(k));
        }
        if !lc.security_groups.is_empty() {
            w.attr("security_groups", list(&lc.security_groups));
        }
        if let Some(u) = lc.user_data.as_ref().filter(|u| !u.is_empty()) {
            w.attr("user_data", format!("base64encode({})", quote(u)));
        }
        w.open("block_device_mappings");
        w.attr("device_name", quote("/dev/xvda"));
        w.open("ebs");
        w.attr("volume_size", lc.volume_size_gib.to_string());
        w.close();
        w.close();
        w.close();
        w.line("");
        lcs.push((lc.name.clone(), label));
    }

    // A2.
    let g = &s.group;
    let group_label = tf_label(&g.name, &mut taken);
    let group_ref = format!("aws_autoscaling_group.{group_label}.name");
    w.open(&format!(
        "resource \"aws_autoscaling_group\" \"{group_label}\""
    ));
    w.attr("name", quote(&g.name));
    w.attr("min_size", g.min_size.to_string());
    w.attr("max_size", g.max_size.to_string());
    if let Some(d) = g.desired_capacity {
        w.attr("desired_capacity", d.to_string());
    }
    w.attr("availability_zones", list(&g.availability_zones));
    w.attr("health_check_type", enum_str(&g.health_check_type));
    w.attr(
        "health_check_grace_period",
        g.health_check_grace_period_s.to_string(),
    );
    w.attr("default_cooldown", g.default_cooldown_s.to_string());
    if let Some(x) = g.default_instance_warmup_s {
        w.attr("default_instance_warmup", x.to_string());
    }
    let tps: Vec<String> = g
        .termination_policies
        .iter()
        .map(|t| enum_str(t).trim_matches('"').to_string())
        .collect();
    w.attr("termination_policies", list(&tps));
    w.attr(
        "protect_from_scale_in",
        g.new_instances_protected_from_scale_in.to_string(),
    );
    if !g.suspended_processes.is_empty() {
        let sp: Vec<String> = g
            .suspended_processes
            .iter()
            .map(|p| enum_str(p).trim_matches('"').to_string())
            .collect();
        w.attr("suspended_processes", list(&sp));
    }
    match &g.launch {
        LaunchSource::LaunchTemplate { name, version } => {
            w.open("launch_template");
            match lts.iter().find(|(n, _)| n == name) {
                Some((_, label)) => w.attr("id", format!("aws_launch_template.{label}.id")),
                None => w.attr("name", quote(name)),
            }
            let v = if lts.iter().any(|(n, _)| n == name)
                && version != "$Default"
                && version != "$Latest"
            {
                "1"
            } else {
                version.as_str()
            };
            w.attr("version", quote(v));
            w.close();
        }
        LaunchSource::LaunchConfiguration { name } => match lcs.iter().find(|(n, _)| n == name) {
            Some((_, label)) => w.attr(
                "launch_configuration",
                format!("aws_launch_configuration.{label}.name"),
            ),
            None => w.attr("launch_configuration", quote(name)),
        },
    }
    for h in &g.lifecycle_hooks {
        w.open("initial_lifecycle_hook");
        w.attr("name", quote(&h.name));
        w.attr("lifecycle_transition", enum_str(&h.transition));
        w.attr("heartbeat_timeout", h.heartbeat_timeout_s.to_string());
        w.attr("default_result", enum_str(&h.default_result));
        w.close();
    }
    w.close();
    w.line("");

    // A3.
    let mut policies = Vec::new();
    for p in &s.policies {
        let label = tf_label(&p.name, &mut taken);
        w.open(&format!("resource \"aws_autoscaling_policy\" \"{label}\""));
        w.attr("name", quote(&p.name));
        w.attr("autoscaling_group_name", &group_ref);
        w.attr("enabled", p.enabled.to_string());
        match &p.kind {
            PolicyKind::SimpleScaling {
                adjustment_type,
                scaling_adjustment,
                cooldown_s,
                min_adjustment_magnitude,
            } => {
                w.attr("policy_type", quote("SimpleScaling"));
                w.attr("adjustment_type", enum_str(adjustment_type));
                w.attr("scaling_adjustment", scaling_adjustment.to_string());
                if let Some(c) = cooldown_s {
                    w.attr("cooldown", c.to_string());
                }
                if let Some(m) = min_adjustment_magnitude {
                    w.attr("min_adjustment_magnitude", m.to_string());
                }
            }
            PolicyKind::StepScaling {
                adjustment_type,
                step_adjustments,
                metric_aggregation_type,
                estimated_instance_warmup_s,
                min_adjustment_magnitude,
            } => {
                w.attr("policy_type", quote("StepScaling"));
                w.attr("adjustment_type", enum_str(adjustment_type));
                w.attr("metric_aggregation_type", enum_str(metric_aggregation_type));
                if let Some(x) = estimated_instance_warmup_s {
                    w.attr("estimated_instance_warmup", x.to_string());
                }
                if let Some(m) = min_adjustment_magnitude {
                    w.attr("min_adjustment_magnitude", m.to_string());
                }
                for st in step_adjustments {
                    w.open("step_adjustment");
                    if let Some(l) = st.lower_bound {
                        w.attr("metric_interval_lower_bound", num(l));
                    }
                    if let Some(u) = st.upper_bound {
                        w.attr("metric_interval_upper_bound", num(u));
                    }
                    w.attr("scaling_adjustment", st.scaling_adjustment.to_string());
                    w.close();
                }
            }
            PolicyKind::TargetTrackingScaling {
                metric,
                target_value,
                disable_scale_in,
                estimated_instance_warmup_s,
            } => {
                w.attr("policy_type", quote("TargetTrackingScaling"));
                if let Some(x) = estimated_instance_warmup_s {
                    w.attr("estimated_instance_warmup", x.to_string());
                }
                w.open("target_tracking_configuration");
                match metric.predefined() {
                    Some(pm) => {
                        w.open("predefined_metric_specification");
                        w.attr("predefined_metric_type", quote(pm));
                        if pm == "ALBRequestCountPerTarget" {
                            w.attr("resource_label", quote(RESOURCE_LABEL_PLACEHOLDER));
                        }
                        w.close();
                    }
                    None => {
                        w.open("customized_metric_specification");
                        w.attr("metric_name", quote(metric.as_str()));
                        w.attr("namespace", quote(metric.namespace()));
                        w.attr("statistic", quote("Average"));
                        w.open("metric_dimension");
                        w.attr("name", quote("AutoScalingGroupName"));
                        w.attr("value", &group_ref);
                        w.close();
                        w.close();
                    }
                }
                w.attr("target_value", num(*target_value));
                w.attr("disable_scale_in", disable_scale_in.to_string());
                w.close();
            }
        }
        w.close();
        w.line("");
        policies.push((p.name.clone(), label));
    }

    // A4.
    for a in &s.alarms {
        let label = tf_label(&a.name, &mut taken);
        w.open(&format!(
            "resource \"aws_cloudwatch_metric_alarm\" \"{label}\""
        ));
        w.attr("alarm_name", quote(&a.name));
        w.attr("namespace", quote(a.metric.namespace()));
        w.attr("metric_name", quote(a.metric.as_str()));
        w.attr("statistic", quote(a.statistic.as_str()));
        w.attr("period", a.period_s.to_string());
        w.attr("evaluation_periods", a.evaluation_periods.to_string());
        if let Some(m) = a.datapoints_to_alarm {
            w.attr("datapoints_to_alarm", m.to_string());
        }
        w.attr("threshold", num(a.threshold));
        w.attr("comparison_operator", enum_str(&a.comparison_operator));
        w.attr("treat_missing_data", quote(a.treat_missing_data.as_str()));
        w.attr(
            "dimensions",
            format!("{{ AutoScalingGroupName = {group_ref} }}"),
        );
        let actions: Vec<String> = a
            .alarm_actions
            .iter()
            .filter_map(|n| policies.iter().find(|(p, _)| p == n))
            .map(|(_, l)| format!("aws_autoscaling_policy.{l}.arn"))
            .collect();
        if !actions.is_empty() {
            w.attr("alarm_actions", format!("[{}]", actions.join(", ")));
        }
        w.close();
        w.line("");
    }

    // A3.6: the provider sends 0 for an absent size; -1 leaves it unchanged.
    for a in &s.scheduled_actions {
        let label = tf_label(&a.name, &mut taken);
        w.open(&format!(
            "resource \"aws_autoscaling_schedule\" \"{label}\""
        ));
        w.attr("scheduled_action_name", quote(&a.name));
        w.attr("autoscaling_group_name", &group_ref);
        if let Some(r) = &a.recurrence {
            w.attr("recurrence", quote(r));
        } else if let Some(t) = a.start_s {
            w.attr(
                "start_time",
                quote(&iso_from_unix(s.start_unix_s.saturating_add(t))),
            );
        }
        if let Some(t) = a.end_s {
            w.attr(
                "end_time",
                quote(&iso_from_unix(s.start_unix_s.saturating_add(t))),
            );
        }
        let size = |v: Option<u32>| v.map_or_else(|| "-1".to_string(), |v| v.to_string());
        w.attr("min_size", size(a.min_size));
        w.attr("max_size", size(a.max_size));
        w.attr("desired_capacity", size(a.desired_capacity));
        w.close();
        w.line("");
    }

    // B.
    if codedeploy {
        let d = &s.delivery;
        let app = tf_label(&d.application_name, &mut taken);
        w.open(&format!("resource \"aws_codedeploy_app\" \"{app}\""));
        w.attr("name", quote(&d.application_name));
        w.attr("compute_platform", quote("Server"));
        w.close();
        w.line("");
        let config = match &d.deployment_config {
            DeploymentConfig::Custom {
                name,
                minimum_healthy_hosts,
            } => {
                let label = tf_label(name, &mut taken);
                w.open(&format!(
                    "resource \"aws_codedeploy_deployment_config\" \"{label}\""
                ));
                w.attr("deployment_config_name", quote(name));
                w.attr("compute_platform", quote("Server"));
                w.open("minimum_healthy_hosts");
                w.attr("type", quote(minimum_healthy_hosts.kind.as_str()));
                w.attr("value", minimum_healthy_hosts.value.to_string());
                w.close();
                w.close();
                w.line("");
                format!("aws_codedeploy_deployment_config.{label}.id")
            }
            other => quote(&other.name()),
        };
        let label = tf_label(&d.deployment_group_name, &mut taken);
        w.open(&format!(
            "resource \"aws_codedeploy_deployment_group\" \"{label}\""
        ));
        w.attr("app_name", format!("aws_codedeploy_app.{app}.name"));
        w.attr("deployment_group_name", quote(&d.deployment_group_name));
        w.attr("service_role_arn", "var.codedeploy_service_role_arn");
        w.attr("deployment_config_name", config);
        w.attr("autoscaling_groups", format!("[{group_ref}]"));
        w.attr(
            "outdated_instances_strategy",
            enum_str(&d.outdated_instances_strategy),
        );
        w.open("deployment_style");
        w.attr("deployment_type", enum_str(&d.deployment_type));
        w.attr(
            "deployment_option",
            quote(if d.with_load_balancer {
                "WITH_TRAFFIC_CONTROL"
            } else {
                "WITHOUT_TRAFFIC_CONTROL"
            }),
        );
        w.close();
        if d.auto_rollback {
            w.open("auto_rollback_configuration");
            w.attr("enabled", "true");
            w.attr("events", list(&["DEPLOYMENT_FAILURE".to_string()]));
            w.close();
        }
        if d.deployment_type == DeploymentType::BLUE_GREEN {
            let bg = &d.blue_green;
            w.open("blue_green_deployment_config");
            w.open("deployment_ready_option");
            w.attr("action_on_timeout", enum_str(&bg.action_on_timeout));
            w.attr("wait_time_in_minutes", bg.wait_time_minutes.to_string());
            w.close();
            w.open("green_fleet_provisioning_option");
            w.attr("action", quote("COPY_AUTO_SCALING_GROUP"));
            w.close();
            w.open("terminate_blue_instances_on_deployment_success");
            w.attr("action", enum_str(&bg.original_instances));
            w.attr(
                "termination_wait_time_in_minutes",
                bg.termination_wait_minutes.to_string(),
            );
            w.close();
            w.close();
        }
        w.close();
    }
    Exported {
        text: w.out,
        not_expressed: not_expressed(original, Target::Terraform),
    }
}
