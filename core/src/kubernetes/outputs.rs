//! What the EKS runtime reports: typed outputs (the simulator wraps each in
//! `Output::Kubernetes`) and the view a page draws (pods, the HPA, the Argo CD Application).

use serde::{Deserialize, Serialize};

use super::argocd::{Health, SyncStatus};
use super::hpa::{ConditionType, EventType, MetricStatus};
use crate::time::SimTime;

/// Something that happened in the cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum KubeOutput {
    /// A Kubernetes event (`kubectl get events`): the object as `Kind/name`, Normal or
    /// Warning, the reason (`SuccessfulRescale`, `FailedScheduling`, `ScalingReplicaSet`,
    /// `TriggeredScaleUp`, `ScaleDown`, ...) and the message as Kubernetes writes it.
    Event {
        t: SimTime,
        object: String,
        kind: EventType,
        reason: String,
        message: String,
    },
    /// A pod was created, bound, started, became Ready or was deleted.
    Pod {
        t: SimTime,
        pod: String,
        replica_set: String,
        revision: u64,
        node: Option<String>,
        phase: PodPhaseView,
        ready: bool,
    },
    /// One HPA sync whose outcome differs from the previous one's (the decision log).
    HpaDecision {
        t: SimTime,
        hpa: String,
        current_replicas: i32,
        desired_replicas: i32,
        rescale: bool,
        /// "New size: 5; reason: cpu resource utilization (percentage of request) above
        /// target" on a rescale; otherwise why the count stays.
        decision: String,
        metrics: Vec<MetricStatus>,
    },
    /// An HPA condition changed status or reason.
    HpaCondition {
        t: SimTime,
        hpa: String,
        condition: ConditionType,
        status: bool,
        reason: String,
        message: String,
    },
    /// A Deployment condition (`Progressing`, `Available`) changed status or reason.
    DeploymentCondition {
        t: SimTime,
        deployment: String,
        condition: String,
        status: bool,
        reason: String,
        message: String,
    },
    /// The Application's sync status or health changed.
    ArgoCdStatus {
        t: SimTime,
        application: String,
        revision: Option<String>,
        sync: SyncStatus,
        health: Health,
    },
    /// A line of the Argo CD application controller's log or an operation message
    /// ("Initiated automated sync to '<sha>'", "Skipping auto-sync: ...").
    ArgoCdMessage {
        t: SimTime,
        application: String,
        message: String,
    },
}

/// A pod's phase as `kubectl get pods` groups it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PodPhaseView {
    Pending,
    Running,
    /// Deleted (gone from the API).
    Deleted,
}

impl PodPhaseView {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhaseView::Pending => "Pending",
            PodPhaseView::Running => "Running",
            PodPhaseView::Deleted => "Deleted",
        }
    }
}

impl KubeOutput {
    pub fn t(&self) -> SimTime {
        match self {
            KubeOutput::Event { t, .. }
            | KubeOutput::Pod { t, .. }
            | KubeOutput::HpaDecision { t, .. }
            | KubeOutput::HpaCondition { t, .. }
            | KubeOutput::DeploymentCondition { t, .. }
            | KubeOutput::ArgoCdStatus { t, .. }
            | KubeOutput::ArgoCdMessage { t, .. } => *t,
        }
    }

    /// One line of the runner's text trace (without the time).
    pub fn text(&self) -> String {
        match self {
            KubeOutput::Event {
                object,
                kind,
                reason,
                message,
                ..
            } => format!("K8S-EVENT {object} {kind:?} {reason}: {message}"),
            KubeOutput::Pod {
                pod,
                revision,
                node,
                phase,
                ready,
                ..
            } => format!(
                "POD {pod} {} ready={ready} revision={revision} node={}",
                phase.as_str(),
                node.as_deref().unwrap_or("-")
            ),
            KubeOutput::HpaDecision {
                hpa,
                current_replicas,
                desired_replicas,
                decision,
                metrics,
                ..
            } => {
                let m: Vec<String> = metrics
                    .iter()
                    .map(|m| match m.current_average_utilization {
                        Some(u) => format!("{}={u}% (proposes {})", m.description, m.proposal),
                        None => format!(
                            "{}={}m (proposes {})",
                            m.description, m.current_value_milli, m.proposal
                        ),
                    })
                    .collect();
                format!(
                    "HPA {hpa} {current_replicas} -> {desired_replicas}: {decision} [{}]",
                    m.join("; ")
                )
            }
            KubeOutput::HpaCondition {
                hpa,
                condition,
                status,
                reason,
                message,
                ..
            } => format!("HPA-CONDITION {hpa} {condition:?}={status} {reason}: {message}"),
            KubeOutput::DeploymentCondition {
                deployment,
                condition,
                status,
                reason,
                message,
                ..
            } => format!(
                "DEPLOYMENT-CONDITION {deployment} {condition}={status} {reason}: {message}"
            ),
            KubeOutput::ArgoCdStatus {
                application,
                revision,
                sync,
                health,
                ..
            } => format!(
                "ARGOCD {application} {sync:?} {health:?} revision={}",
                revision.as_deref().unwrap_or("-")
            ),
            KubeOutput::ArgoCdMessage {
                application,
                message,
                ..
            } => format!("ARGOCD {application}: {message}"),
        }
    }
}

/// The cluster as a page draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct KubeView {
    pub deployment: DeploymentView,
    pub pods: Vec<PodView>,
    pub nodes: Vec<NodeView>,
    pub hpa: Option<HpaView>,
    pub application: Option<ApplicationView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentView {
    pub name: String,
    pub replicas: i32,
    pub image: String,
    /// `Progressing` reason (`NewReplicaSetAvailable`, `ProgressDeadlineExceeded`, ...).
    pub progressing_reason: Option<String>,
    /// (name, revision, spec.replicas), oldest first.
    pub replica_sets: Vec<(String, u64, i32)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    pub name: String,
    pub phase: PodPhaseView,
    pub ready: bool,
    pub replica_set: String,
    pub revision: u64,
    pub node: Option<String>,
    /// CPU use at the last HPA sync, millicores.
    pub cpu_milli: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub name: String,
    pub allocatable_cpu_milli: i64,
    pub requested_cpu_milli: i64,
    pub pods: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HpaView {
    pub name: String,
    pub min_replicas: i32,
    pub max_replicas: i32,
    pub current_replicas: i32,
    pub desired_replicas: i32,
    pub metrics: Vec<MetricStatus>,
    /// (type, status, reason, message).
    pub conditions: Vec<(ConditionType, bool, String, String)>,
    pub last_scale: Option<SimTime>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ApplicationView {
    pub name: String,
    pub revision: Option<String>,
    pub sync: SyncStatus,
    pub health: Health,
    pub operation_running: bool,
    /// The last operation's message.
    pub message: Option<String>,
}
