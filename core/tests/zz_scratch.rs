use scaleout_core::scenario::*;
#[test]
fn dump() {
    let mut s = Scenario::demo();
    s.group.lifecycle_hooks.push(LifecycleHookSpec::default());
    s.alarms.push(AlarmSpec::default());
    s.scheduled_actions.push(ScheduledActionSpec::default());
    s.policies.push(PolicySpec { name: "x".into(), enabled: true, kind: PolicyKind::StepScaling {
        adjustment_type: scaleout_core::policy::AdjustmentType::PercentChangeInCapacity,
        step_adjustments: vec![scaleout_core::policy::StepAdjustment{lower_bound: Some(0.0), upper_bound: None, scaling_adjustment: 10}],
        metric_aggregation_type: Default::default(), estimated_instance_warmup_s: None, min_adjustment_magnitude: None }});
    s.actions.push(TimedAction { at_ms: 5, action: Action::SetLoad { rps: Some(3.0) } });
    println!("{}", s.to_json_pretty());
}
