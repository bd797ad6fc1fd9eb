//! The EKS runtime: the cluster's state over time, driving the pure rules of this module
//! (`hpa`, `deployment`, `scheduler`, `cluster_autoscaler`, `argocd`) from the simulator's
//! timers. It never re-implements a rule: it gathers each rule's inputs from the pods, the
//! nodes and the load, calls the rule, and carries out what the rule decided.
//!
//! The simulator (`sim/`) owns one `KubeRuntime` when the scenario has a `kubernetes` section.
//! The interface to the EC2 side is narrow: [`Ec2Side`] (the group's InService instances with
//! their types, its sizes, the offered load) comes in; [`Effects`] (outputs, timers and a new
//! desired capacity for the group) go out.
//!
//! Where things live: `controllers.rs` (the Deployment and ReplicaSet controllers, the
//! scheduler, nodes), `autoscaling.rs` (the HPA sync and the Cluster Autoscaler loop),
//! `gitops.rs` (Git history, Argo CD's ticks and syncs), `pods.rs`, `outputs.rs`.

use super::argocd::{AppSpec, Application, ArgoParams, GitRepo, Health, SyncStatus};
use super::cluster_autoscaler::{CaParams, ClusterAutoscaler};
use super::deployment::{Deployment, DeploymentSpec, IntOrPercent, RollingUpdate, Strategy};
use super::gitops::ManifestState;
use super::hpa::{Condition, HpaController, HpaParams, HpaSpec, MetricSpec};
use super::outputs::{
    ApplicationView, DeploymentView, HpaView, KubeOutput, KubeView, NodeView, PodPhaseView, PodView,
};
use super::pods::{Pod, Template};
use super::scheduler::Node;
use super::MS_PER_S;
use crate::scenario::{
    GitCommit, HpaInput, KubectlAction, KubernetesAssumptions, KubernetesSpec, NodeGroupInput,
    ReadinessProbe,
};
use crate::sim::KubeTimer;
use crate::time::SimTime;

/// One InService instance of the node group's Auto Scaling group.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSpec<'a> {
    /// The node's name: the instance id \[MODEL\] (EKS names nodes by private DNS name),
    /// borrowed: the simulator builds this view on every event.
    pub name: &'a str,
    pub vcpu: u32,
    pub memory_gib: f64,
}

/// What the runtime reads of the EC2 side.
#[derive(Clone, Debug, PartialEq)]
pub struct Ec2Side<'a> {
    /// InService instances, in launch order.
    pub nodes: Vec<NodeSpec<'a>>,
    pub min_size: u32,
    pub max_size: u32,
    pub desired: u32,
    /// (vCPUs, memory GiB) of an instance the group would launch now.
    pub template: (u32, f64),
    /// Requests per second offered to the Service now.
    pub load_rps: f64,
}

/// What the runtime asks of the simulator after a step.
#[derive(Debug, Default)]
pub(crate) struct Effects {
    pub outputs: Vec<KubeOutput>,
    pub timers: Vec<(u64, KubeTimer)>,
    /// SetDesiredCapacity on the node group's Auto Scaling group (the Cluster Autoscaler's
    /// scale-up).
    pub set_desired: Option<u32>,
    /// Nodes (instance ids) the Cluster Autoscaler drained and removes: each is terminated
    /// with TerminateInstanceInAutoScalingGroup, decrementing the desired capacity.
    pub terminate_nodes: Vec<String>,
}

pub(crate) struct HpaState {
    pub input: HpaInput,
    pub ctrl: HpaController,
    /// Key of the last decision reported: (current, desired, rescale, proposals).
    pub last_key: Option<(i32, i32, bool, Vec<i32>)>,
    pub last_events: Vec<(String, String)>,
    pub conditions: Vec<Condition>,
    pub desired: i32,
    pub metrics: Vec<super::hpa::MetricStatus>,
    /// The pods as the last sync described them to the HPA, refreshed in place each sync.
    pub pod_infos: Vec<super::hpa::PodInfo>,
}

pub(crate) struct ArgoState {
    pub app: Application,
    pub spec: AppSpec,
    pub params: ArgoParams,
    pub repo: GitRepo,
    /// Each commit's typed content (same order as `repo.commits`).
    pub states: Vec<ManifestState>,
    pub status: Option<(Option<String>, SyncStatus, Health)>,
    pub last_message: Option<String>,
    pub watch_at: Option<u64>,
}

pub struct KubeRuntime {
    pub(crate) seed: u64,
    pub(crate) namespace: String,
    pub(crate) assumptions: KubernetesAssumptions,
    pub(crate) node_group: NodeGroupInput,
    pub(crate) probe: ReadinessProbe,
    pub(crate) deployment: Deployment,
    /// The Deployment's live pod template, and every template it has had (to give an old
    /// ReplicaSet's pods theirs).
    pub(crate) template: Template,
    pub(crate) templates: Vec<Template>,
    pub(crate) hpa: Option<HpaState>,
    pub(crate) ca: Option<(CaParams, ClusterAutoscaler)>,
    pub(crate) argo: Option<ArgoState>,
    pub(crate) pods: Vec<Pod>,
    pub(crate) next_pod: u64,
    pub(crate) nodes: Vec<Node>,
    pub(crate) fx: Effects,
    /// Reconcile timers already queued (times).
    pub(crate) reconcile_at: Vec<u64>,
    /// Deployment conditions as last reported: (type, status, reason).
    pub(crate) reported_conditions: Vec<(String, bool, String)>,
    /// The offered load at the last step.
    pub(crate) load_rps: f64,
    /// The time of the last step (health checks read it).
    pub(crate) last_now: u64,
    /// What happened since the last per-minute sample (`sample.rs`).
    pub(crate) minute: super::sample::MinuteTally,
}

/// `maxSurge` / `maxUnavailable` as the scenario writes them: `"25%"` or `"1"`.
pub fn int_or_percent(s: &str) -> Result<IntOrPercent, String> {
    let t = s.trim();
    if let Some(p) = t.strip_suffix('%') {
        return p.parse::<i32>().map(IntOrPercent::Percent).map_err(|_| {
            format!("Invalid value: \"{t}\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")
        });
    }
    t.parse::<i32>()
        .map(IntOrPercent::Int)
        .map_err(|_| format!("Invalid value: \"{t}\": must be an integer or percentage (e.g '5%')"))
}

/// The rules' Deployment spec for the scenario's Deployment with `template`.
pub fn deployment_spec(
    k: &KubernetesSpec,
    replicas: i32,
    template: &Template,
) -> Result<DeploymentSpec, String> {
    let d = &k.deployment;
    let ru = RollingUpdate {
        max_surge: int_or_percent(&d.max_surge)
            .map_err(|e| format!("spec.strategy.rollingUpdate.maxSurge: {e}"))?,
        max_unavailable: int_or_percent(&d.max_unavailable)
            .map_err(|e| format!("spec.strategy.rollingUpdate.maxUnavailable: {e}"))?,
    };
    let as_i32 = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    Ok(DeploymentSpec {
        replicas,
        strategy: Strategy::RollingUpdate(ru),
        min_ready_seconds: as_i32(d.min_ready_seconds),
        progress_deadline_seconds: as_i32(d.progress_deadline_seconds),
        revision_history_limit: as_i32(d.revision_history_limit),
        template: template.render(),
    })
}

/// The rules' HPA spec for the scenario's HPA.
pub fn hpa_spec(h: &HpaInput) -> HpaSpec {
    let as_i32 = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    HpaSpec {
        min_replicas: h.min_replicas.map(as_i32),
        max_replicas: as_i32(h.max_replicas),
        metrics: h
            .metrics
            .iter()
            .map(|m| MetricSpec::Resource {
                name: m.resource,
                target: m.target,
            })
            .collect(),
        behavior: h.behavior.clone(),
    }
}

impl KubeRuntime {
    /// The cluster at t = 0: the Deployment (and its HPA) exist; no pod does yet.
    pub fn new(
        k: &KubernetesSpec,
        a: &KubernetesAssumptions,
        seed: u64,
    ) -> Result<KubeRuntime, String> {
        let d = &k.deployment;
        let template = Template {
            image: d.image.clone(),
            cpu_milli: d.cpu_request_milli as i64,
            memory_mib: d.memory_request_mib as i64,
        };
        // A Deployment without `replicas` gets Kubernetes' default of 1.
        let replicas = i32::try_from(d.replicas.unwrap_or(1)).unwrap_or(i32::MAX);
        let spec = deployment_spec(k, replicas, &template)?;
        let deployment = Deployment::new(&d.name, spec).map_err(|e| e.join("; "))?;
        let hpa = k.hpa.as_ref().map(|h| HpaState {
            input: h.clone(),
            ctrl: HpaController::new(HpaParams::default()),
            last_key: None,
            last_events: Vec::new(),
            conditions: Vec::new(),
            desired: replicas,
            metrics: Vec::new(),
            pod_infos: Vec::new(),
        });
        let ca = k.cluster_autoscaler.as_ref().map(|c| {
            let s = |v: u32| v as u64 * MS_PER_S;
            (
                CaParams {
                    scan_interval_ms: s(c.scan_interval_s.max(1)),
                    scale_down_utilization_threshold: c.scale_down_utilization_threshold,
                    scale_down_unneeded_ms: s(c.scale_down_unneeded_time_s),
                    scale_down_delay_after_add_ms: s(c.scale_down_delay_after_add_s),
                    scale_down_delay_after_delete_ms: s(c.scale_down_delay_after_delete_s),
                    max_node_provision_ms: s(c.max_node_provision_time_s),
                    max_empty_bulk_delete: c.max_empty_bulk_delete as usize,
                },
                ClusterAutoscaler::default(),
            )
        });
        let argo = k.gitops.as_ref().map(|g| {
            let (repo, states) = super::gitops::build_repo(k, &g.commits, seed);
            let (spec, params) = super::gitops::app_spec(&g.application);
            ArgoState {
                app: Application::new(&g.application.name),
                spec,
                params,
                repo,
                states,
                status: None,
                last_message: None,
                watch_at: None,
            }
        });
        Ok(KubeRuntime {
            seed,
            namespace: k.namespace.clone(),
            assumptions: a.clone(),
            node_group: k.node_group.clone(),
            probe: d.readiness_probe.clone(),
            deployment,
            templates: vec![template.clone()],
            template,
            hpa,
            ca,
            argo,
            pods: Vec::new(),
            next_pod: 0,
            nodes: Vec::new(),
            fx: Effects::default(),
            reconcile_at: Vec::new(),
            reported_conditions: Vec::new(),
            load_rps: 0.0,
            last_now: 0,
            minute: Default::default(),
        })
    }

    /// t = 0: the controllers' first cadences, and the Deployment's first ReplicaSet.
    pub(crate) fn start(&mut self, now: u64, ec2: &Ec2Side<'_>) {
        if let Some(h) = &self.hpa {
            let at = now + h.ctrl.params.sync_period_ms;
            self.fx.timers.push((at, KubeTimer::HpaSync));
        }
        if let Some((p, _)) = &self.ca {
            self.fx
                .timers
                .push((now + p.scan_interval_ms, KubeTimer::ClusterAutoscalerScan));
        }
        if self.argo.is_some() {
            self.fx.timers.push((now, KubeTimer::ArgoCdPoll));
        }
        self.sync_nodes(now, ec2);
        self.settle(now);
    }

    pub(crate) fn take_effects(&mut self) -> Effects {
        std::mem::take(&mut self.fx)
    }

    pub(crate) fn emit(&mut self, o: KubeOutput) {
        self.minute.note(&o);
        self.fx.outputs.push(o);
    }

    pub(crate) fn event(
        &mut self,
        now: u64,
        object: String,
        warning: bool,
        reason: &str,
        message: String,
    ) {
        use super::hpa::EventType;
        self.emit(KubeOutput::Event {
            t: SimTime(now),
            object,
            kind: if warning {
                EventType::Warning
            } else {
                EventType::Normal
            },
            reason: reason.to_string(),
            message,
        });
    }

    /// Queues a controllers' pass at `at` (once per time).
    pub(crate) fn reconcile_later(&mut self, at: u64) {
        if !self.reconcile_at.contains(&at) {
            self.reconcile_at.push(at);
            self.fx.timers.push((at, KubeTimer::Reconcile));
        }
    }

    /// One of the runtime's timers.
    pub(crate) fn on_timer(&mut self, now: u64, t: KubeTimer, ec2: &Ec2Side<'_>) {
        self.load_rps = ec2.load_rps;
        self.last_now = now;
        match t {
            KubeTimer::HpaSync => {
                self.hpa_sync(now);
                if let Some(h) = &self.hpa {
                    let at = now + h.ctrl.params.sync_period_ms;
                    self.fx.timers.push((at, KubeTimer::HpaSync));
                }
            }
            KubeTimer::ClusterAutoscalerScan => {
                self.sync_nodes(now, ec2);
                self.settle(now);
                self.ca_scan(now, ec2);
                if let Some((p, _)) = &self.ca {
                    let at = now + p.scan_interval_ms;
                    self.fx.timers.push((at, KubeTimer::ClusterAutoscalerScan));
                }
            }
            KubeTimer::ArgoCdPoll => {
                self.argo_tick(now);
                if let Some(a) = &self.argo {
                    if a.params.reconciliation_ms > 0 {
                        let at = now + a.params.reconciliation_ms;
                        self.fx.timers.push((at, KubeTimer::ArgoCdPoll));
                    }
                }
            }
            KubeTimer::ArgoCdWatch => {
                if let Some(a) = &mut self.argo {
                    if a.watch_at == Some(now) {
                        a.watch_at = None;
                    }
                }
                self.argo_tick(now);
            }
            KubeTimer::PodStarted { pod } => self.pod_started(now, pod),
            KubeTimer::PodReady { pod } => self.pod_ready(now, pod),
            KubeTimer::Reconcile => {
                self.reconcile_at.retain(|&t| t != now);
                self.settle(now);
            }
        }
    }

    /// The group's InService instances may have changed: nodes join or leave.
    pub(crate) fn on_instances(&mut self, now: u64, ec2: &Ec2Side<'_>) {
        let same = ec2.nodes.len() == self.nodes.len()
            && ec2
                .nodes
                .iter()
                .zip(&self.nodes)
                .all(|(a, b)| a.name == b.name);
        if !same {
            self.load_rps = ec2.load_rps;
            self.last_now = now;
            self.sync_nodes(now, ec2);
            self.settle(now);
        }
    }

    /// A kubectl command, a commit or a manual sync.
    pub(crate) fn kubectl(&mut self, now: u64, action: &KubectlAction) -> Result<(), String> {
        let name = self.deployment.name.clone();
        self.last_now = now;
        match action {
            KubectlAction::Scale { replicas } => {
                let r =
                    i32::try_from(*replicas).map_err(|_| "replicas out of range".to_string())?;
                let mut spec = self.deployment.spec.clone();
                spec.replicas = r;
                self.deployment
                    .update_spec(spec)
                    .map_err(|e| e.join("; "))?;
            }
            KubectlAction::SetImage { image } => {
                if image.trim().is_empty() {
                    return Err(format!("Deployment.apps \"{name}\" is invalid: spec.template.spec.containers[0].image: Required value"));
                }
                let t = Template {
                    image: image.clone(),
                    ..self.template.clone()
                };
                self.set_template(t)?;
            }
            KubectlAction::RolloutUndo { to_revision } => {
                self.deployment.rollout_undo(*to_revision)?;
                let rendered = self.deployment.spec.template.clone();
                if let Some(t) = self.templates.iter().find(|t| t.render() == rendered) {
                    self.template = t.clone();
                }
            }
        }
        self.settle(now);
        Ok(())
    }

    /// Changes the Deployment's pod template (a new ReplicaSet revision on the next pass).
    pub(crate) fn set_template(&mut self, t: Template) -> Result<(), String> {
        let mut spec = self.deployment.spec.clone();
        spec.template = t.render();
        self.deployment
            .update_spec(spec)
            .map_err(|e| e.join("; "))?;
        if !self.templates.contains(&t) {
            self.templates.push(t.clone());
        }
        self.template = t;
        Ok(())
    }

    /// A commit pushed now to the manifests' repository.
    pub(crate) fn git_commit(&mut self, now: u64, c: &GitCommit) -> Result<(), String> {
        let seed = self.seed;
        let dn = self.deployment.name.clone();
        let hn = self
            .hpa
            .as_ref()
            .map(|h| h.input.name.clone())
            .unwrap_or_default();
        let a = self.argo.as_mut().ok_or_else(|| {
            "This scenario has no Git repository (no kubernetes.gitops).".to_string()
        })?;
        let head = a
            .repo
            .commits
            .iter()
            .rposition(|x| x.at_ms <= now)
            .unwrap_or(0);
        let wave = a
            .repo
            .commits
            .first()
            .and_then(|x| x.manifests.get(1))
            .map_or(0, |m| m.sync_wave);
        let state = a
            .states
            .get(head)
            .cloned()
            .ok_or("empty repository")?
            .with(c);
        super::gitops::push_commit(
            &mut a.repo,
            &mut a.states,
            &state,
            now,
            seed,
            &dn,
            &hn,
            wave,
        );
        Ok(())
    }

    /// `argocd app sync`.
    pub(crate) fn argo_sync(&mut self, now: u64, prune: bool) -> Result<(), String> {
        let a = self
            .argo
            .as_mut()
            .ok_or_else(|| "This scenario has no Argo CD Application.".to_string())?;
        a.app.request_sync(now, prune)?;
        self.argo_tick(now);
        Ok(())
    }

    /// Pods that count (every pod here is active: deleted pods are gone at once).
    pub(crate) fn rs_revision(&self, rs: &str) -> u64 {
        self.deployment
            .replica_sets
            .iter()
            .find(|r| r.name == rs)
            .map_or(0, |r| r.revision)
    }

    pub(crate) fn pod_output(&mut self, now: u64, i: usize, phase: Option<PodPhaseView>) {
        let Some(p) = self.pods.get(i) else { return };
        let phase = phase.unwrap_or(if p.running_ms.is_some() {
            PodPhaseView::Running
        } else {
            PodPhaseView::Pending
        });
        let o = KubeOutput::Pod {
            t: SimTime(now),
            pod: p.name.clone(),
            replica_set: p.replica_set.clone(),
            revision: self.rs_revision(&p.replica_set),
            node: p.node.clone(),
            phase,
            ready: p.ready_ms.is_some() && phase != PodPhaseView::Deleted,
        };
        self.emit(o);
    }

    /// The cluster as a page draws it.
    pub fn view(&self) -> KubeView {
        let d = &self.deployment;
        let deployment = DeploymentView {
            name: d.name.clone(),
            replicas: d.spec.replicas,
            image: self.template.image.clone(),
            progressing_reason: d.condition("Progressing").map(|c| c.reason.clone()),
            replica_sets: d
                .replica_sets
                .iter()
                .map(|r| (r.name.clone(), r.revision, r.replicas))
                .collect(),
        };
        let pods = self
            .pods
            .iter()
            .map(|p| PodView {
                name: p.name.clone(),
                phase: if p.running_ms.is_some() {
                    PodPhaseView::Running
                } else {
                    PodPhaseView::Pending
                },
                ready: p.ready(),
                replica_set: p.replica_set.clone(),
                revision: self.rs_revision(&p.replica_set),
                node: p.node.clone(),
                cpu_milli: p.cpu_milli,
            })
            .collect();
        let nodes = self
            .nodes
            .iter()
            .map(|n| NodeView {
                name: n.name.clone(),
                allocatable_cpu_milli: n.allocatable_cpu_milli,
                requested_cpu_milli: n.requested_cpu_milli,
                pods: n.pods,
            })
            .collect();
        let hpa = self.hpa.as_ref().map(|h| HpaView {
            name: h.input.name.clone(),
            min_replicas: h.input.min_replicas.map_or(1, |v| v as i32),
            max_replicas: h.input.max_replicas as i32,
            current_replicas: self.deployment.spec.replicas,
            desired_replicas: h.desired,
            metrics: h.metrics.clone(),
            conditions: h
                .conditions
                .iter()
                .map(|c| (c.kind, c.status, c.reason.clone(), c.message.clone()))
                .collect(),
            last_scale: h.ctrl.last_scale_ms().map(SimTime),
        });
        let application = self.argo.as_ref().map(|a| {
            let (revision, sync, health) =
                a.status
                    .clone()
                    .unwrap_or((None, SyncStatus::Unknown, Health::Unknown));
            ApplicationView {
                name: a.app.name.clone(),
                revision,
                sync,
                health,
                operation_running: a.app.operation.is_some(),
                message: a.app.last_message.clone(),
            }
        });
        KubeView {
            deployment,
            pods,
            nodes,
            hpa,
            application,
        }
    }

    /// Pods right now (for tests and the benchmark).
    pub fn pods(&self) -> &[Pod] {
        &self.pods
    }

    pub fn deployment(&self) -> &Deployment {
        &self.deployment
    }
}
