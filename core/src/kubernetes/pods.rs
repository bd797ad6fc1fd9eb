//! The pods of the EKS runtime: what the ReplicaSet controller creates and deletes, what the
//! kubelet starts and probes, and what the HPA and the metrics API see of them.
//!
//! Sources: `pkg/controller/replicaset/replica_set.go` (`manageReplicas`, `getPodsToDelete`),
//! `pkg/controller/controller_utils.go` (`ActivePodsWithRanks`: the deletion order),
//! `metrics-server` (a pod's CPU as used over its last window).

use super::hpa::{
    ContainerInfo, PodInfo, PodPhase, PodSample, ReadyCondition, Requests, ResourceName,
};
use crate::rng::Keyed;

/// A pod's template: what its container runs and requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub image: String,
    pub cpu_milli: i64,
    pub memory_mib: i64,
}

impl Template {
    /// The string the Deployment rules compare and hash (equal strings = same template).
    pub fn render(&self) -> String {
        format!(
            "image={};cpu={}m;memory={}Mi",
            self.image, self.cpu_milli, self.memory_mib
        )
    }

    pub fn memory_bytes(&self) -> i64 {
        self.memory_mib.saturating_mul(1024 * 1024)
    }
}

/// One pod.
#[derive(Clone, Debug, PartialEq)]
pub struct Pod {
    pub key: u64,
    pub name: String,
    pub replica_set: String,
    pub template: Template,
    pub created_ms: u64,
    /// The node it is bound to (`spec.nodeName`).
    pub node: Option<String>,
    /// Bound at (the kubelet sets `status.startTime` when it takes the pod).
    pub bound_ms: Option<u64>,
    /// The container runs (phase Running) since.
    pub running_ms: Option<u64>,
    /// Ready since (`Ready` condition True).
    pub ready_ms: Option<u64>,
    /// The last FailedScheduling message recorded for it (recorded again only on change).
    pub failed_scheduling: Option<String>,
    /// CPU use at the last metrics read, millicores.
    pub cpu_milli: i64,
}

impl Pod {
    pub fn phase(&self) -> PodPhase {
        if self.running_ms.is_some() {
            PodPhase::Running
        } else {
            PodPhase::Pending
        }
    }

    pub fn ready(&self) -> bool {
        self.ready_ms.is_some()
    }

    /// What the HPA sees of it (one container named after the Deployment).
    pub fn info(&self, container: &str) -> PodInfo {
        let mut info = PodInfo {
            name: self.name.clone(),
            phase: PodPhase::Pending,
            deleting: false,
            start_time_ms: None,
            ready: None,
            containers: vec![ContainerInfo {
                name: container.to_string(),
                requests: Requests::default(),
            }],
            pod_level_requests: None,
        };
        self.refresh_info(&mut info);
        info
    }

    /// Writes into `info` everything [`Pod::info`] reports but the names.
    fn refresh_info(&self, info: &mut PodInfo) {
        info.phase = self.phase();
        info.deleting = false;
        info.start_time_ms = self.bound_ms;
        info.ready = self.running_ms.map(|running| match self.ready_ms {
            Some(t) => ReadyCondition {
                status: true,
                last_transition_ms: t,
            },
            None => ReadyCondition {
                status: false,
                last_transition_ms: running,
            },
        });
        for c in &mut info.containers {
            c.requests = Requests {
                cpu_milli: Some(self.template.cpu_milli),
                memory_milli: Some(self.template.memory_bytes().saturating_mul(1000)),
            };
        }
        info.pod_level_requests = None;
    }

    /// Its metrics-server sample of `resource`, taken `now_ms` over `window_ms` (`None`: the
    /// container does not run yet, so there is no metric).
    pub fn sample(
        &self,
        resource: ResourceName,
        now_ms: u64,
        window_ms: u64,
        memory_usage_pct: u32,
    ) -> Option<PodSample> {
        self.running_ms?;
        let value_milli = match resource {
            ResourceName::Cpu => self.cpu_milli,
            ResourceName::Memory => {
                self.template.memory_bytes().saturating_mul(1000) / 100 * memory_usage_pct as i64
            }
        };
        Some(PodSample {
            pod: self.name.clone(),
            value_milli,
            timestamp_ms: now_ms,
            window_ms,
        })
    }
}

/// What the HPA sees of `pods` (each one's [`Pod::info`]), written over the previous sync's
/// `infos`: an entry that already names the same pod and container keeps its strings, so a
/// sync over pods that did not come or go allocates nothing.
pub fn refresh_infos(infos: &mut Vec<PodInfo>, pods: &[Pod], container: &str) {
    infos.truncate(pods.len());
    for (i, pod) in pods.iter().enumerate() {
        match infos.get_mut(i) {
            Some(info)
                if info.name == pod.name
                    && matches!(info.containers.as_slice(), [c] if c.name == container) =>
            {
                pod.refresh_info(info)
            }
            Some(info) => *info = pod.info(container),
            None => infos.push(pod.info(container)),
        }
    }
}

/// `<replicaset>-<5 characters>` from Kubernetes' safe alphabet (the suffix is random in
/// Kubernetes; here it is drawn from the seed's keyed registry).
pub fn pod_name(seed: u64, replica_set: &str, key: u64) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut bits = Keyed::PodName.bits(seed, key);
    let mut suffix = String::with_capacity(5);
    for _ in 0..5 {
        suffix.push(ALPHANUMS[(bits % ALPHANUMS.len() as u64) as usize] as char);
        bits /= ALPHANUMS.len() as u64;
    }
    format!("{replica_set}-{suffix}")
}

/// `ActivePodsWithRanks`' order for deletion, first deleted first: unscheduled before
/// scheduled, Pending before Running, not Ready before Ready, Ready for less time before
/// longer, newer before older.
pub fn deletion_rank(
    p: &Pod,
) -> (
    bool,
    bool,
    bool,
    std::cmp::Reverse<u64>,
    std::cmp::Reverse<u64>,
) {
    (
        p.node.is_some(),
        p.running_ms.is_some(),
        p.ready_ms.is_some(),
        std::cmp::Reverse(p.ready_ms.unwrap_or(0)),
        std::cmp::Reverse(p.created_ms),
    )
}

/// The Ready time of every Ready pod of `replica_set` (what the Deployment rules observe).
pub fn ready_since(pods: &[Pod], replica_set: &str) -> Vec<u64> {
    pods.iter()
        .filter(|p| p.replica_set == replica_set)
        .filter_map(|p| p.ready_ms)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(key: u64, node: bool, running: bool, ready: Option<u64>) -> Pod {
        Pod {
            key,
            name: format!("p{key}"),
            replica_set: "web-1".into(),
            template: Template {
                image: "web:1".into(),
                cpu_milli: 250,
                memory_mib: 256,
            },
            created_ms: key * 1000,
            node: node.then(|| "n".to_string()),
            bound_ms: node.then_some(0),
            running_ms: running.then_some(0),
            ready_ms: ready,
            failed_scheduling: None,
            cpu_milli: 0,
        }
    }

    #[test]
    fn refreshed_infos_equal_fresh_ones() {
        let mut infos = Vec::new();
        let mut pods = vec![pod(1, false, false, None), pod(2, true, true, None)];
        refresh_infos(&mut infos, &pods, "web");
        pods[0] = pod(1, true, true, Some(5));
        pods.push(pod(3, true, false, None));
        refresh_infos(&mut infos, &pods, "web");
        let fresh: Vec<PodInfo> = pods.iter().map(|p| p.info("web")).collect();
        assert_eq!(infos, fresh);
        pods.remove(0);
        refresh_infos(&mut infos, &pods, "api");
        let fresh: Vec<PodInfo> = pods.iter().map(|p| p.info("api")).collect();
        assert_eq!(infos, fresh);
    }

    #[test]
    fn replicaset_deletes_unscheduled_then_pending_then_unready_then_newest_ready() {
        let mut pods = vec![
            pod(1, true, true, Some(10)),
            pod(2, true, true, Some(20)),
            pod(3, true, true, None),
            pod(4, true, false, None),
            pod(5, false, false, None),
        ];
        crate::sort::sort_by_key(&mut pods, deletion_rank);
        let order: Vec<u64> = pods.iter().map(|p| p.key).collect();
        assert_eq!(order, vec![5, 4, 3, 2, 1]);
    }

    #[test]
    fn pod_names_are_the_replicaset_and_five_safe_characters() {
        let a = pod_name(1, "web-6d4cf56db6", 0);
        assert!(a.starts_with("web-6d4cf56db6-"));
        assert_eq!(a.len(), "web-6d4cf56db6-".len() + 5);
        assert_eq!(a, pod_name(1, "web-6d4cf56db6", 0));
        assert_ne!(a, pod_name(1, "web-6d4cf56db6", 1));
    }

    #[test]
    fn hpa_sees_pending_pods_without_ready_condition_and_running_ones_with_it() {
        let p = pod(1, true, false, None);
        assert_eq!(p.info("web").phase, PodPhase::Pending);
        assert!(p.info("web").ready.is_none());
        let r = pod(2, true, true, Some(7));
        let c = r
            .info("web")
            .ready
            .map(|c| (c.status, c.last_transition_ms));
        assert_eq!(c, Some((true, 7)));
        assert!(p.sample(ResourceName::Cpu, 0, 15_000, 60).is_none());
    }
}
