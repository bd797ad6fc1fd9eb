//! `scaleout`: the headless runner.
//!
//! ```text
//! scaleout run SCENARIO.json|LINK [--until 24h] [--seed N] [--format text|jsonl|csv]
//! scaleout validate SCENARIO.json
//! ```
//! `run` prints one sample per simulated minute plus activity events; `validate` prints every
//! problem with its JSON path and exits non-zero when there is any.

use std::io::Write;
use std::process::ExitCode;

use scaleout_core::trace::csv_header;
use scaleout_core::{limits, link, time, Output, Scenario, Sim, SimTime};

const USAGE: &str = "usage:
  scaleout run SCENARIO.json|'https://...#s=LINK' [--until 24h] [--seed N] [--format text|jsonl|csv]
  scaleout validate SCENARIO.json";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Jsonl,
    Csv,
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
fn load(input: &str) -> Result<Scenario, String> {
    if input.contains("#s=") || input.starts_with("s=") {
        return link::decode(link::payload_from_url(input));
    }
    let text = std::fs::read_to_string(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    Scenario::from_json(&text)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let (cmd, rest) = args.split_first().ok_or(USAGE)?;
    match cmd.as_str() {
        "validate" => {
            let path = rest.first().ok_or(USAGE)?;
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
        "run" => {
            let mut input = None;
            let mut until = None;
            let mut seed = None;
            let mut format = Format::Text;
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--until" => until = Some(time::parse_duration(it.next().ok_or(USAGE)?)?),
                    "--seed" => {
                        let v = it.next().ok_or(USAGE)?;
                        seed = Some(
                            v.parse::<u64>()
                                .map_err(|_| format!("--seed {v}: not a number"))?,
                        );
                    }
                    "--format" => {
                        format = match it.next().map(String::as_str) {
                            Some("text") => Format::Text,
                            Some("jsonl") => Format::Jsonl,
                            Some("csv") => Format::Csv,
                            _ => return Err("--format takes text, jsonl or csv".into()),
                        }
                    }
                    other if input.is_none() => input = Some(other.to_string()),
                    other => return Err(format!("unexpected argument {other}\n{USAGE}")),
                }
            }
            let mut scenario = load(&input.ok_or(USAGE)?)?;
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
            write_trace(&mut sim, until, format, &mut out).map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.into()),
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
    if format == Format::Csv {
        writeln!(out, "{}", csv_header(&names))?;
    }
    let mut printed = 0;
    let mut t = SimTime::ZERO;
    while t < until {
        t = t.plus_ms(time::MS_PER_MIN).min(until);
        sim.advance_to(t);
        while let Some(o) = sim.poll_output() {
            write_event(&o, sim, format, out)?;
        }
        for s in &sim.samples()[printed..] {
            match format {
                Format::Text => writeln!(out, "{}", s.text_row(&names))?,
                Format::Csv => writeln!(out, "{}", s.csv_row())?,
                Format::Jsonl => {
                    let v = serde_json::json!({ "sample": s });
                    writeln!(out, "{v}")?
                }
            }
        }
        printed = sim.samples().len();
    }
    write_measures(sim, format, out)
}

/// Per-run measures (issue 4): requests served by each revision, errors, mixed-revision time,
/// time to converge after each release.
fn write_measures(sim: &Sim, format: Format, out: &mut impl Write) -> std::io::Result<()> {
    let m = sim.measures();
    match format {
        Format::Jsonl => writeln!(out, "{}", serde_json::json!({ "measures": m }))?,
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
        }
        // CSV stays one table; the measures go to standard error.
        Format::Csv => eprintln!("{}", serde_json::json!({ "measures": m })),
    }
    Ok(())
}

fn write_event(o: &Output, sim: &Sim, format: Format, out: &mut impl Write) -> std::io::Result<()> {
    let start = sim.scenario().start_unix_s;
    match format {
        Format::Jsonl => {
            if !matches!(
                o,
                Output::InstanceStateChanged { .. } | Output::ActivityUpdated { .. }
            ) {
                writeln!(out, "{}", serde_json::json!({ "event": o }))?;
            }
        }
        Format::Text => match o {
            Output::Activity(a) => writeln!(
                out,
                "{} ACTIVITY {}\n    Cause: {}",
                a.start.iso(start),
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
            Output::PolicyDecision {
                t,
                policy,
                decision,
            } => writeln!(out, "{} POLICY {policy}: {decision}", t.iso(start))?,
            Output::ActionRejected { t, message } => {
                writeln!(out, "{} REJECTED {message}", t.iso(start))?
            }
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
            _ => {}
        },
        // CSV carries samples only; events would break the columns.
        Format::Csv => {}
    }
    Ok(())
}
