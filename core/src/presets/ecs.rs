//! The ECS stories: the `examples/ecs-*.json` scenarios, stored as share-link payload bytes in
//! `presets/ecs/*.bin` (the page reads them with the link decoder it already has, so the presets
//! need no JSON parser). `core/tests/ecs_presets.rs` checks that each still decodes to its
//! example; `UPDATE_ECS_PRESETS=1` rewrites them from the examples.

use super::{
    note, Story, CIRCUIT_BREAKER_TRIPS, DEPLOYMENT_COMPLETED, DESIRED_COUNT_SET, ECS_DEPLOY,
    LOAD_RISES, NODES_JOIN, ORIGINAL_TASK_SET_DELETED, SERVICE_SCALES_IN, SERVICE_SCALES_OUT,
    TASKS_WAIT_FOR_CAPACITY, TRAFFIC_SHIFT, TRAFFIC_SHIFT_DONE,
};

/// The ECS presets, in the picker's order. A payload that no longer decodes leaves its preset
/// out (the test above fails first); [`super::all`] decodes them.
pub(super) fn stories() -> Vec<Story> {
    vec![
        (
            "ecs-rolling-deploy",
            include_bytes!("ecs/ecs-rolling-deploy.bin").as_slice(),
            vec![
                note(300, SERVICE_SCALES_OUT),
                note(1800, ECS_DEPLOY),
                note(1805, TASKS_WAIT_FOR_CAPACITY),
                note(2160, DEPLOYMENT_COMPLETED),
                note(2220, SERVICE_SCALES_IN),
            ],
        ),
        (
            "ecs-circuit-breaker",
            include_bytes!("ecs/ecs-circuit-breaker.bin"),
            vec![
                note(600, ECS_DEPLOY),
                note(690, CIRCUIT_BREAKER_TRIPS),
                note(780, DEPLOYMENT_COMPLETED),
            ],
        ),
        (
            "ecs-blue-green-canary",
            include_bytes!("ecs/ecs-blue-green-canary.bin"),
            vec![
                note(600, ECS_DEPLOY),
                note(755, TRAFFIC_SHIFT),
                note(780, DESIRED_COUNT_SET),
                note(1055, TRAFFIC_SHIFT_DONE),
                note(1655, ORIGINAL_TASK_SET_DELETED),
            ],
        ),
        (
            "ecs-two-level-scaling",
            include_bytes!("ecs/ecs-two-level-scaling.bin"),
            vec![
                note(1800, LOAD_RISES),
                note(1980, SERVICE_SCALES_OUT),
                note(1980, TASKS_WAIT_FOR_CAPACITY),
                note(2244, NODES_JOIN),
                note(6300, SERVICE_SCALES_IN),
            ],
        ),
    ]
}

/// When the ECS moments happen in a run, (moment key, seconds), read from the core's typed
/// outputs and the scenario's actions: the test that checks each annotation sits at its event.
#[cfg(test)]
pub(super) fn moments(s: &crate::Scenario, outputs: &[crate::Output]) -> Vec<(&'static str, u64)> {
    use super::{
        CIRCUIT_BREAKER_TRIPS as BREAKER, DEPLOYMENT_COMPLETED as COMPLETED,
        ORIGINAL_TASK_SET_DELETED as DELETED, TRAFFIC_SHIFT_DONE as SHIFT_DONE,
    };
    use crate::ecs::circuit_breaker::RolloutState;
    use crate::ecs::output::EcsOutput as E;
    use crate::scenario::Action;
    let mut m = Vec::new();
    for a in &s.actions {
        if let Action::UpdateService {
            task_definition,
            desired_count,
        } = &a.action
        {
            if task_definition.is_some() {
                m.push((ECS_DEPLOY, a.at_ms / 1000));
            }
            if desired_count.is_some() {
                m.push((DESIRED_COUNT_SET, a.at_ms / 1000));
            }
        }
    }
    let mut desired = s.ecs.as_ref().map_or(0, |e| e.service.desired_count);
    let mut shifted = false;
    for o in outputs {
        let crate::Output::Ecs(e) = o else { continue };
        let t = e.time().0 / 1000;
        match e {
            E::DeploymentChanged { rollout_state, .. } => match rollout_state {
                RolloutState::FAILED => m.push((BREAKER, t)),
                RolloutState::COMPLETED if t > 0 => m.push((COMPLETED, t)),
                _ => {}
            },
            E::ScalingActivity { description, .. } => {
                // "Setting desired count to 10."
                let to: u32 = (description.trim_end_matches('.').rsplit(' ').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(desired);
                m.push((
                    if to > desired {
                        SERVICE_SCALES_OUT
                    } else {
                        SERVICE_SCALES_IN
                    },
                    t,
                ));
                desired = to;
            }
            E::ServiceEvent { message, .. } if message.contains("was unable to place a task") => {
                m.push((TASKS_WAIT_FOR_CAPACITY, t));
            }
            E::ServiceEvent { message, .. }
                if shifted && message.contains("taskSet") && message.contains("has stopped") =>
            {
                m.push((DELETED, t));
            }
            E::TrafficShifted { green_percent, .. } => {
                if *green_percent >= 100 {
                    m.push((SHIFT_DONE, t));
                    shifted = true;
                } else if *green_percent > 0 {
                    m.push((TRAFFIC_SHIFT, t));
                }
            }
            _ => {}
        }
    }
    m
}
