//! # scaleout-core
//!
//! A deterministic simulator of AWS EC2 Auto Scaling, CloudWatch alarms and CodeDeploy's
//! deploy-on-scale-out, written as a sans-I/O state machine.
//!
//! What it never does: read a clock, draw entropy, or perform I/O. Time is [`SimTime`]
//! (integer milliseconds) and only moves when the caller calls [`Sim::advance_to`]. Randomness
//! comes from the scenario's single seed, split into independent streams per subsystem
//! ([`rng`]). Results are drained by the caller with [`Sim::poll_output`].
//!
//! Every rule cites its id in `shared/spec/SEMANTICS.md` (for example `A3.3.3`). Where AWS is
//! silent the model is named in [`scenario::Assumptions`] and can be changed by the user.
//!
//! Module map (where each rule lives):
//! - [`scenario`]: the input model (serde) and its defaults; [`validate`]: AWS's validation rules;
//!   [`limits`]: AWS's quotas and the bound on one run's work.
//! - [`launch`]: AMIs, launch configurations and launch templates (A1).
//! - [`instance`]: lifecycle states (A2.13) and per-instance state.
//! - [`group`]: desired capacity, clamping (A2.4), AZ balancing (A2.11).
//! - [`termination`]: termination policies and scale-in protection (A5).
//! - [`load`]: load patterns and the live override.
//! - [`metrics`]: per-instance CPU/memory/disk and CloudWatch datapoints (A4.9 to A4.11).
//! - [`alarm`]: CloudWatch alarm evaluation (A4).
//! - [`policy`]: simple, step, target tracking and scheduled scaling (A3).
//! - [`activity`]: the activity history in AWS's wording (A7).
//! - [`sim`]: the event loop that ties them together.

pub mod activity;
pub mod alarm;
pub mod codedeploy;
pub mod csv;
pub mod ecs;
pub mod group;
pub mod instance;
pub mod kubernetes;
pub mod launch;
pub mod limits;
pub mod link;
pub mod load;
pub mod metrics;
pub mod policy;
pub mod presets;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod sort;
pub mod strict;
pub mod summary;
pub mod termination;
pub mod time;
pub mod trace;
pub mod validate;
pub mod wire;

pub use scenario::Scenario;
pub use sim::{Output, Sim};
pub use time::SimTime;
