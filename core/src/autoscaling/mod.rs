//! EC2 Auto Scaling's group rules that need no simulation state.
//! - [`group`]: minimum, maximum and desired capacity and their updates (A2.1 to A2.5), AZ
//!   balancing at launch (A2.11).
//! - [`termination`]: termination policies and scale-in protection (A5).
//! - [`activity`]: the activity history in AWS's wording (A7).
//!
//! How they run over time (lifecycle and hooks, health checks, warm-up, instance refresh) is in
//! the simulator's modules of the same names (`sim/lifecycle.rs`, `sim/health.rs`, ...).

pub mod activity;
pub mod group;
pub mod termination;
