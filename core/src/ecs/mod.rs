//! Amazon ECS rules as pure, deterministic functions and small state machines (spec section C,
//! Appendix G7). Nothing here reads a clock: time is `now_ms`, an integer millisecond count the
//! caller supplies.
//!
//! - [`task_definition`]: immutable task definition revisions (`family:revision`).
//! - [`task`]: task lifecycle states, stop codes and AWS's stop reasons, and when a task counts
//!   as healthy for a deployment (C1).
//! - [`rolling`]: rolling-update arithmetic (C1, G7) and the stuck-configuration event.
//! - [`circuit_breaker`]: the deployment circuit breaker, rollout state and rollback (C2, G7).
//! - [`capacity`]: capacity provider managed scaling (CapacityProviderReservation).
//! - [`placement`]: placement strategies (spread across AZs, binpack on memory).
//! - [`blue_green`]: blue/green through CodeDeploy: traffic shifting and hooks (C3).
//! - [`service`]: a rolling-update service composing the above, with service events.
//! - [`service_autoscaling`]: how Application Auto Scaling on a service maps onto the core's
//!   existing policy code (C4), documented, with its few ECS-specific numbers.
//!
//! The runtime that drives these rules over time in the simulator:
//! - [`runtime`]: [`runtime::EcsRuntime`], the scheduler's tick, placement, the EC2 side seen
//!   through [`runtime::Host`];
//! - [`tasks`]: a task's timed way through its states and health checks;
//! - [`code_deploy`]: a `CODE_DEPLOY` service's task sets and blue/green deployments (C3);
//! - [`service_metrics`]: load, utilization, the service metrics and
//!   `CapacityProviderReservation` with its managed scaling policy;
//! - [`output`]: what the runtime reports (task state changes, service events, deployments)
//!   and the view a page draws.

pub mod blue_green;
pub mod capacity;
pub mod circuit_breaker;
pub mod code_deploy;
pub mod output;
pub mod placement;
pub mod rolling;
pub mod runtime;
pub mod service;
pub mod service_autoscaling;
pub mod service_metrics;
pub mod task;
pub mod task_definition;
pub mod tasks;

/// Milliseconds per second.
pub const MS_PER_S: u64 = 1_000;
/// Milliseconds per minute.
pub const MS_PER_MIN: u64 = 60_000;
