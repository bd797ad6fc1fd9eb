//! Amazon EC2: what an instance is launched from and what it is.
//! - [`launch`]: AMIs, launch configurations and launch templates with their versions (A1).
//! - [`instance`]: an instance's lifecycle states (A2.13), roles and per-instance state.

pub mod instance;
pub mod launch;
