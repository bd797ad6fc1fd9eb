//! A scalable target, modelled on Application Auto Scaling's: something with a service
//! namespace, a resource id and a scalable dimension, a minimum and maximum capacity, a desired
//! and a current capacity, which a scaling policy asks to change (A3.7). An EC2 Auto Scaling
//! group is one (`autoscaling:autoScalingGroup:DesiredCapacity`); an ECS service's task count
//! (`ecs:service:DesiredCount`) is another. The policy path ([`super::invoke`]) and CloudWatch
//! alarms see only this trait, so a new kind of target needs no change here or in
//! `cloudwatch/`.

use serde::{Deserialize, Serialize};

use super::adjustment::clamp_capacity;

/// Which target (A3.7): `RegisterScalableTarget`'s three keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetId {
    /// `autoscaling`, `ecs`, ...
    pub service_namespace: String,
    /// `autoScalingGroup/web-asg`, `service/cluster/web`, ...
    pub resource_id: String,
    /// `autoscaling:autoScalingGroup:DesiredCapacity`, `ecs:service:DesiredCount`, ...
    pub scalable_dimension: String,
    /// What AWS writes between `TargetTracking-` and `-AlarmHigh-` in the names of a
    /// target-tracking policy's alarms (A3.4.2): the group's name for an Auto Scaling group,
    /// the resource id for Application Auto Scaling.
    pub alarm_label: String,
}

impl TargetId {
    /// An EC2 Auto Scaling group (A3.7).
    pub fn auto_scaling_group(name: &str) -> TargetId {
        TargetId {
            service_namespace: "autoscaling".into(),
            resource_id: format!("autoScalingGroup/{name}"),
            scalable_dimension: "autoscaling:autoScalingGroup:DesiredCapacity".into(),
            alarm_label: name.into(),
        }
    }

    /// An Application Auto Scaling target (A3.7): the alarms carry the resource id.
    pub fn application(namespace: &str, resource_id: &str, dimension: &str) -> TargetId {
        TargetId {
            service_namespace: namespace.into(),
            resource_id: resource_id.into(),
            scalable_dimension: dimension.into(),
            alarm_label: resource_id.into(),
        }
    }

    /// A3.4.2: `TargetTracking-<label>-AlarmHigh-<uuid>` (or `AlarmLow`).
    pub fn tracking_alarm_name(&self, high: bool, uuid: &str) -> String {
        let kind = if high { "AlarmHigh" } else { "AlarmLow" };
        format!("TargetTracking-{}-{kind}-{uuid}", self.alarm_label)
    }
}

/// The capacity bounds and the desired capacity (A2.4, A3.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity {
    pub min: u32,
    pub max: u32,
    pub desired: u32,
}

impl Capacity {
    /// A2.4: dynamic scaling never leaves `[min, max]`.
    pub fn clamp(&self, value: i64) -> u32 {
        clamp_capacity(value, self.min, self.max)
    }
}

/// A3.2.1: whether a simple scaling policy may run now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// The previous scaling activity has not finished.
    ActivityInProgress,
    /// The activity finished; the cooldown lasts another `left_s` seconds.
    Cooldown {
        left_s: u64,
    },
}

/// A new desired capacity a policy set, for [`ScalableTarget::set_desired_capacity`].
#[derive(Clone, Debug, PartialEq)]
pub struct SetDesired {
    pub from: u32,
    pub to: u32,
    /// The policy and the alarm that invoked it.
    pub policy: String,
    pub alarm: String,
    /// A3.2.1: a simple policy's cooldown, seconds (its own or the target's default): the
    /// target waits for the activity, then this long, before the next simple scaling.
    pub simple_cooldown_s: Option<u32>,
}

/// What the policy path needs from a target. Counts are in the target's capacity units
/// (instances, tasks).
pub trait ScalableTarget {
    fn id(&self) -> &TargetId;
    fn capacity(&self) -> Capacity;
    /// A3.4.4: the capacity the target's metric describes (for an Auto Scaling group, the
    /// InService instances past the default warm-up, A2.10).
    fn current_capacity(&self) -> u32;
    /// A3.2.1: the simple-scaling gate.
    fn simple_gate(&self) -> Gate;
    /// A3.2.1: the cooldown of a simple policy that names none.
    fn default_cooldown_s(&self) -> u32;
    /// A2.10: a policy's warm-up in milliseconds, from its `EstimatedInstanceWarmup`.
    fn warmup_ms(&self, estimated_s: Option<u32>) -> u64;
    /// A3.3.6: capacity that has finished warming up (the base of a step scale-out).
    fn capacity_not_warming(&self, warmup_ms: u64) -> u32;
    /// A3.3.6, A3.4.6: a scale-out is still launching or warming up (scale-in waits).
    fn scale_out_in_progress(&self, warmup_ms: u64) -> bool;
    /// Sets the new desired capacity and starts the scaling activity.
    fn set_desired_capacity(&mut self, change: &SetDesired);
    /// Why the target holds a dynamic scale-out (`scale_out`) or scale-in now, if it does:
    /// Application Auto Scaling's scale-in cooldown, scale-in turned off during an ECS
    /// deployment, suspended dynamic scaling (C4). An Auto Scaling group holds none here (its
    /// warm-up and gate rules are above).
    fn held(&self, _scale_out: bool) -> Option<super::decision::Unchanged> {
        None
    }
}
