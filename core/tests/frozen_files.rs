//! Frozen scenario files: every example file and every preset as the runner and the page saved
//! them before files carried a format version (format version 1, `tests/frozen_files/v1`; the
//! presets as `preset-<id>.json`), and one file with `"format_version": 1`. Users have saved
//! files like these; each must keep loading, through the runner's reader and the page's, and
//! give the same run, whatever happens to the model in memory. The fingerprint of each run (its
//! first two hours: outputs, a hash of every per-minute sample, final sizes and the summary) is
//! a reviewed snapshot. When the file format changes, keep these files as they are: the
//! upgrades in `wire::versions` keep them readable (docs/architecture.md, "Formats").

mod common;

use scaleout_core::{wire, Scenario};

#[test]
fn frozen_v1_files_give_the_same_runs() {
    // 12 examples, 7 presets, one file with its format version.
    check_frozen_dir(1, 20);
}

/// Version-2 files (the EKS examples and the two-group example, as saved when they were added)
/// keep loading and give the same runs.
#[test]
fn frozen_v2_files_give_the_same_runs() {
    check_frozen_dir(2, 6);
}

/// Format version 3 added the `ecs` section: the ECS examples as saved in version 3.
#[test]
fn frozen_v3_files_give_the_same_runs() {
    check_frozen_dir(3, 4);
}

fn check_frozen_dir(version: u8, at_least: usize) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/frozen_files/v{version}"));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("frozen files")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    assert!(names.len() >= at_least, "frozen files missing");
    for path in names {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let text = std::fs::read_to_string(&path).expect("read");
        let runner = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The page reads files with the schema codec: the same scenario.
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let page = wire::versions::scenario_from_file(value);
        assert_eq!(page.as_ref(), Ok(&runner), "{name}: the page's reader");
        insta::assert_snapshot!(
            format!("frozen_v{version}_{name}"),
            common::run_fingerprint(runner)
        );
    }
}

/// Every preset and every example is frozen (as it was saved when it was added).
#[test]
fn every_example_and_preset_is_frozen() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/frozen_files");
    let dir = root.join("v1");
    for (file, _) in common::all_examples() {
        // An example is frozen in the format version it was added in.
        let frozen =
            (1..=wire::versions::VERSION).any(|v| root.join(format!("v{v}")).join(&file).exists());
        assert!(frozen, "freeze examples/{file} in {root:?}/v<version>");
    }
    for p in scaleout_core::presets::all() {
        // The EKS presets are the EKS examples (tests/eks_presets.rs), frozen in v2; the ECS
        // presets are the ECS examples (tests/ecs_presets.rs), frozen in v3.
        if scaleout_core::presets::is_eks(&p) || scaleout_core::presets::is_ecs(&p) {
            continue;
        }
        let file = format!("preset-{}.json", p.id);
        assert!(dir.join(&file).exists(), "freeze preset {} as {file}", p.id);
    }
}

/// A file in a format newer than this build's is refused with the reason, not misread.
#[test]
fn a_newer_file_format_is_refused() {
    let newer = format!(
        "{{\"format_version\": {}, \"seed\": 3}}",
        u32::from(wire::versions::VERSION) + 1
    );
    let e = Scenario::from_json(&newer).expect_err("newer");
    assert!(
        e.contains("format_version") && e.contains("newer Scaleout"),
        "{e}"
    );
    let e = Scenario::from_json("{\"format_version\": \"one\"}").expect_err("not a number");
    assert!(e.contains("format_version"), "{e}");
    let value: serde_json::Value = serde_json::from_str(&newer).expect("JSON");
    let problems = wire::versions::scenario_from_file(value).expect_err("newer");
    assert_eq!(problems[0].path, "format_version");
}

/// The runner and the page write the same file: the current format version first.
#[test]
fn files_are_written_with_their_format_version() {
    for p in scaleout_core::presets::all() {
        let runner = wire::versions::file_text(&p.scenario);
        let prefix = format!("{{\n  \"format_version\": {},\n", wire::versions::VERSION);
        assert!(runner.starts_with(&prefix), "{runner}");
        let page = wire::versions::scenario_to_file_json(&p.scenario).expect("writes");
        let (a, b): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(&runner).expect("JSON"),
            serde_json::from_str(&page).expect("JSON"),
        );
        assert_eq!(a, b, "{}", p.id);
        assert_eq!(Scenario::from_json(&page).as_ref(), Ok(&p.scenario));
    }
}

/// Writes the presets' files, and the examples frozen in no version yet, into
/// `tests/frozen_files/v{VERSION}/` as the current writer saves them (to freeze a new preset,
/// example or format version; existing files are never rewritten):
/// `FREEZE_FILES=1 cargo test -p scaleout-core --test frozen_files -- --ignored`.
#[test]
#[ignore]
fn freeze_presets() {
    if std::env::var_os("FREEZE_FILES").is_none() {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/frozen_files/v{}", wire::versions::VERSION));
    let _ = std::fs::create_dir_all(&dir);
    for p in scaleout_core::presets::all() {
        let path = dir.join(format!("preset-{}.json", p.id));
        if !path.exists() {
            std::fs::write(&path, wire::versions::file_text(&p.scenario) + "\n").expect("write");
        }
    }
    // Examples not frozen in an earlier version are frozen in this one.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/frozen_files");
    for (file, scenario) in common::all_examples() {
        let earlier =
            (1..wire::versions::VERSION).any(|v| root.join(format!("v{v}")).join(&file).exists());
        let path = dir.join(&file);
        if !earlier && !path.exists() {
            std::fs::write(&path, wire::versions::file_text(&scenario) + "\n").expect("write");
        }
    }
}
