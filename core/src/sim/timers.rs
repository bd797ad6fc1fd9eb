//! The run's timers, typed by the subsystem that owns them. A subsystem schedules only its own
//! keys and says what its keys carry (an instance, a deployment, a step), so the dispatcher in
//! [`super::Sim`] never decodes an index or a sentinel. Cadences are owned the same way: the
//! minute cadence below is CloudWatch's; a platform with another cadence (an HPA's 15 s sync,
//! an Argo CD poll) adds its own self-rescheduling key.

use crate::instance::HookRef;
use crate::scenario::LifecycleActionResult;

/// Every timer of a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Timer {
    /// CloudWatch's one-minute cadence (A4.3): the minute's metrics, alarm evaluation and the
    /// policies the alarms invoke, then Auto Scaling's health checks (A2.6) and the sample.
    /// Rescheduled by its own handler.
    Minute,
    /// The group's capacity work.
    Capacity(CapacityTimer),
    /// An instance's way through the lifecycle (A2.13, A6).
    Lifecycle(LifecycleTimer),
    /// A scheduled action's next run (A3.6): index into the scenario's scheduled actions.
    ScheduledAction { index: usize },
    /// A user action replayed from the scenario: index into its actions.
    UserAction { index: usize },
    /// CodeDeploy and the other ways of delivering code (B).
    CodeDeploy(CodeDeployTimer),
    /// EKS: the HPA, the Cluster Autoscaler, Argo CD and the pods (`kubernetes::runtime`).
    Kubernetes(KubeTimer),
    /// The ECS scheduler's own cadence (`crate::ecs::runtime`).
    Ecs(EcsTimer),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EcsTimer {
    /// One pass of the ECS agent and service scheduler; rescheduled by its handler every
    /// `scheduler_interval_s`.
    Tick,
    /// C4: a scheduled action on the service's scalable target (an index into its
    /// `scheduled_actions`).
    ScheduledAction { index: usize },
}

/// The EKS runtime's timers; each controller keeps its own cadence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KubeTimer {
    /// D1: the HPA controller's sync, every 15 s.
    HpaSync,
    /// The Cluster Autoscaler's loop, every `scan_interval` (10 s).
    ClusterAutoscalerScan,
    /// E3: Argo CD polls Git every `timeout.reconciliation` (3 min).
    ArgoCdPoll,
    /// Argo CD reacts to a change of the live state it watches, or runs the next step of a
    /// sync operation (retry backoff, the next wave, the selfHeal timeout).
    ArgoCdWatch,
    /// A bound pod's container started (its image pulled).
    PodStarted { pod: u64 },
    /// A pod's readiness probe succeeded.
    PodReady { pod: u64 },
    /// The controllers look again (a pod became available after minReadySeconds, a
    /// progress deadline passed).
    Reconcile,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CapacityTimer {
    /// A7.2: try again to launch after a failed launch (in group `group`).
    LaunchRetry { group: usize },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LifecycleTimer {
    /// The instance finished booting (Pending ends).
    BootComplete { instance: u64 },
    /// A hook's handler answered, or its heartbeat timed out (A6.3). `generation` is the
    /// instance's at scheduling time: a stale result is ignored.
    HookCompleted {
        instance: u64,
        hook: HookRef,
        generation: u64,
        result: LifecycleActionResult,
        timeout: bool,
    },
    /// Connection draining ended (A2.9).
    DrainComplete { instance: u64, generation: u64 },
    /// The instance is gone (Terminated).
    ShutdownComplete { instance: u64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CodeDeployTimer {
    /// Lifecycle event `step` of a deployment finished on one instance (B3).
    LifecycleEventDone {
        deployment: u64,
        instance: u64,
        step: usize,
    },
    /// Someone finished updating one server by hand: `revision` indexes the scenario's revisions.
    ManualUpdate { instance: u64, revision: usize },
    /// A baked AMI is ready.
    AmiBaked { revision: usize },
    /// The instance refresh looks at its next batch (A1.9).
    RefreshStep,
    /// A blue/green deployment stopped waiting for a person to reroute (B4.2).
    BlueGreenWaitOver { deployment: u64 },
    /// The blue/green termination wait is over (B4.2).
    TerminateOriginals { deployment: u64 },
}
