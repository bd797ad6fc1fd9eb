//! Step 3: the Auto Scaling group: sizes, zones, health checks, cooldown, warm-up, termination
//! policies and lifecycle hooks.

use scaleout_core::scenario::LifecycleHookSpec;
use yew::prelude::*;

use crate::components::fields::{card, Fields};

pub fn group_card(f: &Fields) -> Html {
    let props = f.props;
    let g = &props.scenario.group;
    let hooks = (0..g.lifecycle_hooks.len()).map(|i| {
        html! {
            <div class="item">
                { f.each(&format!("group.lifecycle_hooks[{i}]"), &[("hook_name", "name"), ("hook_transition", "transition"),
                    ("heartbeat_timeout_s", "heartbeat_timeout_s"), ("default_result", "default_result"),
                    ("handler_completes_after_s", "handler_completes_after_s"), ("handler_result", "handler_result")]) }
                { f.button("remove", i, |s, i| { if i < s.group.lifecycle_hooks.len() { s.group.lifecycle_hooks.remove(i); } }) }
            </div>
        }
    });
    let body = html! {
        <>
            <p class="hint">{ f.t("group_hint") }</p>
            <div class="row3">
                { f.each("group", &[("min_size", "min_size"), ("max_size", "max_size"), ("desired_capacity", "desired_capacity")]) }
            </div>
            { f.at("availability_zones", "group.availability_zones") }
            <div class="row3">
                { f.each("group", &[("health_check_type", "health_check_type"),
                    ("health_check_grace_period_s", "health_check_grace_period_s"),
                    ("default_cooldown_s", "default_cooldown_s"),
                    ("default_instance_warmup_s", "default_instance_warmup_s")]) }
            </div>
            { f.each("group", &[("termination_policies", "termination_policies"),
                ("new_instances_protected", "new_instances_protected_from_scale_in")]) }
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
