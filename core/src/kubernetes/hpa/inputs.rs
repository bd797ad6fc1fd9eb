//! What one HPA sync reads: the target's pods and their metric samples (D4).

use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// Pods and metric samples (inputs)
// ---------------------------------------------------------------------------------------------

/// Resources the HPA can target by utilization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceName {
    Cpu,
    Memory,
}

impl ResourceName {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceName::Cpu => "cpu",
            ResourceName::Memory => "memory",
        }
    }
}

/// Requests of one container or pod in Kubernetes' milli-units (`Quantity.MilliValue()`):
/// millicores for CPU, thousandths of a byte for memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requests {
    pub cpu_milli: Option<i64>,
    pub memory_milli: Option<i64>,
}

impl Requests {
    pub fn get(&self, r: ResourceName) -> Option<i64> {
        match r {
            ResourceName::Cpu => self.cpu_milli,
            ResourceName::Memory => self.memory_milli,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerInfo {
    pub name: String,
    pub requests: Requests,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// The pod's `Ready` condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadyCondition {
    pub status: bool,
    pub last_transition_ms: u64,
}

/// What the HPA sees of one pod selected by the target's selector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodInfo {
    pub name: String,
    pub phase: PodPhase,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
    /// `status.startTime`.
    pub start_time_ms: Option<u64>,
    /// `Ready` condition, if the pod has one.
    pub ready: Option<ReadyCondition>,
    /// Containers (and restartable init containers) with their requests.
    pub containers: Vec<ContainerInfo>,
    /// Pod-level requests (KEP-2837), which take precedence when set.
    pub pod_level_requests: Option<Requests>,
}

/// One pod's sample from a metrics API, in milli-units, with its collection time and window
/// (metrics-server reports a window; the CPU readiness rule uses both).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodSample {
    pub pod: String,
    pub value_milli: i64,
    pub timestamp_ms: u64,
    pub window_ms: u64,
}

/// Everything the metrics APIs would return this sync. `None` / absent means the API returned
/// nothing for that metric, which is an error for the HPA.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricsSnapshot {
    /// `metrics.k8s.io` CPU per pod (sum of its containers).
    pub cpu: Option<Vec<PodSample>>,
    /// `metrics.k8s.io` memory per pod.
    pub memory: Option<Vec<PodSample>>,
    /// `custom.metrics.k8s.io` per-pod metrics by name.
    pub pods: Vec<(String, Vec<PodSample>)>,
    /// `custom.metrics.k8s.io` object metrics by metric name: one value.
    pub object: Vec<(String, i64)>,
    /// `external.metrics.k8s.io` metrics by name: the values of every matching series.
    pub external: Vec<(String, Vec<i64>)>,
}

/// The target's `/scale` subresource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScaleTarget {
    /// `spec.replicas` (what the HPA calls current replicas).
    pub spec_replicas: i32,
    /// `status.replicas` (used by `AverageValue` object and external targets).
    pub status_replicas: i32,
}
