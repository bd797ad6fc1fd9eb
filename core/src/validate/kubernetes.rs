//! Checks of the `kubernetes` section: each problem names the scenario's path, and the message
//! quotes the manifest's field path and Kubernetes' wording (the API server's validation, in
//! `pkg/apis/apps/validation`, `pkg/apis/autoscaling/validation` and `apimachinery`'s name
//! checks), so an error reads the same as `kubectl apply` would print it.

use super::{Report, MAX_SCENARIO_TIME_S};
use crate::kubernetes::runtime::{deployment_spec, hpa_spec};
use crate::kubernetes::{deployment, hpa, pods::Template};
use crate::scenario::Scenario;

/// A lowercase RFC 1123 subdomain (`IsDNS1123Subdomain`).
pub fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|part| {
            let b = part.as_bytes();
            !b.is_empty()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// `metadata.name`'s error for a name that is not a DNS-1123 subdomain.
pub fn name_message(value: &str) -> String {
    format!("metadata.name: Invalid value: \"{value}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
}

/// \[MODEL\] The largest CPU (1,000 cores) and memory (1 TiB) request this simulator takes.
pub const MAX_CPU_MILLI: u32 = 1_000_000;
pub const MAX_MEMORY_MIB: u32 = 1_048_576;

pub(super) fn validate_kubernetes(s: &Scenario, r: &mut Report) {
    let Some(k) = &s.kubernetes else { return };
    let d = &k.deployment;
    let p = "kubernetes.deployment";
    for (path, name) in [
        (format!("{p}.name"), &d.name),
        ("kubernetes.node_group.name".to_string(), &k.node_group.name),
    ] {
        r.check(is_dns1123_subdomain(name), path, name_message(name));
    }
    r.check(
        !d.image.trim().is_empty(),
        format!("{p}.image"),
        "spec.template.spec.containers[0].image: Required value",
    );
    r.check(
        d.cpu_request_milli <= MAX_CPU_MILLI,
        format!("{p}.cpu_request_milli"),
        format!("spec.template.spec.containers[0].resources.requests.cpu: Invalid value: \"{}m\": must be at most {MAX_CPU_MILLI}m in this simulator", d.cpu_request_milli),
    );
    r.check(
        d.memory_request_mib <= MAX_MEMORY_MIB,
        format!("{p}.memory_request_mib"),
        format!("spec.template.spec.containers[0].resources.requests.memory: Invalid value: \"{}Mi\": must be at most {MAX_MEMORY_MIB}Mi in this simulator", d.memory_request_mib),
    );
    let probe = &d.readiness_probe;
    for (field, v) in [
        ("period_seconds", probe.period_seconds),
        ("success_threshold", probe.success_threshold),
    ] {
        let k8s = if field == "period_seconds" {
            "periodSeconds"
        } else {
            "successThreshold"
        };
        r.check(
            v >= 1,
            format!("{p}.readiness_probe.{field}"),
            format!("spec.template.spec.containers[0].readinessProbe.{k8s}: Invalid value: {v}: must be greater than or equal to 1"),
        );
    }
    r.check(
        probe.initial_delay_seconds <= 3600 && probe.period_seconds <= 3600,
        format!("{p}.readiness_probe"),
        "This simulator takes probe times up to 3600 s.",
    );
    let template = Template {
        image: d.image.clone(),
        cpu_milli: d.cpu_request_milli as i64,
        memory_mib: d.memory_request_mib as i64,
    };
    let replicas = i32::try_from(d.replicas.unwrap_or(1)).unwrap_or(i32::MAX);
    match deployment_spec(k, replicas, &template) {
        Err(e) => {
            let field = if e.contains("maxSurge") {
                "max_surge"
            } else {
                "max_unavailable"
            };
            r.add(format!("{p}.{field}"), e);
        }
        Ok(spec) => {
            if let Err(errors) = deployment::validate(&spec) {
                for e in errors {
                    r.add(p, e);
                }
            }
        }
    }
    if let Some(h) = &k.hpa {
        r.check(
            is_dns1123_subdomain(&h.name),
            "kubernetes.hpa.name",
            name_message(&h.name),
        );
        if let Err(errors) = hpa::validate(&hpa_spec(h)) {
            for e in errors {
                r.add("kubernetes.hpa", e);
            }
        }
    }
    if let Some(ca) = &k.cluster_autoscaler {
        let t = ca.scale_down_utilization_threshold;
        r.check(
            t.is_finite() && (0.0..=1.0).contains(&t),
            "kubernetes.cluster_autoscaler.scale_down_utilization_threshold",
            "--scale-down-utilization-threshold must be between 0 and 1.",
        );
        r.check(
            ca.scan_interval_s >= 1,
            "kubernetes.cluster_autoscaler.scan_interval_s",
            "--scan-interval must be at least 1 s.",
        );
    }
    if let Some(g) = &k.gitops {
        let a = &g.application;
        r.check(
            is_dns1123_subdomain(&a.name),
            "kubernetes.gitops.application.name",
            name_message(&a.name),
        );
        for (i, c) in g.commits.iter().enumerate() {
            r.check(
                c.at_s <= MAX_SCENARIO_TIME_S,
                format!("kubernetes.gitops.commits[{i}].at_s"),
                "A commit happens at most 366 days after the start.",
            );
            if c.replicas.is_some() && c.remove_replicas {
                r.add(
                    format!("kubernetes.gitops.commits[{i}].remove_replicas"),
                    "A commit either sets replicas or removes them, not both.",
                );
            }
        }
        for (i, ig) in a.ignore_differences.iter().enumerate() {
            let q = format!("kubernetes.gitops.application.ignore_differences[{i}]");
            r.check(
                matches!(ig.kind.as_str(), "Deployment" | "HorizontalPodAutoscaler"),
                format!("{q}.kind"),
                format!("This application manages a Deployment and a HorizontalPodAutoscaler, not {:?}.", ig.kind),
            );
            for (j, ptr) in ig.json_pointers.iter().enumerate() {
                r.check(
                    ptr.starts_with('/'),
                    format!("{q}.json_pointers[{j}]"),
                    format!("A JSON pointer starts with '/': {ptr:?}."),
                );
            }
        }
        if let Some(rt) = &a.retry {
            r.check(
                rt.backoff_factor >= 1,
                "kubernetes.gitops.application.retry.backoff_factor",
                "spec.syncPolicy.retry.backoff.factor: must be at least 1",
            );
        }
    }
    let ka = &s.assumptions.kubernetes;
    let m = ka.millicores_per_rps;
    r.check(
        m.is_finite() && (0.0..=1e6).contains(&m),
        "assumptions.kubernetes.millicores_per_rps",
        "Millicores per request per second must be a number from 0 to 1,000,000.",
    );
    r.check(
        ka.pod_start_s <= 3600 && ka.argocd_watch_s <= 3600 && ka.memory_usage_pct <= 1000,
        "assumptions.kubernetes",
        "Pod start and Argo CD watch times go up to 3600 s, memory use up to 1000%.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns1123_names() {
        assert!(is_dns1123_subdomain("web"));
        assert!(is_dns1123_subdomain("web-1.example"));
        assert!(!is_dns1123_subdomain("Web"));
        assert!(!is_dns1123_subdomain("-web"));
        assert!(!is_dns1123_subdomain(""));
    }
}
