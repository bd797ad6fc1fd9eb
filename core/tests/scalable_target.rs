//! The policy path on a scalable target that is not an Auto Scaling group (A3.7): a stand-in
//! for an ECS service's `ecs:service:DesiredCount`, defined here, outside `scaling/` and
//! `cloudwatch/`. A CloudWatch alarm evaluates its metric, the policy the alarm names runs on
//! it, proposals are resolved and the new desired count is set: nothing in the core knows what
//! the target is.

use scaleout_core::alarm::{
    self, AlarmState, ComparisonOperator, EvaluationRules, TreatMissingData,
};
use scaleout_core::policy::invoke::{self, AlarmView, Invoke, PolicyView};
use scaleout_core::policy::target_tracking::{alarm_thresholds, TargetTrackingAlarmModel};
use scaleout_core::policy::{
    AdjustmentType, Capacity, Detail, Gate, Invoker, MetricAggregationType, ScalableTarget,
    SetDesired, StepAdjustment, TargetId, Unchanged,
};
use scaleout_core::scenario::{MetricName, PolicyKind};

/// An ECS-like service: tasks start at once, and a simple policy's cooldown is a counter.
struct Service {
    id: TargetId,
    min: u32,
    max: u32,
    desired: u32,
    running: u32,
    cooldown_left_s: u64,
    changes: Vec<SetDesired>,
}

impl Service {
    fn new(desired: u32) -> Service {
        Service {
            id: TargetId::application("ecs", "service/default/web", "ecs:service:DesiredCount"),
            min: 1,
            max: 10,
            desired,
            running: desired,
            cooldown_left_s: 0,
            changes: Vec::new(),
        }
    }
}

impl ScalableTarget for Service {
    fn id(&self) -> &TargetId {
        &self.id
    }
    fn capacity(&self) -> Capacity {
        Capacity {
            min: self.min,
            max: self.max,
            desired: self.desired,
        }
    }
    fn current_capacity(&self) -> u32 {
        self.running
    }
    fn simple_gate(&self) -> Gate {
        match self.cooldown_left_s {
            0 => Gate::Open,
            left_s => Gate::Cooldown { left_s },
        }
    }
    fn default_cooldown_s(&self) -> u32 {
        300
    }
    fn warmup_ms(&self, estimated_s: Option<u32>) -> u64 {
        u64::from(estimated_s.unwrap_or(0)) * 1000
    }
    fn capacity_not_warming(&self, _warmup_ms: u64) -> u32 {
        self.running
    }
    fn scale_out_in_progress(&self, _warmup_ms: u64) -> bool {
        false
    }
    fn set_desired_capacity(&mut self, change: &SetDesired) {
        self.desired = change.to;
        self.running = change.to;
        self.cooldown_left_s = u64::from(change.simple_cooldown_s.unwrap_or(0));
        self.changes.push(change.clone());
    }
}

/// Evaluates a ">= threshold" alarm over `points` (A4.4) and returns its state.
fn evaluate(threshold: f64, comparison: ComparisonOperator, points: &[f64]) -> AlarmState {
    let rules = EvaluationRules {
        evaluation_periods: points.len() as u32,
        datapoints_to_alarm: points.len() as u32,
        threshold,
        comparison,
        treat_missing_data: TreatMissingData::Missing,
    };
    let range: Vec<Option<f64>> = points.iter().copied().map(Some).collect();
    alarm::evaluate(&rules, &range, AlarmState::InsufficientData).state
}

#[test]
fn a3_7_step_policy_scales_a_service_through_its_alarm() {
    let mut service = Service::new(2);
    let points = [80.0, 85.0, 90.0];
    let state = evaluate(
        70.0,
        ComparisonOperator::GreaterThanOrEqualToThreshold,
        &points,
    );
    assert_eq!(state, AlarmState::Alarm);
    let kind = PolicyKind::StepScaling {
        adjustment_type: AdjustmentType::ChangeInCapacity,
        step_adjustments: vec![
            StepAdjustment {
                lower_bound: Some(0.0),
                upper_bound: Some(15.0),
                scaling_adjustment: 1,
            },
            StepAdjustment {
                lower_bound: Some(15.0),
                upper_bound: None,
                scaling_adjustment: 3,
            },
        ],
        metric_aggregation_type: MetricAggregationType::Average,
        estimated_instance_warmup_s: None,
        min_adjustment_magnitude: None,
    };
    let policies = [PolicyView {
        name: "cpu-step",
        enabled: true,
        kind: &kind,
        target: 0,
        low_alarm: None,
    }];
    let alarms = [AlarmView {
        name: "cpu-high",
        threshold: 70.0,
        state,
        last_values: &points,
    }];
    let (decisions, change) =
        invoke::evaluate(&service, &policies, &alarms, &[(0, Invoke::Policy(0))]);
    // A3.3.3: the average 85 is 15 above the threshold: the second step, +3.
    let d = &decisions[0].1;
    assert_eq!(d.target, "service/default/web");
    assert_eq!(
        d.invoked_by,
        Some(Invoker::Alarm {
            name: "cpu-high".into()
        })
    );
    assert_eq!((d.before, d.after), (2, 5));
    assert!(matches!(d.detail, Detail::StepOut { step: 1, .. }));
    let change = change.expect("a new desired count");
    service.set_desired_capacity(&change);
    assert_eq!(service.desired, 5);
    assert_eq!(service.changes[0].policy, "cpu-step");
}

#[test]
fn a3_2_1_simple_policy_on_a_service_waits_for_its_cooldown() {
    let mut service = Service::new(3);
    let kind = PolicyKind::SimpleScaling {
        adjustment_type: AdjustmentType::ChangeInCapacity,
        scaling_adjustment: 2,
        cooldown_s: Some(120),
        min_adjustment_magnitude: None,
    };
    let policies = [PolicyView {
        name: "add-2",
        enabled: true,
        kind: &kind,
        target: 0,
        low_alarm: None,
    }];
    let values = [90.0];
    let alarms = [AlarmView {
        name: "busy",
        threshold: 70.0,
        state: AlarmState::Alarm,
        last_values: &values,
    }];
    let run = |service: &mut Service| {
        let (decisions, change) =
            invoke::evaluate(&*service, &policies, &alarms, &[(0, Invoke::Policy(0))]);
        if let Some(c) = change {
            service.set_desired_capacity(&c);
        }
        decisions
    };
    let first = run(&mut service);
    assert_eq!((first[0].1.before, first[0].1.after), (3, 5));
    assert_eq!(service.cooldown_left_s, 120);
    let second = run(&mut service);
    assert_eq!(
        second[0].1.unchanged,
        Some(Unchanged::Cooldown { left_s: 120 })
    );
    assert_eq!(service.desired, 5);
}

#[test]
fn a3_4_2_target_tracking_alarms_are_named_after_the_resource() {
    let service = Service::new(2);
    assert_eq!(
        service.id().tracking_alarm_name(true, "abc"),
        "TargetTracking-service/default/web-AlarmHigh-abc"
    );
    // The pair's thresholds (A3.4.3, Application Auto Scaling's model) and AlarmHigh's
    // proportional scale-out (A3.4.4) on the service.
    let th = alarm_thresholds(50.0, &TargetTrackingAlarmModel::ECS);
    let points = [75.0, 75.0, 75.0];
    let state = evaluate(th.high, ComparisonOperator::GreaterThanThreshold, &points);
    let kind = PolicyKind::TargetTrackingScaling {
        metric: MetricName::CPUUtilization,
        target_value: 50.0,
        disable_scale_in: false,
        estimated_instance_warmup_s: None,
    };
    let policies = [PolicyView {
        name: "cpu50",
        enabled: true,
        kind: &kind,
        target: 0,
        low_alarm: None,
    }];
    let alarms = [AlarmView {
        name: "TargetTracking-service/default/web-AlarmHigh-abc",
        threshold: th.high,
        state,
        last_values: &points,
    }];
    let (decisions, change) =
        invoke::evaluate(&service, &policies, &alarms, &[(0, Invoke::TargetHigh(0))]);
    // ceil(2 x 75 / 50) = 3.
    assert_eq!(change.map(|c| c.to), Some(3));
    assert!(decisions[0]
        .1
        .text()
        .starts_with("Metric 75.00 > target 50"));
}
