//! Pod scheduling feasibility: pods with CPU and memory requests onto nodes with allocatable
//! capacity, and the scheduler's `FailedScheduling` message when nothing fits.
//!
//! Sources (kubernetes/kubernetes): `pkg/scheduler/framework/plugins/noderesources/fit.go`
//! (`Insufficient cpu`, `Insufficient memory`, `Too many pods`),
//! `pkg/scheduler/framework/plugins/nodeunschedulable` ("node(s) were unschedulable"),
//! `pkg/scheduler/framework/types.go` `FitError.Error()` ("0/N nodes are available: …", the
//! per-reason counts sorted as strings). Scoring is the default LeastAllocated fit score; ties,
//! which the real scheduler breaks at random, go to the first node by name (\[MODEL\]).

use serde::{Deserialize, Serialize};

/// Node's allocatable resources and what pods already request on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub name: String,
    pub allocatable_cpu_milli: i64,
    pub allocatable_memory_bytes: i64,
    /// Pods allowed on the node (kubelet `maxPods`; 110 by default, lower on EKS by ENI limits).
    pub allocatable_pods: i64,
    pub requested_cpu_milli: i64,
    pub requested_memory_bytes: i64,
    pub pods: i64,
    /// Cordoned (`spec.unschedulable`).
    pub unschedulable: bool,
}

impl Node {
    /// The reasons this node can't take a pod with these requests (empty = it fits).
    pub fn misfits(&self, cpu_milli: i64, memory_bytes: i64) -> Vec<&'static str> {
        let mut r = Vec::new();
        if self.unschedulable {
            r.push("node(s) were unschedulable");
            return r;
        }
        if self.pods + 1 > self.allocatable_pods {
            r.push("Too many pods");
        }
        if cpu_milli > 0 && self.requested_cpu_milli + cpu_milli > self.allocatable_cpu_milli {
            r.push("Insufficient cpu");
        }
        if memory_bytes > 0
            && self.requested_memory_bytes + memory_bytes > self.allocatable_memory_bytes
        {
            r.push("Insufficient memory");
        }
        r
    }

    /// LeastAllocated score 0-100 after placing the pod (higher = emptier).
    /// The pod fits: [`Node::misfits`] would list nothing (without making the list).
    pub fn fits(&self, cpu_milli: i64, memory_bytes: i64) -> bool {
        !self.unschedulable
            && self.pods < self.allocatable_pods
            && (cpu_milli <= 0
                || self.requested_cpu_milli + cpu_milli <= self.allocatable_cpu_milli)
            && (memory_bytes <= 0
                || self.requested_memory_bytes + memory_bytes <= self.allocatable_memory_bytes)
    }

    fn score(&self, cpu_milli: i64, memory_bytes: i64) -> i64 {
        let part = |req: i64, alloc: i64| {
            if alloc <= 0 {
                0
            } else {
                ((alloc - req).max(0) * 100) / alloc
            }
        };
        (part(
            self.requested_cpu_milli + cpu_milli,
            self.allocatable_cpu_milli,
        ) + part(
            self.requested_memory_bytes + memory_bytes,
            self.allocatable_memory_bytes,
        )) / 2
    }
}

/// Options for the message format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageStyle {
    /// Append the preemption post-filter's sentence as recent releases do:
    /// " preemption: 0/N nodes are available: N No preemption victims found for incoming pod."
    pub preemption_note: bool,
}

/// The `FailedScheduling` event message for a pod no node can take.
pub fn failed_scheduling_message(
    nodes: &[Node],
    cpu_milli: i64,
    memory_bytes: i64,
    style: MessageStyle,
) -> String {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for n in nodes {
        for r in n.misfits(cpu_milli, memory_bytes) {
            match counts.iter_mut().find(|(k, _)| *k == r) {
                Some((_, c)) => *c += 1,
                None => counts.push((r, 1)),
            }
        }
    }
    let mut parts: Vec<String> = counts.iter().map(|(k, c)| format!("{c} {k}")).collect();
    crate::sort::sort(&mut parts);
    let n = nodes.len();
    let mut msg = if parts.is_empty() {
        format!("0/{n} nodes are available.")
    } else {
        format!("0/{n} nodes are available: {}.", parts.join(", "))
    };
    if style.preemption_note {
        msg.push_str(&format!(
            " preemption: 0/{n} nodes are available: {n} No preemption victims found for incoming pod."
        ));
    }
    msg
}

/// Schedules one pod: the best-scoring node that fits, or the FailedScheduling message.
pub fn schedule(
    nodes: &[Node],
    cpu_milli: i64,
    memory_bytes: i64,
    style: MessageStyle,
) -> Result<String, String> {
    let mut best: Option<(&Node, i64)> = None;
    for n in nodes {
        if !n.fits(cpu_milli, memory_bytes) {
            continue;
        }
        let s = n.score(cpu_milli, memory_bytes);
        let better = match best {
            None => true,
            Some((b, bs)) => s > bs || (s == bs && n.name < b.name),
        };
        if better {
            best = Some((n, s));
        }
    }
    best.map(|(n, _)| n.name.clone())
        .ok_or_else(|| failed_scheduling_message(nodes, cpu_milli, memory_bytes, style))
}

/// Places pods in order onto the nodes (updating their requests); returns for each pod the
/// node name or the FailedScheduling message (the pod stays Pending).
pub fn schedule_all(
    nodes: &mut [Node],
    pods: &[(i64, i64)],
    style: MessageStyle,
) -> Vec<Result<String, String>> {
    let mut out = Vec::with_capacity(pods.len());
    for &(cpu, mem) in pods {
        let r = schedule(nodes, cpu, mem, style);
        if let Ok(name) = &r {
            if let Some(n) = nodes.iter_mut().find(|n| &n.name == name) {
                n.requested_cpu_milli += cpu;
                n.requested_memory_bytes += mem;
                n.pods += 1;
            }
        }
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, cpu_used: i64, mem_used: i64) -> Node {
        Node {
            name: name.into(),
            allocatable_cpu_milli: 2_000,
            allocatable_memory_bytes: 4 << 30,
            allocatable_pods: 110,
            requested_cpu_milli: cpu_used,
            requested_memory_bytes: mem_used,
            pods: 3,
            unschedulable: false,
        }
    }

    #[test]
    fn failed_scheduling_three_nodes_insufficient_cpu() {
        let nodes = [
            node("a", 1_800, 0),
            node("b", 1_900, 0),
            node("c", 2_000, 0),
        ];
        assert_eq!(
            schedule(&nodes, 500, 1 << 20, MessageStyle::default()),
            Err("0/3 nodes are available: 3 Insufficient cpu.".to_string())
        );
        assert_eq!(
            failed_scheduling_message(&nodes, 500, 1 << 20, MessageStyle { preemption_note: true }),
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
        );
    }

    #[test]
    fn failed_scheduling_reasons_are_counted_and_sorted() {
        let mut cordoned = node("c", 0, 0);
        cordoned.unschedulable = true;
        let nodes = [node("a", 1_800, 4 << 30), node("b", 1_900, 0), cordoned];
        assert_eq!(
            failed_scheduling_message(&nodes, 500, 1 << 30, MessageStyle::default()),
            "0/3 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable, 2 Insufficient cpu."
        );
    }

    #[test]
    fn fits_exactly_when_there_is_no_misfit() {
        for cordoned in [false, true] {
            for pods in [0, 109, 110, 111] {
                for used in [0, 1_500, 2_000, 2_500] {
                    let mut n = node("a", used, used << 20);
                    n.pods = pods;
                    n.unschedulable = cordoned;
                    for req in [-1, 0, 1, 500, 2_000] {
                        assert_eq!(
                            n.fits(req, req << 20),
                            n.misfits(req, req << 20).is_empty(),
                            "{cordoned} {pods} {used} {req}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn schedules_on_least_allocated_node_and_ties_by_name() {
        let nodes = [node("b", 1_000, 0), node("a", 1_000, 0), node("c", 200, 0)];
        assert_eq!(
            schedule(&nodes, 500, 0, MessageStyle::default()).as_deref(),
            Ok("c")
        );
        let even = [node("b", 0, 0), node("a", 0, 0)];
        assert_eq!(
            schedule(&even, 500, 0, MessageStyle::default()).as_deref(),
            Ok("a")
        );
    }

    #[test]
    fn schedule_all_fills_nodes_then_leaves_pods_pending() {
        let mut nodes = [node("a", 0, 0)];
        let out = schedule_all(
            &mut nodes,
            &[(1_000, 0), (1_000, 0), (1_000, 0)],
            MessageStyle::default(),
        );
        assert_eq!(out[0].as_deref(), Ok("a"));
        assert_eq!(out[1].as_deref(), Ok("a"));
        assert_eq!(
            out[2],
            Err("0/1 nodes are available: 1 Insufficient cpu.".to_string())
        );
    }
}
