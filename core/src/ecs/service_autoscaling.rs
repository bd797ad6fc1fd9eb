//! Service auto scaling (C4): Application Auto Scaling on the service's desired count
//! (`ecs:service:DesiredCount`), as a scalable target of the core's one policy path
//! ([`crate::policy::invoke`]). Nothing here computes a new desired count: target tracking
//! (its alarm pair, the proportional capacity), step scaling and the conflict rules are the
//! policy path's. What is Application Auto Scaling's own lives here:
//!
//! - the bounds `MinCapacity` / `MaxCapacity` and scheduled actions that change them;
//! - the cooldowns: `ScaleOutCooldown` / `ScaleInCooldown` of target tracking and `Cooldown`
//!   of step scaling, 300 s by default. During a scale-out cooldown the capacity the
//!   scale-out added counts as desired for the next scale-out, so only a larger scale-out
//!   happens (the policy path's "desired already counts it"); a scale-in cooldown blocks
//!   scale-in, and a scale-out ends it;
//! - scale-in turned off while a deployment is in progress (scale-out continues), and the
//!   suspended states of the scalable target;
//! - the activity's wording ("Setting desired count to 4.").
//!
//! [MODEL] The capacity a policy computes from is the service's desired count (the count
//! Application Auto Scaling reads from the service), or, during a scale-out cooldown, the
//! desired count before the scale-out that started it.

use crate::policy::{Capacity, Gate, ScalableTarget, SetDesired, TargetId, Unchanged};
use crate::scenario::{ServiceAutoScaling, ServicePolicyKind};

use super::MS_PER_S;

/// C4: default `ScaleOutCooldown` and `ScaleInCooldown` of target tracking, and the default
/// `Cooldown` of step scaling, seconds.
pub const DEFAULT_COOLDOWN_S: u32 = 300;

/// C4: the scalable target's id for a service.
pub fn target_id(cluster: &str, service: &str) -> TargetId {
    TargetId::application(
        "ecs",
        &format!("service/{cluster}/{service}"),
        "ecs:service:DesiredCount",
    )
}

/// C4 activity description, as Application Auto Scaling writes it.
pub fn activity_description(desired: u32) -> String {
    format!("Setting desired count to {desired}.")
}

/// C4 activity cause of a policy's change.
pub fn activity_cause(alarm: &str, policy: &str) -> String {
    format!("monitor alarm {alarm} in state ALARM triggered policy {policy}")
}

/// A policy's (scale-out, scale-in) cooldowns, seconds (C4 defaults).
pub fn cooldowns_s(kind: &ServicePolicyKind) -> (u32, u32) {
    match *kind {
        ServicePolicyKind::TargetTrackingScaling {
            scale_out_cooldown_s,
            scale_in_cooldown_s,
            ..
        } => (
            scale_out_cooldown_s.unwrap_or(DEFAULT_COOLDOWN_S),
            scale_in_cooldown_s.unwrap_or(DEFAULT_COOLDOWN_S),
        ),
        ServicePolicyKind::StepScaling { cooldown_s, .. } => {
            let c = cooldown_s.unwrap_or(DEFAULT_COOLDOWN_S);
            (c, c)
        }
    }
}

/// The scalable target's own state between evaluations.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceScaling {
    pub id: TargetId,
    pub min: u32,
    pub max: u32,
    /// Each policy's name and (scale-out, scale-in) cooldowns, seconds.
    cooldowns: Vec<(String, (u32, u32))>,
    /// A scale-out cooldown in effect: until when (ms) and the desired count before the
    /// scale-out that started it.
    out_cooldown: Option<(u64, u32)>,
    /// The scale-in cooldown lasts until then (ms).
    in_cooldown_until: u64,
    pub suspended_in: bool,
    pub suspended_out: bool,
    pub scheduled_suspended: bool,
}

impl ServiceScaling {
    pub fn new(cluster: &str, service: &str, spec: &ServiceAutoScaling) -> ServiceScaling {
        ServiceScaling {
            id: target_id(cluster, service),
            min: spec.min_capacity,
            max: spec.max_capacity,
            cooldowns: spec
                .policies
                .iter()
                .map(|p| (p.name.clone(), cooldowns_s(&p.kind)))
                .collect(),
            out_cooldown: None,
            in_cooldown_until: 0,
            suspended_in: spec.dynamic_scaling_in_suspended,
            suspended_out: spec.dynamic_scaling_out_suspended,
            scheduled_suspended: spec.scheduled_scaling_suspended,
        }
    }

    /// C4: a policy changed the desired count from `from` to `to` at `now_ms`: start the
    /// cooldown of that direction (a scale-out also ends a scale-in cooldown).
    pub fn record_change(&mut self, now_ms: u64, policy: &str, from: u32, to: u32) {
        let (out_s, in_s) = self
            .cooldowns
            .iter()
            .find(|(n, _)| n == policy)
            .map_or((DEFAULT_COOLDOWN_S, DEFAULT_COOLDOWN_S), |(_, c)| *c);
        if to > from {
            // The capacity the metric still describes: the base of the first scale-out of a
            // cooldown stays while a larger scale-out extends it.
            let base = match self.out_cooldown {
                Some((until, base)) if now_ms < until => base,
                _ => from,
            };
            self.out_cooldown = Some((now_ms + u64::from(out_s) * MS_PER_S, base));
            self.in_cooldown_until = 0;
        } else if to < from {
            self.in_cooldown_until = now_ms + u64::from(in_s) * MS_PER_S;
        }
    }

    /// C4: the capacity a policy computes from at `now_ms` ([MODEL], see the module).
    pub fn base_capacity(&self, now_ms: u64, desired: u32) -> u32 {
        match self.out_cooldown {
            Some((until, base)) if now_ms < until => base,
            _ => desired,
        }
    }

    /// C4: why a dynamic scale-out or scale-in waits now, if it does.
    pub fn held(&self, now_ms: u64, scale_out: bool, deploying: bool) -> Option<Unchanged> {
        if scale_out {
            return self
                .suspended_out
                .then_some(Unchanged::Suspended { scale_out: true });
        }
        if self.suspended_in {
            Some(Unchanged::Suspended { scale_out: false })
        } else if deploying {
            Some(Unchanged::ScaleInDuringDeployment)
        } else if now_ms < self.in_cooldown_until {
            Some(Unchanged::ScaleInCooldown {
                left_s: (self.in_cooldown_until - now_ms).div_ceil(MS_PER_S),
            })
        } else {
            None
        }
    }

    /// C4: a scheduled action's new bounds (either may be absent); returns the desired count
    /// brought into the new range.
    pub fn set_bounds(&mut self, min: Option<u32>, max: Option<u32>, desired: u32) -> u32 {
        if let Some(m) = min {
            self.min = m;
        }
        if let Some(m) = max {
            self.max = m;
        }
        desired.clamp(self.min, self.max.max(self.min))
    }
}

impl super::runtime::EcsRuntime {
    /// C4: reports an Application Auto Scaling activity on the service's scalable target.
    pub fn scaling_activity(
        &mut self,
        now: crate::time::SimTime,
        description: String,
        cause: String,
    ) {
        let resource_id = self
            .scaling
            .as_ref()
            .map_or(String::new(), |s| s.id.resource_id.clone());
        self.outputs
            .push(super::output::EcsOutput::ScalingActivity {
                t: now,
                resource_id,
                description,
                cause,
            });
    }
}

/// The service as the policy path sees it during one evaluation.
pub struct ServiceTarget<'a> {
    pub scaling: &'a mut ServiceScaling,
    pub now_ms: u64,
    pub desired: u32,
    /// C4: a deployment is in progress (scale-in is turned off).
    pub deploying: bool,
    /// The change a policy made, for the runtime to apply.
    pub changed: Option<SetDesired>,
}

impl ScalableTarget for ServiceTarget<'_> {
    fn id(&self) -> &TargetId {
        &self.scaling.id
    }

    fn capacity(&self) -> Capacity {
        Capacity {
            min: self.scaling.min,
            max: self.scaling.max,
            desired: self.desired,
        }
    }

    fn current_capacity(&self) -> u32 {
        self.scaling.base_capacity(self.now_ms, self.desired)
    }

    /// Application Auto Scaling has no simple scaling (validation refuses it).
    fn simple_gate(&self) -> Gate {
        Gate::Open
    }

    fn default_cooldown_s(&self) -> u32 {
        DEFAULT_COOLDOWN_S
    }

    /// No instance warm-up: the cooldowns stand in for it ([`Self::held`],
    /// [`Self::current_capacity`]).
    fn warmup_ms(&self, _estimated_s: Option<u32>) -> u64 {
        0
    }

    fn capacity_not_warming(&self, _warmup_ms: u64) -> u32 {
        self.current_capacity()
    }

    fn scale_out_in_progress(&self, _warmup_ms: u64) -> bool {
        false
    }

    fn set_desired_capacity(&mut self, change: &SetDesired) {
        self.scaling
            .record_change(self.now_ms, &change.policy, change.from, change.to);
        self.desired = change.to;
        self.changed = Some(change.clone());
    }

    fn held(&self, scale_out: bool) -> Option<Unchanged> {
        self.scaling.held(self.now_ms, scale_out, self.deploying)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ServiceScalingPolicy;

    fn scaling() -> ServiceScaling {
        ServiceScaling::new(
            "prod",
            "web",
            &ServiceAutoScaling {
                min_capacity: 2,
                max_capacity: 20,
                policies: vec![ServiceScalingPolicy::default()],
                ..ServiceAutoScaling::default()
            },
        )
    }

    #[test]
    fn c4_target_id_and_activity_wording() {
        let s = scaling();
        assert_eq!(s.id.resource_id, "service/prod/web");
        assert_eq!(s.id.scalable_dimension, "ecs:service:DesiredCount");
        assert_eq!(activity_description(1), "Setting desired count to 1.");
        assert_eq!(
            activity_cause("web-app-cpu-lt-25", "web-app-cpu-lt-25"),
            "monitor alarm web-app-cpu-lt-25 in state ALARM triggered policy web-app-cpu-lt-25"
        );
    }

    #[test]
    fn c4_cooldowns_default_to_300_s() {
        let (o, i) = cooldowns_s(&ServiceScalingPolicy::default().kind);
        assert_eq!((o, i), (300, 300));
    }

    #[test]
    fn c4_scale_out_cooldown_counts_the_added_capacity() {
        let mut s = scaling();
        s.record_change(0, "cpu-target-tracking", 4, 6);
        // During the cooldown a policy computes from 4 (the 2 added count as desired).
        assert_eq!(s.base_capacity(299_999, 6), 4);
        // A larger scale-out inside the cooldown keeps the base.
        s.record_change(100_000, "cpu-target-tracking", 6, 8);
        assert_eq!(s.base_capacity(200_000, 8), 4);
        // After it: from the desired count.
        assert_eq!(s.base_capacity(400_000, 8), 8);
    }

    #[test]
    fn c4_scale_in_cooldown_blocks_scale_in_and_a_scale_out_ends_it() {
        let mut s = scaling();
        s.record_change(0, "cpu-target-tracking", 6, 4);
        assert_eq!(
            s.held(60_000, false, false),
            Some(Unchanged::ScaleInCooldown { left_s: 240 })
        );
        assert_eq!(s.held(60_000, true, false), None);
        s.record_change(120_000, "cpu-target-tracking", 4, 5);
        assert_eq!(s.held(130_000, false, false), None);
    }

    #[test]
    fn c4_scale_in_is_off_during_a_deployment_and_scale_out_continues() {
        let s = scaling();
        assert_eq!(
            s.held(0, false, true),
            Some(Unchanged::ScaleInDuringDeployment)
        );
        assert_eq!(s.held(0, true, true), None);
    }

    #[test]
    fn c4_suspended_states_hold_their_direction() {
        let mut s = scaling();
        s.suspended_out = true;
        assert_eq!(
            s.held(0, true, false),
            Some(Unchanged::Suspended { scale_out: true })
        );
        assert_eq!(s.held(0, false, false), None);
    }

    #[test]
    fn c4_scheduled_bounds_bring_desired_into_range() {
        let mut s = scaling();
        assert_eq!(s.set_bounds(Some(8), None, 3), 8);
        assert_eq!(s.set_bounds(None, Some(10), 12), 10);
        assert_eq!((s.min, s.max), (8, 10));
    }
}
