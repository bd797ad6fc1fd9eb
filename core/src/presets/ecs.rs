//! The ECS stories: the `examples/ecs-*.json` scenarios, stored as share-link payloads (the
//! page reads them with the link decoder it already has, so the presets need no JSON parser).
//! `core/tests/ecs_presets.rs` checks that each payload still decodes to its example and
//! prints the new payload when an example changes.

use super::{
    note, Preset, CIRCUIT_BREAKER_TRIPS, DEPLOYMENT_COMPLETED, DESIRED_COUNT_SET, ECS_DEPLOY,
    LOAD_RISES, NODES_JOIN, ORIGINAL_TASK_SET_DELETED, SERVICE_SCALES_IN, SERVICE_SCALES_OUT,
    TASKS_WAIT_FOR_CAPACITY, TRAFFIC_SHIFT, TRAFFIC_SHIFT_DONE,
};

/// The ECS presets, in the picker's order. A payload that no longer decodes leaves its preset
/// out (the test above fails first).
pub(super) fn all() -> Vec<Preset> {
    let stories = [
        (
            "ecs-rolling-deploy",
            ROLLING_DEPLOY,
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
            CIRCUIT_BREAKER,
            vec![
                note(600, ECS_DEPLOY),
                note(690, CIRCUIT_BREAKER_TRIPS),
                note(780, DEPLOYMENT_COMPLETED),
            ],
        ),
        (
            "ecs-blue-green-canary",
            BLUE_GREEN_CANARY,
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
            TWO_LEVEL_SCALING,
            vec![
                note(1800, LOAD_RISES),
                note(1980, SERVICE_SCALES_OUT),
                note(1980, TASKS_WAIT_FOR_CAPACITY),
                note(2244, NODES_JOIN),
                note(6300, SERVICE_SCALES_IN),
            ],
        ),
    ];
    stories
        .into_iter()
        .filter_map(|(id, payload, annotations)| {
            let scenario = crate::link::decode(&payload.concat()).ok()?;
            Some(Preset {
                id,
                annotations,
                scenario,
            })
        })
        .collect()
}

/// examples/ecs-rolling-deploy.json
const ROLLING_DEPLOY: &[&str] = &[
    "A9gBRUNTIHJvbGxpbmcgZGVwbG95IHVuZGVyIGxvYWQgb24gRUMyIGNhcGFjaXR5OiBtYXhpbXVtUGVyY2VudCAyMD",
    "AgbmVlZHMgbW9yZSBjb250YWluZXIgaW5zdGFuY2VzLCBtYW5hZ2VkIHNjYWxpbmcgYWRkcyB0aGVtOyBzZXJ2aWNl",
    "IGF1dG8gc2NhbGluZyBzY2FsZXMgb3V0IG9uIENQVSwgYW5kIGl0cyBzY2FsZS1pbiB3YWl0cyBmb3IgdGhlIGRlcG",
    "xveW1lbnQgdG8gZmluaXNoC4D-68oGoDgBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6",
    "b24gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQhjNS5sYXJnZQIAAAAAAAAQQMP1KFyPwrU_AA",
    "AAAAAAaUAAARNsdC0wZWNzMDAwMDAwMDAwMDAxBmVjcy1sdAEBAAEVYW1pLTBhMWIyYzNkNGU1ZjYwNzE4AQhjNS5s",
    "YXJnZQEAAAgAB2Vjcy1hc2cBBmVjcy1sdAgkRGVmYXVsdAEKAQMCCnVzLWVhc3QtMWEKdXMtZWFzdC0xYgCsAqwCAA",
    "EAAQAAAAAAAAQCAAAAAAAA4IVAsAkAAAAAAOB1QAAAAAAAABRAAcDubQwBBXdlYjoyAAAHd2ViLWFwcAZ3ZWItZGcC",
    "AAA8AAUAAAABAnYxAAAAAAAASUAKAAAAAQJ2MTweHgMPPGZmZmZmZuY_AAAAAAAAAEAAAAAAAAA-QJqZmZmZmdk_AA",
    "AAAAAAAAAAAAAAAAA0QAAAAAAAAAAAAAAAAAAAREAAAAAAAAAAACRAeNgEWgUAAAAAAAAkQAU8AAEAAAEEcHJvZAID",
    "d2ViCXdlYjoxLjQuMIAEgAgAAAN3ZWIJd2ViOjEuNS4wgASACAAAA3dlYgV3ZWI6MQgAZMgBAAABBndlYi10Zx5Db2",
    "RlRGVwbG95RGVmYXVsdC5FQ1NBbGxBdE9uY2UFAAEBBAwBGXdlYi1jcHU3NS10YXJnZXQtdHJhY2tpbmcABwAAAAAA",
    "wFJAAAAAAAAAAAEKZWNzLWFzZy1jcAFkeAIAAgUUDwoerAI8WhQAAAAAAABpQAAAAAAAAABAAAAAAAAAPkAzMzMzMz",
    "PTPwMPPM3MzMzMzOw_",
];

/// examples/ecs-circuit-breaker.json
const CIRCUIT_BREAKER: &[&str] = &[
    "A29FQ1MgYnJva2VuIGltYWdlOiB0aGUgbmV3IHRhc2tzIG5ldmVyIHN0YXJ0LCB0aGUgZGVwbG95bWVudCBjaXJjdW",
    "l0IGJyZWFrZXIgZmFpbHMgdGhlIGRlcGxveW1lbnQgYW5kIHJvbGxzIGJhY2sVgP7rygaQHAEVYW1pLTBhMWIyYzNk",
    "NGU1ZjYwNzE4DWFwcC1iYXNlLWpkazgDDkFtYXpvbiBMaW51eCAyB0pESyAxLjgQQ29kZURlcGxveSBhZ2VudAECdj",
    "EBCXQzLm1lZGl1bQIAAAAAAAAQQJT2Bl-YTKU_AAAAAAAAWUAAARRsdC0wMTIzNDU2Nzg5YWJjZGVmMAZ3ZWItbHQB",
    "AQABFWFtaS0wYTFiMmMzZDRlNWY2MDcxOAEJdDMubWVkaXVtAQAACAAKdW51c2VkLWFzZwEGd2ViLWx0CCREZWZhdW",
    "x0AAABAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAAAAAAAAAAAAwHJAAAAAAAAAFEABwM8kDAEF",
    "d2ViOjIAAAd3ZWItYXBwBndlYi1kZwIAADwABQAAAAECdjEAAAAAAABJQAoAAAABAnYxPB4eAw88ZmZmZmZm5j8AAA",
    "AAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARa",
    "BQAAAAAAACRABTwAAQAAAQRwcm9kAgN3ZWIJd2ViOjIuMy4xgAKABAAAA3dlYg53ZWI6Mi40LjAtdHlwb4ACgAQAAQ",
    "N3ZWIFd2ViOjEGAGTIAQEBAB5Db2RlRGVwbG95RGVmYXVsdC5FQ1NBbGxBdE9uY2UFAAEAAAAFFA8KHqwCPFoUAAAA",
    "AAAAaUAAAAAAAAAAQAAAAAAAAD5AMzMzMzMz0z8DDzzNzMzMzMzsPw",
];

/// examples/ecs-blue-green-canary.json
const BLUE_GREEN_CANARY: &[&str] = &[
    "A4sBRUNTIGJsdWUvZ3JlZW4gdGhyb3VnaCBDb2RlRGVwbG95OiBDYW5hcnkgMTAlIGZvciA1IG1pbnV0ZXMsIGEgc2",
    "NhbGluZyBldmVudCBkdXJpbmcgdGhlIHNoaWZ0LCB0aGUgb3JpZ2luYWwgdGFzayBzZXQgZGVsZXRlZCBhZnRlciB0",
    "aGUgd2FpdB-A_uvKBpAcARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgNYXBwLWJhc2UtamRrOAMOQW1hem9uIExpbnV4ID",
    "IHSkRLIDEuOBBDb2RlRGVwbG95IGFnZW50AQJ2MQEJdDMubWVkaXVtAgAAAAAAABBAlPYGX5hMpT8AAAAAAABZQAAB",
    "FGx0LTAxMjM0NTY3ODlhYmNkZWYwBndlYi1sdAEBAAEVYW1pLTBhMWIyYzNkNGU1ZjYwNzE4AQl0My5tZWRpdW0BAA",
    "AIAAp1bnVzZWQtYXNnAQZ3ZWItbHQIJERlZmF1bHQAAAEAAgp1cy1lYXN0LTFhCnVzLWVhc3QtMWIArAKsAgABAAAA",
    "AAAAAAAAAAAAAAAAeUAAAAAAAAAUQALAzyQMAQV3ZWI6MgDgzS8MAAEGAAd3ZWItYXBwBndlYi1kZwIAADwABQAAAA",
    "ECdjEAAAAAAABJQAoAAAABAnYxPB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAA",
    "AAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARaBQAAAAAAACRABTwAAQAAAQRwcm9kAgN3ZWIJd2ViOj",
    "MuMC4wgASACAAAA3dlYgl3ZWI6My4xLjCABIAIAQoFAwAAA3dlYgV3ZWI6MQQBZMgBAAABC3dlYi10Zy1ibHVlLENv",
    "ZGVEZXBsb3lEZWZhdWx0LkVDU0NhbmFyeTEwUGVyY2VudDVNaW51dGVzCgEVQWZ0ZXJBbGxvd1Rlc3RUcmFmZmljLQ",
    "EBAAAABRQPCh6sAjxaFAAAAAAAAGlAAAAAAAAAAEAAAAAAAAA-QDMzMzMzM9M_Aw88zczMzMzM7D8",
];

/// examples/ecs-two-level-scaling.json
const TWO_LEVEL_SCALING: &[&str] = &[
    "A8YBRUNTIHR3by1sZXZlbCBzY2FsaW5nIG9uIEVDMiBjYXBhY2l0eTogYSB0cmFmZmljIHNwaWtlLCBzZXJ2aWNlIG",
    "F1dG8gc2NhbGluZyAodGFyZ2V0IHRyYWNraW5nIG9uIENQVSkgYWRkcyB0YXNrcywgdGhleSB3YWl0IGluIFBST1ZJ",
    "U0lPTklORywgbWFuYWdlZCBzY2FsaW5nIGFkZHMgY29udGFpbmVyIGluc3RhbmNlcywgdGhlIHRhc2tzIHN0YXJ0KY",
    "D-68oGsFQBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXggMgdKREsgMS44",
    "EENvZGVEZXBsb3kgYWdlbnQBAnYxAQljNS54bGFyZ2UEAAAAAAAAIEDD9Shcj8LFPwAAAAAAAHlAAAETbHQtMGVjcz",
    "AwMDAwMDAwMDAwMgZlY3MtbHQBAQABFWFtaS0wYTFiMmMzZDRlNWY2MDcxOAEJYzUueGxhcmdlAQAACAAHZWNzLWFz",
    "ZwEGZWNzLWx0CCREZWZhdWx0AQwBAgIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQABAAAAAAAAAgAAAAAAQH",
    "9AAAAAAAAAmUCIDpAcAAAAAAAAFEAAAAd3ZWItYXBwBndlYi1kZwIAADwABQAAAAECdjEAAAAAAABJQAoAAAABAnYx",
    "PB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAA",
    "BEQAAAAAAAAAAAJEB42ARaBQAAAAAAACRABTwAAQAAAQRwcm9kAQNhcGkJYXBpOjcuMi4wgAiAEAAAA2FwaQVhcGk6",
    "MQQAZMgBAAABBmFwaS10Zx5Db2RlRGVwbG95RGVmYXVsdC5FQ1NBbGxBdE9uY2UFAAEBBBABGWFwaS1jcHU3MC10YX",
    "JnZXQtdHJhY2tpbmcABwAAAAAAgFFAAAAAAAAAAAEKZWNzLWFzZy1jcAFkeAIAAgUUDwoerAI8WhQAAAAAAABpQAAA",
    "AAAAAABAAAAAAAAAPkAzMzMzMzPTPwMPPM3MzMzMzOw_",
];

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
