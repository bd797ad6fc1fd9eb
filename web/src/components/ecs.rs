//! ECS on the page: the service's cards (task definition revisions, the service with its
//! deployments, capacity, the deployment configuration, the service's auto scaling), and the
//! tasks inside their container instances (or as Fargate tasks). Everything shown comes from
//! the core: its view of the service (`EcsView`), its typed outputs (service events and
//! scaling activities reach the activity history through the engine) and the scenario; ECS's
//! words are the core's, never rebuilt here.

use scaleout_core::ecs::circuit_breaker::RolloutState;
use scaleout_core::ecs::output::{EcsView, TaskView};
use scaleout_core::ecs::task::TaskStatus;
use scaleout_core::scenario::{
    Action, DeploymentController, EcsCapacity, EcsSpec, ServicePolicyKind, TaskDefinitionSpec,
};
use scaleout_core::Scenario;
use yew::prelude::*;

use crate::i18n::{t, Lang};

/// A card in EKS's look (the shared helper, one copy in the page), with `ecs-card` added.
fn card(title: &str, testid: &'static str, rows: Html) -> Html {
    super::eks::card_of("card eks-card ecs-card", title, testid, rows)
}

use super::eks::row;

/// `n %`: one formatting call for the cards' percentages.
fn percent(n: u32) -> String {
    format!("{n} %")
}

/// The task definition revisions registered by `now_ms`, as `(family:revision, definition)`:
/// the scenario's, then its `RegisterTaskDefinition` actions in time order (the n-th
/// registration of a family is revision n).
pub fn revisions(s: &Scenario, now_ms: u64) -> Vec<(String, &TaskDefinitionSpec)> {
    let Some(e) = s.ecs.as_ref() else {
        return Vec::new();
    };
    let live = s.actions.iter().filter_map(|a| match &a.action {
        Action::RegisterTaskDefinition { definition } if a.at_ms <= now_ms => Some(definition),
        _ => None,
    });
    // Borrowed, not cloned: a clone of each definition (and its drop) cost the page code.
    let mut out: Vec<(String, &TaskDefinitionSpec)> = Vec::new();
    for d in e.task_definitions.iter().chain(live) {
        let n = out.iter().filter(|(_, x)| x.family == d.family).count() + 1;
        out.push((format!("{}:{n}", d.family), d));
    }
    out
}

fn rollout_class(r: RolloutState) -> &'static str {
    match r {
        RolloutState::IN_PROGRESS => "rollout-in-progress",
        RolloutState::COMPLETED => "rollout-completed",
        RolloutState::FAILED => "rollout-failed",
    }
}

/// Task definitions, the service, capacity, the deployment configuration, auto scaling.
pub fn service_cards(lang: Lang, view: &EcsView, s: &Scenario, now_ms: u64) -> Html {
    let Some(e) = s.ecs.as_ref() else {
        return html! {};
    };
    let count = |f: &dyn Fn(TaskStatus) -> bool| view.tasks.iter().filter(|t| f(t.status)).count();
    let running = count(&|s| s == TaskStatus::RUNNING);
    let pending = count(&|s| matches!(s, TaskStatus::PROVISIONING | TaskStatus::PENDING));
    let in_use: Vec<&str> = view
        .deployments
        .iter()
        .map(|d| d.task_definition.as_str())
        .collect();
    let task_definitions = card(
        t(lang, "ecs_task_definitions"),
        "task-definitions-card",
        html! {
            <>
                { for revisions(s, now_ms).into_iter().map(|(name, d)| {
                    let used = in_use.contains(&name.as_str());
                    row(&name, html! {
                        <span data-testid="task-definition" data-revision={name.clone()}
                            class={classes!(used.then_some("in-use"))}>
                            <code>{ d.image.clone() }</code>
                            { format!(" {} CPU, {} MiB", d.cpu_units, d.memory_mib) }
                        </span>
                    })
                }) }
            </>
        },
    );
    let controller = match e.service.deployment_controller {
        DeploymentController::ECS => "ECS (rolling update)",
        DeploymentController::CODE_DEPLOY => "CODE_DEPLOY (blue/green)",
    };
    let service = card(
        &format!("{}: {}", t(lang, "ecs_service"), view.service),
        "ecs-service-card",
        html! {
            <>
                { row(t(lang, "ecs_cluster"), html! { { view.cluster.clone() } }) }
                { row(t(lang, "ecs_counts"), html! {
                    <span>
                        <span data-testid="ecs-desired">{ view.desired }</span>{ " / " }
                        <span data-testid="ecs-running">{ running }</span>{ " / " }
                        <span data-testid="ecs-pending">{ pending }</span>
                    </span>
                }) }
                { row(t(lang, "ecs_controller"), html! { { controller } }) }
                { row(t(lang, "ecs_deployments"), html! {
                    <ul data-testid="ecs-deployments">
                        { for view.deployments.iter().map(|d| {
                            let state = d.rollout_state.as_str();
                            html! {
                                <li data-testid="ecs-deployment" data-status={d.status.clone()}
                                    data-rollout-state={state}>
                                    { format!("{} {} {} ", d.status, d.id, d.task_definition) }
                                    <span class={classes!("badge", rollout_class(d.rollout_state))}>{ state }</span>
                                </li>
                            }
                        }) }
                    </ul>
                }) }
                if e.service.deployment_controller == DeploymentController::CODE_DEPLOY {
                    { row(t(lang, "ecs_green"), html! {
                        <span data-testid="ecs-green-percent">{ percent(view.green_percent) }</span>
                    }) }
                }
            </>
        },
    );
    let capacity = card(
        t(lang, "ecs_capacity"),
        "capacity-card",
        capacity_rows(lang, e, view),
    );
    let dc = &e.service.deployment_configuration;
    let config = card(
        t(lang, "ecs_deployment_config"),
        "deployment-config-card",
        html! {
            <>
                if e.service.deployment_controller == DeploymentController::ECS {
                    { row("minimumHealthyPercent", html! { { percent(dc.minimum_healthy_percent) } }) }
                    { row("maximumPercent", html! { { percent(dc.maximum_percent) } }) }
                    { row(t(lang, "ecs_circuit_breaker"), html! {
                        <span data-testid="circuit-breaker">{ match (dc.circuit_breaker.enable, dc.circuit_breaker.rollback) {
                            (true, true) => "enable, rollback",
                            (true, false) => "enable",
                            _ => "off",
                        } }</span>
                    }) }
                } else {
                    { row("deploymentConfigName", html! { <code>{ e.service.code_deploy.deployment_config_name.clone() }</code> }) }
                    { row("terminationWaitTimeInMinutes", html! { { e.service.code_deploy.termination_wait_minutes } }) }
                    { row(t(lang, "ecs_auto_rollback"), html! { { t(lang, if e.service.code_deploy.auto_rollback { "eks_on" } else { "eks_off" }) } }) }
                }
            </>
        },
    );
    let scaling = card(
        t(lang, "ecs_service_scaling"),
        "service-scaling-card",
        match &e.service.auto_scaling {
            None => row(
                t(lang, "ecs_policy"),
                html! { { t(lang, "ecs_no_scaling") } },
            ),
            Some(a) => html! {
                <>
                    { row(t(lang, "min_max"), html! { { format!("{} / {}", a.min_capacity, a.max_capacity) } }) }
                    { for a.policies.iter().map(|p| row(&p.name, html! { { match &p.kind {
                        ServicePolicyKind::TargetTrackingScaling { metric, target_value, .. } => format!(
                            "target tracking: {} = {target_value}",
                            metric.predefined().unwrap_or(metric.as_str())
                        ),
                        ServicePolicyKind::StepScaling { adjustment_type, .. } => {
                            format!("step scaling: {}", adjustment_type.as_str())
                        }
                    } } })) }
                </>
            },
        },
    );
    html! {
        <div class="eks-cards ecs-cards">
            { task_definitions }
            { service }
            { capacity }
            { config }
            { scaling }
        </div>
    }
}

fn capacity_rows(lang: Lang, e: &EcsSpec, view: &EcsView) -> Html {
    match &e.capacity {
        EcsCapacity::FARGATE => row(
            t(lang, "ecs_capacity"),
            html! { <span data-testid="capacity-kind">{ "FARGATE" }</span> },
        ),
        EcsCapacity::CapacityProvider {
            name,
            managed_scaling,
        } => html! {
            <>
                { row(t(lang, "ecs_capacity_provider"), html! { <span data-testid="capacity-kind">{ name.clone() }</span> }) }
                { row(t(lang, "ecs_target_capacity"), html! { {
                    managed_scaling.map_or_else(|| "-".to_string(), |m| percent(m.target_capacity))
                } }) }
                { row("CapacityProviderReservation", html! {
                    <span data-testid="capacity-provider-reservation">{
                        view.last.capacity_provider_reservation.map_or_else(String::new, |r| format!("{r:.0} %"))
                    }</span>
                }) }
                { row(t(lang, "ecs_container_instances"), html! { { view.last.container_instances } }) }
            </>
        },
    }
}

/// The colour class of a task state.
fn state_class(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::PROVISIONING => "task-provisioning",
        TaskStatus::PENDING | TaskStatus::ACTIVATING => "task-pending",
        TaskStatus::RUNNING => "task-running",
        TaskStatus::DEACTIVATING => "task-deactivating",
        TaskStatus::STOPPING | TaskStatus::DEPROVISIONING => "task-stopping",
        TaskStatus::STOPPED => "task-stopped",
    }
}

/// The tasks inside their container instances (EC2 capacity), or as Fargate tasks; tasks not
/// placed yet in a box of their own. Badges are coloured by task definition revision.
pub fn task_grid(lang: Lang, view: &EcsView, revisions: &[String]) -> Html {
    let task = |x: &TaskView| {
        let status = x.status.as_str();
        let rev_index = revisions
            .iter()
            .position(|r| *r == x.task_definition)
            .map_or(9, |i| i % 6);
        let rev = x.task_definition.rsplit(':').next().unwrap_or_default();
        html! {
            <li key={x.id.clone()}>
                <span class={classes!("instance", "task", state_class(x.status))} data-testid="instance"
                    data-state={status} data-revision={x.task_definition.clone()}
                    data-healthy={x.counts_as_healthy.to_string()}
                    role="img" title={format!("{} {}", x.id, x.started_by)}
                    aria-label={format!("{} {status} {}", x.id, x.task_definition)}>
                    <span class={classes!("rev", format!("rev-{rev_index}"))}>{ format!("r{rev}") }</span>
                </span>
            </li>
        }
    };
    let mut hosts: Vec<&str> = view
        .tasks
        .iter()
        .filter_map(|x| x.container_instance.as_deref())
        .collect();
    hosts.dedup();
    let mut unique: Vec<&str> = Vec::new();
    for h in hosts {
        if !unique.contains(&h) {
            unique.push(h);
        }
    }
    let fargate = view.last.container_instances == 0 && unique.is_empty();
    let unplaced: Vec<&TaskView> = view
        .tasks
        .iter()
        .filter(|x| x.container_instance.is_none())
        .collect();
    html! {
        <div class="instance-grid task-grid" data-testid="instance-grid">
            <ul class="legend" aria-label={t(lang, "ecs_task_states")}>
                { for ["PROVISIONING", "PENDING", "RUNNING", "DEACTIVATING", "STOPPING", "STOPPED"].iter().map(|s| html! {
                    <li><span class={classes!("swatch", format!("task-{}", s.to_ascii_lowercase()))}></span>{ *s }</li>
                }) }
            </ul>
            { for unique.iter().map(|h| html! {
                <section class="az node" key={h.to_string()} data-testid="container-instance" aria-label={h.to_string()}>
                    <h3>{ *h }</h3>
                    <ul>
                        { for view.tasks.iter().filter(|x| x.container_instance.as_deref() == Some(*h)).map(task) }
                    </ul>
                </section>
            }) }
            <section class="az node unscheduled" data-testid="fargate-tasks"
                aria-label={t(lang, if fargate { "ecs_fargate_tasks" } else { "ecs_unplaced" })}>
                <h3>{ format!("{} ({})", t(lang, if fargate { "ecs_fargate_tasks" } else { "ecs_unplaced" }), unplaced.len()) }</h3>
                <ul>{ for unplaced.into_iter().map(task) }</ul>
            </section>
        </div>
    }
}

/// The ECS side of the engine's output handling: service events and scaling activities
/// become activity rows (and moments) in AWS's words as the core wrote them, and tasks that
/// stopped are kept a minute so the grid can show STOPPED (the core drops them at once).
#[derive(Default)]
pub struct EcsLog {
    /// (when it stopped, the task as it was).
    stopped: Vec<(u64, TaskView)>,
    /// Activity keys of the ECS rows: above the core's activity numbers.
    next_seq: u64,
}

/// ECS rows' keys start here, far above any activity number of the core.
const ECS_SEQ_BASE: u64 = 1 << 48;

/// How long a STOPPED task stays in the grid.
const STOPPED_SHOWN_MS: u64 = 60_000;

impl EcsLog {
    pub fn collect(
        &mut self,
        e: &scaleout_core::ecs::output::EcsOutput,
        rows: &mut Vec<crate::state::ActivityRow>,
        moments: &mut Vec<crate::state::Moment>,
    ) {
        use crate::state::{ActivityRow, Moment, MomentKind};
        use scaleout_core::ecs::output::EcsOutput as E;
        let t = e.time().0;
        let mut row = |description: String, cause: String| {
            let seq = ECS_SEQ_BASE + self.next_seq;
            self.next_seq += 1;
            rows.push(ActivityRow {
                seq,
                start_ms: t,
                description,
                cause,
            });
            seq
        };
        match e {
            E::ServiceEvent { message, .. } => {
                row(message.clone(), String::new());
            }
            E::ScalingActivity {
                description, cause, ..
            } => {
                let seq = row(description.clone(), format!("Cause: {cause}"));
                moments.push(Moment {
                    t_ms: t,
                    kind: MomentKind::Activity,
                    text: description.clone(),
                    seq: Some(seq),
                });
            }
            E::DeploymentChanged { .. } | E::ActionRejected { .. } => moments.push(Moment {
                t_ms: t,
                kind: MomentKind::Policy,
                text: e.policy_text().unwrap_or_default(),
                seq: None,
            }),
            E::TaskStateChanged {
                task_id,
                task_definition,
                started_by,
                to: TaskStatus::STOPPED,
                container_instance,
                ..
            } => {
                self.stopped.retain(|(at, _)| at + STOPPED_SHOWN_MS > t);
                self.stopped.push((
                    t,
                    TaskView {
                        id: task_id.clone(),
                        task_definition: task_definition.clone(),
                        started_by: started_by.clone(),
                        status: TaskStatus::STOPPED,
                        container_instance: container_instance.clone(),
                        availability_zone: None,
                        health: scaleout_core::ecs::task::HealthStatus::UNKNOWN,
                        counts_as_healthy: false,
                        cpu_pct: 0.0,
                        mem_pct: 0.0,
                    },
                ));
            }
            _ => {}
        }
    }

    /// The core's view with the tasks that stopped within the last minute added.
    pub fn with_stopped(&self, mut view: EcsView, now: scaleout_core::SimTime) -> EcsView {
        view.tasks.extend(
            (self.stopped.iter())
                .filter(|(at, _)| at + STOPPED_SHOWN_MS > now.0)
                .map(|(_, x)| x.clone()),
        );
        view
    }
}

/// An ECS minute on the charts: the service carries the load (the group's instances are
/// container instances), its CPU and memory, and its task counts.
pub fn chart_point(p: &mut crate::state::ChartPoint, e: &scaleout_core::ecs::output::EcsSample) {
    p.load_rps = e.load_rps;
    p.served_rps = (e.load_rps - e.dropped_rps).max(0.0);
    p.dropped_rps = e.dropped_rps;
    p.avg_cpu = Some(e.cpu_pct);
    p.avg_mem = Some(e.mem_pct);
    p.ecs_desired = e.desired;
    p.tasks_running = e.running;
    p.tasks_waiting = e.provisioning + e.pending;
}

/// The revision names (`family:n`) registered by `now_ms`, oldest first: the tasks' badge colours.
pub fn revision_names(s: &Scenario, now_ms: u64) -> Vec<String> {
    revisions(s, now_ms).into_iter().map(|(n, _)| n).collect()
}
