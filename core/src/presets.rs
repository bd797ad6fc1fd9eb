//! The stories of PRODUCT.md, one click each: a scenario, a title and a two-sentence
//! explanation in English and Korean, and timeline annotations for the charts.

use crate::alarm::{ComparisonOperator, Statistic, TreatMissingData};
use crate::policy::adjustment::AdjustmentType;
use crate::policy::step::{MetricAggregationType, StepAdjustment};
use crate::scenario::{
    Action, AlarmSpec, DeliveryMethod, LoadPattern, LoadSpec, LoadStep, MetricName, PolicyKind,
    PolicySpec, Scenario, TimedAction,
};

/// A moment worth pointing at on the charts.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub at_s: u64,
    pub en: &'static str,
    pub ko: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable id used in `preset-select` and links.
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_ko: &'static str,
    pub explain_en: &'static str,
    pub explain_ko: &'static str,
    pub annotations: Vec<Annotation>,
    pub scenario: Scenario,
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
    vec![
        stale_code(),
        codedeploy_fixes(),
        user_data_broken(),
        scale_out_during_deployment(),
        broken_revision_loop(),
        memory_step_scaling(),
        target_vs_step(),
    ]
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
        title_en: "Scale-out brings old code back",
        title_ko: "스케일 아웃이 옛 코드를 되살린다",
        explain_en: "v2 is copied to the two running servers by hand, but the AMI still bakes v1. When load rises, every new instance starts from the AMI and serves v1 again.",
        explain_ko: "v2를 실행 중인 두 서버에 손으로 배포했지만 AMI에는 여전히 v1이 들어 있습니다. 부하가 오르면 새 인스턴스는 모두 AMI에서 시작해 다시 v1을 서비스합니다.",
        annotations: vec![
            Annotation { at_s: 300, en: "v2 released by hand", ko: "v2 수동 배포" },
            Annotation { at_s: 1800, en: "load rises: scale-out", ko: "부하 증가: 스케일 아웃" },
        ],
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
        title_en: "CodeDeploy keeps new instances current",
        title_ko: "CodeDeploy가 새 인스턴스를 최신으로 유지한다",
        explain_en: "The same release goes out through CodeDeploy. Each instance launched by scale-out waits in Pending:Wait while CodeDeploy installs the last successful revision, v2, before it takes traffic.",
        explain_ko: "같은 릴리스를 CodeDeploy로 배포합니다. 스케일 아웃으로 뜬 인스턴스는 Pending:Wait에서 CodeDeploy가 마지막 성공 리비전 v2를 설치할 때까지 기다린 뒤 트래픽을 받습니다.",
        annotations: vec![
            Annotation { at_s: 300, en: "deploy v2 (CodeDeploy)", ko: "v2 배포 (CodeDeploy)" },
            Annotation { at_s: 1800, en: "scale-out: new instances get v2", ko: "스케일 아웃: 새 인스턴스에 v2" },
        ],
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
        title_en: "User data lets a broken server take traffic",
        title_ko: "유저 데이터는 고장 난 서버도 트래픽을 받게 둔다",
        explain_en: "New instances pull the latest artifact in a user-data script, and nothing checks whether it worked. Broken instances go InService and serve errors until the ELB health check catches them after the grace period.",
        explain_ko: "새 인스턴스는 유저 데이터 스크립트로 최신 아티팩트를 받지만 성공 여부를 아무도 확인하지 않습니다. 고장 난 인스턴스도 InService가 되어 유예 기간 뒤 ELB 헬스 체크에 걸릴 때까지 오류를 냅니다.",
        annotations: vec![
            Annotation { at_s: 300, en: "broken v4 published", ko: "고장 난 v4 게시" },
            Annotation { at_s: 1800, en: "scale-out: broken instances InService", ko: "스케일 아웃: 고장 난 인스턴스 InService" },
        ],
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
        title_en: "Scale-out during a deployment",
        title_ko: "배포 중 스케일 아웃",
        explain_en: "While v2 rolls out one instance at a time, load rises and new instances receive v1, the last successful revision. When v2 succeeds, CodeDeploy starts a follow-on deployment to update them (outdatedInstancesStrategy UPDATE).",
        explain_ko: "v2가 한 대씩 배포되는 동안 부하가 올라 새 인스턴스는 마지막 성공 리비전인 v1을 받습니다. v2가 성공하면 CodeDeploy가 후속 배포로 이들을 업데이트합니다 (outdatedInstancesStrategy UPDATE).",
        annotations: vec![
            Annotation { at_s: 600, en: "deploy v2, one at a time", ko: "v2 배포 (한 대씩)" },
            Annotation { at_s: 900, en: "load rises mid-deployment", ko: "배포 중 부하 증가" },
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
        title_en: "A broken last revision loops",
        title_ko: "깨진 마지막 리비전은 무한 루프를 만든다",
        explain_en: "v3 needs JDK 11; it succeeds on the long-lived fleet, where v2 installed JDK 11, and becomes the last successful revision. Every new instance boots from an AMI that still bakes JDK 1.8, fails at ApplicationStart, is abandoned and replaced, again and again.",
        explain_ko: "v3는 JDK 11이 필요합니다. v2가 JDK 11을 설치한 기존 서버에서는 성공해 마지막 성공 리비전이 됩니다. 새 인스턴스는 여전히 JDK 1.8을 굽는 AMI로 부팅해 ApplicationStart에서 실패하고, 버려지고, 다시 시작되기를 반복합니다.",
        annotations: vec![
            Annotation { at_s: 300, en: "v2 installs JDK 11", ko: "v2가 JDK 11 설치" },
            Annotation { at_s: 900, en: "v3 (needs JDK 11) succeeds on the fleet", ko: "v3(JDK 11 필요) 기존 서버에서 성공" },
            Annotation { at_s: 1800, en: "scale-out: launch/terminate loop", ko: "스케일 아웃: 시작/종료 루프" },
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
    }];
    Preset {
        id: "memory-step",
        title_en: "Step scaling on memory",
        title_ko: "메모리 기반 단계 조정",
        explain_en: "Memory is not an EC2 metric: the CloudWatch agent publishes mem_used_percent, and a step policy scales on its alarm. A slow leak raises memory on old instances, so the group grows while CPU stays flat.",
        explain_ko: "메모리는 EC2 지표가 아니라 CloudWatch 에이전트가 mem_used_percent로 보냅니다. 단계 조정 정책이 그 경보로 스케일합니다. 느린 누수로 오래된 인스턴스의 메모리가 오르면 CPU는 그대로인데 그룹이 커집니다.",
        annotations: vec![Annotation { at_s: 2400, en: "memory crosses 70%", ko: "메모리 70% 초과" }],
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
    }];
    s.group.max_size = 20;
    Preset {
        id: "target-vs-step",
        title_en: "Target tracking vs step scaling on a spike",
        title_ko: "급증 부하에서 대상 추적 vs 단계 조정",
        explain_en: "Both policies watch CPU during a sudden spike: target tracking waits for 3 datapoints above 50%, the step policy for 2 above 70%. When both fire, Auto Scaling takes the larger resulting capacity (A3.5).",
        explain_ko: "갑작스러운 급증에서 두 정책이 CPU를 봅니다. 대상 추적은 50% 초과 데이터 포인트 3개, 단계 조정은 70% 초과 2개를 기다립니다. 둘 다 실행되면 Auto Scaling은 더 큰 용량을 택합니다 (A3.5).",
        annotations: vec![
            Annotation { at_s: 1200, en: "spike", ko: "급증" },
            Annotation { at_s: 3000, en: "spike ends", ko: "급증 종료" },
        ],
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

#[cfg(test)]
mod annotation_timing {
    use super::*;
    use crate::{Output, Sim, SimTime};

    /// The first time an alarm of `p` goes to ALARM, in seconds.
    fn first_alarm_s(p: &Preset) -> Option<u64> {
        let mut sim = Sim::new(p.scenario.clone()).ok()?;
        sim.advance_to(SimTime::from_secs(p.scenario.horizon_s));
        std::iter::from_fn(|| sim.poll_output()).find_map(|o| match o {
            Output::AlarmStateChanged {
                t,
                to: crate::alarm::AlarmState::Alarm,
                ..
            } => Some(t.secs()),
            _ => None,
        })
    }

    #[test]
    fn the_memory_note_sits_where_the_alarm_fires() {
        let p = by_id("memory-step").expect("preset");
        let fired = first_alarm_s(&p).expect("the memory alarm fires");
        let note = p.annotations[0].at_s;
        assert!(
            note.abs_diff(fired) <= 60,
            "note at {note} s, alarm at {fired} s"
        );
    }
}
