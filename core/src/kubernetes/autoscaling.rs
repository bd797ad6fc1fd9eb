//! The two autoscalers of the cluster, driven over time: the HPA sync (`hpa::HpaController`,
//! every 15 s) with metrics computed from the pods' share of the load, and the Cluster
//! Autoscaler's loop (`cluster_autoscaler::ClusterAutoscaler`, every 10 s) acting on the node
//! group's Auto Scaling group through its desired capacity.

use super::cluster_autoscaler::{CaPod, NodeGroup};
use super::hpa::{MetricsSnapshot, ResourceName, ScaleTarget, SyncInput};
use super::outputs::KubeOutput;
use super::runtime::{hpa_spec, Ec2Side, KubeRuntime};
use crate::time::SimTime;

/// \[MODEL\] The window a metrics-server sample covers (its default resolution, 15 s).
pub const METRIC_WINDOW_MS: u64 = 15_000;

impl KubeRuntime {
    /// One HPA sync (D1-D6): the pods and their samples in, a decision out; a rescale sets
    /// the Deployment's `replicas`.
    pub(crate) fn hpa_sync(&mut self, now: u64) {
        let Some(h) = self.hpa.as_ref() else { return };
        let spec = hpa_spec(&h.input);
        self.refresh_usage();
        let mut infos = self
            .hpa
            .as_mut()
            .map(|h| std::mem::take(&mut h.pod_infos))
            .unwrap_or_default();
        super::pods::refresh_infos(&mut infos, &self.pods, &self.deployment.name);
        let pct = self.assumptions.memory_usage_pct;
        let samples = |r: ResourceName| -> Vec<_> {
            self.pods
                .iter()
                .filter_map(|p| p.sample(r, now, METRIC_WINDOW_MS, pct))
                .collect()
        };
        // Only the resources the HPA targets are read (each read allocates a sample per pod).
        let wants = |r: ResourceName| {
            spec.metrics.is_empty() && r == ResourceName::Cpu
                || spec.metrics.iter().any(
                    |m| matches!(m, super::hpa::MetricSpec::Resource { name, .. } if *name == r),
                )
        };
        let metrics = MetricsSnapshot {
            cpu: wants(ResourceName::Cpu).then(|| samples(ResourceName::Cpu)),
            memory: wants(ResourceName::Memory).then(|| samples(ResourceName::Memory)),
            ..MetricsSnapshot::default()
        };
        let scale = ScaleTarget {
            spec_replicas: self.deployment.spec.replicas,
            status_replicas: self.pods.len() as i32,
        };
        let input = SyncInput {
            scale,
            pods: &infos,
            metrics: &metrics,
        };
        let Some(h) = self.hpa.as_mut() else { return };
        let name = h.input.name.clone();
        let result = h.ctrl.sync(now, &spec, &input);
        h.pod_infos = infos;
        let decision = match result {
            Ok(d) => d,
            Err(errors) => {
                let object = format!("HorizontalPodAutoscaler/{name}");
                self.event(now, object, true, "FailedValidation", errors.join("; "));
                return;
            }
        };
        h.desired = decision.desired_replicas;
        h.metrics = decision.metrics.clone();
        // Events: a repeat of the previous sync's is aggregated by Kubernetes (count + 1),
        // so only new ones are reported.
        let events: Vec<(String, String)> = decision
            .events
            .iter()
            .map(|e| (e.reason.clone(), e.message.clone()))
            .collect();
        let fresh: Vec<_> = decision
            .events
            .iter()
            .filter(|e| {
                e.reason == "SuccessfulRescale"
                    || !h
                        .last_events
                        .contains(&(e.reason.clone(), e.message.clone()))
            })
            .cloned()
            .collect();
        h.last_events = events;
        // Conditions whose status or reason changed.
        let mut changed_conditions = Vec::new();
        for c in &decision.conditions {
            let before = h.conditions.iter().find(|x| x.kind == c.kind);
            if before.is_none_or(|b| b.status != c.status || b.reason != c.reason) {
                changed_conditions.push(c.clone());
            }
        }
        h.conditions = decision.conditions.clone();
        let proposals: Vec<i32> = decision.metrics.iter().map(|m| m.proposal).collect();
        let key = (
            decision.current_replicas,
            decision.desired_replicas,
            decision.rescale,
            proposals,
        );
        let report = h.last_key.as_ref() != Some(&key);
        h.last_key = Some(key);

        let object = format!("HorizontalPodAutoscaler/{name}");
        for e in fresh {
            let warning = e.kind == super::hpa::EventType::Warning;
            self.event(now, object.clone(), warning, &e.reason, e.message);
        }
        for c in changed_conditions {
            self.emit(KubeOutput::HpaCondition {
                t: SimTime(now),
                hpa: name.clone(),
                condition: c.kind,
                status: c.status,
                reason: c.reason,
                message: c.message,
            });
        }
        if report {
            let text = if decision.rescale {
                format!(
                    "New size: {}; reason: {}",
                    decision.desired_replicas, decision.reason
                )
            } else {
                let why: Vec<String> = decision
                    .conditions
                    .iter()
                    .filter(|c| {
                        !matches!(
                            c.reason.as_str(),
                            "SucceededGetScale" | "ValidMetricFound" | "DesiredWithinRange"
                        )
                    })
                    .map(|c| format!("{}: {}", c.reason, c.message))
                    .collect();
                if why.is_empty() {
                    "no rescale: within tolerance".to_string()
                } else {
                    format!("no rescale: {}", why.join("; "))
                }
            };
            self.emit(KubeOutput::HpaDecision {
                t: SimTime(now),
                hpa: name,
                current_replicas: decision.current_replicas,
                desired_replicas: decision.desired_replicas,
                rescale: decision.rescale,
                decision: text,
                metrics: decision.metrics.clone(),
            });
        }
        if decision.rescale {
            let mut spec = self.deployment.spec.clone();
            spec.replicas = decision.desired_replicas;
            if self.deployment.update_spec(spec).is_ok() {
                self.settle(now);
            }
        }
    }

    /// One Cluster Autoscaler loop: a scale-up for unschedulable pods sets the group's desired
    /// capacity; a scale-down removes the nodes unneeded for long enough, each terminated by
    /// id with TerminateInstanceInAutoScalingGroup (decrementing desired), as the real CA
    /// does after draining it. The pods on it are deleted with the node and rescheduled.
    pub(crate) fn ca_scan(&mut self, now: u64, ec2: &Ec2Side<'_>) {
        let Some((params, _)) = self.ca.as_ref() else {
            return;
        };
        let params = *params;
        let g = &self.node_group;
        let (vcpu, mem_gib) = ec2.template;
        let group = NodeGroup {
            name: g.name.clone(),
            min_size: ec2.min_size,
            max_size: ec2.max_size,
            target_size: ec2.desired,
            template_cpu_milli: (vcpu as i64 * 1000 - g.reserved_cpu_milli as i64).max(0),
            template_memory_bytes: ((mem_gib * 1024.0) as i64 - g.reserved_memory_mib as i64)
                .max(0)
                * 1024
                * 1024,
            template_pods: g.max_pods as i64,
        };
        let pods: Vec<CaPod> = self
            .pods
            .iter()
            .map(|p| CaPod {
                name: p.name.clone(),
                cpu_milli: p.template.cpu_milli,
                memory_bytes: p.template.memory_bytes(),
                node: p.node.clone(),
                movable: true,
            })
            .collect();
        let Some((_, ca)) = self.ca.as_mut() else {
            return;
        };
        let d = ca.scan(now, &params, &group, &self.nodes, &pods);
        for (object, reason, message) in d.events {
            let kind = if object.starts_with("ip-") || self.nodes.iter().any(|n| n.name == object) {
                "Node"
            } else {
                "Pod"
            };
            let warning = reason == "NotTriggerScaleUp";
            self.event(now, format!("{kind}/{object}"), warning, &reason, message);
        }
        if let Some(to) = d.scale_up_to {
            self.fx.set_desired = Some(to);
        } else {
            self.fx.terminate_nodes = d.remove_nodes;
        }
    }
}
