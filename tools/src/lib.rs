//! The page's import and export tools: the core's importers (AWS CLI JSON, CloudFormation,
//! Terraform, recorded traffic) and exporters (CloudFormation YAML and JSON, Terraform) behind a
//! text protocol, run in a web worker (`main.rs`) that the page starts only when a user imports
//! or exports. The parsers (serde_json's, serde_yaml's, hcl-rs's) never weigh on the page's first
//! load; docs/import-export.md has the figures.
//!
//! One request in, one reply out, both JSON text:
//!
//! ```text
//! {"op":"import","base":"<scenario JSON>","files":[{"name":"a.json","text":"..."}]}
//!   -> {"ok":true,"scenario":"<scenario JSON>","unsupported":["file:line: path: reason"],
//!       "notes":["..."]}
//! {"op":"export","to":"cloudformation-yaml"|"cloudformation-json"|"terraform"|"kubernetes",
//!  "scenario":"<scenario JSON>"}
//!   -> {"ok":true,"text":"...","extension":"yaml","not_expressed":["..."]}
//! {"op":"compare","a":"<link payload>","b":"<link payload>"}
//!   -> {"ok":true,"html":"<table>...</table><figure><svg>...</svg></figure>..."}
//! anything wrong -> {"ok":false,"error":"file:line: path: message"}
//! ```
//!
//! An import takes configuration files (each format detected, [`import::detect`]) and at most
//! one recorded-traffic file ([`traffic::looks_like`]), which replaces the scenario's load.
//! [`handle`] never panics, whatever the text (property-tested below).

pub mod compare_view;

use scaleout_core::import::{self, traffic, InputFile};
use scaleout_core::{compare, export, link, wire, Scenario};
use serde_json::{json, Map, Value};

/// Files per import: the seven AWS CLI outputs of one group and a traffic file fit with room.
pub const MAX_FILES: usize = 16;
/// Bytes of all the text in one request (the page refuses files over 2 MB each).
pub const MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;

/// Answers one request (see the module documentation).
pub fn handle(request: &str) -> String {
    let reply = match answer(request) {
        Ok(mut m) => {
            m.insert("ok".into(), Value::Bool(true));
            Value::Object(m)
        }
        Err(e) => json!({ "ok": false, "error": e }),
    };
    reply.to_string()
}

fn answer(request: &str) -> Result<Map<String, Value>, String> {
    if request.len() > MAX_REQUEST_BYTES {
        return Err("the files are too large to import together (8 MB at most)".into());
    }
    let req: Value = serde_json::from_str(request).map_err(|e| format!("bad request: {e}"))?;
    match req.get("op").and_then(Value::as_str) {
        Some("import") => import_files(&req),
        Some("export") => export_scenario(&req),
        Some("compare") => compare_runs(&req),
        _ => Err("bad request: no known \"op\"".into()),
    }
}

fn text_field<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("bad request: \"{key}\" must be text"))
}

fn scenario_field(req: &Value, key: &str) -> Result<Scenario, String> {
    Scenario::from_json(text_field(req, key)?).map_err(|e| format!("the scenario: {e}"))
}

fn import_files(req: &Value) -> Result<Map<String, Value>, String> {
    let base = scenario_field(req, "base")?;
    let files = req
        .get("files")
        .and_then(Value::as_array)
        .ok_or("bad request: \"files\" must be a list")?;
    if files.is_empty() {
        return Err("no file to import".into());
    }
    if files.len() > MAX_FILES {
        return Err(format!(
            "{} files: import at most {MAX_FILES} at a time",
            files.len()
        ));
    }
    let mut config = Vec::new();
    let mut recording = None;
    for f in files {
        let name = text_field(f, "name")?;
        let text = text_field(f, "text")?;
        if traffic::looks_like(text) {
            if recording.is_some() {
                return Err(format!(
                    "{name}: a second traffic recording; import one at a time"
                ));
            }
            recording = Some((name, text));
        } else {
            config.push(InputFile { name, text });
        }
    }
    let mut notes = Vec::new();
    let mut unsupported = Vec::new();
    let mut scenario = if config.is_empty() {
        base
    } else {
        let imported = import::import(&config, &base).map_err(|e| e.to_string())?;
        unsupported.extend(imported.unsupported.iter().map(ToString::to_string));
        notes.extend(imported.notes);
        imported.scenario
    };
    if let Some((name, text)) = recording {
        let t = traffic::parse(text, traffic::default_unit(text)).map_err(|mut e| {
            e.file = name.to_string();
            e.to_string()
        })?;
        notes.push(format!(
            "{name}: {} s of traffic in {} s periods, replayed as steps of {} s",
            t.span_s, t.period_s, t.step_s
        ));
        traffic::apply(&mut scenario, t);
    }
    let mut m = Map::new();
    m.insert(
        "scenario".into(),
        Value::String(wire::versions::file_text(&scenario)),
    );
    m.insert("unsupported".into(), json!(unsupported));
    m.insert("notes".into(), json!(notes));
    Ok(m)
}

fn export_scenario(req: &Value) -> Result<Map<String, Value>, String> {
    let scenario = scenario_field(req, "scenario")?;
    let (exported, extension) = match text_field(req, "to")? {
        "cloudformation-yaml" => (export::cloudformation::to_yaml(&scenario), "yaml"),
        "cloudformation-json" => (export::cloudformation::to_json(&scenario), "json"),
        "terraform" => (export::terraform::to_hcl(&scenario), "tf"),
        "kubernetes" => (
            export::kubernetes::to_yaml(&scenario)
                .ok_or("the scenario has no kubernetes section to export")?,
            "yaml",
        ),
        other => return Err(format!("bad request: no exporter \"{other}\"")),
    };
    let mut m = Map::new();
    m.insert("text".into(), Value::String(exported.text));
    m.insert("extension".into(), Value::String(extension.into()));
    m.insert("not_expressed".into(), json!(exported.not_expressed));
    Ok(m)
}

/// A and B (link payloads) run to A's horizon on A's load and seed, drawn as HTML.
fn compare_runs(req: &Value) -> Result<Map<String, Value>, String> {
    let a = link::decode(text_field(req, "a")?).map_err(|e| format!("A: {e}"))?;
    let b = link::decode(text_field(req, "b")?).map_err(|e| format!("B: {e}"))?;
    let (ra, rb) = compare::compare(a, b, None).map_err(|lines| lines.join("\n"))?;
    let mut m = Map::new();
    m.insert("html".into(), Value::String(compare_view::html(&ra, &rb)));
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn root() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn read(rel: &str) -> String {
        std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn reply(request: &Value) -> Value {
        serde_json::from_str(&handle(&request.to_string())).expect("replies are JSON")
    }

    fn import_request(paths: &[&str]) -> Value {
        let files: Vec<Value> = paths
            .iter()
            .map(|p| json!({ "name": p, "text": read(p) }))
            .collect();
        json!({ "op": "import", "base": Scenario::demo().to_json_pretty(), "files": files })
    }

    fn ok_scenario(r: &Value) -> Scenario {
        assert_eq!(r["ok"], true, "{r}");
        Scenario::from_json(r["scenario"].as_str().expect("scenario text")).expect("a scenario")
    }

    #[test]
    fn every_sample_imports_as_the_runner_imports_it() {
        let aws: Vec<String> = std::fs::read_dir(root().join("examples/import/aws-cli"))
            .expect("samples")
            .map(|e| {
                format!(
                    "examples/import/aws-cli/{}",
                    e.expect("entry").file_name().to_string_lossy()
                )
            })
            .collect();
        let aws: Vec<&str> = aws.iter().map(String::as_str).collect();
        for set in [
            aws,
            vec!["examples/import/cloudformation/web-stack.yaml"],
            vec!["examples/import/cloudformation/legacy-stack.json"],
            vec!["examples/import/terraform/main.tf"],
        ] {
            let r = reply(&import_request(&set));
            let s = ok_scenario(&r);
            let texts: Vec<String> = set.iter().map(|p| read(p)).collect();
            let files: Vec<InputFile<'_>> = set
                .iter()
                .zip(&texts)
                .map(|(name, text)| InputFile { name, text })
                .collect();
            let direct = import::import(&files, &Scenario::demo()).expect("imports");
            assert_eq!(s, direct.scenario, "{set:?}");
            let unsupported: Vec<String> =
                direct.unsupported.iter().map(ToString::to_string).collect();
            assert_eq!(r["unsupported"], json!(unsupported), "{set:?}");
        }
    }

    #[test]
    fn unsupported_fields_are_listed_with_file_line_and_path() {
        let r = reply(&import_request(&[
            "examples/import/cloudformation/web-stack.yaml",
        ]));
        let list = r["unsupported"].as_array().expect("a list");
        assert!(!list.is_empty(), "{r}");
        assert!(list.iter().all(|u| u
            .as_str()
            .is_some_and(|u| u.starts_with("examples/import/cloudformation/web-stack.yaml:"))));
    }

    #[test]
    fn a_traffic_recording_replaces_the_load() {
        for p in [
            "examples/traffic/shop-web-2026-01-05.csv",
            "examples/traffic/shop-web-2026-01-05.get-metric-data.json",
        ] {
            let text = read(p);
            assert!(traffic::looks_like(&text), "{p}");
            let r = reply(&import_request(&[p]));
            let s = ok_scenario(&r);
            let mut want = Scenario::demo();
            traffic::apply(
                &mut want,
                traffic::parse(&text, traffic::default_unit(&text)).expect("parses"),
            );
            assert_eq!(s, want, "{p}");
            assert_ne!(s.load, Scenario::demo().load);
        }
    }

    #[test]
    fn configuration_is_never_taken_for_traffic() {
        for p in [
            "examples/import/cloudformation/web-stack.yaml",
            "examples/import/cloudformation/legacy-stack.json",
            "examples/import/terraform/main.tf",
            "examples/import/aws-cli/describe-policies.json",
        ] {
            assert!(!traffic::looks_like(&read(p)), "{p}");
        }
    }

    #[test]
    fn exports_match_the_exporters_and_round_trip() {
        let s = Scenario::demo();
        for (to, ext, text) in [
            (
                "cloudformation-yaml",
                "yaml",
                export::cloudformation::to_yaml(&s).text,
            ),
            (
                "cloudformation-json",
                "json",
                export::cloudformation::to_json(&s).text,
            ),
            ("terraform", "tf", export::terraform::to_hcl(&s).text),
        ] {
            let r = reply(&json!({ "op": "export", "to": to, "scenario": s.to_json_pretty() }));
            assert_eq!(r["ok"], true, "{r}");
            assert_eq!(r["extension"], ext);
            assert_eq!(r["text"], text.as_str());
            // What the page exports, the page imports back to the same group.
            let back = reply(&json!({ "op": "import", "base": s.to_json_pretty(),
                "files": [{ "name": format!("export.{ext}"), "text": text }] }));
            assert_eq!(ok_scenario(&back).group, s.group, "{to}");
        }
    }

    #[test]
    fn kubernetes_manifests_export_and_import_back_to_the_same_section() {
        let s = scaleout_core::presets::all()
            .into_iter()
            .find_map(|p| p.scenario.kubernetes.is_some().then_some(p.scenario))
            .expect("an EKS preset");
        let text = export::kubernetes::to_yaml(&s).expect("manifests").text;
        let r =
            reply(&json!({ "op": "export", "to": "kubernetes", "scenario": s.to_json_pretty() }));
        assert_eq!(r["ok"], true, "{r}");
        assert_eq!(r["extension"], "yaml");
        assert_eq!(r["text"], text.as_str());
        let back = reply(&json!({ "op": "import", "base": s.to_json_pretty(),
            "files": [{ "name": "manifests.yaml", "text": text }] }));
        assert_eq!(ok_scenario(&back).kubernetes, s.kubernetes);
        // An EC2 scenario has nothing to export as manifests: an error with the reason.
        let ec2 = reply(&json!({ "op": "export", "to": "kubernetes",
            "scenario": Scenario::demo().to_json_pretty() }));
        assert_eq!(ec2["ok"], false, "{ec2}");
        assert!(
            ec2["error"]
                .as_str()
                .is_some_and(|e| e.contains("no kubernetes section")),
            "{ec2}"
        );
    }

    #[test]
    fn bad_requests_are_errors_with_the_reason() {
        for (req, want) in [
            ("", "bad request"),
            ("[]", "no known \"op\""),
            (
                r#"{"op":"export","to":"pulumi","scenario":"{}"}"#,
                "no exporter",
            ),
            (r#"{"op":"import","base":"{}","files":[]}"#, "no file"),
            (r#"{"op":"import","base":"{","files":[]}"#, "the scenario"),
        ] {
            let r: Value = serde_json::from_str(&handle(req)).expect("JSON");
            assert_eq!(r["ok"], false, "{req}");
            assert!(
                r["error"].as_str().is_some_and(|e| e.contains(want)),
                "{req}: {r}"
            );
        }
        let r = reply(
            &json!({ "op": "import", "base": Scenario::demo().to_json_pretty(),
            "files": [{ "name": "broken.json", "text": "{\"AutoScalingGroups\": [" }] }),
        );
        assert_eq!(r["ok"], false);
        assert!(
            r["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("broken.json:")),
            "{r}"
        );
    }

    #[test]
    fn compare_runs_both_links_and_draws_them() {
        let a = Scenario::demo();
        let mut b = Scenario::demo();
        b.name = "B & co".into();
        b.group.max_size = 3;
        let r = reply(&json!({ "op": "compare", "a": link::encode(&a), "b": link::encode(&b) }));
        assert_eq!(r["ok"], true, "{r}");
        let html = r["html"].as_str().expect("html");
        assert!(html.contains("B: B &amp; co"), "{html}");
        assert!(
            html.contains("1440 simulated minutes"),
            "A's horizon: {html}"
        );
        let r = reply(&json!({ "op": "compare", "a": "%%%", "b": link::encode(&b) }));
        assert!(
            r["error"].as_str().is_some_and(|e| e.starts_with("A: ")),
            "{r}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn never_panics_on_any_request(text in ".{0,400}") {
            let r: Value = serde_json::from_str(&handle(&text)).expect("JSON");
            prop_assert!(r["ok"].is_boolean());
        }

        #[test]
        fn never_panics_on_any_file(text in ".{0,400}", name in "[a-z.]{0,12}") {
            let req = json!({ "op": "import", "base": Scenario::demo().to_json_pretty(),
                "files": [{ "name": name, "text": text }] });
            let r: Value = serde_json::from_str(&handle(&req.to_string())).expect("JSON");
            prop_assert!(r["ok"].is_boolean());
        }
    }
}
