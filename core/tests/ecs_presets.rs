//! The ECS presets are the `examples/ecs-*.json` scenarios, stored as share-link payloads so
//! the page reads them with the link decoder it already has (no JSON parser for presets).

mod common;

use scaleout_core::presets;

/// (preset id, example file).
const PAIRS: &[(&str, &str)] = &[
    ("ecs-rolling-deploy", "ecs-rolling-deploy.json"),
    ("ecs-circuit-breaker", "ecs-circuit-breaker.json"),
    ("ecs-blue-green-canary", "ecs-blue-green-canary.json"),
    ("ecs-two-level-scaling", "ecs-two-level-scaling.json"),
];

#[test]
fn each_ecs_preset_is_its_example() {
    for (id, file) in PAIRS {
        let example = common::example(file);
        let preset = presets::by_id(id).unwrap_or_else(|| {
            panic!(
                "preset {id} is missing or its payload no longer decodes; its payload is now:\n{}",
                scaleout_core::link::encode(&example)
            )
        });
        assert_eq!(
            preset.scenario,
            example,
            "preset {id} differs from examples/{file}; its payload is now:\n{}",
            scaleout_core::link::encode(&example)
        );
        assert!(presets::is_ecs(&preset), "{id}");
        assert!(!presets::is_eks(&preset), "{id}");
        assert!(!preset.annotations.is_empty(), "{id}");
    }
}

/// Prints the payloads (`cargo test --test ecs_presets -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_payloads() {
    for (id, file) in PAIRS {
        println!(
            "{id} {}",
            scaleout_core::link::encode(&common::example(file))
        );
    }
}
