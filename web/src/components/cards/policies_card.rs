//! Step 3b: scaling policies (simple, step, target tracking) and the CloudWatch alarms that invoke
//! them, with each alarm's live state.

use scaleout_core::policy::adjustment::AdjustmentType;
use scaleout_core::scenario::{AlarmSpec, PolicyKind, PolicySpec};
use yew::prelude::*;

use crate::components::fields::{card, Fields};

/// `alarm_states`: each alarm's name and live state.
pub fn policies_card(f: &Fields, alarm_states: &[(String, &'static str)]) -> Html {
    let s = &f.props.scenario;

    let policies = s.policies.iter().enumerate().map(|(i, p)| {
        let base = format!("policies[{i}]");
        let kind = match &p.kind {
            PolicyKind::SimpleScaling { .. } => html! {
                <>
                    <span class="badge">{ f.t("kind_simple") }</span>
                    { f.each(&format!("{base}.kind.SimpleScaling"), &[("adjustment_type", "adjustment_type"),
                        ("scaling_adjustment", "scaling_adjustment"), ("cooldown_s", "cooldown_s")]) }
                </>
            },
            PolicyKind::StepScaling { step_adjustments, .. } => {
                let k = format!("{base}.kind.StepScaling");
                let steps: Vec<String> = step_adjustments.iter().map(|st| {
                    let lo = st.lower_bound.map(|v| format!("{v}")).unwrap_or_else(|| "-inf".into());
                    let hi = st.upper_bound.map(|v| format!("{v}")).unwrap_or_else(|| "+inf".into());
                    format!("[{lo}, {hi}): {:+}", st.scaling_adjustment)
                }).collect();
                html! {
                    <>
                        <span class="badge">{ f.t("kind_step") }</span>
                        { f.at("adjustment_type", &format!("{k}.adjustment_type")) }
                        <p class="steps"><span>{ f.t("step_adjustments") }</span>{ ": " }<code>{ steps.join("  ") }</code></p>
                        { f.at("estimated_instance_warmup_s", &format!("{k}.estimated_instance_warmup_s")) }
                    </>
                }
            }
            PolicyKind::TargetTrackingScaling { .. } => html! {
                <>
                    <span class="badge">{ f.t("kind_tt") }</span>
                    { f.each(&format!("{base}.kind.TargetTrackingScaling"), &[("metric", "metric"),
                        ("target_value", "target_value"), ("disable_scale_in", "disable_scale_in"),
                        ("estimated_instance_warmup_s", "estimated_instance_warmup_s")]) }
                </>
            },
        };
        html! {
            <div class="item">
                { f.each(&base, &[("policy_name", "name"), ("enabled", "enabled")]) }
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
                { f.each(&p, &[("alarm_name", "name"), ("metric", "metric"), ("statistic", "statistic")]) }
                <div class="row3">
                    { f.each(&p, &[("period_s", "period_s"), ("evaluation_periods", "evaluation_periods"),
                        ("datapoints_to_alarm", "datapoints_to_alarm")]) }
                </div>
                { f.each(&p, &[("comparison_operator", "comparison_operator"), ("threshold", "threshold"),
                    ("alarm_actions", "alarm_actions")]) }
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
                        group: None,
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
