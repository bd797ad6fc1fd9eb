//! The controllers that run on every change: the Deployment controller (`deployment.rs`'s
//! rolling arithmetic), the ReplicaSet controller (pods created and deleted to match each
//! ReplicaSet), the scheduler (`scheduler.rs`) and the kubelet's start and readiness probe.
//! Nodes are the node group's InService instances.

use super::deployment::RsObserved;
use super::outputs::{KubeOutput, PodPhaseView};
use super::pods::{self, Pod};
use super::runtime::{Ec2Side, KubeRuntime};
use super::scheduler::{self, MessageStyle, Node};
use super::MS_PER_S;
use crate::sim::KubeTimer;
use crate::time::SimTime;

/// \[MODEL\] Passes of the controllers within one instant before they wait for the next event
/// (each pass is one Deployment sync and one ReplicaSet sync; a rollout step needs two).
const MAX_PASSES: usize = 8;

const MIB: i64 = 1024 * 1024;

impl KubeRuntime {
    /// Nodes = the InService instances; pods on a node that left are gone (\[MODEL\]: at once,
    /// as when the instance is terminated under them) and their ReplicaSet replaces them.
    pub(crate) fn sync_nodes(&mut self, now: u64, ec2: &Ec2Side<'_>) {
        let g = &self.node_group;
        self.nodes = ec2
            .nodes
            .iter()
            .map(|n| Node {
                name: n.name.to_string(),
                allocatable_cpu_milli: (n.vcpu as i64 * 1000 - g.reserved_cpu_milli as i64).max(0),
                allocatable_memory_bytes: ((n.memory_gib * 1024.0) as i64
                    - g.reserved_memory_mib as i64)
                    .max(0)
                    * MIB,
                allocatable_pods: g.max_pods as i64,
                requested_cpu_milli: 0,
                requested_memory_bytes: 0,
                pods: 0,
                unschedulable: false,
            })
            .collect();
        let mut i = 0;
        while i < self.pods.len() {
            let lost = self.pods[i]
                .node
                .as_ref()
                .is_some_and(|n| !self.nodes.iter().any(|x| &x.name == n));
            if lost {
                self.pod_output(now, i, Some(PodPhaseView::Deleted));
                self.pods.remove(i);
            } else {
                i += 1;
            }
        }
        self.count_requests();
    }

    /// Recomputes what the bound pods request on each node.
    fn count_requests(&mut self) {
        for n in &mut self.nodes {
            n.requested_cpu_milli = 0;
            n.requested_memory_bytes = 0;
            n.pods = 0;
        }
        for p in &self.pods {
            let Some(name) = &p.node else { continue };
            if let Some(n) = self.nodes.iter_mut().find(|n| &n.name == name) {
                n.requested_cpu_milli += p.template.cpu_milli;
                n.requested_memory_bytes += p.template.memory_bytes();
                n.pods += 1;
            }
        }
    }

    /// The controllers until nothing changes, then the scheduler, then the timers the state
    /// needs (availability after minReadySeconds, the progress deadline, Argo CD's watch).
    pub(crate) fn settle(&mut self, now: u64) {
        let mut changed_any = false;
        for _ in 0..MAX_PASSES {
            let mut changed = self.deployment_sync(now);
            changed |= self.replicaset_sync(now);
            changed_any |= changed;
            if !changed {
                break;
            }
        }
        changed_any |= self.schedule(now);
        changed_any |= self.report_conditions(now);
        self.deadline_timers(now);
        if changed_any {
            self.argo_watch(now);
        }
    }

    fn deployment_sync(&mut self, now: u64) -> bool {
        let observed: Vec<(String, RsObserved)> = self
            .deployment
            .replica_sets
            .iter()
            .map(|rs| {
                let n = self
                    .pods
                    .iter()
                    .filter(|p| p.replica_set == rs.name)
                    .count();
                (
                    rs.name.clone(),
                    RsObserved {
                        pods: n as i32,
                        ready_since_ms: pods::ready_since(&self.pods, &rs.name),
                    },
                )
            })
            .collect();
        let changes = self.deployment.reconcile(now, &observed);
        let object = format!("Deployment/{}", self.deployment.name);
        for c in &changes {
            self.event(now, object.clone(), false, "ScalingReplicaSet", c.event());
        }
        !changes.is_empty()
    }

    /// The ReplicaSet controller: create or delete pods so each ReplicaSet has `replicas`.
    fn replicaset_sync(&mut self, now: u64) -> bool {
        let mut changed = false;
        // Pods of ReplicaSets the Deployment no longer keeps.
        let mut i = 0;
        while i < self.pods.len() {
            let rs = &self.pods[i].replica_set;
            if self.deployment.replica_sets.iter().any(|r| &r.name == rs) {
                i += 1;
            } else {
                self.pod_output(now, i, Some(PodPhaseView::Deleted));
                self.pods.remove(i);
                changed = true;
            }
        }
        let sets: Vec<(String, String, i32)> = self
            .deployment
            .replica_sets
            .iter()
            .map(|r| (r.name.clone(), r.template.clone(), r.replicas.max(0)))
            .collect();
        for (name, template, want) in sets {
            let have = self.pods.iter().filter(|p| p.replica_set == name).count() as i32;
            let object = format!("ReplicaSet/{name}");
            if have < want {
                let t = self
                    .templates
                    .iter()
                    .find(|t| t.render() == template)
                    .cloned()
                    .unwrap_or_else(|| self.template.clone());
                for _ in have..want {
                    let key = self.next_pod;
                    self.next_pod += 1;
                    let pod_name = pods::pod_name(self.seed, &name, key);
                    self.pods.push(Pod {
                        key,
                        name: pod_name.clone(),
                        replica_set: name.clone(),
                        template: t.clone(),
                        created_ms: now,
                        node: None,
                        bound_ms: None,
                        running_ms: None,
                        ready_ms: None,
                        failed_scheduling: None,
                        cpu_milli: 0,
                    });
                    self.event(
                        now,
                        object.clone(),
                        false,
                        "SuccessfulCreate",
                        format!("Created pod: {pod_name}"),
                    );
                    self.pod_output(now, self.pods.len() - 1, None);
                }
                changed = true;
            } else if have > want {
                let mut mine: Vec<(usize, &Pod)> = self
                    .pods
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.replica_set == name)
                    .collect();
                crate::sort::sort_by_key(&mut mine, |(_, p)| pods::deletion_rank(p));
                let mut doomed: Vec<usize> = mine
                    .iter()
                    .take((have - want) as usize)
                    .map(|(i, _)| *i)
                    .collect();
                crate::sort::sort(&mut doomed);
                for &i in doomed.iter().rev() {
                    let pod_name = self.pods[i].name.clone();
                    self.event(
                        now,
                        object.clone(),
                        false,
                        "SuccessfulDelete",
                        format!("Deleted pod: {pod_name}"),
                    );
                    self.pod_output(now, i, Some(PodPhaseView::Deleted));
                    self.pods.remove(i);
                }
                changed = true;
            }
        }
        if changed {
            self.count_requests();
        }
        changed
    }

    /// The scheduler: each unbound pod, oldest first, onto the best node that fits, or a
    /// FailedScheduling event (recorded again only when its message changes).
    fn schedule(&mut self, now: u64) -> bool {
        let mut changed = false;
        // The last failure's requests and message: the nodes change only when a pod is bound,
        // so pods with the same requests fail alike until then (a pass over the nodes each).
        let mut failed: Option<(i64, i64, String)> = None;
        for i in 0..self.pods.len() {
            if self.pods[i].node.is_some() {
                continue;
            }
            let cpu = self.pods[i].template.cpu_milli;
            let mem = self.pods[i].template.memory_bytes();
            let result = match &failed {
                Some((c, m, message)) if (*c, *m) == (cpu, mem) => Err(message.clone()),
                _ => scheduler::schedule(&self.nodes, cpu, mem, MessageStyle::default()),
            };
            match result {
                Ok(node) => {
                    failed = None;
                    let object = format!("Pod/{}", self.pods[i].name);
                    if let Some(n) = self.nodes.iter_mut().find(|n| n.name == node) {
                        n.requested_cpu_milli += cpu;
                        n.requested_memory_bytes += mem;
                        n.pods += 1;
                    }
                    let pod_name = self.pods[i].name.clone();
                    let p = &mut self.pods[i];
                    p.node = Some(node.clone());
                    p.bound_ms = Some(now);
                    p.failed_scheduling = None;
                    let key = p.key;
                    let ns = self.namespace.clone();
                    self.event(
                        now,
                        object,
                        false,
                        "Scheduled",
                        format!("Successfully assigned {ns}/{pod_name} to {node}"),
                    );
                    self.pod_output(now, i, None);
                    let at = now + self.assumptions.pod_start_s as u64 * MS_PER_S;
                    self.fx
                        .timers
                        .push((at, KubeTimer::PodStarted { pod: key }));
                    changed = true;
                }
                Err(message) => {
                    if self.pods[i].failed_scheduling.as_deref() != Some(message.as_str()) {
                        let object = format!("Pod/{}", self.pods[i].name);
                        self.pods[i].failed_scheduling = Some(message.clone());
                        self.event(now, object, true, "FailedScheduling", message.clone());
                    }
                    failed = Some((cpu, mem, message));
                }
            }
        }
        changed
    }

    /// The container runs: the readiness probe starts (a failing image never passes it).
    pub(crate) fn pod_started(&mut self, now: u64, key: u64) {
        let Some(i) = self.pods.iter().position(|p| p.key == key) else {
            return;
        };
        if self.pods[i].running_ms.is_some() {
            return;
        }
        self.pods[i].running_ms = Some(now);
        self.pod_output(now, i, None);
        let broken = self
            .assumptions
            .failing_images
            .contains(&self.pods[i].template.image);
        if !broken {
            let p = &self.probe;
            let first = p.initial_delay_seconds as u64;
            let more =
                p.success_threshold.max(1).saturating_sub(1) as u64 * p.period_seconds as u64;
            let at = now + (first + more) * MS_PER_S;
            self.fx.timers.push((at, KubeTimer::PodReady { pod: key }));
        }
    }

    pub(crate) fn pod_ready(&mut self, now: u64, key: u64) {
        let Some(i) = self.pods.iter().position(|p| p.key == key) else {
            return;
        };
        if self.pods[i].ready_ms.is_some() {
            return;
        }
        self.pods[i].ready_ms = Some(now);
        self.pod_output(now, i, None);
        let min_ready = self.deployment.spec.min_ready_seconds.max(0) as u64 * MS_PER_S;
        if min_ready > 0 {
            self.reconcile_later(now + min_ready);
        }
        self.settle(now);
    }

    /// Reports Deployment conditions whose status or reason changed.
    fn report_conditions(&mut self, now: u64) -> bool {
        let mut changed = false;
        let conditions = self.deployment.conditions.clone();
        for c in conditions {
            let key = (c.kind.clone(), c.status, c.reason.clone());
            match self.reported_conditions.iter_mut().find(|r| r.0 == c.kind) {
                Some(r) if *r == key => continue,
                Some(r) => *r = key,
                None => self.reported_conditions.push(key),
            }
            changed = true;
            let o = KubeOutput::DeploymentCondition {
                t: SimTime(now),
                deployment: self.deployment.name.clone(),
                condition: c.kind.clone(),
                status: c.status,
                reason: c.reason.clone(),
                message: c.message.clone(),
            };
            self.emit(o);
        }
        changed
    }

    /// The deployment controller looks again one second after the progress deadline would
    /// pass (`requeueStuckDeployment`).
    fn deadline_timers(&mut self, _now: u64) {
        let Some(c) = self.deployment.condition("Progressing") else {
            return;
        };
        if !c.status || c.reason == "NewReplicaSetAvailable" {
            return;
        }
        let deadline = self.deployment.spec.progress_deadline_seconds.max(0) as u64 * MS_PER_S;
        let at = c.last_update_ms + deadline + MS_PER_S;
        self.reconcile_later(at);
    }

    /// Each pod's CPU now: an idle share plus its part of the load, spread evenly over the
    /// Ready pods (the Service's endpoints); pods that are not Ready get no traffic.
    pub(crate) fn refresh_usage(&mut self) {
        let ready = self.pods.iter().filter(|p| p.ready()).count();
        let per_pod_rps = if ready == 0 {
            0.0
        } else {
            self.load_rps / ready as f64
        };
        let a = &self.assumptions;
        let busy = (per_pod_rps * a.millicores_per_rps).round() as i64;
        for p in &mut self.pods {
            p.cpu_milli = if p.running_ms.is_none() {
                0
            } else if p.ready() {
                a.idle_millicores as i64 + busy
            } else {
                a.idle_millicores as i64
            };
        }
    }
}
