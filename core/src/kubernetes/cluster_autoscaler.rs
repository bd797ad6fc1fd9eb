//! The Cluster Autoscaler's rules for one node group, as pure functions and a small state
//! (kubernetes/autoscaler `cluster-autoscaler/FAQ.md` "What are the parameters to CA?", "How
//! does scale-up work?", "How does scale-down work?").
//!
//! - Scale-up: when pods are unschedulable and would fit on a new node of the group, add as
//!   many nodes as a first-fit estimate of those pods needs (up to the group's max).
//! - Scale-down: a node whose utilization (the larger of requested CPU and memory over
//!   allocatable) is below `scale-down-utilization-threshold` (0.5) and whose pods can all move
//!   to other nodes is *unneeded*; once unneeded for `scale-down-unneeded-time` (10 min) it is
//!   removed, never below the group's min, and not within `scale-down-delay-after-add` (10 min)
//!   of a scale-up. Empty nodes go in bulk (up to `max-empty-bulk-delete`, 10), others one at a
//!   time.

use serde::{Deserialize, Serialize};

use super::scheduler::Node;
use super::MS_PER_S;

/// CA flags (FAQ defaults), all parameters of the model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CaParams {
    /// `--scan-interval`: 10 s.
    pub scan_interval_ms: u64,
    /// `--scale-down-utilization-threshold`: 0.5.
    pub scale_down_utilization_threshold: f64,
    /// `--scale-down-unneeded-time`: 10 min.
    pub scale_down_unneeded_ms: u64,
    /// `--scale-down-delay-after-add`: 10 min.
    pub scale_down_delay_after_add_ms: u64,
    /// `--scale-down-delay-after-delete`: defaults to the scan interval.
    pub scale_down_delay_after_delete_ms: u64,
    /// `--max-node-provision-time`: 15 min.
    pub max_node_provision_ms: u64,
    /// `--max-empty-bulk-delete`: 10.
    pub max_empty_bulk_delete: usize,
}

impl Default for CaParams {
    fn default() -> Self {
        CaParams {
            scan_interval_ms: 10 * MS_PER_S,
            scale_down_utilization_threshold: 0.5,
            scale_down_unneeded_ms: 600 * MS_PER_S,
            scale_down_delay_after_add_ms: 600 * MS_PER_S,
            scale_down_delay_after_delete_ms: 10 * MS_PER_S,
            max_node_provision_ms: 900 * MS_PER_S,
            max_empty_bulk_delete: 10,
        }
    }
}

/// A node group (an EKS managed node group backed by an Auto Scaling group).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeGroup {
    pub name: String,
    pub min_size: u32,
    pub max_size: u32,
    /// Current desired size (the ASG's desired capacity).
    pub target_size: u32,
    /// A new node's allocatable resources.
    pub template_cpu_milli: i64,
    pub template_memory_bytes: i64,
    pub template_pods: i64,
}

/// A pod the CA considers: its requests, the node it runs on (None = pending/unschedulable),
/// and whether it may be moved (replicated, no blocking PodDisruptionBudget or local storage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaPod {
    pub name: String,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    pub node: Option<String>,
    pub movable: bool,
}

/// Utilization the CA uses: max(requested CPU / allocatable, requested memory / allocatable).
pub fn utilization(node: &Node) -> f64 {
    let frac = |req: i64, alloc: i64| {
        if alloc <= 0 {
            0.0
        } else {
            req as f64 / alloc as f64
        }
    };
    frac(node.requested_cpu_milli, node.allocatable_cpu_milli).max(frac(
        node.requested_memory_bytes,
        node.allocatable_memory_bytes,
    ))
}

/// First-fit estimate of the new nodes the pending pods need; pods that don't fit even an
/// empty template node are returned separately (they can't trigger a scale-up).
pub fn nodes_needed(group: &NodeGroup, pending: &[&CaPod]) -> (u32, Vec<String>) {
    let mut bins: Vec<(i64, i64, i64)> = Vec::new();
    let mut no_fit = Vec::new();
    for p in pending {
        if p.cpu_milli > group.template_cpu_milli || p.memory_bytes > group.template_memory_bytes {
            no_fit.push(p.name.clone());
            continue;
        }
        match bins
            .iter_mut()
            .find(|b| b.0 >= p.cpu_milli && b.1 >= p.memory_bytes && b.2 >= 1)
        {
            Some(b) => {
                b.0 -= p.cpu_milli;
                b.1 -= p.memory_bytes;
                b.2 -= 1;
            }
            None => bins.push((
                group.template_cpu_milli - p.cpu_milli,
                group.template_memory_bytes - p.memory_bytes,
                group.template_pods - 1,
            )),
        }
    }
    (bins.len() as u32, no_fit)
}

/// What one CA loop decided.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaDecision {
    /// New target size of the group, if it scales up.
    pub scale_up_to: Option<u32>,
    /// Nodes to drain and remove.
    pub remove_nodes: Vec<String>,
    /// Events (object, reason, message).
    pub events: Vec<(String, String, String)>,
}

/// The CA's memory between loops.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterAutoscaler {
    unneeded_since: Vec<(String, u64)>,
    last_scale_up_ms: Option<u64>,
    last_scale_down_ms: Option<u64>,
    last_scan_ms: Option<u64>,
}

impl ClusterAutoscaler {
    pub fn is_due(&self, now_ms: u64, p: &CaParams) -> bool {
        self.last_scan_ms
            .is_none_or(|t| now_ms >= t.saturating_add(p.scan_interval_ms))
    }

    /// Since when a node has been unneeded, if it is.
    pub fn unneeded_since(&self, node: &str) -> Option<u64> {
        self.unneeded_since
            .iter()
            .find(|(n, _)| n == node)
            .map(|(_, t)| *t)
    }

    /// One loop: scale up for unschedulable pods, else look for nodes to remove.
    pub fn scan(
        &mut self,
        now_ms: u64,
        p: &CaParams,
        group: &NodeGroup,
        nodes: &[Node],
        pods: &[CaPod],
    ) -> CaDecision {
        self.last_scan_ms = Some(now_ms);
        let mut d = CaDecision::default();
        let pending: Vec<&CaPod> = pods.iter().filter(|x| x.node.is_none()).collect();
        if !pending.is_empty() {
            let (needed, no_fit) = nodes_needed(group, &pending);
            for name in &no_fit {
                d.events.push((
                    name.clone(),
                    "NotTriggerScaleUp".to_string(),
                    "pod didn't trigger scale-up: 1 Insufficient cpu or memory on a new node"
                        .to_string(),
                ));
            }
            // Nodes the group is already bringing up (target size above the registered
            // nodes) take pending pods first: CA counts them as "upcoming" and adds only what
            // they can't hold (FAQ "How does scale-up work?").
            let upcoming = group.target_size.saturating_sub(nodes.len() as u32);
            if needed > 0 && needed <= upcoming {
                return d;
            }
            let needed = needed.saturating_sub(upcoming);
            if needed > 0 {
                let to = group.target_size.saturating_add(needed).min(group.max_size);
                if to > group.target_size {
                    for x in pending.iter().filter(|x| !no_fit.contains(&x.name)) {
                        d.events.push((
                            x.name.clone(),
                            "TriggeredScaleUp".to_string(),
                            format!(
                                "pod triggered scale-up: [{{{} {}->{} (max: {})}}]",
                                group.name, group.target_size, to, group.max_size
                            ),
                        ));
                    }
                    d.scale_up_to = Some(to);
                    self.last_scale_up_ms = Some(now_ms);
                    self.unneeded_since.clear();
                    return d;
                }
                for x in pending.iter().filter(|x| !no_fit.contains(&x.name)) {
                    d.events.push((
                        x.name.clone(),
                        "NotTriggerScaleUp".to_string(),
                        format!(
                            "pod didn't trigger scale-up: 1 max node group size reached ({})",
                            group.name
                        ),
                    ));
                }
            }
        }
        // Scale-down candidates: low utilization and every movable pod fits elsewhere.
        let mut unneeded: Vec<&Node> = Vec::new();
        for n in nodes {
            if utilization(n) >= p.scale_down_utilization_threshold {
                continue;
            }
            let on_node: Vec<&CaPod> = pods
                .iter()
                .filter(|x| x.node.as_deref() == Some(n.name.as_str()))
                .collect();
            if on_node.iter().any(|x| !x.movable) {
                continue;
            }
            let mut others: Vec<Node> =
                nodes.iter().filter(|o| o.name != n.name).cloned().collect();
            let fits = on_node.iter().all(|x| {
                match others
                    .iter_mut()
                    .find(|o| o.fits(x.cpu_milli, x.memory_bytes))
                {
                    Some(o) => {
                        o.requested_cpu_milli += x.cpu_milli;
                        o.requested_memory_bytes += x.memory_bytes;
                        o.pods += 1;
                        true
                    }
                    None => false,
                }
            });
            if fits {
                unneeded.push(n);
            }
        }
        let mut since = Vec::new();
        for n in &unneeded {
            let t = self.unneeded_since(&n.name).unwrap_or(now_ms);
            since.push((n.name.clone(), t));
        }
        self.unneeded_since = since;

        let cooling = self
            .last_scale_up_ms
            .is_some_and(|t| now_ms < t.saturating_add(p.scale_down_delay_after_add_ms))
            || self
                .last_scale_down_ms
                .is_some_and(|t| now_ms < t.saturating_add(p.scale_down_delay_after_delete_ms));
        if cooling {
            return d;
        }
        let mut room = group.target_size.saturating_sub(group.min_size) as usize;
        let ripe: Vec<&Node> = unneeded
            .iter()
            .copied()
            .filter(|n| {
                self.unneeded_since(&n.name)
                    .is_some_and(|t| now_ms >= t.saturating_add(p.scale_down_unneeded_ms))
            })
            .collect();
        // Empty nodes in bulk, then at most one non-empty node.
        for n in ripe
            .iter()
            .filter(|n| n.pods == 0)
            .take(p.max_empty_bulk_delete)
        {
            if room == 0 {
                break;
            }
            d.remove_nodes.push(n.name.clone());
            room -= 1;
        }
        if d.remove_nodes.is_empty() && room > 0 {
            if let Some(n) = ripe.iter().find(|n| n.pods > 0) {
                d.remove_nodes.push(n.name.clone());
            }
        }
        for name in &d.remove_nodes {
            d.events.push((
                name.clone(),
                "ScaleDown".to_string(),
                "marking the node as toBeDeleted/unschedulable".to_string(),
            ));
        }
        if !d.remove_nodes.is_empty() {
            self.last_scale_down_ms = Some(now_ms);
            self.unneeded_since
                .retain(|(n, _)| !d.remove_nodes.contains(n));
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(target: u32) -> NodeGroup {
        NodeGroup {
            name: "eks-ng-web".into(),
            min_size: 1,
            max_size: 5,
            target_size: target,
            template_cpu_milli: 2_000,
            template_memory_bytes: 4 << 30,
            template_pods: 110,
        }
    }

    fn node(name: &str, cpu: i64, pods: i64) -> Node {
        Node {
            name: name.into(),
            allocatable_cpu_milli: 2_000,
            allocatable_memory_bytes: 4 << 30,
            allocatable_pods: 110,
            requested_cpu_milli: cpu,
            requested_memory_bytes: 0,
            pods,
            unschedulable: false,
        }
    }

    fn pod(name: &str, cpu: i64, node: Option<&str>) -> CaPod {
        CaPod {
            name: name.into(),
            cpu_milli: cpu,
            memory_bytes: 0,
            node: node.map(String::from),
            movable: true,
        }
    }

    #[test]
    fn scale_up_counts_upcoming_nodes_and_does_not_scale_up_again() {
        let mut ca = ClusterAutoscaler::default();
        let p = CaParams::default();
        let pods = [pod("p1", 1_500, None), pod("p2", 1_500, None)];
        let nodes = [node("n1", 1_900, 4)];
        // Target 1 with 1 node: two new nodes.
        let d = ca.scan(0, &p, &group(1), &nodes, &pods);
        assert_eq!(d.scale_up_to, Some(3));
        // Ten seconds later the two nodes are still booting (target 3, 1 registered): the
        // pods wait for them.
        let d = ca.scan(10_000, &p, &group(3), &nodes, &pods);
        assert_eq!(d.scale_up_to, None);
        assert!(d.events.is_empty());
        // A third pending pod needs one more node than the upcoming two.
        let more = [
            pod("p1", 1_500, None),
            pod("p2", 1_500, None),
            pod("p3", 1_500, None),
        ];
        let d = ca.scan(20_000, &p, &group(3), &nodes, &more);
        assert_eq!(d.scale_up_to, Some(4));
    }

    #[test]
    fn scale_up_when_pods_are_unschedulable() {
        let mut ca = ClusterAutoscaler::default();
        let p = CaParams::default();
        let pods = [
            pod("p1", 1_500, None),
            pod("p2", 1_500, None),
            pod("p3", 400, None),
        ];
        let d = ca.scan(
            0,
            &p,
            &group(2),
            &[node("n1", 1_900, 4), node("n2", 1_900, 4)],
            &pods,
        );
        // First fit: p1 + p3 on one new node, p2 on another → 2 nodes.
        assert_eq!(d.scale_up_to, Some(4));
        assert_eq!(d.events[0].1, "TriggeredScaleUp");
        assert_eq!(
            d.events[0].2,
            "pod triggered scale-up: [{eks-ng-web 2->4 (max: 5)}]"
        );
    }

    #[test]
    fn no_scale_up_for_pods_bigger_than_a_node_or_at_max() {
        let mut ca = ClusterAutoscaler::default();
        let p = CaParams::default();
        let d = ca.scan(0, &p, &group(2), &[], &[pod("huge", 4_000, None)]);
        assert_eq!(d.scale_up_to, None);
        assert_eq!(d.events[0].1, "NotTriggerScaleUp");
        let d = ca.scan(20_000, &p, &group(5), &[], &[pod("p", 1_000, None)]);
        assert_eq!(d.scale_up_to, None);
    }

    #[test]
    fn scale_down_after_10_minutes_below_half_utilization() {
        let mut ca = ClusterAutoscaler::default();
        let p = CaParams::default();
        let nodes = [node("n1", 1_200, 2), node("n2", 400, 1)];
        let pods = [
            pod("a", 600, Some("n1")),
            pod("b", 600, Some("n1")),
            pod("c", 400, Some("n2")),
        ];
        let d = ca.scan(0, &p, &group(2), &nodes, &pods);
        assert!(d.remove_nodes.is_empty());
        assert_eq!(ca.unneeded_since("n2"), Some(0));
        assert_eq!(ca.unneeded_since("n1"), None); // 60% ≥ 50%
        let d = ca.scan(599_999, &p, &group(2), &nodes, &pods);
        assert!(d.remove_nodes.is_empty());
        let d = ca.scan(600_000, &p, &group(2), &nodes, &pods);
        assert_eq!(d.remove_nodes, vec!["n2".to_string()]);
    }

    #[test]
    fn scale_down_respects_min_size_unmovable_pods_and_delay_after_add() {
        let p = CaParams::default();
        let nodes = [node("n1", 100, 1)];
        let pods = [pod("a", 100, Some("n1"))];
        let mut ca = ClusterAutoscaler::default();
        ca.scan(0, &p, &group(1), &nodes, &pods);
        // Its pod has nowhere else to go anyway, and min size is 1.
        assert!(ca
            .scan(700_000, &p, &group(1), &nodes, &pods)
            .remove_nodes
            .is_empty());
        let mut pinned = pods.clone();
        pinned[0].movable = false;
        let two = [node("n1", 100, 1), node("n2", 0, 0)];
        let mut ca = ClusterAutoscaler::default();
        ca.scan(0, &p, &group(2), &two, &pinned);
        let d = ca.scan(600_000, &p, &group(2), &two, &pinned);
        assert_eq!(
            d.remove_nodes,
            vec!["n2".to_string()],
            "the empty node goes, the pinned one stays"
        );
        // Right after a scale-up no scale-down for 10 minutes.
        let mut ca = ClusterAutoscaler::default();
        ca.scan(0, &p, &group(2), &two, &[pod("x", 1_900, None)]);
        ca.scan(10_000, &p, &group(3), &two, &[]);
        // Unneeded since 10 s, but the delay after the add (t=0) holds until 600 s.
        assert!(ca
            .scan(599_999, &p, &group(3), &two, &[])
            .remove_nodes
            .is_empty());
        assert_eq!(
            ca.scan(610_000, &p, &group(3), &two, &[]).remove_nodes,
            vec!["n2".to_string()],
            "empty nodes go first, in bulk; non-empty ones only in a round without empty ones"
        );
    }

    #[test]
    fn utilization_is_the_larger_of_cpu_and_memory() {
        let mut n = node("n", 500, 1);
        n.requested_memory_bytes = 3 << 30;
        assert_eq!(utilization(&n), 0.75);
    }
}
