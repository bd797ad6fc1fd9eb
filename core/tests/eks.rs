//! EKS driven over time: the HPA, Deployments, the scheduler, the Cluster Autoscaler and Argo CD
//! as the simulator runs them (`kubernetes::runtime`), on the `examples/eks-*.json` scenarios.
//! Golden traces are insta snapshots reviewed by eye (`docs/kubernetes.md` says what to look
//! for); the named tests pin one rule each.

mod common;

use std::fmt::Write as _;

use common::{example, sim};
use scaleout_core::kubernetes::argocd::SyncStatus;
use scaleout_core::kubernetes::outputs::PodPhaseView;
use scaleout_core::kubernetes::KubeOutput;
use scaleout_core::scenario::{
    Action, GitCommit, IgnoreDifferenceInput, KubectlAction, TimedAction,
};
use scaleout_core::{Output, Scenario, Sim, SimTime};

fn min(m: u64) -> SimTime {
    SimTime::from_secs(m * 60)
}

/// Runs to `until` in one call and returns every output.
fn run(s: Scenario, until: SimTime) -> (Sim, Vec<Output>) {
    let mut sim = sim(s);
    sim.advance_to(until);
    let out = std::iter::from_fn(|| sim.poll_output()).collect();
    (sim, out)
}

fn kube(out: &[Output]) -> Vec<&KubeOutput> {
    out.iter()
        .filter_map(|o| match o {
            Output::Kubernetes(k) => Some(k),
            _ => None,
        })
        .collect()
}

/// The compact trace the goldens hold: EC2 activities (first sentence of the cause), HPA
/// decisions, Kubernetes events except the per-pod routine ones (Scheduled, SuccessfulCreate,
/// SuccessfulDelete), Deployment conditions and Argo CD, from `from` on; and every 5 minutes a
/// line counting pods by ReplicaSet revision and phase.
fn trace(s: Scenario, from: SimTime, until: SimTime) -> String {
    let start = s.start_unix_s;
    let mut sim = sim(s);
    let mut text = String::new();
    let mut t = SimTime::ZERO;
    while t < until {
        t = t.plus_ms(60_000).min(until);
        sim.advance_to(t);
        for o in std::iter::from_fn(|| sim.poll_output()) {
            let line = match &o {
                Output::Activity(a) => Some(format!(
                    "{} ACTIVITY {} ({})",
                    a.start.iso(start),
                    a.description,
                    a.cause.split(" changing").next().unwrap_or("")
                )),
                Output::ActionRejected { t, message } => {
                    Some(format!("{} REJECTED {message}", t.iso(start)))
                }
                Output::Kubernetes(k) => match k {
                    KubeOutput::Pod { .. } | KubeOutput::HpaCondition { .. } => None,
                    KubeOutput::Event { reason, .. }
                        if matches!(
                            reason.as_str(),
                            "Scheduled" | "SuccessfulCreate" | "SuccessfulDelete"
                        ) =>
                    {
                        None
                    }
                    other => Some(format!("{} {}", other.t().iso(start), other.text())),
                },
                _ => None,
            };
            if let (Some(line), true) = (line, o_time(&o) >= from) {
                let _ = writeln!(text, "{line}");
            }
        }
        if t >= from && t.ms().is_multiple_of(300_000) {
            if let Some(v) = sim.view().kubernetes {
                let mut by: Vec<(u64, &str, bool)> = v
                    .pods
                    .iter()
                    .map(|p| (p.revision, p.phase.as_str(), p.ready))
                    .collect();
                by.sort();
                let mut counts: Vec<((u64, &str, bool), usize)> = Vec::new();
                for k in by {
                    match counts.last_mut() {
                        Some((last, n)) if *last == k => *n += 1,
                        _ => counts.push((k, 1)),
                    }
                }
                let pods: Vec<String> = counts
                    .iter()
                    .map(|((rev, phase, ready), n)| {
                        format!("rev{rev}:{phase}{}={n}", if *ready { "/Ready" } else { "" })
                    })
                    .collect();
                let app = v
                    .application
                    .map(|a| format!(" app={:?}/{:?}", a.sync, a.health))
                    .unwrap_or_default();
                let _ = writeln!(
                    text,
                    "{} replicas={} nodes={} pods[{}]{app}",
                    t.iso(start),
                    v.deployment.replicas,
                    v.nodes.len(),
                    pods.join(" ")
                );
            }
        }
    }
    text
}

fn o_time(o: &Output) -> SimTime {
    match o {
        Output::Activity(a) => a.start,
        Output::ActionRejected { t, .. } => *t,
        Output::Kubernetes(k) => k.t(),
        _ => SimTime::ZERO,
    }
}

// ----- golden traces ---------------------------------------------------------------------------

/// The HPA without behavior on a 30-minute spike: 2 → 4 → 8 → 9 (the legacy scale-up limit
/// doubles per sync), then the 5-minute downscale stabilization holds 9 until 01:05.
#[test]
fn golden_eks_hpa_spike() {
    insta::assert_snapshot!(
        "eks_hpa_spike",
        trace(example("eks-hpa-spike.json"), SimTime::ZERO, min(80))
    );
}

/// behavior.scaleDown: a 10-minute window and 50% per minute hold capacity through a dip.
#[test]
fn golden_eks_scale_down_stabilization() {
    insta::assert_snapshot!(
        "eks_scale_down_stabilization",
        trace(
            example("eks-scale-down-stabilization.json"),
            SimTime::ZERO,
            min(75)
        )
    );
}

/// Argo CD rolls out 1.1 (surge 2, unavailable 1 at 7 replicas), the broken 1.2 stalls into
/// ProgressDeadlineExceeded (Degraded), and kubectl rollout undo brings 1.1 back (OutOfSync).
#[test]
fn golden_eks_gitops_rollout() {
    insta::assert_snapshot!(
        "eks_gitops_rollout",
        trace(example("eks-gitops-rollout.json"), min(15), min(90))
    );
}

/// The fight (a few rounds of it) and the fix commit that ends it.
#[test]
fn golden_eks_argocd_hpa_fight() {
    let s = example("eks-argocd-hpa-fight.json");
    let mut text = trace(s.clone(), SimTime::ZERO, min(3));
    text.push_str("...\n");
    text.push_str(&trace(s, min(39), min(50)));
    insta::assert_snapshot!("eks_argocd_hpa_fight", text);
}

/// Pods Pending until the Cluster Autoscaler's nodes join; nodes removed after 10 minutes
/// unneeded.
#[test]
fn golden_eks_cluster_autoscaler() {
    insta::assert_snapshot!(
        "eks_cluster_autoscaler",
        trace(example("eks-cluster-autoscaler.json"), min(14), min(75))
    );
}

// ----- named rules -----------------------------------------------------------------------------

fn hpa_decisions(out: &[Output]) -> Vec<(SimTime, i32, i32, bool)> {
    kube(out)
        .into_iter()
        .filter_map(|k| match k {
            KubeOutput::HpaDecision {
                t,
                current_replicas,
                desired_replicas,
                rescale,
                ..
            } => Some((*t, *current_replicas, *desired_replicas, *rescale)),
            _ => None,
        })
        .collect()
}

#[test]
fn d1_the_hpa_syncs_on_its_own_15_second_cadence() {
    let (_, out) = run(example("eks-hpa-spike.json"), min(90));
    let d = hpa_decisions(&out);
    assert!(!d.is_empty());
    assert!(
        d.iter().all(|(t, ..)| t.ms().is_multiple_of(15_000)),
        "{d:?}"
    );
}

#[test]
fn d5_spike_scales_up_by_the_legacy_limit_and_down_after_five_minutes() {
    let (_, out) = run(example("eks-hpa-spike.json"), min(90));
    let rescales: Vec<(u64, i32, i32)> = hpa_decisions(&out)
        .into_iter()
        .filter(|d| d.3)
        .map(|(t, from, to, _)| (t.ms() / 1000, from, to))
        .collect();
    // max(2 × current, 4) per sync: 2 → 4 → 8, then 9 (what the metric asked).
    assert_eq!(&rescales[..3], &[(1800, 2, 4), (1815, 4, 8), (1830, 8, 9)]);
    // The spike ends at 3600 s; the scale-down waits for the 300 s window.
    let down = rescales.iter().find(|r| r.2 < r.1).copied();
    assert_eq!(down, Some((3900, 9, 2)));
}

#[test]
fn d6_scale_down_window_and_percent_policy_hold_capacity() {
    let (_, out) = run(example("eks-scale-down-stabilization.json"), min(75));
    let rescales: Vec<(u64, i32, i32)> = hpa_decisions(&out)
        .into_iter()
        .filter(|d| d.3)
        .map(|(t, from, to, _)| (t.ms() / 1000, from, to))
        .collect();
    // The load falls at 1800 s; nothing goes down for 600 s, then at most 50% per 60 s.
    let first_down_after_dip = rescales.iter().find(|r| r.0 >= 1800 && r.2 < r.1).copied();
    assert_eq!(first_down_after_dip, Some((2385, 7, 3)));
    // The rebound at 2400 s scales up at once (scale-up window 0).
    assert!(rescales.iter().any(|r| r.0 == 2400 && r.2 > r.1));
}

#[test]
fn rolling_update_stays_within_surge_and_unavailable() {
    // 7 replicas, maxSurge 25% → 2, maxUnavailable 25% → 1: at most 9 pods, at least 6 Ready
    // (pods Ready before the rollout started) while the rollout to 1.1 runs.
    let mut sim = sim(example("eks-gitops-rollout.json"));
    let mut t = min(20);
    sim.advance_to(t);
    while t < min(30) {
        t = t.plus_ms(1_000);
        sim.advance_to(t);
        let Some(k) = sim.kubernetes() else {
            panic!("a cluster")
        };
        let desired = k.deployment().spec.replicas as usize;
        let pods = k.pods();
        let ready = pods.iter().filter(|p| p.ready_ms.is_some()).count();
        assert!(pods.len() <= desired + 2, "{t:?}: {} pods", pods.len());
        assert!(ready + 1 >= desired, "{t:?}: {ready} ready of {desired}");
    }
    let k = sim.kubernetes().map(|k| k.view());
    let revisions: Vec<u64> = k
        .map(|v| v.pods.iter().map(|p| p.revision).collect())
        .unwrap_or_default();
    assert!(revisions.iter().all(|&r| r == 2), "{revisions:?}");
}

#[test]
fn progress_deadline_exceeded_degrades_the_app_and_rollout_undo_restores() {
    let (sim, out) = run(example("eks-gitops-rollout.json"), min(90));
    let k = kube(&out);
    let exceeded = k.iter().find_map(|o| match o {
        KubeOutput::DeploymentCondition { t, reason, .. }
            if reason == "ProgressDeadlineExceeded" =>
        {
            Some(t.ms() / 1000)
        }
        _ => None,
    });
    // 1.2 is synced at 51:00; the deadline is 300 s without progress, checked 1 s after.
    assert_eq!(exceeded, Some(51 * 60 + 301));
    assert!(k.iter().any(|o| matches!(
        o,
        KubeOutput::ArgoCdStatus {
            health: scaleout_core::kubernetes::argocd::Health::Degraded,
            ..
        }
    )));
    let v = sim.view().kubernetes;
    let v = v.as_ref();
    assert_eq!(
        v.map(|v| v.deployment.image.as_str()),
        Some("registry.example.com/web:1.1")
    );
    assert_eq!(
        v.and_then(|v| v.application.as_ref()).map(|a| a.sync),
        Some(SyncStatus::OutOfSync)
    );
    assert!(v.is_some_and(|v| v.pods.iter().all(|p| p.ready)));
}

fn self_heal_syncs(out: &[Output], from: SimTime, to: SimTime) -> usize {
    kube(out)
        .iter()
        .filter(|o| {
            matches!(o, KubeOutput::ArgoCdMessage { t, message, .. }
            if message.starts_with("Initiated automated sync") && *t >= from && *t < to)
        })
        .count()
}

#[test]
fn e2_replicas_in_git_under_an_hpa_with_self_heal_fight_until_the_fix_commit() {
    let (_, out) = run(example("eks-argocd-hpa-fight.json"), min(60));
    // Every 15 s the HPA sets 5 and selfHeal puts Git's 3 back, 5 s later.
    assert!(self_heal_syncs(&out, min(5), min(40)) > 100);
    // The fix (no replicas in Git) is committed at 40:00 and polled at 42:00.
    assert_eq!(self_heal_syncs(&out, min(43), min(60)), 0);
}

#[test]
fn e2_ignore_differences_on_spec_replicas_ends_the_fight_too() {
    let mut s = example("eks-argocd-hpa-fight.json");
    if let Some(g) = s.kubernetes.as_mut().and_then(|k| k.gitops.as_mut()) {
        g.commits.clear();
        g.application.ignore_differences = vec![IgnoreDifferenceInput {
            kind: "Deployment".into(),
            json_pointers: vec!["/spec/replicas".into()],
        }];
    }
    let (sim, out) = run(s, min(30));
    assert_eq!(self_heal_syncs(&out, min(5), min(30)), 0);
    let v = sim.view().kubernetes;
    assert_eq!(v.as_ref().map(|v| v.deployment.replicas), Some(5));
}

#[test]
fn e2_without_self_heal_drift_is_reported_not_reverted() {
    let mut s = example("eks-argocd-hpa-fight.json");
    if let Some(g) = s.kubernetes.as_mut().and_then(|k| k.gitops.as_mut()) {
        g.commits.clear();
        if let Some(a) = g.application.automated.as_mut() {
            a.self_heal = false;
        }
    }
    let (sim, out) = run(s, min(30));
    // One automated sync when the drift is first seen (no earlier sync of that commit), then
    // "most recent sync already to <sha>": the HPA's count stays.
    assert_eq!(self_heal_syncs(&out, min(0), min(30)), 1);
    let v = sim.view().kubernetes;
    assert_eq!(v.as_ref().map(|v| v.deployment.replicas), Some(5));
    assert_eq!(
        v.as_ref()
            .and_then(|v| v.application.as_ref())
            .map(|a| a.sync),
        Some(SyncStatus::OutOfSync)
    );
}

#[test]
fn ca_pending_pods_scale_the_group_up_through_its_desired_capacity() {
    let (sim, out) = run(example("eks-cluster-autoscaler.json"), min(40));
    let k = kube(&out);
    let first_pending = k.iter().find_map(|o| match o {
        KubeOutput::Event {
            t, reason, message, ..
        } if reason == "FailedScheduling" && t.ms() > 600_000 => Some(message.clone()),
        _ => None,
    });
    assert_eq!(
        first_pending.as_deref(),
        Some("0/1 nodes are available: 1 Insufficient cpu.")
    );
    assert!(k
        .iter()
        .any(|o| matches!(o, KubeOutput::Event { reason, .. } if reason == "TriggeredScaleUp")));
    let set_desired = out.iter().any(|o| {
        matches!(o, Output::Activity(a)
        if a.cause.contains("a user request explicitly set group desired capacity"))
    });
    assert!(set_desired);
    let v = sim.view().kubernetes;
    assert!(v.is_some_and(|v| v
        .pods
        .iter()
        .all(|p| p.phase == PodPhaseView::Running && p.ready)
        && v.nodes.len() == 4));
}

#[test]
fn ca_removes_nodes_unneeded_for_ten_minutes() {
    let (sim, out) = run(example("eks-cluster-autoscaler.json"), min(75));
    let scale_down: Vec<u64> = kube(&out)
        .iter()
        .filter_map(|o| match o {
            KubeOutput::Event { t, reason, .. } if reason == "ScaleDown" => Some(t.ms() / 1000),
            _ => None,
        })
        .collect();
    // The HPA drops to 2 pods at 50:00; the emptied nodes are unneeded from then on.
    assert!(!scale_down.is_empty());
    assert!(scale_down.iter().all(|&t| t >= 60 * 60), "{scale_down:?}");
    assert_eq!(sim.sizes().desired, 1);
}

/// The nodes the Cluster Autoscaler removed (its `ScaleDown` events) and the instances the
/// group terminated after `from`, with their causes, each sorted.
fn removed_and_terminated(out: &[Output], from: SimTime) -> (Vec<String>, Vec<(String, String)>) {
    let mut removed: Vec<String> = kube(out)
        .iter()
        .filter_map(|o| match o {
            KubeOutput::Event { object, reason, .. } if reason == "ScaleDown" => {
                Some(object.trim_start_matches("Node/").to_string())
            }
            _ => None,
        })
        .collect();
    removed.sort();
    let mut terminated: Vec<(String, String)> = out
        .iter()
        .filter_map(|o| match o {
            Output::Activity(a)
                if a.start >= from && a.description.starts_with("Terminating EC2 instance") =>
            {
                Some((a.instance_id.to_string(), a.cause.to_string()))
            }
            _ => None,
        })
        .collect();
    terminated.sort();
    terminated.dedup_by(|a, b| a.0 == b.0);
    (removed, terminated)
}

/// A5.7: the Cluster Autoscaler's scale-down terminates the very node it found unneeded and
/// drained (TerminateInstanceInAutoScalingGroup, decrementing desired), whatever instance the
/// group's termination policy would have picked.
#[test]
fn a5_7_ca_scale_down_terminates_the_node_it_drained() {
    use scaleout_core::scenario::TerminationPolicy;
    for policy in [
        TerminationPolicy::Default,
        TerminationPolicy::NewestInstance,
        TerminationPolicy::OldestInstance,
    ] {
        let mut s = example("eks-cluster-autoscaler.json");
        s.group.termination_policies = vec![policy];
        let (sim, out) = run(s, min(75));
        let (removed, terminated) = removed_and_terminated(&out, min(50));
        assert!(!removed.is_empty(), "{policy:?}");
        let ids: Vec<String> = terminated.iter().map(|(id, _)| id.clone()).collect();
        assert_eq!(ids, removed, "{policy:?}");
        for (id, cause) in &terminated {
            assert!(
                cause.contains(&format!(
                    "instance {id} was taken out of service in response to a user request, shrinking the capacity from"
                )),
                "{cause}"
            );
        }
        assert_eq!(sim.sizes().desired, 1);
    }
}

fn argo_messages(out: &[Output]) -> Vec<(u64, String)> {
    kube(out)
        .iter()
        .filter_map(|o| match o {
            KubeOutput::ArgoCdMessage { t, message, .. } => Some((t.ms() / 1000, message.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn e2_e4_a_commit_that_fails_to_apply_is_retried_with_backoff_then_not_again() {
    let mut s = example("eks-gitops-rollout.json");
    s.actions.clear();
    if let Some(g) = s.kubernetes.as_mut().and_then(|k| k.gitops.as_mut()) {
        g.commits = vec![GitCommit {
            at_s: 300,
            image: Some(String::new()),
            ..GitCommit::default()
        }];
        g.application.retry = Some(scaleout_core::scenario::RetryInput {
            limit: 2,
            ..Default::default()
        });
    }
    let (_, out) = run(s, min(20));
    let m = argo_messages(&out);
    let failed: Vec<u64> = m
        .iter()
        .filter(|(_, x)| x.starts_with("one or more objects failed to apply"))
        .map(|(t, _)| *t)
        .collect();
    // Polled at 360 s; retries after 5 s and 10 s (E4), then the operation fails.
    assert_eq!(failed, vec![360, 365, 375], "{m:?}");
    assert!(m
        .iter()
        .any(|(_, x)| x.starts_with("Skipping auto-sync: failed previous sync attempt to")));
    // The live image never changed.
    assert!(!kube(&out)
        .iter()
        .any(|o| matches!(o, KubeOutput::Pod { revision: 2, .. })));
}

#[test]
fn e4_the_hpa_in_a_later_sync_wave_waits_for_the_deployment_to_be_healthy() {
    let mut s = example("eks-gitops-rollout.json");
    s.actions.clear();
    if let Some(g) = s.kubernetes.as_mut().and_then(|k| k.gitops.as_mut()) {
        g.application.hpa_sync_wave = 1;
        g.commits = vec![GitCommit {
            at_s: 300,
            image: Some("registry.example.com/web:1.1".into()),
            hpa_max_replicas: Some(12),
            ..GitCommit::default()
        }];
    }
    let (sim, out) = run(s, min(15));
    let m = argo_messages(&out);
    let started = m
        .iter()
        .find(|(_, x)| x.starts_with("Initiated"))
        .map(|(t, _)| *t);
    let done = m
        .iter()
        .find(|(_, x)| x.starts_with("successfully synced"))
        .map(|(t, _)| *t);
    let rolled = kube(&out)
        .iter()
        .filter_map(|o| match o {
            KubeOutput::DeploymentCondition { t, reason, .. }
                if reason == "NewReplicaSetAvailable" && t.ms() > 360_000 =>
            {
                Some(t.ms() / 1000)
            }
            _ => None,
        })
        .next();
    assert_eq!(started, Some(360));
    // Wave 0 (the Deployment) is applied at once; wave 1 (the HPA) only after the rollout is
    // Healthy, and the operation ends after that.
    assert!(
        rolled.is_some_and(|r| done.is_some_and(|d| d > r)),
        "{m:?} {rolled:?}"
    );
    let v = sim.view().kubernetes;
    assert_eq!(v.and_then(|v| v.hpa).map(|h| h.max_replicas), Some(12));
}

// ----- determinism, live actions, EC2 unchanged ------------------------------------------------

fn eks_examples() -> Vec<&'static str> {
    vec![
        "eks-hpa-spike.json",
        "eks-scale-down-stabilization.json",
        "eks-gitops-rollout.json",
        "eks-argocd-hpa-fight.json",
        "eks-cluster-autoscaler.json",
    ]
}

#[test]
fn one_call_equals_many_small_steps() {
    for name in eks_examples() {
        let until = min(60);
        let (_, one) = run(example(name), until);
        let mut sim = sim(example(name));
        let mut many = Vec::new();
        let mut t = SimTime::ZERO;
        let mut step = 1_000;
        while t < until {
            t = t.plus_ms(step).min(until);
            step = step * 7 % 13_001 + 1;
            sim.advance_to(t);
            many.extend(std::iter::from_fn(|| sim.poll_output()));
        }
        assert!(one == many, "{name}: outputs differ");
    }
}

#[test]
fn kubectl_live_equals_the_same_action_in_the_timeline() {
    let base = example("eks-hpa-spike.json");
    let action = Action::Kubectl(KubectlAction::SetImage {
        image: "registry.example.com/web:1.1".into(),
    });
    let mut timeline = base.clone();
    timeline.actions.push(TimedAction {
        at_ms: 600_000,
        action: action.clone(),
    });
    let (_, a) = run(timeline, min(20));
    let mut live = sim(base);
    live.advance_to(SimTime(600_000));
    live.apply(action);
    live.advance_to(min(20));
    let b: Vec<Output> = std::iter::from_fn(|| live.poll_output()).collect();
    assert!(a == b);
    // The image change rolled out as revision 2.
    assert!(kube(&a).iter().any(|o| matches!(
        o,
        KubeOutput::Pod {
            revision: 2,
            ready: true,
            ..
        }
    )));
}

#[test]
fn a_git_commit_action_is_synced_at_the_next_poll() {
    let mut s = example("eks-gitops-rollout.json");
    s.actions.clear();
    s.actions.push(TimedAction {
        at_ms: 10 * 60_000 + 30_000,
        action: Action::GitCommit(GitCommit {
            replicas: Some(4),
            ..GitCommit::default()
        }),
    });
    let (_, out) = run(s, min(15));
    let synced = kube(&out).iter().find_map(|o| match o {
        KubeOutput::ArgoCdMessage { t, message, .. } if message.starts_with("Initiated") => {
            Some(t.ms() / 1000)
        }
        _ => None,
    });
    // Polls every 180 s from 0: the commit at 10:30 is seen at 12:00.
    assert_eq!(synced, Some(12 * 60));
}

#[test]
fn cluster_actions_without_a_cluster_are_rejected() {
    let mut sim = sim(example("step-scaling.json"));
    sim.apply(Action::Kubectl(KubectlAction::Scale { replicas: 3 }));
    let out: Vec<Output> = std::iter::from_fn(|| sim.poll_output()).collect();
    assert!(out
        .iter()
        .any(|o| matches!(o, Output::ActionRejected { message, .. }
        if message.contains("no Kubernetes cluster"))));
    assert!(sim.view().kubernetes.is_none());
}

#[test]
fn rollout_undo_without_history_is_rejected_in_kubectl_wording() {
    let mut sim = sim(example("eks-hpa-spike.json"));
    sim.advance_to(min(5));
    sim.apply(Action::Kubectl(KubectlAction::RolloutUndo {
        to_revision: None,
    }));
    let out: Vec<Output> = std::iter::from_fn(|| sim.poll_output()).collect();
    assert!(out
        .iter()
        .any(|o| matches!(o, Output::ActionRejected { message, .. }
        if message == "no rollout history found for deployment \"web\"")));
}

#[test]
fn validation_names_the_field_in_kubernetes_wording() {
    let mut s = example("eks-hpa-spike.json");
    if let Some(k) = s.kubernetes.as_mut() {
        k.deployment.name = "Web".into();
        k.deployment.max_surge = "0".into();
        k.deployment.max_unavailable = "0".into();
        if let Some(h) = k.hpa.as_mut() {
            h.max_replicas = 1;
        }
    }
    let problems = match Sim::new(s) {
        Err(p) => p,
        Ok(_) => panic!("invalid"),
    };
    let shown: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    assert!(shown.iter().any(|p| p.starts_with("kubernetes.deployment.name: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain")), "{shown:?}");
    assert!(shown.iter().any(|p| p == "kubernetes.deployment: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"), "{shown:?}");
    assert!(shown.iter().any(|p| p.starts_with("kubernetes.hpa: spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`")), "{shown:?}");
}

// ----- properties ------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;
    use scaleout_core::scenario::{LoadPattern, LoadStep};

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: 12,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// D3/D5/D6: whatever the load and the sizes, every HPA decision stays within
        /// [minReplicas, maxReplicas].
        #[test]
        fn hpa_desired_stays_within_min_and_max(
            min_r in 1u32..5,
            extra in 0u32..12,
            start in 1u32..20,
            steps in proptest::collection::vec((0u64..40, 0.0f64..1500.0), 1..5),
            with_behavior in any::<bool>(),
        ) {
            let mut s = example("eks-hpa-spike.json");
            s.load.pattern = LoadPattern::Steps {
                steps: steps.iter().map(|&(m, rps)| LoadStep { at_s: m * 60, rps }).collect(),
            };
            if let Some(k) = s.kubernetes.as_mut() {
                k.deployment.replicas = Some(start);
                if let Some(h) = k.hpa.as_mut() {
                    h.min_replicas = Some(min_r);
                    h.max_replicas = min_r + extra;
                    h.behavior = with_behavior.then(Default::default);
                }
            }
            let (_, out) = run(s, min(40));
            for (t, _, desired, _) in hpa_decisions(&out) {
                prop_assert!(desired >= min_r as i32 && desired <= (min_r + extra) as i32,
                    "{t:?}: desired {desired} outside [{min_r}, {}]", min_r + extra);
            }
        }

        /// A rolling update never has more than replicas + maxSurge pods, nor fewer than
        /// replicas − maxUnavailable Ready ones (every pod is Ready when it starts).
        #[test]
        fn rolling_update_never_beyond_surge_or_unavailable(
            replicas in 1u32..11,
            surge_pct in 0u32..101,
            unavailable_pct in 0u32..101,
        ) {
            let mut s = example("eks-hpa-spike.json");
            if let Some(k) = s.kubernetes.as_mut() {
                k.hpa = None;
                k.deployment.replicas = Some(replicas);
                k.deployment.max_surge = format!("{surge_pct}%");
                k.deployment.max_unavailable = format!("{unavailable_pct}%");
            }
            let surge = (surge_pct * replicas).div_ceil(100);
            let mut unavailable = unavailable_pct * replicas / 100;
            if surge == 0 && unavailable == 0 {
                unavailable = 1;
            }
            s.actions.push(TimedAction {
                at_ms: 5 * 60_000,
                action: Action::Kubectl(KubectlAction::SetImage { image: "registry.example.com/web:2".into() }),
            });
            let mut sim = sim(s);
            let mut t = min(5);
            sim.advance_to(t);
            while t < min(10) {
                t = t.plus_ms(500);
                sim.advance_to(t);
                let Some(k) = sim.kubernetes() else { panic!("a cluster") };
                let pods = k.pods();
                let ready = pods.iter().filter(|p| p.ready_ms.is_some()).count() as u32;
                prop_assert!(pods.len() as u32 <= replicas + surge, "{t:?}: {} pods", pods.len());
                prop_assert!(ready + unavailable >= replicas, "{t:?}: {ready} ready");
            }
            let v = sim.view().kubernetes;
            prop_assert!(v.is_some_and(|v| v.pods.len() as u32 == replicas
                && v.pods.iter().all(|p| p.revision == 2 && p.ready)));
        }

        /// One call and many steps of random sizes give the same outputs.
        #[test]
        fn random_steps_give_the_same_run(
            sizes in proptest::collection::vec(1u64..20_000, 1..40),
            name in proptest::sample::select(eks_examples()),
        ) {
            let until = min(12);
            let (_, one) = run(example(name), until);
            let mut sim = sim(example(name));
            let mut many = Vec::new();
            let mut t = SimTime::ZERO;
            let mut i = 0;
            while t < until {
                t = t.plus_ms(sizes[i % sizes.len()]).min(until);
                i += 1;
                sim.advance_to(t);
                many.extend(std::iter::from_fn(|| sim.poll_output()));
            }
            prop_assert!(one == many);
        }
    }
}
