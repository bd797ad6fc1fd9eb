//! GitOps glue: the scenario's commits as a Git history of manifests (reduced to the fields
//! they set, as the Argo CD rules compare them), the live resources as Argo CD sees them, and
//! applying a synced manifest back to the runtime's objects.
//!
//! Field paths are the JSON pointers of the real manifests (`/spec/replicas`,
//! `/spec/template/spec/containers/0/image`, ...), so `ignoreDifferences` entries read as in
//! an Application.

use super::argocd::{
    deployment_health, Action, AppSpec, ArgoParams, Automated, Commit, GitRepo, Health,
    IgnoreDifference, LiveResource, Manifest, Retry, SelfHealDelay, SyncStatus,
};
use super::outputs::KubeOutput;
use super::runtime::KubeRuntime;
use super::MS_PER_S;
use crate::rng::Keyed;
use crate::scenario::{ApplicationInput, GitCommit, KubernetesSpec};
use crate::sim::KubeTimer;
use crate::time::SimTime;

pub const REPLICAS: &str = "/spec/replicas";
pub const IMAGE: &str = "/spec/template/spec/containers/0/image";
pub const CPU: &str = "/spec/template/spec/containers/0/resources/requests/cpu";
pub const MEMORY: &str = "/spec/template/spec/containers/0/resources/requests/memory";
pub const HPA_MIN: &str = "/spec/minReplicas";
pub const HPA_MAX: &str = "/spec/maxReplicas";
pub const HPA_CPU: &str = "/spec/metrics/0/resource/target/averageUtilization";

/// The manifests' content at one commit, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestState {
    pub replicas: Option<u32>,
    pub image: String,
    pub cpu_milli: u32,
    pub memory_mib: u32,
    /// (minReplicas, maxReplicas, CPU utilization target of the first metric if it is one).
    pub hpa: Option<(u32, u32, Option<u32>)>,
}

impl ManifestState {
    /// The first commit: the Deployment and HPA as the scenario gives them.
    pub fn initial(k: &KubernetesSpec) -> ManifestState {
        let d = &k.deployment;
        ManifestState {
            replicas: d.replicas,
            image: d.image.clone(),
            cpu_milli: d.cpu_request_milli,
            memory_mib: d.memory_request_mib,
            hpa: k.hpa.as_ref().map(|h| {
                let cpu = h.metrics.first().and_then(|m| match m.target {
                    super::hpa::MetricTarget::Utilization(u)
                        if m.resource == super::hpa::ResourceName::Cpu =>
                    {
                        u32::try_from(u).ok()
                    }
                    _ => None,
                });
                (h.min_replicas.unwrap_or(1), h.max_replicas, cpu)
            }),
        }
    }

    /// This state with a commit's changes.
    pub fn with(&self, c: &GitCommit) -> ManifestState {
        let mut s = self.clone();
        if let Some(i) = &c.image {
            s.image = i.clone();
        }
        if let Some(v) = c.cpu_request_milli {
            s.cpu_milli = v;
        }
        if let Some(v) = c.memory_request_mib {
            s.memory_mib = v;
        }
        if c.remove_replicas {
            s.replicas = None;
        }
        if let Some(v) = c.replicas {
            s.replicas = Some(v);
        }
        if let Some((min, max, cpu)) = &mut s.hpa {
            if let Some(v) = c.hpa_min_replicas {
                *min = v;
            }
            if let Some(v) = c.hpa_max_replicas {
                *max = v;
            }
            if let (Some(v), Some(t)) = (c.hpa_target_cpu_utilization, cpu.as_mut()) {
                *t = v;
            }
        }
        s
    }

    /// The manifests Argo CD compares: the Deployment (wave 0) and the HPA.
    pub fn manifests(&self, deployment: &str, hpa: &str, hpa_wave: i32) -> Vec<Manifest> {
        let mut d = Vec::new();
        if let Some(r) = self.replicas {
            d.push((REPLICAS.to_string(), r.to_string()));
        }
        d.push((IMAGE.to_string(), self.image.clone()));
        d.push((CPU.to_string(), format!("{}m", self.cpu_milli)));
        d.push((MEMORY.to_string(), format!("{}Mi", self.memory_mib)));
        let mut out = vec![Manifest {
            key: format!("Deployment/{deployment}"),
            sync_wave: 0,
            fields: d,
            apply_error: None,
        }];
        if let Some((min, max, cpu)) = self.hpa {
            let mut h = vec![
                (HPA_MIN.to_string(), min.to_string()),
                (HPA_MAX.to_string(), max.to_string()),
            ];
            if let Some(c) = cpu {
                h.push((HPA_CPU.to_string(), c.to_string()));
            }
            out.push(Manifest {
                key: format!("HorizontalPodAutoscaler/{hpa}"),
                sync_wave: hpa_wave,
                fields: h,
                apply_error: None,
            });
        }
        out
    }
}

/// A 40-hex-digit commit SHA drawn from the seed (commit `n` of the run).
pub fn commit_sha(seed: u64, n: u64) -> String {
    let words = [
        Keyed::GitSha.bits(seed, n.wrapping_mul(4)),
        Keyed::GitSha.bits(seed, n.wrapping_mul(4).wrapping_add(1)),
        Keyed::GitSha.bits(seed, n.wrapping_mul(4).wrapping_add(2)),
    ];
    let hex = format!("{:016x}{:016x}{:016x}", words[0], words[1], words[2]);
    hex[..40].to_string()
}

/// Why a manifest of this state cannot be applied (the API server's validation), if so.
fn apply_error(s: &ManifestState, deployment: &str, hpa: &str) -> Option<String> {
    if s.image.trim().is_empty() {
        return Some(
            format!("Deployment.apps \"{deployment}\" is invalid: spec.template.spec.containers[0].image: Required value"),
        );
    }
    if let Some((min, max, _)) = s.hpa {
        if max < min {
            return Some(format!(
                "HorizontalPodAutoscaler.autoscaling \"{hpa}\" is invalid: spec.maxReplicas: Invalid value: {max}: must be greater than or equal to `minReplicas`"
            ));
        }
    }
    None
}

/// The repository: the initial commit at t = 0, then the scenario's commits in time order.
/// Returns the history and each commit's typed state (same order).
pub fn build_repo(
    k: &KubernetesSpec,
    commits: &[GitCommit],
    seed: u64,
) -> (GitRepo, Vec<ManifestState>) {
    let (dn, hn, wave) = names(k);
    let mut state = ManifestState::initial(k);
    let mut repo = GitRepo::default();
    let mut states = Vec::new();
    repo.commits.push(Commit {
        sha: commit_sha(seed, 0),
        at_ms: 0,
        manifests: state.manifests(&dn, &hn, wave),
    });
    states.push(state.clone());
    let mut ordered: Vec<&GitCommit> = commits.iter().collect();
    crate::sort::sort_by_key(&mut ordered, |c| c.at_s);
    for c in ordered {
        state = state.with(c);
        push_commit(
            &mut repo,
            &mut states,
            &state,
            c.at_s.saturating_mul(MS_PER_S),
            seed,
            &dn,
            &hn,
            wave,
        );
    }
    (repo, states)
}

/// Appends a commit (a scenario commit or one pushed during the run).
#[allow(clippy::too_many_arguments)]
pub fn push_commit(
    repo: &mut GitRepo,
    states: &mut Vec<ManifestState>,
    state: &ManifestState,
    at_ms: u64,
    seed: u64,
    deployment: &str,
    hpa: &str,
    wave: i32,
) {
    let mut manifests = state.manifests(deployment, hpa, wave);
    if let Some(e) = apply_error(state, deployment, hpa) {
        if let Some(m) = manifests.first_mut() {
            m.apply_error = Some(e);
        }
    }
    // In time order (a commit pushed during the run may come before scenario commits).
    let at = repo
        .commits
        .iter()
        .position(|c| c.at_ms > at_ms)
        .unwrap_or(repo.commits.len());
    let commit = Commit {
        sha: commit_sha(seed, repo.commits.len() as u64),
        at_ms,
        manifests,
    };
    repo.commits.insert(at, commit);
    states.insert(at, state.clone());
}

/// (Deployment name, HPA name, HPA sync wave).
pub fn names(k: &KubernetesSpec) -> (String, String, i32) {
    (
        k.deployment.name.clone(),
        k.hpa.as_ref().map(|h| h.name.clone()).unwrap_or_default(),
        k.gitops.as_ref().map_or(0, |g| g.application.hpa_sync_wave),
    )
}

/// The Application's spec and the controller's settings from the scenario.
pub fn app_spec(a: &ApplicationInput) -> (AppSpec, ArgoParams) {
    let automated = a.automated.as_ref().map(|x| Automated {
        enabled: x.enabled,
        prune: x.prune,
        self_heal: x.self_heal,
        allow_empty: x.allow_empty,
    });
    let retry = a.retry.as_ref().map(|r| Retry {
        limit: r.limit,
        duration_ms: r.backoff_duration_s as u64 * MS_PER_S,
        factor: r.backoff_factor as u64,
        max_duration_ms: r.backoff_max_duration_s as u64 * MS_PER_S,
    });
    let ignore_differences = a
        .ignore_differences
        .iter()
        .flat_map(|i| {
            i.json_pointers.iter().map(|p| IgnoreDifference {
                resource: i.kind.clone(),
                json_pointer: p.clone(),
            })
        })
        .collect();
    let params = ArgoParams {
        reconciliation_ms: a.reconciliation_s as u64 * MS_PER_S,
        jitter_ms: 0,
        self_heal: SelfHealDelay::Fixed { ms: 5 * MS_PER_S },
    };
    (
        AppSpec {
            automated,
            retry,
            ignore_differences,
        },
        params,
    )
}

/// A field's value parsed as a count (`"3"`), a CPU quantity (`"250m"`) or MiB (`"256Mi"`).
pub fn parse_count(v: &str) -> Option<u32> {
    v.parse().ok()
}

pub fn parse_millicores(v: &str) -> Option<u32> {
    v.strip_suffix('m').and_then(|x| x.parse().ok())
}

pub fn parse_mib(v: &str) -> Option<u32> {
    v.strip_suffix("Mi").and_then(|x| x.parse().ok())
}

// ---------------------------------------------------------------------------------------------
// Argo CD over time
// ---------------------------------------------------------------------------------------------

impl KubeRuntime {
    /// The live objects as Argo CD compares them (the fields the manifests can set) with
    /// their health (E1: Argo CD's Deployment check; an HPA is Healthy unless scaling is
    /// inactive, \[MODEL\] of Argo CD's HPA check).
    fn live_resources(&self) -> Vec<LiveResource> {
        let d = &self.deployment;
        let t = &self.template;
        let mut out = vec![LiveResource {
            key: format!("Deployment/{}", d.name),
            fields: vec![
                (REPLICAS.to_string(), d.spec.replicas.to_string()),
                (IMAGE.to_string(), t.image.clone()),
                (CPU.to_string(), format!("{}m", t.cpu_milli)),
                (MEMORY.to_string(), format!("{}Mi", t.memory_mib)),
            ],
            health: self.deployment_health(),
        }];
        if let Some(h) = &self.hpa {
            let mut fields = vec![
                (
                    HPA_MIN.to_string(),
                    h.input.min_replicas.unwrap_or(1).to_string(),
                ),
                (HPA_MAX.to_string(), h.input.max_replicas.to_string()),
            ];
            if let Some(m) = h.input.metrics.first() {
                if let (super::hpa::ResourceName::Cpu, super::hpa::MetricTarget::Utilization(u)) =
                    (m.resource, m.target)
                {
                    fields.push((HPA_CPU.to_string(), u.to_string()));
                }
            }
            let inactive = h
                .conditions
                .iter()
                .any(|c| c.kind == super::hpa::ConditionType::ScalingActive && !c.status);
            out.push(LiveResource {
                key: format!("HorizontalPodAutoscaler/{}", h.input.name),
                fields,
                health: if inactive {
                    Health::Degraded
                } else {
                    Health::Healthy
                },
            });
        }
        out
    }

    fn deployment_health(&self) -> Health {
        let d = &self.deployment;
        let new_rs = d.new_rs().map(|r| r.name.clone()).unwrap_or_default();
        let min_ready = d.spec.min_ready_seconds.max(0) as u64 * MS_PER_S;
        let updated = self.pods.iter().filter(|p| p.replica_set == new_rs).count() as i32;
        let now = self.last_now;
        let available = self
            .pods
            .iter()
            .filter(|p| p.ready_ms.is_some_and(|t| t + min_ready <= now))
            .count() as i32;
        let exceeded = d
            .condition("Progressing")
            .is_some_and(|c| c.reason == "ProgressDeadlineExceeded");
        deployment_health(
            false,
            exceeded,
            d.spec.replicas,
            self.pods.len() as i32,
            updated,
            available,
        )
        .0
    }

    /// Argo CD notices a change of the live state it watches (once per instant).
    pub(crate) fn argo_watch(&mut self, now: u64) {
        let delay = self.assumptions.argocd_watch_s as u64 * MS_PER_S;
        let Some(a) = self.argo.as_mut() else { return };
        let at = now + delay;
        if a.watch_at.is_some_and(|w| w <= at && w >= now) {
            return;
        }
        a.watch_at = Some(at);
        self.fx.timers.push((at, KubeTimer::ArgoCdWatch));
    }

    /// One Application reconcile (`argocd::Application::tick`), then what it decided: apply
    /// or prune manifests, report status and messages, and when to look again.
    pub(crate) fn argo_tick(&mut self, now: u64) {
        self.last_now = now;
        let live = self.live_resources();
        let Some(a) = self.argo.as_mut() else { return };
        let tick = a.app.tick(now, &a.params, &a.spec, &a.repo, &live);
        let name = a.app.name.clone();
        let mut messages = Vec::new();
        for m in tick.messages {
            // The selfHeal countdown repeats every second with a new number: report its first
            // line only.
            let countdown = "Skipping auto-sync: already attempted sync";
            let repeat = m.starts_with(countdown)
                && a.last_message
                    .as_ref()
                    .is_some_and(|l| l.starts_with(countdown));
            if !repeat {
                messages.push(m.clone());
            }
            a.last_message = Some(m);
        }
        let status = (tick.revision.clone(), tick.sync_status, tick.health);
        let status_changed = a.status.as_ref() != Some(&status);
        a.status = Some(status);
        let again = match (&a.app.operation, a.spec.automated) {
            (Some(op), _) => Some(op.next_attempt_ms.max(now + MS_PER_S)),
            (None, Some(auto))
                if auto.enabled && auto.self_heal && tick.sync_status == SyncStatus::OutOfSync =>
            {
                Some(now + MS_PER_S)
            }
            _ => None,
        };
        for message in messages {
            self.emit(KubeOutput::ArgoCdMessage {
                t: SimTime(now),
                application: name.clone(),
                message,
            });
        }
        if status_changed {
            self.emit(KubeOutput::ArgoCdStatus {
                t: SimTime(now),
                application: name.clone(),
                revision: tick.revision.clone(),
                sync: tick.sync_status,
                health: tick.health,
            });
        }
        let mut applied = false;
        for action in tick.actions {
            match action {
                Action::Apply { key, fields, .. } => {
                    self.apply_manifest(&key, &fields);
                    applied = true;
                }
                // The runtime's objects are the Deployment and its HPA, which every commit
                // holds: nothing is ever pruned.
                Action::Prune { .. } => {}
            }
        }
        if applied {
            self.settle(now);
        }
        if let Some(at) = again {
            if let Some(a) = self.argo.as_mut() {
                if a.watch_at.is_none_or(|w| w > at || w < now) {
                    a.watch_at = Some(at);
                    self.fx.timers.push((at, KubeTimer::ArgoCdWatch));
                }
            }
        }
    }

    /// `kubectl apply` of a synced manifest's fields onto the live object.
    fn apply_manifest(&mut self, key: &str, fields: &[(String, String)]) {
        let get = |p: &str| fields.iter().find(|(k, _)| k == p).map(|(_, v)| v.as_str());
        if key.starts_with("Deployment/") {
            let mut t = self.template.clone();
            if let Some(i) = get(IMAGE) {
                t.image = i.to_string();
            }
            if let Some(c) = get(CPU).and_then(parse_millicores) {
                t.cpu_milli = c as i64;
            }
            if let Some(m) = get(MEMORY).and_then(parse_mib) {
                t.memory_mib = m as i64;
            }
            if t != self.template {
                let _ = self.set_template(t);
            }
            if let Some(r) = get(REPLICAS).and_then(parse_count) {
                let mut spec = self.deployment.spec.clone();
                spec.replicas = i32::try_from(r).unwrap_or(i32::MAX);
                let _ = self.deployment.update_spec(spec);
            }
        } else if let Some(h) = self.hpa.as_mut() {
            if let Some(v) = get(HPA_MIN).and_then(parse_count) {
                h.input.min_replicas = Some(v);
            }
            if let Some(v) = get(HPA_MAX).and_then(parse_count) {
                h.input.max_replicas = v;
            }
            if let Some(v) = get(HPA_CPU).and_then(parse_count) {
                if let Some(m) = h.input.metrics.first_mut() {
                    m.target =
                        super::hpa::MetricTarget::Utilization(i32::try_from(v).unwrap_or(i32::MAX));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_change_only_what_they_name() {
        let k = KubernetesSpec {
            hpa: Some(crate::scenario::HpaInput::default()),
            ..KubernetesSpec::default()
        };
        let commits = vec![
            GitCommit {
                at_s: 600,
                image: Some("web:2".into()),
                ..GitCommit::default()
            },
            GitCommit {
                at_s: 300,
                remove_replicas: true,
                ..GitCommit::default()
            },
        ];
        let (repo, states) = build_repo(&k, &commits, 1);
        assert_eq!(repo.commits.len(), 3);
        // In time order: the replicas removal first, then the image.
        assert_eq!(states[1].replicas, None);
        assert_eq!(states[2].replicas, None);
        assert_eq!(states[2].image, "web:2");
        assert_eq!(repo.commits[2].at_ms, 600_000);
        let d = &repo.commits[2].manifests[0];
        assert!(!d.fields.iter().any(|(p, _)| p == REPLICAS));
        assert_eq!(repo.commits[0].sha.len(), 40);
        assert_ne!(repo.commits[0].sha, repo.commits[1].sha);
    }

    #[test]
    fn quantities_parse_back() {
        assert_eq!(parse_millicores("250m"), Some(250));
        assert_eq!(parse_mib("256Mi"), Some(256));
        assert_eq!(parse_count("3"), Some(3));
        assert_eq!(parse_mib("256"), None);
    }
}
