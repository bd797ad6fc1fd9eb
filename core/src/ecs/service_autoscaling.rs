//! Service auto scaling (Application Auto Scaling on `ecs:service:DesiredCount`) (C4).
//!
//! Nothing new is computed here: the simulator will reuse the core's existing policy code
//! (target tracking with its alarm pair, step scaling, scheduled actions, cooldowns) with
//! these ECS-specific mappings, recorded as constants so the driver and the docs agree:
//!
//! | Application Auto Scaling | core (EC2 side) |
//! |---|---|
//! | scalable target `ecs:service:DesiredCount`, min/max capacity | group min/max size |
//! | `ECSServiceAverageCPUUtilization` / `...MemoryUtilization` (service average, % of the task's reservation) | `ASGAverageCPUUtilization` |
//! | `ALBRequestCountPerTarget` | `ALBRequestCountPerTarget` |
//! | `ScaleOutCooldown` / `ScaleInCooldown` (default 300 s each) | target tracking's cooldowns instead of instance warm-up |
//! | low alarm at ≈ 0.9 × target (Appendix U.1, UNCONFIRMED) | low alarm at ≈ 0.7 × target on EC2 |
//! | scale-in suspended while an ECS deployment is IN_PROGRESS; scale-out continues | suspended processes |
//!
//! Cooldown meaning (C4): during a scale-out cooldown no further scale-out happens unless a
//! larger one is asked for, and the capacity just added counts in the next computation;
//! a scale-in cooldown blocks scale-in, but a scale-out ends it.

use super::MS_PER_S;

/// C4: default `ScaleOutCooldown` and `ScaleInCooldown` of ECS target tracking, and the
/// default `Cooldown` of step scaling.
pub const DEFAULT_COOLDOWN_MS: u64 = 300 * MS_PER_S;

/// Appendix U.1 (UNCONFIRMED, from observation): the low alarm's threshold as a fraction of
/// the target for Application Auto Scaling target tracking.
pub const LOW_ALARM_FACTOR: f64 = 0.9;

/// C4: may a scale-in happen now? Not while a deployment is in progress, nor when suspended.
pub fn scale_in_allowed(deployment_in_progress: bool, dynamic_scaling_in_suspended: bool) -> bool {
    !deployment_in_progress && !dynamic_scaling_in_suspended
}

/// C4: scale-out continues during deployments unless suspended on the scalable target.
pub fn scale_out_allowed(dynamic_scaling_out_suspended: bool) -> bool {
    !dynamic_scaling_out_suspended
}

/// C4 activity description, as Application Auto Scaling writes it.
pub fn activity_description(desired: u32) -> String {
    format!("Setting desired count to {desired}.")
}
