//! An Argo CD Application as a pure state machine (E1-E4).
//!
//! Sources (argoproj/argo-cd): `docs/user-guide/auto_sync.md` (automated sync, prune,
//! selfHeal, one attempt per commit), `docs/faq.md` and `docs/operator-manual/argocd-cm.yaml`
//! (`timeout.reconciliation` 180 s), `docs/operator-manual/health.md` (health values and the
//! Deployment check), `docs/user-guide/sync-waves.md`, `pkg/apis/application/v1alpha1/types.go`
//! (`RetryStrategy.NextRetryAt`) and `common/common.go` (retry defaults 5 s, factor 2, 3 min).
//!
//! The Git history is a timeline of commits, each a set of manifests reduced to the fields
//! they set (JSON pointer → value). The live cluster state is the caller's: every [`Application::tick`]
//! gets the live resources and returns what to apply or prune. Git is polled every
//! reconciliation period; the live state is watched, so drift shows at once.

use serde::{Deserialize, Serialize};

use super::MS_PER_S;

/// One manifest in Git, reduced to the fields it sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// `Kind/name`, e.g. `Deployment/web`.
    pub key: String,
    /// `argocd.argoproj.io/sync-wave` (default 0; lower first).
    pub sync_wave: i32,
    /// JSON pointer → value, e.g. `/spec/replicas` → `3`.
    pub fields: Vec<(String, String)>,
    /// `Some(error)` if applying it fails (an invalid manifest in this commit).
    pub apply_error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    pub sha: String,
    pub at_ms: u64,
    pub manifests: Vec<Manifest>,
}

/// The target branch's history, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitRepo {
    pub commits: Vec<Commit>,
}

impl GitRepo {
    /// HEAD of the branch at `now_ms`.
    pub fn head_at(&self, now_ms: u64) -> Option<&Commit> {
        self.commits.iter().rfind(|c| c.at_ms <= now_ms)
    }

    pub fn commit(&self, sha: &str) -> Option<&Commit> {
        self.commits.iter().find(|c| c.sha == sha)
    }
}

/// E1 health, ordered best to worst (the app's health is its worst resource's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Health {
    Healthy,
    Suspended,
    Progressing,
    Missing,
    Degraded,
    Unknown,
}

/// E1 sync status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncStatus {
    Synced,
    OutOfSync,
    Unknown,
}

/// A live resource as the cluster has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveResource {
    pub key: String,
    pub fields: Vec<(String, String)>,
    pub health: Health,
}

/// E1: Argo CD's built-in Deployment health check (`health.md`), with its messages.
pub fn deployment_health(
    paused: bool,
    progress_deadline_exceeded: bool,
    spec_replicas: i32,
    status_replicas: i32,
    updated: i32,
    available: i32,
) -> (Health, String) {
    if paused {
        return (Health::Suspended, "Deployment is paused".to_string());
    }
    if progress_deadline_exceeded {
        return (
            Health::Degraded,
            "Deployment exceeded its progress deadline".to_string(),
        );
    }
    if updated < spec_replicas {
        return (
            Health::Progressing,
            format!("Waiting for rollout to finish: {updated} out of {spec_replicas} new replicas have been updated..."),
        );
    }
    if status_replicas > updated {
        return (
            Health::Progressing,
            format!(
                "Waiting for rollout to finish: {} old replicas are pending termination...",
                status_replicas - updated
            ),
        );
    }
    if available < updated {
        return (
            Health::Progressing,
            format!("Waiting for rollout to finish: {available} of {updated} updated replicas are available..."),
        );
    }
    (Health::Healthy, String::new())
}

/// `spec.syncPolicy.automated` (E2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Automated {
    /// `automated.enabled: false` switches automation off whatever the other flags say.
    pub enabled: bool,
    /// Default false: resources deleted from Git are left (and shown OutOfSync).
    pub prune: bool,
    /// Default false: live drift is reported, not reverted.
    pub self_heal: bool,
    /// Default false.
    pub allow_empty: bool,
}

impl Default for Automated {
    fn default() -> Self {
        Automated {
            enabled: true,
            prune: false,
            self_heal: false,
            allow_empty: false,
        }
    }
}

/// `spec.syncPolicy.retry` (E4). Defaults from `common.go`: 5 s, factor 2, max 3 min.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retry {
    /// Retries after the first failure; negative = unlimited.
    pub limit: i64,
    pub duration_ms: u64,
    pub factor: u64,
    pub max_duration_ms: u64,
}

impl Retry {
    pub fn with_limit(limit: i64) -> Self {
        Retry {
            limit,
            duration_ms: 5 * MS_PER_S,
            factor: 2,
            max_duration_ms: 180 * MS_PER_S,
        }
    }

    /// `NextRetryAt`: `min(duration × factor^n, maxDuration)` after the failed attempt.
    pub fn delay_ms(&self, retry_count: u32) -> u64 {
        let mut d = self.duration_ms;
        for _ in 0..retry_count {
            d = d.saturating_mul(self.factor);
            if d >= self.max_duration_ms {
                return self.max_duration_ms;
            }
        }
        d.min(self.max_duration_ms)
    }
}

/// `spec.ignoreDifferences` entry: a JSON pointer ignored on resources whose key starts with
/// `kind/` (or exactly matches `key`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoreDifference {
    /// `Deployment` or `Deployment/web`.
    pub resource: String,
    pub json_pointer: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppSpec {
    pub automated: Option<Automated>,
    pub retry: Option<Retry>,
    pub ignore_differences: Vec<IgnoreDifference>,
}

/// How selfHeal waits before re-syncing drift (E2): a fixed timeout (older releases,
/// `--self-heal-timeout-seconds` 5) or a backoff (newer: 2 s × 3^n, capped at 300 s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelfHealDelay {
    Fixed {
        ms: u64,
    },
    Backoff {
        base_ms: u64,
        factor: u64,
        cap_ms: u64,
    },
}

/// Controller settings (E3, E2), all parameters of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArgoParams {
    /// `timeout.reconciliation`: 180 s (0 disables polling).
    pub reconciliation_ms: u64,
    /// `timeout.reconciliation.jitter` \[MODEL\]: a fixed offset added to each poll (0 here;
    /// real jitter is random, which a deterministic model can't draw).
    pub jitter_ms: u64,
    pub self_heal: SelfHealDelay,
}

impl Default for ArgoParams {
    fn default() -> Self {
        ArgoParams {
            reconciliation_ms: 180 * MS_PER_S,
            jitter_ms: 0,
            self_heal: SelfHealDelay::Fixed { ms: 5 * MS_PER_S },
        }
    }
}

/// `status.operationState.phase`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Running,
    Succeeded,
    Failed,
}

/// A sync operation in progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    pub revision: String,
    pub automated: bool,
    pub prune: bool,
    /// Waves already applied (the next wave waits until these are Healthy).
    pub applied_waves: Vec<i32>,
    pub retry_count: u32,
    pub next_attempt_ms: u64,
}

/// Something the caller must do to the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Apply these fields to the resource (create it if missing).
    Apply {
        key: String,
        wave: i32,
        fields: Vec<(String, String)>,
    },
    /// Delete the resource.
    Prune { key: String },
}

/// Per-resource comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceStatus {
    pub key: String,
    pub status: SyncStatus,
    pub health: Health,
    pub requires_pruning: bool,
}

/// What one tick observed and decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tick {
    pub revision: Option<String>,
    pub sync_status: SyncStatus,
    pub health: Health,
    pub resources: Vec<ResourceStatus>,
    pub actions: Vec<Action>,
    /// Controller log / condition lines in Argo CD's wording (\[MODEL\] where noted in docs).
    pub messages: Vec<String>,
}

/// The Application's state between ticks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub name: String,
    /// The revision Git was last seen at (`status.sync.revision`).
    pub revision: Option<String>,
    last_poll_ms: Option<u64>,
    /// Keys this app created or manages (candidates for pruning).
    managed: Vec<String>,
    pub operation: Option<Operation>,
    /// Last finished operation: (revision, phase, automated).
    pub last_sync: Option<(String, Phase, bool)>,
    /// Drift first seen after a successful sync (selfHeal timer).
    drift_since_ms: Option<u64>,
    self_heal_attempts: u32,
    /// `status.history`: (revision, finished at).
    pub history: Vec<(String, u64)>,
    /// `status.operationState.message` of the last finished operation.
    pub last_message: Option<String>,
}

fn ignored(spec: &AppSpec, key: &str, pointer: &str) -> bool {
    spec.ignore_differences.iter().any(|i| {
        i.json_pointer == pointer
            && (i.resource == key || key.split('/').next() == Some(i.resource.as_str()))
    })
}

impl Application {
    pub fn new(name: &str) -> Self {
        Application {
            name: name.to_string(),
            ..Application::default()
        }
    }

    /// A manual sync (`argocd app sync`, the UI's Sync button) of the current revision.
    pub fn request_sync(&mut self, now_ms: u64, prune: bool) -> Result<(), String> {
        if self.operation.is_some() {
            return Err("another operation is already in progress".to_string());
        }
        let revision = self
            .revision
            .clone()
            .ok_or_else(|| "application has not been refreshed yet".to_string())?;
        self.operation = Some(Operation {
            revision,
            automated: false,
            prune,
            applied_waves: Vec::new(),
            retry_count: 0,
            next_attempt_ms: now_ms,
        });
        Ok(())
    }

    /// Forces a refresh at the next tick (a webhook, or "Refresh" in the UI).
    pub fn request_refresh(&mut self) {
        self.last_poll_ms = None;
    }

    fn compare(
        &self,
        spec: &AppSpec,
        manifests: &[Manifest],
        live: &[LiveResource],
    ) -> Vec<ResourceStatus> {
        let mut out = Vec::new();
        for m in manifests {
            let l = live.iter().find(|l| l.key == m.key);
            let (status, health) = match l {
                None => (SyncStatus::OutOfSync, Health::Missing),
                Some(l) => {
                    let differs = m.fields.iter().any(|(p, v)| {
                        !ignored(spec, &m.key, p)
                            && l.fields.iter().find(|(lp, _)| lp == p).map(|(_, lv)| lv) != Some(v)
                    });
                    let s = if differs {
                        SyncStatus::OutOfSync
                    } else {
                        SyncStatus::Synced
                    };
                    (s, l.health)
                }
            };
            out.push(ResourceStatus {
                key: m.key.clone(),
                status,
                health,
                requires_pruning: false,
            });
        }
        for key in &self.managed {
            if manifests.iter().any(|m| &m.key == key) {
                continue;
            }
            if let Some(l) = live.iter().find(|l| &l.key == key) {
                out.push(ResourceStatus {
                    key: key.clone(),
                    status: SyncStatus::OutOfSync,
                    health: l.health,
                    requires_pruning: true,
                });
            }
        }
        out
    }

    /// One reconcile: poll Git when due, compare with the live state, run auto-sync,
    /// selfHeal and any sync operation (one wave per tick, the next only once the previous
    /// wave is Healthy).
    pub fn tick(
        &mut self,
        now_ms: u64,
        p: &ArgoParams,
        spec: &AppSpec,
        repo: &GitRepo,
        live: &[LiveResource],
    ) -> Tick {
        let mut messages = Vec::new();
        // E3: poll Git.
        let due = match self.last_poll_ms {
            None => true,
            Some(t) => {
                p.reconciliation_ms > 0
                    && now_ms
                        >= t.saturating_add(p.reconciliation_ms)
                            .saturating_add(p.jitter_ms)
            }
        };
        if due {
            self.last_poll_ms = Some(now_ms);
            if let Some(head) = repo.head_at(now_ms) {
                if self.revision.as_deref() != Some(head.sha.as_str()) {
                    self.revision = Some(head.sha.clone());
                    self.self_heal_attempts = 0;
                }
            }
        }
        let Some(revision) = self.revision.clone() else {
            return Tick {
                revision: None,
                sync_status: SyncStatus::Unknown,
                health: Health::Unknown,
                resources: Vec::new(),
                actions: Vec::new(),
                messages,
            };
        };
        let manifests: Vec<Manifest> = repo
            .commit(&revision)
            .map(|c| c.manifests.clone())
            .unwrap_or_default();
        let mut resources = self.compare(spec, &manifests, live);
        let out_of_sync = resources.iter().any(|r| r.status == SyncStatus::OutOfSync);

        // E2: automated sync.
        let automated = spec.automated.filter(|a| a.enabled);
        if let (Some(a), None, true) = (automated, &self.operation, out_of_sync) {
            let attempted = self.last_sync.as_ref().filter(|(r, _, _)| r == &revision);
            let would_wipe = manifests.is_empty() && !self.managed.is_empty();
            match attempted {
                _ if would_wipe && !a.allow_empty => messages.push(format!(
                    "Skipping sync attempt to {revision}: auto-sync will wipe out all resources"
                )),
                None => {
                    self.start_auto(now_ms, &revision, a.prune);
                    messages.push(format!("Initiated automated sync to '{revision}'"));
                }
                Some((_, Phase::Failed, _)) => {
                    messages.push(format!(
                        "Skipping auto-sync: failed previous sync attempt to {revision}"
                    ));
                    // The SyncError condition carries the last operation's message.
                    messages.push(format!(
                        "Failed sync attempt to {revision}: {}",
                        self.last_message.clone().unwrap_or_default()
                    ));
                }
                Some(_) if a.self_heal => {
                    let since = *self.drift_since_ms.get_or_insert(now_ms);
                    let wait = match p.self_heal {
                        SelfHealDelay::Fixed { ms } => ms,
                        SelfHealDelay::Backoff {
                            base_ms,
                            factor,
                            cap_ms,
                        } => {
                            let mut d = base_ms;
                            for _ in 0..self.self_heal_attempts {
                                d = d.saturating_mul(factor).min(cap_ms);
                            }
                            d.min(cap_ms)
                        }
                    };
                    if now_ms >= since.saturating_add(wait) {
                        self.self_heal_attempts = self.self_heal_attempts.saturating_add(1);
                        self.drift_since_ms = None;
                        self.start_auto(now_ms, &revision, a.prune);
                        messages.push(format!("Initiated automated sync to '{revision}'"));
                    } else {
                        messages.push(format!(
                            "Skipping auto-sync: already attempted sync to {revision} with timeout {}s (retrying in {}s)",
                            wait / MS_PER_S,
                            (since.saturating_add(wait) - now_ms).div_ceil(MS_PER_S)
                        ));
                    }
                }
                Some(_) => messages.push(format!(
                    "Skipping auto-sync: most recent sync already to {revision}"
                )),
            }
        }
        if !out_of_sync {
            self.drift_since_ms = None;
        }

        // Run the operation.
        let mut actions = Vec::new();
        if let Some(mut op) = self.operation.take() {
            if now_ms >= op.next_attempt_ms {
                let op_manifests = repo
                    .commit(&op.revision)
                    .map(|c| c.manifests.clone())
                    .unwrap_or_default();
                let mut waves: Vec<i32> = op_manifests.iter().map(|m| m.sync_wave).collect();
                crate::sort::sort(&mut waves);
                waves.dedup();
                let prev_healthy = op_manifests
                    .iter()
                    .filter(|m| op.applied_waves.contains(&m.sync_wave))
                    .all(|m| {
                        live.iter()
                            .any(|l| l.key == m.key && l.health == Health::Healthy)
                    });
                let next = waves
                    .iter()
                    .copied()
                    .find(|w| !op.applied_waves.contains(w));
                match next {
                    Some(w) if prev_healthy || op.applied_waves.is_empty() => {
                        let mut failed = None;
                        for m in op_manifests.iter().filter(|m| m.sync_wave == w) {
                            if let Some(e) = &m.apply_error {
                                failed = Some(e.clone());
                                break;
                            }
                            actions.push(Action::Apply {
                                key: m.key.clone(),
                                wave: w,
                                fields: m.fields.clone(),
                            });
                            if !self.managed.contains(&m.key) {
                                self.managed.push(m.key.clone());
                            }
                        }
                        match failed {
                            Some(e) => {
                                let retry = spec
                                    .retry
                                    .filter(|r| r.limit < 0 || (op.retry_count as i64) < r.limit);
                                match retry {
                                    Some(r) => {
                                        let delay = r.delay_ms(op.retry_count);
                                        op.retry_count = op.retry_count.saturating_add(1);
                                        op.applied_waves.clear();
                                        op.next_attempt_ms = now_ms.saturating_add(delay);
                                        messages.push(format!(
                                            "one or more objects failed to apply, reason: {e} (retried {} times).",
                                            op.retry_count.saturating_sub(1)
                                        ));
                                        self.operation = Some(op);
                                    }
                                    None => {
                                        let m = format!(
                                            "one or more objects failed to apply, reason: {e}"
                                        );
                                        messages.push(m.clone());
                                        self.last_message = Some(m);
                                        self.finish(&op, Phase::Failed, now_ms);
                                    }
                                }
                            }
                            None => {
                                op.applied_waves.push(w);
                                self.operation = Some(op);
                            }
                        }
                    }
                    Some(_) => self.operation = Some(op),
                    None => {
                        // Every wave applied: prune, then done.
                        if op.prune {
                            for r in resources.iter().filter(|r| r.requires_pruning) {
                                actions.push(Action::Prune { key: r.key.clone() });
                            }
                            let keep: Vec<String> =
                                op_manifests.iter().map(|m| m.key.clone()).collect();
                            self.managed.retain(|k| keep.contains(k));
                        }
                        messages.push("successfully synced (all tasks run)".to_string());
                        self.last_message = Some("successfully synced (all tasks run)".to_string());
                        self.finish(&op, Phase::Succeeded, now_ms);
                    }
                }
            } else {
                self.operation = Some(op);
            }
        }

        // Report: pruned resources disappear from the report.
        for a in &actions {
            if let Action::Prune { key } = a {
                resources.retain(|r| &r.key != key);
            }
        }
        let sync_status = if resources.iter().any(|r| r.status == SyncStatus::OutOfSync) {
            SyncStatus::OutOfSync
        } else {
            SyncStatus::Synced
        };
        let health = resources
            .iter()
            .filter(|r| !r.requires_pruning)
            .map(|r| r.health)
            .max()
            .unwrap_or(Health::Healthy);
        Tick {
            revision: Some(revision),
            sync_status,
            health,
            resources,
            actions,
            messages,
        }
    }

    fn start_auto(&mut self, now_ms: u64, revision: &str, prune: bool) {
        self.operation = Some(Operation {
            revision: revision.to_string(),
            automated: true,
            prune,
            applied_waves: Vec::new(),
            retry_count: 0,
            next_attempt_ms: now_ms,
        });
    }

    fn finish(&mut self, op: &Operation, phase: Phase, now_ms: u64) {
        self.last_sync = Some((op.revision.clone(), phase, op.automated));
        if phase == Phase::Succeeded {
            self.history.push((op.revision.clone(), now_ms));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deploy(replicas: Option<&str>, image: &str) -> Manifest {
        let mut fields = vec![(
            "/spec/template/spec/containers/0/image".to_string(),
            image.to_string(),
        )];
        if let Some(r) = replicas {
            fields.push(("/spec/replicas".to_string(), r.to_string()));
        }
        Manifest {
            key: "Deployment/web".into(),
            sync_wave: 0,
            fields,
            apply_error: None,
        }
    }

    fn repo(commits: Vec<(&str, u64, Vec<Manifest>)>) -> GitRepo {
        GitRepo {
            commits: commits
                .into_iter()
                .map(|(sha, at_ms, manifests)| Commit {
                    sha: sha.into(),
                    at_ms,
                    manifests,
                })
                .collect(),
        }
    }

    /// A tiny cluster: applies actions to live resources (everything Healthy).
    fn apply(live: &mut Vec<LiveResource>, actions: &[Action]) {
        for a in actions {
            match a {
                Action::Apply { key, fields, .. } => {
                    let r = match live.iter_mut().position(|l| &l.key == key) {
                        Some(i) => &mut live[i],
                        None => {
                            live.push(LiveResource {
                                key: key.clone(),
                                fields: Vec::new(),
                                health: Health::Healthy,
                            });
                            let n = live.len() - 1;
                            &mut live[n]
                        }
                    };
                    for (p, v) in fields {
                        match r.fields.iter_mut().find(|(lp, _)| lp == p) {
                            Some(f) => f.1 = v.clone(),
                            None => r.fields.push((p.clone(), v.clone())),
                        }
                    }
                }
                Action::Prune { key } => live.retain(|l| &l.key != key),
            }
        }
    }

    fn set(live: &mut [LiveResource], key: &str, pointer: &str, value: &str) {
        if let Some(r) = live.iter_mut().find(|l| l.key == key) {
            match r.fields.iter_mut().find(|(p, _)| p == pointer) {
                Some(f) => f.1 = value.to_string(),
                None => r.fields.push((pointer.to_string(), value.to_string())),
            }
        }
    }

    fn auto(self_heal: bool, prune: bool) -> AppSpec {
        AppSpec {
            automated: Some(Automated {
                self_heal,
                prune,
                ..Automated::default()
            }),
            ..AppSpec::default()
        }
    }

    #[test]
    fn e3_git_is_polled_every_3_minutes() {
        let r = repo(vec![
            ("a1", 0, vec![deploy(Some("3"), "web:1")]),
            ("b2", 10_000, vec![deploy(Some("3"), "web:2")]),
        ]);
        let mut app = Application::new("web");
        let p = ArgoParams::default();
        let spec = auto(false, false);
        let mut live = Vec::new();
        let t = app.tick(0, &p, &spec, &r, &live);
        assert_eq!(t.revision.as_deref(), Some("a1"));
        apply(&mut live, &t.actions);
        // The b2 commit at 10 s is not seen until the next poll at 180 s.
        let t = app.tick(179_999, &p, &spec, &r, &live);
        assert_eq!(
            (t.revision.as_deref(), t.sync_status),
            (Some("a1"), SyncStatus::Synced)
        );
        let t = app.tick(180_000, &p, &spec, &r, &live);
        assert_eq!(t.revision.as_deref(), Some("b2"));
        assert_eq!(t.actions.len(), 1, "auto-sync applies the new image");
    }

    #[test]
    fn e2_without_automation_drift_is_only_reported() {
        let r = repo(vec![("a1", 0, vec![deploy(Some("3"), "web:1")])]);
        let mut app = Application::new("web");
        let p = ArgoParams::default();
        let spec = AppSpec::default();
        let mut live = Vec::new();
        let t = app.tick(0, &p, &spec, &r, &live);
        assert_eq!(
            (t.sync_status, t.health),
            (SyncStatus::OutOfSync, Health::Missing)
        );
        assert!(t.actions.is_empty());
        app.request_sync(1_000, false).expect("manual sync");
        let t = app.tick(1_000, &p, &spec, &r, &live);
        apply(&mut live, &t.actions);
        let t = app.tick(2_000, &p, &spec, &r, &live);
        assert_eq!(
            (t.sync_status, t.health),
            (SyncStatus::Synced, Health::Healthy)
        );
    }

    #[test]
    fn e2_drift_from_a_hand_edit_is_reverted_only_with_self_heal() {
        let r = repo(vec![("a1", 0, vec![deploy(Some("3"), "web:1")])]);
        let p = ArgoParams::default();
        for self_heal in [false, true] {
            let mut app = Application::new("web");
            let spec = auto(self_heal, false);
            let mut live = Vec::new();
            let t = app.tick(0, &p, &spec, &r, &live);
            apply(&mut live, &t.actions);
            app.tick(1_000, &p, &spec, &r, &live);
            // kubectl set image web=web:hotfix
            set(
                &mut live,
                "Deployment/web",
                "/spec/template/spec/containers/0/image",
                "web:hotfix",
            );
            let t = app.tick(2_000, &p, &spec, &r, &live);
            assert_eq!(t.sync_status, SyncStatus::OutOfSync);
            assert!(t.actions.is_empty());
            let t = app.tick(7_000, &p, &spec, &r, &live);
            if self_heal {
                assert_eq!(t.actions.len(), 1, "self-heal re-applies after 5 s");
            } else {
                assert!(t.actions.is_empty());
                assert_eq!(
                    t.messages,
                    vec!["Skipping auto-sync: most recent sync already to a1".to_string()]
                );
            }
        }
    }

    /// E2: the classic fight: Git sets replicas, the HPA changes them, selfHeal puts Git's
    /// count back, the HPA changes them again...
    fn fight(spec: &AppSpec, manifest_replicas: Option<&str>) -> usize {
        let r = repo(vec![("a1", 0, vec![deploy(manifest_replicas, "web:1")])]);
        let p = ArgoParams::default();
        let mut app = Application::new("web");
        let mut live = Vec::new();
        let mut reverts = 0;
        for step in 0..40u64 {
            let now = step * 15_000;
            // The HPA wants 6 at every sync.
            if step > 0 {
                set(&mut live, "Deployment/web", "/spec/replicas", "6");
            }
            let t = app.tick(now, &p, spec, &r, &live);
            if step > 0 && t.actions.iter().any(|a| matches!(a, Action::Apply { fields, .. } if fields.iter().any(|(p, v)| p == "/spec/replicas" && v == "3"))) {
                reverts += 1;
            }
            apply(&mut live, &t.actions);
        }
        reverts
    }

    #[test]
    fn e2_replicas_in_git_under_an_hpa_with_self_heal_flaps() {
        assert!(fight(&auto(true, false), Some("3")) > 10);
    }

    #[test]
    fn e2_fix_drop_replicas_from_the_manifest() {
        assert_eq!(fight(&auto(true, false), None), 0);
    }

    #[test]
    fn e2_fix_ignore_differences_on_spec_replicas() {
        let mut spec = auto(true, false);
        spec.ignore_differences.push(IgnoreDifference {
            resource: "Deployment".into(),
            json_pointer: "/spec/replicas".into(),
        });
        // With the difference ignored, the app is Synced and never re-syncs the count.
        assert_eq!(fight(&spec, Some("3")), 0);
    }

    #[test]
    fn e2_one_attempt_per_commit_and_failed_sync_not_retried_without_retry() {
        let mut bad = deploy(Some("3"), "web:1");
        bad.apply_error = Some("Deployment.apps \"web\" is invalid".into());
        let r = repo(vec![("a1", 0, vec![bad])]);
        let p = ArgoParams::default();
        let mut app = Application::new("web");
        let spec = auto(false, false);
        let live = Vec::new();
        let t = app.tick(0, &p, &spec, &r, &live);
        assert!(t
            .messages
            .iter()
            .any(|m| m.starts_with("one or more objects failed to apply")));
        let t = app.tick(60_000, &p, &spec, &r, &live);
        assert_eq!(
            t.messages,
            vec![
                "Skipping auto-sync: failed previous sync attempt to a1".to_string(),
                "Failed sync attempt to a1: one or more objects failed to apply, reason: Deployment.apps \"web\" is invalid".to_string()
            ]
        );
    }

    #[test]
    fn e4_retry_backoff_5s_doubling_capped_at_3m() {
        let r = Retry::with_limit(-1);
        let delays: Vec<u64> = (0..8).map(|n| r.delay_ms(n)).collect();
        assert_eq!(
            delays,
            vec![5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 180_000, 180_000]
        );
        let mut bad = deploy(Some("3"), "web:1");
        bad.apply_error = Some("boom".into());
        let repo = repo(vec![("a1", 0, vec![bad])]);
        let mut app = Application::new("web");
        let spec = AppSpec {
            retry: Some(Retry::with_limit(2)),
            ..auto(false, false)
        };
        let p = ArgoParams::default();
        app.tick(0, &p, &spec, &repo, &[]);
        assert_eq!(
            app.operation.as_ref().map(|o| o.next_attempt_ms),
            Some(5_000)
        );
        app.tick(5_000, &p, &spec, &repo, &[]);
        assert_eq!(
            app.operation.as_ref().map(|o| o.next_attempt_ms),
            Some(15_000)
        );
        app.tick(15_000, &p, &spec, &repo, &[]);
        assert!(app.operation.is_none());
        assert_eq!(app.last_sync.as_ref().map(|s| s.1), Some(Phase::Failed));
    }

    #[test]
    fn e4_sync_waves_apply_lowest_first_and_wait_for_health() {
        let mut cm = Manifest {
            key: "ConfigMap/cfg".into(),
            sync_wave: -1,
            fields: vec![("/data/x".into(), "1".into())],
            apply_error: None,
        };
        let d = deploy(Some("3"), "web:1");
        cm.sync_wave = -1;
        let r = repo(vec![("a1", 0, vec![d, cm])]);
        let mut app = Application::new("web");
        let spec = auto(false, false);
        let p = ArgoParams::default();
        let mut live = Vec::new();
        let t = app.tick(0, &p, &spec, &r, &live);
        assert_eq!(t.actions.len(), 1);
        assert!(
            matches!(&t.actions[0], Action::Apply { key, wave: -1, .. } if key == "ConfigMap/cfg")
        );
        apply(&mut live, &t.actions);
        let t = app.tick(1_000, &p, &spec, &r, &live);
        assert!(
            matches!(&t.actions[0], Action::Apply { key, wave: 0, .. } if key == "Deployment/web")
        );
    }

    #[test]
    fn e2_prune_only_when_enabled() {
        let extra = Manifest {
            key: "Service/old".into(),
            sync_wave: 0,
            fields: vec![],
            apply_error: None,
        };
        let r = repo(vec![
            ("a1", 0, vec![deploy(Some("3"), "web:1"), extra]),
            ("b2", 1_000, vec![deploy(Some("3"), "web:1")]),
        ]);
        let p = ArgoParams {
            reconciliation_ms: 10_000,
            ..ArgoParams::default()
        };
        for prune in [false, true] {
            let mut app = Application::new("web");
            let spec = auto(false, prune);
            let mut live = Vec::new();
            for now in [0u64, 1_000, 2_000, 10_000, 11_000, 12_000] {
                let t = app.tick(now, &p, &spec, &r, &live);
                apply(&mut live, &t.actions);
            }
            let t = app.tick(13_000, &p, &spec, &r, &live);
            if prune {
                assert_eq!(t.sync_status, SyncStatus::Synced);
                assert!(!live.iter().any(|l| l.key == "Service/old"));
            } else {
                assert_eq!(t.sync_status, SyncStatus::OutOfSync);
                assert!(t.resources.iter().any(|r| r.requires_pruning));
            }
        }
    }

    #[test]
    fn e1_health_is_the_worst_and_deployment_check_messages() {
        assert!(Health::Degraded > Health::Progressing && Health::Missing > Health::Progressing);
        assert_eq!(
            deployment_health(false, false, 3, 3, 3, 3).0,
            Health::Healthy
        );
        assert_eq!(
            deployment_health(false, false, 3, 4, 2, 2),
            (
                Health::Progressing,
                "Waiting for rollout to finish: 2 out of 3 new replicas have been updated..."
                    .to_string()
            )
        );
        assert_eq!(
            deployment_health(false, true, 3, 3, 1, 1).0,
            Health::Degraded
        );
        assert_eq!(
            deployment_health(true, false, 3, 3, 1, 1).0,
            Health::Suspended
        );
    }

    #[test]
    fn e2_disabled_automation_does_nothing() {
        let r = repo(vec![("a1", 0, vec![deploy(Some("3"), "web:1")])]);
        let mut app = Application::new("web");
        let spec = AppSpec {
            automated: Some(Automated {
                enabled: false,
                self_heal: true,
                prune: true,
                allow_empty: false,
            }),
            ..AppSpec::default()
        };
        let t = app.tick(0, &ArgoParams::default(), &spec, &r, &[]);
        assert!(t.actions.is_empty());
    }
}
