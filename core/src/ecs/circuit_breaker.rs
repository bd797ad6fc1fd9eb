//! The deployment circuit breaker, rollout state and rollback (C2, G7).
//!
//! A rolling deployment starts `IN_PROGRESS`. With the circuit breaker on, ECS counts failed
//! tasks of the new deployment in two stages: stage 1 counts tasks that fail to reach RUNNING;
//! once one task of the deployment reaches RUNNING, stage 2 counts tasks that fail health
//! checks (ELB, Cloud Map, container). When the count reaches the threshold the deployment goes
//! `FAILED` and launches no more tasks; with `rollback` the service redeploys the last
//! `COMPLETED` deployment. A deployment that reaches steady state goes `COMPLETED`.

use serde::{Deserialize, Serialize};

/// How the failure threshold is computed. The spec's goldens (G7) follow the classic guide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThresholdModel {
    /// Classic guide (C2, G7): `clamp(ceil(0.5 × desired), 10, 200)`.
    Classic,
    /// Current API reference: the same formula with a minimum of 3 (UNCONFIRMED which one a
    /// live service uses today; a named, changeable model parameter).
    Current,
    /// `thresholdConfiguration` BOUNDED_PERCENT: `clamp(ceil(percent% × desired), 3, 200)`
    /// \[MODEL\] bounds as for `Current`.
    BoundedPercent(u32),
}

/// C2 threshold for a deployment with `desired` tasks.
pub fn threshold(desired: u32, model: ThresholdModel) -> u32 {
    let (pct, lo) = match model {
        ThresholdModel::Classic => (50u64, 10),
        ThresholdModel::Current => (50, 3),
        ThresholdModel::BoundedPercent(p) => (p as u64, 3),
    };
    ((desired as u64 * pct).div_ceil(100) as u32).clamp(lo, 200)
}

/// `deploymentCircuitBreaker {enable, rollback}` plus the newer `resetOnHealthyTask`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircuitBreakerConfig {
    pub enable: bool,
    pub rollback: bool,
    /// Newer API, default true: a task that becomes healthy resets the failure count.
    pub reset_on_healthy_task: bool,
    pub threshold_model: ThresholdModel,
}

impl Default for CircuitBreakerConfig {
    fn default() -> Self {
        CircuitBreakerConfig {
            enable: false,
            rollback: false,
            reset_on_healthy_task: true,
            threshold_model: ThresholdModel::Classic,
        }
    }
}

#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RolloutState {
    IN_PROGRESS,
    COMPLETED,
    FAILED,
}

impl RolloutState {
    /// ECS's word for the state (`rolloutState` in DescribeServices).
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutState::IN_PROGRESS => "IN_PROGRESS",
            RolloutState::COMPLETED => "COMPLETED",
            RolloutState::FAILED => "FAILED",
        }
    }
}

/// One deployment of a service (`ecs-svc/<id>`), running one task definition revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    pub id: String,
    pub task_definition: String,
    pub rollout_state: RolloutState,
    pub threshold: u32,
    pub failed_tasks: u32,
    /// Stage 2 once any task of this deployment reached RUNNING.
    pub stage: u8,
}

/// What the service must do after an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Continue,
    Completed,
    /// Failed; no rollback: the service stops launching tasks for this deployment.
    Failed,
    /// Failed and rolling back to this deployment's task definition.
    RollBack {
        to_task_definition: String,
    },
}

/// The service's deployments: the PRIMARY one and the history of COMPLETED ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollout {
    pub service: String,
    pub config: CircuitBreakerConfig,
    pub primary: Deployment,
    /// The last deployment that reached COMPLETED (rollback target).
    pub last_completed: Option<Deployment>,
    /// Service events, in AWS's wording (\[MODEL\] texts, see `docs/rules/ecs.md`).
    pub events: Vec<String>,
}

impl Rollout {
    /// A service's first deployment, already COMPLETED (as a steady service is).
    pub fn steady(
        service: &str,
        deployment_id: &str,
        task_definition: &str,
        desired: u32,
        config: CircuitBreakerConfig,
    ) -> Self {
        let d = Deployment {
            id: deployment_id.to_string(),
            task_definition: task_definition.to_string(),
            rollout_state: RolloutState::COMPLETED,
            threshold: threshold(desired, config.threshold_model),
            failed_tasks: 0,
            stage: 1,
        };
        Rollout {
            service: service.to_string(),
            config,
            primary: d.clone(),
            last_completed: Some(d),
            events: Vec::new(),
        }
    }

    /// UpdateService with a new task definition: a new PRIMARY deployment IN_PROGRESS.
    pub fn start(&mut self, deployment_id: &str, task_definition: &str, desired: u32) {
        if self.primary.rollout_state == RolloutState::COMPLETED {
            self.last_completed = Some(self.primary.clone());
        }
        self.primary = Deployment {
            id: deployment_id.to_string(),
            task_definition: task_definition.to_string(),
            rollout_state: RolloutState::IN_PROGRESS,
            threshold: threshold(desired, self.config.threshold_model),
            failed_tasks: 0,
            stage: 1,
        };
    }

    /// A task of the primary deployment reached RUNNING: stage 2 from now on.
    pub fn task_running(&mut self) {
        self.primary.stage = 2;
    }

    /// A task of the primary deployment became healthy.
    pub fn task_healthy(&mut self) {
        if self.config.reset_on_healthy_task {
            self.primary.failed_tasks = 0;
        }
    }

    /// A task of the primary deployment failed in `stage` (see
    /// [`super::task::StopReason::circuit_breaker_stage`]).
    pub fn task_failed(&mut self, stage: u8) -> Outcome {
        if !self.config.enable || self.primary.rollout_state != RolloutState::IN_PROGRESS {
            return Outcome::Continue;
        }
        // Stage-1 failures no longer count once the deployment is in stage 2.
        if stage < self.primary.stage {
            return Outcome::Continue;
        }
        self.primary.failed_tasks = self.primary.failed_tasks.saturating_add(1);
        if self.primary.failed_tasks < self.primary.threshold {
            return Outcome::Continue;
        }
        self.primary.rollout_state = RolloutState::FAILED;
        let why = if self.primary.stage == 1 {
            "tasks failed to start"
        } else {
            "tasks failed health checks"
        };
        // ECS-DG service-event-messages documents "deployment failed: tasks failed to start.";
        // the health-check variant is [MODEL].
        self.events.push(format!(
            "(service {}) deployment failed: {why}.",
            self.service
        ));
        match (&self.last_completed, self.config.rollback) {
            (Some(prev), true) => {
                let to = prev.task_definition.clone();
                self.events.push(format!(
                    "(service {}) rolling back to deployment {}.",
                    self.service, prev.id
                ));
                Outcome::RollBack {
                    to_task_definition: to,
                }
            }
            _ => Outcome::Failed,
        }
    }

    /// The primary deployment reached steady state (desired healthy tasks, no old ones).
    pub fn steady_state(&mut self) -> Outcome {
        if self.primary.rollout_state == RolloutState::IN_PROGRESS {
            self.primary.rollout_state = RolloutState::COMPLETED;
            self.last_completed = Some(self.primary.clone());
            self.events.push(format!(
                "(service {}) (deployment {}) deployment completed.",
                self.service, self.primary.id
            ));
        }
        self.events.push(format!(
            "(service {}) has reached a steady state.",
            self.service
        ));
        Outcome::Completed
    }
}
