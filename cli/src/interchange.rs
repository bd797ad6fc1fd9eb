//! The runner's import, export, traffic and compare commands (docs/import-export.md).

use std::process::ExitCode;

use scaleout_core::export::{cloudformation, terraform};
use scaleout_core::import::traffic::{self, Traffic, Unit};
use scaleout_core::import::{import, InputFile};
use scaleout_core::summary::RunSummary;
use scaleout_core::{time, Scenario, Sim, SimTime};

use crate::{flag_value, is_option, load, set_once, usage_error};

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// `scaleout import FILE... [--base SCENARIO]`: the scenario on standard output; unsupported
/// fields, notes and validation problems on standard error (exit 1 when there are problems).
pub fn import_cmd(rest: &[String]) -> Result<ExitCode, String> {
    let mut files = Vec::new();
    let mut base = None;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base" => {
                let v = flag_value(a, &mut it)?;
                set_once(&mut base, a, v.to_string())?
            }
            o if is_option(o) => return Err(usage_error(format!("unknown option {o}"))),
            f => files.push(f.to_string()),
        }
    }
    if files.is_empty() {
        return Err(usage_error("import needs at least one file"));
    }
    let texts = files
        .iter()
        .map(|f| read(f))
        .collect::<Result<Vec<_>, _>>()?;
    let inputs: Vec<InputFile<'_>> = files
        .iter()
        .zip(&texts)
        .map(|(name, text)| InputFile { name, text })
        .collect();
    let base_scenario = match &base {
        Some(b) => load(b)?,
        None => Scenario::demo(),
    };
    let mut imported = import(&inputs, &base_scenario).map_err(|e| e.to_string())?;
    if base.is_none() {
        imported.scenario.name = format!("Imported: {}", imported.scenario.group.name);
    }
    for u in &imported.unsupported {
        eprintln!("unsupported: {u}");
    }
    for n in &imported.notes {
        eprintln!("note: {n}");
    }
    println!(
        "{}",
        scaleout_core::wire::versions::file_text(&imported.scenario)
    );
    let problems = scaleout_core::validate::validate(&imported.scenario);
    for p in &problems {
        eprintln!("problem: {p}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `scaleout export --to cloudformation|terraform [--yaml|--json] SCENARIO`.
pub fn export_cmd(rest: &[String]) -> Result<ExitCode, String> {
    let mut to = None;
    let mut syntax = None;
    let mut input = None;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--to" => {
                let v = flag_value(a, &mut it)?;
                let t = match v {
                    "cloudformation" | "cfn" => "cloudformation",
                    "terraform" | "tf" => "terraform",
                    other => {
                        return Err(usage_error(format!(
                            "--to {other}: use cloudformation or terraform"
                        )))
                    }
                };
                set_once(&mut to, a, t)?
            }
            "--yaml" | "--json" => set_once(&mut syntax, "--yaml/--json", a.as_str())?,
            o if is_option(o) => return Err(usage_error(format!("unknown option {o}"))),
            f if input.is_none() => input = Some(f.to_string()),
            f => return Err(usage_error(format!("unexpected argument {f}"))),
        }
    }
    let to = to.ok_or_else(|| usage_error("export needs --to cloudformation|terraform"))?;
    let input = input.ok_or_else(|| usage_error("export needs a scenario file or link"))?;
    let scenario = load(&input)?;
    let exported = match (to, syntax) {
        ("cloudformation", Some("--json")) => cloudformation::to_json(&scenario),
        ("cloudformation", _) => cloudformation::to_yaml(&scenario),
        (_, None) => terraform::to_hcl(&scenario),
        (_, Some(s)) => {
            return Err(usage_error(format!(
                "{s}: Terraform is written as HCL only"
            )))
        }
    };
    for n in &exported.not_expressed {
        eprintln!("not expressed: {n}");
    }
    print!("{}", exported.text);
    Ok(ExitCode::SUCCESS)
}

/// Reads a traffic file; `period` states counts per period, `per_second` rates.
pub fn read_traffic(path: &str, period: Option<u32>, per_second: bool) -> Result<Traffic, String> {
    let text = read(path)?;
    let is_json = text.trim_start().starts_with('{');
    let unit = match (period, per_second) {
        (Some(_), true) => {
            return Err(usage_error(
                "--period (counts per period) and --per-second (rates) exclude each other",
            ))
        }
        (Some(p), false) => Unit::CountPerPeriod(Some(p)),
        (None, true) => Unit::PerSecond,
        // CloudWatch exports hold request counts (RequestCount Sum); a CSV holds rates.
        (None, false) if is_json => Unit::CountPerPeriod(None),
        (None, false) => Unit::PerSecond,
    };
    traffic::parse(&text, unit).map_err(|e| {
        let mut e = e;
        e.file = path.to_string();
        e.to_string()
    })
}

fn parse_period(flag: &str, v: &str) -> Result<u32, String> {
    match v.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(usage_error(format!(
            "{flag} {v}: a whole number of seconds, such as 60 or 300"
        ))),
    }
}

/// `scaleout import-traffic FILE [--period N | --per-second]`: prints the scenario fields that
/// replay it (`start_unix_s`, `horizon_s`, `load`), to paste into a scenario.
pub fn import_traffic_cmd(rest: &[String]) -> Result<ExitCode, String> {
    let mut input = None;
    let mut period = None;
    let mut per_second = false;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--period" => {
                let v = flag_value(a, &mut it)?;
                set_once(&mut period, a, parse_period(a, v)?)?
            }
            "--per-second" => per_second = true,
            o if is_option(o) => return Err(usage_error(format!("unknown option {o}"))),
            f if input.is_none() => input = Some(f.to_string()),
            f => return Err(usage_error(format!("unexpected argument {f}"))),
        }
    }
    let input = input.ok_or_else(|| usage_error("import-traffic needs a file"))?;
    let t = read_traffic(&input, period, per_second)?;
    eprintln!(
        "note: {} s of traffic in {} s periods from {}, as steps of {} s",
        t.span_s,
        t.period_s,
        time::iso_from_unix(t.start_unix_s),
        t.step_s
    );
    let v = serde_json::json!({
        "start_unix_s": t.start_unix_s,
        "horizon_s": t.span_s,
        "load": t.load,
    });
    println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    Ok(ExitCode::SUCCESS)
}

/// Replaces a scenario's load with recorded traffic, starting at its first minute.
pub fn apply_traffic(s: &mut Scenario, t: Traffic) {
    s.load = t.load;
    s.start_unix_s = t.start_unix_s;
    s.horizon_s = t.span_s.max(60);
}

/// Seconds until each release converged (`None`: not yet), by revision.
type Convergence = Vec<(String, Option<u64>)>;

/// Runs a scenario to `until`, minute by minute, and returns its summary and measures.
fn run_to(s: Scenario, until: SimTime) -> Result<(RunSummary, Convergence), Vec<String>> {
    let mut sim = Sim::new(s).map_err(|p| p.iter().map(|x| x.to_string()).collect::<Vec<_>>())?;
    let mut t = SimTime::ZERO;
    while t < until {
        t = t.plus_ms(time::MS_PER_MIN).min(until);
        sim.advance_to(t);
        while sim.poll_output().is_some() {}
    }
    Ok((sim.summary(), sim.measures().convergence_s.clone()))
}

/// `scaleout compare A B [--until 24h] [--seed N] [--traffic FILE]`: both on A's load and seed
/// (or the given ones), summaries side by side with B − A.
pub fn compare_cmd(rest: &[String]) -> Result<ExitCode, String> {
    let mut inputs = Vec::new();
    let mut until = None;
    let mut seed = None;
    let mut traffic_file = None;
    let mut format_json = None;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--until" => {
                let v = flag_value(a, &mut it)?;
                let d = time::parse_duration(v)
                    .map_err(|e| usage_error(format!("--until {v}: {e}")))?;
                set_once(&mut until, a, d)?
            }
            "--seed" => {
                let v = flag_value(a, &mut it)?;
                let n = v
                    .parse::<u64>()
                    .map_err(|_| usage_error(format!("--seed {v}: not a whole number")))?;
                set_once(&mut seed, a, n)?
            }
            "--traffic" => {
                let v = flag_value(a, &mut it)?;
                set_once(&mut traffic_file, a, v.to_string())?
            }
            "--format" => {
                let v = flag_value(a, &mut it)?;
                let j = match v {
                    "text" => false,
                    "json" => true,
                    other => {
                        return Err(usage_error(format!("--format {other}: use text or json")))
                    }
                };
                set_once(&mut format_json, a, j)?
            }
            o if is_option(o) => return Err(usage_error(format!("unknown option {o}"))),
            f => inputs.push(f.to_string()),
        }
    }
    let [a_path, b_path] = inputs.as_slice() else {
        return Err(usage_error("compare needs two scenarios, A and B"));
    };
    let mut a = load(a_path)?;
    let mut b = load(b_path)?;
    if let Some(f) = &traffic_file {
        let t = read_traffic(f, None, false)?;
        apply_traffic(&mut a, t);
    }
    if let Some(s) = seed {
        a.seed = s;
    }
    // The same load, seed and clock for both (what differs is the configuration).
    b.load = a.load.clone();
    b.seed = a.seed;
    b.start_unix_s = a.start_unix_s;
    let until = until.unwrap_or(SimTime::from_secs(a.horizon_s));
    let mut failed = false;
    let mut run = |label: &str, s: Scenario| match run_to(s, until) {
        Ok(r) => Some(r),
        Err(problems) => {
            for p in problems {
                eprintln!("{label}: {p}");
            }
            failed = true;
            None
        }
    };
    let (name_a, name_b) = (a.name.clone(), b.name.clone());
    let ra = run("A", a);
    let rb = run("B", b);
    let (Some((sa, ca)), Some((sb, cb))) = (ra, rb) else {
        return Ok(ExitCode::from(1));
    };
    if failed {
        return Ok(ExitCode::from(1));
    }
    if format_json == Some(true) {
        let v = serde_json::json!({
            "a": { "name": name_a, "summary": sa, "convergence_s": ca },
            "b": { "name": name_b, "summary": sb, "convergence_s": cb },
        });
        println!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    println!("A: {name_a}");
    println!("B: {name_b}");
    println!("same load and seed, {} simulated minutes", sa.minutes);
    println!("{:<34} {:>14} {:>14} {:>14}", "", "A", "B", "B - A");
    let row = |label: &str, x: Option<f64>, y: Option<f64>, digits: usize| {
        let cell = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"));
        let diff = match (x, y) {
            (Some(x), Some(y)) => format!("{:+.digits$}", y - x),
            _ => "-".into(),
        };
        println!("{label:<34} {:>14} {:>14} {:>14}", cell(x), cell(y), diff);
    };
    row(
        "requests offered",
        Some(sa.requests_offered),
        Some(sb.requests_offered),
        0,
    );
    row(
        "requests dropped",
        Some(sa.requests_dropped),
        Some(sb.requests_dropped),
        0,
    );
    row(
        "requests answered with errors",
        Some(sa.requests_errors),
        Some(sb.requests_errors),
        0,
    );
    row("latency p50 (ms)", sa.latency_p50_ms, sb.latency_p50_ms, 1);
    row("latency p95 (ms)", sa.latency_p95_ms, sb.latency_p95_ms, 1);
    row(
        "under-provisioned (min)",
        Some(sa.under_provisioned_minutes as f64),
        Some(sb.under_provisioned_minutes as f64),
        0,
    );
    row(
        "at MaxSize while overloaded (min)",
        Some(sa.at_max_size_overloaded_minutes as f64),
        Some(sb.at_max_size_overloaded_minutes as f64),
        0,
    );
    row(
        "instance-hours",
        Some(sa.instance_hours),
        Some(sb.instance_hours),
        2,
    );
    row(
        "estimated cost (USD)",
        Some(sa.estimated_cost_usd),
        Some(sb.estimated_cost_usd),
        4,
    );
    let mut revisions: Vec<&String> = ca.iter().map(|(r, _)| r).collect();
    for (r, _) in &cb {
        if !revisions.contains(&r) {
            revisions.push(r);
        }
    }
    let conv = |c: &[(String, Option<u64>)], r: &str| {
        c.iter()
            .find(|(x, _)| x == r)
            .and_then(|(_, s)| *s)
            .map(|s| s as f64)
    };
    for r in revisions {
        row(
            &format!("{r} converged after (s)"),
            conv(&ca, r),
            conv(&cb, r),
            0,
        );
    }
    Ok(ExitCode::SUCCESS)
}
