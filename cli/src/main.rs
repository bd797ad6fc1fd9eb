//! `scaleout`: the headless runner.
//!
//! ```text
//! scaleout run SCENARIO.json|LINK [--until 24h] [--seed N] [--format text|jsonl|csv|summary]
//! scaleout validate SCENARIO.json|LINK
//! scaleout import FILE... [--base SCENARIO]
//! scaleout export --to cloudformation|terraform|kubernetes [--yaml|--json] SCENARIO
//! scaleout import-traffic FILE [--period N | --per-second]
//! scaleout compare A.json B.json [--until 24h] [--seed N] [--traffic FILE] [--format text|json]
//! ```
//! `run` prints one sample per simulated minute plus every event (docs/trace.md), then the
//! run's measures and summary; `validate` prints every problem with its JSON path and exits
//! non-zero when there is any. Unknown, repeated or extra arguments are usage errors (exit 2).

mod interchange;

use std::io::Write;
use std::process::ExitCode;

use scaleout_core::ecs::output::EcsSample;
use scaleout_core::summary::RunSummary;
use scaleout_core::{limits, link, time, Output, Scenario, Sim, SimTime};

const USAGE: &str = "usage:
  scaleout run SCENARIO.json|'https://...#s=LINK' [--until 24h] [--seed N] [--format text|jsonl|csv|summary]
  scaleout validate SCENARIO.json|'https://...#s=LINK'
  scaleout import FILE... [--base SCENARIO]
  scaleout export --to cloudformation|terraform|kubernetes [--yaml|--json] SCENARIO
  scaleout import-traffic FILE [--period N | --per-second]
  scaleout compare A.json B.json [--until 24h] [--seed N] [--traffic FILE] [--format text|json]
  (run also takes --traffic FILE [--traffic-period N]; see docs/import-export.md)
  scaleout --help";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Jsonl,
    Csv,
    /// Only the run summary, as text.
    Summary,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("scaleout: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Reads a scenario from a JSON file, or from a share link (`...#s=...`).
pub(crate) fn load(input: &str) -> Result<Scenario, String> {
    if input.contains("#s=") || input.starts_with("s=") {
        return link::decode(link::payload_from_url(input));
    }
    let text = std::fs::read_to_string(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    Scenario::from_json(&text)
}

/// A usage error: the message, then the usage text.
pub(crate) fn usage_error(msg: impl std::fmt::Display) -> String {
    format!("{msg}\n{USAGE}")
}

/// The value after a flag; a missing value is a usage error.
pub(crate) fn flag_value<'a>(
    flag: &str,
    it: &mut impl Iterator<Item = &'a String>,
) -> Result<&'a str, String> {
    it.next()
        .map(String::as_str)
        .ok_or_else(|| usage_error(format!("{flag} needs a value")))
}

/// Sets a flag once; giving it twice is a usage error (which one would win is a guess).
pub(crate) fn set_once<T>(slot: &mut Option<T>, flag: &str, value: T) -> Result<(), String> {
    if slot.is_some() {
        return Err(usage_error(format!("{flag} is given twice")));
    }
    *slot = Some(value);
    Ok(())
}

/// `--until 24h`: the value after the flag, as a duration.
pub(crate) fn until_flag<'a>(
    flag: &str,
    it: &mut impl Iterator<Item = &'a String>,
    slot: &mut Option<SimTime>,
) -> Result<(), String> {
    let v = flag_value(flag, it)?;
    let d = time::parse_duration(v).map_err(|e| usage_error(format!("{flag} {v}: {e}")))?;
    set_once(slot, flag, d)
}

/// `--seed N`: the value after the flag, as a whole number.
pub(crate) fn seed_flag<'a>(
    flag: &str,
    it: &mut impl Iterator<Item = &'a String>,
    slot: &mut Option<u64>,
) -> Result<(), String> {
    let v = flag_value(flag, it)?;
    let n = v.parse::<u64>().map_err(|_| {
        usage_error(format!(
            "{flag} {v}: not a whole number from 0 to {}",
            u64::MAX
        ))
    })?;
    set_once(slot, flag, n)
}

/// A lone argument that looks like an option (`-x`, `--xyz`) is never a file name here.
pub(crate) fn is_option(a: &str) -> bool {
    a.starts_with('-') && a.len() > 1
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err(usage_error("no command given"));
    };
    match cmd.as_str() {
        "--help" | "-h" | "help" if rest.is_empty() => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        "validate" => {
            let path = match rest {
                [p] if !is_option(p) => p,
                [] => return Err(usage_error("validate needs a scenario file")),
                [p] => return Err(usage_error(format!("unknown option {p}"))),
                [_, extra, ..] => return Err(usage_error(format!("unexpected argument {extra}"))),
            };
            let scenario = load(path)?;
            let mut problems = scaleout_core::validate::validate(&scenario);
            // A run to the scenario's horizon must also fit the work limit (docs/limits.md).
            if problems.is_empty() {
                if let Err(e) =
                    limits::estimate_work(&scenario, SimTime::from_secs(scenario.horizon_s))
                {
                    problems.push(scaleout_core::validate::Problem {
                        path: "horizon_s".into(),
                        message: e.message,
                    });
                }
            }
            if problems.is_empty() {
                println!("{path}: valid");
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &problems {
                    println!("{p}");
                }
                Ok(ExitCode::from(1))
            }
        }
        "import" => interchange::import_cmd(rest),
        "export" => interchange::export_cmd(rest),
        "import-traffic" => interchange::import_traffic_cmd(rest),
        "compare" => interchange::compare_cmd(rest),
        "run" => {
            let mut traffic = None;
            let mut traffic_period = None;
            let mut input = None;
            let mut until = None;
            let mut seed = None;
            let mut format = None;
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--until" => until_flag(a, &mut it, &mut until)?,
                    "--seed" => seed_flag(a, &mut it, &mut seed)?,
                    "--format" => {
                        let f = match flag_value(a, &mut it)? {
                            "text" => Format::Text,
                            "jsonl" => Format::Jsonl,
                            "csv" => Format::Csv,
                            "summary" => Format::Summary,
                            other => {
                                return Err(usage_error(format!(
                                    "--format {other}: use text, jsonl, csv or summary"
                                )))
                            }
                        };
                        set_once(&mut format, a, f)?
                    }
                    "--traffic" => {
                        let v = flag_value(a, &mut it)?;
                        set_once(&mut traffic, a, v.to_string())?
                    }
                    "--traffic-period" => {
                        let v = flag_value(a, &mut it)?;
                        let n = v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                            usage_error(format!("--traffic-period {v}: a whole number of seconds"))
                        })?;
                        set_once(&mut traffic_period, a, n)?
                    }
                    other if is_option(other) => {
                        return Err(usage_error(format!("unknown option {other}")))
                    }
                    other if input.is_none() => input = Some(other.to_string()),
                    other => return Err(usage_error(format!("unexpected argument {other}"))),
                }
            }
            let input = input.ok_or_else(|| usage_error("run needs a scenario file or link"))?;
            let mut scenario = load(&input)?;
            if let Some(f) = &traffic {
                let t = interchange::read_traffic(f, traffic_period, false)?;
                scaleout_core::import::traffic::apply(&mut scenario, t);
            } else if traffic_period.is_some() {
                return Err(usage_error("--traffic-period needs --traffic FILE"));
            }
            if let Some(s) = seed {
                scenario.seed = s;
            }
            let until = until.unwrap_or(SimTime::from_secs(scenario.horizon_s));
            // The 31-day cap and the work bound, checked before anything runs (docs/limits.md).
            limits::estimate_work(&scenario, until).map_err(|e| e.message)?;
            let mut sim = match Sim::new(scenario) {
                Ok(sim) => sim,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{p}");
                    }
                    return Ok(ExitCode::from(1));
                }
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write_trace(&mut sim, until, format.unwrap_or(Format::Text), &mut out)
                .map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
        other => Err(usage_error(format!("unknown command {other}"))),
    }
}

/// Advances minute by minute, printing each sample after the events that led to it.
fn write_trace(
    sim: &mut Sim,
    until: SimTime,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let names = sim.alarm_names();
    // An ECS scenario adds its own columns and rows (docs/trace.md).
    let ecs = sim.ecs_view().is_some();
    if format == Format::Csv {
        let header = sim.csv_header();
        if ecs {
            writeln!(out, "{header},{}", EcsSample::CSV_HEADER)?;
        } else {
            writeln!(out, "{header}")?;
        }
    }
    let mut printed = 0;
    let mut t = SimTime::ZERO;
    while t < until {
        t = t.plus_ms(time::MS_PER_MIN).min(until);
        sim.advance_to(t);
        while let Some(o) = sim.poll_output() {
            write_event(&o, sim, format, out)?;
        }
        for (i, s) in sim.samples().iter().enumerate().skip(printed) {
            let e = sim.ecs_samples().get(i);
            match format {
                Format::Text => {
                    writeln!(out, "{}", s.text_row(&names))?;
                    if let Some(e) = e {
                        writeln!(out, "{}", e.text_row())?
                    }
                }
                Format::Csv => match e {
                    Some(e) => writeln!(out, "{},{}", s.csv_row(), e.csv_row())?,
                    None if ecs => {
                        writeln!(out, "{},{}", s.csv_row(), EcsSample::default().csv_row())?
                    }
                    None => writeln!(out, "{}", s.csv_row())?,
                },
                Format::Jsonl => {
                    let v = serde_json::json!({ "sample": s });
                    writeln!(out, "{v}")?;
                    if let Some(e) = e {
                        writeln!(out, "{}", serde_json::json!({ "ecs_sample": e }))?
                    }
                }
                Format::Summary => {}
            }
        }
        printed = sim.samples().len();
    }
    write_measures(sim, format, out)
}

/// Per-run measures (requests served by each revision, errors, mixed-revision time, time to
/// converge after each release), then the run summary (docs/trace.md), which is always last.
fn write_measures(sim: &Sim, format: Format, out: &mut impl Write) -> std::io::Result<()> {
    let m = sim.measures();
    let summary = sim.summary();
    match format {
        Format::Jsonl => {
            writeln!(out, "{}", serde_json::json!({ "measures": m }))?;
            writeln!(out, "{}", serde_json::json!({ "summary": summary }))?
        }
        Format::Summary => write_summary(&summary, out)?,
        Format::Text => {
            writeln!(out, "MEASURES")?;
            for (rev, n) in &m.served_by_revision {
                let rev = if rev.is_empty() {
                    "(none)"
                } else {
                    rev.as_str()
                };
                writeln!(out, "  served by {rev}: {n:.0} requests")?;
            }
            writeln!(out, "  errors served: {:.0} requests", m.errors_served)?;
            writeln!(out, "  dropped: {:.0} requests", m.dropped)?;
            writeln!(
                out,
                "  time with mixed revisions: {} min",
                m.mixed_revision_minutes
            )?;
            for (rev, s) in &m.convergence_s {
                match s {
                    Some(s) => writeln!(out, "  {rev} converged after {s} s")?,
                    None => writeln!(out, "  {rev} never converged")?,
                }
            }
            writeln!(
                out,
                "  last successful revision: {}",
                sim.last_successful_revision().unwrap_or("(none)")
            )?;
            write_summary(&summary, out)?;
        }
        // CSV stays one table; the measures and the summary go to standard error.
        Format::Csv => eprintln!(
            "{}",
            serde_json::json!({ "measures": m, "summary": summary })
        ),
    }
    Ok(())
}

/// The summary as text: one `  name: value` line per figure.
fn write_summary(s: &RunSummary, out: &mut impl Write) -> std::io::Result<()> {
    let ms = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.1} ms"));
    writeln!(out, "SUMMARY")?;
    writeln!(out, "  minutes: {}", s.minutes)?;
    writeln!(out, "  requests offered: {:.0}", s.requests_offered)?;
    writeln!(out, "  requests served: {:.0}", s.requests_served)?;
    writeln!(out, "  requests dropped: {:.0}", s.requests_dropped)?;
    writeln!(
        out,
        "  requests answered with errors: {:.0}",
        s.requests_errors
    )?;
    writeln!(out, "  latency p50: {}", ms(s.latency_p50_ms))?;
    writeln!(out, "  latency p95: {}", ms(s.latency_p95_ms))?;
    writeln!(
        out,
        "  under-provisioned: {} min",
        s.under_provisioned_minutes
    )?;
    writeln!(
        out,
        "  at MaxSize while overloaded: {} min",
        s.at_max_size_overloaded_minutes
    )?;
    writeln!(out, "  instance-hours: {:.2}", s.instance_hours)?;
    for c in &s.by_instance_type {
        writeln!(
            out,
            "  {}: {:.2} instance-hours x ${}/h = ${:.4}",
            c.instance_type, c.instance_hours, c.price_per_hour, c.cost_usd
        )?;
    }
    writeln!(out, "  estimated cost: ${:.4}", s.estimated_cost_usd)?;
    Ok(())
}

fn write_event(o: &Output, sim: &Sim, format: Format, out: &mut impl Write) -> std::io::Result<()> {
    let start = sim.scenario().start_unix_s;
    // With several groups, each event names its group (one group: the trace as it always was).
    let several = !sim.scenario().extra_groups.is_empty();
    let group_tag = |g: &str| {
        if several {
            format!(" [{g}]")
        } else {
            String::new()
        }
    };
    match format {
        // Every output, in the order it happened (docs/trace.md).
        Format::Jsonl => writeln!(out, "{}", serde_json::json!({ "event": o }))?,
        Format::Text => match o {
            Output::Activity(a) => writeln!(
                out,
                "{} ACTIVITY{} {}\n    Cause: {}",
                a.start.iso(start),
                group_tag(&a.group),
                a.description,
                a.cause
            )?,
            Output::AlarmStateChanged {
                t,
                alarm,
                from,
                to,
                reason,
            } => writeln!(
                out,
                "{} ALARM {alarm} {} -> {}: {reason}",
                t.iso(start),
                from.as_str(),
                to.as_str()
            )?,
            Output::PolicyDecision { t, decision } => {
                // With several groups, or for a target that is not an Auto Scaling group (an
                // ECS service, C4), the decision names its target.
                let target = if several || !decision.target.starts_with("autoScalingGroup/") {
                    format!(" [{}]", decision.target)
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{} POLICY{target} {}: {}",
                    t.iso(start),
                    decision.policy,
                    decision.text()
                )?
            }
            Output::ActionRejected { t, message } => {
                writeln!(out, "{} REJECTED {message}", t.iso(start))?
            }
            Output::ActivityUpdated {
                t,
                activity_id,
                status,
                status_message,
                progress,
                ..
            } => {
                write!(
                    out,
                    "{} ACTIVITY-STATUS {activity_id} {} progress={progress}",
                    t.iso(start),
                    status.as_str()
                )?;
                if status_message.is_empty() {
                    writeln!(out)?
                } else {
                    writeln!(out, "\n    StatusMessage: {status_message}")?
                }
            }
            Output::InstanceStateChanged {
                t,
                instance_id,
                from,
                to,
                availability_zone,
                launched_from,
                launch_template_version,
                revision,
                health,
                group,
                ..
            } => {
                let version = launch_template_version
                    .map(|v| format!(":{v}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{} INSTANCE{} {instance_id} {} -> {} az={availability_zone} launch={launched_from}{version} revision={} health={health:?}",
                    t.iso(start),
                    group_tag(group),
                    from.as_str(),
                    to.as_str(),
                    revision.as_deref().unwrap_or("-"),
                )?
            }
            Output::LifecycleHookResult {
                t,
                instance_id,
                hook,
                result,
                heartbeat_timeout,
                ..
            } => writeln!(
                out,
                "{} HOOK {hook} {instance_id} {result:?}{}",
                t.iso(start),
                if *heartbeat_timeout {
                    " (Heartbeat Timeout)"
                } else {
                    ""
                }
            )?,
            Output::DeploymentTargets {
                t,
                deployment_id,
                revision,
                instance_ids,
            } => writeln!(
                out,
                "{} TARGETS {deployment_id} revision={revision} [{}]",
                t.iso(start),
                instance_ids.join(" ")
            )?,
            Output::LastSuccessfulRevision {
                t,
                deployment_group,
                revision,
            } => writeln!(
                out,
                "{} REVISION {deployment_group} last successful = {}",
                t.iso(start),
                revision.as_deref().unwrap_or("(none)")
            )?,
            Output::Ecs(e) => writeln!(out, "{} {}", e.time().iso(start), e.text())?,
            Output::Kubernetes(k) => writeln!(out, "{} {}", k.t().iso(start), k.text())?,
            Output::Deployment(d) => {
                let when = d.end.unwrap_or(d.start).iso(start);
                let targets: Vec<String> = d
                    .targets
                    .iter()
                    .map(|t| format!("{}={}", t.instance_id, t.status))
                    .collect();
                writeln!(
                    out,
                    "{when} DEPLOYMENT {} creator={:?} revision={} status={:?} {} [{}]",
                    d.id,
                    d.creator,
                    d.revision,
                    d.status,
                    d.message,
                    targets.join(" ")
                )?
            }
        },
        // CSV carries samples only; events would break the columns.
        Format::Csv | Format::Summary => {}
    }
    Ok(())
}
