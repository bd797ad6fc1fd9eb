//! The HorizontalPodAutoscaler (autoscaling/v2), exactly as kube-controller-manager computes it
//! (spec D1-D6, goldens G5).
//!
//! Sources (kubernetes/kubernetes): `pkg/controller/podautoscaler/horizontal.go`
//! (`reconcileAutoscaler`, `computeReplicasForMetrics`, `normalizeDesiredReplicas`,
//! `normalizeDesiredReplicasWithBehaviors`, `stabilizeRecommendation[WithBehaviors]`,
//! `convertDesiredReplicasWithRules`, `convertDesiredReplicasWithBehaviorRate`,
//! `calculateScaleUpLimitWithScalingRules`, `calculateScaleDownLimitWithBehaviors`,
//! `getReplicasChangePerPeriod`, `storeScaleEvent`), `replica_calculator.go` (see [`calc`]),
//! `pkg/apis/autoscaling/v2/defaults.go` (behavior defaults) and
//! `pkg/controller/podautoscaler/config/v1alpha1/defaults.go` (controller flags).
//!
//! [`HpaController`] is the per-HPA state the controller keeps in memory (recommendation history
//! for stabilization, scale events for rate policies, the status conditions) and
//! [`HpaController::sync`] is one reconcile: pure, given `now_ms`, the spec, the target's scale
//! and the pods with their metric samples.

pub mod calc;

use serde::{Deserialize, Serialize};

pub use calc::{MissingPodFallback, Tolerances};
use calc::{PodCalc, PodTarget, Readiness};

use super::MS_PER_S;

// ---------------------------------------------------------------------------------------------
// Controller parameters (D1)
// ---------------------------------------------------------------------------------------------

/// kube-controller-manager flags that shape the HPA (D1). All are parameters of the model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HpaParams {
    /// `--horizontal-pod-autoscaler-sync-period`: 15 s.
    pub sync_period_ms: u64,
    /// `--horizontal-pod-autoscaler-tolerance`: 0.1.
    pub tolerance: f64,
    /// `--horizontal-pod-autoscaler-downscale-stabilization`: 5 min.
    pub downscale_stabilization_ms: u64,
    /// `--horizontal-pod-autoscaler-cpu-initialization-period`: 5 min.
    pub cpu_initialization_period_ms: u64,
    /// `--horizontal-pod-autoscaler-initial-readiness-delay`: 30 s.
    pub initial_readiness_delay_ms: u64,
    /// D4.5: what a missing pod is assumed to use on a scale-down (current upstream by default).
    pub missing_pod_fallback: MissingPodFallback,
}

impl Default for HpaParams {
    fn default() -> Self {
        HpaParams {
            sync_period_ms: 15 * MS_PER_S,
            tolerance: 0.1,
            downscale_stabilization_ms: 300 * MS_PER_S,
            cpu_initialization_period_ms: 300 * MS_PER_S,
            initial_readiness_delay_ms: 30 * MS_PER_S,
            missing_pod_fallback: MissingPodFallback::MaxOf100AndTarget,
        }
    }
}

impl HpaParams {
    /// The constants `replica_calculator_test.go` runs with (D1): tolerance 0.1, CPU
    /// initialization 2 min, readiness delay 10 s. Used by the G5 tests.
    pub fn upstream_testing() -> Self {
        HpaParams {
            cpu_initialization_period_ms: 120 * MS_PER_S,
            initial_readiness_delay_ms: 10 * MS_PER_S,
            ..HpaParams::default()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pods and metric samples (inputs)
// ---------------------------------------------------------------------------------------------

/// Resources the HPA can target by utilization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceName {
    Cpu,
    Memory,
}

impl ResourceName {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceName::Cpu => "cpu",
            ResourceName::Memory => "memory",
        }
    }
}

/// Requests of one container or pod in Kubernetes' milli-units (`Quantity.MilliValue()`):
/// millicores for CPU, thousandths of a byte for memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requests {
    pub cpu_milli: Option<i64>,
    pub memory_milli: Option<i64>,
}

impl Requests {
    pub fn get(&self, r: ResourceName) -> Option<i64> {
        match r {
            ResourceName::Cpu => self.cpu_milli,
            ResourceName::Memory => self.memory_milli,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerInfo {
    pub name: String,
    pub requests: Requests,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// The pod's `Ready` condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadyCondition {
    pub status: bool,
    pub last_transition_ms: u64,
}

/// What the HPA sees of one pod selected by the target's selector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodInfo {
    pub name: String,
    pub phase: PodPhase,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
    /// `status.startTime`.
    pub start_time_ms: Option<u64>,
    /// `Ready` condition, if the pod has one.
    pub ready: Option<ReadyCondition>,
    /// Containers (and restartable init containers) with their requests.
    pub containers: Vec<ContainerInfo>,
    /// Pod-level requests (KEP-2837), which take precedence when set.
    pub pod_level_requests: Option<Requests>,
}

/// One pod's sample from a metrics API, in milli-units, with its collection time and window
/// (metrics-server reports a window; the CPU readiness rule uses both).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodSample {
    pub pod: String,
    pub value_milli: i64,
    pub timestamp_ms: u64,
    pub window_ms: u64,
}

/// Everything the metrics APIs would return this sync. `None` / absent means the API returned
/// nothing for that metric, which is an error for the HPA.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricsSnapshot {
    /// `metrics.k8s.io` CPU per pod (sum of its containers).
    pub cpu: Option<Vec<PodSample>>,
    /// `metrics.k8s.io` memory per pod.
    pub memory: Option<Vec<PodSample>>,
    /// `custom.metrics.k8s.io` per-pod metrics by name.
    pub pods: Vec<(String, Vec<PodSample>)>,
    /// `custom.metrics.k8s.io` object metrics by metric name: one value.
    pub object: Vec<(String, i64)>,
    /// `external.metrics.k8s.io` metrics by name: the values of every matching series.
    pub external: Vec<(String, Vec<i64>)>,
}

/// The target's `/scale` subresource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScaleTarget {
    /// `spec.replicas` (what the HPA calls current replicas).
    pub spec_replicas: i32,
    /// `status.replicas` (used by `AverageValue` object and external targets).
    pub status_replicas: i32,
}

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

// ---------------------------------------------------------------------------------------------
// Status: conditions, events, metric statuses (outputs)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConditionType {
    AbleToScale,
    ScalingActive,
    ScalingLimited,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub kind: ConditionType,
    pub status: bool,
    pub reason: String,
    pub message: String,
    pub last_transition_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventType {
    Normal,
    Warning,
}

/// A Kubernetes event recorded on the HPA object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventType,
    pub reason: String,
    pub message: String,
}

/// One metric's current value as the HPA status shows it, and the replicas it proposed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricStatus {
    pub description: String,
    pub current_average_utilization: Option<i32>,
    pub current_value_milli: i64,
    pub proposal: i32,
}

/// The outcome of one sync.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HpaDecision {
    pub current_replicas: i32,
    /// What the target's `spec.replicas` should be after this sync (= current if no rescale).
    pub desired_replicas: i32,
    /// The controller updates the target's scale.
    pub rescale: bool,
    /// Why (Kubernetes' `rescaleReason`), empty when no rescale.
    pub reason: String,
    /// The HPA's conditions after the sync, in AbleToScale, ScalingActive, ScalingLimited order.
    pub conditions: Vec<Condition>,
    pub events: Vec<Event>,
    pub metrics: Vec<MetricStatus>,
}

// ---------------------------------------------------------------------------------------------
// The controller
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Recommendation {
    at_ms: u64,
    replicas: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ScaleEvent {
    at_ms: u64,
    change: i32,
}

/// The in-memory state kube-controller-manager keeps for one HPA, plus its status conditions.
#[derive(Clone, Debug, PartialEq)]
pub struct HpaController {
    pub params: HpaParams,
    recommendations: Vec<Recommendation>,
    scale_up_events: Vec<ScaleEvent>,
    scale_down_events: Vec<ScaleEvent>,
    conditions: Vec<Condition>,
    last_sync_ms: Option<u64>,
    last_scale_ms: Option<u64>,
    /// `recordInitialRecommendation` ran (once per HPA).
    initial_recorded: bool,
}

/// Inputs of one sync besides the spec.
pub struct SyncInput<'a> {
    pub scale: ScaleTarget,
    pub pods: &'a [PodInfo],
    pub metrics: &'a MetricsSnapshot,
}

/// Per-metric outcome inside a sync.
struct MetricOutcome {
    proposal: i32,
    status: MetricStatus,
}

struct MetricError {
    /// Reason of the ScalingActive=False condition and of the event (`FailedGet*Metric`).
    reason: &'static str,
    /// The error as the replica calculator phrased it (event message).
    event_message: String,
    /// The error as `computeReplicasForMetric` wraps it.
    wrapped: String,
}

impl HpaController {
    pub fn new(params: HpaParams) -> Self {
        HpaController {
            params,
            recommendations: Vec::new(),
            scale_up_events: Vec::new(),
            scale_down_events: Vec::new(),
            conditions: Vec::new(),
            last_sync_ms: None,
            last_scale_ms: None,
            initial_recorded: false,
        }
    }

    /// D1: the controller reconciles each HPA once per sync period.
    pub fn is_due(&self, now_ms: u64) -> bool {
        match self.last_sync_ms {
            None => true,
            Some(t) => now_ms >= t.saturating_add(self.params.sync_period_ms),
        }
    }

    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// `status.lastScaleTime`.
    pub fn last_scale_ms(&self) -> Option<u64> {
        self.last_scale_ms
    }

    fn set_condition(
        &mut self,
        kind: ConditionType,
        status: bool,
        reason: &str,
        message: String,
        now_ms: u64,
    ) {
        if let Some(c) = self.conditions.iter_mut().find(|c| c.kind == kind) {
            if c.status != status {
                c.last_transition_ms = now_ms;
            }
            c.status = status;
            c.reason = reason.to_string();
            c.message = message;
        } else {
            self.conditions.push(Condition {
                kind,
                status,
                reason: reason.to_string(),
                message,
                last_transition_ms: now_ms,
            });
            crate::sort::sort_by_key(&mut self.conditions, |c| c.kind);
        }
    }

    /// One reconcile (D3): pre-checks, metric proposals (D4, largest wins), normalization (D5
    /// legacy or D6 behavior), conditions and events. Fails only on an invalid spec.
    pub fn sync(
        &mut self,
        now_ms: u64,
        spec: &HpaSpec,
        input: &SyncInput<'_>,
    ) -> Result<HpaDecision, Vec<String>> {
        validate(spec)?;
        self.last_sync_ms = Some(now_ms);
        let mut events = Vec::new();
        let mut statuses = Vec::new();
        let current = input.scale.spec_replicas;
        let min = spec.min_replicas.unwrap_or(1);
        let max = spec.max_replicas;
        self.set_condition(
            ConditionType::AbleToScale,
            true,
            "SucceededGetScale",
            "the HPA controller was able to get the target's current scale".to_string(),
            now_ms,
        );

        // `recordInitialRecommendation`: the first reconcile of an HPA records the current
        // replica count as a recommendation, so a new HPA doesn't scale down before a full
        // stabilization window has passed.
        if !self.initial_recorded {
            self.initial_recorded = true;
            self.recommendations.push(Recommendation {
                at_ms: now_ms,
                replicas: current,
            });
        }

        let mut desired: i32 = 0;
        let mut rescale = true;
        let mut reason = String::new();
        if current == 0 && min != 0 {
            // D3: a target scaled to zero by hand switches autoscaling off.
            desired = 0;
            rescale = false;
            self.set_condition(
                ConditionType::ScalingActive,
                false,
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero".to_string(),
                now_ms,
            );
        } else if current > max {
            reason = "Current number of replicas above Spec.MaxReplicas".to_string();
            desired = max;
        } else if current < min {
            reason = "Current number of replicas below Spec.MinReplicas".to_string();
            desired = min;
        } else {
            let default_metrics = [MetricSpec::Resource {
                name: ResourceName::Cpu,
                target: MetricTarget::Utilization(80),
            }];
            let metrics: &[MetricSpec] = if spec.metrics.is_empty() {
                &default_metrics
            } else {
                &spec.metrics
            };
            // D3: every metric proposes; the largest proposal wins.
            let mut best: i32 = 0;
            let mut best_name = String::new();
            let mut invalid = 0usize;
            let mut first_error: Option<MetricError> = None;
            for m in metrics {
                match self.compute_metric(now_ms, spec, m, input) {
                    Ok(o) => {
                        if best == 0 || o.proposal > best {
                            best = o.proposal;
                            best_name = o.status.description.clone();
                        }
                        statuses.push(o.status);
                    }
                    Err(e) => {
                        events.push(Event {
                            kind: EventType::Warning,
                            reason: e.reason.to_string(),
                            message: e.event_message.clone(),
                        });
                        invalid += 1;
                        if first_error.is_none() {
                            first_error = Some(e);
                        }
                    }
                }
            }
            if let Some(e) = &first_error {
                if invalid >= metrics.len() || best < current {
                    // All metrics failed, or some failed and the rest would scale down:
                    // do nothing this round.
                    self.set_condition(
                        ConditionType::ScalingActive,
                        false,
                        e.reason,
                        format!(
                            "the HPA was unable to compute the replica count: {}",
                            e.event_message
                        ),
                        now_ms,
                    );
                    events.push(Event {
                        kind: EventType::Warning,
                        reason: "FailedComputeMetricsReplicas".to_string(),
                        message: format!(
                            "invalid metrics ({invalid} invalid out of {}), first error is: {}",
                            metrics.len(),
                            e.wrapped
                        ),
                    });
                    return Ok(self.decision(
                        current,
                        current,
                        false,
                        String::new(),
                        events,
                        statuses,
                    ));
                }
            }
            self.set_condition(
                ConditionType::ScalingActive,
                true,
                "ValidMetricFound",
                format!(
                    "the HPA was able to successfully calculate a replica count from {best_name}"
                ),
                now_ms,
            );
            let mut rescale_metric = String::new();
            if best > desired {
                desired = best;
                rescale_metric = best_name;
            }
            if desired > current {
                reason = format!("{rescale_metric} above target");
            }
            if desired < current {
                reason = "All metrics below target".to_string();
            }
            desired = match &spec.behavior {
                None => self.normalize_legacy(now_ms, current, desired, min, max),
                Some(b) => self.normalize_with_behavior(now_ms, b, current, desired, min, max),
            };
            rescale = desired != current;
        }

        if rescale {
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                "SucceededRescale",
                format!("the HPA controller was able to update the target scale to {desired}"),
                now_ms,
            );
            events.push(Event {
                kind: EventType::Normal,
                reason: "SuccessfulRescale".to_string(),
                message: format!("New size: {desired}; reason: {reason}"),
            });
            if spec.behavior.is_some() {
                self.store_scale_event(now_ms, current, desired);
            }
            self.last_scale_ms = Some(now_ms);
            Ok(self.decision(current, desired, true, reason, events, statuses))
        } else {
            Ok(self.decision(current, current, false, String::new(), events, statuses))
        }
    }

    fn decision(
        &self,
        current: i32,
        desired: i32,
        rescale: bool,
        reason: String,
        events: Vec<Event>,
        metrics: Vec<MetricStatus>,
    ) -> HpaDecision {
        HpaDecision {
            current_replicas: current,
            desired_replicas: desired,
            rescale,
            reason,
            conditions: self.conditions.clone(),
            events,
            metrics,
        }
    }

    fn tolerances(&self, spec: &HpaSpec) -> Tolerances {
        let mut t = Tolerances::both(self.params.tolerance);
        if let Some(b) = &spec.behavior {
            if let Some(v) = b.scale_up.as_ref().and_then(|r| r.tolerance) {
                t.scale_up = v;
            }
            if let Some(v) = b.scale_down.as_ref().and_then(|r| r.tolerance) {
                t.scale_down = v;
            }
        }
        t
    }

    /// D4: one metric's proposal (`computeReplicasForMetric`).
    fn compute_metric(
        &self,
        now_ms: u64,
        spec: &HpaSpec,
        m: &MetricSpec,
        input: &SyncInput<'_>,
    ) -> Result<MetricOutcome, MetricError> {
        let tolerances = self.tolerances(spec);
        let readiness = Readiness {
            cpu_initialization_period_ms: self.params.cpu_initialization_period_ms,
            initial_readiness_delay_ms: self.params.initial_readiness_delay_ms,
        };
        let current = input.scale.spec_replicas;
        let description = m.description();
        match m {
            MetricSpec::Resource { name, target } => {
                let fail = |inner: String| {
                    let msg = match target {
                        MetricTarget::Utilization(_) => {
                            format!("failed to get {} utilization: {inner}", name.as_str())
                        }
                        _ => format!("failed to get {} usage: {inner}", name.as_str()),
                    };
                    MetricError {
                        reason: "FailedGetResourceMetric",
                        wrapped: format!(
                            "failed to get {} resource metric value: {msg}",
                            name.as_str()
                        ),
                        event_message: msg,
                    }
                };
                let samples = match name {
                    ResourceName::Cpu => input.metrics.cpu.as_deref(),
                    ResourceName::Memory => input.metrics.memory.as_deref(),
                };
                let samples = match samples {
                    Some(s) if !s.is_empty() => s,
                    _ => {
                        return Err(fail(format!(
                            "unable to get metrics for resource {}: no metrics returned from resource metrics API",
                            name.as_str()
                        )))
                    }
                };
                let pod_target = match *target {
                    MetricTarget::Utilization(u) => PodTarget::Utilization(u),
                    MetricTarget::AverageValue(v) => PodTarget::AverageValue(v),
                    MetricTarget::Value(_) => {
                        return Err(fail(
                            "invalid resource metric source: neither a utilization target nor a value target was set"
                                .to_string(),
                        ))
                    }
                };
                let c = PodCalc {
                    current_replicas: current,
                    pods: input.pods,
                    samples,
                    resource: Some(*name),
                    tolerances,
                    readiness,
                    missing_fallback: self.params.missing_pod_fallback,
                    now_ms,
                };
                let p = calc::per_pod_replicas(&c, pod_target).map_err(fail)?;
                Ok(MetricOutcome {
                    proposal: p.replicas,
                    status: MetricStatus {
                        description,
                        current_average_utilization: p.utilization,
                        current_value_milli: p.value_milli,
                        proposal: p.replicas,
                    },
                })
            }
            MetricSpec::Pods { metric, target } => {
                let fail = |inner: String| MetricError {
                    reason: "FailedGetPodsMetric",
                    wrapped: format!("failed to get pods metric value: {inner}"),
                    event_message: inner,
                };
                let MetricTarget::AverageValue(t) = *target else {
                    return Err(fail("invalid pods metric source: neither a value target nor an average value target was set".to_string()));
                };
                let samples = input
                    .metrics
                    .pods
                    .iter()
                    .find(|(n, _)| n == metric)
                    .map(|(_, s)| s.as_slice())
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| {
                        fail(format!(
                            "unable to get metric {metric}: no metrics returned from custom metrics API"
                        ))
                    })?;
                let c = PodCalc {
                    current_replicas: current,
                    pods: input.pods,
                    samples,
                    resource: None,
                    tolerances,
                    readiness,
                    missing_fallback: self.params.missing_pod_fallback,
                    now_ms,
                };
                let p = calc::per_pod_replicas(&c, PodTarget::AverageValue(t)).map_err(fail)?;
                Ok(MetricOutcome {
                    proposal: p.replicas,
                    status: MetricStatus {
                        description,
                        current_average_utilization: None,
                        current_value_milli: p.value_milli,
                        proposal: p.replicas,
                    },
                })
            }
            MetricSpec::Object {
                kind,
                metric,
                target,
            } => {
                let fail = |inner: String| MetricError {
                    reason: "FailedGetObjectMetric",
                    wrapped: format!("failed to get object metric value: {inner}"),
                    event_message: inner,
                };
                let value = input
                    .metrics
                    .object
                    .iter()
                    .find(|(n, _)| n == metric)
                    .map(|(_, v)| *v)
                    .ok_or_else(|| {
                        fail(format!(
                            "unable to get metric {metric}: {kind} not found in custom metrics API"
                        ))
                    })?;
                let (proposal, shown) = match *target {
                    MetricTarget::Value(t) => (
                        calc::usage_ratio_replicas(current, value as f64 / t as f64, tolerances, input.pods)
                            .map_err(fail)?,
                        value,
                    ),
                    MetricTarget::AverageValue(t) => {
                        calc::average_value_replicas(input.scale.status_replicas, value, t, tolerances)
                    }
                    MetricTarget::Utilization(_) => {
                        return Err(fail("invalid object metric source: neither a value target nor an average value target was set".to_string()))
                    }
                };
                Ok(MetricOutcome {
                    proposal,
                    status: MetricStatus {
                        description,
                        current_average_utilization: None,
                        current_value_milli: shown,
                        proposal,
                    },
                })
            }
            MetricSpec::External { metric, target, .. } => {
                let fail = |inner: String| MetricError {
                    reason: "FailedGetExternalMetric",
                    wrapped: format!("failed to get external metric value: {inner}"),
                    event_message: inner,
                };
                let values = input
                    .metrics
                    .external
                    .iter()
                    .find(|(n, _)| n == metric)
                    .map(|(_, v)| v.as_slice())
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| {
                        fail(format!(
                            "unable to get external metric {metric}: no metrics returned from external metrics API"
                        ))
                    })?;
                let total = values.iter().fold(0i64, |a, v| a.saturating_add(*v));
                let (proposal, shown) = match *target {
                    MetricTarget::Value(t) => (
                        calc::usage_ratio_replicas(current, total as f64 / t as f64, tolerances, input.pods)
                            .map_err(fail)?,
                        total,
                    ),
                    MetricTarget::AverageValue(t) => {
                        calc::average_value_replicas(input.scale.status_replicas, total, t, tolerances)
                    }
                    MetricTarget::Utilization(_) => {
                        return Err(fail("invalid external metric source: neither a value target nor an average value target was set".to_string()))
                    }
                };
                Ok(MetricOutcome {
                    proposal,
                    status: MetricStatus {
                        description,
                        current_average_utilization: None,
                        current_value_milli: shown,
                        proposal,
                    },
                })
            }
        }
    }

    /// Forget history no rule can still look at: recommendations older than the longest window
    /// the API or the controller allows, scale events older than the longest policy period.
    fn prune(&mut self, now_ms: u64) {
        let rec_horizon = (MAX_STABILIZATION_WINDOW_SECONDS as u64 * MS_PER_S)
            .max(self.params.downscale_stabilization_ms);
        let ev_horizon = MAX_PERIOD_SECONDS as u64 * MS_PER_S;
        self.recommendations
            .retain(|r| r.at_ms.saturating_add(rec_horizon) >= now_ms);
        self.scale_up_events
            .retain(|e| e.at_ms.saturating_add(ev_horizon) >= now_ms);
        self.scale_down_events
            .retain(|e| e.at_ms.saturating_add(ev_horizon) >= now_ms);
    }

    /// D5 `normalizeDesiredReplicas`: legacy path (no behavior).
    fn normalize_legacy(
        &mut self,
        now_ms: u64,
        current: i32,
        desired: i32,
        min: i32,
        max: i32,
    ) -> i32 {
        self.prune(now_ms);
        // Stabilization: the highest recommendation of the last window, this one included. A
        // sample exactly at the cutoff still counts (upstream skips only `Before(cutoff)`).
        let cutoff = now_ms.saturating_sub(self.params.downscale_stabilization_ms);
        let stabilized = self
            .recommendations
            .iter()
            .filter(|r| r.at_ms >= cutoff)
            .map(|r| r.replicas)
            .fold(desired, i32::max);
        self.recommendations.push(Recommendation {
            at_ms: now_ms,
            replicas: desired,
        });
        if stabilized != desired {
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                "ScaleDownStabilized",
                "recent recommendations were higher than current one, applying the highest recent recommendation".to_string(),
                now_ms,
            );
        } else {
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                "ReadyForNewScale",
                "recommended size matches current size".to_string(),
                now_ms,
            );
        }
        let (out, reason, message) = convert_with_rules(current, stabilized, min, max);
        self.set_condition(
            ConditionType::ScalingLimited,
            out != stabilized,
            reason,
            message.to_string(),
            now_ms,
        );
        out
    }

    /// D6 `normalizeDesiredReplicasWithBehaviors`.
    fn normalize_with_behavior(
        &mut self,
        now_ms: u64,
        behavior: &Behavior,
        current: i32,
        desired: i32,
        min: i32,
        max: i32,
    ) -> i32 {
        self.prune(now_ms);
        let up = default_scale_up(behavior.scale_up.as_ref());
        let down = default_scale_down(behavior.scale_down.as_ref(), &self.params);
        // Stabilization: clamp current into [min of the up window, max of the down window].
        // Here a sample exactly at a cutoff does not count (upstream keeps only `After(cutoff)`).
        let up_cutoff = now_ms.saturating_sub(window_ms(up.stabilization_window_seconds));
        let down_cutoff = now_ms.saturating_sub(window_ms(down.stabilization_window_seconds));
        let mut up_rec = desired;
        let mut down_rec = desired;
        for r in &self.recommendations {
            if r.at_ms > up_cutoff {
                up_rec = up_rec.min(r.replicas);
            }
            if r.at_ms > down_cutoff {
                down_rec = down_rec.max(r.replicas);
            }
        }
        let mut stabilized = current;
        if stabilized < up_rec {
            stabilized = up_rec;
        }
        if stabilized > down_rec {
            stabilized = down_rec;
        }
        self.recommendations.push(Recommendation {
            at_ms: now_ms,
            replicas: desired,
        });
        if stabilized != desired {
            let (reason, message) = if desired >= current {
                (
                    "ScaleUpStabilized",
                    "recent recommendations were lower than current one, applying the lowest recent recommendation",
                )
            } else {
                (
                    "ScaleDownStabilized",
                    "recent recommendations were higher than current one, applying the highest recent recommendation",
                )
            };
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                reason,
                message.to_string(),
                now_ms,
            );
        } else {
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                "ReadyForNewScale",
                "recommended size matches current size".to_string(),
                now_ms,
            );
        }
        let (out, reason, message) =
            self.convert_with_behavior_rate(now_ms, &up, &down, current, stabilized, min, max);
        self.set_condition(
            ConditionType::ScalingLimited,
            out != stabilized,
            reason,
            message.to_string(),
            now_ms,
        );
        out
    }

    /// D6 `convertDesiredReplicasWithBehaviorRate`.
    #[allow(clippy::too_many_arguments)]
    fn convert_with_behavior_rate(
        &self,
        now_ms: u64,
        up: &EffectiveRules,
        down: &EffectiveRules,
        current: i32,
        desired: i32,
        min: i32,
        max: i32,
    ) -> (i32, &'static str, &'static str) {
        if desired > current {
            let limit = scale_up_limit(
                now_ms,
                current,
                &self.scale_up_events,
                &self.scale_down_events,
                up,
            )
            .max(current);
            let (allowed, reason, message) = if max > limit {
                (
                    limit,
                    "ScaleUpLimit",
                    "the desired replica count is increasing faster than the maximum scale rate",
                )
            } else {
                (
                    max,
                    "TooManyReplicas",
                    "the desired replica count is more than the maximum replica count",
                )
            };
            if desired > allowed {
                return (allowed, reason, message);
            }
        } else if desired < current {
            let limit = scale_down_limit(
                now_ms,
                current,
                &self.scale_up_events,
                &self.scale_down_events,
                down,
            )
            .min(current);
            let (allowed, reason, message) = if min < limit {
                (
                    limit,
                    "ScaleDownLimit",
                    "the desired replica count is decreasing faster than the maximum scale rate",
                )
            } else {
                (
                    min,
                    "TooFewReplicas",
                    "the desired replica count is less than the minimum replica count",
                )
            };
            if desired < allowed {
                return (allowed, reason, message);
            }
        }
        (
            desired,
            "DesiredWithinRange",
            "the desired count is within the acceptable range",
        )
    }

    /// D6 `storeScaleEvent`: remember the change for the rate policies.
    fn store_scale_event(&mut self, now_ms: u64, prev: i32, new: i32) {
        if new > prev {
            self.scale_up_events.push(ScaleEvent {
                at_ms: now_ms,
                change: new.saturating_sub(prev),
            });
        } else if new < prev {
            self.scale_down_events.push(ScaleEvent {
                at_ms: now_ms,
                change: prev.saturating_sub(new),
            });
        }
    }
}

fn window_ms(seconds: i32) -> u64 {
    (seconds.max(0) as u64) * MS_PER_S
}

/// D5 `convertDesiredReplicasWithRules` with `calculateScaleUpLimit` = max(2 × current, 4).
pub fn convert_with_rules(
    current: i32,
    desired: i32,
    min: i32,
    max: i32,
) -> (i32, &'static str, &'static str) {
    let scale_up_limit = legacy_scale_up_limit(current);
    let (allowed_max, mut cond, mut msg) = if max > scale_up_limit {
        (
            scale_up_limit,
            "ScaleUpLimit",
            "the desired replica count is increasing faster than the maximum scale rate",
        )
    } else {
        (
            max,
            "TooManyReplicas",
            "the desired replica count is more than the maximum replica count",
        )
    };
    if desired < min {
        cond = "TooFewReplicas";
        msg = "the desired replica count is less than the minimum replica count";
        return (min, cond, msg);
    } else if desired > allowed_max {
        return (allowed_max, cond, msg);
    }
    (
        desired,
        "DesiredWithinRange",
        "the desired count is within the acceptable range",
    )
}

/// D5 `calculateScaleUpLimit`: `max(2 × current, 4)`.
pub fn legacy_scale_up_limit(current: i32) -> i32 {
    (2.0 * current as f64).max(4.0) as i32
}

/// D6 `getReplicasChangePerPeriod`: the sum of changes strictly newer than `now - period`.
fn change_in_period(now_ms: u64, period_seconds: i32, events: &[ScaleEvent]) -> i32 {
    let cutoff = now_ms.saturating_sub(window_ms(period_seconds));
    events
        .iter()
        .filter(|e| e.at_ms > cutoff)
        .fold(0i32, |a, e| a.saturating_add(e.change))
}

/// D6 `calculateScaleUpLimitWithScalingRules`.
fn scale_up_limit(
    now_ms: u64,
    current: i32,
    ups: &[ScaleEvent],
    downs: &[ScaleEvent],
    rules: &EffectiveRules,
) -> i32 {
    let (mut result, pick): (i32, fn(i32, i32) -> i32) = match rules.select_policy {
        SelectPolicy::Disabled => return current,
        SelectPolicy::Min => (i32::MAX, i32::min),
        SelectPolicy::Max => (i32::MIN, i32::max),
    };
    for p in &rules.policies {
        let start = current
            .saturating_sub(change_in_period(now_ms, p.period_seconds, ups))
            .saturating_add(change_in_period(now_ms, p.period_seconds, downs));
        let proposed = match p.kind {
            PolicyType::Pods => start.saturating_add(p.value),
            // Rounded up, or a small percentage could never add a pod.
            PolicyType::Percent => (start as f64 * (1.0 + p.value as f64 / 100.0)).ceil() as i32,
        };
        result = pick(result, proposed);
    }
    result
}

/// D6 `calculateScaleDownLimitWithBehaviors`.
fn scale_down_limit(
    now_ms: u64,
    current: i32,
    ups: &[ScaleEvent],
    downs: &[ScaleEvent],
    rules: &EffectiveRules,
) -> i32 {
    let (mut result, pick): (i32, fn(i32, i32) -> i32) = match rules.select_policy {
        SelectPolicy::Disabled => return current,
        SelectPolicy::Min => (i32::MIN, i32::max),
        SelectPolicy::Max => (i32::MAX, i32::min),
    };
    for p in &rules.policies {
        let start = current
            .saturating_sub(change_in_period(now_ms, p.period_seconds, ups))
            .saturating_add(change_in_period(now_ms, p.period_seconds, downs));
        let proposed = match p.kind {
            PolicyType::Pods => start.saturating_sub(p.value),
            // Truncated, as upstream's int32 conversion does.
            PolicyType::Percent => (start as f64 * (1.0 - p.value as f64 / 100.0)) as i32,
        };
        result = pick(result, proposed);
    }
    result
}
