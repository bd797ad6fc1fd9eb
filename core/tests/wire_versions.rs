//! Versioned formats on the codec level (`wire::versions`, docs/architecture.md "Formats"):
//! bytes written in a released version stay readable after the model changes, because they are
//! read with that version's frozen schema into JSON, upgraded, and re-read with the new schema.
//! The model's next change is simulated with synthetic schemas (the current version's frozen
//! schema with a field added or renamed). The frozen-schema decoder is fed random and damaged
//! bytes: it never panics, and what it builds is bounded by the bytes it was given.
//! (`frozen_links.rs` checks real version-1 links.)

use proptest::prelude::*;
use serde_json::Value;

use scaleout_core::link;
use scaleout_core::presets;
use scaleout_core::scenario::{Action, LoadPattern, TimedAction};
use scaleout_core::wire::versions::VERSION;
use scaleout_core::wire::{self, schema_v1, Body, Container, Field, Schema, Ty};
use scaleout_core::Scenario;

/// The current format version's frozen schema.
fn current() -> Schema {
    wire::versions::frozen_schema(VERSION).expect("the current version is frozen")
}

/// The current version's schema with the `Scenario` struct's fields changed by `edit` (the
/// model's next version).
fn next_with_scenario_fields(edit: impl Fn(&mut Vec<Field>)) -> Schema {
    let mut containers: Vec<(&'static str, Container)> = current().to_vec();
    for (name, c) in containers.iter_mut() {
        if *name == "Scenario" {
            let Container::Struct(Body::Struct(fields)) = c else {
                panic!("Scenario is a struct");
            };
            let mut fields = fields.to_vec();
            edit(&mut fields);
            *c = Container::Struct(Body::Struct(Box::leak(fields.into_boxed_slice())));
        }
    }
    Box::leak(containers.into_boxed_slice())
}

/// The postcard bytes of a scenario (what a current-version link holds after its version byte).
fn current_bytes(s: &Scenario) -> Vec<u8> {
    postcard::to_allocvec(s).expect("encodes")
}

#[test]
fn a_model_with_an_added_defaulted_field_still_reads_the_current_versions_bytes() {
    // The next model: the scenario gains `synthetic_new_section` (a list, empty by default), in the
    // middle of its fields, as a new optional section would.
    static EMPTY_LIST: [u8; 1] = [0];
    let next = next_with_scenario_fields(|fields| {
        fields.insert(
            5,
            Field {
                name: "synthetic_new_section",
                ty: Ty::Seq(&Ty::Str),
                default: Some(&EMPTY_LIST),
            },
        );
    });
    for p in presets::all() {
        let old = current_bytes(&p.scenario);
        // Through the frozen schema: version 1's JSON, then the new schema fills the default.
        let json = wire::from_bytes(current(), &old).expect("version-1 bytes");
        let new_bytes = wire::to_bytes(next, &json).expect("the new schema reads version 1's JSON");
        let expected = wire::from_bytes(next, &new_bytes).expect("new bytes");
        // The new schema cannot read the old bytes as they are: that is why versions are frozen.
        assert_ne!(
            wire::from_bytes(next, &old).ok().as_ref(),
            Some(&expected),
            "{}",
            p.id
        );
        let mut back = expected.clone();
        assert_eq!(
            back.get("synthetic_new_section"),
            Some(&Value::Array(Vec::new())),
            "{}",
            p.id
        );
        if let Some(m) = back.as_object_mut() {
            m.remove("synthetic_new_section");
        }
        assert_eq!(back, json, "{}: every other field as it was", p.id);
    }
}

#[test]
fn a_renamed_field_is_carried_over_by_the_upgrade() {
    // The next model renames `horizon_s` to `run_for_s`; the current version's upgrade
    // renames it in JSON.
    let next = next_with_scenario_fields(|fields| {
        for f in fields.iter_mut() {
            if f.name == "horizon_s" {
                f.name = "run_for_s";
            }
        }
    });
    fn upgrade(v: &mut Value) {
        if let Some(m) = v.as_object_mut() {
            if let Some(h) = m.remove("horizon_s") {
                m.insert("run_for_s".into(), h);
            }
        }
    }
    let demo = Scenario::demo();
    let old = current_bytes(&demo);
    let mut json = wire::from_bytes(current(), &old).expect("version-1 bytes");
    // Without the upgrade, the new codec refuses the old name (and names the new one).
    let problems = wire::to_bytes(next, &json).expect_err("the old name is unknown");
    assert!(
        problems.iter().any(|p| p.path == "horizon_s"),
        "{problems:?}"
    );
    upgrade(&mut json);
    let new_bytes = wire::to_bytes(next, &json).expect("upgraded JSON reads");
    // Same layout, new name: the very same bytes.
    assert_eq!(new_bytes, old);
    let back = wire::from_bytes(next, &new_bytes).expect("reads");
    assert_eq!(back.get("run_for_s"), Some(&Value::from(demo.horizon_s)));
}

#[test]
fn unknown_and_empty_versions_are_refused() {
    assert!(link::decode_old(0, current(), &current_bytes(&Scenario::demo())).is_err());
    let newer = link::VERSION + 1;
    let e =
        link::decode_old(newer, current(), &current_bytes(&Scenario::demo())).expect_err("newer");
    assert!(e.contains(&newer.to_string()), "{e}");
    assert!(wire::versions::frozen_schema(1).is_some());
    assert!(wire::versions::frozen_schema(0).is_none());
}

/// Every value node of a JSON tree.
fn nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(m) => m.values().map(nodes).sum(),
        _ => 0,
    }
}

/// Every value the frozen schema describes takes at least one byte, so a decoded tree has at
/// most a few nodes per byte (the struct around a field adds one): bounded work on any input.
fn check_bounded(schema: Schema, bytes: &[u8]) {
    if let Ok(v) = wire::from_bytes(schema, bytes) {
        assert!(
            nodes(&v) <= 4 * bytes.len() + 8,
            "{} nodes from {} bytes",
            nodes(&v),
            bytes.len()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn frozen_decoder_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..800)) {
        check_bounded(current(), &bytes);
        let _ = link::decode_old(VERSION, current(), &bytes);
        check_bounded(schema_v1::CONTAINERS, &bytes);
        let _ = link::decode_old(1, schema_v1::CONTAINERS, &bytes);
    }

    #[test]
    fn frozen_decoder_never_panics_on_damaged_links(preset in 0usize..7, at in 0usize..2000,
                                                    flip in 1u8..=255, cut in 0usize..2000) {
        let all = presets::all();
        let good = current_bytes(&all[preset % all.len()].scenario);
        let mut bytes = good.clone();
        let at = at % bytes.len();
        bytes[at] ^= flip;
        check_bounded(current(), &bytes);
        let _ = link::decode_old(VERSION, current(), &bytes);
        // A truncated link is always refused (never read as something else).
        let cut = cut % good.len();
        check_bounded(current(), &good[..cut]);
        prop_assert!(link::decode_old(VERSION, current(), &good[..cut]).is_err());
    }

    /// Random scenarios: the frozen-schema path reads exactly what the direct decode reads.
    #[test]
    fn frozen_path_equals_direct_decode(seed in any::<u64>(), min in 0u32..5, extra in 0u32..20,
                                        rps in 0.0f64..5000.0, noise in 0.0f64..50.0,
                                        at in proptest::collection::vec(0u64..100_000, 0..5)) {
        let mut s = Scenario::demo();
        s.seed = seed;
        s.group.min_size = min;
        s.group.max_size = min + extra;
        s.load.pattern = LoadPattern::Steady { rps };
        s.load.noise_pct = noise;
        s.actions = at.iter().map(|&t| TimedAction { at_ms: t, action: Action::SetLoad { rps: Some(rps) } }).collect();
        let bytes = current_bytes(&s);
        prop_assert_eq!(link::decode_old(VERSION, current(), &bytes), Ok(s));
    }
}
