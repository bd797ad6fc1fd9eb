//! The page's comparison of A and B, drawn here in the worker as HTML (a table of the compared
//! figures and overlaid SVG charts), so the page's first load carries none of it. Every text that
//! comes from a scenario is escaped: scenarios come from links anyone can write.

use std::fmt::Write as _;

use scaleout_core::compare::{self, Run};
use scaleout_core::trace::Sample;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a smaller B is better for this figure (everything but the offered load, which both
/// runs share).
fn lower_is_better(label: &str) -> bool {
    label != "requests offered"
}

/// The comparison: the figures' table, then one overlaid chart per measure.
pub fn html(a: &Run, b: &Run) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<p class=\"compare-names\"><span class=\"compare-a\">A: {}</span> <span class=\"compare-b\">B: {}</span> \
         <span>same load and seed, {} simulated minutes</span></p>",
        esc(&a.name),
        esc(&b.name),
        a.summary.minutes
    );
    h.push_str(
        "<table class=\"compare-table\" data-testid=\"compare-table\"><thead><tr><th scope=\"col\">figure</th>\
         <th scope=\"col\">A</th><th scope=\"col\">B</th><th scope=\"col\">B − A</th></tr></thead><tbody>",
    );
    for r in compare::rows(a, b) {
        let d = r.difference();
        let verdict = match d {
            Some(d) if d != 0.0 && lower_is_better(&r.label) => {
                if d < 0.0 {
                    " class=\"better\""
                } else {
                    " class=\"worse\""
                }
            }
            _ => "",
        };
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td{verdict}>{}</td></tr>",
            esc(&r.label),
            compare::cell(r.a, r.digits, false),
            compare::cell(r.b, r.digits, false),
            compare::cell(d, r.digits, true),
        );
    }
    h.push_str("</tbody></table>");
    chart(&mut h, "In service (instances)", a, b, |s| {
        f64::from(s.in_service)
    });
    chart(&mut h, "Dropped (requests/s)", a, b, |s| s.dropped_rps);
    chart(&mut h, "Latency (ms)", a, b, |s| s.latency_ms);
    h
}

const W: f64 = 600.0;
const H: f64 = 150.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 20.0;
const TOP: f64 = 8.0;
/// Points per line at most: a week of minutes is folded into buckets (their largest value).
const MAX_POINTS: usize = 600;

fn folded(values: &[f64]) -> Vec<f64> {
    let per = values.len().div_ceil(MAX_POINTS).max(1);
    values
        .chunks(per)
        .map(|c| c.iter().copied().fold(0.0, f64::max))
        .collect()
}

fn clock(minutes: usize) -> String {
    if minutes >= 48 * 60 {
        format!("{}d {}h", minutes / (24 * 60), minutes % (24 * 60) / 60)
    } else {
        format!("{}:{:02}", minutes / 60, minutes % 60)
    }
}

fn chart(h: &mut String, title: &str, a: &Run, b: &Run, value: impl Fn(&Sample) -> f64 + Copy) {
    let of = |r: &Run| folded(&r.samples.iter().map(value).collect::<Vec<f64>>());
    let (va, vb) = (of(a), of(b));
    let max = va.iter().chain(&vb).copied().fold(0.0, f64::max);
    let top = if max > 0.0 { max * 1.1 } else { 1.0 };
    let n = va.len().max(vb.len()).max(2);
    let x = |i: usize| LEFT + (W - LEFT - 4.0) * i as f64 / (n - 1) as f64;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - v / top);
    let _ = write!(
        h,
        "<figure class=\"compare-chart\"><figcaption>{t}</figcaption>\
         <svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{t}: A and B over time\">\
         <line x1=\"{LEFT}\" y1=\"{b0}\" x2=\"{W}\" y2=\"{b0}\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>\
         <text x=\"{lx}\" y=\"{ty}\" font-size=\"11\" text-anchor=\"end\" fill=\"currentColor\">{top}</text>\
         <text x=\"{lx}\" y=\"{b0}\" font-size=\"11\" text-anchor=\"end\" fill=\"currentColor\">0</text>\
         <text x=\"{LEFT}\" y=\"{H}\" font-size=\"11\" fill=\"currentColor\">0:00</text>\
         <text x=\"{W}\" y=\"{H}\" font-size=\"11\" text-anchor=\"end\" fill=\"currentColor\">{end}</text>",
        t = esc(title),
        b0 = H - BOTTOM,
        lx = LEFT - 4.0,
        ty = TOP + 8.0,
        top = compare::cell(Some(top), if top < 10.0 { 1 } else { 0 }, false),
        end = clock(a.samples.len().max(b.samples.len())),
    );
    for (values, class, dash) in [
        (&va, "compare-a", ""),
        (&vb, "compare-b", " stroke-dasharray=\"5 3\""),
    ] {
        let mut points = String::new();
        for (i, v) in values.iter().enumerate() {
            let _ = write!(points, "{:.1},{:.1} ", x(i), y(*v));
        }
        let _ = write!(
            h,
            "<polyline class=\"{class}\" points=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"{dash}/>",
            points.trim_end()
        );
    }
    h.push_str("</svg></figure>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use scaleout_core::{Scenario, SimTime};

    #[test]
    fn names_are_escaped() {
        assert_eq!(
            esc("<img src=x onerror=\"a\">&'"),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;"
        );
        let mut a = Scenario::demo();
        a.name = "<script>alert(1)</script>".into();
        let (ra, rb) =
            compare::compare(a, Scenario::demo(), Some(SimTime::from_secs(600))).expect("runs");
        let out = html(&ra, &rb);
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("&lt;script&gt;"));
    }

    #[test]
    fn one_row_per_figure_and_three_charts() {
        let (ra, rb) = compare::compare(
            Scenario::demo(),
            Scenario::demo(),
            Some(SimTime::from_secs(3600)),
        )
        .expect("runs");
        let out = html(&ra, &rb);
        assert_eq!(
            out.matches("<tr>").count(),
            1 + compare::rows(&ra, &rb).len()
        );
        assert_eq!(out.matches("<svg").count(), 3);
        assert_eq!(out.matches("<polyline").count(), 6);
        assert!(
            out.contains(">1:00</text>"),
            "the time axis ends at the run's end"
        );
    }

    #[test]
    fn long_runs_are_folded_and_labelled_in_days() {
        let week = vec![1.0; 7 * 24 * 60];
        assert!(folded(&week).len() <= MAX_POINTS);
        assert_eq!(clock(7 * 24 * 60 + 90), "7d 1h");
        assert_eq!(clock(90), "1:30");
    }
}
