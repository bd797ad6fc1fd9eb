//! One EC2 instance in the group: its lifecycle state (A2.13), health (A2.14) and what it was
//! launched from (A1.7).

use std::fmt::Write;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::launch::ResolvedLaunch;
use crate::text::Text;
use crate::time::SimTime;

/// A2.13: the AWS lifecycle state names (the subset this simulator reaches).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LifecycleState {
    Pending,
    #[serde(rename = "Pending:Wait")]
    PendingWait,
    #[serde(rename = "Pending:Proceed")]
    PendingProceed,
    InService,
    Terminating,
    #[serde(rename = "Terminating:Wait")]
    TerminatingWait,
    #[serde(rename = "Terminating:Proceed")]
    TerminatingProceed,
    Terminated,
}

impl LifecycleState {
    pub const ALL: [LifecycleState; 8] = [
        LifecycleState::Pending,
        LifecycleState::PendingWait,
        LifecycleState::PendingProceed,
        LifecycleState::InService,
        LifecycleState::Terminating,
        LifecycleState::TerminatingWait,
        LifecycleState::TerminatingProceed,
        LifecycleState::Terminated,
    ];

    /// The exact AWS string (`Pending:Wait`), used in `data-state` and traces.
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleState::Pending => "Pending",
            LifecycleState::PendingWait => "Pending:Wait",
            LifecycleState::PendingProceed => "Pending:Proceed",
            LifecycleState::InService => "InService",
            LifecycleState::Terminating => "Terminating",
            LifecycleState::TerminatingWait => "Terminating:Wait",
            LifecycleState::TerminatingProceed => "Terminating:Proceed",
            LifecycleState::Terminated => "Terminated",
        }
    }

    pub fn is_pending(self) -> bool {
        matches!(
            self,
            LifecycleState::Pending | LifecycleState::PendingWait | LifecycleState::PendingProceed
        )
    }

    pub fn is_terminating(self) -> bool {
        matches!(
            self,
            LifecycleState::Terminating
                | LifecycleState::TerminatingWait
                | LifecycleState::TerminatingProceed
                | LifecycleState::Terminated
        )
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HealthStatus {
    Healthy,
    Unhealthy,
}

/// Which group an instance belongs to during a blue/green deployment (B4.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// A member of the Auto Scaling group: scales, serves, is health-checked.
    #[default]
    Member,
    /// In the replacement group CodeDeploy copied (`CodeDeploy_<dg>_<id>`); not yet serving.
    Replacement,
    /// An original instance after the reroute: deregistered, waiting to be terminated.
    Retired,
}

/// Why an instance is being terminated (A7.4's machine-readable causes, plus ours).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TerminationCause {
    ScaleIn,
    HealthCheck,
    LifecycleAbandoned,
    InstanceRefresh,
    /// A blue/green deployment replaced the instance (B4.2).
    BlueGreen,
    /// TerminateInstanceInAutoScalingGroup named the instance (A5.7).
    UserRequest,
}

/// A live instance. Terminated instances leave the group's list, so memory is bounded by the
/// group's size, not by how long the run is. The simulator keeps a compact row of what the
/// per-minute passes read beside each instance (`sim/fleet.rs`), so they need not walk this.
#[derive(Clone, Debug)]
pub struct Instance {
    pub state: LifecycleState,
    /// Blue/green role (B4.2); everything but `Member` is outside the group's scaling.
    pub role: Role,
    /// EC2 state is `running` (false after a hardware failure: EC2 health check, A2.6).
    pub ec2_running: bool,
    /// Whether the application answers health checks (a broken bootstrap leaves it false).
    pub app_healthy: bool,
    pub health: HealthStatus,
    /// The CodeDeploy deployment (sequence number) running on this instance, if any.
    pub deploying: Option<u64>,
    pub capacity_rps: f64,
    /// The application revision the instance runs, if any (AMI-baked or deployed). Interned
    /// by the simulator: instances running the same revision share one string, so per-minute
    /// grouping by revision compares pointers, not bytes.
    pub revision: Option<Text>,
    /// `launch.instance_type`, interned by the simulator like `revision`: the minute's billing
    /// groups the fleet by type comparing pointers, not bytes.
    pub type_label: Text,
    pub launched_at: SimTime,
    pub in_service_at: Option<SimTime>,
    /// Shared by the instances launched alike (the simulator reuses the previous launch's copy
    /// when it resolves to the same).
    pub launch: Rc<ResolvedLaunch>,
    /// Sequence number in launch order; the id string derives from it.
    pub key: u64,
    pub id: Text,
    pub az: Text,
    pub az_index: usize,
    /// Software on the instance: the AMI's, plus what deployments installed.
    pub software: Vec<String>,
    pub terminating_at: Option<SimTime>,
    /// Lifecycle hooks still waiting for a result (A6.4, A6.5).
    pub pending_hooks: Vec<HookRef>,
    /// Bumped on every state change so stale timers can be recognised and ignored.
    pub generation: u64,
    /// The activity that launched this instance (updated when it reaches InService).
    pub launch_activity: Option<u64>,
    /// CodeDeploy instance health (B2.3): `Some(true)` = the last deployment to it succeeded.
    pub last_deploy_ok: Option<bool>,
    pub protected_from_scale_in: bool,
    /// Launched by a policy's scale-out: its warm-up holds back further steps and blocks
    /// policy scale-in (A3.3.6).
    pub scale_out_launch: bool,
}

impl Instance {
    /// True when the instance takes traffic from the load balancer.
    /// An in-place deployment stops the application first (ApplicationStop, or BlockTraffic
    /// with a load balancer, B3.1), so an instance being deployed to serves nothing.
    pub fn serves_traffic(&self) -> bool {
        self.state == LifecycleState::InService
            && self.ec2_running
            && self.deploying.is_none()
            && self.role == Role::Member
    }

    /// Counts toward the group's capacity: a member that is not on its way out.
    pub fn in_group(&self) -> bool {
        self.role == Role::Member && !self.state.is_terminating()
    }

    /// Uptime in whole seconds at `now`.
    pub fn uptime_s(&self, now: SimTime) -> u64 {
        now.since(self.launched_at) / 1000
    }
}

/// Deterministic EC2-looking id: `i-` and 17 hex digits, from the seed and launch number.
/// A lifecycle hook an instance waits on (A6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HookRef {
    /// The group's hook at this index in the scenario.
    Scenario(usize),
    /// CodeDeploy's managed launch hook (B5.1): completed by its launch deployment.
    CodeDeployLaunch,
}

pub fn instance_id(seed: u64, key: u64) -> String {
    let mut x = seed ^ key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    // 17 hex digits = 68 bits; keep it 0-prefixed like real ids. Written at its length at
    // once (`format!` would grow the string twice); writing into a `String` cannot fail.
    let mut id = String::with_capacity(19);
    let _ = write!(id, "i-0{:016x}", x);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a2_13_state_strings() {
        assert_eq!(LifecycleState::PendingWait.as_str(), "Pending:Wait");
        assert_eq!(
            LifecycleState::TerminatingProceed.as_str(),
            "Terminating:Proceed"
        );
    }

    #[test]
    fn ids_look_like_ec2() {
        let id = instance_id(1, 1);
        assert_eq!(id.len(), 19);
        assert!(id.starts_with("i-0"));
        assert_ne!(instance_id(1, 1), instance_id(1, 2));
    }
}
