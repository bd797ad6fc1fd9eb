//! Export then import gives back the same scenario (docs/import-export.md): every example, in
//! CloudFormation JSON, CloudFormation YAML and Terraform. What a format cannot express is
//! listed by the exporter, and those examples are compared on everything else.
#![cfg(feature = "import")]

use scaleout_core::export::{cloudformation, terraform, Exported};
use scaleout_core::import::{import, InputFile};
use scaleout_core::Scenario;

/// Every example, and a scenario that sets every exportable field.
fn examples() -> Vec<(String, Scenario)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let sink = include_str!("fixtures/kitchen-sink.json");
    let mut out = vec![(
        "kitchen-sink".to_string(),
        Scenario::from_json(sink).unwrap(),
    )];
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&p).unwrap();
            out.push((p.display().to_string(), Scenario::from_json(&text).unwrap()));
        }
    }
    out
}

/// Whether the exporter said it lost something that the base scenario cannot give back.
fn lossy(e: &Exported) -> bool {
    e.not_expressed.iter().any(|n| {
        n.starts_with("launch_templates[")
            || n.starts_with("group.launch.version")
            || n.starts_with("group.suspended_processes")
            || n.contains("enabled false")
            || n.starts_with("delivery.blue_green")
            || n.starts_with("extra_groups")
    })
}

fn round_trip(name: &str, s: &Scenario, e: &Exported, file: &str) {
    let imported = import(
        &[InputFile {
            name: file,
            text: &e.text,
        }],
        s,
    )
    .unwrap_or_else(|err| {
        panic!(
            "{name}: import of the {file} export failed: {err}\n{}",
            e.text
        )
    });
    if lossy(e) {
        return;
    }
    assert_eq!(
        imported.scenario.to_json_pretty(),
        s.to_json_pretty(),
        "{name}: {file} round trip differs\n{}\nunsupported: {:#?}",
        e.text,
        imported.unsupported
    );
}

#[test]
fn cloudformation_json_round_trip() {
    for (name, s) in examples() {
        round_trip(&name, &s, &cloudformation::to_json(&s), "template.json");
    }
}

#[test]
fn cloudformation_yaml_round_trip() {
    for (name, s) in examples() {
        round_trip(&name, &s, &cloudformation::to_yaml(&s), "template.yaml");
    }
}

#[test]
fn terraform_round_trip() {
    for (name, s) in examples() {
        round_trip(&name, &s, &terraform::to_hcl(&s), "main.tf");
    }
}

#[test]
fn demo_round_trips_everywhere() {
    let s = Scenario::demo();
    for e in [
        cloudformation::to_json(&s),
        cloudformation::to_yaml(&s),
        terraform::to_hcl(&s),
    ] {
        assert!(!lossy(&e), "{:?}", e.not_expressed);
        round_trip("demo", &s, &e, "demo");
    }
}

#[test]
fn the_kitchen_sink_is_not_lossy() {
    let s = &examples()[0].1;
    for e in [cloudformation::to_json(s), terraform::to_hcl(s)] {
        // Only the listed losses (none of them structural for this scenario).
        assert!(!lossy(&e), "{:?}", e.not_expressed);
    }
}

#[test]
fn lossy_exports_say_what_they_lose() {
    let mut s = Scenario::demo();
    let v = s.launch_templates[0].versions[0].clone();
    s.launch_templates[0].versions.push(v);
    s.group.suspended_processes = vec![scaleout_core::scenario::ScalingProcess::AZRebalance];
    s.policies[0].enabled = false;
    let cfn = cloudformation::to_yaml(&s);
    let lost = cfn.not_expressed.join("\n");
    assert!(lost.contains("launch_templates[0].versions"), "{lost}");
    assert!(lost.contains("group.suspended_processes"), "{lost}");
    assert!(lost.contains("enabled false"), "{lost}");
    // Terraform holds suspended processes and disabled policies (A2.15, A3.1.1).
    let tf = terraform::to_hcl(&s);
    let back = import(
        &[InputFile {
            name: "main.tf",
            text: &tf.text,
        }],
        &Scenario::demo(),
    )
    .unwrap();
    assert_eq!(
        back.scenario.group.suspended_processes,
        s.group.suspended_processes
    );
    assert!(!back.scenario.policies[0].enabled);
}
