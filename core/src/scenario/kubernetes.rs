//! The optional EKS part of a scenario: one Deployment, its HorizontalPodAutoscaler, the
//! managed node group (the scenario's Auto Scaling group: its InService instances are the
//! nodes), the Cluster Autoscaler and GitOps (a Git history of manifests and an Argo CD
//! Application). Absent, the scenario is the EC2 one and runs exactly as before.
//!
//! Field names are snake_case like the rest of the scenario; values Kubernetes spells its own
//! way keep its spelling (`"25%"`, `Pods`, `Percent`, `Max`). The runner also reads and writes
//! these as Kubernetes manifests (`scaleout import`, `scaleout export --to kubernetes`).

use serde::{Deserialize, Serialize};

use crate::kubernetes::hpa::{Behavior, MetricTarget, ResourceName};

/// The whole EKS section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KubernetesSpec {
    pub namespace: String,
    pub deployment: DeploymentInput,
    pub hpa: Option<HpaInput>,
    pub node_group: NodeGroupInput,
    /// `None`: no Cluster Autoscaler (the node group keeps the size the group is given).
    pub cluster_autoscaler: Option<ClusterAutoscalerInput>,
    /// `None`: no GitOps; the Deployment and HPA exist as given from t = 0.
    pub gitops: Option<GitOpsInput>,
}

impl Default for KubernetesSpec {
    fn default() -> Self {
        KubernetesSpec {
            namespace: "default".into(),
            deployment: DeploymentInput::default(),
            hpa: None,
            node_group: NodeGroupInput::default(),
            cluster_autoscaler: None,
            gitops: None,
        }
    }
}

/// An apps/v1 Deployment with one container.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentInput {
    pub name: String,
    /// `spec.replicas`; `None` = left out of the manifest (Kubernetes defaults a new
    /// Deployment to 1 and an HPA then owns the count).
    pub replicas: Option<u32>,
    pub image: String,
    /// `resources.requests.cpu` in millicores (`250m`).
    pub cpu_request_milli: u32,
    /// `resources.requests.memory` in MiB (`256Mi`).
    pub memory_request_mib: u32,
    pub readiness_probe: ReadinessProbe,
    pub min_ready_seconds: u32,
    pub progress_deadline_seconds: u32,
    /// `strategy.rollingUpdate.maxSurge`: an integer (`"1"`) or a percentage (`"25%"`).
    pub max_surge: String,
    pub max_unavailable: String,
    pub revision_history_limit: u32,
}

impl Default for DeploymentInput {
    fn default() -> Self {
        DeploymentInput {
            name: "web".into(),
            replicas: Some(2),
            image: "registry.example.com/web:1.0".into(),
            cpu_request_milli: 250,
            memory_request_mib: 256,
            readiness_probe: ReadinessProbe::default(),
            min_ready_seconds: 0,
            progress_deadline_seconds: 600,
            max_surge: "25%".into(),
            max_unavailable: "25%".into(),
            revision_history_limit: 10,
        }
    }
}

/// The container's readiness probe, reduced to its timing: the kubelet's first probe runs
/// `initial_delay_seconds` after the container starts and each later one `period_seconds`
/// after the previous; the pod is Ready after `success_threshold` successes in a row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadinessProbe {
    pub initial_delay_seconds: u32,
    pub period_seconds: u32,
    pub success_threshold: u32,
}

impl Default for ReadinessProbe {
    /// Kubernetes' probe defaults (period 10 s, success threshold 1) with no initial delay.
    fn default() -> Self {
        ReadinessProbe {
            initial_delay_seconds: 0,
            period_seconds: 10,
            success_threshold: 1,
        }
    }
}

/// An autoscaling/v2 HorizontalPodAutoscaler targeting the Deployment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HpaInput {
    pub name: String,
    /// Default 1.
    pub min_replicas: Option<u32>,
    pub max_replicas: u32,
    /// Empty = the API default, CPU at 80% utilization.
    pub metrics: Vec<HpaMetric>,
    /// `None` = the controller's legacy normalization (D5); `Some` fills missing fields with
    /// the API defaults (D2, D6).
    pub behavior: Option<Behavior>,
}

impl Default for HpaInput {
    fn default() -> Self {
        HpaInput {
            name: "web".into(),
            min_replicas: Some(2),
            max_replicas: 10,
            metrics: vec![HpaMetric::default()],
            behavior: None,
        }
    }
}

/// A `type: Resource` metric (the metrics this simulator measures: pods' CPU and memory).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HpaMetric {
    pub resource: ResourceName,
    pub target: MetricTarget,
}

impl Default for HpaMetric {
    fn default() -> Self {
        HpaMetric {
            resource: ResourceName::Cpu,
            target: MetricTarget::Utilization(50),
        }
    }
}

/// The EKS managed node group behind the scenario's Auto Scaling group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeGroupInput {
    pub name: String,
    /// The kubelet's `maxPods` (EKS sets it from the instance type's ENI limits; 110 is the
    /// kubelet default).
    pub max_pods: u32,
    /// CPU the kubelet, the OS and the system daemons reserve (allocatable = capacity minus
    /// this), millicores.
    pub reserved_cpu_milli: u32,
    /// Memory reserved the same way, MiB.
    pub reserved_memory_mib: u32,
}

impl Default for NodeGroupInput {
    fn default() -> Self {
        NodeGroupInput {
            name: "web-nodes".into(),
            max_pods: 17,
            reserved_cpu_milli: 70,
            reserved_memory_mib: 574,
        }
    }
}

/// Cluster Autoscaler flags, with its documented defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterAutoscalerInput {
    pub scan_interval_s: u32,
    pub scale_down_utilization_threshold: f64,
    pub scale_down_unneeded_time_s: u32,
    pub scale_down_delay_after_add_s: u32,
    pub scale_down_delay_after_delete_s: u32,
    pub max_node_provision_time_s: u32,
    pub max_empty_bulk_delete: u32,
}

impl Default for ClusterAutoscalerInput {
    fn default() -> Self {
        ClusterAutoscalerInput {
            scan_interval_s: 10,
            scale_down_utilization_threshold: 0.5,
            scale_down_unneeded_time_s: 600,
            scale_down_delay_after_add_s: 600,
            scale_down_delay_after_delete_s: 10,
            max_node_provision_time_s: 900,
            max_empty_bulk_delete: 10,
        }
    }
}

/// GitOps: the manifests' Git history and the Argo CD Application that syncs it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GitOpsInput {
    /// Commits after the initial one (the initial commit holds the Deployment and HPA as the
    /// scenario gives them). Each commit changes what it names and keeps the rest.
    pub commits: Vec<GitCommit>,
    pub application: ApplicationInput,
}

/// One commit to the manifests' repository.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GitCommit {
    pub at_s: u64,
    pub message: String,
    pub image: Option<String>,
    pub cpu_request_milli: Option<u32>,
    pub memory_request_mib: Option<u32>,
    /// Sets `spec.replicas` in the manifest.
    pub replicas: Option<u32>,
    /// Deletes `spec.replicas` from the manifest (the fix for the HPA fight).
    pub remove_replicas: bool,
    pub hpa_min_replicas: Option<u32>,
    pub hpa_max_replicas: Option<u32>,
    /// The CPU utilization target of the HPA's first metric.
    pub hpa_target_cpu_utilization: Option<u32>,
}

/// An argoproj.io/v1alpha1 Application.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationInput {
    pub name: String,
    pub repo_url: String,
    pub path: String,
    /// `syncPolicy.automated`; `None` = manual sync only.
    pub automated: Option<AutomatedInput>,
    /// `syncPolicy.retry`; `None` = a failed sync is not retried.
    pub retry: Option<RetryInput>,
    /// JSON pointers left out of the comparison, e.g. `/spec/replicas` on `Deployment`.
    pub ignore_differences: Vec<IgnoreDifferenceInput>,
    /// `timeout.reconciliation` of the Argo CD installation: Git is polled this often (0 =
    /// never, webhooks only).
    pub reconciliation_s: u32,
    /// `argocd.argoproj.io/sync-wave` of the HPA (the Deployment is wave 0).
    pub hpa_sync_wave: i32,
}

impl Default for ApplicationInput {
    fn default() -> Self {
        ApplicationInput {
            name: "web".into(),
            repo_url: "https://git.example.com/web-deploy.git".into(),
            path: "k8s".into(),
            automated: Some(AutomatedInput::default()),
            retry: None,
            ignore_differences: Vec::new(),
            reconciliation_s: 180,
            hpa_sync_wave: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutomatedInput {
    pub enabled: bool,
    pub prune: bool,
    pub self_heal: bool,
    pub allow_empty: bool,
}

impl Default for AutomatedInput {
    fn default() -> Self {
        AutomatedInput {
            enabled: true,
            prune: false,
            self_heal: false,
            allow_empty: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetryInput {
    /// Negative = unlimited.
    pub limit: i64,
    pub backoff_duration_s: u32,
    pub backoff_factor: u32,
    pub backoff_max_duration_s: u32,
}

impl Default for RetryInput {
    fn default() -> Self {
        RetryInput {
            limit: 5,
            backoff_duration_s: 5,
            backoff_factor: 2,
            backoff_max_duration_s: 180,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IgnoreDifferenceInput {
    /// `Deployment` or `HorizontalPodAutoscaler`.
    pub kind: String,
    pub json_pointers: Vec<String>,
}

/// The named modelling choices of the EKS runtime ([MODEL]: Kubernetes does not fix them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KubernetesAssumptions {
    /// Seconds from a pod's binding to a node until its container runs (image pull, start).
    pub pod_start_s: u32,
    /// CPU one request per second costs a pod, millicores.
    pub millicores_per_rps: f64,
    /// CPU of an idle pod, millicores.
    pub idle_millicores: u32,
    /// Memory a pod uses, percent of its request (constant).
    pub memory_usage_pct: u32,
    /// Images whose readiness probe never succeeds (a broken release), so a rollout to them
    /// stalls and runs into its progress deadline.
    pub failing_images: Vec<String>,
    /// Seconds Argo CD takes to notice a change of a live resource it manages (it watches
    /// the cluster; the selfHeal timeout comes on top).
    pub argocd_watch_s: u32,
}

impl Default for KubernetesAssumptions {
    fn default() -> Self {
        KubernetesAssumptions {
            pod_start_s: 5,
            millicores_per_rps: 10.0,
            idle_millicores: 5,
            memory_usage_pct: 60,
            failing_images: Vec::new(),
            argocd_watch_s: 1,
        }
    }
}

/// A `kubectl` command run against the cluster (a timeline action or a live one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum KubectlAction {
    /// `kubectl scale deployment/<name> --replicas=N`.
    Scale { replicas: u32 },
    /// `kubectl set image deployment/<name> <container>=<image>`.
    SetImage { image: String },
    /// `kubectl rollout undo deployment/<name> [--to-revision=N]`.
    RolloutUndo { to_revision: Option<u64> },
}
