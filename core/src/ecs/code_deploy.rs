//! A `CODE_DEPLOY` service over time (C3): ECS keeps each task set at its size, and a
//! CodeDeploy deployment walks the ECS lifecycle events in order
//! ([`super::blue_green::LIFECYCLE`]): the replacement task set is created (Install) and must
//! reach steady state within an hour, the hooks run, production traffic shifts per the
//! deployment configuration ([`super::blue_green::TrafficRouting`]), and the original task set
//! is deleted `terminationWaitTimeInMinutes` after the deployment ends. A failed hook, a
//! replacement that never gets healthy, or a scaling event the task sets do not recover from
//! within 5 minutes fails the deployment; with automatic rollback the traffic goes back to the
//! original task set and the replacement is deleted.

use super::blue_green::{
    fails_after_scaling, predefined, task_set_count, validate_termination_wait, TrafficRouting,
    GREEN_STEADY_STATE_TIMEOUT_MS, LIFECYCLE,
};
use super::circuit_breaker::RolloutState;
use super::output::DeploymentView;
use super::runtime::Decisions;
use super::task::{StopReason, TaskStatus};
use super::tasks::Task;
use super::MS_PER_MIN;
use crate::scenario::{EcsCodeDeploySpec, EcsHookSpec};

/// A task set: tasks of one revision that ECS keeps at `scale` percent of the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskSet {
    pub id: String,
    pub task_definition: String,
}

/// A CodeDeploy deployment in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Run {
    id: String,
    /// Index into [`LIFECYCLE`].
    event: usize,
    event_started_ms: u64,
    event_reported: bool,
    shift_started_ms: Option<u64>,
    scaled_at_ms: Option<u64>,
    steady_since_ms: Option<u64>,
}

/// What CodeDeploy reported in one step.
#[derive(Default)]
pub(super) struct CodeDeployReport {
    pub(super) deployment_id: String,
    /// (lifecycle event, status) in order.
    pub(super) lifecycle: Vec<(String, String)>,
    /// The new production traffic percentage on the replacement, when it changed.
    pub(super) green_percent: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct BlueGreenService {
    pub name: String,
    pub desired: u32,
    primary: TaskSet,
    replacement: Option<TaskSet>,
    /// The original task set after a successful deployment, deleted at the given time.
    draining: Option<(TaskSet, u64)>,
    run: Option<Run>,
    routing: TrafficRouting,
    hooks: Vec<EcsHookSpec>,
    termination_wait_ms: u64,
    auto_rollback: bool,
    green_percent: u32,
    next_task: u64,
    next_set: u64,
    next_deployment: u64,
    last: (String, String, RolloutState),
    steady_reported: bool,
}

impl BlueGreenService {
    pub fn new(
        name: &str,
        task_definition: &str,
        desired: u32,
        cd: &EcsCodeDeploySpec,
    ) -> Result<BlueGreenService, String> {
        let routing = predefined(&cd.deployment_config_name).ok_or_else(|| {
            format!(
                "No deployment configuration found for name: {}",
                cd.deployment_config_name
            )
        })?;
        validate_termination_wait(cd.termination_wait_minutes)?;
        let primary = TaskSet {
            id: set_id(1),
            task_definition: task_definition.to_string(),
        };
        Ok(BlueGreenService {
            name: name.to_string(),
            desired,
            last: (
                primary.id.clone(),
                task_definition.to_string(),
                RolloutState::IN_PROGRESS,
            ),
            primary,
            replacement: None,
            draining: None,
            run: None,
            routing,
            hooks: cd.hooks.clone(),
            termination_wait_ms: u64::from(cd.termination_wait_minutes) * MS_PER_MIN,
            auto_rollback: cd.auto_rollback,
            green_percent: 0,
            next_task: 1,
            next_set: 2,
            next_deployment: 1,
            steady_reported: false,
        })
    }

    /// CodeDeploy CreateDeployment for a new revision (one active deployment at a time, B1.3).
    pub fn deploy(&mut self, task_definition: &str, now_ms: u64) -> Result<(), String> {
        if let Some(r) = &self.run {
            return Err(format!(
                "The deployment group already has an active deployment ({}).",
                r.id
            ));
        }
        let id = format!("d-ECS{:06}", self.next_deployment);
        self.next_deployment += 1;
        self.replacement = Some(TaskSet {
            id: set_id(self.next_set),
            task_definition: task_definition.to_string(),
        });
        self.next_set += 1;
        self.last = (
            id.clone(),
            task_definition.to_string(),
            RolloutState::IN_PROGRESS,
        );
        self.run = Some(Run {
            id,
            event: 0,
            event_started_ms: now_ms,
            event_reported: false,
            shift_started_ms: None,
            scaled_at_ms: None,
            steady_since_ms: None,
        });
        Ok(())
    }

    /// The service's desired count changed (Service Auto Scaling or UpdateService): both task
    /// sets follow it; during a deployment it is a scaling event (C3).
    pub fn set_desired(&mut self, n: u32, now_ms: u64) {
        if n != self.desired {
            self.desired = n;
            if let Some(r) = &mut self.run {
                r.scaled_at_ms = Some(now_ms);
                r.steady_since_ms = None;
            }
        }
    }

    /// Steady, with no deployment and no task set draining: a step would do nothing until a
    /// task changes or the service is updated.
    pub fn settled(&self) -> bool {
        self.steady_reported && self.run.is_none() && self.draining.is_none()
    }

    /// ECS replaces a stopped task of a task set on its next step; nothing else to do.
    pub fn task_stopped(&mut self, _id: &str, _reason: &StopReason, _now_ms: u64) {}

    pub fn rollout_state(&self) -> RolloutState {
        self.last.2
    }

    pub fn primary_deployment(&self) -> Option<(String, String, RolloutState)> {
        Some(self.last.clone())
    }

    pub fn green_percent(&self) -> u32 {
        self.green_percent
    }

    pub fn replacement_id(&self) -> Option<String> {
        self.replacement.as_ref().map(|s| s.id.clone())
    }

    /// Production traffic by task set: the original set gets what the replacement does not;
    /// a draining set gets none.
    pub fn traffic_split(&self) -> Vec<(String, f64)> {
        let g = f64::from(self.green_percent) / 100.0;
        let mut v = vec![(self.primary.id.clone(), 1.0 - g)];
        if let Some(r) = &self.replacement {
            v.push((r.id.clone(), g));
        }
        v
    }

    pub fn deployment_views(&self) -> Vec<DeploymentView> {
        let mut v = vec![DeploymentView {
            id: self.primary.id.clone(),
            task_definition: self.primary.task_definition.clone(),
            status: "PRIMARY".into(),
            rollout_state: RolloutState::COMPLETED,
        }];
        for (s, status) in [
            (self.replacement.as_ref(), "ACTIVE"),
            (self.draining.as_ref().map(|d| &d.0), "DRAINING"),
        ] {
            if let Some(s) = s {
                v.push(DeploymentView {
                    id: s.id.clone(),
                    task_definition: s.task_definition.clone(),
                    status: status.into(),
                    rollout_state: self.last.2,
                });
            }
        }
        v
    }

    /// One pass: keep the task sets at size, then move the deployment on.
    pub(super) fn step(&mut self, now_ms: u64, tasks: &[Task]) -> (Decisions, CodeDeployReport) {
        let mut d = Decisions::default();
        let mut cd = CodeDeployReport::default();
        let target = task_set_count(self.desired, 100);
        let mut sets = vec![self.primary.clone()];
        sets.extend(self.replacement.clone());
        let mut all_steady = true;
        for set in &sets {
            let (live, healthy) = counts(tasks, &set.id);
            all_steady &= live == target && healthy == target;
            self.resize(set, live, target, tasks, &mut d);
        }
        if let Some((set, at)) = self.draining.clone() {
            if now_ms >= at {
                self.stop_all(&set, tasks, &mut d);
                self.draining = None;
            }
        }
        if let Some(mut run) = self.run.take() {
            if all_steady {
                run.steady_since_ms.get_or_insert(now_ms);
            } else {
                run.steady_since_ms = None;
            }
            cd.deployment_id = run.id.clone();
            let finished = self.advance(&mut run, now_ms, tasks, &mut d, &mut cd);
            if !finished {
                self.run = Some(run);
            }
        }
        if !d.start.is_empty() || !d.stop.is_empty() {
            self.steady_reported = false;
        } else if self.run.is_none() && all_steady && !self.steady_reported {
            self.steady_reported = true;
            if self.last.2 == RolloutState::IN_PROGRESS {
                self.last.2 = RolloutState::COMPLETED;
            }
            d.events.push(format!(
                "(service {}) has reached a steady state.",
                self.name
            ));
        }
        (d, cd)
    }

    /// Walks the lifecycle events as far as they can go now; true when the deployment ended.
    fn advance(
        &mut self,
        run: &mut Run,
        now_ms: u64,
        tasks: &[Task],
        d: &mut Decisions,
        cd: &mut CodeDeployReport,
    ) -> bool {
        while let Some(&(name, hookable)) = LIFECYCLE.get(run.event) {
            if !run.event_reported {
                run.event_reported = true;
                run.event_started_ms = now_ms;
                cd.lifecycle.push((name.to_string(), "InProgress".into()));
            }
            let elapsed = now_ms - run.event_started_ms;
            let outcome: Option<bool> = match name {
                "Install" => {
                    let set = self
                        .replacement
                        .as_ref()
                        .map(|s| s.id.as_str())
                        .unwrap_or("");
                    let (live, healthy) = counts(tasks, set);
                    let target = task_set_count(self.desired, 100);
                    if live == target && healthy == target {
                        Some(true)
                    } else if elapsed >= GREEN_STEADY_STATE_TIMEOUT_MS {
                        Some(false)
                    } else {
                        None
                    }
                }
                "AllowTraffic" => {
                    let start = *run.shift_started_ms.get_or_insert(now_ms);
                    let p = self.routing.green_percent(now_ms - start);
                    if p != self.green_percent {
                        self.green_percent = p;
                        cd.green_percent = Some(p);
                    }
                    let failed = run
                        .scaled_at_ms
                        .is_some_and(|s| fails_after_scaling(s, run.steady_since_ms, now_ms));
                    if failed {
                        Some(false)
                    } else if p >= 100 {
                        Some(true)
                    } else {
                        None
                    }
                }
                _ if hookable => match self.hooks.iter().find(|h| h.event == name) {
                    Some(h) if elapsed >= u64::from(h.duration_s) * 1_000 => Some(h.succeeds),
                    Some(_) => None,
                    None => Some(true),
                },
                _ => Some(true),
            };
            match outcome {
                None => return false,
                Some(true) => {
                    cd.lifecycle.push((name.to_string(), "Succeeded".into()));
                    run.event += 1;
                    run.event_reported = false;
                }
                Some(false) => {
                    cd.lifecycle.push((name.to_string(), "Failed".into()));
                    self.fail(tasks, d, cd);
                    return true;
                }
            }
        }
        // End succeeded: the replacement is the primary task set; the original drains.
        if let Some(green) = self.replacement.take() {
            let original = std::mem::replace(&mut self.primary, green);
            self.draining = Some((original, now_ms + self.termination_wait_ms));
        }
        self.green_percent = 0;
        self.last.2 = RolloutState::COMPLETED;
        true
    }

    fn fail(&mut self, tasks: &[Task], d: &mut Decisions, cd: &mut CodeDeployReport) {
        self.last.2 = RolloutState::FAILED;
        if !self.auto_rollback {
            return;
        }
        // Rollback: all production traffic back on the original task set, the replacement
        // deleted.
        if self.green_percent != 0 {
            self.green_percent = 0;
            cd.green_percent = Some(0);
        }
        if let Some(green) = self.replacement.take() {
            self.stop_all(&green, tasks, d);
        }
        d.events.push(format!(
            "(service {}) rolling back: the replacement task set is deleted and traffic returns to {}.",
            self.name, self.primary.id
        ));
    }

    /// ECS keeps a task set at its size: starts what is missing, stops the newest extras.
    fn resize(&mut self, set: &TaskSet, live: u32, target: u32, tasks: &[Task], d: &mut Decisions) {
        if live < target {
            let mut ids = Vec::new();
            for _ in live..target {
                let id = format!("task-{:04}", self.next_task);
                self.next_task += 1;
                d.start
                    .push((id.clone(), set.task_definition.clone(), set.id.clone()));
                ids.push(id);
            }
            d.events.push(started_event(&self.name, &set.id, &ids));
        } else if live > target {
            let extra: Vec<String> = tasks
                .iter()
                .rev()
                .filter(|t| t.started_by == set.id && t.status.counts_toward_maximum())
                .take((live - target) as usize)
                .map(|t| t.id.clone())
                .collect();
            self.stop_ids(set, extra, d);
        }
    }

    fn stop_all(&mut self, set: &TaskSet, tasks: &[Task], d: &mut Decisions) {
        let ids: Vec<String> = tasks
            .iter()
            .filter(|t| t.started_by == set.id && t.status < TaskStatus::DEACTIVATING)
            .map(|t| t.id.clone())
            .collect();
        self.stop_ids(set, ids, d);
    }

    fn stop_ids(&mut self, set: &TaskSet, ids: Vec<String>, d: &mut Decisions) {
        if ids.is_empty() {
            return;
        }
        let list: String = ids.iter().map(|id| format!(" (task {id})")).collect();
        d.events.push(format!(
            "(service {}, taskSet {}) has stopped {} running tasks:{list}.",
            self.name,
            set.id,
            ids.len()
        ));
        for id in ids {
            d.stop.push((
                id,
                StopReason::ScalingActivity {
                    deployment_id: set.id.clone(),
                },
            ));
        }
    }
}

fn set_id(n: u64) -> String {
    format!("ecs-svc/{n:019}")
}

/// (tasks counting toward the set's size, of those serving healthy).
fn counts(tasks: &[Task], set: &str) -> (u32, u32) {
    let mut live = 0;
    let mut healthy = 0;
    for t in tasks.iter().filter(|t| t.started_by == set) {
        if t.status.counts_toward_maximum() {
            live += 1;
            healthy += t.serves() as u32;
        }
    }
    (live, healthy)
}

fn started_event(service: &str, set: &str, ids: &[String]) -> String {
    let list: String = ids.iter().map(|id| format!(" (task {id})")).collect();
    format!(
        "(service {service}, taskSet {set}) has started {} tasks:{list}.",
        ids.len()
    )
}
