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

/// \[MODEL\] Largest `replicas` (and integer surge/unavailable) this simulator accepts.
pub const MAX_REPLICAS: i32 = 100_000;
/// \[MODEL\] Largest surge/unavailable percentage this simulator accepts.
pub const MAX_PERCENT: i32 = 1_000;

/// API validation with the field path and Kubernetes' wording.
pub fn validate(spec: &DeploymentSpec) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    // [MODEL] bound of this simulator (not Kubernetes'): keeps every count well inside i32.
    if spec.replicas > MAX_REPLICAS {
        errs.push(format!(
            "spec.replicas: Invalid value: {}: must be at most {MAX_REPLICAS} in this simulator",
            spec.replicas
        ));
    }
    if let Strategy::RollingUpdate(ru) = spec.strategy {
        for (name, v) in [
            ("maxSurge", ru.max_surge),
            ("maxUnavailable", ru.max_unavailable),
        ] {
            let too_big = match v {
                IntOrPercent::Int(i) => i > MAX_REPLICAS,
                IntOrPercent::Percent(p) => p > MAX_PERCENT,
            };
            if too_big {
                errs.push(format!(
                    "spec.strategy.rollingUpdate.{name}: Invalid value: {}: too large for this simulator",
                    v.show()
                ));
            }
        }
    }
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
    /// `deployment.kubernetes.io/desired-replicas` and `max-replicas` as last written on the
    /// ReplicaSets (replicas, replicas + maxSurge), to detect and apportion a scaling event.
    #[serde(default)]
    last_sizes: Option<(i32, i32)>,
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
            last_sizes: None,
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
        // The spec is a public field: refuse to act on one that bypassed validation.
        if validate(&self.spec).is_err() {
            return changes;
        }
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

        // A scaling event (`replicas` changed, e.g. by an HPA) during a rollout is apportioned
        // across the active ReplicaSets and ends this sync (`sync.go` `scale`).
        let surge_now = match self.spec.strategy {
            Strategy::RollingUpdate(ru) => resolve_fenceposts(&ru, desired).0,
            Strategy::Recreate => 0,
        };
        let previous = self
            .last_sizes
            .replace((desired, desired.saturating_add(surge_now)));
        if let (Some((prev_desired, prev_max)), Strategy::RollingUpdate(_)) =
            (previous, self.spec.strategy)
        {
            let active = self.replica_sets.iter().filter(|r| r.replicas > 0).count();
            let new_obs = obs(&new_name);
            let saturated = self.replica_sets[new_idx].replicas == desired
                && new_obs.available(min_ready, now_ms) >= desired;
            if prev_desired != desired && active > 1 && !saturated {
                changes = self.scale_proportionally(desired, surge_now, prev_max);
                self.trim_history();
                return changes;
            }
        }

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
                let total: i32 = self
                    .replica_sets
                    .iter()
                    .map(|r| r.replicas)
                    .fold(0i32, |a, v| a.saturating_add(v));
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
                let all_pods: i32 = self
                    .replica_sets
                    .iter()
                    .map(|r| r.replicas)
                    .fold(0i32, |a, v| a.saturating_add(v));
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
                        .fold(0i32, |a, v| a.saturating_add(v));
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
            .fold(0i32, |a, v| a.saturating_add(v));
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
                .fold(0i32, |a, v| a.saturating_add(v)),
            available,
            old: self
                .replica_sets
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != new_idx)
                .map(|(_, r)| r.replicas.max(obs(&r.name).pods))
                .fold(0i32, |a, v| a.saturating_add(v)),
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

    /// `sync.go` `scale` with `GetProportion`: spread `replicas + maxSurge − current total` over
    /// the active ReplicaSets in proportion to their size (each gets
    /// `round(size × newMax / oldMax) − size`, bounded by what is left), larger first (newer first
    /// on ties when growing, older first when shrinking); leftovers go to the first.
    fn scale_proportionally(
        &mut self,
        desired: i32,
        surge: i32,
        prev_max: i32,
    ) -> Vec<ScaleChange> {
        let allowed = if desired > 0 {
            desired.saturating_add(surge)
        } else {
            0
        };
        let total = self
            .replica_sets
            .iter()
            .fold(0i32, |a, r| a.saturating_add(r.replicas));
        let to_add = allowed.saturating_sub(total);
        let mut order: Vec<usize> = (0..self.replica_sets.len())
            .filter(|&i| self.replica_sets[i].replicas > 0)
            .collect();
        let rs = &self.replica_sets;
        crate::sort::sort_by(&mut order, |&a, &b| {
            let by_size = rs[b].replicas.cmp(&rs[a].replicas);
            let by_age = if to_add > 0 {
                rs[b].revision.cmp(&rs[a].revision)
            } else {
                rs[a].revision.cmp(&rs[b].revision)
            };
            by_size.then(by_age)
        });
        let mut sizes: Vec<(usize, i32)> = Vec::new();
        let mut added = 0i32;
        for &i in &order {
            let size = self.replica_sets[i].replicas;
            let proportion = if to_add == 0 || to_add == added {
                0
            } else {
                let fraction = if desired == 0 {
                    -size
                } else if prev_max <= 0 {
                    0
                } else {
                    ((size as f64 * allowed as f64) / prev_max as f64).round() as i32 - size
                };
                let left = to_add - added;
                if to_add > 0 {
                    fraction.min(left)
                } else {
                    fraction.max(left)
                }
            };
            added += proportion;
            sizes.push((i, size + proportion));
        }
        if let Some(first) = sizes.first_mut() {
            first.1 = (first.1 + to_add - added).max(0);
        }
        let mut changes = Vec::new();
        for (i, to) in sizes {
            let rs = &mut self.replica_sets[i];
            if rs.replicas != to {
                changes.push(ScaleChange {
                    replica_set: rs.name.clone(),
                    from: rs.replicas,
                    to,
                });
                rs.replicas = to;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::Strategy;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rolling_defaults_are_25_percent_and_round_surge_up_unavailable_down() {
        let ru = RollingUpdate::default();
        // 10 replicas: surge ceil(2.5) = 3, unavailable floor(2.5) = 2.
        assert_eq!(resolve_fenceposts(&ru, 10), (3, 2));
        // 1 replica: surge ceil(0.25) = 1, unavailable floor(0.25) = 0.
        assert_eq!(resolve_fenceposts(&ru, 1), (1, 0));
        // Both resolving to 0 through rounding: unavailable becomes 1.
        let zero_surge = RollingUpdate {
            max_surge: IntOrPercent::Int(0),
            max_unavailable: IntOrPercent::Percent(25),
        };
        assert_eq!(resolve_fenceposts(&zero_surge, 3), (0, 1));
    }

    #[test]
    fn both_zero_is_rejected_with_kubernetes_message() {
        let mut spec = DeploymentSpec::new(3, "web:1");
        spec.strategy = Strategy::RollingUpdate(RollingUpdate {
            max_surge: IntOrPercent::Int(0),
            max_unavailable: IntOrPercent::Int(0),
        });
        assert_eq!(
            validate(&spec),
            Err(vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0".to_string()])
        );
        spec.strategy = Strategy::RollingUpdate(RollingUpdate {
            max_surge: IntOrPercent::Percent(0),
            max_unavailable: IntOrPercent::Percent(0),
        });
        assert_eq!(
            validate(&spec),
            Err(vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"0%\": may not be 0 when `maxSurge` is 0".to_string()])
        );
    }

    /// A toy kubelet: pods become Ready `ready_after_ms` after creation; scale-downs delete
    /// unready pods first. Returns (max pods seen, min available seen, ticks to finish).
    struct Cluster {
        pods: Vec<(String, Vec<Option<u64>>)>, // per RS: pods with ready time (None = never)
    }

    impl Cluster {
        fn observed(&self, now: u64) -> Vec<(String, RsObserved)> {
            self.pods
                .iter()
                .map(|(n, ps)| {
                    let ready: Vec<u64> =
                        ps.iter().filter_map(|r| *r).filter(|&r| r <= now).collect();
                    (
                        n.clone(),
                        RsObserved {
                            pods: ps.len() as i32,
                            ready_since_ms: ready,
                        },
                    )
                })
                .collect()
        }
        fn apply(&mut self, changes: &[ScaleChange], now: u64, ready_after: Option<u64>) {
            for c in changes {
                let idx = match self.pods.iter().position(|(n, _)| n == &c.replica_set) {
                    Some(i) => i,
                    None => {
                        self.pods.push((c.replica_set.clone(), Vec::new()));
                        self.pods.len() - 1
                    }
                };
                let ps = &mut self.pods[idx].1;
                while (ps.len() as i32) < c.to {
                    ps.push(ready_after.map(|d| now + d));
                }
                while (ps.len() as i32) > c.to {
                    // Unready first.
                    let pos = ps
                        .iter()
                        .position(|r| r.is_none_or(|t| t > now))
                        .unwrap_or(0);
                    ps.remove(pos);
                }
            }
        }
        fn available(&self, now: u64) -> i32 {
            self.pods
                .iter()
                .map(|(_, ps)| ps.iter().filter(|r| r.is_some_and(|t| t <= now)).count() as i32)
                .sum()
        }
        fn total(&self) -> i32 {
            self.pods.iter().map(|(_, ps)| ps.len() as i32).sum()
        }
    }

    fn rollout(replicas: i32, ru: RollingUpdate) -> (Deployment, Cluster, u64) {
        let mut spec = DeploymentSpec::new(replicas, "web:1");
        spec.strategy = Strategy::RollingUpdate(ru);
        let mut d = Deployment::new("web", spec).expect("valid");
        let mut c = Cluster { pods: Vec::new() };
        let mut now = 0;
        for _ in 0..3 {
            let ch = d.reconcile(now, &c.observed(now));
            c.apply(&ch, now, Some(0));
            now += 1_000;
        }
        (d, c, now)
    }

    proptest! {
        #[test]
        fn rolling_update_never_beyond_surge_or_unavailable(replicas in 1i32..30, surge in 0i32..60, unavail in 0i32..60) {
            let ru = RollingUpdate { max_surge: IntOrPercent::Percent(surge), max_unavailable: IntOrPercent::Percent(unavail) };
            let mut spec = DeploymentSpec::new(replicas, "web:1");
            spec.strategy = Strategy::RollingUpdate(ru);
            prop_assume!(validate(&spec).is_ok());
            let (mut d, mut c, mut now) = rollout(replicas, ru);
            let (s, u) = resolve_fenceposts(&ru, replicas);
            let mut new_spec = d.spec.clone();
            new_spec.template = "web:2".into();
            d.update_spec(new_spec).expect("valid");
            let mut done = false;
            for _ in 0..(4 * replicas + 10) {
                let ch = d.reconcile(now, &c.observed(now));
                c.apply(&ch, now, Some(1_000));
                prop_assert!(c.total() <= replicas + s, "total {} > {} + {}", c.total(), replicas, s);
                prop_assert!(c.available(now) >= replicas - u, "available {} < {} - {}", c.available(now), replicas, u);
                now += 1_000;
                if d.condition("Progressing").is_some_and(|x| x.reason == "NewReplicaSetAvailable") {
                    done = true;
                    break;
                }
            }
            prop_assert!(done, "rollout did not complete");
        }
    }

    #[test]
    fn first_reconcile_creates_revision_1_at_full_size() {
        let (d, c, _) = rollout(4, RollingUpdate::default());
        assert_eq!(d.replica_sets.len(), 1);
        assert_eq!(d.replica_sets[0].revision, 1);
        assert_eq!(c.total(), 4);
        let p = d.condition("Progressing").expect("cond");
        assert_eq!(p.reason, "NewReplicaSetAvailable");
        assert_eq!(
            p.message,
            format!(
                "ReplicaSet \"{}\" has successfully progressed.",
                d.replica_sets[0].name
            )
        );
    }

    #[test]
    fn first_step_of_a_rollout_surges_and_scales_old_down_by_unavailable() {
        let (mut d, c, now) = rollout(10, RollingUpdate::default());
        let mut spec = d.spec.clone();
        spec.template = "web:2".into();
        d.update_spec(spec).expect("valid");
        let ch = d.reconcile(now, &c.observed(now));
        // New RS up to 3 (surge), old down by 2 (unavailable): 10 + 3 - 2 = 11 ≤ 13.
        assert_eq!(ch.len(), 2);
        assert_eq!((ch[0].from, ch[0].to), (0, 3));
        assert_eq!((ch[1].from, ch[1].to), (10, 8));
        assert_eq!(d.new_rs().map(|r| r.revision), Some(2));
        assert!(ch[0].event().starts_with("Scaled up replica set web-"));
        assert_eq!(
            d.condition("Progressing").map(|c| c.reason.as_str()),
            Some("NewReplicaSetCreated")
        );
    }

    #[test]
    fn min_ready_seconds_delays_availability() {
        let o = RsObserved {
            pods: 2,
            ready_since_ms: vec![0, 5_000],
        };
        assert_eq!(o.available(10, 9_999), 0);
        assert_eq!(o.available(10, 10_000), 1);
        assert_eq!(o.available(10, 15_000), 2);
        assert_eq!(o.available(0, 0), 1);
    }

    #[test]
    fn progress_deadline_exceeded_when_new_pods_never_become_ready() {
        let (mut d, mut c, mut now) = rollout(3, RollingUpdate::default());
        let mut spec = d.spec.clone();
        spec.template = "web:broken".into();
        spec.progress_deadline_seconds = 60;
        d.update_spec(spec).expect("valid");
        let mut reason = String::new();
        for _ in 0..120 {
            let ch = d.reconcile(now, &c.observed(now));
            c.apply(&ch, now, None); // never Ready
            if let Some(p) = d.condition("Progressing") {
                reason = p.reason.clone();
                if !p.status {
                    break;
                }
            }
            now += 1_000;
        }
        assert_eq!(reason, "ProgressDeadlineExceeded");
        let p = d.condition("Progressing").expect("cond");
        assert!(!p.status);
        assert_eq!(
            p.message,
            format!(
                "ReplicaSet \"{}\" has timed out progressing.",
                d.new_rs().map(|r| r.name.clone()).unwrap_or_default()
            )
        );
        // The old pods keep serving: availability never dropped below 3 - 0.
        assert!(c.available(now) >= 3);
    }

    #[test]
    fn rollout_undo_goes_back_to_the_previous_revision() {
        let (mut d, mut c, mut now) = rollout(2, RollingUpdate::default());
        let mut spec = d.spec.clone();
        spec.template = "web:2".into();
        d.update_spec(spec).expect("valid");
        for _ in 0..10 {
            let ch = d.reconcile(now, &c.observed(now));
            c.apply(&ch, now, Some(0));
            now += 1_000;
        }
        assert_eq!(
            d.new_rs().map(|r| (r.revision, r.template.as_str())),
            Some((2, "web:2"))
        );
        d.rollout_undo(None).expect("history");
        d.reconcile(now, &c.observed(now));
        // The revision-1 ReplicaSet is reused and becomes revision 3.
        assert_eq!(
            d.new_rs().map(|r| (r.revision, r.template.as_str())),
            Some((3, "web:1"))
        );
        assert_eq!(d.replica_sets.len(), 2);
        assert_eq!(
            d.rollout_undo(Some(7)),
            Err("unable to find specified revision 7 in history".to_string())
        );
        let mut fresh = Deployment::new("solo", DeploymentSpec::new(1, "x")).expect("valid");
        fresh.reconcile(0, &[]);
        assert_eq!(
            fresh.rollout_undo(None),
            Err("no rollout history found for deployment \"solo\"".to_string())
        );
    }

    #[test]
    fn scaling_mid_rollout_is_apportioned_across_replica_sets() {
        // 10 replicas rolling with surge 3 / unavailable 2: old 8, new 5 (total 13 = 10 + 3).
        let (mut d, mut c, mut now) = rollout(10, RollingUpdate::default());
        let mut spec = d.spec.clone();
        spec.template = "web:2".into();
        d.update_spec(spec).expect("valid");
        let ch = d.reconcile(now, &c.observed(now));
        c.apply(&ch, now, None); // new pods never Ready: the rollout stays mid-way
        now += 1_000;
        d.reconcile(now, &c.observed(now));
        let sizes: Vec<i32> = d.replica_sets.iter().map(|r| r.replicas).collect();
        assert_eq!(sizes, vec![8, 5]);
        // An HPA scales to 20: allowed 20 + 5 = 25, add 25 - 13 = 12 in proportion over the old
        // maximum 13: old round(8 x 25 / 13) = 15 (+7), new round(5 x 25 / 13) = 10 (+5).
        let mut spec = d.spec.clone();
        spec.replicas = 20;
        d.update_spec(spec).expect("valid");
        let ch = d.reconcile(now, &c.observed(now));
        assert_eq!(ch.len(), 2);
        let sizes: Vec<i32> = d.replica_sets.iter().map(|r| r.replicas).collect();
        assert_eq!(sizes, vec![15, 10]);
    }

    #[test]
    fn recreate_stops_old_pods_before_starting_new() {
        let mut spec = DeploymentSpec::new(3, "web:1");
        spec.strategy = Strategy::Recreate;
        let mut d = Deployment::new("web", spec).expect("valid");
        let mut c = Cluster { pods: Vec::new() };
        let ch = d.reconcile(0, &c.observed(0));
        c.apply(&ch, 0, Some(0));
        let mut s = d.spec.clone();
        s.template = "web:2".into();
        d.update_spec(s).expect("valid");
        let ch = d.reconcile(1_000, &c.observed(1_000));
        assert_eq!(ch.len(), 1);
        assert_eq!(ch[0].to, 0);
        c.apply(&ch, 1_000, Some(0));
        let ch = d.reconcile(2_000, &c.observed(2_000));
        assert_eq!((ch[0].from, ch[0].to), (0, 3));
    }

    #[test]
    fn pod_template_hash_is_stable_and_uses_safe_alphabet() {
        let h = pod_template_hash("web:1");
        assert_eq!(h, pod_template_hash("web:1"));
        assert_ne!(h, pod_template_hash("web:2"));
        assert!(h.chars().all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)));
    }
}
