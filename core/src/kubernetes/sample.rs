//! The cluster's minute, beside the group's in the per-minute sample (`trace::Sample`): what
//! the runner's CSV prints after the group's columns and the page charts. It counts the pods
//! by phase, readiness and ReplicaSet revision, the HPA's status, the Argo CD Application's,
//! and the minute's events: pods created and deleted, the HPA's decisions, Argo CD's
//! messages.

use serde::{Deserialize, Serialize};

use super::argocd::{Health, SyncStatus};
use super::outputs::{KubeOutput, PodPhaseView};
use super::runtime::KubeRuntime;

/// One minute of the cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KubeSample {
    /// The Deployment's `spec.replicas`.
    pub replicas: i32,
    pub pods_pending: u32,
    /// Running pods, Ready or not.
    pub pods_running: u32,
    pub pods_ready: u32,
    /// Pods per ReplicaSet revision, oldest revision first.
    pub pod_revisions: Vec<(u64, u32)>,
    /// Pods created and deleted during the minute (the ReplicaSet controller's
    /// `SuccessfulCreate` / `SuccessfulDelete`).
    pub pods_created: u32,
    pub pods_deleted: u32,
    pub nodes: u32,
    /// The HPA's `status.currentReplicas` / `desiredReplicas`; `None` without an HPA.
    pub hpa_current: Option<i32>,
    pub hpa_desired: Option<i32>,
    /// The HPA's first metric at its last sync: utilization in percent of the request, or the
    /// value in milli-units for a metric without a utilization target.
    pub hpa_metric: Option<i64>,
    /// The HPA decisions of the minute, in the decision log's words ("New size: 5; reason:
    /// cpu resource utilization (percentage of request) above target"), in order, separated
    /// by [`LINE_SEPARATOR`]; empty when the HPA reported none.
    pub hpa_decision: String,
    /// The Application's sync status, health and synced revision; `None` without Argo CD.
    pub argocd_sync: Option<SyncStatus>,
    pub argocd_health: Option<Health>,
    pub argocd_revision: Option<String>,
    /// The Argo CD messages of the minute, in order, separated by [`LINE_SEPARATOR`].
    pub argocd_message: String,
}

/// What happened since the last sample, counted as the runtime reports it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct MinuteTally {
    pods_created: u32,
    pods_deleted: u32,
    hpa_decision: String,
    argocd_message: String,
}

impl MinuteTally {
    pub(crate) fn note(&mut self, o: &KubeOutput) {
        match o {
            KubeOutput::Event { reason, .. } if reason == "SuccessfulCreate" => {
                self.pods_created = self.pods_created.saturating_add(1)
            }
            KubeOutput::Pod {
                phase: PodPhaseView::Deleted,
                ..
            } => self.pods_deleted = self.pods_deleted.saturating_add(1),
            KubeOutput::HpaDecision { decision, .. } => push(&mut self.hpa_decision, decision),
            KubeOutput::ArgoCdMessage { message, .. } => push(&mut self.argocd_message, message),
            _ => {}
        }
    }
}

/// Appends `line` to the minute's lines, separated by [`LINE_SEPARATOR`].
fn push(lines: &mut String, line: &str) {
    if !lines.is_empty() {
        lines.push_str(LINE_SEPARATOR);
    }
    lines.push_str(line);
}

/// Between two decisions (or messages) of one minute.
pub const LINE_SEPARATOR: &str = " | ";

/// The CSV columns of the cluster, after the group's (the order of [`KubeSample::csv_cells`]).
pub const CSV_COLUMNS: [&str; 16] = [
    "k8s:replicas",
    "k8s:pods_pending",
    "k8s:pods_running",
    "k8s:pods_ready",
    "k8s:pod_revisions",
    "k8s:pods_created",
    "k8s:pods_deleted",
    "k8s:nodes",
    "k8s:hpa_current",
    "k8s:hpa_desired",
    "k8s:hpa_metric",
    "k8s:hpa_decision",
    "k8s:argocd_sync",
    "k8s:argocd_health",
    "k8s:argocd_revision",
    "k8s:argocd_message",
];

impl KubeSample {
    /// `rev1:3|rev2:1`: pods per ReplicaSet revision.
    pub fn revision_mix(&self) -> String {
        self.pod_revisions
            .iter()
            .map(|(r, n)| format!("rev{r}:{n}"))
            .collect::<Vec<_>>()
            .join("|")
    }

    /// The CSV cells, each starting with its comma; text goes through [`crate::csv::cell`].
    pub fn csv_cells(&self) -> String {
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let text = |s: &str| crate::csv::cell(s).into_owned();
        format!(
            ",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            self.replicas,
            self.pods_pending,
            self.pods_running,
            self.pods_ready,
            text(&self.revision_mix()),
            self.pods_created,
            self.pods_deleted,
            self.nodes,
            opt(self.hpa_current.map(i64::from)),
            opt(self.hpa_desired.map(i64::from)),
            opt(self.hpa_metric),
            text(&self.hpa_decision),
            self.argocd_sync
                .map(|s| format!("{s:?}"))
                .unwrap_or_default(),
            self.argocd_health
                .map(|h| format!("{h:?}"))
                .unwrap_or_default(),
            text(self.argocd_revision.as_deref().unwrap_or("")),
            text(&self.argocd_message),
        )
    }
}

/// The header cells matching [`KubeSample::csv_cells`], each starting with its comma.
pub fn csv_header() -> String {
    CSV_COLUMNS.iter().map(|c| format!(",{c}")).collect()
}

impl KubeRuntime {
    /// The minute's sample; starts the next minute's tally.
    pub(crate) fn sample(&mut self) -> KubeSample {
        let tally = std::mem::take(&mut self.minute);
        let mut s = KubeSample {
            replicas: self.deployment.spec.replicas,
            nodes: self.nodes.len() as u32,
            pods_created: tally.pods_created,
            pods_deleted: tally.pods_deleted,
            hpa_decision: tally.hpa_decision,
            argocd_message: tally.argocd_message,
            ..KubeSample::default()
        };
        for p in &self.pods {
            if p.running_ms.is_some() {
                s.pods_running += 1;
            } else {
                s.pods_pending += 1;
            }
            if p.ready() {
                s.pods_ready += 1;
            }
            let rev = self.rs_revision(&p.replica_set);
            match s.pod_revisions.iter_mut().find(|(r, _)| *r == rev) {
                Some((_, n)) => *n += 1,
                None => s.pod_revisions.push((rev, 1)),
            }
        }
        crate::sort::sort_by(&mut s.pod_revisions, |a, b| a.0.cmp(&b.0));
        if let Some(h) = &self.hpa {
            s.hpa_current = Some(self.deployment.spec.replicas);
            s.hpa_desired = Some(h.desired);
            s.hpa_metric = h.metrics.first().map(|m| {
                m.current_average_utilization
                    .map_or(m.current_value_milli, i64::from)
            });
        }
        if let Some(a) = &self.argo {
            let (revision, sync, health) =
                a.status
                    .clone()
                    .unwrap_or((None, SyncStatus::Unknown, Health::Unknown));
            s.argocd_sync = Some(sync);
            s.argocd_health = Some(health);
            s.argocd_revision = revision;
        }
        s
    }
}
