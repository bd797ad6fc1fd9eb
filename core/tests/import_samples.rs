//! The importers on the shipped samples (`examples/import/`) and on inputs shaped like the
//! official documentation's examples (the AWS CLI reference's outputs, the CloudFormation and
//! Terraform provider references). Rule ids are documented in docs/rules/.
#![cfg(feature = "import")]

use scaleout_core::codedeploy::config::{DeploymentConfig, MinimumHealthyHostsType};
use scaleout_core::import::{import, Imported, InputFile};
use scaleout_core::scenario::{
    DeliveryMethod, LaunchSource, LifecycleTransition, MetricName, PolicyKind,
};
use scaleout_core::validate::validate;
use scaleout_core::Scenario;

fn sample(rel: &str) -> (String, String) {
    let p = format!("{}/../examples/import/{rel}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
    (rel.to_string(), text)
}

fn run(files: &[(String, String)]) -> Imported {
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(n, t)| InputFile { name: n, text: t })
        .collect();
    let imported = import(&inputs, &Scenario::demo()).unwrap_or_else(|e| panic!("{e}"));
    let problems = validate(&imported.scenario);
    assert!(problems.is_empty(), "{problems:?}");
    imported
}

fn has_unsupported(i: &Imported, path_part: &str) -> bool {
    i.unsupported.iter().any(|u| u.path.contains(path_part))
}

/// The shop-web configuration the three sample formats describe.
fn check_shop_web(i: &Imported, names_from_logical_ids: bool) {
    let s = &i.scenario;
    // A2.
    assert_eq!(s.group.name, "shop-web-asg");
    assert_eq!((s.group.min_size, s.group.max_size), (2, 12));
    assert_eq!(s.group.desired_capacity, Some(3));
    assert_eq!(s.group.default_instance_warmup_s, Some(120));
    assert_eq!(s.group.availability_zones.len(), 3);
    // A1.4: the template and its data; the user data decoded from base64.
    let LaunchSource::LaunchTemplate { name, .. } = &s.group.launch else {
        panic!("launch template expected");
    };
    assert_eq!(name, "shop-web-lt");
    let t = s.launch_templates.iter().find(|t| &t.name == name).unwrap();
    let v = &t.versions[t.default_version as usize - 1];
    assert_eq!(v.image_id.as_deref(), Some("ami-0f3a9c2b7d1e45a60"));
    assert_eq!(v.volume_size_gib, 20);
    assert!(v.monitoring_enabled);
    assert!(v
        .user_data
        .as_deref()
        .unwrap()
        .contains("java-11-amazon-corretto"));
    // The image is added so that the scenario validates (its contents are the user's to say).
    assert!(s.amis.iter().any(|a| a.id == "ami-0f3a9c2b7d1e45a60"));
    // A6: the warm-cache hook, not CodeDeploy's own (B5.1).
    assert_eq!(s.group.lifecycle_hooks.len(), 1);
    assert_eq!(s.group.lifecycle_hooks[0].heartbeat_timeout_s, 300);
    // A3.4 and A3.3: target tracking on CPU, steps on memory.
    assert_eq!(s.policies.len(), 2);
    assert!(s.policies.iter().any(|p| matches!(
        p.kind,
        PolicyKind::TargetTrackingScaling { metric: MetricName::CPUUtilization, target_value, .. } if target_value == 50.0
    )));
    let step = s
        .policies
        .iter()
        .find(|p| matches!(p.kind, PolicyKind::StepScaling { .. }))
        .unwrap();
    // A4: only the memory alarm (the target-tracking alarms are the simulator's own, A3.4.2),
    // invoking the step policy; the SNS action is listed, not dropped.
    assert_eq!(s.alarms.len(), 1);
    assert_eq!(s.alarms[0].metric, MetricName::mem_used_percent);
    assert_eq!(s.alarms[0].datapoints_to_alarm, Some(2));
    assert_eq!(s.alarms[0].alarm_actions, vec![step.name.clone()]);
    // A3.6.
    assert_eq!(s.scheduled_actions.len(), 2);
    assert_eq!(
        s.scheduled_actions[0].recurrence.as_deref(),
        Some("0 8 * * MON-FRI")
    );
    assert_eq!(s.scheduled_actions[0].min_size, Some(4));
    if !names_from_logical_ids {
        assert_eq!(s.scheduled_actions[0].name, "weekday-morning");
    }
    // B.
    assert_eq!(s.delivery.method, DeliveryMethod::CodeDeploy);
    assert!(s.delivery.auto_rollback);
}

#[test]
fn aws_cli_sample_set() {
    let files: Vec<_> = [
        "aws-cli/describe-auto-scaling-groups.json",
        "aws-cli/describe-launch-template-versions.json",
        "aws-cli/describe-policies.json",
        "aws-cli/describe-alarms.json",
        "aws-cli/describe-scheduled-actions.json",
        "aws-cli/describe-lifecycle-hooks.json",
        "aws-cli/get-deployment-group.json",
    ]
    .iter()
    .map(|f| sample(f))
    .collect();
    let i = run(&files);
    check_shop_web(&i, false);
    let s = &i.scenario;
    // A1.5: two versions, the second the default.
    assert_eq!(s.launch_templates[0].versions.len(), 2);
    assert_eq!(s.launch_templates[0].default_version, 2);
    assert_eq!(s.launch_templates[0].id, "lt-0a1b2c3d4e5f67890");
    assert_eq!(s.delivery.deployment_config, DeploymentConfig::HalfAtATime);
    assert!(s.delivery.with_load_balancer);
    assert!(has_unsupported(&i, "TargetGroupARNs"));
    assert!(has_unsupported(&i, "alarm action arn:aws:sns"));
    assert!(has_unsupported(&i, "MetricAlarms[0]"));
    // Every unsupported field names its file and, found in the text, its line.
    for u in &i.unsupported {
        assert!(u.file.starts_with("aws-cli/"), "{u}");
        assert!(u.line.is_some(), "{u}");
    }
}

#[test]
fn the_same_files_pasted_into_one() {
    let text: String = [
        "aws-cli/describe-auto-scaling-groups.json",
        "aws-cli/describe-launch-template-versions.json",
        "aws-cli/describe-policies.json",
        "aws-cli/describe-alarms.json",
        "aws-cli/describe-scheduled-actions.json",
        "aws-cli/describe-lifecycle-hooks.json",
        "aws-cli/get-deployment-group.json",
    ]
    .iter()
    .map(|f| sample(f).1)
    .collect::<Vec<_>>()
    .join("\n");
    let i = run(&[("pasted.json".into(), text)]);
    check_shop_web(&i, false);
}

#[test]
fn cloudformation_yaml_sample() {
    let i = run(&[sample("cloudformation/web-stack.yaml")]);
    check_shop_web(&i, true);
    let s = &i.scenario;
    // Fn::GetAtt LatestVersionNumber is $Latest (A1.6); Fn::GetAZs gives the region's zones.
    assert!(
        matches!(&s.group.launch, LaunchSource::LaunchTemplate { version, .. } if version == "$Latest")
    );
    assert_eq!(s.group.availability_zones[0], "us-east-1a");
    // Fn::Sub with a pseudo parameter and a parameter's default.
    let ud = s.launch_templates[0].versions[0].user_data.clone().unwrap();
    assert!(
        ud.contains("--region us-east-1") && ud.contains("systemctl start shop-web"),
        "{ud}"
    );
    // B2.2: the custom configuration, referenced with Ref.
    assert!(matches!(
        &s.delivery.deployment_config,
        DeploymentConfig::Custom { name, minimum_healthy_hosts } if name == "shop-web-75-percent-healthy"
            && minimum_healthy_hosts.kind == MinimumHealthyHostsType::FLEET_PERCENT
            && minimum_healthy_hosts.value == 75
    ));
    assert!(has_unsupported(&i, "Resources.CodeDeployRole"));
    assert!(has_unsupported(&i, "Resources.WebGroup.UpdatePolicy"));
    assert!(has_unsupported(&i, "Outputs"));
}

#[test]
fn cloudformation_json_sample() {
    let i = run(&[sample("cloudformation/legacy-stack.json")]);
    let s = &i.scenario;
    // A1.1: a launch configuration named with Fn::Join, its image from Fn::FindInMap.
    assert!(
        matches!(&s.group.launch, LaunchSource::LaunchConfiguration { name } if name == "billing-api-prod-lc-3")
    );
    assert_eq!(s.launch_configurations[0].image_id, "ami-0a1b2c3d4e5f60718");
    assert_eq!(s.launch_configurations[0].volume_size_gib, 30);
    assert_eq!(s.group.name, "billing-api-prod");
    assert_eq!(s.group.default_cooldown_s, 300);
    // A6: the hook resource joins its group.
    assert_eq!(
        s.group.lifecycle_hooks[0].transition,
        LifecycleTransition::Terminating
    );
    // A3.2: the scale-down policy has no PolicyType (SimpleScaling by default).
    assert_eq!(s.policies.len(), 2);
    assert!(matches!(
        s.policies[1].kind,
        PolicyKind::SimpleScaling {
            scaling_adjustment: -1,
            cooldown_s: Some(600),
            ..
        }
    ));
    // A4: the threshold from a parameter, the action by Ref and by Fn::GetAtt Arn.
    assert_eq!(s.alarms[0].threshold, 70.0);
    assert_eq!(s.alarms[0].alarm_actions, vec!["ScaleUp".to_string()]);
    assert_eq!(s.alarms[1].alarm_actions, vec!["ScaleDown".to_string()]);
    // A3.6: a one-time action 12 h after the start of the base scenario's clock.
    assert_eq!(s.scheduled_actions[0].start_s, Some(43_200));
    // The c5.large is added with its list price (summary::ON_DEMAND_PRICES).
    assert!(s
        .instance_types
        .iter()
        .any(|t| t.name == "c5.large" && t.price_per_hour == 0.085));
}

#[test]
fn terraform_sample() {
    let i = run(&[sample("terraform/main.tf")]);
    check_shop_web(&i, false);
    let s = &i.scenario;
    // The heredoc user data, through base64encode() and a variable.
    let ud = s.launch_templates[0].versions[0].user_data.clone().unwrap();
    assert!(ud.contains("systemctl start shop-web"), "{ud}");
    assert_eq!(
        s.group.availability_zones,
        vec!["us-east-1a", "us-east-1b", "us-east-1c"]
    );
    assert!(matches!(
        &s.delivery.deployment_config,
        DeploymentConfig::Custom { name, .. } if name == "shop-web-75-percent-healthy"
    ));
    assert!(has_unsupported(&i, "resource.aws_sns_topic.oncall"));
    assert!(has_unsupported(
        &i,
        "resource.aws_autoscaling_group.web.tag"
    ));
}

/// A group with a mixed instances policy launches from its template; the rest is listed.
#[test]
fn mixed_instances_policy() {
    let t = r#"{"AutoScalingGroups": [{"AutoScalingGroupName": "m", "MinSize": 1, "MaxSize": 4,
        "AvailabilityZones": ["us-east-1a"],
        "MixedInstancesPolicy": {
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateId": "lt-0123456789abcdef0", "LaunchTemplateName": "web-lt", "Version": "$Latest"},
                "Overrides": [{"InstanceType": "c5.large"}, {"InstanceType": "m5.large"}]
            },
            "InstancesDistribution": {"OnDemandBaseCapacity": 1, "SpotAllocationStrategy": "price-capacity-optimized"}
        }}]}"#;
    let i = import(
        &[InputFile {
            name: "m.json",
            text: t,
        }],
        &Scenario::demo(),
    )
    .unwrap();
    assert!(
        matches!(&i.scenario.group.launch, LaunchSource::LaunchTemplate { name, version } if name == "web-lt" && version == "$Latest")
    );
    assert!(has_unsupported(
        &i,
        "MixedInstancesPolicy.LaunchTemplate.Overrides"
    ));
    assert!(has_unsupported(
        &i,
        "MixedInstancesPolicy.InstancesDistribution"
    ));
    assert!(validate(&i.scenario).is_empty());
}

/// A module split over two files, variables apart: references resolve across them.
#[test]
fn terraform_module_in_two_files() {
    let (_, text) = sample("terraform/main.tf");
    let at = text.find("resource \"aws_sns_topic\"").unwrap();
    let files = [
        ("variables.tf".to_string(), text[..at].to_string()),
        ("main.tf".to_string(), text[at..].to_string()),
    ];
    let i = run(&files);
    check_shop_web(&i, false);
    let sns = i
        .unsupported
        .iter()
        .find(|u| u.path == "resource.aws_sns_topic.oncall")
        .unwrap();
    assert_eq!((sns.file.as_str(), sns.line), ("main.tf", Some(1)));
    let provider = i
        .unsupported
        .iter()
        .find(|u| u.path == "provider.aws")
        .unwrap();
    assert_eq!(provider.file, "variables.tf");
}

/// Shaped as the AWS CLI reference's example outputs: `describe-launch-template-versions`
/// lists versions newest first with an empty UserData and network interfaces, and an older
/// `get-deployment-group` example prints the groups as plain names.
#[test]
fn aws_cli_reference_shapes() {
    let versions = r#"{
        "LaunchTemplateVersions": [
            { "LaunchTemplateId": "lt-068f72b72934aff71", "LaunchTemplateName": "Webservers", "VersionNumber": 2,
              "CreatedBy": "arn:aws:iam::123456789102:root", "DefaultVersion": false, "CreateTime": "2017-11-20T13:12:32.000Z",
              "LaunchTemplateData": { "KeyName": "kp-us-east", "ImageId": "ami-6057e21a", "InstanceType": "t2.medium",
                "NetworkInterfaces": [ { "SubnetId": "subnet-1a2b3c4d", "DeviceIndex": 0, "Groups": ["sg-7c227019"] } ] } },
            { "LaunchTemplateId": "lt-068f72b72934aff71", "LaunchTemplateName": "Webservers", "VersionNumber": 1,
              "CreatedBy": "arn:aws:iam::123456789102:root", "DefaultVersion": true, "CreateTime": "2017-11-20T12:52:33.000Z",
              "LaunchTemplateData": { "UserData": "", "KeyName": "kp-us-east", "ImageId": "ami-aabbcc11", "InstanceType": "t2.medium" } }
        ]
    }"#;
    let group = r#"{
        "AutoScalingGroups": [ {
            "AutoScalingGroupName": "my-asg",
            "AutoScalingGroupARN": "arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/my-asg",
            "LaunchTemplate": { "LaunchTemplateName": "Webservers", "Version": "1", "LaunchTemplateId": "lt-068f72b72934aff71" },
            "MinSize": 0, "MaxSize": 1, "DesiredCapacity": 1, "DefaultCooldown": 300,
            "AvailabilityZones": ["us-west-2a", "us-west-2b", "us-west-2c"],
            "LoadBalancerNames": [], "TargetGroupARNs": [], "HealthCheckType": "EC2", "HealthCheckGracePeriod": 0,
            "Instances": [ { "InstanceId": "i-06905f55584de02da", "InstanceType": "t2.micro", "AvailabilityZone": "us-west-2a",
                "HealthStatus": "Healthy", "LifecycleState": "InService", "ProtectedFromScaleIn": false,
                "LaunchTemplate": { "LaunchTemplateName": "Webservers", "Version": "1", "LaunchTemplateId": "lt-068f72b72934aff71" } } ],
            "CreatedTime": "2023-10-28T02:39:22.152Z", "SuspendedProcesses": [],
            "VPCZoneIdentifier": "subnet-5ea0c127,subnet-6194ea3b,subnet-c934b782", "EnabledMetrics": [], "Tags": [],
            "TerminationPolicies": ["Default"], "NewInstancesProtectedFromScaleIn": false,
            "ServiceLinkedRoleARN": "arn", "CapacityRebalance": false, "TrafficSources": []
        } ]
    }"#;
    let dg = r#"{ "deploymentGroupInfo": { "applicationName": "WordPress_App", "autoScalingGroups": ["my-asg"],
        "deploymentConfigName": "CodeDeployDefault.OneAtATime",
        "ec2TagFilters": [ { "Type": "KEY_AND_VALUE", "Value": "CodeDeployDemo", "Key": "Name" } ],
        "deploymentGroupId": "cdac3220-0e64-4d63-bb50-e68faEXAMPLE", "serviceRoleArn": "arn:aws:iam::80398EXAMPLE:role/CodeDeployDemoRole",
        "deploymentGroupName": "WordPress_DG" } }"#;
    let files = [
        ("versions.json".to_string(), versions.to_string()),
        ("group.json".to_string(), group.to_string()),
        ("dg.json".to_string(), dg.to_string()),
    ];
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .map(|(n, t)| InputFile { name: n, text: t })
        .collect();
    let i = import(&inputs, &Scenario::demo()).unwrap();
    let s = &i.scenario;
    assert_eq!(s.launch_templates[0].versions.len(), 2);
    assert_eq!(s.launch_templates[0].default_version, 1);
    assert_eq!(s.launch_templates[0].versions[0].user_data, None);
    assert!(
        matches!(&s.group.launch, LaunchSource::LaunchTemplate { name, version } if name == "Webservers" && version == "1")
    );
    assert_eq!(s.delivery.application_name, "WordPress_App");
    assert!(has_unsupported(&i, "LaunchTemplateData.NetworkInterfaces"));
    assert!(has_unsupported(&i, "deploymentGroupInfo.ec2TagFilters"));
    // A2.7: the API's grace period of 0 is kept, not the console's 300.
    assert_eq!(s.group.health_check_grace_period_s, 0);
}

/// Shaped as the CloudFormation reference's examples: sizes as strings, a launch template by
/// id with `Fn::GetAtt LatestVersionNumber`, a step policy whose alarm names it with `Ref`.
#[test]
fn cloudformation_reference_shapes() {
    let t = r#"
AWSTemplateFormatVersion: 2010-09-09
Parameters:
  LatestAmiId:
    Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>'
    Default: ami-0a1b2c3d4e5f60718
  Subnets:
    Type: 'List<AWS::EC2::Subnet::Id>'
    Default: subnet-1,subnet-2
Resources:
  myLaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: !Sub ${AWS::StackName}-launch-template
      LaunchTemplateData:
        ImageId: !Ref LatestAmiId
        InstanceType: t3.micro
  myASG:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchTemplate:
        LaunchTemplateId: !Ref myLaunchTemplate
        Version: !GetAtt myLaunchTemplate.LatestVersionNumber
      MaxSize: '3'
      MinSize: '1'
      VPCZoneIdentifier: !Ref Subnets
  myStepScalingPolicy:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties:
      AutoScalingGroupName: !Ref myASG
      PolicyType: StepScaling
      AdjustmentType: PercentChangeInCapacity
      MetricAggregationType: Average
      EstimatedInstanceWarmup: 60
      StepAdjustments:
        - MetricIntervalLowerBound: 0
          MetricIntervalUpperBound: 15
          ScalingAdjustment: 10
        - MetricIntervalLowerBound: 15
          ScalingAdjustment: 20
  CPUAlarmHigh:
    Type: AWS::CloudWatch::Alarm
    Properties:
      EvaluationPeriods: 1
      Statistic: Average
      Threshold: 50
      AlarmDescription: Alarm if CPU too high or metric disappears indicating instance is down
      Period: 60
      AlarmActions:
        - !Ref myStepScalingPolicy
      Namespace: AWS/EC2
      Dimensions:
        - Name: AutoScalingGroupName
          Value: !Ref myASG
      ComparisonOperator: GreaterThanThreshold
      MetricName: CPUUtilization
"#;
    let i = import(
        &[InputFile {
            name: "t.yaml",
            text: t,
        }],
        &Scenario::demo(),
    )
    .unwrap();
    let s = &i.scenario;
    assert_eq!(s.launch_templates[0].name, "scaleout-launch-template");
    assert_eq!(s.group.name, "myASG");
    assert_eq!(
        s.alarms[0].alarm_actions,
        vec!["myStepScalingPolicy".to_string()]
    );
    assert_eq!(s.alarms[0].name, "CPUAlarmHigh");
    // The zones come from the base scenario, with a note, since subnets are not modelled.
    assert!(i.notes.iter().any(|n| n.contains("AvailabilityZones")));
    assert!(has_unsupported(&i, "VPCZoneIdentifier"));
    assert!(validate(s).is_empty(), "{:?}", validate(s));
}

/// Shaped as the Terraform provider's documentation examples.
#[test]
fn terraform_reference_shapes() {
    let t = r#"
resource "aws_launch_template" "foobar" {
  name_prefix   = "foobar"
  image_id      = "ami-0a1b2c3d4e5f60718"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "bar" {
  availability_zones = ["us-east-1a"]
  desired_capacity   = 1
  max_size           = 1
  min_size           = 1

  launch_template {
    id      = aws_launch_template.foobar.id
    version = "$Latest"
  }
}

resource "aws_autoscaling_policy" "bat" {
  name                   = "foobar3-terraform-test"
  scaling_adjustment     = 4
  adjustment_type        = "ChangeInCapacity"
  cooldown               = 300
  autoscaling_group_name = aws_autoscaling_group.bar.name
}

resource "aws_cloudwatch_metric_alarm" "bat" {
  alarm_name          = "terraform-test-foobar5"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 120
  statistic           = "Average"
  threshold           = 80

  dimensions = {
    AutoScalingGroupName = aws_autoscaling_group.bar.name
  }

  alarm_description = "This metric monitors ec2 cpu utilization"
  alarm_actions     = [aws_autoscaling_policy.bat.arn]
}

resource "aws_autoscaling_schedule" "foobar" {
  scheduled_action_name  = "foobar"
  min_size               = 0
  max_size               = 1
  desired_capacity       = 0
  start_time             = "2026-01-05T18:00:00Z"
  end_time               = "2026-01-06T06:00:00Z"
  autoscaling_group_name = aws_autoscaling_group.bar.name
}
"#;
    let i = import(
        &[InputFile {
            name: "main.tf",
            text: t,
        }],
        &Scenario::demo(),
    )
    .unwrap();
    let s = &i.scenario;
    assert_eq!(s.group.name, "bar");
    assert_eq!(s.launch_templates[0].name, "foobar");
    assert!(has_unsupported(&i, "name_prefix"));
    assert_eq!(
        s.alarms[0].alarm_actions,
        vec!["foobar3-terraform-test".to_string()]
    );
    assert_eq!(s.scheduled_actions[0].start_s, Some(18 * 3600));
    assert_eq!(s.scheduled_actions[0].end_s, Some(30 * 3600));
    assert_eq!(s.scheduled_actions[0].desired_capacity, Some(0));
    // The provider's default grace period (300 s, A2.7).
    assert_eq!(s.group.health_check_grace_period_s, 300);
    assert!(validate(s).is_empty(), "{:?}", validate(s));
}

#[test]
fn errors_name_the_file_the_line_and_the_path() {
    let e = import(
        &[InputFile {
            name: "bad.json",
            text: "{\n  \"AutoScalingGroups\": [\n    { \"MinSize\": \"two\" }\n  ]\n}",
        }],
        &Scenario::demo(),
    )
    .unwrap_err();
    assert_eq!(e.file, "bad.json");
    assert_eq!(e.path, "AutoScalingGroups[0].MinSize");
    assert_eq!(e.line, Some(3));
    let e = import(
        &[InputFile {
            name: "bad.yaml",
            text: "Resources:\n  A:\n    Type: x\n   Properties: [\n",
        }],
        &Scenario::demo(),
    )
    .unwrap_err();
    assert!(e.line.is_some(), "{e}");
    let e = import(
        &[InputFile {
            name: "bad.tf",
            text: "resource \"aws_autoscaling_group\" \"a\" {\n  min_size = \n}\n",
        }],
        &Scenario::demo(),
    )
    .unwrap_err();
    assert!(e.line.is_some(), "{e}");
    assert!(e.message.contains("HCL"), "{e}");
}
