//! Two configurations side by side: A and B run on the same load, seed and clock (what differs
//! is the configuration), and their run summaries are compared figure by figure. The runner's
//! `scaleout compare` prints [`rows`] as a table; the page's comparison draws the same rows and
//! the two runs' per-minute samples.

use crate::limits;
use crate::observation::summary::RunSummary;
use crate::observation::trace::Sample;
use crate::scenario::Scenario;
use crate::sim::Sim;
use crate::time::{SimTime, MS_PER_MIN};

/// One configuration's run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub name: String,
    pub summary: RunSummary,
    /// Seconds until each release converged (`None`: not yet), by revision.
    pub convergence_s: Vec<(String, Option<u64>)>,
    /// The per-minute samples, for overlaid charts.
    pub samples: Vec<Sample>,
}

/// Gives B A's load, seed and start, so the two runs differ only in configuration.
pub fn same_ground(a: &Scenario, b: &mut Scenario) {
    b.load = a.load.clone();
    b.seed = a.seed;
    b.start_unix_s = a.start_unix_s;
}

/// Runs a scenario to `until` (bounded by the work limit first), minute by minute. `Err` holds
/// the problems, each a `path: message` line.
pub fn run_to(s: Scenario, until: SimTime) -> Result<Run, Vec<String>> {
    let lines = |p: &[crate::validate::Problem]| -> Vec<String> {
        p.iter().map(ToString::to_string).collect()
    };
    limits::estimate_work(&s, until).map_err(|e| vec![e.message])?;
    let name = s.name.clone();
    let mut sim = Sim::new(s).map_err(|p| lines(&p))?;
    let mut t = SimTime::ZERO;
    while t < until {
        t = t.plus_ms(MS_PER_MIN).min(until);
        sim.advance_to(t);
        while sim.poll_output().is_some() {}
    }
    Ok(Run {
        name,
        summary: sim.summary(),
        convergence_s: sim.measures().convergence_s.clone(),
        samples: sim.samples().to_vec(),
    })
}

/// Runs A and B on A's ground (see [`same_ground`]) to `until`, or A's horizon. `Err` lines are
/// prefixed `A: ` or `B: `.
pub fn compare(
    a: Scenario,
    mut b: Scenario,
    until: Option<SimTime>,
) -> Result<(Run, Run), Vec<String>> {
    same_ground(&a, &mut b);
    let until = until.unwrap_or(SimTime::from_secs(a.horizon_s));
    let label = |who: &str, r: Result<Run, Vec<String>>| {
        r.map_err(|p| {
            p.into_iter()
                .map(|l| format!("{who}: {l}"))
                .collect::<Vec<_>>()
        })
    };
    let ra = label("A", run_to(a, until));
    let rb = label("B", run_to(b, until));
    match (ra, rb) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (ra, rb) => Err(ra.err().into_iter().chain(rb.err()).flatten().collect()),
    }
}

/// One compared figure: its label, A's and B's values (`None`: not applicable, e.g. no latency
/// when nothing was served) and the decimals to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub a: Option<f64>,
    pub b: Option<f64>,
    pub digits: usize,
}

impl Row {
    /// B − A, when both are known.
    pub fn difference(&self) -> Option<f64> {
        Some(self.b? - self.a?)
    }
}

/// The figures a person compares between two configurations, in the order they are shown:
/// requests (offered, dropped, errors), latency, under-provisioning, time at MaxSize, instance
/// hours, cost, and how long each release took to converge.
pub fn rows(a: &Run, b: &Run) -> Vec<Row> {
    let (sa, sb) = (&a.summary, &b.summary);
    let row = |label: &str, a: Option<f64>, b: Option<f64>, digits: usize| Row {
        label: label.to_string(),
        a,
        b,
        digits,
    };
    let mut out = vec![
        row(
            "requests offered",
            Some(sa.requests_offered),
            Some(sb.requests_offered),
            0,
        ),
        row(
            "requests dropped",
            Some(sa.requests_dropped),
            Some(sb.requests_dropped),
            0,
        ),
        row(
            "requests answered with errors",
            Some(sa.requests_errors),
            Some(sb.requests_errors),
            0,
        ),
        row("latency p50 (ms)", sa.latency_p50_ms, sb.latency_p50_ms, 1),
        row("latency p95 (ms)", sa.latency_p95_ms, sb.latency_p95_ms, 1),
        row(
            "under-provisioned (min)",
            Some(sa.under_provisioned_minutes as f64),
            Some(sb.under_provisioned_minutes as f64),
            0,
        ),
        row(
            "at MaxSize while overloaded (min)",
            Some(sa.at_max_size_overloaded_minutes as f64),
            Some(sb.at_max_size_overloaded_minutes as f64),
            0,
        ),
        row(
            "instance-hours",
            Some(sa.instance_hours),
            Some(sb.instance_hours),
            2,
        ),
        row(
            "estimated cost (USD)",
            Some(sa.estimated_cost_usd),
            Some(sb.estimated_cost_usd),
            4,
        ),
    ];
    let mut revisions: Vec<&str> = a.convergence_s.iter().map(|(r, _)| r.as_str()).collect();
    for (r, _) in &b.convergence_s {
        if !revisions.contains(&r.as_str()) {
            revisions.push(r);
        }
    }
    let converged = |run: &Run, r: &str| {
        run.convergence_s
            .iter()
            .find(|(x, _)| x == r)
            .and_then(|(_, s)| *s)
            .map(|s| s as f64)
    };
    for r in revisions {
        out.push(row(
            &format!("{r} converged after (s)"),
            converged(a, r),
            converged(b, r),
            0,
        ));
    }
    out
}

/// A value with `digits` decimals, `-` when unknown; `signed` writes a `+` before positives.
pub fn cell(v: Option<f64>, digits: usize, signed: bool) -> String {
    match v {
        None => "-".into(),
        Some(v) if signed => format!("{v:+.digits$}"),
        Some(v) => format!("{v:.digits$}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{LoadPattern, PolicyKind};

    #[test]
    fn b_runs_on_as_load_seed_and_clock() {
        let a = Scenario::demo();
        let mut b = Scenario::demo();
        b.seed = 99;
        b.start_unix_s += 3600;
        b.load.pattern = LoadPattern::Steady { rps: 1.0 };
        same_ground(&a, &mut b);
        assert_eq!(
            (b.seed, b.start_unix_s, &b.load),
            (a.seed, a.start_unix_s, &a.load)
        );
    }

    #[test]
    fn the_same_configuration_compares_equal() {
        let (a, b) = compare(
            Scenario::demo(),
            Scenario::demo(),
            Some(SimTime::from_secs(3600)),
        )
        .expect("runs");
        assert_eq!(a.samples.len(), 60);
        assert_eq!(a.summary, b.summary);
        for r in rows(&a, &b) {
            assert!(r.difference().is_none_or(|d| d == 0.0), "{r:?}");
        }
    }

    #[test]
    fn a_different_policy_shows_in_the_rows() {
        let mut a = Scenario::demo();
        a.load.pattern = LoadPattern::Spike {
            base_rps: 100.0,
            peak_rps: 2_000.0,
            at_s: 600,
            duration_s: 3_600,
        };
        let mut b = Scenario::demo();
        b.policies
            .retain(|p| !matches!(p.kind, PolicyKind::TargetTrackingScaling { .. }));
        let (ra, rb) = compare(a, b, Some(SimTime::from_secs(4 * 3600))).expect("runs");
        let table = rows(&ra, &rb);
        assert_eq!(table[0].label, "requests offered");
        assert_eq!(table[0].difference(), Some(0.0), "the same load");
        assert!(
            table
                .iter()
                .any(|r| r.difference().is_some_and(|d| d != 0.0)),
            "{table:?}"
        );
    }

    #[test]
    fn problems_name_the_side() {
        let mut b = Scenario::demo();
        b.group.max_size = 0;
        let e =
            compare(Scenario::demo(), b, Some(SimTime::from_secs(60))).expect_err("B is invalid");
        assert!(e.iter().all(|l| l.starts_with("B: ")), "{e:?}");
    }

    #[test]
    fn cells() {
        assert_eq!(cell(None, 2, true), "-");
        assert_eq!(cell(Some(1.5), 1, true), "+1.5");
        assert_eq!(cell(Some(-2.0), 0, true), "-2");
        assert_eq!(cell(Some(2.0), 2, false), "2.00");
    }
}
