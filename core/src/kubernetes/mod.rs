//! Kubernetes (EKS) and Argo CD rules as pure, deterministic functions and state machines
//! (spec sections D and E, Appendix G5).
//!
//! Nothing here reads a clock or draws entropy: every function takes the current time as
//! integer milliseconds (`now_ms`) and every input explicitly. The simulator's kernel drives
//! these pieces; they do not know about it.
//!
//! - [`hpa`]: the HorizontalPodAutoscaler exactly as kube-controller-manager computes it
//!   (D1-D6, G5).
//! - [`deployment`]: Deployment rolling-update arithmetic and a small rollout state machine.
//! - [`scheduler`]: pod-to-node feasibility and the scheduler's `FailedScheduling` message.
//! - [`cluster_autoscaler`]: the Cluster Autoscaler's scale-up and scale-down rules.
//! - [`argocd`]: an Argo CD Application's sync and health model (E1-E4).
//!
//! The simulator drives them over time through [`runtime::KubeRuntime`] (with
//! `controllers.rs`, `autoscaling.rs`, `gitops.rs`, `pods.rs`, `outputs.rs`).

pub mod argocd;
mod autoscaling;
pub mod cluster_autoscaler;
mod controllers;
pub mod deployment;
pub mod gitops;
pub mod hpa;
pub mod outputs;
pub mod pods;
pub mod runtime;
pub mod sample;
pub mod scheduler;

pub use outputs::{KubeOutput, KubeView};
pub use runtime::KubeRuntime;

/// Milliseconds per second, for the `*_seconds` fields Kubernetes uses.
pub const MS_PER_S: u64 = 1_000;
