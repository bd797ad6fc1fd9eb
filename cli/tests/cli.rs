//! The `scaleout` runner as a user runs it: exit codes of `validate`, and the shape of
//! `run --format text|jsonl|csv` output.

use std::path::PathBuf;
use std::process::{Command, Output};

use scaleout_core::Scenario;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

fn example(name: &str) -> String {
    examples().join(name).to_string_lossy().into_owned()
}

fn scaleout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaleout"))
        .args(args)
        .output()
        .expect("the runner starts")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch file that is removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("scaleout-cli-test-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("write temp file");
        TempFile(path)
    }
    fn path(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn validate_accepts_every_example() {
    let mut n = 0;
    for entry in std::fs::read_dir(examples()).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let p = path.to_string_lossy().into_owned();
        let o = scaleout(&["validate", &p]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{p}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert_eq!(stdout(&o), format!("{p}: valid\n"));
        n += 1;
    }
    assert!(n >= 5, "the five examples");
}

#[test]
fn validate_reports_each_problem_with_its_json_path_and_exits_1() {
    let json = r#"{
      "group": { "min_size": 4, "max_size": 10, "desired_capacity": 2,
                 "lifecycle_hooks": [ { "name": "h", "transition": "autoscaling:EC2_INSTANCE_LAUNCHING", "heartbeat_timeout_s": 10 } ] },
      "alarms": [ { "name": "cpu", "period_s": 45, "alarm_actions": ["steps"] } ],
      "policies": [ { "name": "steps", "kind": { "StepScaling": {
          "adjustment_type": "ChangeInCapacity",
          "step_adjustments": [
            { "lower_bound": 0.0, "upper_bound": 20.0, "scaling_adjustment": 1 },
            { "lower_bound": 10.0, "upper_bound": null, "scaling_adjustment": 2 } ],
          "metric_aggregation_type": "Average", "estimated_instance_warmup_s": null, "min_adjustment_magnitude": null } } } ]
    }"#;
    let f = TempFile::new("invalid.json", json);
    let o = scaleout(&["validate", &f.path()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 4, "{out}");
    for l in &lines {
        let (path, message) = l
            .split_once(": ")
            .unwrap_or_else(|| panic!("not `path: message`: {l}"));
        assert!(
            !path.is_empty() && !path.contains(' '),
            "path {path:?} in {l}"
        );
        assert!(!message.is_empty(), "{l}");
    }
    let has = |prefix: &str| lines.iter().any(|l| l.starts_with(prefix));
    assert!(has("group.desired_capacity: Desired capacity:2 must be between the specified min size:4 and max size:10"), "{out}");
    assert!(has("group.lifecycle_hooks[0].heartbeat_timeout_s: HeartbeatTimeout must be between 30 and 7200 seconds"), "{out}");
    assert!(
        has("alarms[0].period_s: Period must be 10, 20, 30 or a multiple of 60"),
        "{out}"
    );
    assert!(has("policies[0].kind.StepScaling.step_adjustments: The ranges of step adjustments can't overlap"), "{out}");
}

#[test]
fn validate_exit_2_on_unreadable_or_malformed_input() {
    let o = scaleout(&["validate", "/nonexistent/scenario.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("scaleout: cannot read /nonexistent/scenario.json"),
        "{}",
        stderr(&o)
    );

    let f = TempFile::new("broken.json", "{ \"group\": ");
    let o = scaleout(&["validate", &f.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("scaleout: scenario JSON: "),
        "{}",
        stderr(&o)
    );

    let o = scaleout(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("usage:"), "{}", stderr(&o));

    let o = scaleout(&["validate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unknown_fields_and_non_objects_are_refused_like_aws_would() {
    let f = TempFile::new(
        "misspelt.json",
        r#"{ "group": { "min_sise": 1, "max_size": 3 }, "load": { "pattern": { "Steady": { "rsp": 5 } } } }"#,
    );
    for cmd in ["validate", "run"] {
        let o = scaleout(&[cmd, &f.path()]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr(&o);
        assert!(
            err.contains("group.min_sise: Unknown field \"min_sise\". Did you mean \"min_size\"?"),
            "{err}"
        );
        assert!(
            err.contains("load.pattern.Steady.rsp: Unknown field \"rsp\". Did you mean \"rps\"?"),
            "{err}"
        );
        assert!(stdout(&o).is_empty(), "{cmd}: nothing runs");
    }
    for (name, text) in [
        ("array.json", "[]"),
        ("number.json", "3"),
        ("null.json", "null"),
    ] {
        let f = TempFile::new(name, text);
        let o = scaleout(&["run", &f.path()]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(
            stderr(&o).contains("a scenario is one JSON object"),
            "{text}: {}",
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "{text}: the demo must not run");
    }
}

#[test]
fn run_refuses_an_invalid_scenario_with_exit_1() {
    let f = TempFile::new(
        "bad-run.json",
        r#"{ "group": { "min_size": 5, "max_size": 3 } }"#,
    );
    let o = scaleout(&["run", &f.path(), "--until", "10m"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("group.min_size: "), "{}", stderr(&o));
}

#[test]
fn run_rejects_bad_flags_with_exit_2() {
    let ex = example("step-scaling.json");
    for args in [
        vec!["run", ex.as_str(), "--format", "xml"],
        vec!["run", ex.as_str(), "--until", "soon"],
        vec!["run", ex.as_str(), "--seed", "x"],
        vec!["run", ex.as_str(), "extra"],
        vec!["run"],
        vec!["run", ex.as_str(), "--bogus"],
        vec!["run", "--verbose", ex.as_str()],
        vec!["run", ex.as_str(), "-x"],
        vec!["run", ex.as_str(), "--seed", "1", "--seed", "2"],
        vec!["run", ex.as_str(), "--format", "csv", "--format", "text"],
        vec!["run", ex.as_str(), "--until"],
        vec!["validate", ex.as_str(), "extra"],
        vec!["validate", ex.as_str(), "--strict"],
        vec!["validate", "--strict"],
        vec!["frobnicate"],
    ] {
        let o = scaleout(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).starts_with("scaleout: "),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("usage:\n  scaleout run "),
            "{args:?}: the usage text follows: {}",
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    let o = scaleout(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("usage:"), "{}", stdout(&o));
}

#[test]
fn run_summary_format_prints_the_totals() {
    let o = scaleout(&[
        "run",
        &example("step-scaling.json"),
        "--until",
        "2h",
        "--format",
        "summary",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("SUMMARY\n"), "{out}");
    for line in [
        "  minutes: 120\n",
        "  latency p50: ",
        "  latency p95: ",
        "  under-provisioned: ",
        "  at MaxSize while overloaded: ",
        "  instance-hours: ",
        "  t3.medium: ",
        "  estimated cost: $",
    ] {
        assert!(out.contains(line), "{line:?} in {out}");
    }
    assert!(!out.contains(" desired="), "no samples: {out}");
}

#[test]
fn run_csv_has_a_header_and_one_row_per_minute() {
    let o = scaleout(&[
        "run",
        &example("step-scaling.json"),
        "--until",
        "2h",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    for col in [
        "time_s",
        "clock",
        "desired",
        "min",
        "max",
        "pending",
        "pending_wait",
        "in_service",
        "terminating",
        "load_rps",
        "capacity_rps",
        "avg_cpu",
        "avg_mem",
    ] {
        assert!(header.contains(&col), "column {col} in {header:?}");
    }
    assert_eq!(&header[..2], ["time_s", "clock"]);
    let n = header.len();
    assert_eq!(
        &header[n - 2..],
        ["cpu-at-or-above-50", "cpu-below-50"],
        "one column per alarm, last"
    );
    assert_eq!(lines.len(), 1 + 120, "2 hours = 120 minutes");
    for (i, row) in lines[1..].iter().enumerate() {
        let cols: Vec<&str> = row.split(',').collect();
        assert_eq!(cols.len(), header.len(), "row {i}: {row}");
        assert_eq!(cols[0], ((i + 1) * 60).to_string(), "time_s of row {i}");
        assert!(cols[2].parse::<u32>().is_ok(), "desired in row {i}: {row}");
        for state in &cols[n - 2..] {
            assert!(
                ["OK", "ALARM", "INSUFFICIENT_DATA"].contains(state),
                "row {i}: {row}"
            );
        }
    }
    assert_eq!(lines[120].split(',').nth(1), Some("02:00:00"));
    // CSV stays one table: the per-run measures go to standard error as JSON.
    let err: serde_json::Value =
        serde_json::from_str(stderr(&o).trim()).expect("measures on stderr");
    assert!(err.get("measures").is_some(), "{}", stderr(&o));
    assert!(err.get("summary").is_some(), "{}", stderr(&o));
}

#[test]
fn run_jsonl_is_one_json_object_per_line() {
    let o = scaleout(&[
        "run",
        &example("step-scaling.json"),
        "--until",
        "2h",
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut samples = 0;
    let mut events = 0;
    let mut last_t = 0;
    let lines: Vec<&str> = out.lines().collect();
    // The last line holds the run summary, the one before it the per-run measures.
    let (last, body) = lines.split_last().expect("output");
    let summary: serde_json::Value = serde_json::from_str(last).expect("json");
    let summary = summary.get("summary").expect("the summary is last");
    assert_eq!(summary["minutes"], 120, "{last}");
    for k in [
        "latency_p50_ms",
        "latency_p95_ms",
        "under_provisioned_minutes",
        "at_max_size_overloaded_minutes",
        "instance_hours",
        "estimated_cost_usd",
    ] {
        assert!(summary.get(k).is_some(), "{k} in {last}");
    }
    let (last, body) = body.split_last().expect("output");
    let measures: serde_json::Value = serde_json::from_str(last).expect("json");
    assert!(
        measures.get("measures").is_some_and(|m| m.is_object()),
        "{last}"
    );
    for l in body {
        let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        let obj = v.as_object().expect("an object per line");
        assert_eq!(obj.len(), 1, "{l}");
        if let Some(s) = obj.get("sample") {
            samples += 1;
            let t = s["t"].as_u64().expect("t in ms");
            assert_eq!(t, last_t + 60_000, "samples are a minute apart");
            last_t = t;
            assert!(
                s["desired"].as_u64().is_some() && s["alarms"].as_array().is_some(),
                "{l}"
            );
        } else {
            let e = obj
                .get("event")
                .unwrap_or_else(|| panic!("sample or event: {l}"));
            let kind = e
                .as_object()
                .and_then(|m| m.keys().next().cloned())
                .unwrap_or_default();
            assert!(
                [
                    "Activity",
                    "ActivityUpdated",
                    "InstanceStateChanged",
                    "AlarmStateChanged",
                    "PolicyDecision",
                    "ActionRejected"
                ]
                .contains(&kind.as_str()),
                "{kind}: {l}"
            );
            events += 1;
        }
    }
    assert_eq!(samples, 120);
    assert!(
        events >= 5,
        "group creation, alarm transitions and the spike's scale-out: {events}"
    );
    assert!(out.contains("\"cpu-at-or-above-50\""));
}

#[test]
fn run_text_prints_events_then_the_minutes_sample() {
    let o = scaleout(&[
        "run",
        &example("step-scaling.json"),
        "--until",
        "2h",
        "--format",
        "text",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let samples: Vec<&str> = out.lines().filter(|l| l.contains(" desired=")).collect();
    assert_eq!(samples.len(), 120);
    assert!(
        samples[0].starts_with("00:01:00 desired=3 "),
        "{}",
        samples[0]
    );
    assert!(samples[119].starts_with("02:00:00 desired="));
    assert!(samples
        .iter()
        .all(|l| l.contains("cpu-at-or-above-50=") && l.contains("cpu-below-50=")));
    // Events, then the minute's sample; after the last minute a MEASURES block.
    let (trace, measures) = out
        .split_once("\nMEASURES\n")
        .expect("a MEASURES block at the end");
    let (measures, summary) = measures
        .split_once("\nSUMMARY\n")
        .expect("then a SUMMARY block");
    assert!(summary.contains("  estimated cost: $"), "{summary}");
    assert!(measures.lines().all(|l| l.starts_with("  ")), "{measures}");
    assert!(
        measures.contains("  last successful revision: "),
        "{measures}"
    );
    for l in trace.lines().filter(|l| !l.contains(" desired=")) {
        let ok = l.starts_with("2026-01-05T")
            || l.starts_with("    Cause: ")
            || l.starts_with("    StatusMessage: ");
        assert!(ok, "event lines start with an AWS timestamp: {l}");
    }
    assert!(out.contains(" ACTIVITY Launching a new EC2 instance: i-"));
    assert!(out.contains(" ALARM cpu-at-or-above-50 OK -> ALARM: "));
    assert!(out.contains("    Cause: At 2026-01-05T01:03:00Z a monitor alarm cpu-at-or-above-50 in state ALARM triggered policy g1-step-policy changing the desired capacity from 3 to 4."));
}

#[test]
fn run_defaults_to_the_scenario_horizon_and_text() {
    let o = scaleout(&["run", &example("step-scaling.json")]);
    assert_eq!(o.status.code(), Some(0));
    let n = stdout(&o)
        .lines()
        .filter(|l| l.contains(" desired="))
        .count();
    assert_eq!(n, 240, "the example's horizon is 4 hours");
}

#[test]
fn run_is_deterministic_and_the_seed_flag_matters() {
    let ex = example("target-tracking.json");
    let a = scaleout(&["run", &ex, "--until", "3h", "--format", "csv"]);
    let b = scaleout(&["run", &ex, "--until", "3h", "--format", "csv"]);
    assert_eq!(stdout(&a), stdout(&b));
    let c = scaleout(&[
        "run", &ex, "--until", "3h", "--format", "csv", "--seed", "99",
    ]);
    assert_ne!(stdout(&a), stdout(&c), "the load noise depends on the seed");
}

#[test]
fn run_accepts_a_share_link() {
    let path = example("simple-scaling.json");
    let text = std::fs::read_to_string(&path).expect("example");
    let scenario = Scenario::from_json(&text).expect("valid json");
    let link = format!(
        "https://example.org/scaleout/#s={}&t=60",
        scaleout_core::link::encode(&scenario)
    );
    let from_file = scaleout(&["run", &path, "--until", "90m", "--format", "csv"]);
    let from_link = scaleout(&["run", &link, "--until", "90m", "--format", "csv"]);
    assert_eq!(from_link.status.code(), Some(0), "{}", stderr(&from_link));
    assert_eq!(stdout(&from_file), stdout(&from_link));
    let broken = scaleout(&["run", "https://example.org/#s=AQ", "--until", "10m"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains("damaged"), "{}", stderr(&broken));
}

/// Runs are capped at 31 days of simulated time: `--until 1000d` is refused before anything
/// runs, with a message that says so (it ran on, using 400 MB and more).
#[test]
fn run_refuses_more_than_31_days_with_exit_2() {
    let o = scaleout(&["run", &example("target-tracking.json"), "--until", "1000d"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("31 days"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let o = scaleout(&[
        "run",
        &example("target-tracking.json"),
        "--until",
        "2678401s",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("31 days"), "{}", stderr(&o));
}

/// A run past the work limit (docs/limits.md) is refused before it starts, and `validate`
/// reports it for the scenario's own horizon.
#[test]
fn run_and_validate_refuse_a_run_past_the_work_limit() {
    let mut s = Scenario::demo();
    s.group.max_size = 20_000;
    s.horizon_s = 31 * 86_400;
    let f = TempFile::new("too-much-work.json", &s.to_json_pretty());
    let o = scaleout(&["run", &f.path()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("too large"), "{}", stderr(&o));
    let o = scaleout(&["validate", &f.path()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("horizon_s: This run is too large"),
        "{}",
        stdout(&o)
    );
}

/// The CSV of a run, as a header and rows of named cells.
fn csv_table(args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let o = scaleout(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    let header = scaleout_core::observation::csv::split(lines.next().unwrap_or_default());
    let rows: Vec<Vec<String>> = lines.map(scaleout_core::observation::csv::split).collect();
    for r in &rows {
        assert_eq!(r.len(), header.len(), "{r:?}");
    }
    (header, rows)
}

fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("column {name} in {header:?}"));
    rows.iter().map(|r| r[i].as_str()).collect()
}

/// An EKS run's CSV carries the cluster's minute after the group's columns: pods by phase,
/// readiness and ReplicaSet revision, the HPA's status and its decisions in Kubernetes' words,
/// Argo CD's sync and health and its messages.
#[test]
fn run_csv_of_an_eks_scenario_has_the_cluster_columns() {
    let ex = example("eks-hpa-spike.json");
    let (header, rows) = csv_table(&["run", &ex, "--until", "80m", "--format", "csv"]);
    assert_eq!(rows.len(), 80);
    let first_k8s = header.iter().position(|h| h.starts_with("k8s:"));
    assert_eq!(first_k8s.map(|i| header[i].as_str()), Some("k8s:replicas"));
    assert_eq!(
        header.last().map(String::as_str),
        Some("k8s:argocd_message")
    );
    let decisions = column(&header, &rows, "k8s:hpa_decision");
    assert!(
        decisions.iter().any(|d| d.contains(
            "New size: 4; reason: cpu resource utilization (percentage of request) above target"
        )),
        "{decisions:?}"
    );
    let ready = column(&header, &rows, "k8s:pods_ready");
    assert!(ready.contains(&"9"), "{ready:?}");
    assert!(column(&header, &rows, "k8s:pod_revisions").contains(&"rev1:9"));
    let desired = column(&header, &rows, "k8s:hpa_desired");
    assert!(
        desired.contains(&"9") && desired.contains(&"2"),
        "{desired:?}"
    );
    assert!(column(&header, &rows, "k8s:argocd_sync")
        .iter()
        .all(|c| c.is_empty()));

    let ex = example("eks-gitops-rollout.json");
    let (header, rows) = csv_table(&["run", &ex, "--until", "90m", "--format", "csv"]);
    let sync = column(&header, &rows, "k8s:argocd_sync");
    assert!(
        sync.contains(&"Synced") && sync.contains(&"OutOfSync"),
        "{sync:?}"
    );
    let health = column(&header, &rows, "k8s:argocd_health");
    assert!(health.contains(&"Degraded"), "{health:?}");
    let messages = column(&header, &rows, "k8s:argocd_message");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("Initiated automated sync to")),
        "{messages:?}"
    );
    let revisions = column(&header, &rows, "k8s:pod_revisions");
    assert!(
        revisions.iter().any(|r| r.contains("rev2:")),
        "{revisions:?}"
    );
    assert!(column(&header, &rows, "k8s:pods_created")
        .iter()
        .any(|n| *n != "0"));
}

/// Without a cluster the CSV is the EC2 one, with no cluster columns.
#[test]
fn run_csv_without_a_cluster_has_no_cluster_columns() {
    let (header, _) = csv_table(&[
        "run",
        &example("step-scaling.json"),
        "--until",
        "10m",
        "--format",
        "csv",
    ]);
    assert!(header.iter().all(|h| !h.starts_with("k8s:")), "{header:?}");
}

/// ECS: service events, task changes and the service's auto scaling in every format
/// (docs/trace.md, "ECS"); CSV rows carry the ECS sample's columns.
#[test]
fn run_an_ecs_example_prints_service_events_task_changes_and_scaling() {
    let file = example("ecs-two-level-scaling.json");
    let text = scaleout(&["run", &file, "--until", "1h", "--format", "text"]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let t = stdout(&text);
    for needle in [
        " TASK task-0001 api:1 - -> PROVISIONING",
        " SERVICE-EVENT (service api) has started 4 tasks:",
        " POLICY [service/prod/api] api-cpu70-target-tracking: Metric 100.00 > target 70",
        " SCALING-ACTIVITY [service/prod/api] Setting desired count to 6.",
        "  ECS desired=",
    ] {
        assert!(t.contains(needle), "{needle} in the text trace");
    }
    let jsonl = scaleout(&["run", &file, "--until", "1h", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = stdout(&jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let has = |f: &dyn Fn(&serde_json::Value) -> bool| lines.iter().any(f);
    assert!(has(
        &|v| v["event"]["Ecs"]["TaskStateChanged"]["to"] == "RUNNING"
    ));
    assert!(has(&|v| v["event"]["Ecs"]["ServiceEvent"]["message"]
        .as_str()
        .is_some_and(|m| m.ends_with("has reached a steady state."))));
    assert!(has(&|v| v["event"]["Ecs"]["ScalingActivity"]
        ["resource_id"]
        == "service/prod/api"));
    assert!(has(
        &|v| v["event"]["PolicyDecision"]["decision"]["target"] == "service/prod/api"
    ));
    assert!(has(&|v| v["ecs_sample"]["desired"].is_number()));
    let csv = scaleout(&["run", &file, "--until", "1h", "--format", "csv"]);
    let out = stdout(&csv);
    let rows: Vec<&str> = out.lines().collect();
    let header: Vec<&str> = rows[0].split(',').collect();
    assert!(
        header.ends_with(&["container_instances", "green_percent"]),
        "{header:?}"
    );
    assert!(header.contains(&"ecs_desired"));
    assert_eq!(rows.len(), 1 + 60);
    for row in &rows[1..] {
        assert_eq!(row.split(',').count(), header.len(), "{row}");
    }
}

/// Every ECS example runs to its horizon with the runner.
#[test]
fn run_every_ecs_example() {
    for name in [
        "ecs-rolling-deploy.json",
        "ecs-circuit-breaker.json",
        "ecs-blue-green-canary.json",
        "ecs-two-level-scaling.json",
    ] {
        let o = scaleout(&["run", &example(name), "--format", "summary"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    }
}
