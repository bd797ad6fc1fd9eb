//! Deployment rolling updates: ReplicaSets per pod-template revision, the surge/unavailable
//! fenceposts, the next scale step, availability (minReadySeconds), the progress deadline and
//! `kubectl rollout undo`.
//!
//! Sources (kubernetes/kubernetes): `pkg/controller/deployment/rolling.go`
//! (`reconcileNewReplicaSet`, `reconcileOldReplicaSets`, `cleanupUnhealthyReplicas`,
//! `scaleDownOldReplicaSetsForRollingUpdate`), `pkg/controller/deployment/util/deployment_util.go`
//! (`ResolveFenceposts`, `NewRSNewReplicas`, `GetScaledValueFromIntOrPercent` callers,
//! progress conditions and messages), `pkg/apis/apps/validation` (both-zero rejection),
//! `pkg/apis/apps/v1/defaults.go` (25% / 25%, progressDeadlineSeconds 600,
//! revisionHistoryLimit 10). Every function is pure; pods are the caller's business and come in
//! as per-ReplicaSet counts with the times their pods became Ready.

use serde::{Deserialize, Serialize};

use super::MS_PER_S;

/// `intstr.IntOrString` for maxSurge / maxUnavailable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntOrPercent {
    Int(i32),
    Percent(i32),
}

impl IntOrPercent {
    fn show(&self) -> String {
        match self {
            IntOrPercent::Int(v) => v.to_string(),
            IntOrPercent::Percent(p) => format!("\"{p}%\""),
        }
    }

    /// `GetScaledValueFromIntOrPercent`: a percentage of `total`, rounded up or down.
    pub fn scaled(&self, total: i32, round_up: bool) -> i32 {
        match *self {
            IntOrPercent::Int(v) => v,
            IntOrPercent::Percent(p) => {
                let x = p as i64 * total as i64;
                if round_up {
                    (x + 99).div_euclid(100) as i32
                } else {
                    x.div_euclid(100) as i32
                }
            }
        }
    }

    fn is_zero(&self) -> bool {
        matches!(self, IntOrPercent::Int(0) | IntOrPercent::Percent(0))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollingUpdate {
    pub max_surge: IntOrPercent,
    pub max_unavailable: IntOrPercent,
}

impl Default for RollingUpdate {
    /// `apps/v1` defaults: 25% and 25%.
    fn default() -> Self {
        RollingUpdate {
            max_surge: IntOrPercent::Percent(25),
            max_unavailable: IntOrPercent::Percent(25),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strategy {
    RollingUpdate(RollingUpdate),
    Recreate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentSpec {
    pub replicas: i32,
    pub strategy: Strategy,
    /// Default 0.
    pub min_ready_seconds: i32,
    /// Default 600.
    pub progress_deadline_seconds: i32,
    /// Default 10.
    pub revision_history_limit: i32,
    /// The pod template, reduced to what identifies it (e.g. image and resources rendered as
    /// a string); equal strings are the same template.
    pub template: String,
}

impl DeploymentSpec {
    pub fn new(replicas: i32, template: &str) -> Self {
        DeploymentSpec {
            replicas,
            strategy: Strategy::RollingUpdate(RollingUpdate::default()),
            min_ready_seconds: 0,
            progress_deadline_seconds: 600,
            revision_history_limit: 10,
            template: template.to_string(),
        }
    }
}

/// API validation with the field path and Kubernetes' wording.
pub fn validate(spec: &DeploymentSpec) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    if spec.replicas < 0 {
        errs.push(format!(
            "spec.replicas: Invalid value: {}: must be greater than or equal to 0",
            spec.replicas
        ));
    }
    if let Strategy::RollingUpdate(ru) = spec.strategy {
        let base = "spec.strategy.rollingUpdate";
        for (name, v) in [
            ("maxSurge", ru.max_surge),
            ("maxUnavailable", ru.max_unavailable),
        ] {
            match v {
                IntOrPercent::Int(i) if i < 0 => errs.push(format!(
                    "{base}.{name}: Invalid value: {i}: must be greater than or equal to 0"
                )),
                IntOrPercent::Percent(p) if p < 0 => errs.push(format!(
                    "{base}.{name}: Invalid value: \"{p}%\": must be greater than or equal to 0"
                )),
                _ => {}
            }
        }
        if let IntOrPercent::Percent(p) = ru.max_unavailable {
            if p > 100 {
                errs.push(format!(
                    "{base}.maxUnavailable: Invalid value: \"{p}%\": must not be greater than 100%"
                ));
            }
        }
        if ru.max_surge.is_zero() && ru.max_unavailable.is_zero() {
            errs.push(format!(
                "{base}.maxUnavailable: Invalid value: {}: may not be 0 when `maxSurge` is 0",
                ru.max_unavailable.show()
            ));
        }
    }
    if spec.min_ready_seconds < 0 {
        errs.push(format!(
            "spec.minReadySeconds: Invalid value: {}: must be greater than or equal to 0",
            spec.min_ready_seconds
        ));
    }
    if spec.progress_deadline_seconds <= spec.min_ready_seconds {
        errs.push(format!(
            "spec.progressDeadlineSeconds: Invalid value: {}: must be greater than minReadySeconds",
            spec.progress_deadline_seconds
        ));
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

/// `ResolveFenceposts`: (maxSurge rounded up, maxUnavailable rounded down) for `desired`; if
/// both resolve to 0 (only possible through rounding), maxUnavailable becomes 1.
pub fn resolve_fenceposts(ru: &RollingUpdate, desired: i32) -> (i32, i32) {
    let surge = ru.max_surge.scaled(desired, true);
    let unavailable = ru.max_unavailable.scaled(desired, false);
    if surge == 0 && unavailable == 0 {
        return (0, 1);
    }
    (surge, unavailable)
}

/// One ReplicaSet of a Deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicaSet {
    /// `<deployment>-<pod-template-hash>`.
    pub name: String,
    /// `deployment.kubernetes.io/revision`.
    pub revision: u64,
    pub template: String,
    /// `spec.replicas`.
    pub replicas: i32,
}

/// What the caller observed of one ReplicaSet's pods.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RsObserved {
    /// Pods that exist (any phase but terminating).
    pub pods: i32,
    /// For each Ready pod, when it became Ready.
    pub ready_since_ms: Vec<u64>,
}

impl RsObserved {
    /// Available = Ready for at least minReadySeconds.
    pub fn available(&self, min_ready_seconds: i32, now_ms: u64) -> i32 {
        let need = min_ready_seconds.max(0) as u64 * MS_PER_S;
        self.ready_since_ms
            .iter()
            .filter(|&&t| t.saturating_add(need) <= now_ms)
            .count() as i32
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentCondition {
    /// `Progressing` or `Available`.
    pub kind: String,
    pub status: bool,
    pub reason: String,
    pub message: String,
    pub last_update_ms: u64,
    pub last_transition_ms: u64,
}

/// A scale change the controller makes on one ReplicaSet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleChange {
    pub replica_set: String,
    pub from: i32,
    pub to: i32,
}

impl ScaleChange {
    /// The event the deployment controller records (`ScalingReplicaSet`).
    /// \[MODEL\]: the wording of recent releases ("from X to Y"); older ones said "to Y".
    pub fn event(&self) -> String {
        let dir = if self.to > self.from { "up" } else { "down" };
        format!(
            "Scaled {dir} replica set {} from {} to {}",
            self.replica_set, self.from, self.to
        )
    }
}

/// A Deployment and its ReplicaSets, reconciled like the deployment controller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    pub name: String,
    pub spec: DeploymentSpec,
    /// Oldest first.
    pub replica_sets: Vec<ReplicaSet>,
    pub conditions: Vec<DeploymentCondition>,
    /// Counts seen at the last sync, to detect progress.
    #[serde(default)]
    last_status: ObservedStatus,
}

/// The status counts progress is measured on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct ObservedStatus {
    updated: i32,
    ready: i32,
    available: i32,
    old: i32,
}

/// `pod-template-hash` \[MODEL\]: FNV-1a over the template string, then Kubernetes'
/// `SafeEncodeString` alphabet over its decimal digits (upstream hashes the whole template
/// object; names differ from a real cluster's but are stable and look alike).
pub fn pod_template_hash(template: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in template.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    h.to_string()
        .bytes()
        .map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char)
        .collect()
}

impl Deployment {
    /// A new Deployment: its first ReplicaSet (revision 1) is created on the first reconcile.
    pub fn new(name: &str, spec: DeploymentSpec) -> Result<Self, Vec<String>> {
        validate(&spec)?;
        Ok(Deployment {
            name: name.to_string(),
            spec,
            replica_sets: Vec::new(),
            conditions: Vec::new(),
            last_status: ObservedStatus::default(),
        })
    }

    fn max_revision(&self) -> u64 {
        self.replica_sets
            .iter()
            .map(|r| r.revision)
            .max()
            .unwrap_or(0)
    }

    /// The ReplicaSet whose template equals the Deployment's.
    pub fn new_rs(&self) -> Option<&ReplicaSet> {
        self.replica_sets
            .iter()
            .find(|r| r.template == self.spec.template)
    }

    /// Updates the spec (e.g. `kubectl set image`, an Argo CD sync, an HPA scale).
    pub fn update_spec(&mut self, spec: DeploymentSpec) -> Result<(), Vec<String>> {
        validate(&spec)?;
        self.spec = spec;
        Ok(())
    }

    /// `kubectl rollout undo [--to-revision=N]`: put the template of revision N (default: the
    /// one before the current) back into the Deployment; the reconcile then bumps that
    /// ReplicaSet to the next revision.
    pub fn rollout_undo(&mut self, to_revision: Option<u64>) -> Result<(), String> {
        let current = self.new_rs().map(|r| r.revision).unwrap_or(0);
        let target = match to_revision {
            Some(n) => self
                .replica_sets
                .iter()
                .find(|r| r.revision == n)
                .ok_or_else(|| format!("unable to find specified revision {n} in history"))?,
            None => self
                .replica_sets
                .iter()
                .filter(|r| r.revision < current)
                .max_by_key(|r| r.revision)
                .ok_or_else(|| {
                    format!("no rollout history found for deployment \"{}\"", self.name)
                })?,
        };
        self.spec.template = target.template.clone();
        Ok(())
    }

    fn set_condition(
        &mut self,
        kind: &str,
        status: bool,
        reason: &str,
        message: String,
        now_ms: u64,
    ) {
        if let Some(c) = self.conditions.iter_mut().find(|c| c.kind == kind) {
            if c.status != status {
                c.last_transition_ms = now_ms;
            }
            // Only a change of reason or message counts as progress for the deadline.
            if c.status != status || c.reason != reason || c.message != message {
                c.last_update_ms = now_ms;
            }
            c.status = status;
            c.reason = reason.to_string();
            c.message = message;
        } else {
            self.conditions.push(DeploymentCondition {
                kind: kind.to_string(),
                status,
                reason: reason.to_string(),
                message,
                last_update_ms: now_ms,
                last_transition_ms: now_ms,
            });
        }
    }

    pub fn condition(&self, kind: &str) -> Option<&DeploymentCondition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    /// One sync of the deployment controller. `observed` is per ReplicaSet name; a missing
    /// entry means no pods yet. Returns the scale changes made (already applied to
    /// `replica_sets`).
    pub fn reconcile(
        &mut self,
        now_ms: u64,
        observed: &[(String, RsObserved)],
    ) -> Vec<ScaleChange> {
        let empty = RsObserved::default();
        let obs = |name: &str| -> RsObserved {
            observed
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, o)| o.clone())
                .unwrap_or_else(|| empty.clone())
        };
        let mut changes = Vec::new();
        let desired = self.spec.replicas;
        let min_ready = self.spec.min_ready_seconds;

        // New ReplicaSet: reuse one with the same template (bumping its revision, as after an
        // undo), or create it at the next revision.
        let next_revision = self.max_revision() + 1;
        let created;
        match self
            .replica_sets
            .iter()
            .position(|r| r.template == self.spec.template)
        {
            Some(i) => {
                created = false;
                let is_latest = self.replica_sets[i].revision == self.max_revision();
                if !is_latest {
                    self.replica_sets[i].revision = next_revision;
                }
            }
            None => {
                created = true;
                let name = format!("{}-{}", self.name, pod_template_hash(&self.spec.template));
                // A brand-new Deployment starts its only ReplicaSet at full size when the
                // strategy allows (no old pods to respect).
                self.replica_sets.push(ReplicaSet {
                    name: name.clone(),
                    revision: next_revision,
                    template: self.spec.template.clone(),
                    replicas: 0,
                });
                self.set_condition(
                    "Progressing",
                    true,
                    "NewReplicaSetCreated",
                    format!("Created new replica set \"{name}\""),
                    now_ms,
                );
            }
        }
        let new_idx = self
            .replica_sets
            .iter()
            .position(|r| r.template == self.spec.template)
            .unwrap_or(0);
        let new_name = self.replica_sets[new_idx].name.clone();

        match self.spec.strategy {
            Strategy::Recreate => {
                // Old ReplicaSets to 0 first; the new one scales up once no old pod is left.
                let mut old_pods = 0;
                for (i, rs) in self.replica_sets.iter_mut().enumerate() {
                    if i != new_idx {
                        old_pods += obs(&rs.name).pods;
                        if rs.replicas != 0 {
                            changes.push(ScaleChange {
                                replica_set: rs.name.clone(),
                                from: rs.replicas,
                                to: 0,
                            });
                            rs.replicas = 0;
                        }
                    }
                }
                if old_pods == 0 && self.replica_sets[new_idx].replicas != desired {
                    changes.push(ScaleChange {
                        replica_set: new_name.clone(),
                        from: self.replica_sets[new_idx].replicas,
                        to: desired,
                    });
                    self.replica_sets[new_idx].replicas = desired;
                }
            }
            Strategy::RollingUpdate(ru) => {
                let (surge, unavailable) = resolve_fenceposts(&ru, desired);
                // reconcileNewReplicaSet
                let new_replicas = self.replica_sets[new_idx].replicas;
                let total: i32 = self.replica_sets.iter().map(|r| r.replicas).sum();
                let target = if new_replicas > desired {
                    desired
                } else {
                    let max_total = desired + surge;
                    if total >= max_total {
                        new_replicas
                    } else {
                        let up = (max_total - total).min(desired - new_replicas);
                        new_replicas + up.max(0)
                    }
                };
                if target != new_replicas {
                    changes.push(ScaleChange {
                        replica_set: new_name.clone(),
                        from: new_replicas,
                        to: target,
                    });
                    self.replica_sets[new_idx].replicas = target;
                }
                // reconcileOldReplicaSets
                let all_pods: i32 = self.replica_sets.iter().map(|r| r.replicas).sum();
                let min_available = desired - unavailable;
                let new_rs = &self.replica_sets[new_idx];
                let new_unavailable =
                    new_rs.replicas - obs(&new_rs.name).available(min_ready, now_ms);
                let max_scaled_down = all_pods - min_available - new_unavailable;
                if max_scaled_down > 0 {
                    // cleanupUnhealthyReplicas: old ReplicaSets' unavailable pods go first.
                    let mut cleaned = 0;
                    for (i, rs) in self.replica_sets.iter_mut().enumerate() {
                        if i == new_idx || cleaned >= max_scaled_down || rs.replicas == 0 {
                            continue;
                        }
                        let avail = obs(&rs.name).available(min_ready, now_ms).min(rs.replicas);
                        let unhealthy = rs.replicas - avail;
                        let down = unhealthy.min(max_scaled_down - cleaned);
                        if down > 0 {
                            changes.push(ScaleChange {
                                replica_set: rs.name.clone(),
                                from: rs.replicas,
                                to: rs.replicas - down,
                            });
                            rs.replicas -= down;
                            cleaned += down;
                        }
                    }
                    // scaleDownOldReplicaSetsForRollingUpdate: keep minAvailable available.
                    let available: i32 = self
                        .replica_sets
                        .iter()
                        .map(|r| obs(&r.name).available(min_ready, now_ms).min(r.replicas))
                        .sum();
                    let mut budget = (available - min_available).max(0);
                    for (i, rs) in self.replica_sets.iter_mut().enumerate() {
                        if i == new_idx || budget == 0 || rs.replicas == 0 {
                            continue;
                        }
                        let down = rs.replicas.min(budget);
                        changes.push(ScaleChange {
                            replica_set: rs.name.clone(),
                            from: rs.replicas,
                            to: rs.replicas - down,
                        });
                        rs.replicas -= down;
                        budget -= down;
                    }
                }
            }
        }

        // Conditions.
        let available: i32 = self
            .replica_sets
            .iter()
            .map(|r| {
                obs(&r.name)
                    .available(min_ready, now_ms)
                    .min(r.replicas.max(obs(&r.name).pods))
            })
            .sum();
        let min_avail = match self.spec.strategy {
            Strategy::RollingUpdate(ru) => desired - resolve_fenceposts(&ru, desired).1,
            Strategy::Recreate => desired,
        };
        if available >= min_avail {
            self.set_condition(
                "Available",
                true,
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.".to_string(),
                now_ms,
            );
        } else {
            self.set_condition(
                "Available",
                false,
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.".to_string(),
                now_ms,
            );
        }
        // Progress (syncRolloutStatus): complete, else progressing (any count moved the
        // right way since the last sync), else timed out once the deadline passed since the
        // condition's last update.
        let new_rs = &self.replica_sets[new_idx];
        let new_obs = obs(&new_rs.name);
        let status = ObservedStatus {
            updated: new_obs.pods,
            ready: self
                .replica_sets
                .iter()
                .map(|r| obs(&r.name).ready_since_ms.len() as i32)
                .sum(),
            available,
            old: self
                .replica_sets
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != new_idx)
                .map(|(_, r)| r.replicas.max(obs(&r.name).pods))
                .sum(),
        };
        let prev = self.last_status;
        self.last_status = status;
        let new_available = new_obs.available(min_ready, now_ms);
        let complete = new_rs.replicas == desired && new_available >= desired && status.old == 0;
        let progressing = status.updated > prev.updated
            || status.ready > prev.ready
            || status.available > prev.available
            || status.old < prev.old;
        if complete {
            self.set_condition(
                "Progressing",
                true,
                "NewReplicaSetAvailable",
                format!("ReplicaSet \"{new_name}\" has successfully progressed."),
                now_ms,
            );
        } else if created {
            // NewReplicaSetCreated was just set.
        } else if progressing {
            let msg = format!("ReplicaSet \"{new_name}\" is progressing.");
            self.set_condition("Progressing", true, "ReplicaSetUpdated", msg, now_ms);
            if let Some(c) = self.conditions.iter_mut().find(|c| c.kind == "Progressing") {
                c.last_update_ms = now_ms;
            }
        } else {
            let deadline = self.spec.progress_deadline_seconds.max(0) as u64 * MS_PER_S;
            let last = self
                .condition("Progressing")
                .map_or(now_ms, |c| c.last_update_ms);
            if now_ms > last.saturating_add(deadline) {
                self.set_condition(
                    "Progressing",
                    false,
                    "ProgressDeadlineExceeded",
                    format!("ReplicaSet \"{new_name}\" has timed out progressing."),
                    now_ms,
                );
            }
        }
        self.trim_history();
        changes
    }

    /// Old ReplicaSets at 0 replicas beyond `revisionHistoryLimit` are deleted, oldest first.
    fn trim_history(&mut self) {
        let limit = self.spec.revision_history_limit.max(0) as usize;
        let template = self.spec.template.clone();
        let mut idle: Vec<(u64, String)> = self
            .replica_sets
            .iter()
            .filter(|r| r.template != template && r.replicas == 0)
            .map(|r| (r.revision, r.name.clone()))
            .collect();
        if idle.len() <= limit {
            return;
        }
        crate::sort::sort(&mut idle);
        let drop: Vec<String> = idle[..idle.len() - limit]
            .iter()
            .map(|(_, n)| n.clone())
            .collect();
        self.replica_sets.retain(|r| !drop.contains(&r.name));
    }
}
