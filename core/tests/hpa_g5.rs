//! Appendix G5: the HPA replica-calculator oracle from Kubernetes'
//! `pkg/controller/podautoscaler/replica_calculator_test.go` (@5f3bc7cd), every row a named test,
//! plus further cases of that file (hot CPU, custom, object and external metrics, errors) and
//! table tests of the normalization rules (D5 legacy, D6 behavior: stabilization windows, Pods
//! and Percent policies, selectPolicy). Tests are named after the rule ids and upstream tests.
//!
//! Harness as upstream: every pod has 2 identical containers with the listed request and usage
//! (so per-pod values are doubled; ratios are unaffected). The controller runs with the testing
//! constants (tolerance 0.1, CPU initialization 2 min, readiness delay 10 s).

use scaleout_core::kubernetes::hpa::{
    Behavior, ConditionType, ContainerInfo, EventType, HpaController, HpaDecision, HpaParams,
    HpaSpec, MetricSpec, MetricTarget, MetricsSnapshot, PodInfo, PodPhase, PodSample, PolicyType,
    ReadyCondition, Requests, ResourceName, ScaleTarget, ScalingPolicy, ScalingRules, SelectPolicy,
    SyncInput,
};

const NOW: u64 = 3_600_000; // one hour into the run
const CONTAINERS: i64 = 2;

#[derive(Clone, Copy, PartialEq)]
enum State {
    /// Running, Ready since long ago.
    Cool,
    /// Running, Ready=False, never ready (its only transition at start).
    Unready,
    /// Running, started inside the CPU initialization window, sample taken before one metric
    /// window passed after it became Ready.
    Hot,
    /// Hot and Ready=False.
    HotUnready,
    Failed,
    Deleting,
    Pending,
}

fn pod(i: usize, request_milli: Option<i64>, state: State) -> PodInfo {
    let (phase, deleting) = match state {
        State::Failed => (PodPhase::Failed, false),
        State::Deleting => (PodPhase::Running, true),
        State::Pending => (PodPhase::Pending, false),
        _ => (PodPhase::Running, false),
    };
    let (start, ready) = match state {
        State::Hot => (
            NOW - 60_000,
            ReadyCondition {
                status: true,
                last_transition_ms: NOW - 30_000,
            },
        ),
        State::HotUnready => (
            NOW - 60_000,
            ReadyCondition {
                status: false,
                last_transition_ms: NOW - 60_000,
            },
        ),
        State::Unready | State::Failed | State::Pending => (
            NOW - 600_000,
            ReadyCondition {
                status: false,
                last_transition_ms: NOW - 600_000,
            },
        ),
        _ => (
            NOW - 600_000,
            ReadyCondition {
                status: true,
                last_transition_ms: NOW - 600_000,
            },
        ),
    };
    let containers = (0..CONTAINERS)
        .map(|c| ContainerInfo {
            name: format!("container-{c}"),
            requests: Requests {
                cpu_milli: request_milli,
                memory_milli: None,
            },
        })
        .collect();
    PodInfo {
        name: format!("test-pod-{i}"),
        phase,
        deleting,
        start_time_ms: Some(start),
        ready: Some(ready),
        containers,
        pod_level_requests: None,
    }
}

fn sample(i: usize, per_container: i64) -> PodSample {
    PodSample {
        pod: format!("test-pod-{i}"),
        value_milli: per_container * CONTAINERS,
        timestamp_ms: NOW,
        window_ms: 60_000,
    }
}

/// Pods with requests and states; `levels` go to the first pods in order (like upstream).
fn cpu_case(requests: &[i64], states: &[State], levels: &[i64]) -> (Vec<PodInfo>, MetricsSnapshot) {
    let pods: Vec<PodInfo> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| pod(i, Some(*r), states.get(i).copied().unwrap_or(State::Cool)))
        .collect();
    let samples = levels
        .iter()
        .enumerate()
        .map(|(i, l)| sample(i, *l))
        .collect();
    (
        pods,
        MetricsSnapshot {
            cpu: Some(samples),
            ..MetricsSnapshot::default()
        },
    )
}

fn spec(metric: MetricSpec) -> HpaSpec {
    HpaSpec {
        min_replicas: Some(1),
        max_replicas: 100,
        metrics: vec![metric],
        behavior: None,
    }
}

fn cpu(target: i32) -> MetricSpec {
    MetricSpec::Resource {
        name: ResourceName::Cpu,
        target: MetricTarget::Utilization(target),
    }
}

fn run(current: i32, spec: &HpaSpec, pods: &[PodInfo], metrics: &MetricsSnapshot) -> HpaDecision {
    let mut hpa = HpaController::new(HpaParams::upstream_testing());
    hpa.sync(
        NOW,
        spec,
        &SyncInput {
            scale: ScaleTarget {
                spec_replicas: current,
                status_replicas: current,
            },
            pods,
            metrics,
        },
    )
    .expect("valid spec")
}

/// A G5 resource row: current, target %, requests (per container), states, usage levels
/// (per container) → expected utilization, expected replicas.
#[allow(clippy::too_many_arguments)]
fn g5(
    current: i32,
    target: i32,
    requests: &[i64],
    states: &[State],
    levels: &[i64],
    expected_util: i32,
    expected_replicas: i32,
) -> HpaDecision {
    let (pods, metrics) = cpu_case(requests, states, levels);
    let d = run(current, &spec(cpu(target)), &pods, &metrics);
    assert_eq!(d.metrics.len(), 1, "{d:?}");
    assert_eq!(
        d.metrics[0].current_average_utilization,
        Some(expected_util),
        "{d:?}"
    );
    assert_eq!(d.metrics[0].proposal, expected_replicas, "{d:?}");
    // D5/D6: the first sync records the current count as a recommendation, so a scale-down
    // proposal is held by the stabilization window; a scale-up goes through.
    assert_eq!(d.desired_replicas, expected_replicas.max(current), "{d:?}");
    d
}

use State::*;

// ---- G5 rows, in the table's order --------------------------------------------------------

#[test]
fn g5_test_replica_calc_scale_up() {
    let d = g5(3, 30, &[1000; 3], &[], &[300, 500, 700], 50, 5);
    assert_eq!(d.metrics[0].current_value_milli, CONTAINERS * 500);
    assert_eq!(
        d.events[0].message,
        "New size: 5; reason: cpu resource utilization (percentage of request) above target"
    );
}

#[test]
fn g5_test_replica_calc_scale_up_unready_less_scale() {
    let d = g5(
        3,
        30,
        &[1000; 3],
        &[Unready, Cool, Cool],
        &[300, 500, 700],
        60,
        4,
    );
    assert_eq!(d.metrics[0].current_value_milli, CONTAINERS * 600);
}

#[test]
fn g5_test_replica_calc_scale_up_unready_no_scale() {
    g5(
        3,
        30,
        &[1000; 3],
        &[Cool, Unready, Unready],
        &[400, 500, 700],
        40,
        3,
    );
}

#[test]
fn g5_test_replica_calc_scale_up_ignores_failed_pods() {
    g5(
        2,
        30,
        &[1000; 4],
        &[Cool, Cool, Failed, Failed],
        &[500, 700],
        60,
        4,
    );
}

#[test]
fn g5_test_replica_calc_scale_down() {
    let d = g5(5, 50, &[1000; 5], &[], &[100, 300, 500, 250, 250], 28, 3);
    assert_eq!(d.metrics[0].current_value_milli, CONTAINERS * 280);
}

#[test]
fn g5_test_replica_calc_scale_down_include_unready_pods() {
    g5(
        5,
        50,
        &[1000; 5],
        &[Cool, Cool, Cool, Unready, Unready],
        &[100, 300, 500, 250, 250],
        30,
        2,
    );
}

#[test]
fn g5_test_replica_calc_scale_down_ignores_failed_pods() {
    g5(
        5,
        50,
        &[1000; 7],
        &[Cool, Cool, Cool, Cool, Cool, Failed, Failed],
        &[100, 300, 500, 250, 250],
        28,
        3,
    );
}

#[test]
fn g5_test_replica_calc_tolerance() {
    g5(3, 100, &[900, 1000, 1100], &[], &[1010, 1030, 1020], 102, 3);
}

#[test]
fn g5_test_replica_calc_missing_metrics() {
    let d = g5(4, 100, &[1000; 4], &[], &[400, 95], 24, 3);
    assert_eq!(d.metrics[0].current_value_milli, 495);
}

#[test]
fn g5_test_replica_calc_missing_metrics_no_change_eq() {
    g5(2, 100, &[1000; 2], &[], &[1000], 100, 2);
}

#[test]
fn g5_test_replica_calc_missing_metrics_no_change_gt() {
    g5(2, 100, &[1000; 2], &[], &[1900], 190, 2);
}

#[test]
fn g5_test_replica_calc_missing_metrics_no_change_lt() {
    g5(2, 100, &[1000; 2], &[], &[600], 60, 2);
}

// ---- further cases of replica_calculator_test.go ------------------------------------------

#[test]
fn d4_test_replica_calc_scale_up_hot_cpu_less_scale() {
    g5(
        3,
        30,
        &[1000; 3],
        &[Hot, Cool, Cool],
        &[300, 500, 700],
        60,
        4,
    );
}

#[test]
fn d4_test_replica_calc_scale_hot_cpu_no_scale() {
    g5(
        3,
        30,
        &[1000; 3],
        &[Cool, HotUnready, HotUnready],
        &[400, 500, 700],
        40,
        3,
    );
}

#[test]
fn d4_test_replica_calc_scale_up_ignores_deletion_pods() {
    g5(
        2,
        30,
        &[1000; 4],
        &[Cool, Cool, Deleting, Deleting],
        &[500, 700],
        60,
        4,
    );
}

#[test]
fn d4_test_replica_calc_scale_down_exclude_unscheduled_pods() {
    g5(
        5,
        50,
        &[1000; 5],
        &[Cool, Pending, Pending, Pending, Pending],
        &[100],
        10,
        1,
    );
}

#[test]
fn d4_test_replica_calc_scale_down_ignore_hot_cpu_pods() {
    g5(
        5,
        50,
        &[1000; 5],
        &[Cool, Cool, Cool, Hot, Hot],
        &[100, 300, 500, 250, 250],
        30,
        2,
    );
}

#[test]
fn d4_test_replica_calc_scale_down_ignores_deletion_pods() {
    g5(
        5,
        50,
        &[1000; 7],
        &[Cool, Cool, Cool, Cool, Cool, Deleting, Deleting],
        &[100, 300, 500, 250, 250],
        28,
        3,
    );
}

#[test]
fn d4_test_replica_calc_missing_metrics_unready_change() {
    g5(
        3,
        50,
        &[1000; 3],
        &[Unready, Cool, Cool],
        &[100, 450],
        45,
        3,
    );
}

#[test]
fn d4_test_replica_calc_missing_metrics_hot_cpu_no_change() {
    g5(3, 50, &[1000; 3], &[Hot, Cool, Cool], &[100, 450], 45, 3);
}

#[test]
fn d4_test_replica_calc_missing_metrics_unready_scale_up() {
    g5(
        3,
        50,
        &[1000; 3],
        &[Unready, Cool, Cool],
        &[100, 2000],
        200,
        4,
    );
}

#[test]
fn d4_test_replica_calc_missing_metrics_hot_cpu_scale_up() {
    g5(
        3,
        50,
        &[1000; 3],
        &[HotUnready, Cool, Cool],
        &[100, 2000],
        200,
        4,
    );
}

#[test]
fn d4_test_replica_calc_missing_metrics_unready_scale_down() {
    g5(
        4,
        50,
        &[1000; 4],
        &[Unready, Cool, Cool, Cool],
        &[100, 100, 100],
        10,
        3,
    );
}

#[test]
fn d4_missing_pod_fallback_uses_target_above_100_percent() {
    // D4.5 (current upstream): a missing pod on a scale-down is assumed at max(100, target)%.
    // 2 pods, target 200%: ready pod at 100% (ratio 0.5); missing pod assumed at 200% →
    // (100 + 200) / 2 = 150% → ratio 0.75 → ceil(0.75 × 2) = 2: no scale-down.
    g5(2, 200, &[1000; 2], &[], &[1000], 100, 2);
    // The older rule (100% of request) would give (100 + 100) / 2 = 100% → 0.5 → 1.
    let (pods, metrics) = cpu_case(&[1000; 2], &[], &[1000]);
    let mut hpa = HpaController::new(HpaParams {
        missing_pod_fallback: scaleout_core::kubernetes::hpa::MissingPodFallback::FullRequest,
        ..HpaParams::upstream_testing()
    });
    let d = hpa
        .sync(
            NOW,
            &spec(cpu(200)),
            &SyncInput {
                scale: ScaleTarget {
                    spec_replicas: 2,
                    status_replicas: 2,
                },
                pods: &pods,
                metrics: &metrics,
            },
        )
        .expect("valid");
    assert_eq!(d.metrics[0].proposal, 1);
}

#[test]
fn d4_test_replica_calc_empty_metrics_is_failed_get_resource_metric() {
    let (pods, _) = cpu_case(&[1000; 3], &[], &[]);
    let d = run(4, &spec(cpu(100)), &pods, &MetricsSnapshot::default());
    assert!(!d.rescale);
    assert_eq!(d.desired_replicas, 4);
    assert_eq!(d.events[0].kind, EventType::Warning);
    assert_eq!(d.events[0].reason, "FailedGetResourceMetric");
    assert_eq!(
        d.events[0].message,
        "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API"
    );
    assert_eq!(d.events[1].reason, "FailedComputeMetricsReplicas");
    assert!(d.events[1].message.starts_with("invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: "));
    let active = d
        .conditions
        .iter()
        .find(|c| c.kind == ConditionType::ScalingActive)
        .expect("condition");
    assert!(!active.status);
    assert_eq!(active.reason, "FailedGetResourceMetric");
    assert!(active
        .message
        .starts_with("the HPA was unable to compute the replica count: "));
}

#[test]
fn d4_test_replica_calc_empty_cpu_request() {
    let pods = vec![pod(0, None, Cool)];
    let metrics = MetricsSnapshot {
        cpu: Some(vec![sample(0, 200)]),
        ..MetricsSnapshot::default()
    };
    let d = run(1, &spec(cpu(100)), &pods, &metrics);
    assert!(d.events[0]
        .message
        .contains("missing request for cpu in container container-0 of Pod test-pod-0"));
}

#[test]
fn d4_test_replica_calc_disjoint_resources_metrics() {
    let pods = vec![pod(0, Some(1000), Cool)];
    let metrics = MetricsSnapshot {
        cpu: Some(vec![PodSample {
            pod: "an-older-pod-name".into(),
            value_milli: 100,
            timestamp_ms: NOW,
            window_ms: 60_000,
        }]),
        ..MetricsSnapshot::default()
    };
    let d = run(1, &spec(cpu(100)), &pods, &metrics);
    // Our pod has no sample: it is missing, and no ready pod is left.
    assert_eq!(d.events[0].reason, "FailedGetResourceMetric");
    assert!(d.events[0]
        .message
        .contains("did not receive metrics for targeted pods"));
}

fn custom(current: i32, states: &[State], levels: &[i64], target: i64) -> HpaDecision {
    let pods: Vec<PodInfo> = (0..current as usize)
        .map(|i| pod(i, Some(1000), states.get(i).copied().unwrap_or(Cool)))
        .collect();
    let samples = levels
        .iter()
        .enumerate()
        .map(|(i, l)| PodSample {
            pod: format!("test-pod-{i}"),
            value_milli: *l,
            timestamp_ms: NOW,
            window_ms: 60_000,
        })
        .collect();
    let metrics = MetricsSnapshot {
        pods: vec![("qps".into(), samples)],
        ..MetricsSnapshot::default()
    };
    let s = spec(MetricSpec::Pods {
        metric: "qps".into(),
        target: MetricTarget::AverageValue(target),
    });
    run(current, &s, &pods, &metrics)
}

#[test]
fn d4_test_replica_calc_scale_up_cm() {
    let d = custom(3, &[], &[20000, 10000, 30000], 15000);
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (4, 20000)
    );
    assert_eq!(d.reason, "pods metric qps above target");
}

#[test]
fn d4_test_replica_calc_scale_up_cm_unready_hot_cpu_no_less_scale() {
    // Readiness rules are CPU-only: pods metrics count every running pod.
    let d = custom(3, &[Cool, Cool, HotUnready], &[50000, 10000, 30000], 15000);
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (6, 30000)
    );
}

#[test]
fn d4_test_replica_calc_scale_up_cm_unready_hot_cpu_scale_would_scale_down() {
    let d = custom(
        3,
        &[HotUnready, Cool, HotUnready],
        &[50000, 15000, 30000],
        15000,
    );
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (7, 31666)
    );
    // D5: the legacy scale-up limit max(2 x 3, 4) = 6 then caps the calculator's 7.
    assert_eq!(d.desired_replicas, 6);
}

#[test]
fn d4_test_replica_calc_scale_up_cm_external_as_pods_metric() {
    let d = custom(1, &[], &[8600], 4400);
    assert_eq!(d.metrics[0].proposal, 2);
}

#[test]
fn d4_test_replica_calc_scale_down_cm() {
    let d = custom(5, &[], &[12000; 5], 20000);
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (3, 12000)
    );
}

#[test]
fn d4_test_replica_calc_tolerance_cm() {
    let d = custom(3, &[], &[20000, 21000, 21000], 20000);
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (3, 20666)
    );
}

fn single(
    current: i32,
    states: &[State],
    spec_metric: MetricSpec,
    metrics: MetricsSnapshot,
) -> HpaDecision {
    let pods: Vec<PodInfo> = (0..current as usize)
        .map(|i| pod(i, Some(1000), states.get(i).copied().unwrap_or(Cool)))
        .collect();
    run(current, &spec(spec_metric), &pods, &metrics)
}

fn object(target: MetricTarget) -> MetricSpec {
    MetricSpec::Object {
        kind: "Deployment".into(),
        metric: "qps".into(),
        target,
    }
}

fn object_value(v: i64) -> MetricsSnapshot {
    MetricsSnapshot {
        object: vec![("qps".into(), v)],
        ..MetricsSnapshot::default()
    }
}

fn external(target: MetricTarget) -> MetricSpec {
    MetricSpec::External {
        metric: "qps".into(),
        selector: Some(vec![("label".into(), "value".into())]),
        target,
    }
}

fn external_value(v: i64) -> MetricsSnapshot {
    MetricsSnapshot {
        external: vec![("qps".into(), vec![v])],
        ..MetricsSnapshot::default()
    }
}

#[test]
fn d4_test_replica_calc_scale_up_cm_object() {
    let d = single(
        3,
        &[],
        object(MetricTarget::Value(15000)),
        object_value(20000),
    );
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (4, 20000)
    );
    assert_eq!(d.reason, "Deployment metric qps above target");
}

#[test]
fn d4_test_replica_calc_scale_up_cm_per_pod_object() {
    let d = single(
        3,
        &[],
        object(MetricTarget::AverageValue(5000)),
        object_value(20000),
    );
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (4, 6667)
    );
}

#[test]
fn d4_test_replica_calc_scale_up_cm_object_ignores_unready_pods() {
    let d = single(
        3,
        &[Unready, Cool, Unready],
        object(MetricTarget::Value(10000)),
        object_value(50000),
    );
    assert_eq!(d.metrics[0].proposal, 5);
}

#[test]
fn d4_test_replica_calc_scale_down_cm_object() {
    let d = single(
        5,
        &[],
        object(MetricTarget::Value(20000)),
        object_value(12000),
    );
    assert_eq!(d.metrics[0].proposal, 3);
}

#[test]
fn d4_test_replica_calc_scale_down_per_pod_cm_object() {
    let d = single(
        5,
        &[],
        object(MetricTarget::AverageValue(2000)),
        object_value(6000),
    );
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (3, 1200)
    );
}

#[test]
fn d4_test_replica_calc_tolerance_cm_object() {
    let d = single(
        3,
        &[],
        object(MetricTarget::Value(20000)),
        object_value(20666),
    );
    assert_eq!(d.metrics[0].proposal, 3);
}

#[test]
fn d4_test_replica_calc_tolerance_per_pod_cm_object() {
    let d = single(
        4,
        &[],
        object(MetricTarget::AverageValue(5000)),
        object_value(20166),
    );
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (4, 5042)
    );
}

#[test]
fn d4_test_replica_calc_scale_up_cm_external_ignores_unready_pods() {
    let d = single(
        3,
        &[Unready, Cool, Unready],
        external(MetricTarget::Value(4400)),
        external_value(8600),
    );
    assert_eq!(d.metrics[0].proposal, 2);
}

#[test]
fn d4_test_replica_calc_scale_up_per_pod_cm_external() {
    let d = single(
        3,
        &[],
        external(MetricTarget::AverageValue(2150)),
        external_value(8600),
    );
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (4, 2867)
    );
    assert_eq!(
        d.reason,
        "external metric qps(&LabelSelector{MatchLabels:map[string]string{label: value,},MatchExpressions:[]LabelSelectorRequirement{},}) above target"
    );
}

#[test]
fn d4_test_replica_calc_scale_down_cm_external() {
    let d = single(
        5,
        &[],
        external(MetricTarget::Value(14334)),
        external_value(8600),
    );
    assert_eq!(d.metrics[0].proposal, 3);
}

#[test]
fn d4_test_replica_calc_scale_down_per_pod_cm_external() {
    let d = single(
        5,
        &[],
        external(MetricTarget::AverageValue(2867)),
        external_value(8600),
    );
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (3, 1720)
    );
}

#[test]
fn d4_test_replica_calc_tolerance_cm_external() {
    let d = single(
        3,
        &[],
        external(MetricTarget::Value(8888)),
        external_value(8600),
    );
    assert_eq!(d.metrics[0].proposal, 3);
}

#[test]
fn d4_test_replica_calc_tolerance_per_pod_cm_external() {
    let d = single(
        3,
        &[],
        external(MetricTarget::AverageValue(2900)),
        external_value(8600),
    );
    assert_eq!(
        (d.metrics[0].proposal, d.metrics[0].current_value_milli),
        (3, 2867)
    );
}

#[test]
fn d4_memory_utilization_uses_memory_requests_without_cpu_readiness_rules() {
    // Memory: an unready pod still counts (the readiness rules are CPU-only).
    let gi = 1024 * 1024 * 1024 * 1000i64; // 1 GiB in milli-bytes
    let mut pods = Vec::new();
    for i in 0..2 {
        let mut p = pod(i, None, if i == 0 { Unready } else { Cool });
        for c in &mut p.containers {
            c.requests.memory_milli = Some(gi);
        }
        pods.push(p);
    }
    let metrics = MetricsSnapshot {
        memory: Some(vec![
            PodSample {
                pod: "test-pod-0".into(),
                value_milli: 2 * gi,
                timestamp_ms: NOW,
                window_ms: 60_000,
            },
            PodSample {
                pod: "test-pod-1".into(),
                value_milli: 2 * gi,
                timestamp_ms: NOW,
                window_ms: 60_000,
            },
        ]),
        ..MetricsSnapshot::default()
    };
    let s = spec(MetricSpec::Resource {
        name: ResourceName::Memory,
        target: MetricTarget::Utilization(50),
    });
    let d = run(2, &s, &pods, &metrics);
    assert_eq!(d.metrics[0].current_average_utilization, Some(100));
    assert_eq!(d.desired_replicas, 4);
    assert_eq!(
        d.reason,
        "memory resource utilization (percentage of request) above target"
    );
}

// ---- D3: pre-checks and several metrics -----------------------------------------------------

#[test]
fn d3_largest_proposal_wins_across_metrics() {
    let (pods, mut metrics) = cpu_case(&[1000; 3], &[], &[300, 300, 300]); // 30%: within 30% target
    metrics.pods = vec![(
        "qps".into(),
        (0..3)
            .map(|i| PodSample {
                pod: format!("test-pod-{i}"),
                value_milli: 30000,
                timestamp_ms: NOW,
                window_ms: 60_000,
            })
            .collect(),
    )];
    let s = HpaSpec {
        min_replicas: Some(1),
        max_replicas: 100,
        metrics: vec![
            cpu(30),
            MetricSpec::Pods {
                metric: "qps".into(),
                target: MetricTarget::AverageValue(15000),
            },
        ],
        behavior: None,
    };
    let d = run(3, &s, &pods, &metrics);
    assert_eq!(d.desired_replicas, 6);
    assert_eq!(d.reason, "pods metric qps above target");
    let active = d
        .conditions
        .iter()
        .find(|c| c.kind == ConditionType::ScalingActive)
        .expect("cond");
    assert_eq!(
        active.message,
        "the HPA was able to successfully calculate a replica count from pods metric qps"
    );
}

#[test]
fn d3_scaling_disabled_when_target_at_zero() {
    let (pods, metrics) = cpu_case(&[1000; 1], &[], &[900]);
    let d = run(0, &spec(cpu(50)), &pods, &metrics);
    assert!(!d.rescale);
    let active = d
        .conditions
        .iter()
        .find(|c| c.kind == ConditionType::ScalingActive)
        .expect("cond");
    assert_eq!(
        (active.status, active.reason.as_str()),
        (false, "ScalingDisabled")
    );
}

#[test]
fn d3_current_above_max_goes_to_max() {
    let (pods, metrics) = cpu_case(&[1000; 12], &[], &[900; 12]);
    let mut s = spec(cpu(50));
    s.max_replicas = 10;
    let d = run(12, &s, &pods, &metrics);
    assert_eq!(d.desired_replicas, 10);
    assert_eq!(
        d.events[0].message,
        "New size: 10; reason: Current number of replicas above Spec.MaxReplicas"
    );
}

#[test]
fn d3_current_below_min_goes_to_min() {
    let (pods, metrics) = cpu_case(&[1000; 1], &[], &[10]);
    let mut s = spec(cpu(50));
    s.min_replicas = Some(3);
    let d = run(1, &s, &pods, &metrics);
    assert_eq!(d.desired_replicas, 3);
    assert_eq!(
        d.reason,
        "Current number of replicas below Spec.MinReplicas"
    );
}

#[test]
fn d2_no_metrics_means_cpu_80_percent() {
    let (pods, metrics) = cpu_case(&[1000; 2], &[], &[1000, 1000]); // 100% vs 80% → ceil(1.25×2)=3
    let mut s = spec(cpu(1));
    s.metrics.clear();
    let d = run(2, &s, &pods, &metrics);
    assert_eq!(d.desired_replicas, 3);
}

#[test]
fn d2_validation_messages_name_the_field() {
    let mut s = spec(cpu(50));
    s.min_replicas = Some(5);
    s.max_replicas = 3;
    let mut hpa = HpaController::new(HpaParams::default());
    let err = hpa
        .sync(
            0,
            &s,
            &SyncInput {
                scale: ScaleTarget {
                    spec_replicas: 1,
                    status_replicas: 1,
                },
                pods: &[],
                metrics: &MetricsSnapshot::default(),
            },
        )
        .expect_err("invalid");
    assert_eq!(
        err,
        vec![
            "spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`"
                .to_string()
        ]
    );
}

// ---- D5: legacy normalization (no behavior) -------------------------------------------------

/// Drives one controller through a sequence of (time s, current replicas, CPU usage per pod %)
/// with `replicas` pods at 1000m request; returns desired after each sync.
fn drive(spec: &HpaSpec, steps: &[(u64, i32, i64)]) -> Vec<i32> {
    let mut hpa = HpaController::new(HpaParams::upstream_testing());
    let mut out = Vec::new();
    for &(t, current, usage_pct) in steps {
        let n = current.max(1) as usize;
        let (pods, metrics) = cpu_case(&vec![1000; n], &[], &vec![usage_pct * 10; n]);
        let d = hpa
            .sync(
                NOW + t * 1000,
                spec,
                &SyncInput {
                    scale: ScaleTarget {
                        spec_replicas: current,
                        status_replicas: current,
                    },
                    pods: &pods,
                    metrics: &metrics,
                },
            )
            .expect("valid");
        out.push(d.desired_replicas);
    }
    out
}

#[test]
fn d5_legacy_scale_up_limit_is_max_of_double_and_four() {
    // 1 pod at 1000% of a 10% target → wants 100; limit max(2×1, 4) = 4.
    let s = spec(cpu(10));
    let mut hpa = HpaController::new(HpaParams::upstream_testing());
    let (pods, metrics) = cpu_case(&[1000], &[], &[1000]);
    let d = hpa
        .sync(
            NOW,
            &s,
            &SyncInput {
                scale: ScaleTarget {
                    spec_replicas: 1,
                    status_replicas: 1,
                },
                pods: &pods,
                metrics: &metrics,
            },
        )
        .expect("valid");
    assert_eq!(d.desired_replicas, 4);
    let limited = d
        .conditions
        .iter()
        .find(|c| c.kind == ConditionType::ScalingLimited)
        .expect("cond");
    assert_eq!(
        (limited.status, limited.reason.as_str()),
        (true, "ScaleUpLimit")
    );
    // From 10 the limit is 20.
    assert_eq!(
        scaleout_core::kubernetes::hpa::legacy_scale_up_limit(10),
        20
    );
}

#[test]
fn d5_legacy_downscale_stabilization_holds_highest_recommendation_for_5_minutes() {
    let s = spec(cpu(50));
    // t=0: 4 pods at 100% → 8. Then at 4 pods... keep the current at 8 and drop load to 10%.
    let got = drive(
        &s,
        &[
            (0, 4, 100),
            (15, 8, 10),
            (150, 8, 10),
            (299, 8, 10),
            (300, 8, 10),
            (315, 8, 10),
        ],
    );
    // 10% of 50% → ratio 0.2 → ceil(1.6) = 2, but the 8 recommended at t=0 holds through t=300
    // (a sample exactly at the cutoff still counts), and is gone at t=315.
    assert_eq!(got, vec![8, 8, 8, 8, 8, 2]);
}

#[test]
fn d5_legacy_stabilized_condition_reason() {
    let s = spec(cpu(50));
    let mut hpa = HpaController::new(HpaParams::upstream_testing());
    for (t, cur, usage) in [(0u64, 4, 100i64), (15, 8, 10)] {
        let (pods, metrics) = cpu_case(
            &vec![1000; cur as usize],
            &[],
            &vec![usage * 10; cur as usize],
        );
        let d = hpa
            .sync(
                NOW + t * 1000,
                &s,
                &SyncInput {
                    scale: ScaleTarget {
                        spec_replicas: cur,
                        status_replicas: cur,
                    },
                    pods: &pods,
                    metrics: &metrics,
                },
            )
            .expect("valid");
        if t == 15 {
            let able = d
                .conditions
                .iter()
                .find(|c| c.kind == ConditionType::AbleToScale)
                .expect("cond");
            assert_eq!(able.reason, "ScaleDownStabilized");
            assert!(!d.rescale);
        }
    }
}

#[test]
fn d5_legacy_clamps_to_min_with_too_few_replicas() {
    let mut s = spec(cpu(50));
    s.min_replicas = Some(3);
    // The first sync's recorded current count (5) holds for the window; then min 3 applies.
    let got = drive(&s, &[(0, 5, 1), (301, 5, 1)]);
    assert_eq!(got, vec![5, 3]);
}

#[test]
fn d5_new_hpa_records_current_replicas_and_holds_scale_down_for_the_window() {
    let s = spec(cpu(50));
    let mut hpa = HpaController::new(HpaParams::upstream_testing());
    let mut out = Vec::new();
    for t in [0u64, 300, 301] {
        let (pods, metrics) = cpu_case(&[1000; 5], &[], &[100, 300, 500, 250, 250]);
        let d = hpa
            .sync(
                NOW + t * 1000,
                &s,
                &SyncInput {
                    scale: ScaleTarget {
                        spec_replicas: 5,
                        status_replicas: 5,
                    },
                    pods: &pods,
                    metrics: &metrics,
                },
            )
            .expect("valid");
        out.push((d.desired_replicas, d.reason.clone()));
    }
    assert_eq!(
        out,
        vec![
            (5, String::new()),
            (5, String::new()),
            (3, "All metrics below target".to_string())
        ]
    );
}

// ---- D6: behavior path -------------------------------------------------------------------------

fn behavior_spec(up: Option<ScalingRules>, down: Option<ScalingRules>) -> HpaSpec {
    HpaSpec {
        min_replicas: Some(1),
        max_replicas: 1000,
        metrics: vec![cpu(50)],
        behavior: Some(Behavior {
            scale_up: up,
            scale_down: down,
        }),
    }
}

fn policy(kind: PolicyType, value: i32, period_seconds: i32) -> ScalingPolicy {
    ScalingPolicy {
        kind,
        value,
        period_seconds,
    }
}

#[test]
fn d6_default_scale_up_is_max_of_4_pods_or_100_percent_per_15s() {
    let s = behavior_spec(None, None);
    // 1 pod at 1000% of 50% → wants 20. Max(1+4, ceil(1×2)) = 5.
    assert_eq!(drive(&s, &[(0, 1, 1000)]), vec![5]);
    // 10 pods wanting 200 → Max(14, 20) = 20.
    assert_eq!(drive(&s, &[(0, 10, 1000)]), vec![20]);
}

#[test]
fn d6_scale_up_events_within_period_count_against_the_policy() {
    let s = behavior_spec(
        Some(ScalingRules {
            policies: Some(vec![policy(PolicyType::Pods, 2, 60)]),
            ..ScalingRules::default()
        }),
        None,
    );
    // t=0: 2 → 4 (2 pods / 60 s). t=15: still inside 60 s: period start = 4 - 2 = 2 → limit 4.
    // t=61: the event aged out → 6.
    assert_eq!(
        drive(&s, &[(0, 2, 1000), (15, 4, 1000), (61, 4, 1000)]),
        vec![4, 4, 6]
    );
}

#[test]
fn d6_select_policy_min_takes_the_smaller_change() {
    let rules = ScalingRules {
        select_policy: Some(SelectPolicy::Min),
        policies: Some(vec![
            policy(PolicyType::Pods, 4, 15),
            policy(PolicyType::Percent, 100, 15),
        ]),
        ..ScalingRules::default()
    };
    let s = behavior_spec(Some(rules), None);
    // 10 → Min(14, 20) = 14.
    assert_eq!(drive(&s, &[(0, 10, 1000)]), vec![14]);
}

#[test]
fn d6_select_policy_disabled_freezes_that_direction() {
    let up = ScalingRules {
        select_policy: Some(SelectPolicy::Disabled),
        ..ScalingRules::default()
    };
    let s = behavior_spec(Some(up), None);
    assert_eq!(drive(&s, &[(0, 3, 1000)]), vec![3]);
    let down = ScalingRules {
        select_policy: Some(SelectPolicy::Disabled),
        stabilization_window_seconds: Some(0),
        ..ScalingRules::default()
    };
    let s = behavior_spec(None, Some(down));
    assert_eq!(drive(&s, &[(0, 8, 1)]), vec![8]);
}

#[test]
fn d6_scale_down_percent_truncates() {
    let down = ScalingRules {
        stabilization_window_seconds: Some(0),
        policies: Some(vec![policy(PolicyType::Percent, 10, 60)]),
        ..ScalingRules::default()
    };
    let s = behavior_spec(None, Some(down));
    // 15 pods idle: limit = int(15 × 0.9) = int(13.5) = 13. Then within 60 s: period start
    // 13 + 2 = 15 → 13 again → stays at 13.
    assert_eq!(drive(&s, &[(0, 15, 1), (15, 13, 1)]), vec![13, 13]);
}

#[test]
fn d6_scale_up_percent_rounds_up() {
    let up = ScalingRules {
        policies: Some(vec![policy(PolicyType::Percent, 10, 60)]),
        ..ScalingRules::default()
    };
    let s = behavior_spec(Some(up), None);
    // 3 pods: ceil(3 × 1.1) = ceil(3.3) = 4 (a small percentage still adds a pod).
    assert_eq!(drive(&s, &[(0, 3, 1000)]), vec![4]);
}

#[test]
fn d6_default_scale_down_window_is_300s_and_excludes_the_cutoff_sample() {
    let s = behavior_spec(None, None);
    // t=0 recommends 8 at current 4 (scale up, default policy → 8). Then idle at 8.
    let got = drive(&s, &[(0, 4, 100), (15, 8, 10), (299, 8, 10), (300, 8, 10)]);
    // At t=300 the t=0 sample sits exactly on the cutoff and no longer counts (After(cutoff));
    // the t=15 and t=299 samples are 2 (idle) → scale to 2 (100% per 15 s allows it).
    assert_eq!(got, vec![8, 8, 8, 2]);
}

#[test]
fn d6_scale_up_stabilization_window_takes_lowest_recent() {
    let up = ScalingRules {
        stabilization_window_seconds: Some(60),
        ..ScalingRules::default()
    };
    let s = behavior_spec(Some(up), None);
    // t=0 at 4 pods, 50% of 50% → 4 (no change recorded as 4). t=15: load spikes → wants 8,
    // but the lowest recommendation of the last 60 s is 4 → hold. t=61: the 4 aged out → 8.
    let got = drive(&s, &[(0, 4, 50), (15, 4, 100), (30, 4, 100), (61, 4, 100)]);
    assert_eq!(got, vec![4, 4, 4, 8]);
}

#[test]
fn d6_scale_up_stabilized_condition() {
    let up = ScalingRules {
        stabilization_window_seconds: Some(60),
        ..ScalingRules::default()
    };
    let s = behavior_spec(Some(up), None);
    let mut hpa = HpaController::new(HpaParams::upstream_testing());
    let mut last = None;
    for (t, usage) in [(0u64, 50i64), (15, 100)] {
        let (pods, metrics) = cpu_case(&[1000; 4], &[], &[usage * 10; 4]);
        last = Some(
            hpa.sync(
                NOW + t * 1000,
                &s,
                &SyncInput {
                    scale: ScaleTarget {
                        spec_replicas: 4,
                        status_replicas: 4,
                    },
                    pods: &pods,
                    metrics: &metrics,
                },
            )
            .expect("valid"),
        );
    }
    let d = last.expect("ran");
    let able = d
        .conditions
        .iter()
        .find(|c| c.kind == ConditionType::AbleToScale)
        .expect("cond");
    assert_eq!(able.reason, "ScaleUpStabilized");
    assert_eq!(able.message, "recent recommendations were lower than current one, applying the lowest recent recommendation");
}

#[test]
fn d6_rate_limit_reports_scale_up_limit_and_too_many_replicas() {
    let s = behavior_spec(None, None);
    let mut hpa = HpaController::new(HpaParams::upstream_testing());
    let (pods, metrics) = cpu_case(&[1000], &[], &[10000]);
    let d = hpa
        .sync(
            NOW,
            &s,
            &SyncInput {
                scale: ScaleTarget {
                    spec_replicas: 1,
                    status_replicas: 1,
                },
                pods: &pods,
                metrics: &metrics,
            },
        )
        .expect("valid");
    let limited = d
        .conditions
        .iter()
        .find(|c| c.kind == ConditionType::ScalingLimited)
        .expect("cond");
    assert_eq!(
        (limited.status, limited.reason.as_str()),
        (true, "ScaleUpLimit")
    );
    let mut s2 = behavior_spec(None, None);
    s2.max_replicas = 3;
    let mut hpa = HpaController::new(HpaParams::upstream_testing());
    let d = hpa
        .sync(
            NOW,
            &s2,
            &SyncInput {
                scale: ScaleTarget {
                    spec_replicas: 2,
                    status_replicas: 2,
                },
                pods: &pods,
                metrics: &metrics,
            },
        )
        .expect("valid");
    assert_eq!(d.desired_replicas, 3);
    let limited = d
        .conditions
        .iter()
        .find(|c| c.kind == ConditionType::ScalingLimited)
        .expect("cond");
    assert_eq!(limited.reason, "TooManyReplicas");
}

#[test]
fn d6_per_direction_tolerance() {
    // 3 pods at 54% of 50% = ratio 1.08: inside 0.1, outside a scale-up tolerance of 0.05.
    let up = ScalingRules {
        tolerance: Some(0.05),
        ..ScalingRules::default()
    };
    let s = behavior_spec(Some(up), None);
    assert_eq!(drive(&s, &[(0, 3, 54)]), vec![4]);
    assert_eq!(drive(&behavior_spec(None, None), &[(0, 3, 54)]), vec![3]);
}

#[test]
fn d1_sync_period_is_15_seconds() {
    let mut hpa = HpaController::new(HpaParams::default());
    assert!(hpa.is_due(0));
    let (pods, metrics) = cpu_case(&[1000], &[], &[500]);
    hpa.sync(
        0,
        &spec(cpu(50)),
        &SyncInput {
            scale: ScaleTarget {
                spec_replicas: 1,
                status_replicas: 1,
            },
            pods: &pods,
            metrics: &metrics,
        },
    )
    .expect("valid");
    assert!(!hpa.is_due(14_999));
    assert!(hpa.is_due(15_000));
}

#[test]
fn d_sync_is_deterministic() {
    let s = behavior_spec(None, None);
    let steps: Vec<(u64, i32, i64)> = (0..40)
        .map(|i| (i * 15, 1 + (i as i32 * 7) % 13, (i as i64 * 37) % 300))
        .collect();
    assert_eq!(drive(&s, &steps), drive(&s, &steps));
}

#[test]
fn d2_validation_of_targets_and_behavior_in_kubernetes_wording() {
    let s = HpaSpec {
        min_replicas: Some(0),
        max_replicas: 0,
        metrics: vec![
            MetricSpec::Resource {
                name: ResourceName::Cpu,
                target: MetricTarget::Utilization(0),
            },
            MetricSpec::Pods {
                metric: "qps".into(),
                target: MetricTarget::Utilization(50),
            },
            MetricSpec::Object {
                kind: "Ingress".into(),
                metric: "rps".into(),
                target: MetricTarget::Value(-500),
            },
        ],
        behavior: Some(Behavior {
            scale_up: Some(ScalingRules {
                stabilization_window_seconds: Some(3601),
                policies: Some(vec![]),
                ..ScalingRules::default()
            }),
            scale_down: Some(ScalingRules {
                policies: Some(vec![policy(PolicyType::Percent, 0, 1801)]),
                ..ScalingRules::default()
            }),
        }),
    };
    let errs = scaleout_core::kubernetes::hpa::validate(&s).expect_err("invalid");
    assert_eq!(
        errs,
        vec![
            "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
            "spec.maxReplicas: Invalid value: 0: must be greater than 0",
            "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
            "spec.metrics[1].pods.target.averageValue: Required value: must specify a positive target averageValue",
            "spec.metrics[2].object.target.value: Invalid value: \"-500m\": must be positive",
            "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600",
            "spec.behavior.scaleUp.policies: Required value: must specify at least one Policy",
            "spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero",
            "spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800",
        ]
    );
}

mod invariants {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// No input makes a sync panic: odd counts, zero or missing requests, huge values.
        #[test]
        fn d_sync_never_panics_on_odd_input(
            spec_replicas in any::<i32>(),
            status_replicas in any::<i32>(),
            max in 1i32..1000,
            reqs in proptest::collection::vec(proptest::option::of(0i64..i64::MAX / 4), 0..6),
            usage in proptest::collection::vec(any::<i64>(), 0..6),
            external in any::<i64>(),
            with_behavior in any::<bool>(),
        ) {
            let pods: Vec<PodInfo> = reqs.iter().enumerate().map(|(i, r)| pod(i, *r, if i % 3 == 1 { Unready } else { Cool })).collect();
            let metrics = MetricsSnapshot {
                cpu: Some(usage.iter().enumerate().map(|(i, u)| PodSample { pod: format!("test-pod-{i}"), value_milli: *u, timestamp_ms: NOW, window_ms: 60_000 }).collect()),
                external: vec![("q".into(), vec![external, external])],
                ..MetricsSnapshot::default()
            };
            let s = HpaSpec {
                min_replicas: Some(1),
                max_replicas: max,
                metrics: vec![cpu(50), MetricSpec::External { metric: "q".into(), selector: None, target: MetricTarget::AverageValue(1) }],
                behavior: if with_behavior { Some(Behavior::default()) } else { None },
            };
            let mut hpa = HpaController::new(HpaParams::default());
            for k in 0..3u64 {
                let r = hpa.sync(NOW + k * 15_000, &s, &SyncInput { scale: ScaleTarget { spec_replicas, status_replicas }, pods: &pods, metrics: &metrics });
                prop_assert!(r.is_ok());
            }
        }

        /// D3/D5/D6: whatever the load, a target with replicas ends within [min, max].
        #[test]
        fn d_desired_always_within_min_and_max(
            min in 1i32..5,
            extra in 0i32..20,
            with_behavior in any::<bool>(),
            steps in proptest::collection::vec((1i32..40, 0i64..400), 1..30),
        ) {
            let max = min + extra;
            let s = HpaSpec {
                min_replicas: Some(min),
                max_replicas: max,
                metrics: vec![cpu(50)],
                behavior: if with_behavior { Some(Behavior::default()) } else { None },
            };
            let mut hpa = HpaController::new(HpaParams::default());
            for (i, (current, usage)) in steps.into_iter().enumerate() {
                let n = current as usize;
                let (pods, metrics) = cpu_case(&vec![1000; n], &[], &vec![usage * 10; n]);
                let d = hpa
                    .sync(NOW + i as u64 * 15_000, &s, &SyncInput { scale: ScaleTarget { spec_replicas: current, status_replicas: current }, pods: &pods, metrics: &metrics })
                    .expect("valid");
                prop_assert!(d.desired_replicas >= min && d.desired_replicas <= max, "{} not in [{min}, {max}]", d.desired_replicas);
            }
        }
    }
}
