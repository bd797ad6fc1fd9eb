//! The runner's import, export, import-traffic and compare commands, as a user runs them
//! (docs/import-export.md). The CloudFormation export of every example passes `cfn-lint` with
//! zero errors and the Terraform export parses with `python-hcl2`: both are PyPI tools that
//! scripts/setup.sh installs into `.venv-tools`. The Kubernetes manifests of every EKS example
//! pass `kubernetes-validate --strict` (PyPI, bundled schemas) and read back to the same
//! `kubernetes` section. Without the tools these checks fail, unless
//! SCALEOUT_SKIP_PY_CHECKERS=1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scaleout_core::Scenario;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn path(rel: &str) -> String {
    root().join(rel).to_string_lossy().into_owned()
}

fn scaleout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaleout"))
        .args(args)
        .output()
        .expect("the runner starts")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every example scenario, and the scenario that sets every exportable field.
fn scenarios() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    v.sort();
    v.push(path("core/tests/fixtures/kitchen-sink.json"));
    v
}

/// A scratch directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("scaleout-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The venv's bin directory, or `None` when the checks are skipped on purpose.
fn py_tools() -> Option<PathBuf> {
    let bin = root().join(".venv-tools/bin");
    if bin.join("cfn-lint").exists()
        && bin.join("python").exists()
        && bin.join("kubernetes-validate").exists()
    {
        return Some(bin);
    }
    if std::env::var("SCALEOUT_SKIP_PY_CHECKERS").as_deref() == Ok("1") {
        eprintln!("SCALEOUT_SKIP_PY_CHECKERS=1: cfn-lint and python-hcl2 checks skipped");
        return None;
    }
    panic!(
        "cfn-lint, python-hcl2 and kubernetes-validate are not installed in {}: run scripts/setup.sh (or: python3 -m venv .venv-tools && .venv-tools/bin/pip install cfn-lint python-hcl2 kubernetes-validate), or set SCALEOUT_SKIP_PY_CHECKERS=1 to skip these checks",
        bin.display()
    );
}

fn export_all(dir: &Path, ext: &str, args: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    for (i, s) in scenarios().iter().enumerate() {
        let mut a: Vec<&str> = vec!["export"];
        a.extend_from_slice(args);
        a.push(s);
        let o = scaleout(&a);
        assert!(o.status.success(), "{s}: {}", err(&o));
        assert!(
            err(&o).contains("not expressed: "),
            "{s}: the losses are listed"
        );
        let f = dir.join(format!(
            "{i}-{}.{ext}",
            Path::new(s).file_stem().unwrap().to_string_lossy()
        ));
        std::fs::write(&f, out(&o)).expect("write");
        files.push(f.to_string_lossy().into_owned());
    }
    files
}

#[test]
fn cloudformation_export_passes_cfn_lint() {
    let Some(bin) = py_tools() else { return };
    let dir = TempDir::new("cfn");
    let mut files = export_all(&dir.0, "yaml", &["--to", "cloudformation", "--yaml"]);
    files.extend(export_all(
        &dir.0,
        "json",
        &["--to", "cloudformation", "--json"],
    ));
    let o = Command::new(bin.join("cfn-lint"))
        .args(&files)
        .output()
        .expect("cfn-lint runs");
    // cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
    let code = o.status.code().unwrap_or(-1);
    assert!(
        code >= 0 && code & 2 == 0 && code & 1 == 0,
        "cfn-lint found errors (exit {code}):\n{}{}",
        out(&o),
        err(&o)
    );
}

#[test]
fn terraform_export_parses_with_python_hcl2() {
    let Some(bin) = py_tools() else { return };
    let dir = TempDir::new("tf");
    let files = export_all(&dir.0, "tf", &["--to", "terraform"]);
    let script = "import sys, hcl2\nfor f in sys.argv[1:]:\n    with open(f) as h:\n        d = hcl2.load(h)\n    assert d.get('resource'), f + ': no resources'\n";
    let o = Command::new(bin.join("python"))
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .expect("python runs");
    assert!(
        o.status.success(),
        "python-hcl2 could not parse:\n{}",
        err(&o)
    );
}

#[test]
fn the_samples_pass_the_checkers_too() {
    let Some(bin) = py_tools() else { return };
    let o = Command::new(bin.join("cfn-lint"))
        .arg(path("examples/import/cloudformation/web-stack.yaml"))
        .arg(path("examples/import/cloudformation/legacy-stack.json"))
        .output()
        .expect("cfn-lint runs");
    let code = o.status.code().unwrap_or(-1);
    assert!(code >= 0 && code & 3 == 0, "{}", out(&o));
    let o = Command::new(bin.join("python"))
        .args(["-c", "import sys, hcl2; hcl2.load(open(sys.argv[1]))"])
        .arg(path("examples/import/terraform/main.tf"))
        .output()
        .expect("python runs");
    assert!(o.status.success(), "{}", err(&o));
}

#[test]
fn import_prints_a_valid_scenario_and_lists_what_it_left_out() {
    let cli: Vec<String> = std::fs::read_dir(root().join("examples/import/aws-cli"))
        .unwrap()
        .flatten()
        .map(|e| e.path().to_string_lossy().into_owned())
        .collect();
    let sets: Vec<Vec<String>> = vec![
        cli,
        vec![path("examples/import/cloudformation/web-stack.yaml")],
        vec![path("examples/import/cloudformation/legacy-stack.json")],
        vec![path("examples/import/terraform/main.tf")],
    ];
    for set in sets {
        let mut args = vec!["import"];
        args.extend(set.iter().map(String::as_str));
        let o = scaleout(&args);
        assert!(o.status.success(), "{set:?}: {}", err(&o));
        let s = Scenario::from_json(&out(&o)).expect("scenario JSON");
        assert!(s.name.starts_with("Imported: "), "{}", s.name);
        assert!(err(&o).contains("unsupported: "), "{set:?}");
        // The imported configuration runs.
        let tmp =
            std::env::temp_dir().join(format!("scaleout-imported-{}.json", std::process::id()));
        std::fs::write(&tmp, out(&o)).unwrap();
        let r = scaleout(&[
            "run",
            &tmp.to_string_lossy(),
            "--until",
            "2h",
            "--format",
            "summary",
        ]);
        let _ = std::fs::remove_file(&tmp);
        assert!(r.status.success(), "{}", err(&r));
        assert!(out(&r).contains("SUMMARY"));
    }
}

#[test]
fn import_over_a_base_keeps_the_base_load_and_name() {
    let o = scaleout(&[
        "import",
        &path("examples/import/terraform/main.tf"),
        "--base",
        &path("examples/step-scaling.json"),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let s = Scenario::from_json(&out(&o)).unwrap();
    let base =
        Scenario::from_json(&std::fs::read_to_string(path("examples/step-scaling.json")).unwrap())
            .unwrap();
    assert_eq!(s.name, base.name);
    assert_eq!(s.load, base.load);
    assert_eq!(s.group.name, "shop-web-asg");
}

#[test]
fn export_then_import_round_trips_through_the_runner() {
    let dir = TempDir::new("rt");
    for (args, ext) in [
        (vec!["--to", "cloudformation", "--yaml"], "yaml"),
        (vec!["--to", "cloudformation", "--json"], "json"),
        (vec!["--to", "terraform"], "tf"),
    ] {
        let scenario = path("examples/simple-scaling.json");
        let mut a = vec!["export"];
        a.extend(args.iter().copied());
        a.push(&scenario);
        let o = scaleout(&a);
        let f = dir.0.join(format!("t.{ext}"));
        std::fs::write(&f, out(&o)).unwrap();
        let back = scaleout(&["import", &f.to_string_lossy(), "--base", &scenario]);
        assert!(back.status.success(), "{}", err(&back));
        let original = Scenario::from_json(&std::fs::read_to_string(&scenario).unwrap()).unwrap();
        assert_eq!(Scenario::from_json(&out(&back)).unwrap(), original, "{ext}");
    }
}

#[test]
fn import_errors_name_file_and_line() {
    let dir = TempDir::new("bad");
    let f = dir.0.join("bad.tf");
    std::fs::write(
        &f,
        "resource \"aws_autoscaling_group\" \"a\" {\n  min_size = \n}\n",
    )
    .unwrap();
    let o = scaleout(&["import", &f.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("bad.tf:"), "{}", err(&o));
    let o = scaleout(&["import"]);
    assert_eq!(o.status.code(), Some(2));
    let o = scaleout(&[
        "export",
        "--to",
        "pulumi",
        &path("examples/step-scaling.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("use cloudformation, terraform or kubernetes"));
    let o = scaleout(&[
        "export",
        "--to",
        "terraform",
        "--yaml",
        &path("examples/step-scaling.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn import_traffic_prints_the_load_fields() {
    for f in [
        "examples/traffic/shop-web-2026-01-05.csv",
        "examples/traffic/shop-web-2026-01-05.get-metric-data.json",
    ] {
        let o = scaleout(&["import-traffic", &path(f)]);
        assert!(o.status.success(), "{f}: {}", err(&o));
        let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
        assert_eq!(v["start_unix_s"], 1_767_571_200u64);
        assert_eq!(v["horizon_s"], 86_400u64);
        assert!(
            v["load"]["pattern"]["Steps"]["steps"]
                .as_array()
                .unwrap()
                .len()
                > 200
        );
    }
    let dir = TempDir::new("traffic");
    let f = dir.0.join("gap.csv");
    std::fs::write(
        &f,
        "timestamp,rps\n2026-01-05T00:00:00Z,10\n2026-01-05T00:01:00Z,12\n2026-01-05T00:03:00Z,9\n",
    )
    .unwrap();
    let o = scaleout(&["import-traffic", &f.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("gap.csv:4: row 4: a gap"), "{}", err(&o));
    // Counts per period, stated.
    let f = dir.0.join("counts.csv");
    std::fs::write(&f, "1767571200,3000\n1767571500,6000\n").unwrap();
    let o = scaleout(&["import-traffic", &f.to_string_lossy(), "--period", "300"]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["load"]["pattern"]["Steps"]["steps"][1]["rps"], 20.0);
}

#[test]
fn run_with_traffic_replays_the_recording() {
    let o = scaleout(&[
        "run",
        &path("examples/target-tracking.json"),
        "--traffic",
        &path("examples/traffic/shop-web-2026-01-05.csv"),
        "--format",
        "summary",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("minutes: 1440"), "{}", out(&o));
}

#[test]
fn compare_prints_both_summaries_and_the_differences() {
    let o = scaleout(&[
        "compare",
        &path("examples/target-tracking.json"),
        &path("examples/step-scaling.json"),
        "--until",
        "3h",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let t = out(&o);
    for row in [
        "B - A",
        "requests dropped",
        "latency p95 (ms)",
        "under-provisioned (min)",
        "instance-hours",
        "estimated cost (USD)",
        "same load and seed, 180 simulated minutes",
    ] {
        assert!(t.contains(row), "{row}:\n{t}");
    }
    // The same load: the offered requests are equal.
    let offered = t
        .lines()
        .find(|l| l.starts_with("requests offered"))
        .unwrap();
    assert!(offered.trim_end().ends_with("+0"), "{offered}");
    let o = scaleout(&[
        "compare",
        &path("examples/target-tracking.json"),
        &path("examples/overload-at-max-size.json"),
        "--until",
        "1h",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["a"]["summary"]["minutes"], 60);
    assert_eq!(
        v["b"]["summary"]["requests_offered"],
        v["a"]["summary"]["requests_offered"]
    );
    let o = scaleout(&["compare", &path("examples/target-tracking.json")]);
    assert_eq!(o.status.code(), Some(2));
}

/// The EKS examples.
fn eks_examples() -> Vec<String> {
    scenarios()
        .into_iter()
        .filter(|s| s.contains("/eks-"))
        .collect()
}

#[test]
fn kubernetes_export_passes_kubernetes_validate_strict() {
    let Some(bin) = py_tools() else { return };
    let dir = TempDir::new("k8s");
    let mut files = Vec::new();
    for (i, s) in eks_examples().iter().enumerate() {
        let o = scaleout(&["export", "--to", "kubernetes", s]);
        assert!(o.status.success(), "{s}: {}", err(&o));
        let f = dir.0.join(format!("{i}.yaml"));
        std::fs::write(&f, out(&o)).expect("write");
        files.push(f.to_string_lossy().into_owned());
    }
    assert_eq!(files.len(), 5);
    let o = Command::new(bin.join("kubernetes-validate"))
        .arg("--strict")
        .args(&files)
        .output()
        .expect("kubernetes-validate runs (scripts/setup.sh installs it)");
    let text = format!("{}{}", out(&o), err(&o));
    assert!(o.status.success(), "kubernetes-validate failed:\n{text}");
    // The Deployment and the HPA are checked against the schemas (the Application is a CRD
    // the tool has no schema for: it warns).
    assert!(
        text.contains("passed for resource deployment/web"),
        "{text}"
    );
    assert!(
        text.contains("passed for resource horizontalpodautoscaler/web"),
        "{text}"
    );
}

#[test]
fn kubernetes_manifests_round_trip_through_import() {
    let dir = TempDir::new("k8s-rt");
    for s in eks_examples() {
        let o = scaleout(&["export", "--to", "kubernetes", &s]);
        assert!(o.status.success(), "{s}: {}", err(&o));
        let f = dir.0.join("m.yaml");
        std::fs::write(&f, out(&o)).expect("write");
        let back = scaleout(&["import", &f.to_string_lossy(), "--base", &s]);
        assert!(back.status.success(), "{s}: {}", err(&back));
        let original =
            Scenario::from_json(&std::fs::read_to_string(&s).expect("read")).expect("valid");
        let imported = Scenario::from_json(&out(&back)).expect("imported JSON");
        assert_eq!(imported.kubernetes, original.kubernetes, "{s}");
    }
}

#[test]
fn kubernetes_import_names_the_field_path_in_kubernetes_wording() {
    let dir = TempDir::new("k8s-bad");
    let f = dir.0.join("bad.yaml");
    std::fs::write(
        &f,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: three\n  template:\n    spec:\n      containers:\n      - name: web\n        image: web:1\n",
    )
    .expect("write");
    let o = scaleout(&["import", &f.to_string_lossy()]);
    assert!(!o.status.success());
    assert!(
        err(&o).contains("Deployment.spec.replicas: spec.replicas: Invalid value: \"three\": must be a non-negative integer"),
        "{}",
        err(&o)
    );
    // A multi-document file: the unknown kind is listed, the HPA is read.
    std::fs::write(
        &f,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  minReplicas: 3\n  maxReplicas: 12\n",
    )
    .expect("write");
    let o = scaleout(&["import", &f.to_string_lossy()]);
    assert!(err(&o).contains("unsupported: "), "{}", err(&o));
    assert!(err(&o).contains("Service (v1)"), "{}", err(&o));
    let s = Scenario::from_json(&out(&o)).expect("imported JSON");
    let h = s.kubernetes.and_then(|k| k.hpa).expect("an HPA");
    assert_eq!((h.min_replicas, h.max_replicas), (Some(3), 12));
}
