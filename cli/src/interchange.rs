//! The runner's import, export, traffic and compare commands (docs/import-export.md).

use std::process::ExitCode;

use scaleout_core::export::{cloudformation, terraform};
use scaleout_core::import::traffic::{self, Traffic, Unit};
use scaleout_core::import::{import, InputFile};
use scaleout_core::{compare, time, Scenario};

use crate::{flag_value, is_option, load, seed_flag, set_once, until_flag, usage_error};

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

/// `scaleout export --to cloudformation|terraform|kubernetes [--yaml|--json] SCENARIO`.
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
                    "kubernetes" | "k8s" => "kubernetes",
                    other => {
                        return Err(usage_error(format!(
                            "--to {other}: use cloudformation, terraform or kubernetes"
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
    let to =
        to.ok_or_else(|| usage_error("export needs --to cloudformation|terraform|kubernetes"))?;
    let input = input.ok_or_else(|| usage_error("export needs a scenario file or link"))?;
    let scenario = load(&input)?;
    let exported = match (to, syntax) {
        ("cloudformation", Some("--json")) => cloudformation::to_json(&scenario),
        ("cloudformation", _) => cloudformation::to_yaml(&scenario),
        ("kubernetes", Some("--json")) => {
            return Err(usage_error(
                "--json: Kubernetes manifests are written as YAML",
            ))
        }
        ("kubernetes", _) => scaleout_core::export::kubernetes::to_yaml(&scenario)
            .ok_or_else(|| "the scenario has no kubernetes section to export".to_string())?,
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
    let unit = match (period, per_second) {
        (Some(_), true) => {
            return Err(usage_error(
                "--period (counts per period) and --per-second (rates) exclude each other",
            ))
        }
        (Some(p), false) => Unit::CountPerPeriod(Some(p)),
        (None, true) => Unit::PerSecond,
        (None, false) => traffic::default_unit(&text),
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
            "--until" => until_flag(a, &mut it, &mut until)?,
            "--seed" => seed_flag(a, &mut it, &mut seed)?,
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
    let b = load(b_path)?;
    if let Some(f) = &traffic_file {
        let t = read_traffic(f, None, false)?;
        traffic::apply(&mut a, t);
    }
    if let Some(s) = seed {
        a.seed = s;
    }
    let (ra, rb) = match compare::compare(a, b, until) {
        Ok(runs) => runs,
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            return Ok(ExitCode::from(1));
        }
    };
    if format_json == Some(true) {
        let side = |r: &compare::Run| serde_json::json!({ "name": r.name, "summary": r.summary, "convergence_s": r.convergence_s });
        println!("{}", serde_json::json!({ "a": side(&ra), "b": side(&rb) }));
        return Ok(ExitCode::SUCCESS);
    }
    println!("A: {}", ra.name);
    println!("B: {}", rb.name);
    println!(
        "same load and seed, {} simulated minutes",
        ra.summary.minutes
    );
    println!("{:<34} {:>14} {:>14} {:>14}", "", "A", "B", "B - A");
    for r in compare::rows(&ra, &rb) {
        println!(
            "{:<34} {:>14} {:>14} {:>14}",
            r.label,
            compare::cell(r.a, r.digits, false),
            compare::cell(r.b, r.digits, false),
            compare::cell(r.difference(), r.digits, true)
        );
    }
    Ok(ExitCode::SUCCESS)
}
