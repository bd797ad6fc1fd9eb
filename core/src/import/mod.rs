//! Importers: a real configuration in, a [`Scenario`] out (docs/import-export.md).
//!
//! Three input formats share one mapping ([`map`]): AWS CLI JSON output ([`aws_cli`]),
//! CloudFormation templates in JSON or YAML ([`cloudformation`]) and Terraform HCL
//! ([`terraform`]). Each format is first turned into plain JSON values with its references
//! resolved; the mapping then reads every field it supports (citing the rule, in docs/rules/, the
//! scenario field follows) and lists every other field by its path in
//! [`Imported::unsupported`], so nothing is dropped silently.
//!
//! What an AWS configuration does not hold (the load, application revisions, the simulated
//! lifecycle-hook handlers, AMI contents, instance capacity, the model's assumptions) comes from
//! a *base* scenario the caller passes (the runner uses the demo scenario unless told otherwise).
//!
//! [`traffic`] reads recorded traffic (CloudWatch exports, CSV) into a load pattern.
//!
//! Every function here takes user text and returns `Result`; none panics on any input (the
//! property tests in `core/tests/import_props.rs` check it).

pub mod aws_cli;
pub mod cloudformation;
pub mod kubernetes;
mod map;
pub mod terraform;
pub mod traffic;

use std::fmt;

use serde_json::Value;

use crate::Scenario;

/// Where a problem is: the file, a line when the text tells, and the path of the field
/// (`Resources.WebGroup.Properties.MinSize`, `AutoScalingGroups[0].MinSize`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub line: Option<usize>,
    pub path: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ImportError {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            file: String::new(),
            line: None,
            path: path.into(),
            message: message.into(),
        }
    }
}

/// A field of the input that the scenario does not carry, with its path and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    pub file: String,
    pub line: Option<usize>,
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, ": {}: {}", self.path, self.reason)
    }
}

/// The result of an import.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub scenario: Scenario,
    /// Every input field the scenario does not carry, by path.
    pub unsupported: Vec<Unsupported>,
    /// What the importer filled in or chose (taken from the base scenario, defaults, ...).
    pub notes: Vec<String>,
}

/// The input formats, detected from the text by [`detect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    AwsCli,
    CloudFormationJson,
    CloudFormationYaml,
    Terraform,
}

/// Guesses a file's format from its text: a JSON object with `Resources` or
/// `AWSTemplateFormatVersion` is a CloudFormation template, another JSON object is AWS CLI
/// output, text with HCL blocks (`resource "…"`, `variable "…"`) is Terraform, and anything
/// else is taken for CloudFormation YAML.
pub fn detect(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') {
        if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(t) {
            if m.contains_key("Resources") || m.contains_key("AWSTemplateFormatVersion") {
                return Format::CloudFormationJson;
            }
            return Format::AwsCli;
        }
        // Not valid JSON: report it as JSON (the likelier intent) unless it reads as HCL.
        if !looks_like_hcl(t) {
            return Format::AwsCli;
        }
    }
    if looks_like_hcl(t) {
        Format::Terraform
    } else {
        Format::CloudFormationYaml
    }
}

fn looks_like_hcl(t: &str) -> bool {
    t.lines().any(|l| {
        let l = l.trim_start();
        [
            "resource ",
            "variable ",
            "locals ",
            "provider ",
            "terraform ",
            "data ",
            "output ",
            "module ",
        ]
        .iter()
        .any(|k| l.starts_with(k) && l.contains('{'))
    })
}

/// One input file: a name for messages and its text.
#[derive(Clone, Debug)]
pub struct InputFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Imports one or several files (of any of the formats, each detected) over `base`: the
/// configuration's group, launch templates and configurations, policies, alarms, scheduled
/// actions, lifecycle hooks and deployment group replace the base's; everything else (load,
/// revisions, assumptions, AMI contents, instance capacity, hook handlers) stays the base's.
///
/// Kubernetes manifests (a Deployment, an HPA, an Argo CD Application; [`kubernetes`]) set the
/// scenario's `kubernetes` section; with only manifests, the rest is the base's.
pub fn import(files: &[InputFile<'_>], base: &Scenario) -> Result<Imported, ImportError> {
    let (manifests, aws): (Vec<&InputFile<'_>>, Vec<&InputFile<'_>>) = files
        .iter()
        .partition(|f| kubernetes::looks_like_manifests(f.text));
    let mut imported = if aws.is_empty() {
        Imported {
            scenario: base.clone(),
            unsupported: Vec::new(),
            notes: Vec::new(),
        }
    } else {
        let aws: Vec<InputFile<'_>> = aws.into_iter().cloned().collect();
        import_aws(&aws, base)?
    };
    for f in manifests {
        let mut k = imported.scenario.kubernetes.clone().unwrap_or_default();
        let before = imported.unsupported.len();
        let kinds =
            kubernetes::apply(f.text, &mut k, &mut imported.unsupported).map_err(|mut e| {
                e.file = f.name.to_string();
                e
            })?;
        for u in &mut imported.unsupported[before..] {
            u.file = f.name.to_string();
        }
        imported.scenario.kubernetes = Some(k);
        imported
            .notes
            .push(format!("{}: read {}", f.name, kinds.join(", ")));
    }
    Ok(imported)
}

fn import_aws(files: &[InputFile<'_>], base: &Scenario) -> Result<Imported, ImportError> {
    let mut collected = map::Collected::default();
    // Terraform files are read together at the end: a module's files refer to each other.
    let mut terraform_files = Vec::new();
    for (i, f) in files.iter().enumerate() {
        collected.src = i;
        let with_file = |mut e: ImportError| {
            e.file = f.name.to_string();
            if e.line.is_none() && !e.path.is_empty() {
                e.line = line_of_path(f.text, &e.path);
            }
            // A problem with the whole file points at its first line.
            if e.line.is_none() && e.path.is_empty() {
                e.line = Some(1);
            }
            e
        };
        check_nesting(f.text).map_err(with_file)?;
        let before = collected.unsupported.len();
        match detect(f.text) {
            Format::AwsCli => aws_cli::collect(f.text, &mut collected).map_err(with_file)?,
            Format::CloudFormationJson | Format::CloudFormationYaml => {
                cloudformation::collect(f.text, &mut collected).map_err(with_file)?
            }
            Format::Terraform => terraform_files.push((i, f)),
        }
        if collected.unsupported.len() > before {
            let lines = LineFinder::new(f.text);
            for u in &mut collected.unsupported[before..] {
                u.file = f.name.to_string();
                u.line = lines.line(&u.path);
            }
        }
    }
    if !terraform_files.is_empty() {
        terraform::collect_many(&terraform_files, &mut collected)?;
    }
    collected.into_scenario(base, files)
}

/// Finds lines of field paths in one file: JSON is indexed once (a scan per path would make
/// a large file with many unsupported fields quadratic); other text uses [`line_of_path`].
pub(crate) struct LineFinder<'a> {
    text: &'a str,
    json: Option<std::collections::HashMap<String, usize>>,
}

impl<'a> LineFinder<'a> {
    pub(crate) fn new(text: &'a str) -> LineFinder<'a> {
        let is_json = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{');
        LineFinder {
            text,
            json: is_json.then(|| json_index(text)),
        }
    }

    pub(crate) fn line(&self, path: &str) -> Option<usize> {
        let Some(index) = &self.json else {
            return line_of_path(self.text, path);
        };
        let mut p = path.split(": ").next().unwrap_or(path);
        loop {
            if let Some(l) = index.get(p) {
                return Some(*l);
            }
            match p.rfind(['.', '[']) {
                Some(i) if i > 0 => p = &p[..i],
                _ => return None,
            }
        }
    }
}

/// Deepest bracket nesting accepted: real configurations nest a dozen levels; far deeper text
/// would only exhaust the parsers' stacks.
pub const MAX_NESTING: usize = 100;

/// Refuses text whose brackets (`{`, `[`, `(`) nest deeper than [`MAX_NESTING`], naming the
/// line where it happens (quotes are not told apart: a bound, not a parser).
pub fn check_nesting(text: &str) -> Result<(), ImportError> {
    let mut depth = 0usize;
    let mut line = 1;
    for c in text.bytes() {
        match c {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ImportError {
                        file: String::new(),
                        line: Some(line),
                        path: String::new(),
                        message: format!("brackets nest deeper than {MAX_NESTING} levels"),
                    });
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    Ok(())
}

/// The line (1-based) where a field path most likely is in the text: each path component is
/// looked for after the previous one, and an index `[n]` skips to the (n+1)-th occurrence of
/// the component that follows it. `None` when a component is not found.
pub fn line_of_path(text: &str, path: &str) -> Option<usize> {
    // Only the part before a `: detail` suffix is a path.
    let path = path.split(": ").next().unwrap_or(path);
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        // JSON: exactly, or the nearest enclosing field that is in the text.
        let mut p = path;
        loop {
            if let Some(l) = json_line(text, p) {
                return Some(l);
            }
            match p.rfind(['.', '[']) {
                Some(i) if i > 0 => p = &p[..i],
                _ => break,
            }
        }
    }
    let mut pos = 0usize;
    let mut found = false;
    let mut skip = 0usize;
    for comp in path.split(['.', '[', ']']) {
        if comp.is_empty() {
            continue;
        }
        if comp.bytes().all(|b| b.is_ascii_digit()) {
            skip = comp.parse().unwrap_or(0);
            continue;
        }
        for _ in 0..=skip {
            let rest = text.get(pos..)?;
            let at = rest.find(comp)?;
            pos += at + comp.len();
        }
        skip = 0;
        found = true;
    }
    if !found {
        return None;
    }
    let upto = text.get(..pos)?;
    Some(upto.matches('\n').count() + 1)
}

/// The line where the value at `path` (`A[0].B`) starts in JSON text (one or several
/// documents), by a scan that follows objects and arrays. `None` when the path is not there.
fn json_line(text: &str, target: &str) -> Option<usize> {
    let mut found = None;
    json_paths(text, |p, line| {
        if p == target {
            found = Some(line);
            true
        } else {
            false
        }
    });
    found
}

/// Every field path of JSON text with the line its value starts on (first occurrence wins).
pub fn json_index(text: &str) -> std::collections::HashMap<String, usize> {
    let mut index = std::collections::HashMap::new();
    json_paths(text, |p, line| {
        index.entry(p.to_string()).or_insert(line);
        false
    });
    index
}

/// Calls `visit(path, line)` where each value starts, until it returns true.
fn json_paths(text: &str, mut visit: impl FnMut(&str, usize) -> bool) {
    enum C {
        Obj { key: Option<String>, want_key: bool },
        Arr(usize),
    }
    fn path_of(stack: &[C]) -> String {
        let mut p = String::new();
        for c in stack {
            match c {
                C::Obj { key: Some(k), .. } => {
                    if !p.is_empty() {
                        p.push('.');
                    }
                    p.push_str(k);
                }
                C::Obj { key: None, .. } => {}
                C::Arr(n) => {
                    p.push('[');
                    p.push_str(&n.to_string());
                    p.push(']');
                }
            }
        }
        p
    }
    let b = text.as_bytes();
    let mut i = 0;
    let mut line = 1;
    let mut stack: Vec<C> = Vec::new();
    while i < b.len() {
        let c = b[i];
        let mut value_start =
            |stack: &[C], line: usize| !stack.is_empty() && visit(&path_of(stack), line);
        match c {
            b'\n' => line += 1,
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    } else if b[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                let s = text.get(start..i.min(b.len())).unwrap_or_default();
                if let Some(C::Obj { key, want_key }) = stack.last_mut() {
                    if *want_key {
                        *key = Some(s.to_string());
                        *want_key = false;
                        i += 1;
                        continue;
                    }
                }
                if value_start(&stack, line) {
                    return;
                }
            }
            b'{' | b'[' => {
                if value_start(&stack, line) {
                    return;
                }
                stack.push(if c == b'{' {
                    C::Obj {
                        key: None,
                        want_key: true,
                    }
                } else {
                    C::Arr(0)
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(C::Obj { key, want_key }) => {
                    *key = None;
                    *want_key = true;
                }
                Some(C::Arr(n)) => *n += 1,
                None => {}
            },
            b':' | b' ' | b'\t' | b'\r' => {}
            _ => {
                if value_start(&stack, line) {
                    return;
                }
                while i + 1 < b.len() && !b",]} \t\r\n".contains(&b[i + 1]) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
}

/// Unix seconds from an ISO 8601 UTC timestamp as AWS prints them: `2026-01-05T09:00:00Z`,
/// `2026-01-05T09:00:00.000Z`, `2026-01-05T09:00:00+00:00` (other offsets are applied).
pub fn parse_iso(text: &str) -> Result<i64, String> {
    let err = || format!("'{text}' is not an ISO 8601 timestamp such as 2026-01-05T09:00:00Z");
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') {
        return Err(err());
    }
    let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
        let s = t.get(r).ok_or_else(err)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        s.parse::<i64>().map_err(|_| err())
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return Err(err());
    }
    let mut rest = t.get(19..).ok_or_else(err)?;
    if let Some(r) = rest.strip_prefix('.') {
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        rest = r.get(digits..).ok_or_else(err)?;
    }
    let offset_s = match rest {
        "" | "Z" | "z" => 0,
        o if o.len() == 6
            && (o.starts_with('+') || o.starts_with('-'))
            && o.get(3..4) == Some(":") =>
        {
            let oh = o
                .get(1..3)
                .ok_or_else(err)?
                .parse::<i64>()
                .map_err(|_| err())?;
            let om = o
                .get(4..6)
                .ok_or_else(err)?
                .parse::<i64>()
                .map_err(|_| err())?;
            let v = oh * 3600 + om * 60;
            if o.starts_with('+') {
                v
            } else {
                -v
            }
        }
        _ => return Err(err()),
    };
    Ok(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset_s)
}

/// Howard Hinnant's civil-to-days algorithm (the inverse of [`crate::time::civil_from_days`]).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip() {
        assert_eq!(parse_iso("2026-01-05T00:00:00Z"), Ok(1_767_571_200));
        assert_eq!(parse_iso("2026-01-05T01:00:00.000Z"), Ok(1_767_574_800));
        assert_eq!(parse_iso("2026-01-05T02:00:00+01:00"), Ok(1_767_574_800));
        assert!(parse_iso("yesterday").is_err());
        assert!(parse_iso("2026-01-05T00:00:00Zx").is_err());
    }

    #[test]
    fn detects_formats() {
        assert_eq!(detect("{\"AutoScalingGroups\": []}"), Format::AwsCli);
        assert_eq!(detect("{\"Resources\": {}}"), Format::CloudFormationJson);
        assert_eq!(detect("Resources:\n  A: {}\n"), Format::CloudFormationYaml);
        assert_eq!(
            detect("resource \"aws_autoscaling_group\" \"web\" {\n}\n"),
            Format::Terraform
        );
    }

    #[test]
    fn finds_lines_of_json_paths() {
        let t = "{\n \"A\": [\n  {\"B\": 1},\n  {\"C\": 2,\n   \"B\": 3}\n ]\n}";
        assert_eq!(line_of_path(t, "A[1].B"), Some(5));
        assert_eq!(line_of_path(t, "A[1].C"), Some(4));
        assert_eq!(line_of_path(t, "A[0].B"), Some(3));
        assert_eq!(line_of_path(t, "A[1].Z: detail"), Some(4));
    }

    #[test]
    fn finds_lines_of_paths() {
        let t = "{\n \"A\": {\n  \"B\": 1,\n  \"C\": 2\n }\n}";
        assert_eq!(line_of_path(t, "A.C"), Some(4));
        // The nearest enclosing field.
        assert_eq!(line_of_path(t, "A.Z"), Some(2));
        assert_eq!(line_of_path("x:\n  y: 1\n", "x.z"), None);
    }
}
