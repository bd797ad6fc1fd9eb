//! Recorded traffic in, a load pattern out: a CloudWatch `get-metric-data` or
//! `get-metric-statistics` JSON export, or a CSV of `timestamp,value` rows, resampled to the
//! simulation's minute as [`LoadPattern::Steps`] (each step holds until the next).
//!
//! Values are read as one of [`Unit`]: requests per second, or a request count per period (the
//! `Sum` of an Application Load Balancer's `RequestCount`, for example). Rows must be in time
//! order (a CloudWatch export in newest-first order, `get-metric-data`'s default, is reversed;
//! `get-metric-statistics` prints its datapoints in no particular order, so they are sorted),
//! evenly spaced at the period, and numeric: any other row is an error that names its line (CSV)
//! or its path (JSON).

use serde_json::Value;

use super::{line_of_path, parse_iso, ImportError};
use crate::scenario::{LoadPattern, LoadSpec, LoadStep};

/// Longest recording accepted: the scenario's longest horizon (31 days).
pub const MAX_SPAN_S: i64 = 2_678_400;
/// Highest rate accepted, as for every load pattern (docs/scenario.md, numeric bounds).
pub const MAX_RPS: f64 = 1e9;

/// How to read the values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit {
    /// Each value is a rate, requests per second.
    PerSecond,
    /// Each value is a count of requests in its period. `None`: the period is the spacing of
    /// the timestamps.
    CountPerPeriod(Option<u32>),
}

/// A recording as a load pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Traffic {
    /// The pattern, relative to the first timestamp (floored to the minute).
    pub load: LoadSpec,
    /// Unix seconds of the first minute: the scenario's `start_unix_s` that replays it at the
    /// recorded wall-clock times.
    pub start_unix_s: u64,
    /// Seconds the recording covers.
    pub span_s: u64,
    /// The period of the rows, seconds.
    pub period_s: u32,
    /// How long each step of the pattern lasts: a minute, the period if longer, or more when
    /// a long recording is averaged to fit `limits::MAX_LOAD_STEPS`.
    pub step_s: u32,
}

fn err(line: Option<usize>, path: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError {
        file: String::new(),
        line,
        path: path.into(),
        message: message.into(),
    }
}

/// Whether a file reads as recorded traffic rather than configuration: a CloudWatch export
/// (`MetricDataResults` or `Datapoints` at the top level) or a CSV whose first line has two
/// comma-separated cells and none of the marks of JSON, YAML or HCL (`{`, `:`, `=`).
pub fn looks_like(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') {
        return ["\"MetricDataResults\"", "\"Datapoints\""]
            .iter()
            .any(|k| t.contains(k));
    }
    let first = t
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    first.split(',').count() == 2 && !first.contains([':', '{', '='])
}

/// How a file's values are read when nobody says: CloudWatch exports hold request counts per
/// period (RequestCount Sum); a CSV holds rates (requests per second).
pub fn default_unit(text: &str) -> Unit {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        Unit::CountPerPeriod(None)
    } else {
        Unit::PerSecond
    }
}

/// Replaces a scenario's load with recorded traffic: the run starts at the recording's first
/// minute and lasts as long as the recording (at least a minute).
pub fn apply(s: &mut crate::Scenario, t: Traffic) {
    s.load = t.load;
    s.start_unix_s = t.start_unix_s;
    s.horizon_s = t.span_s.max(60);
}

/// Reads a CloudWatch JSON export (text starting with `{`) or a CSV.
pub fn parse(text: &str, unit: Unit) -> Result<Traffic, ImportError> {
    let t = text.trim_start_matches('\u{feff}');
    super::check_nesting(t)?;
    let r = if t.trim_start().starts_with('{') {
        parse_cloudwatch(t, unit)
    } else {
        parse_csv(t, unit)
    };
    // A problem with the whole file points at its first line.
    r.map_err(|mut e| {
        if e.line.is_none() {
            e.line = line_of_path(t, &e.path).or(Some(1));
        }
        e
    })
}

/// One row: (where, timestamp in Unix seconds, value).
type Row = (Where, i64, f64);

#[derive(Clone, Debug)]
enum Where {
    Line(usize),
    Path(String),
}

impl Where {
    fn error(&self, text: &str, message: impl Into<String>) -> ImportError {
        match self {
            Where::Line(l) => err(Some(*l), format!("row {l}"), message),
            Where::Path(p) => err(line_of_path(text, p), p.clone(), message),
        }
    }
}

fn timestamp(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().map_err(|_| format!("'{s}' is not a timestamp"))?;
        // Unix milliseconds have 13 digits; seconds have 10 until the year 2286.
        return Ok(if s.len() >= 12 { n / 1000 } else { n });
    }
    parse_iso(s)
}

fn number(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("'{}' is not a number", s.trim()))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("'{}' is not a non-negative number", s.trim()));
    }
    Ok(v)
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s)
}

/// `timestamp,value` rows; a header line and `#` comments are allowed, blank lines skipped.
pub fn parse_csv(text: &str, unit: Unit) -> Result<Traffic, ImportError> {
    let mut rows: Vec<Row> = Vec::new();
    let mut seen_data = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = l.split(',').map(unquote).collect();
        let [ts, v] = cells.as_slice() else {
            return Err(err(
                Some(n),
                format!("row {n}"),
                format!(
                    "expected 2 columns (timestamp,value), found {}",
                    cells.len()
                ),
            ));
        };
        let parsed = timestamp(ts);
        if !seen_data && parsed.is_err() && number(v).is_err() {
            // The header.
            seen_data = true;
            continue;
        }
        seen_data = true;
        let t = parsed.map_err(|e| err(Some(n), format!("row {n}"), e))?;
        let v = number(v).map_err(|e| err(Some(n), format!("row {n}"), e))?;
        rows.push((Where::Line(n), t, v));
    }
    resample(text, rows, unit, false)
}

/// `aws cloudwatch get-metric-data` (`MetricDataResults[0]`: `Timestamps`, `Values`) or
/// `get-metric-statistics` (`Datapoints[]`: `Timestamp` and `Sum`, else `Average`, else
/// `SampleCount`, `Maximum`, `Minimum`).
pub fn parse_cloudwatch(text: &str, unit: Unit) -> Result<Traffic, ImportError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| err(Some(e.line()), "", format!("not valid JSON: {e}")))?;
    let mut rows: Vec<Row> = Vec::new();
    let sort;
    if let Some(results) = doc.get("MetricDataResults") {
        let Some(results) = results.as_array() else {
            return Err(err(None, "MetricDataResults", "expected a list"));
        };
        let Some(r) = results.first() else {
            return Err(err(None, "MetricDataResults", "the export holds no metric"));
        };
        if results.len() > 1 {
            return Err(err(
                line_of_path(text, "MetricDataResults"),
                "MetricDataResults[1]",
                "the export holds several metrics: export the one request metric only",
            ));
        }
        let list = |k: &str| -> Result<&Vec<Value>, ImportError> {
            r.get(k).and_then(Value::as_array).ok_or_else(|| {
                err(
                    line_of_path(text, "MetricDataResults"),
                    format!("MetricDataResults[0].{k}"),
                    "expected a list",
                )
            })
        };
        let ts = list("Timestamps")?;
        let vs = list("Values")?;
        if ts.len() != vs.len() {
            return Err(err(
                line_of_path(text, "MetricDataResults[0].Values"),
                "MetricDataResults[0].Values",
                format!("{} timestamps but {} values", ts.len(), vs.len()),
            ));
        }
        for (i, (t, v)) in ts.iter().zip(vs).enumerate() {
            let w = Where::Path(format!("MetricDataResults[0].Timestamps[{i}]"));
            let t = t
                .as_str()
                .ok_or_else(|| w.error(text, "expected a timestamp string"))
                .and_then(|s| timestamp(s).map_err(|e| w.error(text, e)))?;
            let wv = Where::Path(format!("MetricDataResults[0].Values[{i}]"));
            let v = match v {
                Value::Number(n) => n.as_f64().map(|x| x.to_string()).unwrap_or_default(),
                Value::String(s) => s.clone(),
                _ => String::new(),
            };
            let v = number(&v).map_err(|e| wv.error(text, e))?;
            rows.push((wv, t, v));
        }
        // get-metric-data lists newest first by default (ScanBy TimestampDescending).
        if rows.len() >= 2 && rows.windows(2).all(|w| w[0].1 > w[1].1) {
            rows.reverse();
        }
        sort = false;
    } else if let Some(dps) = doc.get("Datapoints") {
        let Some(dps) = dps.as_array() else {
            return Err(err(None, "Datapoints", "expected a list"));
        };
        for (i, dp) in dps.iter().enumerate() {
            let w = Where::Path(format!("Datapoints[{i}]"));
            let t = dp
                .get("Timestamp")
                .and_then(Value::as_str)
                .ok_or_else(|| w.error(text, "Timestamp is missing"))
                .and_then(|s| timestamp(s).map_err(|e| w.error(text, e)))?;
            let v = ["Sum", "Average", "SampleCount", "Maximum", "Minimum"]
                .iter()
                .find_map(|k| dp.get(*k))
                .ok_or_else(|| {
                    w.error(text, "no statistic (Sum, Average, ...) in the datapoint")
                })?;
            let v = match v {
                Value::Number(n) => n.as_f64().map(|x| x.to_string()).unwrap_or_default(),
                _ => String::new(),
            };
            let v = number(&v).map_err(|e| w.error(text, e))?;
            rows.push((w, t, v));
        }
        // get-metric-statistics returns datapoints in no particular order.
        sort = true;
    } else {
        return Err(err(
            None,
            "",
            "expected the output of aws cloudwatch get-metric-data (MetricDataResults) or get-metric-statistics (Datapoints)",
        ));
    }
    resample(text, rows, unit, sort)
}

fn resample(
    text: &str,
    mut rows: Vec<Row>,
    unit: Unit,
    sort: bool,
) -> Result<Traffic, ImportError> {
    if rows.is_empty() {
        return Err(err(None, "", "no data rows"));
    }
    if sort {
        rows.sort_by_key(|r| r.1);
    }
    // Period: stated, or the spacing of the first two rows.
    let stated = match unit {
        Unit::CountPerPeriod(Some(p)) => Some(i64::from(p)),
        _ => None,
    };
    let period = match (stated, rows.get(1)) {
        (Some(p), _) => p,
        (None, Some(second)) => second.1 - rows[0].1,
        (None, None) => 60,
    };
    if period <= 0 {
        return Err(match rows.get(1) {
            Some(r) if stated.is_none() => r.0.error(
                text,
                "timestamps out of order: each row must come after the one before",
            ),
            _ => err(None, "", "the period must be at least one second"),
        });
    }
    if !(period < 60 && 60 % period == 0 || period % 60 == 0) {
        return Err(err(
            None,
            "",
            format!("a period of {period} s: use a divisor of 60 s (1, 5, 10, 30...) or a multiple of 60 s"),
        ));
    }
    for w in rows.windows(2) {
        let (prev, next) = (&w[0], &w[1]);
        let d = next.1 - prev.1;
        if d <= 0 {
            let what = if d == 0 {
                "a repeated timestamp"
            } else {
                "timestamps out of order: each row must come after the one before"
            };
            return Err(next.0.error(text, what));
        }
        if d != period {
            return Err(next.0.error(
                text,
                format!("a gap: {d} s after the previous row where the period is {period} s (fill missing periods with 0 if there was no traffic)"),
            ));
        }
    }
    let first = rows[0].1;
    let last = rows[rows.len() - 1].1;
    let span = last - first + period;
    if span > MAX_SPAN_S {
        return Err(err(
            None,
            "",
            format!(
                "the recording spans {span} s; at most {MAX_SPAN_S} s (31 days) can be simulated"
            ),
        ));
    }
    let start = first - first.rem_euclid(60);
    let start_unix_s = u64::try_from(start).map_err(|_| err(None, "", "timestamps before 1970"))?;
    let rate = |v: f64| match unit {
        Unit::PerSecond => v,
        Unit::CountPerPeriod(_) => v / period as f64,
    };
    // Per minute: the mean rate of the rows in it (periods under a minute), or the row's rate
    // from its minute on (periods of a minute or more).
    let mut steps: Vec<LoadStep> = Vec::new();
    if period >= 60 {
        for (w, t, v) in &rows {
            let r = rate(*v);
            if r > MAX_RPS {
                return Err(w.error(
                    text,
                    format!("{r} requests per second is above the limit of 10^9"),
                ));
            }
            let at = u64::try_from(t - start).unwrap_or(0) / 60 * 60;
            steps.push(LoadStep { at_s: at, rps: r });
        }
    } else {
        let mut i = 0;
        while i < rows.len() {
            let minute = (rows[i].1 - start).div_euclid(60);
            let mut sum = 0.0;
            let mut n = 0.0;
            while i < rows.len() && (rows[i].1 - start).div_euclid(60) == minute {
                let r = rate(rows[i].2);
                if r > MAX_RPS {
                    return Err(rows[i].0.error(
                        text,
                        format!("{r} requests per second is above the limit of 10^9"),
                    ));
                }
                sum += r;
                n += 1.0;
                i += 1;
            }
            steps.push(LoadStep {
                at_s: u64::try_from(minute * 60).unwrap_or(0),
                rps: sum / n,
            });
        }
    }
    // A `Steps` pattern holds at most `limits::MAX_LOAD_STEPS` steps: a longer recording is
    // averaged over blocks of k steps (the steps are evenly spaced, so a plain mean is the
    // time-weighted one).
    let base_step_s = period.max(60);
    let room = crate::limits::MAX_LOAD_STEPS.saturating_sub(1).max(1);
    let k = steps.len().div_ceil(room).max(1);
    if k > 1 {
        steps = steps
            .chunks(k)
            .map(|c| LoadStep {
                at_s: c.first().map_or(0, |s| s.at_s),
                rps: c.iter().map(|s| s.rps).sum::<f64>() / c.len() as f64,
            })
            .collect();
    }
    // The last value holds until the end of its period, then nothing.
    steps.push(LoadStep {
        at_s: u64::try_from(last + period - start).unwrap_or(0),
        rps: 0.0,
    });
    Ok(Traffic {
        load: LoadSpec {
            pattern: LoadPattern::Steps { steps },
            noise_pct: 0.0,
        },
        start_unix_s,
        span_s: u64::try_from(span).unwrap_or(0),
        period_s: u32::try_from(period).unwrap_or(60),
        step_s: u32::try_from(base_step_s.saturating_mul(k as i64)).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(t: &Traffic) -> Vec<(u64, f64)> {
        match &t.load.pattern {
            LoadPattern::Steps { steps } => steps.iter().map(|s| (s.at_s, s.rps)).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn csv_rates_per_minute() {
        let t = parse_csv(
            "timestamp,rps\n2026-01-05T00:00:00Z,10\n2026-01-05T00:01:00Z,20\n",
            Unit::PerSecond,
        )
        .unwrap();
        assert_eq!(t.start_unix_s, 1_767_571_200);
        assert_eq!(steps(&t), vec![(0, 10.0), (60, 20.0), (120, 0.0)]);
    }

    #[test]
    fn csv_counts_per_five_minutes() {
        let t = parse_csv(
            "1767571200,3000\n1767571500,6000\n",
            Unit::CountPerPeriod(Some(300)),
        )
        .unwrap();
        assert_eq!(steps(&t), vec![(0, 10.0), (300, 20.0), (600, 0.0)]);
    }

    #[test]
    fn csv_ten_second_rows_average_per_minute() {
        let mut s = String::new();
        for i in 0..12 {
            s.push_str(&format!(
                "{},{}\n",
                1_767_571_200 + i * 10,
                if i < 6 { 10 } else { 20 }
            ));
        }
        let t = parse_csv(&s, Unit::PerSecond).unwrap();
        assert_eq!(steps(&t), vec![(0, 10.0), (60, 20.0), (120, 0.0)]);
    }

    #[test]
    fn csv_errors_name_the_line() {
        let e = parse_csv("t,v\n1767571200,1\n1767571320,2\n", Unit::PerSecond);
        assert!(e.is_ok(), "two rows set the period: {e:?}");
        let e = parse_csv(
            "t,v\n1767571200,1\n1767571260,2\n1767571380,3\n",
            Unit::PerSecond,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("gap"), "{e}");
        let e = parse_csv("t,v\n1767571260,1\n1767571200,2\n", Unit::PerSecond).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("out of order"), "{e}");
        let e = parse_csv("t,v\n1767571200,1\n1767571260,lots\n", Unit::PerSecond).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("not a number"), "{e}");
    }

    #[test]
    fn a_long_recording_is_averaged_to_fit_the_step_limit() {
        // Eight days of one-minute rows: 11,520 steps, over the limit of 10,000.
        let mut csv = String::new();
        for m in 0..8 * 1440i64 {
            csv.push_str(&format!("{},{}\n", 1_767_571_200 + m * 60, m % 2));
        }
        let t = parse_csv(&csv, Unit::PerSecond).unwrap();
        assert_eq!(t.step_s, 120);
        let s = steps(&t);
        assert!(s.len() <= crate::limits::MAX_LOAD_STEPS, "{}", s.len());
        assert_eq!(s[0], (0, 0.5));
        assert_eq!(s[1], (120, 0.5));
    }

    #[test]
    fn get_metric_data_newest_first() {
        let j = r#"{"MetricDataResults":[{"Id":"m1","Label":"RequestCount","Timestamps":["2026-01-05T00:01:00Z","2026-01-05T00:00:00Z"],"Values":[1200.0,600.0],"StatusCode":"Complete"}],"Messages":[]}"#;
        let t = parse(j, Unit::CountPerPeriod(None)).unwrap();
        assert_eq!(steps(&t), vec![(0, 10.0), (60, 20.0), (120, 0.0)]);
    }

    #[test]
    fn get_metric_statistics_unordered() {
        let j = r#"{"Label":"RequestCount","Datapoints":[{"Timestamp":"2026-01-05T00:01:00Z","Sum":1200.0,"Unit":"Count"},{"Timestamp":"2026-01-05T00:00:00Z","Sum":600.0,"Unit":"Count"}]}"#;
        let t = parse(j, Unit::CountPerPeriod(None)).unwrap();
        assert_eq!(steps(&t), vec![(0, 10.0), (60, 20.0), (120, 0.0)]);
    }
}
