# shop-web on EC2 Auto Scaling: launch template, group, target tracking on CPU, a memory step
# policy with its alarm, office-hours schedule and a CodeDeploy deployment group.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

variable "app_name" {
  type    = string
  default = "shop-web"
}

variable "ami_id" {
  type    = string
  default = "ami-0f3a9c2b7d1e45a60"
}

variable "instance_type" {
  type    = string
  default = "t3.medium"
}

variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "max_size" {
  type    = number
  default = 12
}

locals {
  group_name = "${var.app_name}-asg"
  tags = {
    team = "shop"
  }
}

resource "aws_sns_topic" "oncall" {
  name = "shop-oncall"
}

resource "aws_launch_template" "web" {
  name          = "${var.app_name}-lt"
  description   = "JDK 11 and the new image"
  image_id      = var.ami_id
  instance_type = var.instance_type
  key_name      = "shop-ops"

  vpc_security_group_ids = ["sg-0a9b8c7d6e5f40312"]

  user_data = base64encode(<<-EOT
    #!/bin/bash
    yum install -y java-11-amazon-corretto-headless
    systemctl start ${var.app_name}
  EOT
  )

  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
      volume_type = "gp3"
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = local.tags
  }
}

resource "aws_autoscaling_group" "web" {
  name                      = local.group_name
  min_size                  = 2
  max_size                  = var.max_size
  desired_capacity          = 3
  availability_zones        = var.azs
  health_check_type         = "EC2"
  health_check_grace_period = 300
  default_cooldown          = 300
  default_instance_warmup   = 120
  termination_policies      = ["OldestLaunchTemplate", "Default"]
  target_group_arns         = ["arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/shop-web-tg/73e2d6bc24d8a067"]

  launch_template {
    id      = aws_launch_template.web.id
    version = aws_launch_template.web.latest_version
  }

  initial_lifecycle_hook {
    name                 = "warm-cache"
    lifecycle_transition = "autoscaling:EC2_INSTANCE_LAUNCHING"
    heartbeat_timeout    = 300
    default_result       = "ABANDON"
  }

  tag {
    key                 = "team"
    value               = "shop"
    propagate_at_launch = true
  }

  lifecycle {
    ignore_changes = [desired_capacity]
  }
}

resource "aws_autoscaling_policy" "cpu50" {
  name                   = "${var.app_name}-cpu50"
  autoscaling_group_name = aws_autoscaling_group.web.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 50
  }
}

resource "aws_autoscaling_policy" "memory_step" {
  name                      = "${var.app_name}-memory-step"
  autoscaling_group_name    = aws_autoscaling_group.web.name
  policy_type               = "StepScaling"
  adjustment_type           = "ChangeInCapacity"
  metric_aggregation_type   = "Average"
  estimated_instance_warmup = 180

  step_adjustment {
    metric_interval_lower_bound = 0
    metric_interval_upper_bound = 10
    scaling_adjustment          = 1
  }

  step_adjustment {
    metric_interval_lower_bound = 10
    scaling_adjustment          = 2
  }
}

resource "aws_cloudwatch_metric_alarm" "memory_high" {
  alarm_name          = "${var.app_name}-memory-high"
  alarm_description   = "Average memory above 75% on the web group"
  namespace           = "CWAgent"
  metric_name         = "mem_used_percent"
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  threshold           = 75
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "missing"

  dimensions = {
    AutoScalingGroupName = aws_autoscaling_group.web.name
  }

  alarm_actions = [aws_autoscaling_policy.memory_step.arn, aws_sns_topic.oncall.arn]
}

resource "aws_autoscaling_schedule" "weekday_morning" {
  scheduled_action_name  = "weekday-morning"
  autoscaling_group_name = aws_autoscaling_group.web.name
  recurrence             = "0 8 * * MON-FRI"
  time_zone              = "Etc/UTC"
  min_size               = 4
  max_size               = -1
  desired_capacity       = -1
}

resource "aws_autoscaling_schedule" "weekday_evening" {
  scheduled_action_name  = "weekday-evening"
  autoscaling_group_name = aws_autoscaling_group.web.name
  recurrence             = "0 20 * * MON-FRI"
  min_size               = 2
  max_size               = -1
  desired_capacity       = -1
}

resource "aws_codedeploy_app" "web" {
  name             = var.app_name
  compute_platform = "Server"
}

resource "aws_codedeploy_deployment_config" "three_quarters" {
  deployment_config_name = "${var.app_name}-75-percent-healthy"
  compute_platform       = "Server"

  minimum_healthy_hosts {
    type  = "FLEET_PERCENT"
    value = 75
  }
}

resource "aws_codedeploy_deployment_group" "web" {
  app_name               = aws_codedeploy_app.web.name
  deployment_group_name  = "${var.app_name}-dg"
  service_role_arn       = "arn:aws:iam::111122223333:role/CodeDeployServiceRole"
  deployment_config_name = aws_codedeploy_deployment_config.three_quarters.id
  autoscaling_groups     = [aws_autoscaling_group.web.name]

  deployment_style {
    deployment_type   = "IN_PLACE"
    deployment_option = "WITHOUT_TRAFFIC_CONTROL"
  }

  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE"]
  }

  outdated_instances_strategy = "UPDATE"
}
