//! EKS on the page: the cluster's cards (the Git repository and the Argo CD Application, the
//! Deployment, the HPA with its live status, the node group), the pods inside their nodes, and
//! the HPA's decision log. Everything shown comes from the core: its view of the cluster
//! (`KubeView`), its typed decisions (`HpaRow`, from `KubeOutput::HpaDecision`) and the
//! scenario; Kubernetes' and Argo CD's words are the core's, never rebuilt here.

use scaleout_core::kubernetes::argocd::{Health, SyncStatus};
use scaleout_core::kubernetes::hpa::{ConditionType, MetricTarget};
use scaleout_core::kubernetes::outputs::{PodPhaseView, PodView};
use scaleout_core::kubernetes::KubeView;
use scaleout_core::{Scenario, SimTime};
use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::{HpaRow, Snapshot};

/// Argo CD's words for a sync status (E1).
fn sync_str(s: SyncStatus) -> &'static str {
    match s {
        SyncStatus::Synced => "Synced",
        SyncStatus::OutOfSync => "OutOfSync",
        SyncStatus::Unknown => "Unknown",
    }
}

/// Argo CD's words for a health status (E1).
fn health_str(h: Health) -> &'static str {
    match h {
        Health::Healthy => "Healthy",
        Health::Suspended => "Suspended",
        Health::Progressing => "Progressing",
        Health::Missing => "Missing",
        Health::Degraded => "Degraded",
        Health::Unknown => "Unknown",
    }
}

/// The HPA condition types' names.
fn condition_str(c: ConditionType) -> &'static str {
    match c {
        ConditionType::AbleToScale => "AbleToScale",
        ConditionType::ScalingActive => "ScalingActive",
        ConditionType::ScalingLimited => "ScalingLimited",
    }
}

/// A card: a titled box of (label, value) rows, `testid` on the box.
fn card(title: &str, testid: &'static str, rows: Html) -> Html {
    card_of("card eks-card", title, testid, rows)
}

/// A card with the given classes: EKS's and ECS's cards share this one copy.
pub(crate) fn card_of(class: &'static str, title: &str, testid: &'static str, rows: Html) -> Html {
    html! {
        <section {class} data-testid={testid} aria-label={title.to_string()}>
            <h3>{ title }</h3>
            <dl>{ rows }</dl>
        </section>
    }
}

pub(crate) fn row(label: &str, value: Html) -> Html {
    html! { <><dt>{ label }</dt><dd>{ value }</dd></> }
}

fn clock(ms: u64) -> String {
    SimTime(ms).clock()
}

/// The Git repository, the Argo CD Application, the Deployment, the HPA and the node group.
pub fn cluster_cards(lang: Lang, kube: &KubeView, s: &Scenario, snap: &Snapshot) -> Html {
    let Some(k) = s.kubernetes.as_ref() else {
        return html! {};
    };
    let gitops = k.gitops.as_ref().map(|g| {
        let commits = html! {
            <ol class="commits">
                <li>{ format!("00:00:00 {}", t(lang, "eks_initial_commit")) }</li>
                { for g.commits.iter().map(|c| {
                    let done = c.at_s * 1000 <= snap.now_ms;
                    html! {
                        <li class={classes!((!done).then_some("future"))}>
                            { format!("{} {}", clock(c.at_s * 1000), c.message) }
                        </li>
                    }
                }) }
            </ol>
        };
        let app = kube.application.as_ref();
        let sync = app.map_or("", |a| sync_str(a.sync));
        let health = app.map_or("", |a| health_str(a.health));
        let revision: String = app
            .and_then(|a| a.revision.as_deref())
            .map(|r| r.chars().take(7).collect())
            .unwrap_or_default();
        let automated = g.application.automated.as_ref().filter(|a| a.enabled);
        let policy = match automated {
            Some(a) if a.self_heal => "automated, selfHeal",
            Some(_) => "automated",
            None => "manual",
        };
        html! {
            <>
                { card(t(lang, "eks_git"), "git-card", html! {
                    <>
                        { row(t(lang, "eks_repo"), html! { <code>{ format!("{} {}", g.application.repo_url, g.application.path) }</code> }) }
                        { row(t(lang, "eks_commits"), commits) }
                    </>
                }) }
                { card(&format!("Argo CD: {}", g.application.name), "argocd-card", html! {
                    <>
                        { row(t(lang, "eks_sync"), html! {
                            <span class="badge" data-status={sync} data-testid="argocd-sync">{ sync }</span>
                        }) }
                        { row(t(lang, "eks_health"), html! {
                            <span class="badge" data-status={health} data-testid="argocd-health">{ health }</span>
                        }) }
                        { row(t(lang, "eks_revision"), html! { <code data-testid="argocd-revision">{ revision }</code> }) }
                        { row(t(lang, "eks_sync_policy"), html! { { format!("{policy}, {} s", g.application.reconciliation_s) } }) }
                        { row(t(lang, "eks_last_message"), html! {
                            <span data-testid="argocd-message">{ app.and_then(|a| a.message.clone()).unwrap_or_default() }</span>
                        }) }
                    </>
                }) }
            </>
        }
    });
    let d = &kube.deployment;
    let deployment = card(
        &format!("Deployment: {}", d.name),
        "deployment-card",
        html! {
            <>
                { row("replicas", html! { <span data-testid="deployment-replicas">{ d.replicas }</span> }) }
                { row("image", html! { <code data-testid="deployment-image">{ d.image.clone() }</code> }) }
                { row("Progressing", html! { { d.progressing_reason.clone().unwrap_or_default() } }) }
                { row("ReplicaSets", html! {
                    <ul>
                        { for d.replica_sets.iter().map(|(name, rev, n)| html! {
                            <li>{ format!("{name} (revision {rev}): {n}") }</li>
                        }) }
                    </ul>
                }) }
            </>
        },
    );
    let hpa = kube.hpa.as_ref().map(|h| {
        let targets: Vec<String> = k
            .hpa
            .as_ref()
            .map(|i| {
                i.metrics
                    .iter()
                    .map(|m| match m.target {
                        MetricTarget::Utilization(u) => format!("{u}%"),
                        MetricTarget::AverageValue(v) | MetricTarget::Value(v) => format!("{v}m"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        card(
            &format!("HorizontalPodAutoscaler: {}", h.name),
            "hpa-card",
            html! {
                <>
                    { row("min / max", html! { { format!("{} / {}", h.min_replicas, h.max_replicas) } }) }
                    { row(t(lang, "eks_replicas"), html! {
                        <span>
                            <span data-testid="hpa-current">{ h.current_replicas }</span>
                            { " → " }
                            <span data-testid="hpa-desired">{ h.desired_replicas }</span>
                        </span>
                    }) }
                    { row(t(lang, "eks_metrics"), html! {
                        <ul data-testid="hpa-metrics">
                            { for h.metrics.iter().enumerate().map(|(i, m)| {
                                let value = match m.current_average_utilization {
                                    Some(u) => format!("{u}%"),
                                    None => format!("{}m", m.current_value_milli),
                                };
                                let target = targets.get(i).cloned().unwrap_or_default();
                                html! { <li>{ format!("{}: {value} / {target}", m.description) }</li> }
                            }) }
                        </ul>
                    }) }
                    { row(t(lang, "eks_conditions"), html! {
                        <ul data-testid="hpa-conditions">
                            { for h.conditions.iter().map(|(kind, status, reason, message)| html! {
                                <li>{ format!("{}={} {reason}: {message}", condition_str(*kind), if *status { "True" } else { "False" }) }</li>
                            }) }
                        </ul>
                    }) }
                </>
            },
        )
    });
    let g = &k.node_group;
    let node_group = card(
        &format!("{}: {}", t(lang, "eks_node_group"), g.name),
        "node-group-card",
        html! {
            <>
                { row(t(lang, "eks_nodes"), html! { <span data-testid="node-count">{ kube.nodes.len() }</span> }) }
                { row("Cluster Autoscaler", html! { { t(lang, if k.cluster_autoscaler.is_some() { "eks_on" } else { "eks_off" }) } }) }
            </>
        },
    );
    html! {
        <div class="eks-cards">
            { gitops.unwrap_or_default() }
            { deployment }
            { hpa.unwrap_or_default() }
            { node_group }
        </div>
    }
}

/// The pods inside their nodes; Pending pods without a node in a box of their own.
pub fn pod_grid(lang: Lang, kube: &KubeView, revisions: &[u64]) -> Html {
    let pod = |p: &PodView| {
        let phase = p.phase.as_str();
        let rev_index = revisions
            .iter()
            .position(|r| *r == p.revision)
            .map_or(9, |i| i % 6);
        let ready = if p.ready { "Ready" } else { "not Ready" };
        let class = classes!(
            "instance",
            "pod",
            match (p.phase, p.ready) {
                (PodPhaseView::Running, true) => "state-inservice",
                (PodPhaseView::Running, false) => "state-pending-wait",
                _ => "state-pending",
            }
        );
        html! {
            <li key={p.name.clone()}>
                <span class={class} data-testid="instance" data-state={phase}
                    data-revision={p.revision.to_string()} data-ready={p.ready.to_string()}
                    role="img" title={p.name.clone()}
                    aria-label={format!("{} {phase} {ready} {} {}", p.name, t(lang, "revision"), p.revision)}>
                    <span class={classes!("rev", format!("rev-{rev_index}"))}>{ format!("r{}", p.revision) }</span>
                </span>
            </li>
        }
    };
    let pending: Vec<&PodView> = kube.pods.iter().filter(|p| p.node.is_none()).collect();
    html! {
        <div class="instance-grid pod-grid" data-testid="instance-grid">
            <ul class="legend" aria-label={t(lang, "eks_pod_states")}>
                <li><span class="swatch state-pending"></span>{ "Pending" }</li>
                <li><span class="swatch state-pending-wait"></span>{ "Running, not Ready" }</li>
                <li><span class="swatch state-inservice"></span>{ "Running, Ready" }</li>
            </ul>
            { for kube.nodes.iter().map(|n| html! {
                <section class="az node" key={n.name.clone()} data-testid="node" aria-label={n.name.clone()}>
                    <h3>{ format!("{} ({} / {} m CPU)", n.name, n.requested_cpu_milli, n.allocatable_cpu_milli) }</h3>
                    <ul>
                        { for kube.pods.iter().filter(|p| p.node.as_deref() == Some(n.name.as_str())).map(pod) }
                    </ul>
                </section>
            }) }
            <section class="az node unscheduled" data-testid="pending-pods" aria-label={t(lang, "eks_unscheduled")}>
                <h3>{ format!("{} ({})", t(lang, "eks_unscheduled"), pending.len()) }</h3>
                <ul>{ for pending.into_iter().map(pod) }</ul>
            </section>
        </div>
    }
}

/// The HPA's decisions, newest first, in Kubernetes' words.
pub fn hpa_log(lang: Lang, rows: &[HpaRow]) -> Html {
    html! {
        <section class="panel log" aria-labelledby="hpa-log-h">
            <h2 id="hpa-log-h">{ t(lang, "eks_hpa_log") }</h2>
            <ol class="rows" data-testid="hpa-log">
                { for rows.iter().rev().take(60).map(|r| html! {
                    <li data-rescale={r.rescale.to_string()} data-desired={r.desired.to_string()}>
                        <span class="when">{ clock(r.t_ms) }</span>{ " " }
                        <strong>{ format!("{} → {}", r.current, r.desired) }</strong>{ " " }
                        <span class="decision">{ r.decision.clone() }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}
