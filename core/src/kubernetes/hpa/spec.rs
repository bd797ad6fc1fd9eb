//! The HorizontalPodAutoscaler's spec (autoscaling/v2), its API defaults (D2) and the API
//! server's validation with Kubernetes' field paths and wording.

use serde::{Deserialize, Serialize};

use super::{HpaParams, ResourceName};
use crate::kubernetes::MS_PER_S;

// ---------------------------------------------------------------------------------------------
// Spec (autoscaling/v2)
// ---------------------------------------------------------------------------------------------

/// `MetricTarget`: exactly one of the three is meaningful per metric source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetricTarget {
    /// `type: Utilization`, `averageUtilization` percent of request (resource metrics only).
    Utilization(i32),
    /// `type: AverageValue`, milli-units per pod.
    AverageValue(i64),
    /// `type: Value`, milli-units total (object and external metrics only).
    Value(i64),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetricSpec {
    Resource {
        name: ResourceName,
        target: MetricTarget,
    },
    Pods {
        metric: String,
        target: MetricTarget,
    },
    Object {
        /// `describedObject.kind`, e.g. `Ingress`.
        kind: String,
        metric: String,
        target: MetricTarget,
    },
    External {
        metric: String,
        /// `metric.selector.matchLabels`, if any (shown in the metric's description).
        selector: Option<Vec<(String, String)>>,
        target: MetricTarget,
    },
}

impl MetricSpec {
    /// The name the controller uses in reasons such as "… above target" (`horizontal.go`
    /// `computeStatusFor*Metric`).
    pub fn description(&self) -> String {
        match self {
            MetricSpec::Resource { name, target } => match target {
                MetricTarget::Utilization(_) => {
                    format!(
                        "{} resource utilization (percentage of request)",
                        name.as_str()
                    )
                }
                _ => format!("{} resource", name.as_str()),
            },
            MetricSpec::Pods { metric, .. } => format!("pods metric {metric}"),
            MetricSpec::Object { kind, metric, .. } => format!("{kind} metric {metric}"),
            MetricSpec::External {
                metric, selector, ..
            } => format!("external metric {metric}({})", go_selector(selector)),
        }
    }
}

/// Go's `%+v` of a `*metav1.LabelSelector` (its generated `String()`), for external metric
/// descriptions. \[MODEL\]: rendering of a non-nil selector reproduced from the generated code's
/// shape, not compared against a live cluster.
fn go_selector(selector: &Option<Vec<(String, String)>>) -> String {
    match selector {
        None => "nil".to_string(),
        Some(labels) => {
            let mut sorted = labels.clone();
            crate::sort::sort(&mut sorted);
            let body: String = sorted.iter().map(|(k, v)| format!("{k}: {v},")).collect();
            format!(
                "&LabelSelector{{MatchLabels:map[string]string{{{body}}},MatchExpressions:[]LabelSelectorRequirement{{}},}}"
            )
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyType {
    Pods,
    Percent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScalingPolicy {
    pub kind: PolicyType,
    pub value: i32,
    pub period_seconds: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SelectPolicy {
    Max,
    Min,
    Disabled,
}

/// `HPAScalingRules` as written by the user; `None` fields take defaults (D2).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScalingRules {
    pub stabilization_window_seconds: Option<i32>,
    pub select_policy: Option<SelectPolicy>,
    pub policies: Option<Vec<ScalingPolicy>>,
    /// Per-direction tolerance (1.33+, `HPAConfigurableTolerance`).
    pub tolerance: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Behavior {
    pub scale_up: Option<ScalingRules>,
    pub scale_down: Option<ScalingRules>,
}

/// `HorizontalPodAutoscalerSpec` (the scale target reference is the caller's business).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HpaSpec {
    /// Default 1 (D2).
    pub min_replicas: Option<i32>,
    pub max_replicas: i32,
    /// Empty means the API default: CPU at 80% utilization (D2).
    pub metrics: Vec<MetricSpec>,
    /// `None` selects the legacy normalization (D5); `Some` the behavior path (D6).
    pub behavior: Option<Behavior>,
}

/// Rules after defaulting: every field set (D2 `GenerateHPAScaleUpRules` /
/// `GenerateHPAScaleDownRules`; the scale-down window falls back to the controller flag).
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveRules {
    pub stabilization_window_seconds: i32,
    pub select_policy: SelectPolicy,
    pub policies: Vec<ScalingPolicy>,
    pub tolerance: Option<f64>,
}

/// D2 scale-up defaults: window 0, Max, [Pods 4 / 15 s, Percent 100 / 15 s].
pub fn default_scale_up(user: Option<&ScalingRules>) -> EffectiveRules {
    fill(
        user,
        EffectiveRules {
            stabilization_window_seconds: 0,
            select_policy: SelectPolicy::Max,
            policies: vec![
                ScalingPolicy {
                    kind: PolicyType::Pods,
                    value: 4,
                    period_seconds: 15,
                },
                ScalingPolicy {
                    kind: PolicyType::Percent,
                    value: 100,
                    period_seconds: 15,
                },
            ],
            tolerance: None,
        },
    )
}

/// D2 scale-down defaults: window = controller's downscale stabilization (300 s), Max,
/// [Percent 100 / 15 s].
pub fn default_scale_down(user: Option<&ScalingRules>, params: &HpaParams) -> EffectiveRules {
    fill(
        user,
        EffectiveRules {
            stabilization_window_seconds: (params.downscale_stabilization_ms / MS_PER_S)
                .min(i32::MAX as u64) as i32,
            select_policy: SelectPolicy::Max,
            policies: vec![ScalingPolicy {
                kind: PolicyType::Percent,
                value: 100,
                period_seconds: 15,
            }],
            tolerance: None,
        },
    )
}

fn fill(user: Option<&ScalingRules>, mut d: EffectiveRules) -> EffectiveRules {
    if let Some(u) = user {
        if let Some(w) = u.stabilization_window_seconds {
            d.stabilization_window_seconds = w;
        }
        if let Some(s) = u.select_policy {
            d.select_policy = s;
        }
        if let Some(p) = &u.policies {
            d.policies = p.clone();
        }
        if u.tolerance.is_some() {
            d.tolerance = u.tolerance;
        }
    }
    d
}

/// Largest `periodSeconds` the API accepts.
pub const MAX_PERIOD_SECONDS: i32 = 1800;
/// Largest `stabilizationWindowSeconds` the API accepts.
pub const MAX_STABILIZATION_WINDOW_SECONDS: i32 = 3600;

/// Kubernetes' canonical rendering of a milli-unit quantity (`500m`, `2`).
fn quantity(milli: i64) -> String {
    if milli % 1000 == 0 {
        (milli / 1000).to_string()
    } else {
        format!("{milli}m")
    }
}

/// API validation (`pkg/apis/autoscaling/validation/validation.go`), with the field path and
/// Kubernetes' `field.Error` wording (`<path>: Invalid value: <v>: <reason>`,
/// `<path>: Required value: <reason>`). The `tolerance` check is \[MODEL\].
pub fn validate(spec: &HpaSpec) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    let min = spec.min_replicas.unwrap_or(1);
    if min < 1 {
        errs.push(format!(
            "spec.minReplicas: Invalid value: {min}: must be greater than or equal to 1"
        ));
    }
    if spec.max_replicas < 1 {
        errs.push(format!(
            "spec.maxReplicas: Invalid value: {}: must be greater than 0",
            spec.max_replicas
        ));
    }
    if spec.max_replicas < min {
        errs.push(format!(
            "spec.maxReplicas: Invalid value: {}: must be greater than or equal to `minReplicas`",
            spec.max_replicas
        ));
    }
    for (i, m) in spec.metrics.iter().enumerate() {
        let (field, target) = match m {
            MetricSpec::Resource { target, .. } => ("resource", target),
            MetricSpec::Pods { target, .. } => ("pods", target),
            MetricSpec::Object { target, .. } => ("object", target),
            MetricSpec::External { target, .. } => ("external", target),
        };
        let path = format!("spec.metrics[{i}].{field}.target");
        // validateMetricTarget
        match *target {
            MetricTarget::Utilization(u) if u < 1 => errs.push(format!(
                "{path}.averageUtilization: Invalid value: {u}: must be greater than 0"
            )),
            MetricTarget::AverageValue(v) if v <= 0 => errs.push(format!(
                "{path}.averageValue: Invalid value: \"{}\": must be positive",
                quantity(v)
            )),
            MetricTarget::Value(v) if v <= 0 => errs.push(format!(
                "{path}.value: Invalid value: \"{}\": must be positive",
                quantity(v)
            )),
            _ => {}
        }
        // validate<Kind>Source: which target kinds each source accepts.
        let missing = match (m, target) {
            (MetricSpec::Resource { .. }, MetricTarget::Value(_)) => Some((
                "averageUtilization",
                "must set either a target raw value or a target utilization",
            )),
            (MetricSpec::Pods { .. }, MetricTarget::Utilization(_) | MetricTarget::Value(_)) => {
                Some((
                    "averageValue",
                    "must specify a positive target averageValue",
                ))
            }
            (MetricSpec::Object { .. }, MetricTarget::Utilization(_)) => Some((
                "averageValue",
                "must set either a target value or averageValue",
            )),
            (MetricSpec::External { .. }, MetricTarget::Utilization(_)) => Some((
                "averageValue",
                "must set either a target value for metric or a per-pod target",
            )),
            _ => None,
        };
        if let Some((f, msg)) = missing {
            errs.push(format!("{path}.{f}: Required value: {msg}"));
        }
    }
    if let Some(b) = &spec.behavior {
        for (name, rules) in [("scaleUp", &b.scale_up), ("scaleDown", &b.scale_down)] {
            let Some(r) = rules else { continue };
            let base = format!("spec.behavior.{name}");
            if let Some(w) = r.stabilization_window_seconds {
                if w < 0 {
                    errs.push(format!(
                        "{base}.stabilizationWindowSeconds: Invalid value: {w}: must be greater than or equal to zero"
                    ));
                }
                if w > MAX_STABILIZATION_WINDOW_SECONDS {
                    errs.push(format!(
                        "{base}.stabilizationWindowSeconds: Invalid value: {w}: must be less than or equal to {MAX_STABILIZATION_WINDOW_SECONDS}"
                    ));
                }
            }
            // Policies left out are defaulted; an explicit empty list is an error.
            if let Some(ps) = &r.policies {
                if ps.is_empty() {
                    errs.push(format!(
                        "{base}.policies: Required value: must specify at least one Policy"
                    ));
                }
                for (j, p) in ps.iter().enumerate() {
                    let pp = format!("{base}.policies[{j}]");
                    if p.value <= 0 {
                        errs.push(format!(
                            "{pp}.value: Invalid value: {}: must be greater than zero",
                            p.value
                        ));
                    }
                    if p.period_seconds <= 0 {
                        errs.push(format!(
                            "{pp}.periodSeconds: Invalid value: {}: must be greater than zero",
                            p.period_seconds
                        ));
                    }
                    if p.period_seconds > MAX_PERIOD_SECONDS {
                        errs.push(format!(
                            "{pp}.periodSeconds: Invalid value: {}: must be less than or equal to {MAX_PERIOD_SECONDS}",
                            p.period_seconds
                        ));
                    }
                }
            }
            if let Some(t) = r.tolerance {
                if t < 0.0 || !t.is_finite() {
                    errs.push(format!(
                        "{base}.tolerance: Invalid value: {t}: must be greater than or equal to 0"
                    ));
                }
            }
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}
