//! CloudFormation, JSON or YAML, with the property names and types of the CloudFormation
//! resource reference (AWS::AutoScaling::AutoScalingGroup's sizes and `Cooldown` are strings,
//! for example). The importer reads it back ([`crate::import::cloudformation`]).

use serde_json::{json, Map, Value};

use super::{
    logical_id, not_expressed, Exported, Target, RESOURCE_LABEL_PLACEHOLDER,
    SERVICE_ROLE_PLACEHOLDER,
};
use crate::codedeploy::config::DeploymentConfig;
use crate::scenario::{
    DeliveryMethod, DeploymentType, LaunchSource, LaunchTemplateVersion, PolicyKind,
};
use crate::time::iso_from_unix;
use crate::Scenario;

/// The template's parts, resources in the scenario's order (groups, templates, policies,
/// alarms and scheduled actions keep their order through export and import).
struct Parts {
    description: String,
    params: Map<String, Value>,
    resources: Vec<(String, Value)>,
}

/// A resource list that keeps insertion order.
#[derive(Default)]
struct Resources(Vec<(String, Value)>);

impl Resources {
    fn insert(&mut self, id: String, v: Value) {
        self.0.push((id, v));
    }
}

/// The template as a JSON value (resources in key order: use [`to_json`] or [`to_yaml`] for
/// the text, which keeps the scenario's order).
pub fn template(s: &Scenario) -> Value {
    let primary = super::primary_only(s);
    let s = &primary;
    let p = parts(s);
    let mut top = Map::new();
    top.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    top.insert("Description".into(), json!(p.description));
    if !p.params.is_empty() {
        top.insert("Parameters".into(), Value::Object(p.params));
    }
    top.insert(
        "Resources".into(),
        Value::Object(p.resources.into_iter().collect()),
    );
    Value::Object(top)
}

fn parts(s: &Scenario) -> Parts {
    let mut taken = Vec::new();
    let mut res = Resources::default();
    let group_id = logical_id("Group", &s.group.name, &mut taken);
    let group_ref = json!({ "Ref": group_id });

    // A1.4: one AWS::EC2::LaunchTemplate per template, holding its default version.
    let mut lt_ids = Vec::new();
    for t in &s.launch_templates {
        let id = logical_id("LaunchTemplate", &t.name, &mut taken);
        let idx = (t.default_version as usize).saturating_sub(1);
        let v = t.versions.get(idx).or(t.versions.first());
        let mut props = Map::new();
        props.insert("LaunchTemplateName".into(), json!(t.name));
        if let Some(v) = v {
            if !v.description.is_empty() {
                props.insert("VersionDescription".into(), json!(v.description));
            }
            props.insert("LaunchTemplateData".into(), template_data(v));
        }
        res.insert(
            id.clone(),
            json!({ "Type": "AWS::EC2::LaunchTemplate", "Properties": props }),
        );
        lt_ids.push((t.name.clone(), id));
    }
    // A1.1.
    let mut lc_ids = Vec::new();
    for lc in &s.launch_configurations {
        let id = logical_id("LaunchConfiguration", &lc.name, &mut taken);
        let mut p = Map::new();
        p.insert("LaunchConfigurationName".into(), json!(lc.name));
        p.insert("ImageId".into(), json!(lc.image_id));
        p.insert("InstanceType".into(), json!(lc.instance_type));
        p.insert("InstanceMonitoring".into(), json!(lc.instance_monitoring));
        if let Some(k) = &lc.key_name {
            p.insert("KeyName".into(), json!(k));
        }
        if !lc.security_groups.is_empty() {
            p.insert("SecurityGroups".into(), json!(lc.security_groups));
        }
        if let Some(u) = lc.user_data.as_ref().filter(|u| !u.is_empty()) {
            p.insert("UserData".into(), json!({ "Fn::Base64": u }));
        }
        p.insert(
            "BlockDeviceMappings".into(),
            block_devices(lc.volume_size_gib),
        );
        res.insert(
            id.clone(),
            json!({ "Type": "AWS::AutoScaling::LaunchConfiguration", "Properties": p }),
        );
        lc_ids.push((lc.name.clone(), id));
    }

    // A2.
    let g = &s.group;
    let mut gp = Map::new();
    gp.insert("AutoScalingGroupName".into(), json!(g.name));
    match &g.launch {
        LaunchSource::LaunchTemplate { name, version } => {
            let lt = lt_ids.iter().find(|(n, _)| n == name);
            // A1.6: CloudFormation takes the version number, or these attributes for
            // $Latest / $Default.
            let version = match (lt, version.as_str()) {
                (Some((_, id)), "$Default") => {
                    json!({ "Fn::GetAtt": [id, "DefaultVersionNumber"] })
                }
                (Some((_, id)), "$Latest") => json!({ "Fn::GetAtt": [id, "LatestVersionNumber"] }),
                (Some(_), _) => json!("1"),
                (None, v) => json!(v),
            };
            let spec = match lt {
                Some((_, id)) => json!({ "LaunchTemplateId": { "Ref": id }, "Version": version }),
                None => json!({ "LaunchTemplateName": name, "Version": version }),
            };
            gp.insert("LaunchTemplate".into(), spec);
        }
        LaunchSource::LaunchConfiguration { name } => {
            let v = match lc_ids.iter().find(|(n, _)| n == name) {
                Some((_, id)) => json!({ "Ref": id }),
                None => json!(name),
            };
            gp.insert("LaunchConfigurationName".into(), v);
        }
    }
    gp.insert("MinSize".into(), json!(g.min_size.to_string()));
    gp.insert("MaxSize".into(), json!(g.max_size.to_string()));
    if let Some(d) = g.desired_capacity {
        gp.insert("DesiredCapacity".into(), json!(d.to_string()));
    }
    // A parameter rather than literal zones (cfn-lint W3010); its default is the scenario's.
    gp.insert(
        "AvailabilityZones".into(),
        json!({ "Ref": "AvailabilityZones" }),
    );
    gp.insert("HealthCheckType".into(), json!(g.health_check_type));
    gp.insert(
        "HealthCheckGracePeriod".into(),
        json!(g.health_check_grace_period_s),
    );
    gp.insert("Cooldown".into(), json!(g.default_cooldown_s.to_string()));
    if let Some(w) = g.default_instance_warmup_s {
        gp.insert("DefaultInstanceWarmup".into(), json!(w));
    }
    gp.insert("TerminationPolicies".into(), json!(g.termination_policies));
    gp.insert(
        "NewInstancesProtectedFromScaleIn".into(),
        json!(g.new_instances_protected_from_scale_in),
    );
    if !g.lifecycle_hooks.is_empty() {
        let hooks: Vec<Value> = g
            .lifecycle_hooks
            .iter()
            .map(|h| {
                json!({
                    "LifecycleHookName": h.name,
                    "LifecycleTransition": h.transition,
                    "HeartbeatTimeout": h.heartbeat_timeout_s,
                    "DefaultResult": h.default_result,
                })
            })
            .collect();
        gp.insert("LifecycleHookSpecificationList".into(), json!(hooks));
    }
    res.insert(
        group_id.clone(),
        json!({ "Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": gp }),
    );

    // A3: policies; CloudFormation names them itself, so the scenario's name rides in Metadata.
    let mut policy_ids = Vec::new();
    for p in &s.policies {
        let id = logical_id("Policy", &p.name, &mut taken);
        let mut pp = Map::new();
        pp.insert("AutoScalingGroupName".into(), group_ref.clone());
        match &p.kind {
            PolicyKind::SimpleScaling {
                adjustment_type,
                scaling_adjustment,
                cooldown_s,
                min_adjustment_magnitude,
            } => {
                pp.insert("PolicyType".into(), json!("SimpleScaling"));
                pp.insert("AdjustmentType".into(), json!(adjustment_type));
                pp.insert("ScalingAdjustment".into(), json!(scaling_adjustment));
                if let Some(c) = cooldown_s {
                    pp.insert("Cooldown".into(), json!(c.to_string()));
                }
                if let Some(m) = min_adjustment_magnitude {
                    pp.insert("MinAdjustmentMagnitude".into(), json!(m));
                }
            }
            PolicyKind::StepScaling {
                adjustment_type,
                step_adjustments,
                metric_aggregation_type,
                estimated_instance_warmup_s,
                min_adjustment_magnitude,
            } => {
                pp.insert("PolicyType".into(), json!("StepScaling"));
                pp.insert("AdjustmentType".into(), json!(adjustment_type));
                let steps: Vec<Value> = step_adjustments
                    .iter()
                    .map(|st| {
                        let mut m = Map::new();
                        if let Some(l) = st.lower_bound {
                            m.insert("MetricIntervalLowerBound".into(), json!(l));
                        }
                        if let Some(u) = st.upper_bound {
                            m.insert("MetricIntervalUpperBound".into(), json!(u));
                        }
                        m.insert("ScalingAdjustment".into(), json!(st.scaling_adjustment));
                        Value::Object(m)
                    })
                    .collect();
                pp.insert("StepAdjustments".into(), json!(steps));
                pp.insert(
                    "MetricAggregationType".into(),
                    json!(metric_aggregation_type),
                );
                if let Some(w) = estimated_instance_warmup_s {
                    pp.insert("EstimatedInstanceWarmup".into(), json!(w));
                }
                if let Some(m) = min_adjustment_magnitude {
                    pp.insert("MinAdjustmentMagnitude".into(), json!(m));
                }
            }
            PolicyKind::TargetTrackingScaling {
                metric,
                target_value,
                disable_scale_in,
                estimated_instance_warmup_s,
            } => {
                pp.insert("PolicyType".into(), json!("TargetTrackingScaling"));
                let mut tt = Map::new();
                match metric.predefined() {
                    Some(pm) => {
                        let mut spec = Map::new();
                        spec.insert("PredefinedMetricType".into(), json!(pm));
                        if pm == "ALBRequestCountPerTarget" {
                            spec.insert("ResourceLabel".into(), json!(RESOURCE_LABEL_PLACEHOLDER));
                        }
                        tt.insert("PredefinedMetricSpecification".into(), Value::Object(spec));
                    }
                    None => {
                        tt.insert(
                            "CustomizedMetricSpecification".into(),
                            json!({
                                "MetricName": metric.as_str(),
                                "Namespace": metric.namespace(),
                                "Statistic": "Average",
                                "Dimensions": [{ "Name": "AutoScalingGroupName", "Value": group_ref }],
                            }),
                        );
                    }
                }
                tt.insert("TargetValue".into(), json!(target_value));
                tt.insert("DisableScaleIn".into(), json!(disable_scale_in));
                pp.insert("TargetTrackingConfiguration".into(), Value::Object(tt));
                if let Some(w) = estimated_instance_warmup_s {
                    pp.insert("EstimatedInstanceWarmup".into(), json!(w));
                }
            }
        }
        res.insert(
            id.clone(),
            json!({
                "Type": "AWS::AutoScaling::ScalingPolicy",
                "Metadata": { "Scaleout": { "Name": p.name } },
                "Properties": pp,
            }),
        );
        policy_ids.push((p.name.clone(), id));
    }

    // A4.
    for a in &s.alarms {
        let id = logical_id("Alarm", &a.name, &mut taken);
        let mut ap = Map::new();
        ap.insert("AlarmName".into(), json!(a.name));
        ap.insert("Namespace".into(), json!(a.metric.namespace()));
        ap.insert("MetricName".into(), json!(a.metric.as_str()));
        ap.insert(
            "Dimensions".into(),
            json!([{ "Name": "AutoScalingGroupName", "Value": group_ref }]),
        );
        ap.insert("Statistic".into(), json!(a.statistic.as_str()));
        ap.insert("Period".into(), json!(a.period_s));
        ap.insert("EvaluationPeriods".into(), json!(a.evaluation_periods));
        if let Some(m) = a.datapoints_to_alarm {
            ap.insert("DatapointsToAlarm".into(), json!(m));
        }
        ap.insert("Threshold".into(), json!(a.threshold));
        ap.insert("ComparisonOperator".into(), json!(a.comparison_operator));
        ap.insert(
            "TreatMissingData".into(),
            json!(a.treat_missing_data.as_str()),
        );
        let actions: Vec<Value> = a
            .alarm_actions
            .iter()
            .filter_map(|n| policy_ids.iter().find(|(p, _)| p == n))
            .map(|(_, id)| json!({ "Ref": id }))
            .collect();
        if !actions.is_empty() {
            ap.insert("AlarmActions".into(), json!(actions));
        }
        res.insert(
            id,
            json!({ "Type": "AWS::CloudWatch::Alarm", "Properties": ap }),
        );
    }

    // A3.6.
    for a in &s.scheduled_actions {
        let id = logical_id("Scheduled", &a.name, &mut taken);
        let mut sp = Map::new();
        sp.insert("AutoScalingGroupName".into(), group_ref.clone());
        if let Some(r) = &a.recurrence {
            sp.insert("Recurrence".into(), json!(r));
        } else if let Some(t) = a.start_s {
            sp.insert(
                "StartTime".into(),
                json!(iso_from_unix(s.start_unix_s.saturating_add(t))),
            );
        }
        if let Some(t) = a.end_s {
            sp.insert(
                "EndTime".into(),
                json!(iso_from_unix(s.start_unix_s.saturating_add(t))),
            );
        }
        for (k, v) in [
            ("MinSize", a.min_size),
            ("MaxSize", a.max_size),
            ("DesiredCapacity", a.desired_capacity),
        ] {
            if let Some(v) = v {
                sp.insert(k.into(), json!(v));
            }
        }
        res.insert(
            id,
            json!({
                "Type": "AWS::AutoScaling::ScheduledAction",
                "Metadata": { "Scaleout": { "Name": a.name } },
                "Properties": sp,
            }),
        );
    }

    // B: the deployment group.
    let mut params = Map::new();
    params.insert(
        "AvailabilityZones".into(),
        json!({
            "Type": "List<AWS::EC2::AvailabilityZone::Name>",
            "Description": "The group's Availability Zones.",
            "Default": g.availability_zones.join(","),
        }),
    );
    if s.delivery.method == DeliveryMethod::CodeDeploy {
        let d = &s.delivery;
        params.insert(
            "CodeDeployServiceRoleArn".into(),
            json!({
                "Type": "String",
                "Description": "The IAM role CodeDeploy assumes (replace the placeholder).",
                "Default": SERVICE_ROLE_PLACEHOLDER,
            }),
        );
        let app_id = logical_id("Application", &d.application_name, &mut taken);
        res.insert(
            app_id.clone(),
            json!({
                "Type": "AWS::CodeDeploy::Application",
                "Properties": { "ApplicationName": d.application_name, "ComputePlatform": "Server" },
            }),
        );
        let config_name = match &d.deployment_config {
            DeploymentConfig::Custom {
                name,
                minimum_healthy_hosts,
            } => {
                let id = logical_id("DeploymentConfig", name, &mut taken);
                res.insert(
                    id.clone(),
                    json!({
                        "Type": "AWS::CodeDeploy::DeploymentConfig",
                        "Properties": {
                            "DeploymentConfigName": name,
                            "ComputePlatform": "Server",
                            "MinimumHealthyHosts": {
                                "Type": minimum_healthy_hosts.kind.as_str(),
                                "Value": minimum_healthy_hosts.value,
                            },
                        },
                    }),
                );
                json!({ "Ref": id })
            }
            other => json!(other.name()),
        };
        let mut dp = Map::new();
        dp.insert("ApplicationName".into(), json!({ "Ref": app_id }));
        dp.insert("DeploymentGroupName".into(), json!(d.deployment_group_name));
        dp.insert(
            "ServiceRoleArn".into(),
            json!({ "Ref": "CodeDeployServiceRoleArn" }),
        );
        dp.insert("DeploymentConfigName".into(), config_name);
        dp.insert("AutoScalingGroups".into(), json!([group_ref]));
        dp.insert(
            "DeploymentStyle".into(),
            json!({
                "DeploymentType": d.deployment_type,
                "DeploymentOption": if d.with_load_balancer { "WITH_TRAFFIC_CONTROL" } else { "WITHOUT_TRAFFIC_CONTROL" },
            }),
        );
        if d.auto_rollback {
            dp.insert(
                "AutoRollbackConfiguration".into(),
                json!({ "Enabled": true, "Events": ["DEPLOYMENT_FAILURE"] }),
            );
        }
        dp.insert(
            "OutdatedInstancesStrategy".into(),
            json!(d.outdated_instances_strategy),
        );
        if d.deployment_type == DeploymentType::BLUE_GREEN {
            let bg = &d.blue_green;
            dp.insert(
                "BlueGreenDeploymentConfiguration".into(),
                json!({
                    "DeploymentReadyOption": {
                        "ActionOnTimeout": bg.action_on_timeout,
                        "WaitTimeInMinutes": bg.wait_time_minutes,
                    },
                    "GreenFleetProvisioningOption": { "Action": "COPY_AUTO_SCALING_GROUP" },
                    "TerminateBlueInstancesOnDeploymentSuccess": {
                        "Action": bg.original_instances,
                        "TerminationWaitTimeInMinutes": bg.termination_wait_minutes,
                    },
                }),
            );
        }
        let dg_id = logical_id("DeploymentGroup", &d.deployment_group_name, &mut taken);
        res.insert(
            dg_id,
            json!({ "Type": "AWS::CodeDeploy::DeploymentGroup", "Properties": dp }),
        );
    }

    Parts {
        description: format!("Exported by Scaleout from the scenario \"{}\"", s.name),
        params,
        resources: res.0,
    }
}

fn block_devices(size: u32) -> Value {
    json!([{ "DeviceName": "/dev/xvda", "Ebs": { "VolumeSize": size } }])
}

fn template_data(v: &LaunchTemplateVersion) -> Value {
    let mut m = Map::new();
    if let Some(i) = &v.image_id {
        m.insert("ImageId".into(), json!(i));
    }
    if let Some(t) = &v.instance_type {
        m.insert("InstanceType".into(), json!(t));
    }
    if let Some(k) = &v.key_name {
        m.insert("KeyName".into(), json!(k));
    }
    if !v.security_group_ids.is_empty() {
        m.insert("SecurityGroupIds".into(), json!(v.security_group_ids));
    }
    if let Some(u) = v.user_data.as_ref().filter(|u| !u.is_empty()) {
        m.insert("UserData".into(), json!({ "Fn::Base64": u }));
    }
    m.insert(
        "Monitoring".into(),
        json!({ "Enabled": v.monitoring_enabled }),
    );
    m.insert(
        "BlockDeviceMappings".into(),
        block_devices(v.volume_size_gib),
    );
    Value::Object(m)
}

/// The template as JSON text, resources in the scenario's order.
pub fn to_json(s: &Scenario) -> Exported {
    let original = s;
    let primary = super::primary_only(s);
    let s = &primary;
    let p = parts(s);
    let pretty = |v: &Value, indent: &str| -> String {
        serde_json::to_string_pretty(v)
            .unwrap_or_default()
            .replace('\n', &format!("\n{indent}"))
    };
    let mut out = String::from("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n");
    out.push_str(&format!(
        "  \"Description\": {},\n",
        serde_json::to_string(&p.description).unwrap_or_default()
    ));
    if !p.params.is_empty() {
        out.push_str(&format!(
            "  \"Parameters\": {},\n",
            pretty(&Value::Object(p.params), "  ")
        ));
    }
    out.push_str("  \"Resources\": {");
    for (i, (id, r)) in p.resources.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "    {}: {}",
            serde_json::to_string(id).unwrap_or_default(),
            pretty(r, "    ")
        ));
    }
    out.push_str("\n  }\n}\n");
    Exported {
        text: out,
        not_expressed: not_expressed(original, Target::CloudFormation),
    }
}

/// The template as YAML text (long-form intrinsics: `Ref:`, `Fn::GetAtt:`), resources in the
/// scenario's order.
pub fn to_yaml(s: &Scenario) -> Exported {
    let original = s;
    let primary = super::primary_only(s);
    let s = &primary;
    use serde_yaml::{Mapping, Value as Y};
    let p = parts(s);
    let y = |v: &Value| serde_yaml::to_value(v).unwrap_or(Y::Null);
    let mut top = Mapping::new();
    // A string, so that no YAML reader takes it for a date.
    top.insert("AWSTemplateFormatVersion".into(), "2010-09-09".into());
    top.insert("Description".into(), Y::String(p.description));
    if !p.params.is_empty() {
        top.insert("Parameters".into(), y(&Value::Object(p.params)));
    }
    let mut res = Mapping::new();
    for (id, r) in &p.resources {
        res.insert(Y::String(id.clone()), y(r));
    }
    top.insert("Resources".into(), Y::Mapping(res));
    Exported {
        text: serde_yaml::to_string(&Y::Mapping(top)).unwrap_or_default(),
        not_expressed: not_expressed(original, Target::CloudFormation),
    }
}
