//! CodeDeploy for EC2/On-Premises, in-place deployments (spec section B).
//!
//! Pure logic, no time and no I/O: the simulator's event loop owns the clock and the
//! instances, and asks these modules what CodeDeploy would do next.
//!
//! - [`config`]: deployment configurations and the minimum-healthy-hosts arithmetic
//!   (B1.4, B2.1-B2.3, G6).
//! - [`lifecycle_events`]: the per-instance lifecycle events, their order, statuses and error
//!   codes, and a stepper for one instance (B3.1-B3.5).
//! - [`fleet`]: one deployment over a set of instances: which to deploy to next, and when the
//!   deployment succeeds or fails (B2.3, B5.3, B5.6).

pub mod config;
pub mod fleet;
pub mod lifecycle_events;

pub use config::{DeploymentConfig, MinimumHealthyHosts, MinimumHealthyHostsType};
pub use fleet::{
    DeploymentErrorCode, DeploymentOverview, FleetDeployment, FleetStatus, InstanceKey, TargetInfo,
    TargetStatus,
};
pub use lifecycle_events::{
    events_for_instance, in_place_events, EventStatus, InstanceEvents, InstanceOutcome,
    LifecycleErrorCode, LifecycleEvent,
};
