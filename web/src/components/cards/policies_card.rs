//! Step 3b: scaling policies (simple, step, target tracking) and the CloudWatch alarms that invoke
//! them, with each alarm's live state.

use scaleout_core::alarm::{ComparisonOperator, Statistic};
use scaleout_core::policy::adjustment::AdjustmentType;
use scaleout_core::scenario::{AlarmSpec, MetricName, PolicyKind, PolicySpec};
use yew::prelude::*;

use super::opts;
use crate::components::fields::{card, Fields};

const ADJ: [(&str, AdjustmentType); 3] = [
    ("ChangeInCapacity", AdjustmentType::ChangeInCapacity),
    ("ExactCapacity", AdjustmentType::ExactCapacity),
    (
        "PercentChangeInCapacity",
        AdjustmentType::PercentChangeInCapacity,
    ),
];
const CMP: [ComparisonOperator; 4] = [
    ComparisonOperator::GreaterThanOrEqualToThreshold,
    ComparisonOperator::GreaterThanThreshold,
    ComparisonOperator::LessThanThreshold,
    ComparisonOperator::LessThanOrEqualToThreshold,
];
const STATS: [Statistic; 5] = [
    Statistic::Average,
    Statistic::Sum,
    Statistic::Minimum,
    Statistic::Maximum,
    Statistic::SampleCount,
];

fn adj_name(a: AdjustmentType) -> &'static str {
    ADJ.iter()
        .find(|(_, x)| *x == a)
        .map_or("ChangeInCapacity", |(n, _)| n)
}
fn adj_parse(v: &str) -> AdjustmentType {
    ADJ.iter()
        .find(|(n, _)| *n == v)
        .map_or(AdjustmentType::ChangeInCapacity, |(_, a)| *a)
}
fn metric_parse(v: &str) -> MetricName {
    MetricName::ALL
        .into_iter()
        .find(|m| m.as_str() == v)
        .unwrap_or(MetricName::CPUUtilization)
}
fn metric_opts() -> Vec<(String, String)> {
    opts(&MetricName::ALL.map(MetricName::as_str))
}

/// `alarm_states`: each alarm's name and live state.
pub fn policies_card(f: &Fields, alarm_states: &[(String, &'static str)]) -> Html {
    let s = &f.props.scenario;

    let policies = s.policies.iter().enumerate().map(|(i, p)| {
        let base = format!("policies[{i}]");
        let kind = match &p.kind {
            PolicyKind::SimpleScaling { adjustment_type, scaling_adjustment, cooldown_s, .. } => {
                let k = format!("{base}.kind.SimpleScaling");
                html! {
                    <>
                        <span class="badge">{ "SimpleScaling" }</span>
                        { f.select("adjustment_type", format!("{k}.adjustment_type"), opts(&ADJ.map(|(n, _)| n)), adj_name(*adjustment_type),
                            i, |s, i, v| if let Some(PolicyKind::SimpleScaling { adjustment_type, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *adjustment_type = adj_parse(v) }) }
                        { f.num("scaling_adjustment", format!("{k}.scaling_adjustment"), *scaling_adjustment,
                            i, |s, i, v| if let Some(PolicyKind::SimpleScaling { scaling_adjustment, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *scaling_adjustment = *v }) }
                        { f.opt_num("cooldown_s", format!("{k}.cooldown_s"), *cooldown_s,
                            i, |s, i, v| if let Some(PolicyKind::SimpleScaling { cooldown_s, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *cooldown_s = *v }) }
                    </>
                }
            }
            PolicyKind::StepScaling { adjustment_type, step_adjustments, estimated_instance_warmup_s, .. } => {
                let k = format!("{base}.kind.StepScaling");
                let steps: Vec<String> = step_adjustments.iter().map(|st| {
                    let lo = st.lower_bound.map(|v| format!("{v}")).unwrap_or_else(|| "-inf".into());
                    let hi = st.upper_bound.map(|v| format!("{v}")).unwrap_or_else(|| "+inf".into());
                    format!("[{lo}, {hi}): {:+}", st.scaling_adjustment)
                }).collect();
                html! {
                    <>
                        <span class="badge">{ "StepScaling" }</span>
                        { f.select("adjustment_type", format!("{k}.adjustment_type"), opts(&ADJ.map(|(n, _)| n)), adj_name(*adjustment_type),
                            i, |s, i, v| if let Some(PolicyKind::StepScaling { adjustment_type, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *adjustment_type = adj_parse(v) }) }
                        <p class="steps"><span>{ f.t("step_adjustments") }</span>{ ": " }<code>{ steps.join("  ") }</code></p>
                        { f.opt_num("estimated_instance_warmup_s", format!("{k}.estimated_instance_warmup_s"), *estimated_instance_warmup_s,
                            i, |s, i, v| if let Some(PolicyKind::StepScaling { estimated_instance_warmup_s, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *estimated_instance_warmup_s = *v }) }
                    </>
                }
            }
            PolicyKind::TargetTrackingScaling { metric, target_value, disable_scale_in, estimated_instance_warmup_s } => {
                let k = format!("{base}.kind.TargetTrackingScaling");
                html! {
                    <>
                        <span class="badge">{ "TargetTrackingScaling" }</span>
                        { f.select("metric", format!("{k}.metric"), metric_opts(), metric.as_str(),
                            i, |s, i, v| if let Some(PolicyKind::TargetTrackingScaling { metric, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *metric = metric_parse(v) }) }
                        { f.num("target_value", format!("{k}.target_value"), *target_value,
                            i, |s, i, v| if let Some(PolicyKind::TargetTrackingScaling { target_value, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *target_value = *v }) }
                        { f.check("disable_scale_in", format!("{k}.disable_scale_in"), *disable_scale_in,
                            i, |s, i, v| if let Some(PolicyKind::TargetTrackingScaling { disable_scale_in, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *disable_scale_in = v }) }
                        { f.opt_num("estimated_instance_warmup_s", format!("{k}.estimated_instance_warmup_s"), *estimated_instance_warmup_s,
                            i, |s, i, v| if let Some(PolicyKind::TargetTrackingScaling { estimated_instance_warmup_s, .. }) = s.policies.get_mut(i).map(|p| &mut p.kind) { *estimated_instance_warmup_s = *v }) }
                    </>
                }
            }
        };
        html! {
            <div class="item">
                { f.text("policy_name", format!("{base}.name"), p.name.clone(),
                    i, |s, i, v| if let Some(p) = s.policies.get_mut(i) { p.name = v.clone() }) }
                { f.check("enabled", format!("{base}.enabled"), p.enabled,
                    i, |s, i, v| if let Some(p) = s.policies.get_mut(i) { p.enabled = v }) }
                { kind }
                { f.button("remove", i, |s, i| { if i < s.policies.len() { s.policies.remove(i); } }) }
            </div>
        }
    });

    let alarms = s.alarms.iter().enumerate().map(|(i, a)| {
        let p = format!("alarms[{i}]");
        let state = alarm_states.iter().find(|(n, _)| *n == a.name).map_or("INSUFFICIENT_DATA", |(_, st)| st);
        html! {
            <div class="item">
                <span class={classes!("alarm-state", state.to_ascii_lowercase())}>{ state }</span>
                { f.text("alarm_name", format!("{p}.name"), a.name.clone(),
                    i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { a.name = v.clone() }) }
                { f.select("metric", format!("{p}.metric"), metric_opts(), a.metric.as_str(),
                    i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { a.metric = metric_parse(v) }) }
                { f.select("statistic", format!("{p}.statistic"), opts(&STATS.map(Statistic::as_str)), a.statistic.as_str(),
                    i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { if let Some(st) = STATS.into_iter().find(|x| x.as_str() == v) { a.statistic = st } }) }
                <div class="row3">
                    { f.num("period_s", format!("{p}.period_s"), a.period_s,
                        i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { a.period_s = *v }) }
                    { f.num("evaluation_periods", format!("{p}.evaluation_periods"), a.evaluation_periods,
                        i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { a.evaluation_periods = *v }) }
                    { f.opt_num("datapoints_to_alarm", format!("{p}.datapoints_to_alarm"), a.datapoints_to_alarm,
                        i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { a.datapoints_to_alarm = *v }) }
                </div>
                { f.select("comparison_operator", format!("{p}.comparison_operator"), opts(&CMP.map(ComparisonOperator::as_str)), a.comparison_operator.as_str(),
                    i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { if let Some(c) = CMP.into_iter().find(|x| x.as_str() == v) { a.comparison_operator = c } }) }
                { f.num("threshold", format!("{p}.threshold"), a.threshold,
                    i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { a.threshold = *v }) }
                { f.list("alarm_actions", format!("{p}.alarm_actions"), &a.alarm_actions,
                    i, |s, i, v| if let Some(a) = s.alarms.get_mut(i) { a.alarm_actions = v.clone() }) }
                { f.button("remove", i, |s, i| { if i < s.alarms.len() { s.alarms.remove(i); } }) }
            </div>
        }
    });

    let body = html! {
        <>
            <p class="hint">{ f.t("policies_hint") }</p>
            <h4>{ f.t("policies") }</h4>
            { policies.into_iter().collect::<Html>() }
            <div class="row">
                { f.button("add_target_tracking", 0, |s, _| {
                    let n = s.policies.len() + 1;
                    s.policies.push(PolicySpec { name: format!("target-tracking-{n}"), ..PolicySpec::default() });
                }) }
                { f.button("add_simple_policy", 0, |s, _| {
                    let n = s.policies.len() + 1;
                    let name = format!("scale-out-{n}");
                    s.policies.push(PolicySpec {
                        name: name.clone(),
                        enabled: true,
                        kind: PolicyKind::SimpleScaling {
                            adjustment_type: AdjustmentType::ChangeInCapacity,
                            scaling_adjustment: 1,
                            cooldown_s: None,
                            min_adjustment_magnitude: None,
                        },
                    });
                    s.alarms.push(AlarmSpec { name: format!("cpu-high-{n}"), alarm_actions: vec![name], ..AlarmSpec::default() });
                }) }
            </div>
            <h4>{ f.t("alarms") }</h4>
            { alarms.into_iter().collect::<Html>() }
            { f.button("add_alarm", 0, |s, _| {
                let n = s.alarms.len() + 1;
                s.alarms.push(AlarmSpec { name: format!("alarm-{n}"), ..AlarmSpec::default() });
            }) }
            { f.leftovers(&["policies", "alarms"]) }
        </>
    };
    card("card-policies", f.t("card_policies"), 4, body)
}
