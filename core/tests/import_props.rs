//! Property tests of every parser of user files (the importers and the traffic reader): no
//! input makes them panic, and every error says where (a line for these text formats, or a
//! field path). Also: export then import gives back generated configurations.
#![cfg(feature = "import")]

use proptest::prelude::*;
use scaleout_core::export::{cloudformation, terraform};
use scaleout_core::import::traffic::{self, Unit};
use scaleout_core::import::{import, ImportError, InputFile};
use scaleout_core::Scenario;

fn samples() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut out = Vec::new();
    for dir in [
        "import/aws-cli",
        "import/cloudformation",
        "import/terraform",
        "traffic",
    ] {
        let mut entries: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.extension().is_some_and(|x| x != "md") {
                out.push(std::fs::read_to_string(p).unwrap());
            }
        }
    }
    out
}

fn says_where(e: &ImportError) -> bool {
    e.line.is_some() || !e.path.is_empty()
}

fn import_one(text: &str) -> Result<(), ImportError> {
    import(&[InputFile { name: "f", text }], &Scenario::demo()).map(|_| ())
}

/// A sample with one edit: a range deleted, replaced by arbitrary text, or repeated.
fn mutated() -> impl Strategy<Value = String> {
    let n = samples().len();
    (
        0..n,
        any::<prop::sample::Index>(),
        0usize..64,
        ".{0,12}",
        0u8..3,
    )
        .prop_map(|(which, at, len, insert, how)| {
            let s = &samples()[which];
            let chars: Vec<char> = s.chars().collect();
            let i = at.index(chars.len().max(1)).min(chars.len());
            let j = (i + len).min(chars.len());
            let (a, b) = (
                chars[..i].iter().collect::<String>(),
                chars[j..].iter().collect::<String>(),
            );
            let mid: String = chars[i..j].iter().collect();
            match how {
                0 => a + &b,
                1 => a + &insert + &b,
                _ => a + &mid + &mid + &b,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn import_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        if let Err(e) = import_one(&text) {
            prop_assert!(says_where(&e), "{e}");
        }
    }

    #[test]
    fn import_never_panics_on_broken_samples(text in mutated()) {
        if let Err(e) = import_one(&text) {
            prop_assert!(says_where(&e), "{e}");
            if e.message.starts_with("not valid") {
                prop_assert!(e.line.is_some(), "{e}");
            }
        }
    }

    #[test]
    fn traffic_never_panics(text in mutated(), per_second in any::<bool>(), period in prop::option::of(0u32..4000)) {
        let unit = if per_second { Unit::PerSecond } else { Unit::CountPerPeriod(period) };
        if let Err(e) = traffic::parse(&text, unit) {
            prop_assert!(e.line.is_some(), "{e}");
        }
    }

    #[test]
    fn traffic_csv_rows(rows in prop::collection::vec((0i64..4_000_000_000, "[0-9.e-]{0,8}|x|"), 0..50)) {
        let text: String = rows.iter().map(|(t, v)| format!("{t},{v}\n")).collect();
        if let Err(e) = traffic::parse(&text, Unit::PerSecond) {
            prop_assert!(e.line.is_some(), "{e}");
        }
    }

    /// Generated groups, alarms and names survive export and import in all three formats.
    #[test]
    fn round_trip_of_generated_configurations(
        name in "[ -~]{1,24}",
        min in 0u32..50,
        extra in 0u32..50,
        threshold in -1e6f64..1e6,
        periods in 1u32..10,
        // Empty user data is no user data to AWS; the exporter writes none.
        user_data in prop::option::of("\\PC{1,60}"),
    ) {
        let mut s = Scenario::demo();
        s.group.name = name.clone();
        s.group.min_size = min;
        s.group.max_size = min + extra;
        s.launch_templates[0].versions[0].user_data = user_data;
        s.policies.push(scaleout_core::scenario::PolicySpec {
            name: format!("{name} step"),
            enabled: true,
            kind: scaleout_core::scenario::PolicyKind::SimpleScaling {
                adjustment_type: scaleout_core::policy::adjustment::AdjustmentType::ChangeInCapacity,
                scaling_adjustment: 1,
                cooldown_s: None,
                min_adjustment_magnitude: None,
            },
            group: None,
        });
        s.alarms.push(scaleout_core::scenario::AlarmSpec {
            name: format!("{name} alarm"),
            threshold,
            evaluation_periods: periods,
            alarm_actions: vec![format!("{name} step")],
            ..Default::default()
        });
        for (file, text) in [
            ("t.json", cloudformation::to_json(&s).text),
            ("t.yaml", cloudformation::to_yaml(&s).text),
            ("main.tf", terraform::to_hcl(&s).text),
        ] {
            let back = import(&[InputFile { name: file, text: &text }], &s)
                .map_err(|e| TestCaseError::fail(format!("{file}: {e}\n{text}")))?;
            prop_assert_eq!(back.scenario.to_json_pretty(), s.to_json_pretty(), "{}\n{}", file, text);
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let text = format!(
            "{{\"AutoScalingGroups\": {}1{}}}",
            open.repeat(5000),
            close.repeat(5000)
        );
        assert!(import_one(&text).is_err());
    }
    let yaml = format!("Resources: {}1{}", "[".repeat(5000), "]".repeat(5000));
    assert!(import_one(&yaml).is_err());
    let hcl = format!(
        "resource \"aws_autoscaling_group\" \"a\" {{\n  min_size = {}1{}\n}}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    assert!(import_one(&hcl).is_err());
    let cfn_cycle = "Resources:\n  A:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      AutoScalingGroupName: !Ref A\n      MinSize: 1\n      MaxSize: 2\n      LaunchConfigurationName: lc\n";
    // A group named after itself: the reference is followed a bounded number of times.
    let _ = import_one(cfn_cycle);
    let tf_cycle = "variable \"a\" {\n  default = var.a\n}\nresource \"aws_autoscaling_group\" \"g\" {\n  name = var.a\n  min_size = 1\n  max_size = 2\n  launch_configuration = \"lc\"\n}\n";
    let _ = import_one(tf_cycle);
}
