//! Kubernetes manifests in (multi-document YAML or JSON): an `apps/v1` Deployment, an
//! `autoscaling/v2` HorizontalPodAutoscaler and an `argoproj.io/v1alpha1` Application become the
//! scenario's `kubernetes` section (docs/import-export.md). Errors name the field path as the
//! API server does (`spec.replicas: Invalid value: "three": must be an integer`); fields the
//! scenario does not carry are listed as unsupported, with their paths.

use serde_json::Value;

use super::{ImportError, Unsupported};
use crate::kubernetes::hpa::{
    Behavior, MetricTarget, PolicyType, ResourceName, ScalingPolicy, ScalingRules, SelectPolicy,
};
use crate::scenario::{
    ApplicationInput, AutomatedInput, HpaInput, HpaMetric, IgnoreDifferenceInput, KubernetesSpec,
    RetryInput,
};

/// Whether a text holds Kubernetes manifests: a YAML or JSON document with top-level
/// `apiVersion` and `kind`.
pub fn looks_like_manifests(text: &str) -> bool {
    let mut api = false;
    let mut kind = false;
    for l in text.lines() {
        api |= l.starts_with("apiVersion:") || l.contains("\"apiVersion\"");
        kind |= l.starts_with("kind:") || l.contains("\"kind\"");
    }
    api && kind
}

/// Every document of a multi-document YAML text, as JSON values (empty documents skipped).
pub fn documents(text: &str) -> Result<Vec<Value>, ImportError> {
    let mut out = Vec::new();
    for (i, doc) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let y = <serde_yaml::Value as serde::Deserialize>::deserialize(doc).map_err(|e| {
            ImportError {
                file: String::new(),
                line: e.location().map(|l| l.line()),
                path: String::new(),
                message: format!("document {}: not YAML: {e}", i + 1),
            }
        })?;
        let v = serde_json::to_value(&y)
            .map_err(|e| ImportError::new("", format!("document {}: {e}", i + 1)))?;
        if !v.is_null() {
            out.push(v);
        }
    }
    Ok(out)
}

/// Reads the manifests into `k` (starting from the base's section, or the defaults).
pub fn apply(
    text: &str,
    k: &mut KubernetesSpec,
    unsupported: &mut Vec<Unsupported>,
) -> Result<Vec<String>, ImportError> {
    let mut kinds = Vec::new();
    for doc in documents(text)? {
        let api = doc.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("");
        let mut r = Reader {
            unsupported,
            prefix: kind.to_string(),
        };
        match (api, kind) {
            ("apps/v1", "Deployment") => r.deployment(&doc, k)?,
            ("autoscaling/v2", "HorizontalPodAutoscaler") => {
                k.hpa = Some(r.hpa(&doc, k.hpa.clone().unwrap_or_default())?)
            }
            ("argoproj.io/v1alpha1", "Application") => {
                let mut g = k.gitops.clone().unwrap_or_default();
                g.application = r.application(&doc, g.application)?;
                k.gitops = Some(g);
            }
            _ => {
                r.unsupported.push(Unsupported {
                    file: String::new(),
                    line: None,
                    path: format!("{kind} ({api})"),
                    reason: "only apps/v1 Deployment, autoscaling/v2 HorizontalPodAutoscaler and argoproj.io/v1alpha1 Application are read".into(),
                });
                continue;
            }
        }
        kinds.push(format!("{kind} ({api})"));
    }
    if kinds.is_empty() {
        return Err(ImportError::new(
            "",
            "no apps/v1 Deployment, autoscaling/v2 HorizontalPodAutoscaler or argoproj.io/v1alpha1 Application in the file",
        ));
    }
    Ok(kinds)
}

struct Reader<'a> {
    unsupported: &'a mut Vec<Unsupported>,
    prefix: String,
}

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    let mut cur = v;
    for part in path.split('.') {
        cur = match part.parse::<usize>() {
            Ok(i) => cur.get(i)?,
            Err(_) => cur.get(part)?,
        };
    }
    if cur.is_null() {
        None
    } else {
        Some(cur)
    }
}

/// Go's duration strings as Argo CD writes them ("5s", "3m", "1h").
fn duration_s(s: &str) -> Option<u32> {
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: u32 = n.parse().ok()?;
    match unit {
        "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        _ => None,
    }
}

/// A CPU quantity in millicores: "250m", "0.5", "2".
pub fn millicores(s: &str) -> Option<u32> {
    if let Some(m) = s.strip_suffix('m') {
        return m.parse().ok();
    }
    let v: f64 = s.parse().ok()?;
    (v.is_finite() && (0.0..=1e6).contains(&v)).then(|| (v * 1000.0).round() as u32)
}

/// A memory quantity in MiB: "256Mi", "1Gi", "512M", or bytes.
pub fn mebibytes(s: &str) -> Option<u32> {
    let units: [(&str, f64); 6] = [
        ("Ki", 1.0 / 1024.0),
        ("Mi", 1.0),
        ("Gi", 1024.0),
        ("K", 1000.0 / 1_048_576.0),
        ("M", 1_000_000.0 / 1_048_576.0),
        ("G", 1e9 / 1_048_576.0),
    ];
    for (u, f) in units {
        if let Some(n) = s.strip_suffix(u) {
            let v: f64 = n.parse().ok()?;
            return (v.is_finite() && v >= 0.0).then(|| (v * f).ceil() as u32);
        }
    }
    let bytes: f64 = s.parse().ok()?;
    (bytes.is_finite() && bytes >= 0.0).then(|| (bytes / 1_048_576.0).ceil() as u32)
}

impl Reader<'_> {
    fn err(&self, path: &str, value: &Value, what: &str) -> ImportError {
        ImportError::new(
            format!("{}.{path}", self.prefix),
            format!("{path}: Invalid value: {value}: {what}"),
        )
    }

    fn skip(&mut self, path: &str, reason: &str) {
        self.unsupported.push(Unsupported {
            file: String::new(),
            line: None,
            path: format!("{}.{path}", self.prefix),
            reason: reason.to_string(),
        });
    }

    /// Reports every field of `v` not in `known` as unsupported.
    fn others(&mut self, v: &Value, path: &str, known: &[&str]) {
        if let Some(m) = at(v, path).and_then(Value::as_object) {
            for key in m.keys() {
                if !known.contains(&key.as_str()) {
                    self.skip(&format!("{path}.{key}"), "not part of the simulated model");
                }
            }
        }
    }

    fn int(&self, v: &Value, path: &str) -> Result<Option<u32>, ImportError> {
        match at(v, path) {
            None => Ok(None),
            Some(x) => x
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.err(path, x, "must be a non-negative integer")),
        }
    }

    fn text(&self, v: &Value, path: &str) -> Result<Option<String>, ImportError> {
        match at(v, path) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(x) => Err(self.err(path, x, "must be a string")),
        }
    }

    fn flag(&self, v: &Value, path: &str) -> Result<Option<bool>, ImportError> {
        match at(v, path) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(x) => Err(self.err(path, x, "must be a boolean")),
        }
    }

    /// `intstr.IntOrString` as the scenario writes it: "25%" or "1".
    fn int_or_string(&self, v: &Value, path: &str) -> Result<Option<String>, ImportError> {
        match at(v, path) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_u64() => Ok(Some(n.to_string())),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(x) => Err(self.err(path, x, "must be an integer or percentage (e.g '5%')")),
        }
    }

    fn deployment(&mut self, v: &Value, k: &mut KubernetesSpec) -> Result<(), ImportError> {
        let d = &mut k.deployment;
        if let Some(n) = self.text(v, "metadata.name")? {
            d.name = n;
        }
        if let Some(ns) = self.text(v, "metadata.namespace")? {
            k.namespace = ns;
        }
        d.replicas = self.int(v, "spec.replicas")?;
        if let Some(x) = self.int(v, "spec.minReadySeconds")? {
            d.min_ready_seconds = x;
        }
        if let Some(x) = self.int(v, "spec.progressDeadlineSeconds")? {
            d.progress_deadline_seconds = x;
        }
        if let Some(x) = self.int(v, "spec.revisionHistoryLimit")? {
            d.revision_history_limit = x;
        }
        match self.text(v, "spec.strategy.type")?.as_deref() {
            None | Some("RollingUpdate") => {}
            Some(other) => self.skip(
                "spec.strategy.type",
                &format!("{other}: only RollingUpdate is simulated"),
            ),
        }
        if let Some(x) = self.int_or_string(v, "spec.strategy.rollingUpdate.maxSurge")? {
            d.max_surge = x;
        }
        if let Some(x) = self.int_or_string(v, "spec.strategy.rollingUpdate.maxUnavailable")? {
            d.max_unavailable = x;
        }
        let containers = at(v, "spec.template.spec.containers")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if containers.is_empty() {
            return Err(ImportError::new(
                "Deployment.spec.template.spec.containers",
                "spec.template.spec.containers: Required value",
            ));
        }
        if containers.len() > 1 {
            self.skip(
                "spec.template.spec.containers[1..]",
                "one container per pod is simulated",
            );
        }
        let c = "spec.template.spec.containers.0";
        match self.text(v, &format!("{c}.image"))? {
            Some(i) => d.image = i,
            None => {
                return Err(ImportError::new(
                    "Deployment.spec.template.spec.containers[0].image",
                    "spec.template.spec.containers[0].image: Required value",
                ))
            }
        }
        let quantity = |path: &str| -> Result<Option<String>, ImportError> {
            match at(v, path) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Number(n)) => Ok(Some(n.to_string())),
                Some(x) => Err(self.err(path, x, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")),
            }
        };
        let cpu_path = format!("{c}.resources.requests.cpu");
        if let Some(q) = quantity(&cpu_path)? {
            d.cpu_request_milli = millicores(&q)
                .ok_or_else(|| self.err(&cpu_path, &Value::String(q.clone()), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"))?;
        }
        let mem_path = format!("{c}.resources.requests.memory");
        if let Some(q) = quantity(&mem_path)? {
            d.memory_request_mib = mebibytes(&q)
                .ok_or_else(|| self.err(&mem_path, &Value::String(q.clone()), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"))?;
        }
        let p = format!("{c}.readinessProbe");
        if let Some(x) = self.int(v, &format!("{p}.initialDelaySeconds"))? {
            d.readiness_probe.initial_delay_seconds = x;
        }
        if let Some(x) = self.int(v, &format!("{p}.periodSeconds"))? {
            d.readiness_probe.period_seconds = x;
        }
        if let Some(x) = self.int(v, &format!("{p}.successThreshold"))? {
            d.readiness_probe.success_threshold = x;
        }
        if at(v, &format!("{c}.resources.limits")).is_some() {
            self.skip(
                &format!("{c}.resources.limits"),
                "limits are not simulated (use is not capped)",
            );
        }
        self.others(
            v,
            "spec",
            &[
                "replicas",
                "minReadySeconds",
                "progressDeadlineSeconds",
                "revisionHistoryLimit",
                "strategy",
                "template",
                "selector",
            ],
        );
        self.others(
            v,
            c,
            &["name", "image", "resources", "readinessProbe", "ports"],
        );
        Ok(())
    }

    fn hpa(&mut self, v: &Value, mut h: HpaInput) -> Result<HpaInput, ImportError> {
        if let Some(n) = self.text(v, "metadata.name")? {
            h.name = n;
        }
        h.min_replicas = self.int(v, "spec.minReplicas")?;
        match self.int(v, "spec.maxReplicas")? {
            Some(m) => h.max_replicas = m,
            None => {
                return Err(ImportError::new(
                    "HorizontalPodAutoscaler.spec.maxReplicas",
                    "spec.maxReplicas: Required value",
                ))
            }
        }
        h.metrics.clear();
        let metrics = at(v, "spec.metrics")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, m) in metrics.iter().enumerate() {
            let p = format!("spec.metrics.{i}");
            let kind = m.get("type").and_then(Value::as_str).unwrap_or("");
            if kind != "Resource" {
                self.skip(
                    &p,
                    &format!("type {kind}: only Resource metrics are measured here"),
                );
                continue;
            }
            let resource = match self.text(v, &format!("{p}.resource.name"))?.as_deref() {
                Some("cpu") => ResourceName::Cpu,
                Some("memory") => ResourceName::Memory,
                _ => {
                    let x = at(v, &format!("{p}.resource.name"))
                        .cloned()
                        .unwrap_or(Value::Null);
                    return Err(self.err(
                        &format!("{p}.resource.name"),
                        &x,
                        "supported values: \"cpu\", \"memory\"",
                    ));
                }
            };
            let t = format!("{p}.resource.target");
            let target = match self.text(v, &format!("{t}.type"))?.as_deref() {
                Some("Utilization") => {
                    let u = self.int(v, &format!("{t}.averageUtilization"))?.ok_or_else(|| {
                        ImportError::new(format!("HorizontalPodAutoscaler.{t}.averageUtilization"), format!("{t}.averageUtilization: Required value: must set either a target raw value or a target utilization"))
                    })?;
                    MetricTarget::Utilization(i32::try_from(u).unwrap_or(i32::MAX))
                }
                Some("AverageValue") => {
                    let q = self
                        .text(v, &format!("{t}.averageValue"))?
                        .unwrap_or_default();
                    let milli = match resource {
                        ResourceName::Cpu => millicores(&q).map(i64::from),
                        ResourceName::Memory => {
                            mebibytes(&q).map(|m| i64::from(m) * 1_048_576 * 1000)
                        }
                    };
                    let milli = milli.ok_or_else(|| {
                        self.err(
                            &format!("{t}.averageValue"),
                            &Value::String(q.clone()),
                            "must be a quantity",
                        )
                    })?;
                    MetricTarget::AverageValue(milli)
                }
                _ => {
                    let x = at(v, &format!("{t}.type")).cloned().unwrap_or(Value::Null);
                    return Err(self.err(
                        &format!("{t}.type"),
                        &x,
                        "must be either Utilization, Value, or AverageValue",
                    ));
                }
            };
            h.metrics.push(HpaMetric { resource, target });
        }
        h.behavior = match at(v, "spec.behavior") {
            None => None,
            Some(_) => Some(Behavior {
                scale_up: self.rules(v, "spec.behavior.scaleUp")?,
                scale_down: self.rules(v, "spec.behavior.scaleDown")?,
            }),
        };
        self.others(
            v,
            "spec",
            &[
                "scaleTargetRef",
                "minReplicas",
                "maxReplicas",
                "metrics",
                "behavior",
            ],
        );
        Ok(h)
    }

    fn rules(&mut self, v: &Value, p: &str) -> Result<Option<ScalingRules>, ImportError> {
        if at(v, p).is_none() {
            return Ok(None);
        }
        let window = self.int(v, &format!("{p}.stabilizationWindowSeconds"))?;
        let select = match self.text(v, &format!("{p}.selectPolicy"))?.as_deref() {
            None => None,
            Some("Max") => Some(SelectPolicy::Max),
            Some("Min") => Some(SelectPolicy::Min),
            Some("Disabled") => Some(SelectPolicy::Disabled),
            Some(other) => {
                return Err(self.err(
                    &format!("{p}.selectPolicy"),
                    &Value::String(other.into()),
                    "supported values: \"Disabled\", \"Max\", \"Min\"",
                ))
            }
        };
        let policies = match at(v, &format!("{p}.policies")).and_then(Value::as_array) {
            None => None,
            Some(list) => {
                let mut out = Vec::new();
                for i in 0..list.len() {
                    let q = format!("{p}.policies.{i}");
                    let kind = match self.text(v, &format!("{q}.type"))?.as_deref() {
                        Some("Pods") => PolicyType::Pods,
                        Some("Percent") => PolicyType::Percent,
                        other => {
                            let x = Value::String(other.unwrap_or("").into());
                            return Err(self.err(
                                &format!("{q}.type"),
                                &x,
                                "supported values: \"Percent\", \"Pods\"",
                            ));
                        }
                    };
                    let value = self.int(v, &format!("{q}.value"))?.unwrap_or(0);
                    let period = self.int(v, &format!("{q}.periodSeconds"))?.unwrap_or(0);
                    out.push(ScalingPolicy {
                        kind,
                        value: i32::try_from(value).unwrap_or(i32::MAX),
                        period_seconds: i32::try_from(period).unwrap_or(i32::MAX),
                    });
                }
                Some(out)
            }
        };
        let tolerance = match at(v, &format!("{p}.tolerance")) {
            None => None,
            Some(Value::String(s)) => s.parse::<f64>().ok(),
            Some(x) => x.as_f64(),
        };
        Ok(Some(ScalingRules {
            stabilization_window_seconds: window.map(|w| i32::try_from(w).unwrap_or(i32::MAX)),
            select_policy: select,
            policies,
            tolerance,
        }))
    }

    fn application(
        &mut self,
        v: &Value,
        mut a: ApplicationInput,
    ) -> Result<ApplicationInput, ImportError> {
        if let Some(n) = self.text(v, "metadata.name")? {
            a.name = n;
        }
        if let Some(u) = self.text(v, "spec.source.repoURL")? {
            a.repo_url = u;
        }
        if let Some(p) = self.text(v, "spec.source.path")? {
            a.path = p;
        }
        a.automated = match at(v, "spec.syncPolicy.automated") {
            None => None,
            Some(_) => Some(AutomatedInput {
                enabled: self
                    .flag(v, "spec.syncPolicy.automated.enabled")?
                    .unwrap_or(true),
                prune: self
                    .flag(v, "spec.syncPolicy.automated.prune")?
                    .unwrap_or(false),
                self_heal: self
                    .flag(v, "spec.syncPolicy.automated.selfHeal")?
                    .unwrap_or(false),
                allow_empty: self
                    .flag(v, "spec.syncPolicy.automated.allowEmpty")?
                    .unwrap_or(false),
            }),
        };
        a.retry = match at(v, "spec.syncPolicy.retry") {
            None => None,
            Some(_) => {
                let mut r = RetryInput::default();
                if let Some(l) = at(v, "spec.syncPolicy.retry.limit") {
                    r.limit = l.as_i64().ok_or_else(|| {
                        self.err("spec.syncPolicy.retry.limit", l, "must be an integer")
                    })?;
                }
                let b = "spec.syncPolicy.retry.backoff";
                for (field, slot) in [
                    ("duration", &mut r.backoff_duration_s),
                    ("maxDuration", &mut r.backoff_max_duration_s),
                ] {
                    if let Some(s) = self.text(v, &format!("{b}.{field}"))? {
                        *slot = duration_s(&s).ok_or_else(|| {
                            self.err(
                                &format!("{b}.{field}"),
                                &Value::String(s.clone()),
                                "must be a duration such as \"5s\" or \"3m\"",
                            )
                        })?;
                    }
                }
                if let Some(f) = self.int(v, &format!("{b}.factor"))? {
                    r.backoff_factor = f;
                }
                Some(r)
            }
        };
        a.ignore_differences.clear();
        let list = at(v, "spec.ignoreDifferences")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, d) in list.iter().enumerate() {
            let kind = d
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let pointers: Vec<String> = d
                .get("jsonPointers")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|p| p.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            if d.get("jqPathExpressions").is_some() || d.get("managedFieldsManagers").is_some() {
                self.skip(
                    &format!("spec.ignoreDifferences.{i}"),
                    "only jsonPointers are simulated",
                );
            }
            a.ignore_differences.push(IgnoreDifferenceInput {
                kind,
                json_pointers: pointers,
            });
        }
        self.others(
            v,
            "spec",
            &[
                "project",
                "source",
                "destination",
                "syncPolicy",
                "ignoreDifferences",
            ],
        );
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(millicores("250m"), Some(250));
        assert_eq!(millicores("0.5"), Some(500));
        assert_eq!(millicores("2"), Some(2000));
        assert_eq!(mebibytes("256Mi"), Some(256));
        assert_eq!(mebibytes("1Gi"), Some(1024));
        assert_eq!(mebibytes("268435456"), Some(256));
        assert_eq!(duration_s("3m"), Some(180));
        assert_eq!(millicores("lots"), None);
    }
}
