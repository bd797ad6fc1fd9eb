//! Every kind of trace event (docs/trace.md) appears in some example's trace, and the overload
//! example shows the cost of too little capacity in the run summary.

mod common;

use std::collections::BTreeSet;

use common::{all_examples, example, run_minutes, sim};
use scaleout_core::instance::LifecycleState;
use scaleout_core::{Output, SimTime};

/// The event's name in the trace (`{"event": {"<name>": ...}}`). The match is exhaustive, so a
/// new kind of output must be named here, and then appear in an example.
fn kind(o: &Output) -> &'static str {
    match o {
        Output::Activity(_) => "Activity",
        Output::ActivityUpdated { .. } => "ActivityUpdated",
        Output::AlarmStateChanged { .. } => "AlarmStateChanged",
        Output::PolicyDecision { .. } => "PolicyDecision",
        Output::InstanceStateChanged { .. } => "InstanceStateChanged",
        Output::LifecycleHookResult { .. } => "LifecycleHookResult",
        Output::Deployment(_) => "Deployment",
        Output::DeploymentTargets { .. } => "DeploymentTargets",
        Output::LastSuccessfulRevision { .. } => "LastSuccessfulRevision",
        Output::ActionRejected { .. } => "ActionRejected",
        Output::Kubernetes(_) => "Kubernetes",
        Output::Ecs(_) => "Ecs",
    }
}

const ALL_KINDS: [&str; 12] = [
    "Activity",
    "ActivityUpdated",
    "AlarmStateChanged",
    "PolicyDecision",
    "InstanceStateChanged",
    "LifecycleHookResult",
    "Deployment",
    "DeploymentTargets",
    "LastSuccessfulRevision",
    "ActionRejected",
    "Kubernetes",
    "Ecs",
];

#[test]
fn every_event_kind_appears_in_some_example() {
    let mut seen = BTreeSet::new();
    for (name, s) in all_examples() {
        let horizon = SimTime::from_secs(s.horizon_s);
        let mut sim = sim(s);
        for o in run_minutes(&mut sim, horizon) {
            // The serialised name is the one the docs list.
            let v = serde_json::to_value(&o).unwrap_or_default();
            let tag = v.as_object().and_then(|m| m.keys().next().cloned());
            assert_eq!(tag.as_deref(), Some(kind(&o)), "{name}");
            seen.insert(kind(&o));
        }
    }
    let missing: Vec<&str> = ALL_KINDS
        .iter()
        .copied()
        .filter(|k| !seen.contains(k))
        .collect();
    assert_eq!(missing, Vec::<&str>::new(), "event kinds no example shows");
    let docs = std::fs::read_to_string(common::examples_dir().join("../docs/trace.md"))
        .expect("docs/trace.md");
    for k in ALL_KINDS {
        assert!(
            docs.contains(&format!("`{k}`")),
            "docs/trace.md documents {k}"
        );
    }
}

#[test]
fn a6_4_instance_transitions_carry_where_and_what_and_hooks_their_results() {
    let mut sim = sim(example("overload-at-max-size.json"));
    let out = run_minutes(&mut sim, SimTime::from_secs(600));
    let waits: Vec<&Output> = out
        .iter()
        .filter(|o| {
            matches!(o, Output::InstanceStateChanged { to, .. } if *to == LifecycleState::PendingWait)
        })
        .collect();
    assert!(!waits.is_empty());
    let Output::InstanceStateChanged {
        availability_zone,
        launched_from,
        launch_template_version,
        revision,
        ..
    } = waits[0]
    else {
        unreachable!()
    };
    assert!(availability_zone.starts_with("us-east-1"));
    assert_eq!(launched_from, "web-lt");
    assert_eq!(*launch_template_version, Some(1));
    assert_eq!(revision.as_deref(), Some("v1"));
    assert!(out.iter().any(|o| matches!(
        o,
        Output::LifecycleHookResult { hook, heartbeat_timeout: true, .. } if hook == "warm-cache"
    )));
}

#[test]
fn overload_example_shows_the_cost_of_too_little_capacity() {
    let s = example("overload-at-max-size.json");
    let horizon = SimTime::from_secs(s.horizon_s);
    let mut sim = sim(s);
    let out = run_minutes(&mut sim, horizon);
    let sum = sim.summary();
    assert_eq!(sum.minutes, 240);
    assert!(sum.under_provisioned_minutes >= 50, "{sum:?}");
    assert!(sum.at_max_size_overloaded_minutes >= 50, "{sum:?}");
    assert!(sum.requests_dropped > 1e6, "{sum:?}");
    let (p50, p95) = (
        sum.latency_p50_ms.unwrap_or_default(),
        sum.latency_p95_ms.unwrap_or_default(),
    );
    assert!(p95 > 10.0 * p50 && p50 > 40.0, "{p50} {p95}");
    assert!((sum.estimated_cost_usd - sum.instance_hours * 0.0416).abs() < 1e-9);
    assert!(
        sum.instance_hours > 8.0 && sum.instance_hours < 16.0,
        "{sum:?}"
    );
    // The person who tries to add capacity by hand hits MaxSize too (A2.2).
    assert!(out.iter().any(|o| matches!(
        o,
        Output::ActionRejected { message, .. }
            if message == "ValidationError: New SetDesiredCapacity value 8 is above max value 4 for the AutoScalingGroup."
    )));
}
