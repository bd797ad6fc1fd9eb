//! Step 3: the Auto Scaling group: sizes, zones, health checks, cooldown, warm-up, termination
//! policies and lifecycle hooks.

use scaleout_core::scenario::{
    HealthCheckType, LifecycleActionResult, LifecycleHookSpec, LifecycleTransition,
    TerminationPolicy,
};
use yew::prelude::*;

use super::opts;
use crate::components::fields::{card, split_list, Fields};

const TERMINATION: [(&str, TerminationPolicy); 6] = [
    ("Default", TerminationPolicy::Default),
    (
        "OldestLaunchTemplate",
        TerminationPolicy::OldestLaunchTemplate,
    ),
    (
        "OldestLaunchConfiguration",
        TerminationPolicy::OldestLaunchConfiguration,
    ),
    (
        "ClosestToNextInstanceHour",
        TerminationPolicy::ClosestToNextInstanceHour,
    ),
    ("NewestInstance", TerminationPolicy::NewestInstance),
    ("OldestInstance", TerminationPolicy::OldestInstance),
];

fn termination_name(p: TerminationPolicy) -> &'static str {
    TERMINATION
        .iter()
        .find(|(_, q)| *q == p)
        .map_or("Default", |(n, _)| n)
}

/// "OldestInstance, Default" -> the policies; `None` if a name is unknown.
fn parse_termination(text: &str) -> Option<Vec<TerminationPolicy>> {
    split_list(text)
        .iter()
        .map(|n| TERMINATION.iter().find(|(k, _)| k == n).map(|(_, p)| *p))
        .collect()
}

fn result_str(r: LifecycleActionResult) -> &'static str {
    match r {
        LifecycleActionResult::CONTINUE => "CONTINUE",
        LifecycleActionResult::ABANDON => "ABANDON",
    }
}

pub(crate) fn parse_result(v: &str) -> LifecycleActionResult {
    if v == "CONTINUE" {
        LifecycleActionResult::CONTINUE
    } else {
        LifecycleActionResult::ABANDON
    }
}

pub fn group_card(f: &Fields) -> Html {
    let props = f.props;
    let g = &props.scenario.group;
    let hooks = g.lifecycle_hooks.iter().enumerate().map(|(i, h)| {
        let p = format!("group.lifecycle_hooks[{i}]");
        let launching = h.transition == LifecycleTransition::Launching;
        html! {
            <div class="item">
                { f.text("hook_name", format!("{p}.name"), h.name.clone(),
                    i, |s, i, v| if let Some(h) = s.group.lifecycle_hooks.get_mut(i) { h.name = v.clone() }) }
                { f.select("hook_transition", format!("{p}.transition"),
                    opts(&["autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING"]),
                    if launching { "autoscaling:EC2_INSTANCE_LAUNCHING" } else { "autoscaling:EC2_INSTANCE_TERMINATING" },
                    i, |s, i, v| if let Some(h) = s.group.lifecycle_hooks.get_mut(i) {
                        h.transition = if v.ends_with("LAUNCHING") { LifecycleTransition::Launching } else { LifecycleTransition::Terminating };
                    }) }
                { f.num("heartbeat_timeout_s", format!("{p}.heartbeat_timeout_s"), h.heartbeat_timeout_s,
                    i, |s, i, v| if let Some(h) = s.group.lifecycle_hooks.get_mut(i) { h.heartbeat_timeout_s = *v }) }
                { f.select("default_result", format!("{p}.default_result"), opts(&["ABANDON", "CONTINUE"]), result_str(h.default_result),
                    i, |s, i, v| if let Some(h) = s.group.lifecycle_hooks.get_mut(i) { h.default_result = parse_result(v) }) }
                { f.opt_num("handler_completes_after_s", format!("{p}.handler_completes_after_s"), h.handler_completes_after_s,
                    i, |s, i, v| if let Some(h) = s.group.lifecycle_hooks.get_mut(i) { h.handler_completes_after_s = *v }) }
                { f.select("handler_result", format!("{p}.handler_result"), opts(&["CONTINUE", "ABANDON"]), result_str(h.handler_result),
                    i, |s, i, v| if let Some(h) = s.group.lifecycle_hooks.get_mut(i) { h.handler_result = parse_result(v) }) }
                { f.button("remove", i, |s, i| { if i < s.group.lifecycle_hooks.len() { s.group.lifecycle_hooks.remove(i); } }) }
            </div>
        }
    });
    let termination: Vec<String> = g
        .termination_policies
        .iter()
        .map(|p| termination_name(*p).to_string())
        .collect();
    let body = html! {
        <>
            <p class="hint">{ f.t("group_hint") }</p>
            <div class="row3">
                { f.num("min_size", "group.min_size".into(), g.min_size, 0, |s, _, v| s.group.min_size = *v) }
                { f.num("max_size", "group.max_size".into(), g.max_size, 0, |s, _, v| s.group.max_size = *v) }
                { f.opt_num("desired_capacity", "group.desired_capacity".into(), g.desired_capacity, 0, |s, _, v| s.group.desired_capacity = *v) }
            </div>
            { f.list("availability_zones", "group.availability_zones".into(), &g.availability_zones, 0, |s, _, v| s.group.availability_zones = v.clone()) }
            <div class="row3">
                { f.select("health_check_type", "group.health_check_type".into(), opts(&["EC2", "ELB"]),
                    if g.health_check_type == HealthCheckType::ELB { "ELB" } else { "EC2" }, 0, |s, _, v| s.group.health_check_type = if v == "ELB" { HealthCheckType::ELB } else { HealthCheckType::EC2 }) }
                { f.num("health_check_grace_period_s", "group.health_check_grace_period_s".into(), g.health_check_grace_period_s, 0, |s, _, v| s.group.health_check_grace_period_s = *v) }
                { f.num("default_cooldown_s", "group.default_cooldown_s".into(), g.default_cooldown_s, 0, |s, _, v| s.group.default_cooldown_s = *v) }
                { f.opt_num("default_instance_warmup_s", "group.default_instance_warmup_s".into(), g.default_instance_warmup_s, 0, |s, _, v| s.group.default_instance_warmup_s = *v) }
            </div>
            { f.input("text", "termination_policies", "group.termination_policies".into(), termination.join(", "),
                parse_termination, 0, |s, _, v| s.group.termination_policies = v.clone()) }
            { f.check("new_instances_protected", "group.new_instances_protected_from_scale_in".into(), g.new_instances_protected_from_scale_in, 0, |s, _, v| s.group.new_instances_protected_from_scale_in = v) }
            <h4>{ f.t("lifecycle_hooks") }</h4>
            { hooks.into_iter().collect::<Html>() }
            { f.button("add_hook", 0, |s, _| {
                let n = s.group.lifecycle_hooks.len() + 1;
                s.group.lifecycle_hooks.push(LifecycleHookSpec { name: format!("launch-hook-{n}"), ..LifecycleHookSpec::default() });
            }) }
            { f.leftovers(&["group.name", "group.min", "group.max", "group.desired", "group.avail", "group.health", "group.default", "group.termination", "group.lifecycle", "group.dereg", "group.new", "group.suspended"]) }
        </>
    };
    card("card-group", f.t("card_group"), 3, body)
}
