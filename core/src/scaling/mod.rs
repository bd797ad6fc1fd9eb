//! Scaling policies (A3): the pure arithmetic and the serde types, no simulation state.
//!
//! Where each rule lives:
//! - [`adjustment`]: adjustment types, AWS's percent rounding and `MinAdjustmentMagnitude`
//!   (A3.1.2), the clamp into `[MinSize, MaxSize]` (A2.4), and "does this result move desired
//!   at all" while instances warm up or with instance weights (A3.3.6).
//! - [`step`]: step adjustments, their validation (A3.3.2), bound inclusivity (A3.3.3), metric
//!   aggregation (A3.3.4) and "no step matches" (A3.3.5).
//! - [`target_tracking`]: predefined metrics, the alarm pair model (A3.4.3, UNCONFIRMED, a user
//!   parameter), the proportional capacity model (A3.4.4) and several target-tracking policies
//!   on one group (A3.4.7).
//! - [`conflict`]: several policies firing at once, largest resulting capacity wins (A3.5).
//! - [`schedule`]: 5-field UTC cron for recurring scheduled actions (A3.6).
//! - [`target`]: the scalable target (A3.7): what any scaled resource (an Auto Scaling group,
//!   an ECS service) offers the policy path.
//! - [`invoke`]: the policy path on any target: a policy invoked by an alarm (A3.2 to A3.4),
//!   conflicts (A3.5), the new desired capacity.
//! - [`decision`]: a policy's decision, typed, and its wording (one place).
//!
//! Simple scaling (A3.2) needs nothing beyond [`adjustment`]; its cooldown is simulation state
//! and lives with the event loop. Nothing here panics on user input (NaN, empty slices, huge
//! numbers): those are answered with `None`, an unchanged value, or an error message.

pub mod adjustment;
pub mod conflict;
pub mod decision;
pub mod invoke;
pub mod schedule;
pub mod step;
pub mod target;
pub mod target_tracking;

pub use adjustment::{
    apply_adjustment, clamp_capacity, percent_delta, reconcile_with_desired, round_percent_delta,
    AdjustmentType,
};
pub use conflict::{resolve_conflict, Resolution};
pub use decision::{Detail, Invoker, ScalingDecision, Unchanged};
pub use invoke::{AlarmView, Invoke, PolicyView, Proposal};
pub use schedule::{parse_cron, Cron};
pub use step::{
    aggregate, find_step, no_step_found_message, validate_steps, MetricAggregationType,
    StepAdjustment, MAX_STEP_ADJUSTMENTS,
};
pub use target::{Capacity, Gate, ScalableTarget, SetDesired, TargetId};
pub use target_tracking::{
    alarm_thresholds, combine_target_tracking, proportional_capacity, AlarmThresholds,
    PredefinedMetric, TargetTrackingAlarmModel, TrackingDecision, TrackingProposal,
};
