//! The stories of PRODUCT.md, one click each: a scenario and the moments of it worth pointing at
//! on the charts. The words (titles, explanations, the moments' labels, in every language) belong
//! to the faces that show them: the page keeps its own in `web/src/preset_text.rs`.

use crate::alarm::{ComparisonOperator, Statistic, TreatMissingData};
use crate::policy::adjustment::AdjustmentType;
use crate::policy::step::{MetricAggregationType, StepAdjustment};
use crate::scenario::{
    Action, AlarmSpec, DeliveryMethod, LoadPattern, LoadSpec, LoadStep, MetricName, PolicyKind,
    PolicySpec, Scenario, TimedAction,
};

/// A moment worth pointing at on the charts: when it happens in the run, and what happens (a
/// stable key the faces word: [`RELEASE`], [`LOAD_RISES`], [`SCALE_OUT`], ...).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Annotation {
    pub at_s: u64,
    pub what: &'static str,
}

/// A release starts (a deploy action of the scenario).
pub const RELEASE: &str = "release";
/// A second release starts.
pub const RELEASE_2: &str = "release-2";
/// The load pattern steps up (or a spike starts).
pub const LOAD_RISES: &str = "load-rises";
/// The spike ends.
pub const LOAD_FALLS: &str = "load-falls";
/// The group's desired capacity first goes up after the load rises or an alarm fires.
pub const SCALE_OUT: &str = "scale-out";
/// EKS: the HPA scales the Deployment up.
pub const HPA_SCALES_UP: &str = "hpa-scales-up";
/// EKS: the HPA scales the Deployment down.
pub const HPA_SCALES_DOWN: &str = "hpa-scales-down";
/// EKS: the load falls but the scale-down stabilization window holds the replicas.
pub const WINDOW_HOLDS: &str = "window-holds";
/// EKS: a commit to the Git repository Argo CD watches.
pub const GIT_COMMIT: &str = "git-commit";
/// EKS: a second commit.
pub const GIT_COMMIT_2: &str = "git-commit-2";
/// EKS: Argo CD syncs the commit.
pub const ARGOCD_SYNC: &str = "argocd-sync";
/// EKS: the rollout stalls and the Application turns Degraded.
pub const DEGRADED: &str = "degraded";
/// EKS: `kubectl rollout undo`.
pub const ROLLBACK: &str = "rollback";
/// EKS: the HPA and Argo CD start fighting over `replicas`.
pub const FIGHT: &str = "fight";
/// EKS: the commit that ends the fight.
pub const FIX_COMMIT: &str = "fix-commit";
/// EKS: pods stay Pending (FailedScheduling) and trigger the Cluster Autoscaler.
pub const PODS_PENDING: &str = "pods-pending";
/// EKS: the new nodes join the cluster.
pub const NODES_JOIN: &str = "nodes-join";
/// EKS: the Cluster Autoscaler removes unneeded nodes.
pub const NODES_REMOVED: &str = "nodes-removed";

/// ECS: UpdateService starts a deployment of a new task definition revision.
pub const ECS_DEPLOY: &str = "ecs-deploy";
/// ECS: a deployment's rolloutState turns COMPLETED (a rollback's too).
pub const DEPLOYMENT_COMPLETED: &str = "deployment-completed";
/// ECS: the deployment circuit breaker fails the deployment (rolloutState FAILED).
pub const CIRCUIT_BREAKER_TRIPS: &str = "circuit-breaker-trips";
/// ECS: service auto scaling raises the desired count.
pub const SERVICE_SCALES_OUT: &str = "service-scales-out";
/// ECS: service auto scaling lowers the desired count.
pub const SERVICE_SCALES_IN: &str = "service-scales-in";
/// ECS: tasks cannot be placed (no container instance has room) and wait in PROVISIONING.
pub const TASKS_WAIT_FOR_CAPACITY: &str = "tasks-wait-for-capacity";
/// ECS blue/green: the first shift of production traffic to the replacement task set.
pub const TRAFFIC_SHIFT: &str = "traffic-shift";
/// ECS blue/green: all production traffic on the replacement task set.
pub const TRAFFIC_SHIFT_DONE: &str = "traffic-shift-done";
/// ECS blue/green: the original task set's tasks stop after the termination wait.
pub const ORIGINAL_TASK_SET_DELETED: &str = "original-task-set-deleted";
/// ECS: an UpdateService action of the scenario sets the desired count.
pub const DESIRED_COUNT_SET: &str = "desired-count-set";

mod ecs;
mod eks;

#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable id used in `preset-select` and links.
    pub id: &'static str,
    pub annotations: Vec<Annotation>,
    pub scenario: Scenario,
}

fn note(at_s: u64, what: &'static str) -> Annotation {
    Annotation { at_s, what }
}

fn at(at_s: u64, action: Action) -> TimedAction {
    TimedAction {
        at_ms: at_s * 1000,
        action,
    }
}

fn deploy(at_s: u64, revision: &str) -> TimedAction {
    at(
        at_s,
        Action::Deploy {
            revision: revision.into(),
        },
    )
}

/// Steady 80 rps, then a step to `rps` at `at_s`.
fn load_step(at_s: u64, rps: f64) -> LoadSpec {
    LoadSpec {
        pattern: LoadPattern::Steps {
            steps: vec![
                LoadStep { at_s: 0, rps: 80.0 },
                LoadStep { at_s, rps },
                LoadStep {
                    at_s: at_s + 3600,
                    rps: 80.0,
                },
            ],
        },
        noise_pct: 3.0,
    }
}

fn base(name: &str, method: DeliveryMethod) -> Scenario {
    let mut s = Scenario::demo();
    s.name = name.into();
    s.horizon_s = 3 * 3600;
    s.delivery.method = method;
    s
}

/// All presets, in the order of the story.
pub fn all() -> Vec<Preset> {
    let mut all = vec![
        stale_code(),
        codedeploy_fixes(),
        user_data_broken(),
        scale_out_during_deployment(),
        broken_revision_loop(),
        memory_step_scaling(),
        target_vs_step(),
    ];
    // EKS's and ECS's stories decoded in one loop (one copy of it in the page, not one per
    // platform); a payload that no longer decodes leaves its preset out.
    let stories = eks::stories().into_iter().chain(ecs::stories());
    all.extend(stories.filter_map(|(id, payload, annotations)| {
        let scenario = crate::link::decode_bytes(payload).ok()?;
        Some(Preset {
            id,
            annotations,
            scenario,
        })
    }));
    all
}

/// A stored story: its id, its share-link payload bytes, its annotations.
type Story = (&'static str, &'static [u8], Vec<Annotation>);

/// The platform a preset's scenario runs on: EKS when it has a `kubernetes` section.
pub fn is_eks(p: &Preset) -> bool {
    p.scenario.kubernetes.is_some()
}

/// ECS when the preset's scenario has an `ecs` section.
pub fn is_ecs(p: &Preset) -> bool {
    p.scenario.ecs.is_some()
}

pub fn by_id(id: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.id == id)
}

fn stale_code() -> Preset {
    let mut s = base(
        "No automation: scale-out brings old code back",
        DeliveryMethod::NoAutomation,
    );
    s.load = load_step(1800, 500.0);
    s.actions = vec![deploy(300, "v2")];
    Preset {
        id: "stale-code",
        annotations: vec![note(300, RELEASE), note(1980, SCALE_OUT)],
        scenario: s,
    }
}

fn codedeploy_fixes() -> Preset {
    let mut s = base(
        "CodeDeploy deploys the last successful revision to new instances",
        DeliveryMethod::CodeDeploy,
    );
    s.load = load_step(1800, 500.0);
    s.actions = vec![deploy(300, "v2")];
    Preset {
        id: "codedeploy",
        annotations: vec![note(300, RELEASE), note(1980, SCALE_OUT)],
        scenario: s,
    }
}

fn user_data_broken() -> Preset {
    let mut s = base(
        "User data: a broken bootstrap still takes traffic",
        DeliveryMethod::UserData,
    );
    s.load = load_step(1800, 500.0);
    s.actions = vec![deploy(300, "v4-broken")];
    s.group.health_check_type = crate::scenario::HealthCheckType::ELB;
    Preset {
        id: "user-data",
        annotations: vec![note(300, RELEASE), note(1980, SCALE_OUT)],
        scenario: s,
    }
}

fn scale_out_during_deployment() -> Preset {
    let mut s = base("Scale-out during a deployment", DeliveryMethod::CodeDeploy);
    s.group.min_size = 4;
    for r in &mut s.delivery.revisions {
        r.event_s = 60;
    }
    s.load = load_step(900, 700.0);
    s.actions = vec![deploy(600, "v2")];
    Preset {
        id: "deploy-during-scale-out",
        annotations: vec![
            note(600, RELEASE),
            note(900, LOAD_RISES),
            note(1080, SCALE_OUT),
        ],
        scenario: s,
    }
}

fn broken_revision_loop() -> Preset {
    let mut s = base(
        "A broken last revision: launch, fail, terminate, repeat",
        DeliveryMethod::CodeDeploy,
    );
    s.load = load_step(1800, 400.0);
    s.actions = vec![deploy(300, "v2"), deploy(900, "v3-jdk11")];
    Preset {
        id: "jdk11-loop",
        annotations: vec![
            note(300, RELEASE),
            note(900, RELEASE_2),
            note(1980, SCALE_OUT),
        ],
        scenario: s,
    }
}

fn memory_step_scaling() -> Preset {
    let mut s = base(
        "Step scaling on a memory alarm (CloudWatch agent)",
        DeliveryMethod::CodeDeploy,
    );
    s.assumptions.mem_leak_pct_per_hour = 25.0;
    s.load.pattern = LoadPattern::Steady { rps: 120.0 };
    s.policies = vec![PolicySpec {
        name: "memory-step".into(),
        enabled: true,
        kind: PolicyKind::StepScaling {
            adjustment_type: AdjustmentType::ChangeInCapacity,
            step_adjustments: vec![
                StepAdjustment {
                    lower_bound: Some(0.0),
                    upper_bound: Some(15.0),
                    scaling_adjustment: 1,
                },
                StepAdjustment {
                    lower_bound: Some(15.0),
                    upper_bound: None,
                    scaling_adjustment: 2,
                },
            ],
            metric_aggregation_type: MetricAggregationType::Average,
            estimated_instance_warmup_s: Some(300),
            min_adjustment_magnitude: None,
        },
        group: None,
    }];
    s.alarms = vec![AlarmSpec {
        name: "mem-high".into(),
        metric: MetricName::mem_used_percent,
        statistic: Statistic::Average,
        period_s: 60,
        evaluation_periods: 3,
        datapoints_to_alarm: None,
        threshold: 70.0,
        comparison_operator: ComparisonOperator::GreaterThanOrEqualToThreshold,
        treat_missing_data: TreatMissingData::Missing,
        alarm_actions: vec!["memory-step".into()],
        group: None,
    }];
    Preset {
        id: "memory-step",
        annotations: vec![note(2400, SCALE_OUT)],
        scenario: s,
    }
}

fn target_vs_step() -> Preset {
    let mut s = base(
        "Target tracking and step scaling on a spike",
        DeliveryMethod::CodeDeploy,
    );
    s.load.pattern = LoadPattern::Spike {
        base_rps: 100.0,
        peak_rps: 900.0,
        at_s: 1200,
        duration_s: 1800,
    };
    s.policies.push(PolicySpec {
        name: "cpu-step".into(),
        enabled: true,
        kind: PolicyKind::StepScaling {
            adjustment_type: AdjustmentType::PercentChangeInCapacity,
            step_adjustments: vec![
                StepAdjustment {
                    lower_bound: Some(0.0),
                    upper_bound: Some(20.0),
                    scaling_adjustment: 50,
                },
                StepAdjustment {
                    lower_bound: Some(20.0),
                    upper_bound: None,
                    scaling_adjustment: 100,
                },
            ],
            metric_aggregation_type: MetricAggregationType::Average,
            estimated_instance_warmup_s: Some(120),
            min_adjustment_magnitude: Some(1),
        },
        group: None,
    });
    s.alarms = vec![AlarmSpec {
        name: "cpu-high".into(),
        metric: MetricName::CPUUtilization,
        statistic: Statistic::Average,
        period_s: 60,
        evaluation_periods: 2,
        datapoints_to_alarm: None,
        threshold: 70.0,
        comparison_operator: ComparisonOperator::GreaterThanOrEqualToThreshold,
        treat_missing_data: TreatMissingData::Missing,
        alarm_actions: vec!["cpu-step".into()],
        group: None,
    }];
    s.group.max_size = 20;
    Preset {
        id: "target-vs-step",
        annotations: vec![note(1200, LOAD_RISES), note(3000, LOAD_FALLS)],
        scenario: s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Sim, SimTime};

    #[test]
    fn every_preset_is_valid_and_runs() {
        for p in all() {
            let horizon = SimTime::from_secs(p.scenario.horizon_s);
            let mut sim = match Sim::new(p.scenario.clone()) {
                Ok(sim) => sim,
                Err(problems) => panic!("{}: {problems:?}", p.id),
            };
            sim.advance_to(horizon);
            assert!(!sim.samples().is_empty(), "{}", p.id);
        }
    }

    /// Each annotation sits at the moment of the event it names, as the simulator runs it.
    #[test]
    fn every_annotation_sits_at_its_event() {
        for p in all() {
            let mut sim = Sim::new(p.scenario.clone()).expect("valid");
            sim.advance_to(SimTime::from_secs(p.scenario.horizon_s));
            let outputs: Vec<crate::Output> = std::iter::from_fn(|| sim.poll_output()).collect();
            let eks = eks_moments(&p.scenario, &outputs);
            let ecs_moments = ecs::moments(&p.scenario, &outputs);
            let samples = sim.samples();
            let ecs_samples = sim.ecs_samples();
            // In an ECS scenario the load goes to the service's tasks (its own sample).
            let load_at = |t_s: u64| {
                let i = samples.iter().position(|s| s.t == SimTime::from_secs(t_s));
                match (i, ecs_samples.is_empty()) {
                    (Some(i), true) => samples[i].load_rps,
                    (Some(i), false) => ecs_samples.get(i).map_or(f64::NAN, |e| e.load_rps),
                    (None, _) => f64::NAN,
                }
            };
            let releases: Vec<u64> = p
                .scenario
                .actions
                .iter()
                .filter(|a| matches!(a.action, Action::Deploy { .. }))
                .map(|a| a.at_ms / 1000)
                .collect();
            let first_desired = samples.first().map_or(0, |s| s.desired);
            let scale_out = samples
                .iter()
                .find(|s| s.desired > first_desired)
                .map(|s| s.t.0 / 1000);
            for a in &p.annotations {
                let at = a.at_s;
                let ok = match a.what {
                    RELEASE => releases.first() == Some(&at),
                    RELEASE_2 => releases.get(1) == Some(&at),
                    LOAD_RISES => load_at(at + 120) > 1.5 * load_at(at - 60),
                    LOAD_FALLS => load_at(at + 120) * 1.5 < load_at(at - 60),
                    SCALE_OUT => scale_out == Some(at),
                    WINDOW_HOLDS => {
                        load_at(at + 120) * 1.5 < load_at(at - 60)
                            && !eks.near(HPA_SCALES_DOWN, at + 150, 150)
                    }
                    other => {
                        eks.near(other, at, 60)
                            || (ecs_moments.iter()).any(|(w, t)| *w == other && t.abs_diff(at) <= 5)
                    }
                };
                assert!(
                    ok,
                    "{}: {} at {at} s (scale-out at {scale_out:?})",
                    p.id, a.what
                );
            }
        }
    }

    /// When the EKS moments happen in a run: (moment key, seconds).
    struct EksMoments(Vec<(&'static str, u64)>);

    impl EksMoments {
        fn near(&self, what: &str, at: u64, within: u64) -> bool {
            self.0
                .iter()
                .any(|(w, t)| *w == what && t.abs_diff(at) <= within)
        }
    }

    fn eks_moments(s: &Scenario, outputs: &[crate::Output]) -> EksMoments {
        use crate::kubernetes::argocd::Health;
        use crate::kubernetes::KubeOutput as K;
        let mut m = Vec::new();
        let commits = s.kubernetes.as_ref().and_then(|k| k.gitops.as_ref());
        for (i, c) in commits
            .map(|g| g.commits.as_slice())
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            m.push(([GIT_COMMIT, GIT_COMMIT_2][i.min(1)], c.at_s));
            if c.remove_replicas {
                m.push((FIX_COMMIT, c.at_s));
            }
        }
        for a in &s.actions {
            if matches!(
                a.action,
                Action::Kubectl(crate::scenario::KubectlAction::RolloutUndo { .. })
            ) {
                m.push((ROLLBACK, a.at_ms / 1000));
            }
        }
        let mut syncs = Vec::new();
        let mut rescales = Vec::new();
        for o in outputs {
            let crate::Output::Kubernetes(k) = o else {
                if let crate::Output::InstanceStateChanged { t, to, .. } = o {
                    if *to == crate::instance::LifecycleState::InService && t.0 > 0 {
                        m.push((NODES_JOIN, t.0 / 1000));
                    }
                }
                continue;
            };
            let t = k.t().0 / 1000;
            match k {
                K::HpaDecision {
                    rescale: true,
                    current_replicas,
                    desired_replicas,
                    ..
                } => {
                    rescales.push(t);
                    let up = desired_replicas > current_replicas;
                    m.push((if up { HPA_SCALES_UP } else { HPA_SCALES_DOWN }, t));
                }
                K::ArgoCdMessage { message, .. } if message.starts_with("Initiated") => {
                    syncs.push(t);
                    m.push((ARGOCD_SYNC, t));
                }
                K::ArgoCdStatus {
                    health: Health::Degraded,
                    ..
                } => m.push((DEGRADED, t)),
                K::Event { reason, .. } if reason == "FailedScheduling" => {
                    m.push((PODS_PENDING, t))
                }
                K::Event { reason, .. } if reason == "ScaleDown" => m.push((NODES_REMOVED, t)),
                _ => {}
            }
        }
        // The fight: a selfHeal sync right after an HPA rescale.
        for &r in &rescales {
            if syncs.iter().any(|&s| s >= r && s <= r + 10) {
                m.push((FIGHT, r));
            }
        }
        EksMoments(m)
    }

    #[test]
    fn stale_code_serves_v1_after_scale_out() {
        let p = by_id("stale-code").expect("preset");
        let mut sim = Sim::new(p.scenario).expect("valid");
        sim.advance_to(SimTime::from_secs(3000));
        let mix = sim
            .samples()
            .last()
            .map(|s| s.revisions.clone())
            .unwrap_or_default();
        assert!(mix.iter().any(|(l, n)| l == "v1" && *n > 0), "{mix:?}");
        assert!(mix.iter().any(|(l, n)| l == "v2" && *n > 0), "{mix:?}");
    }

    #[test]
    fn codedeploy_preset_converges_on_v2() {
        let p = by_id("codedeploy").expect("preset");
        let mut sim = Sim::new(p.scenario).expect("valid");
        sim.advance_to(SimTime::from_secs(3000));
        let mix = sim
            .samples()
            .last()
            .map(|s| s.revisions.clone())
            .unwrap_or_default();
        assert_eq!(mix.len(), 1, "{mix:?}");
        assert_eq!(mix[0].0, "v2");
        assert!(mix[0].1 > 2);
    }
}
