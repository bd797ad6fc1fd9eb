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
mod inputs;
mod normalize;
mod spec;

pub use inputs::*;
pub use normalize::{convert_with_rules, legacy_scale_up_limit};
pub use spec::*;

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

/// D4: an object or external metric's proposal from its `value` (`GetObjectMetricReplicas`,
/// `GetExternalMetricReplicas`): a Value target scales by the usage ratio value / target over
/// the current replicas; an AverageValue target by the value per replica in the scale's status.
/// `source` names the metric source in the error a Utilization target gets.
fn value_or_average(
    input: &SyncInput<'_>,
    tolerances: Tolerances,
    value: i64,
    target: MetricTarget,
    description: String,
    source: &str,
) -> Result<MetricOutcome, String> {
    let (proposal, shown) = match target {
        MetricTarget::Value(t) => {
            let ratio = value as f64 / t as f64;
            let current = input.scale.spec_replicas;
            let replicas = calc::usage_ratio_replicas(current, ratio, tolerances, input.pods)?;
            (replicas, value)
        }
        MetricTarget::AverageValue(t) => {
            calc::average_value_replicas(input.scale.status_replicas, value, t, tolerances)
        }
        MetricTarget::Utilization(_) => {
            return Err(format!(
                "invalid {source} metric source: neither a value target nor an average value target was set"
            ))
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
                value_or_average(input, tolerances, value, *target, description, "object")
                    .map_err(fail)
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
                value_or_average(input, tolerances, total, *target, description, "external")
                    .map_err(fail)
            }
        }
    }
}
