//! The scenario's `kubernetes` section as Kubernetes manifests: a multi-document YAML of an
//! `apps/v1` Deployment, an `autoscaling/v2` HorizontalPodAutoscaler and an
//! `argoproj.io/v1alpha1` Application (docs/import-export.md). `scaleout import` reads them
//! back; what manifests cannot hold is listed in [`Exported::not_expressed`].

use serde_json::{json, Map, Value};

use super::Exported;
use crate::kubernetes::hpa::{MetricTarget, PolicyType, ResourceName, ScalingRules, SelectPolicy};
use crate::scenario::KubernetesSpec;
use crate::Scenario;

/// `maxSurge` / `maxUnavailable` as Kubernetes writes them: an integer or a "25%" string.
fn int_or_string(s: &str) -> Value {
    match s.trim().parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(s.trim()),
    }
}

fn deployment(k: &KubernetesSpec) -> Value {
    let d = &k.deployment;
    let labels = json!({ "app": d.name });
    let mut spec = Map::new();
    if let Some(r) = d.replicas {
        spec.insert("replicas".into(), json!(r));
    }
    spec.insert("selector".into(), json!({ "matchLabels": labels }));
    spec.insert(
        "strategy".into(),
        json!({
            "type": "RollingUpdate",
            "rollingUpdate": {
                "maxSurge": int_or_string(&d.max_surge),
                "maxUnavailable": int_or_string(&d.max_unavailable),
            }
        }),
    );
    spec.insert("minReadySeconds".into(), json!(d.min_ready_seconds));
    spec.insert(
        "progressDeadlineSeconds".into(),
        json!(d.progress_deadline_seconds),
    );
    spec.insert(
        "revisionHistoryLimit".into(),
        json!(d.revision_history_limit),
    );
    let p = &d.readiness_probe;
    spec.insert(
        "template".into(),
        json!({
            "metadata": { "labels": labels },
            "spec": {
                "containers": [{
                    "name": d.name,
                    "image": d.image,
                    "resources": { "requests": {
                        "cpu": format!("{}m", d.cpu_request_milli),
                        "memory": format!("{}Mi", d.memory_request_mib),
                    }},
                    "readinessProbe": {
                        "tcpSocket": { "port": 8080 },
                        "initialDelaySeconds": p.initial_delay_seconds,
                        "periodSeconds": p.period_seconds,
                        "successThreshold": p.success_threshold,
                    },
                }]
            }
        }),
    );
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": { "name": d.name, "namespace": k.namespace },
        "spec": Value::Object(spec),
    })
}

fn rules(r: &ScalingRules) -> Value {
    let mut m = Map::new();
    if let Some(w) = r.stabilization_window_seconds {
        m.insert("stabilizationWindowSeconds".into(), json!(w));
    }
    if let Some(s) = r.select_policy {
        let s = match s {
            SelectPolicy::Max => "Max",
            SelectPolicy::Min => "Min",
            SelectPolicy::Disabled => "Disabled",
        };
        m.insert("selectPolicy".into(), json!(s));
    }
    if let Some(ps) = &r.policies {
        let list: Vec<Value> = ps
            .iter()
            .map(|p| {
                let t = match p.kind {
                    PolicyType::Pods => "Pods",
                    PolicyType::Percent => "Percent",
                };
                json!({ "type": t, "value": p.value, "periodSeconds": p.period_seconds })
            })
            .collect();
        m.insert("policies".into(), Value::Array(list));
    }
    if let Some(t) = r.tolerance {
        m.insert("tolerance".into(), json!(t.to_string()));
    }
    Value::Object(m)
}

fn hpa(k: &KubernetesSpec) -> Option<Value> {
    let h = k.hpa.as_ref()?;
    let metrics: Vec<Value> = h
        .metrics
        .iter()
        .map(|m| {
            let name = match m.resource {
                ResourceName::Cpu => "cpu",
                ResourceName::Memory => "memory",
            };
            let target = match (m.target, m.resource) {
                (MetricTarget::Utilization(u), _) => {
                    json!({ "type": "Utilization", "averageUtilization": u })
                }
                (MetricTarget::AverageValue(v), ResourceName::Cpu) => {
                    json!({ "type": "AverageValue", "averageValue": format!("{v}m") })
                }
                (MetricTarget::AverageValue(v), ResourceName::Memory) => json!({
                    "type": "AverageValue",
                    "averageValue": format!("{}Mi", v / 1000 / 1_048_576)
                }),
                (MetricTarget::Value(v), _) => json!({ "type": "Value", "value": format!("{v}m") }),
            };
            json!({ "type": "Resource", "resource": { "name": name, "target": target } })
        })
        .collect();
    let mut spec = Map::new();
    spec.insert(
        "scaleTargetRef".into(),
        json!({ "apiVersion": "apps/v1", "kind": "Deployment", "name": k.deployment.name }),
    );
    if let Some(m) = h.min_replicas {
        spec.insert("minReplicas".into(), json!(m));
    }
    spec.insert("maxReplicas".into(), json!(h.max_replicas));
    if !metrics.is_empty() {
        spec.insert("metrics".into(), Value::Array(metrics));
    }
    if let Some(b) = &h.behavior {
        let mut bm = Map::new();
        if let Some(u) = &b.scale_up {
            bm.insert("scaleUp".into(), rules(u));
        }
        if let Some(d) = &b.scale_down {
            bm.insert("scaleDown".into(), rules(d));
        }
        spec.insert("behavior".into(), Value::Object(bm));
    }
    let mut metadata = json!({ "name": h.name, "namespace": k.namespace });
    let wave = k.gitops.as_ref().map_or(0, |g| g.application.hpa_sync_wave);
    if wave != 0 {
        metadata["annotations"] = json!({ "argocd.argoproj.io/sync-wave": wave.to_string() });
    }
    Some(json!({
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": metadata,
        "spec": Value::Object(spec),
    }))
}

fn application(k: &KubernetesSpec) -> Option<Value> {
    let a = &k.gitops.as_ref()?.application;
    let mut sync = Map::new();
    if let Some(x) = &a.automated {
        sync.insert(
            "automated".into(),
            json!({ "enabled": x.enabled, "prune": x.prune, "selfHeal": x.self_heal, "allowEmpty": x.allow_empty }),
        );
    }
    if let Some(r) = &a.retry {
        sync.insert(
            "retry".into(),
            json!({
                "limit": r.limit,
                "backoff": {
                    "duration": format!("{}s", r.backoff_duration_s),
                    "factor": r.backoff_factor,
                    "maxDuration": format!("{}s", r.backoff_max_duration_s),
                }
            }),
        );
    }
    let mut spec = json!({
        "project": "default",
        "source": { "repoURL": a.repo_url, "path": a.path, "targetRevision": "HEAD" },
        "destination": { "server": "https://kubernetes.default.svc", "namespace": k.namespace },
        "syncPolicy": Value::Object(sync),
    });
    if !a.ignore_differences.is_empty() {
        let list: Vec<Value> = a
            .ignore_differences
            .iter()
            .map(|d| json!({ "group": if d.kind == "Deployment" { "apps" } else { "autoscaling" }, "kind": d.kind, "jsonPointers": d.json_pointers }))
            .collect();
        spec["ignoreDifferences"] = Value::Array(list);
    }
    Some(json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": { "name": a.name, "namespace": "argocd" },
        "spec": spec,
    }))
}

/// The manifests as multi-document YAML (`None` without a `kubernetes` section).
pub fn to_yaml(s: &Scenario) -> Option<Exported> {
    let k = s.kubernetes.as_ref()?;
    let docs: Vec<Value> = [Some(deployment(k)), hpa(k), application(k)]
        .into_iter()
        .flatten()
        .collect();
    let mut text = String::new();
    for d in &docs {
        text.push_str("---\n");
        text.push_str(&serde_yaml::to_string(d).unwrap_or_default());
    }
    let mut not_expressed = vec![
        "everything but the kubernetes section: the node group's Auto Scaling group is AWS configuration (export it with --to cloudformation or terraform)".to_string(),
        "kubernetes.node_group, kubernetes.cluster_autoscaler: the node group and the Cluster Autoscaler's flags are not manifests".to_string(),
        "assumptions.kubernetes: the model's parameters".to_string(),
        "the readiness probe's handler: written as tcpSocket 8080; only its timing is simulated".to_string(),
    ];
    if k.gitops.as_ref().is_some_and(|g| !g.commits.is_empty()) {
        not_expressed
            .push("kubernetes.gitops.commits: the Git history is not a manifest".to_string());
    }
    if k.gitops
        .as_ref()
        .is_some_and(|g| g.application.reconciliation_s != 180)
    {
        not_expressed.push(
            "kubernetes.gitops.application.reconciliation_s: timeout.reconciliation lives in the argocd-cm ConfigMap".to_string(),
        );
    }
    Some(Exported {
        text,
        not_expressed,
    })
}
