//! The replica calculator (D4): from pods and metric samples to a proposed replica count.
//!
//! Source: `pkg/controller/podautoscaler/replica_calculator.go` and `metrics/utilization.go`
//! (kubernetes/kubernetes, v1.33+ with per-direction tolerances). Every function here is pure:
//! the pods, their samples and `now_ms` are inputs. Errors carry Kubernetes' own wording because
//! they end up in events and conditions.

use super::{PodInfo, PodPhase, PodSample, ResourceName};

/// The tolerance band around a usage ratio of 1.0 inside which the HPA does not scale (D1:
/// 0.1 both ways by default; D2: per-direction `tolerance` since 1.33).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerances {
    pub scale_down: f64,
    pub scale_up: f64,
}

impl Tolerances {
    pub const fn both(t: f64) -> Tolerances {
        Tolerances {
            scale_down: t,
            scale_up: t,
        }
    }

    /// D4.4: `1 - down <= ratio <= 1 + up` means "close enough, keep the current count".
    pub fn is_within(&self, ratio: f64) -> bool {
        (1.0 - self.scale_down) <= ratio && ratio <= (1.0 + self.scale_up)
    }
}

/// The value a missing pod is assumed to use on a scale-down (D4.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MissingPodFallback {
    /// Current upstream: `request × max(100, target)%` (so targets above 100% don't turn a
    /// missing pod into a reason to scale down).
    MaxOf100AndTarget,
    /// Older releases: exactly 100% of the request.
    FullRequest,
}

/// The controller timings that decide which pods' CPU samples are trusted (D1, D4.1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Readiness {
    /// `--horizontal-pod-autoscaler-cpu-initialization-period` (5 min).
    pub cpu_initialization_period_ms: u64,
    /// `--horizontal-pod-autoscaler-initial-readiness-delay` (30 s).
    pub initial_readiness_delay_ms: u64,
}

/// How each pod is treated by one calculation (D4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodGroup {
    /// Counted with its sample.
    Ready,
    /// Pending, or (CPU only) not yet trusted: left out, and assumed to use 0 on a scale-up.
    Unready,
    /// No sample: left out, then assumed idle on a scale-up or busy on a scale-down.
    Missing,
    /// Being deleted or Failed: left out entirely.
    Ignored,
}

/// D4.1 `groupPods`: classify one pod. `cpu_rules` is true only when the CPU readiness rules
/// apply (resource metrics on CPU, utilization or raw value).
pub fn group_pod(
    pod: &PodInfo,
    sample: Option<&PodSample>,
    cpu_rules: bool,
    readiness: Readiness,
    now_ms: u64,
) -> PodGroup {
    if pod.deleting || pod.phase == PodPhase::Failed {
        return PodGroup::Ignored;
    }
    if pod.phase == PodPhase::Pending {
        return PodGroup::Unready;
    }
    let Some(sample) = sample else {
        return PodGroup::Missing;
    };
    if cpu_rules {
        let unready = match (pod.ready, pod.start_time_ms) {
            (Some(cond), Some(start)) => {
                if start.saturating_add(readiness.cpu_initialization_period_ms) > now_ms {
                    // Still initializing: trust the sample only if the pod is ready and one full
                    // metric window was collected after it became ready.
                    !cond.status
                        || sample.timestamp_ms
                            < cond.last_transition_ms.saturating_add(sample.window_ms)
                } else {
                    // Past initialization: ignore only a pod that is unready and was never
                    // ready (its only transition came within the initial readiness delay).
                    !cond.status
                        && start.saturating_add(readiness.initial_readiness_delay_ms)
                            > cond.last_transition_ms
                }
            }
            _ => true,
        };
        if unready {
            return PodGroup::Unready;
        }
    }
    PodGroup::Ready
}

/// One pod's request for a resource in milli-units (D4.2): the pod-level request if set,
/// otherwise the sum over its containers (restartable init containers included by the caller
/// listing them in `containers`). A container without a request is an error.
pub fn pod_request(pod: &PodInfo, resource: ResourceName) -> Result<i64, String> {
    if let Some(level) = pod.pod_level_requests {
        return level.get(resource).ok_or_else(|| {
            format!(
                "missing pod-level request for {} in Pod {}",
                resource.as_str(),
                pod.name
            )
        });
    }
    let mut sum: i64 = 0;
    for c in &pod.containers {
        let r = c.requests.get(resource).ok_or_else(|| {
            format!(
                "missing request for {} in container {} of Pod {}",
                resource.as_str(),
                c.name,
                pod.name
            )
        })?;
        sum = sum.saturating_add(r);
    }
    Ok(sum)
}

/// The result of a per-pod calculation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub replicas: i32,
    /// Utilization in percent of request (resource utilization targets only).
    pub utilization: Option<i32>,
    /// Raw value: average per pod in milli-units (or the object/external total).
    pub value_milli: i64,
}

/// The working set of one calculation: (pod name index, sample value, request).
struct Entry {
    value: i64,
    request: i64,
}

/// D4.3 `GetResourceUtilizationRatio`: integer-truncated utilization over the entries.
fn utilization_ratio(entries: &[Entry], target: i32) -> Result<(f64, i32, i64), String> {
    let mut total: i128 = 0;
    let mut requests: i128 = 0;
    for e in entries {
        total += e.value as i128;
        requests += e.request as i128;
    }
    if requests == 0 || entries.is_empty() {
        return Err("no metrics returned matched known pods".to_string());
    }
    let utilization = clamp_i32((total * 100) / requests);
    let raw = clamp_i64(total / entries.len() as i128);
    Ok((utilization as f64 / target as f64, utilization, raw))
}

/// D4.6 `GetMetricUsageRatio`: integer average over the entries.
fn usage_ratio(entries: &[Entry], target: i64) -> (f64, i64) {
    let total: i128 = entries.iter().map(|e| e.value as i128).sum();
    let n = entries.len().max(1) as i128;
    let usage = clamp_i64(total / n);
    (usage as f64 / target as f64, usage)
}

fn clamp_i32(v: i128) -> i32 {
    v.clamp(i32::MIN as i128, i32::MAX as i128) as i32
}

fn clamp_i64(v: i128) -> i64 {
    v.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// `int32(math.Ceil(x))`, saturating (Rust's float-to-int cast saturates; Go's would wrap, which
/// no realistic input reaches).
pub fn ceil_i32(x: f64) -> i32 {
    x.ceil() as i32
}

/// What kind of per-pod target the calculation serves.
#[derive(Clone, Copy, Debug)]
pub enum PodTarget {
    /// `Resource` with `averageUtilization` (percent of request).
    Utilization(i32),
    /// `Resource` or `Pods` with `averageValue` (milli-units per pod).
    AverageValue(i64),
}

/// Inputs shared by the per-pod calculations.
pub struct PodCalc<'a> {
    pub current_replicas: i32,
    pub pods: &'a [PodInfo],
    pub samples: &'a [PodSample],
    /// `Some(resource)` for resource metrics, `None` for `Pods` custom metrics.
    pub resource: Option<ResourceName>,
    pub tolerances: Tolerances,
    pub readiness: Readiness,
    pub missing_fallback: MissingPodFallback,
    pub now_ms: u64,
}

/// The metrics API answers a map keyed by pod name (the first sample of a name counts).
/// Callers usually list the samples in the pods' order: a cursor matches those, and the map is
/// built only at the first pod the cursor can't match (linear instead of `n log n` per sync).
struct SampleIndex<'a> {
    samples: &'a [PodSample],
    cursor: usize,
    map: Option<std::collections::BTreeMap<&'a str, &'a PodSample>>,
}

impl<'a> SampleIndex<'a> {
    fn new(samples: &'a [PodSample]) -> Self {
        SampleIndex {
            samples,
            cursor: 0,
            map: None,
        }
    }

    fn get(&mut self, pod: &str) -> Option<&'a PodSample> {
        if let Some(s) = self.samples.get(self.cursor) {
            if s.pod == pod {
                self.cursor += 1;
                return self.map_get(pod).or(Some(s));
            }
        }
        self.build();
        self.map_get(pod)
    }

    fn map_get(&self, pod: &str) -> Option<&'a PodSample> {
        self.map.as_ref().and_then(|m| m.get(pod).copied())
    }

    fn build(&mut self) {
        if self.map.is_none() {
            let mut m = std::collections::BTreeMap::new();
            for s in self.samples {
                m.entry(s.pod.as_str()).or_insert(s);
            }
            self.map = Some(m);
        }
    }
}

/// D4 `GetResourceReplicas` (utilization) and D4.6 `calcPlainMetricReplicas` (average value).
pub fn per_pod_replicas(c: &PodCalc<'_>, target: PodTarget) -> Result<Proposal, String> {
    if c.pods.is_empty() {
        return Err("no pods returned by selector while calculating replica count".to_string());
    }
    let cpu_rules = c.resource == Some(ResourceName::Cpu);
    let mut index = SampleIndex::new(c.samples);
    let mut sample_of = |name: &str| index.get(name);

    let mut ready: Vec<Entry> = Vec::new();
    let mut ready_names: Vec<usize> = Vec::new();
    let mut unready: Vec<usize> = Vec::new();
    let mut missing: Vec<usize> = Vec::new();
    for (i, pod) in c.pods.iter().enumerate() {
        let sample = sample_of(&pod.name);
        match group_pod(pod, sample, cpu_rules, c.readiness, c.now_ms) {
            PodGroup::Ready => {
                ready_names.push(i);
                ready.push(Entry {
                    value: sample.map_or(0, |s| s.value_milli),
                    request: 0,
                });
            }
            PodGroup::Unready => unready.push(i),
            PodGroup::Missing => missing.push(i),
            PodGroup::Ignored => {}
        }
    }
    if ready.is_empty() {
        return Err(
            "did not receive metrics for targeted pods (pods might be unready)".to_string(),
        );
    }
    let ready_count = ready.len();

    match target {
        PodTarget::Utilization(target) => {
            let resource = c.resource.unwrap_or(ResourceName::Cpu);
            // D4.2: requests of every listed pod; one missing request fails the whole metric.
            let mut requests = Vec::with_capacity(c.pods.len());
            for pod in c.pods {
                requests.push(pod_request(pod, resource)?);
            }
            for (e, &i) in ready.iter_mut().zip(&ready_names) {
                e.request = requests[i];
            }
            let (ratio, utilization, raw) = utilization_ratio(&ready, target)?;
            let proposal = |replicas| Proposal {
                replicas,
                utilization: Some(utilization),
                value_milli: raw,
            };
            let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;
            if !scale_up_with_unready && missing.is_empty() {
                if c.tolerances.is_within(ratio) {
                    return Ok(proposal(c.current_replicas));
                }
                return Ok(proposal(ceil_i32(ratio * ready_count as f64)));
            }
            let mut all = ready;
            if ratio < 1.0 {
                // D4.5: on a scale-down a missing pod is assumed busy.
                let pct = match c.missing_fallback {
                    MissingPodFallback::MaxOf100AndTarget => (target as i64).max(100),
                    MissingPodFallback::FullRequest => 100,
                };
                for &i in &missing {
                    all.push(Entry {
                        value: requests[i].saturating_mul(pct) / 100,
                        request: requests[i],
                    });
                }
            } else if ratio > 1.0 {
                // D4.5: on a scale-up a missing pod is assumed idle.
                for &i in &missing {
                    all.push(Entry {
                        value: 0,
                        request: requests[i],
                    });
                }
            }
            if scale_up_with_unready {
                for &i in &unready {
                    all.push(Entry {
                        value: 0,
                        request: requests[i],
                    });
                }
            }
            let (new_ratio, _, _) = utilization_ratio(&all, target)?;
            Ok(proposal(rebalanced(c, ratio, new_ratio, all.len())))
        }
        PodTarget::AverageValue(target) => {
            let (ratio, usage) = usage_ratio(&ready, target);
            let proposal = |replicas| Proposal {
                replicas,
                utilization: None,
                value_milli: usage,
            };
            let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;
            if !scale_up_with_unready && missing.is_empty() {
                if c.tolerances.is_within(ratio) {
                    return Ok(proposal(c.current_replicas));
                }
                return Ok(proposal(ceil_i32(ratio * ready_count as f64)));
            }
            let mut all = ready;
            if ratio < 1.0 {
                // D4.6: a missing pod is assumed to use exactly the target on a scale-down.
                for _ in &missing {
                    all.push(Entry {
                        value: target,
                        request: 0,
                    });
                }
            } else if ratio > 1.0 {
                for _ in &missing {
                    all.push(Entry {
                        value: 0,
                        request: 0,
                    });
                }
            }
            if scale_up_with_unready {
                for _ in &unready {
                    all.push(Entry {
                        value: 0,
                        request: 0,
                    });
                }
            }
            let (new_ratio, _) = usage_ratio(&all, target);
            Ok(proposal(rebalanced(c, ratio, new_ratio, all.len())))
        }
    }
}

/// D4.5, second half: keep the current count when the re-computed ratio is within tolerance,
/// flips direction, or its replica count would move against the ratio.
fn rebalanced(c: &PodCalc<'_>, ratio: f64, new_ratio: f64, considered: usize) -> i32 {
    if c.tolerances.is_within(new_ratio)
        || (ratio < 1.0 && new_ratio > 1.0)
        || (ratio > 1.0 && new_ratio < 1.0)
    {
        return c.current_replicas;
    }
    let new_replicas = ceil_i32(new_ratio * considered as f64);
    if (new_ratio < 1.0 && new_replicas > c.current_replicas)
        || (new_ratio > 1.0 && new_replicas < c.current_replicas)
    {
        return c.current_replicas;
    }
    new_replicas
}

/// D4.7 `getReadyPodsCount`: pods that are Running and Ready.
pub fn ready_pod_count(pods: &[PodInfo]) -> Result<i64, String> {
    if pods.is_empty() {
        return Err("unable to calculate ready pods: no pods returned by selector while calculating replica count".to_string());
    }
    Ok(pods
        .iter()
        .filter(|p| p.phase == PodPhase::Running && p.ready.is_some_and(|r| r.status))
        .count() as i64)
}

/// D4.7 `getUsageRatioReplicaCount` (object `Value` and external `Value` targets): with
/// replicas, `ceil(ratio × readyPods)` outside tolerance; at zero replicas, `ceil(ratio)`.
pub fn usage_ratio_replicas(
    current_replicas: i32,
    ratio: f64,
    tolerances: Tolerances,
    pods: &[PodInfo],
) -> Result<i32, String> {
    if current_replicas == 0 {
        return Ok(ceil_i32(ratio));
    }
    if tolerances.is_within(ratio) {
        return Ok(current_replicas);
    }
    let ready = ready_pod_count(pods)?;
    Ok(ceil_i32(ratio * ready as f64))
}

/// D4.7 `GetObjectPerPodMetricReplicas` / `GetExternalPerPodMetricReplicas` (`AverageValue`):
/// `ceil(total / targetPerPod)` when `total / (target × statusReplicas)` is outside tolerance.
/// Returns the proposal and the per-pod value shown in status (`ceil(total / statusReplicas)`).
pub fn average_value_replicas(
    status_replicas: i32,
    total_milli: i64,
    target_per_pod_milli: i64,
    tolerances: Tolerances,
) -> (i32, i64) {
    let mut replicas = status_replicas;
    let ratio = total_milli as f64 / (target_per_pod_milli as f64 * status_replicas as f64);
    if !tolerances.is_within(ratio) {
        replicas = ceil_i32(total_milli as f64 / target_per_pod_milli as f64);
    }
    let per_pod = if status_replicas > 0 {
        (total_milli as f64 / status_replicas as f64).ceil() as i64
    } else {
        total_milli
    };
    (replicas, per_pod)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(pod: &str, v: i64) -> PodSample {
        PodSample {
            pod: pod.into(),
            value_milli: v,
            timestamp_ms: 0,
            window_ms: 15_000,
        }
    }

    #[test]
    fn samples_are_found_by_name_in_any_order_and_the_first_of_a_name_counts() {
        let s = [sample("b", 2), sample("a", 1), sample("b", 3)];
        let mut i = SampleIndex::new(&s);
        assert_eq!(i.get("a").map(|x| x.value_milli), Some(1));
        assert_eq!(i.get("b").map(|x| x.value_milli), Some(2));
        assert_eq!(i.get("c").map(|x| x.value_milli), None);
        // In the pods' order the cursor answers without the map.
        let s = [sample("a", 1), sample("b", 2)];
        let mut i = SampleIndex::new(&s);
        assert_eq!(i.get("a").map(|x| x.value_milli), Some(1));
        assert_eq!(i.get("b").map(|x| x.value_milli), Some(2));
        assert!(i.map.is_none());
    }
}
