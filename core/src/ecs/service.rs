//! A rolling-update service as a pure state machine, composing the pieces of this module: the
//! C1 bounds and step ([`super::rolling`]), the C1 health rule ([`super::task`]) and the C2
//! circuit breaker with rollback ([`super::circuit_breaker`]).
//!
//! The caller plays the cluster: it reports tasks reaching RUNNING, becoming healthy and
//! stopping (with AWS's reason); [`RollingService::step`] answers with the tasks to start and
//! stop, and with service events in AWS's wording ("(service web) has started 2 tasks: (task
//! …) (task …).", "has stopped 1 running tasks", "has reached a steady state.", the stuck and
//! circuit-breaker messages).

use serde::{Deserialize, Serialize};

use super::circuit_breaker::{CircuitBreakerConfig, Outcome, Rollout, RolloutState};
use super::rolling::{self, Counts, DeploymentConfiguration};
use super::task::{
    counts_as_healthy, HealthRules, HealthStatus, StopReason, TaskHealthView, TaskStatus,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTask {
    pub id: String,
    pub task_definition: String,
    pub deployment_id: String,
    pub status: TaskStatus,
    pub running_since_ms: Option<u64>,
    /// Container health (when the task definition has a health check).
    pub container_health: HealthStatus,
    /// Target health when the service has a load balancer.
    pub target_healthy: Option<bool>,
}

/// What the scheduler decided in one step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResult {
    /// Tasks created (PROVISIONING), to be placed and started by the caller.
    pub started: Vec<String>,
    /// Tasks the scheduler stops, with the reason it gives.
    pub stopped: Vec<(String, StopReason)>,
    pub events: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollingService {
    pub name: String,
    pub desired: u32,
    pub config: DeploymentConfiguration,
    pub has_health_check: bool,
    pub has_load_balancer: bool,
    pub rollout: Rollout,
    pub tasks: Vec<ServiceTask>,
    next_task: u64,
    next_deployment: u64,
    stuck_reported: bool,
    steady_reported: bool,
}

impl RollingService {
    /// A new service on `task_definition`: its first deployment starts IN_PROGRESS with no task.
    pub fn new(
        name: &str,
        task_definition: &str,
        desired: u32,
        config: DeploymentConfiguration,
        breaker: CircuitBreakerConfig,
    ) -> Self {
        let mut rollout = Rollout::steady(
            name,
            "ecs-svc/0000000000000000001",
            task_definition,
            desired,
            breaker,
        );
        rollout.last_completed = None;
        rollout.start("ecs-svc/0000000000000000001", task_definition, desired);
        RollingService {
            name: name.to_string(),
            desired,
            config,
            has_health_check: false,
            has_load_balancer: false,
            rollout,
            tasks: Vec::new(),
            next_task: 1,
            next_deployment: 2,
            stuck_reported: false,
            steady_reported: false,
        }
    }

    fn deployment_id(n: u64) -> String {
        format!("ecs-svc/{n:019}")
    }

    /// UpdateService with a new task definition: a new PRIMARY deployment.
    pub fn update(&mut self, task_definition: &str) {
        let id = Self::deployment_id(self.next_deployment);
        self.next_deployment += 1;
        self.rollout.start(&id, task_definition, self.desired);
        self.stuck_reported = false;
        self.steady_reported = false;
    }

    /// The service reported its steady state and nothing changed since: a step would do
    /// nothing until a task changes or the service is updated.
    pub fn settled(&self) -> bool {
        self.steady_reported
    }

    fn task_mut(&mut self, id: &str) -> Option<&mut ServiceTask> {
        self.tasks.iter_mut().find(|t| t.id == id)
    }

    /// The caller reports a task reached RUNNING.
    pub fn task_running(&mut self, id: &str, now_ms: u64) {
        let primary = self.rollout.primary.id.clone();
        if let Some(t) = self.task_mut(id) {
            t.status = TaskStatus::RUNNING;
            t.running_since_ms = Some(now_ms);
            if t.deployment_id == primary {
                self.rollout.task_running();
            }
        }
    }

    /// The caller reports container / target health.
    pub fn task_health(&mut self, id: &str, container: HealthStatus, target: Option<bool>) {
        let primary = self.rollout.primary.id.clone();
        let mut became_healthy = false;
        if let Some(t) = self.task_mut(id) {
            t.container_health = container;
            t.target_healthy = target;
            became_healthy = t.deployment_id == primary
                && (container == HealthStatus::HEALTHY || target == Some(true));
        }
        if became_healthy {
            self.rollout.task_healthy();
        }
    }

    /// The caller reports a task stopped on its own (failed to start, exited, failed health
    /// checks). Returns the circuit breaker's verdict; a rollback starts a new deployment.
    pub fn task_stopped(&mut self, id: &str, reason: &StopReason) -> Outcome {
        let Some(pos) = self.tasks.iter().position(|t| t.id == id) else {
            return Outcome::Continue;
        };
        let t = self.tasks.remove(pos);
        if t.deployment_id != self.rollout.primary.id {
            return Outcome::Continue;
        }
        let Some(stage) = reason.circuit_breaker_stage(t.running_since_ms.is_some()) else {
            return Outcome::Continue;
        };
        let out = self.rollout.task_failed(stage);
        if let Outcome::RollBack { to_task_definition } = &out {
            let td = to_task_definition.clone();
            self.update(&td);
        }
        out
    }

    fn view(&self, t: &ServiceTask) -> TaskHealthView {
        TaskHealthView {
            status: t.status,
            running_since_ms: t.running_since_ms,
            has_container_health_check: self.has_health_check,
            container_health: t.container_health,
            target_healthy: if self.has_load_balancer {
                Some(t.target_healthy == Some(true))
            } else {
                None
            },
        }
    }

    /// One scheduler pass (C1): start and stop tasks within the bounds, report events.
    pub fn step(&mut self, now_ms: u64, health: HealthRules) -> StepResult {
        let mut r = StepResult::default();
        // Events the circuit breaker wrote since the last step (C2), in order.
        r.events.append(&mut self.rollout.events);
        let primary = self.rollout.primary.id.clone();
        let failed = self.rollout.primary.rollout_state == RolloutState::FAILED;
        let mut c = Counts::default();
        for t in self
            .tasks
            .iter()
            .filter(|t| t.status.counts_toward_maximum())
        {
            let healthy = counts_as_healthy(&self.view(t), health, now_ms);
            if t.deployment_id == primary {
                c.new_total += 1;
                c.new_healthy += healthy as u32;
            } else {
                c.old_total += 1;
                c.old_healthy += healthy as u32;
            }
        }
        if c.old_total > 0 && self.config.is_stuck(self.desired) {
            if !self.stuck_reported {
                self.stuck_reported = true;
                r.events.push(rolling::stuck_event(&self.name));
            }
            return r;
        }
        if rolling::is_complete(self.desired, c) {
            if !self.steady_reported {
                self.steady_reported = true;
                self.rollout.steady_state();
                r.events.append(&mut self.rollout.events);
            }
            return r;
        }
        let mut step = rolling::next_step(&self.config, self.desired, c);
        // A scale-in outside a deployment: stop the PRIMARY tasks above desired, those not yet
        // healthy first, then the newest [MODEL].
        let mut scale_in: Vec<String> = Vec::new();
        if c.old_total == 0 && c.new_total > self.desired {
            // Newest first: `u64::MAX - n` orders as `Reverse(n)` would, and keeps the element
            // type of the old tasks' list below, so the page compiles one sort for both.
            let mut extra: Vec<(bool, u64, String)> = self
                .tasks
                .iter()
                .filter(|t| t.status.counts_toward_maximum())
                .map(|t| {
                    let healthy = counts_as_healthy(&self.view(t), health, now_ms);
                    (healthy, u64::MAX - task_number(&t.id), t.id.clone())
                })
                .collect();
            crate::sort::sort(&mut extra);
            scale_in = extra
                .into_iter()
                .take((c.new_total - self.desired) as usize)
                .map(|(_, _, id)| id)
                .collect();
            step.start_new = 0;
        }
        if failed {
            // C2: a FAILED deployment launches no new tasks.
            step.start_new = 0;
        }
        // Stop old tasks: unhealthy first, then the oldest.
        let mut old: Vec<(bool, u64, String)> = self
            .tasks
            .iter()
            .filter(|t| t.deployment_id != primary && t.status.counts_toward_maximum())
            .map(|t| {
                let healthy = counts_as_healthy(&self.view(t), health, now_ms);
                (healthy, task_number(&t.id), t.id.clone())
            })
            .collect();
        crate::sort::sort(&mut old);
        let old_ids = old
            .into_iter()
            .take(step.stop_old as usize)
            .map(|(_, _, id)| id);
        for id in old_ids.chain(scale_in) {
            if let Some(t) = self.task_mut(&id) {
                t.status = TaskStatus::STOPPING;
            }
            r.stopped.push((
                id,
                StopReason::ScalingActivity {
                    deployment_id: primary.clone(),
                },
            ));
        }
        let td = self.rollout.primary.task_definition.clone();
        for _ in 0..step.start_new {
            let id = format!("task-{:04}", self.next_task);
            self.next_task += 1;
            self.tasks.push(ServiceTask {
                id: id.clone(),
                task_definition: td.clone(),
                deployment_id: primary.clone(),
                status: TaskStatus::PROVISIONING,
                running_since_ms: None,
                container_health: HealthStatus::UNKNOWN,
                target_healthy: None,
            });
            r.started.push(id);
        }
        // Tasks the scheduler stopped leave the service's count at once.
        self.tasks.retain(|t| t.status != TaskStatus::STOPPING);
        if !r.stopped.is_empty() {
            let list: String = r
                .stopped
                .iter()
                .map(|(id, _)| format!(" (task {id})"))
                .collect();
            r.events.push(format!(
                "(service {}) has stopped {} running tasks:{list}.",
                self.name,
                r.stopped.len()
            ));
        }
        if !r.started.is_empty() || !r.stopped.is_empty() {
            // The service changed: it reports a steady state again once it gets there.
            self.steady_reported = false;
        }
        if !r.started.is_empty() {
            let list: String = r.started.iter().map(|id| format!(" (task {id})")).collect();
            r.events.push(format!(
                "(service {}) has started {} tasks:{list}.",
                self.name,
                r.started.len()
            ));
        }
        r
    }
}

/// The sequence number in a `task-NNNN` id (0 for any other form).
fn task_number(id: &str) -> u64 {
    id.strip_prefix("task-")
        .unwrap_or(id)
        .parse::<u64>()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(min: u32, max: u32) -> DeploymentConfiguration {
        DeploymentConfiguration {
            minimum_healthy_percent: min,
            maximum_percent: max,
        }
    }

    /// A cluster that starts every task within one step; `broken` task definitions never
    /// start (CannotPullContainerError).
    fn run(svc: &mut RollingService, from: u64, steps: u64, broken: &str) -> Vec<String> {
        let mut events = Vec::new();
        for k in 0..steps {
            let now = from + k * 10_000;
            let pending: Vec<(String, String)> = svc
                .tasks
                .iter()
                .filter(|t| t.status == TaskStatus::PROVISIONING)
                .map(|t| (t.id.clone(), t.task_definition.clone()))
                .collect();
            for (id, td) in pending {
                if td == broken {
                    svc.task_stopped(&id, &StopReason::CannotPullContainer { image: td.clone() });
                } else {
                    svc.task_running(&id, now);
                }
            }
            let r = svc.step(now, HealthRules::default());
            events.extend(r.events);
        }
        events
    }

    #[test]
    fn c1_rolling_deploy_reaches_steady_state() {
        let mut svc = RollingService::new(
            "web",
            "web:1",
            4,
            cfg(50, 200),
            CircuitBreakerConfig::default(),
        );
        let ev = run(&mut svc, 0, 10, "");
        assert!(ev[0].starts_with("(service web) has started 4 tasks: (task task-0001)"));
        assert!(ev.contains(&"(service web) has reached a steady state.".to_string()));
        svc.update("web:2");
        let ev = run(&mut svc, 200_000, 20, "");
        assert!(ev
            .iter()
            .any(|e| e.starts_with("(service web) has stopped 2 running tasks:")));
        assert_eq!(svc.rollout.primary.rollout_state, RolloutState::COMPLETED);
        assert!(svc.tasks.iter().all(|t| t.task_definition == "web:2"));
        assert_eq!(svc.tasks.len(), 4);
    }

    #[test]
    fn c2_broken_image_trips_the_breaker_and_rolls_back() {
        let breaker = CircuitBreakerConfig {
            enable: true,
            rollback: true,
            ..CircuitBreakerConfig::default()
        };
        let mut svc = RollingService::new("web", "web:1", 4, cfg(100, 200), breaker);
        run(&mut svc, 0, 10, "");
        svc.update("web:bad");
        let ev = run(&mut svc, 200_000, 40, "web:bad");
        assert!(ev
            .iter()
            .any(|e| e == "(service web) deployment failed: tasks failed to start."));
        // Rolled back: a new deployment on web:1 reached steady state; old tasks kept serving.
        assert_eq!(svc.rollout.primary.task_definition, "web:1");
        assert_eq!(svc.rollout.primary.rollout_state, RolloutState::COMPLETED);
        assert!(ev.contains(&"(service web) has reached a steady state.".to_string()));
        assert!(svc.tasks.iter().all(|t| t.task_definition == "web:1"));
    }

    #[test]
    fn c1_stuck_configuration_reports_once() {
        let mut svc = RollingService::new(
            "web",
            "web:1",
            2,
            cfg(75, 125),
            CircuitBreakerConfig::default(),
        );
        run(&mut svc, 0, 5, "");
        svc.update("web:2");
        let ev = run(&mut svc, 100_000, 5, "");
        assert_eq!(ev, vec![rolling::stuck_event("web")]);
    }
}
