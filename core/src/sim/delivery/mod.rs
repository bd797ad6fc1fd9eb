//! How code reaches instances: CodeDeploy deployments (B1 to B5) and the three alternatives the
//! product compares (no automation, user data, baked AMI + instance refresh). This is the part
//! of the event loop that decides which revision every instance runs, and why.

use std::collections::VecDeque;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

mod alternatives;
mod blue_green;
mod in_place;
mod measures;

use super::{CodeDeployTimer, Output, Phase, Sim, Timer};
use crate::codedeploy::fleet::{
    FleetDeployment, FleetStatus, TargetInfo, MAX_INSTANCES_PER_DEPLOYMENT,
};
use crate::codedeploy::lifecycle_events::{events_for_instance, EventStatus, LifecycleEvent};
use crate::instance::HookRef;
use crate::instance::{LifecycleState, Role, TerminationCause};
use crate::rng::Keyed;
use crate::scenario::{
    ActionOnTimeout, Ami, DeliveryMethod, DeploymentType, LaunchSource, LifecycleActionResult,
    OriginalInstancesAction, OutdatedInstancesStrategy, RevisionFailure, RevisionSpec,
};
use crate::text::Text;
use crate::time::{SimTime, MS_PER_S};

/// Finished deployments kept for the page's panel (older ones were emitted as outputs).
const DEPLOYMENT_HISTORY: usize = 300;
/// The lifecycle hook CodeDeploy installs in the group (B5.1), as a pending-hook marker.
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
    pub instance_id: Text,
    pub key: u64,
    /// `Pending`, `InProgress`, `Succeeded`, `Failed` or `Skipped` (B1.2).
    pub status: Text,
    pub events: Vec<(LifecycleEvent, EventStatus)>,
    /// The event at which this instance will fail, decided when its deployment starts.
    #[serde(skip)]
    fail_at: Option<LifecycleEvent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    pub seq: u64,
    /// `d-` and nine characters, as CodeDeploy names them.
    pub id: Text,
    pub creator: Creator,
    pub revision: Text,
    pub status: DeploymentStatus,
    pub start: SimTime,
    pub end: Option<SimTime>,
    pub message: Text,
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

/// Per-run measures: who served what, and how long the fleet was mixed.
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

    pub(in crate::sim) fn revision(&self, label: &str) -> Option<RevisionSpec> {
        self.scenario
            .delivery
            .revisions
            .iter()
            .find(|r| r.label == label)
            .cloned()
    }

    /// Action::Deploy: release a revision the way the scenario delivers code.
    pub(in crate::sim) fn release(&mut self, label: String) {
        let Some(revision) = self
            .scenario
            .delivery
            .revisions
            .iter()
            .position(|r| r.label == label)
        else {
            self.reject(format!(
                "Revision {label} is not defined in delivery.revisions."
            ));
            return;
        };
        let rev = self.scenario.delivery.revisions[revision].clone();
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
                        Phase::Internal,
                        Timer::CodeDeploy(CodeDeployTimer::ManualUpdate {
                            instance: key,
                            revision,
                        }),
                    );
                }
            }
            DeliveryMethod::BakeAmi => {
                self.watch_convergence(&label);
                let at = self
                    .now
                    .plus_secs(u64::from(self.scenario.assumptions.ami_bake_s));
                self.push(
                    at,
                    Phase::Internal,
                    Timer::CodeDeploy(CodeDeployTimer::AmiBaked { revision }),
                );
            }
        }
    }

    /// A release was accepted: publish the artifact and start timing convergence.
    pub(in crate::sim) fn watch_convergence(&mut self, label: &str) {
        self.delivery.latest_artifact = Some(label.to_string());
        let m = &mut self.delivery.measures;
        m.convergence_s.push((label.to_string(), None));
        self.delivery.converging = Some((label.to_string(), self.now));
    }

    pub(in crate::sim) fn deployment(&self, seq: u64) -> Option<&Deployment> {
        let front = self.delivery.deployments.front().map_or(0, |d| d.seq);
        seq.checked_sub(front)
            .and_then(|o| self.delivery.deployments.get(o as usize))
    }

    pub(in crate::sim) fn deployment_mut(&mut self, seq: u64) -> Option<&mut Deployment> {
        let front = self.delivery.deployments.front().map_or(0, |d| d.seq);
        seq.checked_sub(front)
            .and_then(|o| self.delivery.deployments.get_mut(o as usize))
    }

    pub(in crate::sim) fn new_deployment(&mut self, creator: Creator, revision: &str) -> u64 {
        let seq = self.delivery.next_seq;
        self.delivery.next_seq += 1;
        let id = deployment_id(self.scenario.seed, seq);
        let d = Deployment {
            seq,
            id: id.into(),
            creator,
            revision: Text::from(revision),
            status: DeploymentStatus::InProgress,
            start: self.now,
            end: None,
            message: super::capacity::intern(&mut self.labels, ""),
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

    pub(in crate::sim) fn finish_deployment(&mut self, seq: u64, ok: bool, message: String) {
        let now = self.now;
        if let Some(d) = self.deployment_mut(seq) {
            d.status = if ok {
                DeploymentStatus::Succeeded
            } else {
                DeploymentStatus::Failed
            };
            d.end = Some(now);
            d.message = message.into();
            for t in d.targets.iter_mut().filter(|t| t.status == "Pending") {
                t.status = "Skipped".into();
            }
            let d = d.clone();
            self.outputs.push_back(Output::Deployment(d));
        }
    }
}

impl Sim {}

/// `d-` and nine upper-case letters and digits, like `d-A1B2C3D4E`.
fn deployment_id(seed: u64, seq: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut x =
        (Keyed::DeploymentId.noise(seed, seq).to_bits()).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut s = String::from("d-");
    for _ in 0..9 {
        s.push(ALPHABET[(x % 36) as usize] as char);
        x /= 36;
    }
    s
}
