//! Prints how long the simulator takes on the two reference workloads. A benchmark,
//! not a test: it asserts nothing about time. Run with `cargo bench -p scaleout-core --bench sim`
//! (all of them), or name some: `cargo bench -p scaleout-core --bench sim -- a g`.
//!
//! (a) 24 h of a 100-instance group with target tracking under a noisy daily wave.
//! (b) 7 days of a 10,000-instance group.
//!
//! And the reproductions of "every input costs bounded work" (`tests/bounded_work.rs`), each
//! with its work counts (`Sim::work`):
//! (c) a burst of 20,000 launches (simple ExactCapacity policy), one hour;
//! (d) 2,100 alarms with a one-day period, 7 days;
//! (e) 11,500 CopyLaunchConfiguration actions;
//! (f) 6,500 Deploy actions on a 20,000-instance group.
//!
//! And the other platforms:
//! (g) EKS (`kubernetes::runtime`): 24 h of 1,000 pods on 100 nodes, the HPA syncing every 15 s under a daily wave.
//! (h) ECS (`ecs::runtime`): 24 h of an ECS service of 500 tasks on a capacity-provider group (managed scaling,
//!     a rolling deploy at noon), compared per simulated entity with (a).

use std::time::Instant;

use scaleout_core::scenario::{
    Action, AlarmSpec, InstanceType, LoadPattern, LoadSpec, TimedAction,
};
use scaleout_core::{Scenario, Sim, SimTime};

fn scenario(instances: u32, min_rps: f64, max_rps: f64) -> Scenario {
    let mut s = Scenario::demo();
    s.instance_types = vec![InstanceType::default()];
    s.group.min_size = instances / 2;
    s.group.max_size = instances * 2;
    s.group.desired_capacity = Some(instances);
    s.load = LoadSpec {
        pattern: LoadPattern::DailyWave {
            min_rps,
            max_rps,
            peak_hour: 14.0,
        },
        noise_pct: 10.0,
    };
    s
}

/// Returns the best time in ms and the peak of simulated entities (instances, plus tasks).
fn run(label: &str, s: Scenario, horizon: SimTime, repeats: u32) -> (f64, usize) {
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !only.is_empty() && !only.iter().any(|o| label.starts_with(&format!("({o})"))) {
        return (0.0, 0);
    }
    let mut best = f64::MAX;
    let mut samples = 0;
    let mut outputs = 0usize;
    let mut peak = 0usize;
    let mut work = None;
    for _ in 0..repeats {
        let start = Instant::now();
        let mut sim = match Sim::new(s.clone()) {
            Ok(sim) => sim,
            Err(p) => {
                eprintln!("{label}: invalid scenario: {p:?}");
                return (0.0, 0);
            }
        };
        // Advance hour by hour, draining outputs as a caller would.
        let mut t = SimTime::ZERO;
        outputs = 0;
        peak = 0;
        while t < horizon {
            t = t.plus_ms(3_600_000).min(horizon);
            sim.advance_to(t);
            while sim.poll_output().is_some() {
                outputs += 1;
            }
            let tasks = sim.ecs_view().map_or(0, |v| v.tasks.len());
            peak = peak.max(sim.instances().len() + tasks);
        }
        samples = sim.samples().len();
        best = best.min(start.elapsed().as_secs_f64());
        work = Some(sim.work());
    }
    let work = work.map_or(String::new(), |w| {
        format!(", {} events, {} steps", w.events, w.steps)
    });
    println!(
        "{label}: best of {repeats}: {:.1} ms ({samples} samples, {outputs} outputs, peak {peak} instances and tasks{work})",
        best * 1000.0
    );
    (best * 1000.0, peak)
}

/// (h): 500 tasks of 0.5 vCPU / 1 GiB on c5.xlarge container instances (8 per instance),
/// managed scaling at 100 %, a rolling deploy (maximumPercent 200) at noon.
fn ecs_scenario() -> Option<Scenario> {
    Scenario::from_json(
        r#"{"name": "bench ECS", "seed": 5, "horizon_s": 86400,
            "instance_types": [{"name": "c5.xlarge", "vcpu": 4, "memory_gib": 8.0, "price_per_hour": 0.17, "capacity_rps": 400.0}],
            "launch_templates": [{"id": "lt-0bench00000000001", "name": "ecs-lt", "default_version": 1,
                "versions": [{"image_id": "ami-0a1b2c3d4e5f60718", "instance_type": "c5.xlarge"}]}],
            "group": {"name": "ecs-asg", "launch": {"LaunchTemplate": {"name": "ecs-lt", "version": "$Default"}},
                "min_size": 1, "max_size": 200, "desired_capacity": 63,
                "availability_zones": ["us-east-1a", "us-east-1b", "us-east-1c"],
                "new_instances_protected_from_scale_in": true},
            "alarms": [], "policies": [],
            "load": {"pattern": {"DailyWave": {"min_rps": 15000.0, "max_rps": 40000.0, "peak_hour": 14.0}}, "noise_pct": 10.0},
            "delivery": {"method": "NoAutomation", "revisions": [{"label": "v1"}], "initial_revision": "v1"},
            "ecs": {
                "task_definitions": [
                    {"family": "web", "image": "web:1", "cpu_units": 512, "memory_mib": 1024},
                    {"family": "web", "image": "web:2", "cpu_units": 512, "memory_mib": 1024}],
                "service": {"name": "web", "task_definition": "web:1", "desired_count": 500, "target_group": "web-tg"},
                "capacity": {"CapacityProvider": {"name": "cp", "managed_scaling": {"target_capacity": 100, "instance_warmup_period_s": 120}}}},
            "actions": [{"at_ms": 43200000, "action": {"UpdateService": {"task_definition": "web:2"}}}]}"#,
    )
    .ok()
}

fn main() {
    // 100 instances at ~50% CPU on average: 100 rps capacity each.
    let (a_ms, a_peak) = run(
        "(a) 24 h, 100 instances, target tracking, noisy daily wave",
        scenario(100, 2_000.0, 8_000.0),
        SimTime::from_secs(86_400),
        5,
    );
    if let Some(s) = ecs_scenario() {
        let (h_ms, h_peak) = run(
            "(h) 24 h, ECS service of 500 tasks on a capacity-provider group, a rolling deploy",
            s,
            SimTime::from_secs(86_400),
            3,
        );
        if a_peak > 0 && h_peak > 0 {
            println!(
                "    per simulated entity and day: EC2 (a) {:.1} us per instance, ECS (h) {:.1} us per task or instance ({:.1}x)",
                a_ms * 1000.0 / a_peak as f64,
                h_ms * 1000.0 / h_peak as f64,
                (h_ms / h_peak as f64) / (a_ms / a_peak as f64)
            );
        }
    }
    run(
        "(b) 7 days, 10,000 instances",
        scenario(10_000, 300_000.0, 700_000.0),
        SimTime::from_secs(7 * 86_400),
        1,
    );

    let burst = Scenario::from_json(
        r#"{"group": {"min_size": 1, "max_size": 20000},
            "alarms": [{"name": "a", "threshold": 0, "treat_missing_data": "breaching", "alarm_actions": ["p"]}],
            "policies": [{"name": "p", "kind": {"SimpleScaling": {"adjustment_type": "ExactCapacity", "scaling_adjustment": 20000}}}]}"#,
    );
    if let Ok(s) = burst {
        run(
            "(c) burst of 20,000 launches, 1 h",
            s,
            SimTime::from_secs(3600),
            1,
        );
    }

    let mut s = Scenario::demo();
    s.policies.clear();
    s.alarms = (0..2100)
        .map(|i| AlarmSpec {
            name: format!("day-{i}"),
            period_s: 86_400,
            evaluation_periods: 1,
            threshold: f64::from(i % 100),
            ..AlarmSpec::default()
        })
        .collect();
    run(
        "(d) 2,100 one-day alarms, 7 days",
        s,
        SimTime::from_secs(7 * 86_400),
        1,
    );

    let copies = Scenario::from_json(
        r#"{"launch_configurations": [{"name": "web-lc", "image_id": "ami-0a1b2c3d4e5f60718", "instance_type": "t3.medium"}],
            "group": {"launch": {"LaunchConfiguration": {"name": "web-lc"}}}}"#,
    );
    if let Ok(mut s) = copies {
        s.actions = (0..11_500u64)
            .map(|i| TimedAction {
                at_ms: 1_000 + i,
                action: Action::CopyLaunchConfiguration {
                    image_id: None,
                    instance_type: None,
                },
            })
            .collect();
        run(
            "(e) 11,500 CopyLaunchConfiguration actions, 1 h",
            s,
            SimTime::from_secs(3600),
            1,
        );
    }

    let mut s = Scenario::demo();
    s.policies.clear();
    s.group.min_size = 20_000;
    s.group.max_size = 20_000;
    s.load = LoadSpec {
        pattern: LoadPattern::Steady { rps: 1_000_000.0 },
        noise_pct: 0.0,
    };
    s.actions = (0..6_500u64)
        .map(|i| TimedAction {
            at_ms: 20 * 60_000 + 1 + i,
            action: Action::Deploy {
                revision: "v2".into(),
            },
        })
        .collect();
    run(
        "(f) 6,500 Deploy actions on 20,000 instances, 1 h",
        s,
        SimTime::from_secs(3600),
        1,
    );

    run(
        "(g) EKS 24 h, 1,000 pods on 100 nodes, HPA every 15 s",
        eks_thousand_pods(),
        SimTime::from_secs(86_400),
        1,
    );
}

/// 100 m5.large nodes (19 pods of 100m each fit one), a Deployment of 1,000 pods and an HPA
/// (500 to 1,500 at 50% CPU) under a daily wave around what 1,000 pods serve at target.
fn eks_thousand_pods() -> Scenario {
    use scaleout_core::scenario::{DeploymentInput, HpaInput, KubernetesSpec, NodeGroupInput};
    let mut s = scenario(100, 3_000.0, 7_000.0);
    s.policies.clear();
    s.group.min_size = 100;
    s.group.max_size = 100;
    s.group.desired_capacity = Some(100);
    s.instance_types = vec![InstanceType {
        name: "m5.large".into(),
        vcpu: 2,
        memory_gib: 8.0,
        price_per_hour: 0.096,
        capacity_rps: 500.0,
    }];
    for v in &mut s.launch_templates[0].versions {
        v.instance_type = Some("m5.large".into());
    }
    s.kubernetes = Some(KubernetesSpec {
        deployment: DeploymentInput {
            replicas: Some(1_000),
            cpu_request_milli: 100,
            memory_request_mib: 128,
            ..DeploymentInput::default()
        },
        hpa: Some(HpaInput {
            min_replicas: Some(500),
            max_replicas: 1_500,
            ..HpaInput::default()
        }),
        node_group: NodeGroupInput {
            max_pods: 29,
            ..NodeGroupInput::default()
        },
        ..KubernetesSpec::default()
    });
    s
}
