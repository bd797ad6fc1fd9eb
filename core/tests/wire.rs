//! The page's scenario JSON codec (`wire`) reads and writes exactly what serde_json does for the
//! runner: on every example, every preset and random scenarios; and it never panics on
//! damaged input.

mod common;

use proptest::prelude::*;
use serde_json::Value;

use common::all_examples;
use scaleout_core::{presets, wire, Scenario};

fn every_scenario() -> Vec<(String, Scenario)> {
    let mut all = all_examples();
    all.push(("demo".into(), Scenario::demo()));
    for p in presets::all() {
        all.push((format!("preset {}", p.id), p.scenario.clone()));
    }
    all
}

#[test]
fn reads_every_example_file_exactly_as_serde_json_does() {
    let dir = common::examples_dir();
    for entry in std::fs::read_dir(&dir).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let by_serde: Scenario = serde_json::from_str(&text).expect("serde reads it");
        let value: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            wire::scenario_from_json(&value),
            Ok(by_serde),
            "{}",
            path.display()
        );
    }
}

#[test]
fn writes_what_serde_json_reads_back_to_the_same_scenario() {
    for (name, s) in every_scenario() {
        let text = wire::scenario_to_json_pretty(&s).expect("writes");
        let back: Scenario = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, s, "{name}");
        // The same JSON tree as the runner's own writer (numbers compared as numbers).
        let ours: Value = serde_json::from_str(&text).expect("JSON");
        let runners: Value = serde_json::from_str(&s.to_json_pretty()).expect("JSON");
        assert_eq!(ours, runners, "{name}");
    }
}

#[test]
fn missing_fields_take_their_defaults_like_serde() {
    for text in [
        "{}",
        r#"{ "group": { "min_size": 3 } }"#,
        r#"{ "policies": [ { "name": "p", "kind": { "SimpleScaling": { "adjustment_type": "ChangeInCapacity", "scaling_adjustment": 1 } } } ] }"#,
        r#"{ "load": { "pattern": { "Steady": { "rps": 12.5 } } } }"#,
    ] {
        let by_serde: Result<Scenario, _> = serde_json::from_str(text);
        let value: Value = serde_json::from_str(text).expect("JSON");
        match by_serde {
            Ok(s) => assert_eq!(wire::scenario_from_json(&value), Ok(s), "{text}"),
            Err(e) => assert!(
                wire::scenario_from_json(&value).is_err(),
                "{text}: serde says {e}"
            ),
        }
    }
}

#[test]
fn unknown_fields_and_wrong_types_are_problems_with_their_paths() {
    let value: Value = serde_json::from_str(
        r#"{ "group": { "min_sise": 3, "max_size": "ten" }, "seed": -1, "policies": [ { "kind": "Nope" } ] }"#,
    )
    .expect("JSON");
    let problems = wire::scenario_from_json(&value).expect_err("problems");
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let has = |path: &str, words: &str| {
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{path}: ")) && l.contains(words))
    };
    assert!(
        has("group.min_sise", "Did you mean \"min_size\""),
        "{lines:#?}"
    );
    assert!(
        has("group.max_size", "Expected a whole number"),
        "{lines:#?}"
    );
    assert!(has("seed", "Expected a whole number"), "{lines:#?}");
    assert!(
        has("policies[0].kind", "Unknown field \"Nope\""),
        "{lines:#?}"
    );

    for not_an_object in ["[]", "1", "\"s\"", "null", "true"] {
        let v: Value = serde_json::from_str(not_an_object).expect("JSON");
        assert!(wire::scenario_from_json(&v).is_err(), "{not_an_object}");
    }
}

#[test]
fn a_64_bit_seed_is_kept_exactly() {
    let mut s = Scenario::demo();
    s.seed = u64::MAX - 7;
    let text = wire::scenario_to_json_pretty(&s).expect("writes");
    assert!(
        text.contains(&format!("\"seed\": {}", u64::MAX - 7)),
        "{text}"
    );
    let value: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(wire::scenario_from_json(&value), Ok(s));
}

/// Every JSON value at every place: replaced by another kind of value, the reader returns
/// problems or a scenario, never panics, and agrees with serde on which.
fn mutate(v: &mut Value, target: usize, with: &Value, n: &mut usize) {
    if *n == target {
        *v = with.clone();
    }
    *n += 1;
    match v {
        Value::Object(m) => {
            for (_, c) in m.iter_mut() {
                mutate(c, target, with, n);
            }
        }
        Value::Array(a) => {
            for c in a.iter_mut() {
                mutate(c, target, with, n);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn damaged_json_never_panics_and_agrees_with_serde(
        target in 0usize..400,
        which in 0usize..7,
        example in 0usize..64,
    ) {
        let all = every_scenario();
        let (_, s) = &all[example % all.len()];
        let mut v: Value = serde_json::from_str(&s.to_json_pretty()).expect("JSON");
        let with = [
            Value::Null,
            Value::Bool(true),
            serde_json::json!(-3),
            serde_json::json!(1.5),
            serde_json::json!("x"),
            serde_json::json!([]),
            serde_json::json!({ "zz": 1 }),
        ][which].clone();
        let mut n = 0;
        mutate(&mut v, target, &with, &mut n);
        let ours = wire::scenario_from_json(&v);
        let serde: Result<Scenario, _> = serde_json::from_value(v.clone());
        if let (Ok(a), Ok(b)) = (&ours, &serde) {
            prop_assert_eq!(a, b);
        }
        // Ours is stricter (unknown fields), never looser.
        if serde.is_err() {
            prop_assert!(ours.is_err());
        }
    }

    #[test]
    fn any_scenario_written_reads_back(seed in any::<u64>(), horizon in 60u64..3_000_000, example in 0usize..64) {
        let all = every_scenario();
        let (_, s) = &all[example % all.len()];
        let mut s = s.clone();
        s.seed = seed;
        s.horizon_s = horizon;
        let text = wire::scenario_to_json_pretty(&s).expect("writes");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        prop_assert_eq!(wire::scenario_from_json(&v), Ok(s));
    }
}

#[test]
fn paths_lead_to_their_field_formats() {
    use wire::Ty;
    assert!(matches!(wire::ty_at("group.min_size"), Some(Ty::U32)));
    assert!(matches!(wire::ty_at("seed"), Some(Ty::U64)));
    assert!(matches!(
        wire::ty_at("group.desired_capacity"),
        Some(Ty::Option(Ty::U32))
    ));
    assert!(matches!(
        wire::ty_at("load.pattern.Steady.rps"),
        Some(Ty::F64)
    ));
    assert!(matches!(
        wire::ty_at("group.lifecycle_hooks[0].heartbeat_timeout_s"),
        Some(Ty::U32)
    ));
    assert!(matches!(
        wire::ty_at("group.availability_zones"),
        Some(Ty::Seq(Ty::Str))
    ));
    assert!(wire::ty_at("group.nope").is_none());
    assert!(wire::ty_at("load.pattern.Nope.rps").is_none());
    let health = wire::ty_at("group.health_check_type").expect("a field");
    assert_eq!(wire::unit_variants(health), Some(vec!["EC2", "ELB"]));
}

#[test]
fn the_written_text_is_serde_jsons_pretty_text() {
    for (name, s) in every_scenario() {
        assert_eq!(
            wire::scenario_to_json_pretty(&s).expect("writes"),
            s.to_json_pretty(),
            "{name}"
        );
    }
}

#[test]
fn a_file_with_a_million_wrong_values_reports_the_first_twenty() {
    let items = vec![Value::from(1); 1_000_000];
    let mut v: Value = serde_json::from_str(&Scenario::demo().to_json_pretty()).expect("JSON");
    v["policies"] = Value::Array(items);
    v[&"x".repeat(100_000)] = Value::from(1);
    let problems = wire::scenario_from_json(&v).expect_err("problems");
    assert_eq!(problems.len(), wire::MAX_PROBLEMS);
    assert!(
        problems.iter().all(|p| p.message.len() < 400),
        "{problems:?}"
    );
}
