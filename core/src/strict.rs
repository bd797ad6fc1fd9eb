//! Strict reading of scenario JSON, like AWS's own APIs: a field the scenario does not have is
//! an error with its JSON path and, when one is close, a "did you mean" suggestion, instead of
//! being ignored (so a misspelt `min_sise` cannot silently keep its default).
//!
//! The known field names are not a hand-kept list: they are learnt from the types themselves,
//! by serialising scenarios that use every field and every enum variant ([`known_fields`]).
//! The test `every_field_is_seen_with_a_value` fails if a new optional field is only ever seen
//! as `null` there (its inner fields would be unknown), and the variants are listed in
//! [`samples`], next to which a new variant must be added.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::codedeploy::config::{DeploymentConfig, MinimumHealthyHosts, MinimumHealthyHostsType};
use crate::codedeploy::lifecycle_events::LifecycleEvent;
use crate::policy::adjustment::AdjustmentType;
use crate::policy::step::{MetricAggregationType, StepAdjustment};
use crate::scenario::{
    Action, ApplicationInput, AutomatedInput, ClusterAutoscalerInput, DeploymentInput, GitCommit,
    GitOpsInput, HpaInput, HpaMetric, IgnoreDifferenceInput, KubectlAction, KubernetesSpec,
    LaunchConfiguration, LaunchSource, LaunchTemplateVersion, LifecycleHookSpec, LoadPattern,
    LoadStep, MetricName, PolicyKind, PolicySpec, RetryInput, RevisionFailure, RevisionSpec,
    Scenario, ScheduledActionSpec, TimedAction,
};
use crate::validate::Problem;

/// What is known about the values at one place in the JSON tree.
#[derive(Debug, Default)]
pub struct Node {
    /// Field names seen in objects here (and externally tagged enum variants).
    fields: BTreeMap<String, Node>,
    /// Unit enum variants seen here as strings; `{"FailInstance": null}` names one too.
    words: Vec<String>,
    /// What the elements of arrays here hold.
    items: Option<Box<Node>>,
    seen_object: bool,
    /// A non-null value was seen here (see the module docs).
    seen_value: bool,
}

impl Node {
    fn learn(&mut self, v: &Value) {
        if !v.is_null() {
            self.seen_value = true;
        }
        match v {
            Value::Object(m) => {
                self.seen_object = true;
                for (k, v) in m {
                    self.fields.entry(k.clone()).or_default().learn(v);
                }
            }
            Value::Array(a) => {
                let items = self.items.get_or_insert_with(Box::default);
                for e in a {
                    items.learn(e);
                }
            }
            Value::String(s) if !self.words.contains(s) => self.words.push(s.clone()),
            _ => {}
        }
    }

    fn check(&self, v: &Value, path: &str, out: &mut Vec<Problem>) {
        match v {
            Value::Object(m) if self.seen_object || !self.words.is_empty() => {
                for (k, v) in m {
                    let here = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    match self.fields.get(k) {
                        Some(n) => n.check(v, &here, out),
                        None if self.words.contains(k) => {}
                        None => out.push(Problem {
                            message: unknown_message(k, self.fields.keys().chain(&self.words)),
                            path: here,
                        }),
                    }
                }
            }
            Value::Array(a) => {
                if let Some(items) = &self.items {
                    for (i, e) in a.iter().enumerate() {
                        items.check(e, &format!("{path}[{i}]"), out);
                    }
                }
            }
            // Wrong types are serde's to report, with a line and column.
            _ => {}
        }
    }

    /// Paths whose only values seen were `null` (for the coverage test).
    #[cfg(test)]
    fn never_valued(&self, path: &str, out: &mut Vec<String>) {
        if !self.seen_value {
            out.push(path.to_string());
        }
        for (k, n) in &self.fields {
            n.never_valued(&format!("{path}.{k}"), out);
        }
        if let Some(items) = &self.items {
            items.never_valued(&format!("{path}[]"), out);
        }
    }
}

/// `Unknown field "min_sise". Did you mean "min_size"?` A name longer than any field name is
/// shown shortened, with no suggestion (the distance is not worth computing).
pub(crate) fn unknown_message<'a>(field: &str, known: impl Iterator<Item = &'a String>) -> String {
    const LONGEST: usize = 64;
    if field.chars().count() > LONGEST {
        let short: String = field.chars().take(LONGEST).collect();
        return format!("Unknown field \"{short}...\".");
    }
    let best = known
        .map(|k| (edit_distance(field, k), k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
        .min();
    match best {
        Some((_, k)) => format!("Unknown field \"{field}\". Did you mean \"{k}\"?"),
        None => format!("Unknown field \"{field}\"."),
    }
}

/// Levenshtein distance, case-insensitive (a field name is short: O(n x m) is nothing).
fn edit_distance(a: &str, b: &str) -> usize {
    // ASCII case folding: field names are ASCII (and full Unicode tables would weigh on the page).
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Scenarios that, together, use every field with a value and every enum variant.
fn samples() -> Vec<Scenario> {
    let mut s = Scenario::demo();
    s.launch_configurations = vec![LaunchConfiguration {
        key_name: Some("key".into()),
        user_data: Some("#!/bin/sh".into()),
        security_groups: vec!["sg-1".into()],
        ..LaunchConfiguration::default()
    }];
    s.launch_templates[0].versions = vec![LaunchTemplateVersion {
        key_name: Some("key".into()),
        user_data: Some("#!/bin/sh".into()),
        security_group_ids: vec!["sg-1".into()],
        ..LaunchTemplateVersion::default()
    }];
    s.group.desired_capacity = Some(2);
    s.group.default_instance_warmup_s = Some(60);
    s.group.lifecycle_hooks = vec![LifecycleHookSpec::default()];
    s.group.suspended_processes = vec![crate::scenario::ScalingProcess::AZRebalance];
    s.alarms = vec![crate::scenario::AlarmSpec {
        datapoints_to_alarm: Some(2),
        alarm_actions: vec!["p".into()],
        ..Default::default()
    }];
    let step = StepAdjustment {
        lower_bound: Some(0.0),
        upper_bound: Some(1.0),
        scaling_adjustment: 1,
    };
    s.policies = vec![
        PolicySpec {
            kind: PolicyKind::SimpleScaling {
                adjustment_type: AdjustmentType::ChangeInCapacity,
                scaling_adjustment: 1,
                cooldown_s: Some(1),
                min_adjustment_magnitude: Some(1),
            },
            ..PolicySpec::default()
        },
        PolicySpec {
            kind: PolicyKind::StepScaling {
                adjustment_type: AdjustmentType::ChangeInCapacity,
                step_adjustments: vec![step],
                metric_aggregation_type: MetricAggregationType::Average,
                estimated_instance_warmup_s: Some(1),
                min_adjustment_magnitude: Some(1),
            },
            ..PolicySpec::default()
        },
        PolicySpec {
            kind: PolicyKind::TargetTrackingScaling {
                metric: MetricName::CPUUtilization,
                target_value: 50.0,
                disable_scale_in: false,
                estimated_instance_warmup_s: Some(1),
            },
            ..PolicySpec::default()
        },
    ];
    s.scheduled_actions = vec![ScheduledActionSpec {
        start_s: Some(1),
        recurrence: Some("0 9 * * *".into()),
        end_s: Some(2),
        min_size: Some(1),
        max_size: Some(2),
        desired_capacity: Some(1),
        ..ScheduledActionSpec::default()
    }];
    let at = |action| TimedAction { at_ms: 0, action };
    s.actions = vec![
        at(Action::SetLoad { rps: Some(1.0) }),
        at(Action::SetDesiredCapacity { desired: 1 }),
        at(Action::UpdateGroupSize {
            min_size: Some(1),
            max_size: Some(1),
            desired_capacity: Some(1),
        }),
        at(Action::FailInstance),
        at(Action::Deploy {
            revision: "v1".into(),
        }),
        at(Action::ContinueDeployment),
        at(Action::CreateLaunchTemplateVersion {
            source_version: Some(1),
            image_id: Some("ami-1".into()),
            instance_type: Some("t3.medium".into()),
            set_default: true,
        }),
        at(Action::CopyLaunchConfiguration {
            image_id: Some("ami-1".into()),
            instance_type: Some("t3.medium".into()),
        }),
        at(Action::Kubectl(KubectlAction::Scale { replicas: 1 })),
        at(Action::Kubectl(KubectlAction::SetImage {
            image: "i".into(),
        })),
        at(Action::Kubectl(KubectlAction::RolloutUndo {
            to_revision: Some(1),
        })),
        at(Action::GitCommit(every_commit_field())),
        at(Action::ArgoCdSync { prune: true }),
    ];
    s.kubernetes = Some(every_kubernetes_field());
    s.assumptions.kubernetes.failing_images = vec!["i".into()];
    s.delivery.revisions = [
        RevisionFailure::None,
        RevisionFailure::AtEvent(LifecycleEvent::ApplicationStart),
        RevisionFailure::Probability(1.0),
        RevisionFailure::ServesErrors,
    ]
    .into_iter()
    .map(|failure| RevisionSpec {
        failure,
        requires: vec!["JDK 11".into()],
        installs: vec!["JDK 11".into()],
        ..RevisionSpec::default()
    })
    .collect();
    s.amis[0].baked_revision = Some("v1".into());
    let primary = Some(s.group.name.clone());
    s.alarms[0].group = primary.clone();
    for p in s.policies.iter_mut() {
        p.group = primary.clone();
    }
    s.scheduled_actions[0].group = primary;
    s.extra_groups = [
        crate::scenario::GroupLoad::ShareOfScenario { factor: 0.5 },
        crate::scenario::GroupLoad::Own {
            load: crate::scenario::LoadSpec::default(),
        },
    ]
    .into_iter()
    .enumerate()
    .map(|(i, load)| crate::scenario::ExtraGroup {
        group: crate::scenario::GroupSpec {
            name: format!("extra-{i}"),
            ..s.group.clone()
        },
        load,
    })
    .collect();
    s.ecs = Some(ecs_sample());
    s.actions.push(at(Action::RegisterTaskDefinition {
        definition: crate::scenario::TaskDefinitionSpec {
            health_check: Some(crate::scenario::ContainerHealthCheck::default()),
            ..crate::scenario::TaskDefinitionSpec::default()
        },
    }));
    s.actions.push(at(Action::UpdateService {
        task_definition: Some("web:1".into()),
        desired_count: Some(1),
    }));

    let mut out = vec![s.clone()];
    let mut fargate = s.clone();
    if let Some(e) = fargate.ecs.as_mut() {
        e.capacity = crate::scenario::EcsCapacity::FARGATE;
    }
    out.push(fargate);
    let mut lc = s.clone();
    lc.group.launch = LaunchSource::LaunchConfiguration { name: "lc".into() };
    out.push(lc);
    let mut disabled = s.clone();
    if let Some(up) = disabled
        .kubernetes
        .as_mut()
        .and_then(|k| k.hpa.as_mut())
        .and_then(|h| h.behavior.as_mut())
        .and_then(|b| b.scale_up.as_mut())
    {
        up.select_policy = Some(crate::kubernetes::hpa::SelectPolicy::Disabled);
    }
    out.push(disabled);
    for pattern in [
        LoadPattern::Ramp {
            from_rps: 1.0,
            to_rps: 2.0,
            start_s: 0,
            duration_s: 1,
        },
        LoadPattern::Spike {
            base_rps: 1.0,
            peak_rps: 2.0,
            at_s: 0,
            duration_s: 1,
        },
        LoadPattern::DailyWave {
            min_rps: 1.0,
            max_rps: 2.0,
            peak_hour: 1.0,
        },
        LoadPattern::Steps {
            steps: vec![LoadStep { at_s: 0, rps: 1.0 }],
        },
    ] {
        let mut v = s.clone();
        v.load.pattern = pattern;
        out.push(v);
    }
    for config in [
        DeploymentConfig::AllAtOnce,
        DeploymentConfig::HalfAtATime,
        DeploymentConfig::Custom {
            name: "c".into(),
            minimum_healthy_hosts: MinimumHealthyHosts {
                kind: MinimumHealthyHostsType::HOST_COUNT,
                value: 1,
            },
        },
    ] {
        let mut v = s.clone();
        v.delivery.deployment_config = config;
        out.push(v);
    }
    out
}

fn every_commit_field() -> GitCommit {
    GitCommit {
        image: Some("i".into()),
        cpu_request_milli: Some(1),
        memory_request_mib: Some(1),
        replicas: Some(1),
        hpa_min_replicas: Some(1),
        hpa_max_replicas: Some(1),
        hpa_target_cpu_utilization: Some(1),
        ..GitCommit::default()
    }
}

/// A `kubernetes` section with every optional field set and every variant of its enums.
fn every_kubernetes_field() -> KubernetesSpec {
    use crate::kubernetes::hpa::{
        Behavior, MetricTarget, PolicyType, ResourceName, ScalingPolicy, ScalingRules, SelectPolicy,
    };
    let rules = |select| ScalingRules {
        stabilization_window_seconds: Some(1),
        select_policy: Some(select),
        policies: Some(vec![
            ScalingPolicy {
                kind: PolicyType::Pods,
                value: 1,
                period_seconds: 1,
            },
            ScalingPolicy {
                kind: PolicyType::Percent,
                value: 1,
                period_seconds: 1,
            },
        ]),
        tolerance: Some(0.1),
    };
    let metric = |resource, target| HpaMetric { resource, target };
    KubernetesSpec {
        deployment: DeploymentInput {
            replicas: Some(1),
            ..DeploymentInput::default()
        },
        hpa: Some(HpaInput {
            min_replicas: Some(1),
            metrics: vec![
                metric(ResourceName::Cpu, MetricTarget::Utilization(1)),
                metric(ResourceName::Memory, MetricTarget::AverageValue(1)),
                metric(ResourceName::Memory, MetricTarget::Value(1)),
            ],
            behavior: Some(Behavior {
                scale_up: Some(rules(SelectPolicy::Max)),
                scale_down: Some(rules(SelectPolicy::Min)),
            }),
            ..HpaInput::default()
        }),
        cluster_autoscaler: Some(ClusterAutoscalerInput::default()),
        gitops: Some(GitOpsInput {
            commits: vec![every_commit_field()],
            application: ApplicationInput {
                automated: Some(AutomatedInput::default()),
                retry: Some(RetryInput::default()),
                ignore_differences: vec![IgnoreDifferenceInput {
                    kind: "Deployment".into(),
                    json_pointers: vec!["/spec/replicas".into()],
                }],
                ..ApplicationInput::default()
            },
        }),
        ..KubernetesSpec::default()
    }
}

/// The tree of known fields, learnt once.
/// An `ecs` section with every optional field set.
fn ecs_sample() -> crate::scenario::EcsSpec {
    use crate::scenario::*;
    let mut e = EcsSpec::default();
    e.task_definitions[0].health_check = Some(ContainerHealthCheck::default());
    e.service.target_group = Some("tg".into());
    e.service.code_deploy.hooks = vec![EcsHookSpec::default()];
    e.capacity = EcsCapacity::CapacityProvider {
        name: "cp".into(),
        managed_scaling: Some(EcsManagedScaling::default()),
    };
    e.placement_strategy = vec![PlacementStrategy::SpreadAvailabilityZone];
    // C4: both policy kinds, every optional field with a value.
    e.service.auto_scaling = Some(ServiceAutoScaling {
        policies: vec![
            ServiceScalingPolicy {
                name: "tt".into(),
                kind: ServicePolicyKind::TargetTrackingScaling {
                    metric: MetricName::ECSServiceAverageCPUUtilization,
                    target_value: 50.0,
                    disable_scale_in: false,
                    scale_out_cooldown_s: Some(60),
                    scale_in_cooldown_s: Some(60),
                },
            },
            ServiceScalingPolicy {
                name: "step".into(),
                kind: ServicePolicyKind::StepScaling {
                    adjustment_type: AdjustmentType::ChangeInCapacity,
                    step_adjustments: vec![StepAdjustment {
                        lower_bound: Some(0.0),
                        upper_bound: Some(1.0),
                        scaling_adjustment: 1,
                    }],
                    metric_aggregation_type: MetricAggregationType::Average,
                    cooldown_s: Some(60),
                    min_adjustment_magnitude: Some(1),
                },
            },
        ],
        scheduled_actions: vec![ServiceScheduledAction {
            name: "s".into(),
            start_s: Some(60),
            recurrence: Some("0 9 * * *".into()),
            end_s: Some(120),
            min_capacity: Some(1),
            max_capacity: Some(2),
        }],
        ..ServiceAutoScaling::default()
    });
    e
}

pub fn known_fields() -> &'static Node {
    static KNOWN: OnceLock<Node> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut root = Node::default();
        for s in samples() {
            // Serialising plain data to a Value cannot fail.
            if let Ok(v) = serde_json::to_value(&s) {
                root.learn(&v);
            }
        }
        root
    })
}

/// Every field in `value` that a scenario does not have, with its JSON path.
pub fn unknown_fields(value: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    known_fields().check(value, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_seen_with_a_value() {
        let mut missing = Vec::new();
        known_fields().never_valued("", &mut missing);
        assert_eq!(missing, Vec::<String>::new());
    }

    #[test]
    fn the_samples_are_known_and_valid_json_scenarios() {
        for s in samples() {
            let v = serde_json::to_value(&s).unwrap_or_default();
            assert_eq!(unknown_fields(&v), vec![]);
        }
    }

    #[test]
    fn misspelt_fields_get_their_path_and_a_suggestion() {
        let v: Value = serde_json::from_str(
            r#"{"group": {"min_sise": 1}, "policies": [{"kind": {"SimpleScaling": {"cooldwon_s": 5}}}], "zzz": 1}"#,
        )
        .unwrap_or_default();
        let p = unknown_fields(&v);
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[0].path, "group.min_sise");
        assert_eq!(
            p[0].message,
            "Unknown field \"min_sise\". Did you mean \"min_size\"?"
        );
        assert_eq!(p[1].path, "policies[0].kind.SimpleScaling.cooldwon_s");
        assert!(
            p[1].message.ends_with("Did you mean \"cooldown_s\"?"),
            "{p:?}"
        );
        assert_eq!(p[2].path, "zzz");
        assert_eq!(p[2].message, "Unknown field \"zzz\".");
    }

    #[test]
    fn variant_names_are_checked_too() {
        let v: Value = serde_json::from_str(r#"{"load": {"pattern": {"Stedy": {"rps": 1}}}}"#)
            .unwrap_or_default();
        let p = unknown_fields(&v);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "load.pattern.Stedy");
        assert!(p[0].message.ends_with("Did you mean \"Steady\"?"), "{p:?}");
        let unit: Value = serde_json::from_str(
            r#"{"actions": [{"at_ms": 0, "action": {"FailInstance": null}}]}"#,
        )
        .unwrap_or_default();
        assert_eq!(unknown_fields(&unit), vec![]);
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("min_sise", "min_size"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Kitten", "sitting"), 3);
    }
}
