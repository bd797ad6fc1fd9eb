//! The ECS presets are the `examples/ecs-*.json` scenarios, stored as share-link payload bytes
//! (`core/src/presets/ecs/*.bin`) so the page reads them with the link decoder it already has.
//! `UPDATE_ECS_PRESETS=1 cargo test -p scaleout-core --test ecs_presets` rewrites them.

mod common;

use base64::Engine as _;
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
        if std::env::var_os("UPDATE_ECS_PRESETS").is_some() {
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(scaleout_core::link::encode(&example))
                .expect("a link is base64url");
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("src/presets/ecs/{id}.bin"));
            std::fs::write(&path, bytes).expect("write the preset");
            continue;
        }
        let preset = presets::by_id(id).unwrap_or_else(|| {
            panic!(
                "preset {id} is missing or its payload no longer decodes: rerun with UPDATE_ECS_PRESETS=1"
            )
        });
        assert_eq!(
            preset.scenario, example,
            "preset {id} differs from examples/{file}: rerun with UPDATE_ECS_PRESETS=1"
        );
        assert!(presets::is_ecs(&preset), "{id}");
        assert!(!presets::is_eks(&preset), "{id}");
        assert!(!preset.annotations.is_empty(), "{id}");
    }
}
