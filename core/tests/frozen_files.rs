//! Frozen scenario files: copies of the example files as the runner and the page read them
//! today (format version 1). Users have saved files like these; each must keep loading and give
//! the same run, whatever happens to the model in memory. The fingerprint of each run (its first
//! two hours: outputs, final sizes and the summary) is a reviewed snapshot. When the file format
//! changes, keep these files as they are and keep a reader for them.

use std::fmt::Write as _;

use scaleout_core::{Scenario, Sim, SimTime};

fn fingerprint(name: &str, text: &str) -> String {
    let scenario = Scenario::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let horizon = SimTime::from_secs(scenario.horizon_s.min(2 * 3600));
    let mut sim = Sim::new(scenario).unwrap_or_else(|p| panic!("{name}: {p:?}"));
    let mut outputs = 0usize;
    let mut t = SimTime::ZERO;
    while t < horizon {
        t = t.plus_ms(600_000).min(horizon);
        sim.advance_to(t);
        while sim.poll_output().is_some() {
            outputs += 1;
        }
    }
    let sizes = sim.sizes();
    let mut out = String::new();
    let _ = writeln!(out, "outputs: {outputs}");
    let _ = writeln!(out, "samples: {}", sim.samples().len());
    let _ = writeln!(
        out,
        "sizes: min {} max {} desired {}",
        sizes.min, sizes.max, sizes.desired
    );
    let _ = writeln!(out, "activities: {}", sim.activities().len());
    let _ = writeln!(out, "summary: {:?}", sim.summary());
    out
}

#[test]
fn frozen_v1_files_give_the_same_runs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/frozen_files/v1");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("frozen files")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "frozen files missing");
    for path in names {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let text = std::fs::read_to_string(&path).expect("read");
        insta::assert_snapshot!(format!("frozen_v1_{name}"), fingerprint(&name, &text));
    }
}
