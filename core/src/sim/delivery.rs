//! How code reaches instances: CodeDeploy deployments (B1 to B5) and the three alternatives the
//! product compares (no automation, user data, baked AMI + instance refresh). This is the part
//! of the event loop that decides which revision every instance runs, and why.

use std::collections::VecDeque;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::{Event, Output, Sim};
use crate::codedeploy::fleet::{
    FleetDeployment, FleetStatus, TargetInfo, MAX_INSTANCES_PER_DEPLOYMENT,
};
use crate::codedeploy::lifecycle_events::{events_for_instance, EventStatus, LifecycleEvent};
use crate::instance::{LifecycleState, Role, TerminationCause};
use crate::rng::hash_noise;
use crate::scenario::{
    ActionOnTimeout, Ami, DeliveryMethod, DeploymentType, LaunchSource, LifecycleActionResult,
    OriginalInstancesAction, OutdatedInstancesStrategy, RevisionFailure, RevisionSpec,
};
use crate::time::{SimTime, MS_PER_S};

/// Finished deployments kept for the page's panel (older ones were emitted as outputs).
const DEPLOYMENT_HISTORY: usize = 300;
/// The lifecycle hook CodeDeploy installs in the group (B5.1), as a pending-hook marker.
pub(super) const CODEDEPLOY_HOOK: usize = usize::MAX;
/// How often an instance refresh checks whether it can replace the next batch.
const REFRESH_POLL_MS: u64 = 30_000;

/// B1.1 `creator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(non_camel_case_types)]
pub enum Creator {
    user,
    autoscaling,
    CodeDeployAutoUpdate,
    codeDeployRollback,
}

/// B1.2 deployment status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeploymentStatus {
    InProgress,
    Succeeded,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstanceTarget {
    pub instance_id: String,
    pub key: u64,
    /// `Pending`, `InProgress`, `Succeeded`, `Failed` or `Skipped` (B1.2).
    pub status: String,
    pub events: Vec<(LifecycleEvent, EventStatus)>,
    /// The event at which this instance will fail, decided when its deployment starts.
    #[serde(skip)]
    fail_at: Option<LifecycleEvent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    pub seq: u64,
    /// `d-` and nine characters, as CodeDeploy names them.
    pub id: String,
    pub creator: Creator,
    pub revision: String,
    pub status: DeploymentStatus,
    pub start: SimTime,
    pub end: Option<SimTime>,
    pub message: String,
    pub targets: Vec<InstanceTarget>,
}

/// What the deployment side of the world holds between events.
#[derive(Default)]
pub(super) struct DeliveryState {
    pub last_successful: Option<String>,
    /// The newest artifact published (what a user-data script downloads, B5.9).
    pub latest_artifact: Option<String>,
    pub deployments: VecDeque<Deployment>,
    pub next_seq: u64,
    /// The one active fleet deployment of the deployment group (B1.3).
    pub active: Option<(u64, FleetDeployment)>,
    /// A blue/green deployment in progress (B4.2).
    pub blue_green: Option<BlueGreenRun>,
    /// An instance refresh in progress: the launch template version it rolls out.
    pub refresh_version: Option<u32>,
    pub measures: Measures,
    /// The release being watched for convergence: (revision, released at).
    pub converging: Option<(String, SimTime)>,
}

/// B4.2: the replacement fleet of a blue/green deployment and where it stands.
pub(super) struct BlueGreenRun {
    pub seq: u64,
    pub replacement: Vec<u64>,
    /// How many of `replacement` have entered service (each does so once).
    pub booted: usize,
    pub phase: BlueGreenPhase,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum BlueGreenPhase {
    /// Replacement instances are launching in the copied group.
    Provisioning,
    /// The revision is being installed on them (min healthy applies to them, B2.4).
    Installing,
    /// Installed; waiting for a reroute (STOP_DEPLOYMENT).
    Waiting,
}

/// Per-run measures (issue 4): who served what, and how long the fleet was mixed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    /// Requests served by each revision ("" = no application code), in revision order of first use.
    pub served_by_revision: Vec<(String, f64)>,
    /// Requests answered with errors (instances whose application is broken).
    pub errors_served: f64,
    /// Requests dropped for lack of capacity.
    pub dropped: f64,
    /// Minutes during which serving instances ran more than one revision.
    pub mixed_revision_minutes: u64,
    /// For each release: seconds until every serving instance ran it (`None` = not yet).
    pub convergence_s: Vec<(String, Option<u64>)>,
}

impl Sim {
    pub fn deployments(&self) -> &VecDeque<Deployment> {
        &self.delivery.deployments
    }

    pub fn measures(&self) -> &Measures {
        &self.delivery.measures
    }

    pub fn last_successful_revision(&self) -> Option<&str> {
        self.delivery.last_successful.as_deref()
    }

    fn revision(&self, label: &str) -> Option<RevisionSpec> {
        self.scenario
            .delivery
            .revisions
            .iter()
            .find(|r| r.label == label)
            .cloned()
    }

    /// Action::Deploy: release a revision the way the scenario delivers code.
    pub(super) fn release(&mut self, label: String) {
        let Some(rev) = self.revision(&label) else {
            self.reject(format!(
                "Revision {label} is not defined in delivery.revisions."
            ));
            return;
        };
        match self.scenario.delivery.method {
            DeliveryMethod::CodeDeploy => {
                if let Some(seq) = self.delivery.active.as_ref().map(|(seq, _)| *seq).or(self
                    .delivery
                    .blue_green
                    .as_ref()
                    .map(|b| b.seq))
                {
                    let seq = &seq;
                    let id = self
                        .deployment(*seq)
                        .map(|d| d.id.clone())
                        .unwrap_or_default();
                    self.reject(format!(
                        "DeploymentLimitExceededException: The deployment group {} already has an active deployment {id} (B1.3).",
                        self.scenario.delivery.deployment_group_name
                    ));
                    return;
                }
                self.watch_convergence(&label);
                if self.scenario.delivery.deployment_type == DeploymentType::BLUE_GREEN {
                    self.start_blue_green(rev);
                } else {
                    self.start_fleet_deployment(rev, Creator::user, None);
                }
            }
            DeliveryMethod::NoAutomation | DeliveryMethod::UserData => {
                // Someone updates the running servers by hand, one after another, with no checks.
                self.watch_convergence(&label);
                let step = u64::from(self.scenario.assumptions.manual_update_s) * MS_PER_S;
                let keys: Vec<u64> = self
                    .instances
                    .iter()
                    .filter(|i| i.state == LifecycleState::InService)
                    .map(|i| i.key)
                    .collect();
                for (n, key) in keys.into_iter().enumerate() {
                    let at = self.now.plus_ms(step * (n as u64 + 1));
                    self.push(
                        at,
                        0,
                        Event::ManualUpdate {
                            key,
                            revision: revision_index(&self.scenario.delivery.revisions, &label),
                        },
                    );
                }
            }
            DeliveryMethod::BakeAmi => {
                self.watch_convergence(&label);
                let at = self
                    .now
                    .plus_secs(u64::from(self.scenario.assumptions.ami_bake_s));
                let revision = revision_index(&self.scenario.delivery.revisions, &label);
                self.push(at, 0, Event::AmiBaked { revision });
            }
        }
    }

    /// A release was accepted: publish the artifact and start timing convergence.
    fn watch_convergence(&mut self, label: &str) {
        self.delivery.latest_artifact = Some(label.to_string());
        let m = &mut self.delivery.measures;
        m.convergence_s.push((label.to_string(), None));
        self.delivery.converging = Some((label.to_string(), self.now));
    }

    fn deployment(&self, seq: u64) -> Option<&Deployment> {
        let front = self.delivery.deployments.front().map_or(0, |d| d.seq);
        seq.checked_sub(front)
            .and_then(|o| self.delivery.deployments.get(o as usize))
    }

    fn deployment_mut(&mut self, seq: u64) -> Option<&mut Deployment> {
        let front = self.delivery.deployments.front().map_or(0, |d| d.seq);
        seq.checked_sub(front)
            .and_then(|o| self.delivery.deployments.get_mut(o as usize))
    }

    fn new_deployment(&mut self, creator: Creator, revision: &str) -> u64 {
        let seq = self.delivery.next_seq;
        self.delivery.next_seq += 1;
        let id = deployment_id(self.scenario.seed, seq);
        let d = Deployment {
            seq,
            id,
            creator,
            revision: revision.to_string(),
            status: DeploymentStatus::InProgress,
            start: self.now,
            end: None,
            message: String::new(),
            targets: Vec::new(),
        };
        self.outputs.push_back(Output::Deployment(d.clone()));
        self.delivery.deployments.push_back(d);
        // Forget the oldest finished deployments; one still running stays (its instances need
        // it), so the history is bounded by the history size plus the deployments in flight.
        while self.delivery.deployments.len() > DEPLOYMENT_HISTORY
            && self
                .delivery
                .deployments
                .front()
                .is_some_and(|d| d.status != DeploymentStatus::InProgress)
        {
            self.delivery.deployments.pop_front();
        }
        seq
    }

    fn finish_deployment(&mut self, seq: u64, ok: bool, message: String) {
        let now = self.now;
        if let Some(d) = self.deployment_mut(seq) {
            d.status = if ok {
                DeploymentStatus::Succeeded
            } else {
                DeploymentStatus::Failed
            };
            d.end = Some(now);
            d.message = message;
            for t in d.targets.iter_mut().filter(|t| t.status == "Pending") {
                t.status = "Skipped".into();
            }
            let d = d.clone();
            self.outputs.push_back(Output::Deployment(d));
        }
    }

    /// B2.3: a deployment to the InService fleet (B5.8: Pending:Wait instances get their own
    /// launch deployment instead).
    fn start_fleet_deployment(
        &mut self,
        rev: RevisionSpec,
        creator: Creator,
        only: Option<Vec<u64>>,
    ) {
        let config = self.scenario.delivery.deployment_config.clone();
        let count = match only.as_ref() {
            Some(keys) => keys.len(),
            None => self.census.in_service_members as usize,
        };
        if count > MAX_INSTANCES_PER_DEPLOYMENT as usize {
            // B1.3: the deployment fails at once. Decided from the census, so a Deploy that
            // cannot run costs O(1), not a pass over (and a copy of) a large fleet.
            self.visit(1);
            let seq = self.new_deployment(creator, &rev.label);
            let fleet = FleetDeployment::too_many(count);
            let reason = match fleet.status() {
                FleetStatus::Failed { reason } => reason.clone(),
                _ => String::new(),
            };
            self.fleet_finished(seq, false, reason);
            return;
        }
        let mut only = only;
        if let Some(keys) = only.as_mut() {
            crate::sort::sort(keys);
        }
        self.visit(self.instances.len());
        let targets: Vec<TargetInfo> = self
            .instances
            .iter()
            .filter(|i| i.state == LifecycleState::InService)
            .filter(|i| match only.as_ref() {
                Some(keys) => keys.binary_search(&i.key).is_ok(),
                None => i.role == Role::Member,
            })
            .map(|i| TargetInfo {
                key: i.key,
                healthy: i.last_deploy_ok != Some(false),
                revision_current: Some(i.revision.as_deref() == Some(rev.label.as_str())),
            })
            .collect();
        let seq = self.new_deployment(creator, &rev.label);
        self.visit(targets.len());
        let fleet = FleetDeployment::start(&config, targets);
        let with_lb = self.scenario.delivery.with_load_balancer;
        let target_rows: Vec<InstanceTarget> = fleet
            .targets()
            .filter_map(|(t, _)| {
                let i = &self.instances[self.index_of(t.key)?];
                Some(InstanceTarget {
                    instance_id: i.id.clone(),
                    key: i.key,
                    status: "Pending".into(),
                    events: events_for_instance(with_lb, i.last_deploy_ok.is_none()),
                    fail_at: None,
                })
            })
            .collect();
        if let Some(d) = self.deployment_mut(seq) {
            d.targets = target_rows;
        }
        self.emit_targets(seq);
        self.delivery.active = Some((seq, fleet));
        self.pump_fleet();
    }

    /// Starts the next batch, or finishes the fleet deployment when it is decided.
    fn pump_fleet(&mut self) {
        let Some((seq, mut fleet)) = self.delivery.active.take() else {
            return;
        };
        let batch = fleet.next_batch();
        let status = fleet.status().clone();
        self.delivery.active = Some((seq, fleet));
        for key in batch {
            self.start_instance_deployment(seq, key);
        }
        match status {
            FleetStatus::InProgress => {}
            FleetStatus::Succeeded => {
                self.delivery.active = None;
                self.fleet_finished(seq, true, String::new());
            }
            FleetStatus::Failed { reason } => {
                self.delivery.active = None;
                self.fleet_finished(seq, false, reason);
            }
        }
    }

    fn fleet_finished(&mut self, seq: u64, ok: bool, message: String) {
        if self
            .delivery
            .blue_green
            .as_ref()
            .is_some_and(|b| b.seq == seq)
        {
            self.blue_green_installed(seq, ok, message);
            return;
        }
        self.finish_deployment(seq, ok, message);
        let Some((label, creator)) = self
            .deployment(seq)
            .map(|d| (d.revision.clone(), d.creator))
        else {
            return;
        };
        if ok {
            self.set_last_successful(Some(label));
            self.follow_on_if_outdated();
        } else if self.scenario.delivery.auto_rollback && creator == Creator::user {
            // B4.4 rolls back a failed release; a failed rollback or follow-on is not rolled
            // back again (that would loop).
            // B4.4: redeploy the last known good revision as a new deployment.
            if let Some(good) = self
                .delivery
                .last_successful
                .clone()
                .and_then(|l| self.revision(&l))
            {
                self.start_fleet_deployment(good, Creator::codeDeployRollback, None);
            }
        }
    }

    /// B2.3: a successful deployment updates the deployment group's revision; the trace gets
    /// a record whenever it changes.
    fn set_last_successful(&mut self, label: Option<String>) {
        if self.delivery.last_successful == label {
            return;
        }
        self.delivery.last_successful = label.clone();
        self.outputs.push_back(Output::LastSuccessfulRevision {
            t: self.now,
            deployment_group: self.scenario.delivery.deployment_group_name.clone(),
            revision: label,
        });
    }

    /// Records a deployment's targets in the trace once they are chosen.
    fn emit_targets(&mut self, seq: u64) {
        let Some(d) = self.deployment(seq) else {
            return;
        };
        let out = Output::DeploymentTargets {
            t: self.now,
            deployment_id: d.id.clone(),
            revision: d.revision.clone(),
            instance_ids: d.targets.iter().map(|t| t.instance_id.clone()).collect(),
        };
        self.outputs.push_back(out);
    }

    /// B5.4: instances that entered service on an older revision than the last successful one
    /// (they launched during a deployment) get a follow-on deployment with UPDATE. Instances
    /// still launching are checked again when they enter service.
    pub(super) fn follow_on_if_outdated(&mut self) {
        if self.delivery.active.is_some()
            || self.scenario.delivery.outdated_instances_strategy
                != OutdatedInstancesStrategy::UPDATE
        {
            return;
        }
        let Some(label) = self.delivery.last_successful.clone() else {
            return;
        };
        let outdated: Vec<u64> = self
            .instances
            .iter()
            .filter(|i| {
                i.state == LifecycleState::InService
                    && i.role == Role::Member
                    && i.revision.as_deref() != Some(label.as_str())
            })
            .map(|i| i.key)
            .collect();
        if outdated.is_empty() {
            return;
        }
        if let Some(rev) = self.revision(&label) {
            self.start_fleet_deployment(rev, Creator::CodeDeployAutoUpdate, Some(outdated));
        }
    }

    /// B5.2: the launch deployment of the last successful revision, while the instance waits
    /// in Pending:Wait. Returns false when the hook completes at once (no deployment).
    pub(super) fn start_launch_deployment(&mut self, idx: usize) -> bool {
        let Some(label) = self.delivery.last_successful.clone() else {
            // B5.3 UNCONFIRMED: no successful revision yet; a named, switchable assumption.
            return false;
        };
        let Some(rev) = self.revision(&label) else {
            return false;
        };
        let seq = self.new_deployment(Creator::autoscaling, &rev.label);
        let i = &self.instances[idx];
        let row = InstanceTarget {
            instance_id: i.id.clone(),
            key: i.key,
            status: "Pending".into(),
            events: events_for_instance(self.scenario.delivery.with_load_balancer, true),
            fail_at: None,
        };
        let key = i.key;
        if let Some(d) = self.deployment_mut(seq) {
            d.targets.push(row);
        }
        self.emit_targets(seq);
        self.start_instance_deployment(seq, key);
        true
    }

    fn start_instance_deployment(&mut self, seq: u64, key: u64) {
        let Some(idx) = self.index_of(key) else {
            self.instance_deployment_done(seq, key, false);
            return;
        };
        let Some(label) = self.deployment(seq).map(|d| d.revision.clone()) else {
            return;
        };
        let Some(rev) = self.revision(&label) else {
            return;
        };
        let fail_at = self.failure_point(&rev, idx, seq);
        self.instances[idx].deploying = Some(seq);
        if let Some(t) = self
            .deployment_mut(seq)
            .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
        {
            t.status = "InProgress".into();
            t.fail_at = fail_at;
        }
        self.schedule_next_event(seq, key, 0);
    }

    /// Where (if anywhere) this revision fails on this instance: the revision's own failure
    /// mode, or missing software at ApplicationStart (the JDK 11 on a JDK 1.8 AMI story).
    fn failure_point(&self, rev: &RevisionSpec, idx: usize, seq: u64) -> Option<LifecycleEvent> {
        let i = &self.instances[idx];
        let explicit = match rev.failure {
            RevisionFailure::AtEvent(e) => Some(e),
            RevisionFailure::Probability(p) => {
                // Drawn from (seed, deployment, instance): the same whatever else happens.
                let u = (hash_noise(
                    self.scenario.seed ^ 0xDE91,
                    seq.wrapping_mul(1_000_003) ^ i.key,
                ) + 1.0)
                    / 2.0;
                (u * 100.0 < p).then_some(LifecycleEvent::ValidateService)
            }
            RevisionFailure::None | RevisionFailure::ServesErrors => None,
        };
        let missing = rev.requires.iter().any(|r| !i.software.contains(r));
        let requirement = missing.then_some(LifecycleEvent::ApplicationStart);
        match (explicit, requirement) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn event_duration_ms(&self, rev: &RevisionSpec, e: LifecycleEvent) -> u64 {
        if e == LifecycleEvent::DownloadBundle {
            let speed = self.scenario.assumptions.download_mb_per_s.max(0.001);
            ((rev.bundle_mb.max(0.0) / speed) * 1000.0) as u64
        } else {
            u64::from(rev.event_s) * MS_PER_S
        }
    }

    /// Schedules the end of the next pending lifecycle event at or after `from`.
    fn schedule_next_event(&mut self, seq: u64, key: u64, from: usize) {
        let Some(d) = self.deployment(seq) else {
            return;
        };
        let Some(rev) = self.revision(&d.revision) else {
            return;
        };
        let Some(t) = d.targets.iter().find(|t| t.key == key) else {
            return;
        };
        let next = t
            .events
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, (_, st))| *st == EventStatus::Pending);
        match next {
            Some((step, (event, _))) => {
                let ms = self.event_duration_ms(&rev, *event);
                if let Some(row) = self
                    .deployment_mut(seq)
                    .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
                {
                    row.events[step].1 = EventStatus::InProgress;
                }
                self.push(
                    self.now.plus_ms(ms),
                    0,
                    Event::DeployStep {
                        deployment: seq,
                        key,
                        step,
                    },
                );
            }
            None => self.instance_deployment_done(seq, key, true),
        }
    }

    /// A lifecycle event finished on one instance.
    pub(super) fn deploy_step(&mut self, seq: u64, key: u64, step: usize) {
        let alive = self
            .index_of(key)
            .is_some_and(|idx| !self.instances[idx].state.is_terminating());
        let Some(row) = self
            .deployment_mut(seq)
            .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
        else {
            return;
        };
        if row.status != "InProgress" {
            return;
        }
        let Some(&(event, _)) = row.events.get(step) else {
            return;
        };
        if !alive || row.fail_at == Some(event) {
            // B3.5: a failed event fails the instance; the remaining events are skipped.
            row.events[step].1 = EventStatus::Failed;
            for e in row.events.iter_mut().skip(step + 1) {
                e.1 = EventStatus::Skipped;
            }
            self.instance_deployment_done(seq, key, false);
        } else {
            row.events[step].1 = EventStatus::Succeeded;
            self.schedule_next_event(seq, key, step + 1);
        }
    }

    /// One instance's deployment ended: update the instance, then the deployment.
    pub(super) fn instance_deployment_done(&mut self, seq: u64, key: u64, ok: bool) {
        let Some(d) = self.deployment(seq) else {
            return;
        };
        let label = d.revision.clone();
        let creator = d.creator;
        let mut failed_event = None;
        if let Some(row) = self
            .deployment_mut(seq)
            .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
        {
            // A target can fail before it starts (it was terminated while waiting its turn).
            if row.status != "InProgress" && row.status != "Pending" {
                return;
            }
            row.status = if ok { "Succeeded" } else { "Failed" }.into();
            failed_event = row
                .events
                .iter()
                .find(|(_, st)| *st == EventStatus::Failed)
                .map(|(e, _)| *e);
        }
        let serves_errors = self
            .revision(&label)
            .is_some_and(|r| r.failure == RevisionFailure::ServesErrors);
        let installs = self
            .revision(&label)
            .map(|r| r.installs)
            .unwrap_or_default();
        let idx = self.index_of(key);
        let interned = super::intern(&mut self.labels, &label);
        if let Some(idx) = idx {
            let i = &mut self.instances[idx];
            i.deploying = None;
            i.last_deploy_ok = Some(ok);
            if ok {
                i.revision = Some(Rc::clone(&interned));
                i.app_healthy = !serves_errors;
                for s in installs {
                    if !i.software.contains(&s) {
                        i.software.push(s);
                    }
                }
            } else {
                // Files were partly replaced and the application did not start.
                i.revision = Some(Rc::clone(&interned));
                i.app_healthy = false;
            }
        }
        if creator == Creator::autoscaling {
            let message = if ok {
                String::new()
            } else {
                match failed_event {
                    Some(e) => format!(
                        "Deployment failed: the {} lifecycle event failed (ScriptFailed).",
                        e.as_str()
                    ),
                    None => "Deployment failed: the instance could not complete the deployment."
                        .to_string(),
                }
            };
            self.finish_deployment(seq, ok, message);
            // B5.2 step 4: success -> CONTINUE, failure -> ABANDON (the instance is terminated
            // and the group launches another).
            if let Some(idx) = idx {
                let i = &self.instances[idx];
                if i.state == LifecycleState::PendingWait {
                    let generation = i.generation;
                    let result = if ok {
                        LifecycleActionResult::CONTINUE
                    } else {
                        LifecycleActionResult::ABANDON
                    };
                    self.hook_completed(key, CODEDEPLOY_HOOK, generation, result, false);
                }
            }
            if ok && self.delivery.last_successful.as_deref() != Some(label.as_str()) {
                // A release finished while this instance installed the previous revision.
                self.follow_on_if_outdated();
            }
            return;
        }
        if let Some((active, fleet)) = self.delivery.active.as_mut() {
            if *active == seq {
                fleet.record(key, ok);
                self.pump_fleet();
            }
        }
    }

    /// B5.6: an instance that leaves during a deployment counts as failed.
    pub(super) fn instance_leaving(&mut self, idx: usize) {
        if let Some(seq) = self.instances[idx].deploying {
            let key = self.instances[idx].key;
            let creator = self.deployment(seq).map(|d| d.creator);
            if creator == Some(Creator::autoscaling) {
                // The hook is gone with the instance; just close the deployment.
                if let Some(row) = self
                    .deployment_mut(seq)
                    .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
                {
                    row.status = "Failed".into();
                }
                self.instances[idx].deploying = None;
                self.finish_deployment(
                    seq,
                    false,
                    "The instance was terminated during the deployment (B5.6).".into(),
                );
            } else {
                self.instance_deployment_done(seq, key, false);
            }
        }
    }

    /// B5.9: a user-data script pulls the latest artifact at first boot and nobody checks
    /// whether it worked: the instance goes InService either way.
    pub(super) fn run_user_data(&mut self, idx: usize) {
        let Some(label) = self.delivery.latest_artifact.clone() else {
            return;
        };
        self.apply_by_hand(idx, &label);
    }

    /// Installs a revision without any checks (by hand, or by a user-data script).
    fn apply_by_hand(&mut self, idx: usize, label: &str) {
        let Some(rev) = self.revision(label) else {
            return;
        };
        let fails = self.failure_point(&rev, idx, u64::MAX).is_some();
        let interned = super::intern(&mut self.labels, label);
        let i = &mut self.instances[idx];
        i.revision = Some(interned);
        i.app_healthy = !fails && rev.failure != RevisionFailure::ServesErrors;
        if !fails {
            for s in rev.installs {
                if !i.software.contains(&s) {
                    i.software.push(s);
                }
            }
        }
    }

    pub(super) fn manual_update(&mut self, key: u64, revision: usize) {
        let Some(label) = self
            .scenario
            .delivery
            .revisions
            .get(revision)
            .map(|r| r.label.clone())
        else {
            return;
        };
        if let Some(idx) = self.index_of(key) {
            if self.instances[idx].state == LifecycleState::InService {
                self.apply_by_hand(idx, &label);
            }
        }
    }

    /// BakeAmi: the AMI is ready; make it the launch template's default and refresh (A1.9).
    pub(super) fn ami_baked(&mut self, revision: usize) {
        let Some(rev) = self.scenario.delivery.revisions.get(revision).cloned() else {
            return;
        };
        let LaunchSource::LaunchTemplate { name, .. } = self.scenario.group.launch.clone() else {
            self.reject("Baking an AMI needs the group to use a launch template.".into());
            return;
        };
        let base = crate::launch::resolve(&self.scenario, &self.scenario.group.launch)
            .ok()
            .and_then(|r| crate::launch::find_ami(&self.scenario, &r.image_id).cloned())
            .unwrap_or_default();
        let mut software = base.software.clone();
        for s in rev.requires.iter().chain(rev.installs.iter()) {
            if !software.contains(s) {
                software.push(s.clone());
            }
        }
        let id = format!(
            "ami-0{:016x}",
            (hash_noise(self.scenario.seed, revision as u64 + 77).to_bits())
        );
        self.scenario.amis.push(Ami {
            id: id.clone(),
            name: format!("{}-{}", base.name, rev.label),
            software,
            baked_revision: Some(rev.label.clone()),
        });
        self.execute_inner(crate::scenario::Action::CreateLaunchTemplateVersion {
            source_version: self
                .scenario
                .launch_templates
                .iter()
                .find(|t| t.name == name)
                .map(|t| t.default_version),
            image_id: Some(id),
            instance_type: None,
            set_default: true,
        });
        self.delivery.refresh_version = self
            .scenario
            .launch_templates
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.default_version);
        self.push(self.now, 0, Event::RefreshStep);
    }

    /// A1.9: replace a batch of outdated instances once the previous batch is in service and
    /// warmed up; MinHealthyPercentage sets the batch size.
    pub(super) fn refresh_step(&mut self) {
        let Some(version) = self.delivery.refresh_version else {
            return;
        };
        let outdated: Vec<usize> = self
            .instances
            .iter()
            .enumerate()
            .filter(|(_, i)| i.in_group())
            .filter(|(_, i)| match &i.launch.origin {
                crate::launch::LaunchOrigin::LaunchTemplate { version: v, .. } => *v != version,
                _ => true,
            })
            .map(|(n, _)| n)
            .collect();
        if outdated.is_empty() {
            self.delivery.refresh_version = None;
            return;
        }
        let g = &self.scenario.group;
        let warmup_ms = u64::from(
            g.default_instance_warmup_s
                .unwrap_or(g.health_check_grace_period_s),
        ) * MS_PER_S;
        let now = self.now;
        let busy = self.instances.iter().any(|i| {
            i.state.is_pending()
                || (i.state == LifecycleState::InService
                    && i.in_service_at.is_some_and(|t| now.since(t) < warmup_ms))
        });
        if !busy {
            let desired = self.sizes.desired;
            let keep = (u64::from(desired)
                * u64::from(self.scenario.assumptions.refresh_min_healthy_pct))
            .div_ceil(100) as u32;
            let batch = desired.saturating_sub(keep).max(1) as usize;
            // Oldest first.
            for &idx in outdated.iter().take(batch).collect::<Vec<_>>().iter().rev() {
                self.begin_termination(*idx, TerminationCause::InstanceRefresh, None);
            }
            self.reconcile(&crate::activity::Trigger::Replacement, self.sizes.desired);
        }
        self.push(self.now.plus_ms(REFRESH_POLL_MS), 0, Event::RefreshStep);
    }

    /// Per-minute measures: served and error requests by revision, mixed fleets, convergence.
    /// `groups`: serving instances per revision (label, count, broken count), gathered by the
    /// sample pass. With uniform capacity every serving instance serves `share`.
    pub(super) fn measure_minute(
        &mut self,
        groups: &[(Option<Rc<str>>, u32, u32)],
        share: f64,
        uniform: bool,
    ) {
        let mut errors = 0.0;
        let mut mix: Vec<(String, u32)> = Vec::with_capacity(groups.len());
        for (label, n, broken) in groups {
            let label = label.as_deref().unwrap_or("");
            let (served, errs) =
                if uniform {
                    (
                        f64::from(*n) * share * 60.0,
                        f64::from(*broken) * share * 60.0,
                    )
                } else {
                    // Mixed instance types under overload: add up instance by instance.
                    let mut served = 0.0;
                    let mut errs = 0.0;
                    for i in self.instances.iter().filter(|i| {
                        i.serves_traffic() && i.revision.as_deref().unwrap_or("") == label
                    }) {
                        let s = share.min(i.capacity_rps) * 60.0;
                        served += s;
                        if !i.app_healthy {
                            errs += s;
                        }
                    }
                    (served, errs)
                };
            errors += errs;
            let by_rev = &mut self.delivery.measures.served_by_revision;
            match by_rev.iter_mut().find(|(l, _)| l == label) {
                Some((_, total)) => *total += served,
                None => by_rev.push((label.to_string(), served)),
            }
            mix.push((label.to_string(), *n));
        }
        let m = &mut self.delivery.measures;
        m.errors_served += errors;
        if mix.len() > 1 {
            m.mixed_revision_minutes += 1;
        }
        if let Some((label, since)) = self.delivery.converging.clone() {
            // Converged: every live instance is InService and runs the release, installed
            // successfully. A failed install leaves the release's label on the instance (its
            // files were partly replaced) but does not count: with 9 of 10 installs failing
            // the release has not converged. A revision that deploys fine and then serves
            // errors (`ServesErrors`) did install, so it counts.
            let rev = self.revision(&label);
            let installed = |i: &crate::instance::Instance| {
                i.revision.as_deref() == Some(label.as_str())
                    && i.last_deploy_ok != Some(false)
                    && (i.app_healthy
                        || rev.as_ref().is_some_and(|r| {
                            r.failure == RevisionFailure::ServesErrors
                                && r.requires.iter().all(|q| i.software.contains(q))
                        }))
            };
            let done = self
                .instances
                .iter()
                .filter(|i| i.in_group())
                .all(|i| i.state == LifecycleState::InService && installed(i));
            if done && !mix.is_empty() {
                let m = &mut self.delivery.measures;
                if let Some(slot) = m.convergence_s.iter_mut().rev().find(|(l, _)| *l == label) {
                    slot.1 = Some(self.now.since(since) / MS_PER_S);
                }
                self.delivery.converging = None;
            }
        }
        crate::sort::sort(&mut mix);
        self.last_revision_mix = mix;
        self.last_errors_rps = errors / 60.0;
    }
}

impl Sim {
    /// B4.2 step 1: CodeDeploy copies the group (`CodeDeploy_<dg>_<id>`) with as many
    /// instances as the original has healthy ones, and launches them from the current launch
    /// template. They take no traffic until the reroute.
    fn start_blue_green(&mut self, rev: RevisionSpec) {
        let seq = self.new_deployment(Creator::user, &rev.label);
        let healthy = self.count(|i| {
            i.role == Role::Member
                && i.state == LifecycleState::InService
                && i.health == crate::instance::HealthStatus::Healthy
        });
        if healthy == 0 {
            self.finish_deployment(
                seq,
                false,
                "The deployment failed because no instances were found for your deployment group."
                    .into(),
            );
            return;
        }
        let id = self
            .deployment(seq)
            .map(|d| d.id.clone())
            .unwrap_or_default();
        let asg = format!(
            "CodeDeploy_{}_{id}",
            self.scenario.delivery.deployment_group_name
        );
        let at = self.at();
        let first = format!(
            "At {at} CodeDeploy deployment {id} created the replacement Auto Scaling group {asg} changing the desired capacity from 0 to {healthy}."
        );
        let mut per_az = vec![0usize; self.scenario.group.availability_zones.len().max(1)];
        let mut replacement = Vec::new();
        for n in 0..healthy {
            let az = crate::group::pick_az(&per_az);
            per_az[az] += 1;
            if let Some(key) = self.launch(Some(first.clone()), n, healthy, az, false) {
                if let Some(idx) = self.index_of(key) {
                    self.set_role(idx, Role::Replacement);
                }
                replacement.push(key);
            }
        }
        self.delivery.blue_green = Some(BlueGreenRun {
            seq,
            replacement,
            booted: 0,
            phase: BlueGreenPhase::Provisioning,
        });
    }

    /// Once every replacement instance is running, install the revision on them (B3.3).
    pub(super) fn blue_green_booted(&mut self) {
        let Some(run) = self.delivery.blue_green.as_mut() else {
            return;
        };
        if run.phase != BlueGreenPhase::Provisioning {
            return;
        }
        // Counted, not re-checked: a pass over the replacement fleet at each boot would make
        // provisioning N instances cost O(N^2).
        run.booted += 1;
        if run.booted < run.replacement.len() {
            return;
        }
        let run = &*run;
        let (seq, keys) = (run.seq, run.replacement.clone());
        if let Some(run) = self.delivery.blue_green.as_mut() {
            run.phase = BlueGreenPhase::Installing;
        }
        let targets: Vec<TargetInfo> = keys
            .iter()
            .map(|&key| TargetInfo {
                key,
                healthy: false,
                revision_current: None,
            })
            .collect();
        let config = self.scenario.delivery.deployment_config.clone();
        let fleet = FleetDeployment::start(&config, targets);
        let with_lb = self.scenario.delivery.with_load_balancer;
        let rows: Vec<InstanceTarget> = keys
            .iter()
            .filter_map(|k| self.index_of(*k))
            .map(|idx| InstanceTarget {
                instance_id: self.instances[idx].id.clone(),
                key: self.instances[idx].key,
                status: "Pending".into(),
                events: events_for_instance(with_lb, true),
                fail_at: None,
            })
            .collect();
        if let Some(d) = self.deployment_mut(seq) {
            d.targets = rows;
        }
        self.emit_targets(seq);
        self.delivery.active = Some((seq, fleet));
        self.pump_fleet();
    }

    fn blue_green_installed(&mut self, seq: u64, ok: bool, message: String) {
        if !ok {
            self.finish_deployment(seq, false, message);
            self.drop_replacement("the blue/green deployment failed");
            return;
        }
        match self.scenario.delivery.blue_green.action_on_timeout {
            ActionOnTimeout::CONTINUE_DEPLOYMENT => self.reroute(seq),
            ActionOnTimeout::STOP_DEPLOYMENT => {
                if let Some(run) = self.delivery.blue_green.as_mut() {
                    run.phase = BlueGreenPhase::Waiting;
                }
                let wait = u64::from(self.scenario.delivery.blue_green.wait_time_minutes);
                let at = self.now.plus_secs(wait * 60);
                self.push(at, 0, Event::BlueGreenWaitOver { deployment: seq });
            }
        }
    }

    /// Action::ContinueDeployment: a person reroutes traffic while the deployment waits.
    pub(super) fn continue_blue_green(&mut self) {
        match self.delivery.blue_green.as_ref() {
            Some(run) if run.phase == BlueGreenPhase::Waiting => {
                let seq = run.seq;
                self.reroute(seq);
            }
            _ => self.reject("No blue/green deployment is waiting for a reroute.".into()),
        }
    }

    /// B4.2: not rerouted before the wait ended: the deployment stops.
    pub(super) fn blue_green_wait_over(&mut self, seq: u64) {
        let waiting = self
            .delivery
            .blue_green
            .as_ref()
            .is_some_and(|r| r.seq == seq && r.phase == BlueGreenPhase::Waiting);
        if waiting {
            self.finish_deployment(
                seq,
                false,
                "The deployment was stopped: traffic was not rerouted before the wait time ended (STOP_DEPLOYMENT)."
                    .into(),
            );
            self.drop_replacement("the blue/green deployment stopped");
        }
    }

    /// Terminates the replacement fleet of a failed or stopped deployment.
    fn drop_replacement(&mut self, why: &str) {
        let Some(run) = self.delivery.blue_green.take() else {
            return;
        };
        let at = self.at();
        for key in run.replacement {
            if let Some(idx) = self.index_of(key) {
                if !self.instances[idx].state.is_terminating() {
                    let id = self.instances[idx].id.clone();
                    let text = format!("At {at} instance {id} was terminated because {why}.");
                    self.begin_termination(idx, TerminationCause::BlueGreen, Some(text));
                }
            }
        }
    }

    /// B4.2: register the replacement instances, deregister the originals; the replacement
    /// group becomes the deployment group's group.
    fn reroute(&mut self, seq: u64) {
        let Some(run) = self.delivery.blue_green.take() else {
            return;
        };
        // `replacement` holds keys in launch order, so it is sorted.
        for i in self.instances.iter_mut() {
            if run.replacement.binary_search(&i.key).is_ok() {
                if !i.state.is_terminating() {
                    i.role = Role::Member;
                }
            } else if i.role == Role::Member && !i.state.is_terminating() {
                i.role = Role::Retired;
            }
        }
        self.recount();
        let label = self.deployment(seq).map(|d| d.revision.clone());
        self.finish_deployment(seq, true, String::new());
        self.set_last_successful(label);
        match self.scenario.delivery.blue_green.original_instances {
            OriginalInstancesAction::TERMINATE => {
                let wait = u64::from(self.scenario.delivery.blue_green.termination_wait_minutes);
                let at = self.now.plus_secs(wait * 60);
                self.push(at, 0, Event::TerminateOriginals { deployment: seq });
            }
            // KEEP_ALIVE: the originals leave the group and keep running outside it.
            OriginalInstancesAction::KEEP_ALIVE => {
                let gone: Vec<u64> = self
                    .instances
                    .iter()
                    .filter(|i| i.role == Role::Retired)
                    .map(|i| i.key)
                    .collect();
                self.instances.retain(|i| i.role != Role::Retired);
                for key in gone {
                    self.simple_gate_progress(key);
                }
            }
        }
        // The new group may be smaller than desired (only healthy instances were copied).
        self.reconcile(&crate::activity::Trigger::Replacement, self.sizes.desired);
    }

    /// B4.2: the original fleet terminates after `terminationWaitTimeInMinutes`.
    pub(super) fn terminate_originals(&mut self, seq: u64) {
        let id = self
            .deployment(seq)
            .map(|d| d.id.clone())
            .unwrap_or_default();
        let at = self.at();
        let retired: Vec<usize> = self
            .instances
            .iter()
            .enumerate()
            .filter(|(_, i)| i.role == Role::Retired && !i.state.is_terminating())
            .map(|(n, _)| n)
            .collect();
        for idx in retired.into_iter().rev() {
            let iid = self.instances[idx].id.clone();
            let text = format!(
                "At {at} instance {iid} was terminated by CodeDeploy blue/green deployment {id} (original instances: TERMINATE)."
            );
            self.begin_termination(idx, TerminationCause::BlueGreen, Some(text));
        }
    }
}

fn revision_index(revisions: &[RevisionSpec], label: &str) -> usize {
    revisions
        .iter()
        .position(|r| r.label == label)
        .unwrap_or(usize::MAX)
}

/// `d-` and nine upper-case letters and digits, like `d-A1B2C3D4E`.
fn deployment_id(seed: u64, seq: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut x = (hash_noise(seed ^ 0xD0D0, seq).to_bits()).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut s = String::from("d-");
    for _ in 0..9 {
        s.push(ALPHABET[(x % 36) as usize] as char);
        x /= 36;
    }
    s
}
