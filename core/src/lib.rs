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
//! Every rule cites its id (for example `A3.3.3`), described with its AWS source in
//! `docs/rules/`. Where AWS is silent the model is named in [`scenario::Assumptions`] and can be
//! changed by the user. `docs/architecture.md` draws the layers.
//!
//! Module map (where each rule lives):
//! - [`kernel`]: simulated time, the timer queue, the seed registry.
//! - [`scenario`]: the input model (serde) and its defaults; [`validate`]: AWS's validation rules;
//!   [`limits`]: AWS's quotas and the bound on one run's work; [`wire`] and [`link`]: files and
//!   share links.
//! - [`ec2`]: AMIs, launch configurations and launch templates (A1); instances and their
//!   lifecycle states (A2.13).
//! - [`autoscaling`]: group sizes, clamping and AZ balancing (A2), termination policies and
//!   scale-in protection (A5), the activity history (A7).
//! - [`cloudwatch`]: metrics (A4.9 to A4.11) and alarm evaluation (A4).
//! - [`scaling`] (also [`policy`]): simple, step, target tracking, scheduled scaling and
//!   conflicts between policies (A3).
//! - [`codedeploy`]: deployment configurations, lifecycle events, fleet deployments (B).
//! - [`traffic`]: load patterns and the live override.
//! - [`observation`]: the trace's samples, the run summary, CSV, comparing two runs.
//! - [`text`]: the shared strings the records repeat (an instance's id, an activity's words).
//! - [`sim`]: the composition root: it owns the run's state, dispatches each timer to the
//!   concern that owns it (`sim/capacity.rs`, `sim/lifecycle.rs`, `sim/health.rs`,
//!   `sim/cloudwatch.rs`, `sim/scaling.rs`, `sim/scheduled.rs`, `sim/delivery/`, ...), and those
//!   call the rule functions above.
//! - [`kubernetes`]: EKS as pure, tested rules (the HPA, Deployments, the scheduler and Cluster
//!   Autoscaler, Argo CD) and the runtime [`sim`] drives them with when a scenario has a
//!   `kubernetes` section (docs/kubernetes.md, docs/rules/kubernetes.md).
//! - [`ecs`]: the rule layer of ECS (tasks, rolling deployments, the circuit breaker, capacity
//!   providers), not yet driven by [`sim`] (docs/rules/ecs.md).
//! - `import` and `export` (cargo feature `import`): AWS CLI output, CloudFormation, Terraform
//!   and Kubernetes manifests in; CloudFormation, Terraform and Kubernetes manifests out;
//!   recorded traffic in (docs/import-export.md).

pub mod autoscaling;
pub mod cloudwatch;
pub mod codedeploy;
pub mod ec2;
pub mod ecs;
#[cfg(feature = "import")]
pub mod export;
#[cfg(feature = "import")]
pub mod import;
pub mod kernel;
pub mod kubernetes;
pub mod limits;
pub mod link;
pub mod observation;
pub mod presets;
pub mod scaling;
pub mod scenario;
pub mod sim;
pub mod sort;
pub mod strict;
pub mod text;
pub mod traffic;
pub mod validate;
pub mod wire;

// The service folders' modules, also at the crate root where the faces and tests have always
// found them.
pub use autoscaling::{activity, group, termination};
pub use cloudwatch::{alarm, metrics};
pub use ec2::{instance, launch};
pub use kernel::{rng, time};
pub use observation::{compare, csv, summary, trace};
pub use scaling as policy;
pub use scenario::Scenario;
pub use sim::{AlarmOrigin, EvaluatedAlarm, Output, Sim};
pub use text::Text;
pub use time::SimTime;
pub use traffic::load;
