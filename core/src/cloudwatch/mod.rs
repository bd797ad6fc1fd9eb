//! Amazon CloudWatch: the metrics the instances publish and the alarms that watch them (A4).
//! - [`metrics`]: per-minute datapoints of the group's metrics (A4.9 to A4.11) and the sliding
//!   period windows alarms read (A4.3).
//! - [`alarm`]: statistics, evaluation over `M out of N` datapoints, missing data, the state
//!   reason (A4.1 to A4.8).
//!
//! Nothing here knows what an alarm's action does: an alarm names policies, and the scaling
//! module runs them on whatever scalable target they belong to.

pub mod alarm;
pub mod metrics;
