//! The ECS service as a scalable target in the run (C4): its policies join the run's policies
//! (target index just after the groups'), its target-tracking alarms read the service's
//! metrics, an alarm in ALARM runs them through the one policy path
//! ([`crate::policy::invoke`]) on [`ServiceTarget`], and the new desired count goes to the
//! service scheduler. Its scheduled actions change the target's bounds. The target's own
//! rules are in `crate::ecs::service_autoscaling`.

use super::*;
use crate::ecs::service_autoscaling::{activity_cause, activity_description, ServiceTarget};
use crate::policy::invoke::{self, AlarmView, PolicyView};
use crate::policy::target_tracking::TargetTrackingAlarmModel;
use crate::policy::ScalableTarget;
use crate::scenario::{PolicySpec, ServiceAutoScaling, ServicePolicyKind};

impl Sim {
    /// The service's auto scaling section, when the build runs ECS.
    fn service_auto_scaling(&self) -> Option<&ServiceAutoScaling> {
        if !cfg!(feature = "ecs") {
            return None;
        }
        self.scenario.ecs.as_ref()?.service.auto_scaling.as_ref()
    }

    /// The service's policies as the policy path's specs, each with the service's target
    /// index and the alarm model of its target-tracking pair.
    pub(super) fn ecs_service_policies(
        &self,
    ) -> Vec<(PolicySpec, usize, TargetTrackingAlarmModel)> {
        let (Some(a), Some(ecs)) = (self.service_auto_scaling(), self.scenario.ecs.as_ref()) else {
            return Vec::new();
        };
        let model = ecs.assumptions.target_tracking_alarms;
        let target = self.group_count();
        a.policies
            .iter()
            .map(|p| {
                let kind = match p.kind.clone() {
                    ServicePolicyKind::TargetTrackingScaling {
                        metric,
                        target_value,
                        disable_scale_in,
                        ..
                    } => PolicyKind::TargetTrackingScaling {
                        metric,
                        target_value,
                        disable_scale_in,
                        estimated_instance_warmup_s: None,
                    },
                    ServicePolicyKind::StepScaling {
                        adjustment_type,
                        step_adjustments,
                        metric_aggregation_type,
                        min_adjustment_magnitude,
                        ..
                    } => PolicyKind::StepScaling {
                        adjustment_type,
                        step_adjustments,
                        metric_aggregation_type,
                        estimated_instance_warmup_s: None,
                        min_adjustment_magnitude,
                    },
                };
                let spec = PolicySpec {
                    name: p.name.clone(),
                    enabled: true,
                    kind,
                    group: None,
                };
                (spec, target, model)
            })
            .collect()
    }

    /// At creation: the service's target id (after the groups') and its scheduled actions.
    pub(super) fn ecs_scaling_start(&mut self) {
        let Some(a) = self.service_auto_scaling() else {
            return;
        };
        let start = self.scenario.start_unix_s;
        let firsts: Vec<Option<u64>> = a
            .scheduled_actions
            .iter()
            .map(|s| match s.recurrence.as_deref().map(parse_cron) {
                Some(Ok(cron)) => cron
                    .next_after(start.saturating_sub(1))
                    .map(|u| u - start)
                    .filter(|rel| s.end_s.is_none_or(|end| *rel <= end)),
                _ => s.start_s,
            })
            .collect();
        if let Some(rt) = self.ecs.as_ref().and_then(|e| e.scaling.as_ref()) {
            self.targets.push(rt.id.clone());
        }
        for (index, first) in firsts.into_iter().enumerate() {
            if let Some(s) = first {
                let at = SimTime::from_secs(s);
                self.push(
                    at,
                    Phase::Internal,
                    Timer::Ecs(EcsTimer::ScheduledAction { index }),
                );
            }
        }
    }

    /// C4: a scheduled action on the service's scalable target: new bounds, the desired count
    /// brought into them; a recurring action is scheduled again first.
    pub(super) fn ecs_scheduled(&mut self, index: usize) {
        if !cfg!(feature = "ecs") {
            return;
        }
        let Some(spec) = self
            .service_auto_scaling()
            .and_then(|a| a.scheduled_actions.get(index))
            .cloned()
        else {
            return;
        };
        if let Some(Ok(cron)) = spec.recurrence.as_deref().map(parse_cron) {
            let start = self.scenario.start_unix_s;
            if let Some(next) = cron.next_after(start + self.now.secs()) {
                let rel = next - start;
                if spec.end_s.is_none_or(|end| rel <= end) {
                    let at = SimTime::from_secs(rel);
                    self.push(
                        at,
                        Phase::Internal,
                        Timer::Ecs(EcsTimer::ScheduledAction { index }),
                    );
                }
            }
        }
        let now = self.now;
        let Some(rt) = self.ecs.as_mut() else {
            return;
        };
        let desired = rt.desired();
        let Some(sc) = rt.scaling.as_mut() else {
            return;
        };
        if sc.scheduled_suspended {
            return;
        }
        let to = sc.set_bounds(spec.min_capacity, spec.max_capacity, desired);
        let (min, max) = (sc.min, sc.max);
        let cause = format!("scheduled action name {} was triggered", spec.name);
        rt.scaling_activity(
            now,
            format!("Setting min capacity to {min} and max capacity to {max}."),
            cause.clone(),
        );
        if to != desired {
            rt.scaling_activity(now, activity_description(to), cause);
            rt.update_service(now, None, Some(to));
        }
        self.drain_ecs();
    }

    /// C4: the service's policies invoked by this evaluation, through the policy path; the
    /// decisions are reported, then the new desired count goes to the service scheduler.
    pub(super) fn run_service_policies(&mut self, invocations: &[(usize, Invoke)]) {
        if !cfg!(feature = "ecs") {
            return;
        }
        let now = self.now;
        let Some(mut rt) = self.ecs.take() else {
            return;
        };
        let desired = rt.desired();
        let deploying =
            rt.rollout_state() == crate::ecs::circuit_breaker::RolloutState::IN_PROGRESS;
        let Some(mut scaling) = rt.scaling.take() else {
            self.ecs = Some(rt);
            return;
        };
        let alarm_views: Vec<AlarmView<'_>> = self
            .alarms
            .iter()
            .map(|a| AlarmView {
                name: &a.name,
                threshold: a.rules.threshold,
                state: a.state,
                last_values: &a.last_values,
            })
            .collect();
        let policy_views: Vec<PolicyView<'_>> = self
            .policies
            .iter()
            .map(|p| PolicyView {
                name: &p.name,
                enabled: p.enabled,
                kind: &p.kind,
                target: p.group,
                low_alarm: p.low_alarm,
            })
            .collect();
        let mut target = ServiceTarget {
            scaling: &mut scaling,
            now_ms: now.ms(),
            desired,
            deploying,
            changed: None,
        };
        let (decisions, change) =
            invoke::evaluate(&target, &policy_views, &alarm_views, invocations);
        if let Some(c) = &change {
            target.set_desired_capacity(c);
        }
        drop((alarm_views, policy_views));
        rt.scaling = Some(scaling);
        for (pi, d) in decisions {
            self.decide(pi, d);
        }
        if let Some(c) = change {
            rt.scaling_activity(
                now,
                activity_description(c.to),
                activity_cause(&c.alarm, &c.policy),
            );
            rt.update_service(now, None, Some(c.to));
        }
        self.ecs = Some(rt);
        self.drain_ecs();
    }
}
