//! The charts, drawn with plotters on a canvas from the per-minute samples: load vs capacity,
//! average CPU with the alarm thresholds and alarm-state bands, desired vs in-service, and the
//! revision mix over time. Each redraws only when the series' version, the timeline position or
//! the language changes; long runs are decimated to about one point per pixel column.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use scaleout_core::alarm::AlarmState;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::{ChartPoint, Series};

pub const WIDTH: u32 = 560;
pub const HEIGHT: u32 = 220;

const LOAD: RGBColor = RGBColor(0xd9, 0x48, 0x1c);
const CAPACITY: RGBColor = RGBColor(0x1f, 0x6f, 0xb4);
const IN_SERVICE: RGBColor = RGBColor(0x2e, 0x8b, 0x57);
const DESIRED: RGBColor = RGBColor(0x88, 0x88, 0x88);
const PENDING: RGBColor = RGBColor(0xf2, 0x99, 0x4a);
const ERRORS: RGBColor = RGBColor(0xc0, 0x1c, 0x6b);
const ALARM: RGBColor = RGBColor(0xeb, 0x57, 0x57);
const OK: RGBColor = RGBColor(0x27, 0xae, 0x60);
/// Revision colours, by the revision's position in the scenario.
pub const REVISION_COLOURS: [RGBColor; 6] = [
    RGBColor(0x1f, 0x6f, 0xb4),
    RGBColor(0x2e, 0x8b, 0x57),
    RGBColor(0x8e, 0x44, 0xad),
    RGBColor(0xd3, 0x54, 0x00),
    RGBColor(0x16, 0xa0, 0x85),
    RGBColor(0x7f, 0x8c, 0x8d),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    LoadCapacity,
    Cpu,
    Counts,
    Revisions,
}

impl ChartKind {
    pub fn title_key(self) -> &'static str {
        match self {
            ChartKind::LoadCapacity => "chart_load",
            ChartKind::Cpu => "chart_cpu",
            ChartKind::Counts => "chart_counts",
            ChartKind::Revisions => "chart_revisions",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub kind: ChartKind,
    pub series: Series,
    /// Draw up to this sample index (the timeline scrubber); `None` = all.
    #[prop_or_default]
    pub until: Option<usize>,
    /// Keep the last picture (while "run to the end" computes: one redraw at the end, not one
    /// per frame).
    #[prop_or_default]
    pub hold: bool,
    /// Moments to mark on the time axis (a preset's story): (simulated minutes, label).
    #[prop_or_default]
    pub annotations: Annotations,
}

/// Timeline annotations for the charts (issue 6), compared by value (a handful of entries).
pub type Annotations = std::rc::Rc<Vec<(f64, String)>>;

#[function_component(Chart)]
pub fn chart(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let canvas_ref = use_node_ref();
    {
        let canvas_ref = canvas_ref.clone();
        let deps = (
            props.series.clone(),
            props.until,
            lang,
            props.kind,
            props.annotations.clone(),
            props.hold,
        );
        use_effect_with(
            deps,
            move |(series, until, lang, kind, annotations, hold)| {
                if *hold {
                    return;
                }
                if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                    let points = series.points.borrow();
                    let end = until.map_or(points.len(), |u| (u + 1).min(points.len()));
                    let shown = decimate(&points[..end], WIDTH as usize);
                    // A failed draw leaves the previous picture; nothing else depends on it.
                    let _ = draw(canvas, *kind, &shown, &series.meta, *lang, annotations);
                }
            },
        );
    }
    let title = t(lang, props.kind.title_key());
    let legend: Html = legend_items(props.kind, &props.series.meta, lang)
        .into_iter()
        .map(|(label, c, dashed)| {
            let style = format!("border-color: rgb({}, {}, {})", c.0, c.1, c.2);
            html! { <li><span class={classes!("key", dashed.then_some("dashed"))} {style}></span>{ label }</li> }
        })
        .collect();
    html! {
        <figure class="chart">
            <figcaption>{ title }</figcaption>
            <ul class="chart-legend">{ legend }</ul>
            <canvas ref={canvas_ref} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label={title} />
        </figure>
    }
}

/// What the chart's lines and bands mean: (label, colour, dashed), drawn in HTML (cheaper than
/// plotters' series labels and readable by screen readers).
fn legend_items(
    kind: ChartKind,
    meta: &crate::state::ChartMeta,
    lang: Lang,
) -> Vec<(String, RGBColor, bool)> {
    let fixed = |items: &[(&'static str, RGBColor)]| -> Vec<(String, RGBColor, bool)> {
        items
            .iter()
            .map(|(k, c)| (t(lang, k).to_string(), *c, false))
            .collect()
    };
    match kind {
        ChartKind::LoadCapacity => fixed(&[
            ("legend_load", LOAD),
            ("legend_capacity", CAPACITY),
            ("legend_errors", ERRORS),
        ]),
        ChartKind::Counts => fixed(&[
            ("legend_desired", DESIRED),
            ("legend_in_service", IN_SERVICE),
            ("legend_pending", PENDING),
        ]),
        ChartKind::Cpu => {
            let mut items = fixed(&[("legend_cpu", LOAD)]);
            items.extend(
                meta.cpu_thresholds
                    .iter()
                    .enumerate()
                    .map(|(i, (name, th))| {
                        (
                            format!("{name} {th:.0}%"),
                            if i % 2 == 0 { ALARM } else { CAPACITY },
                            true,
                        )
                    }),
            );
            items
        }
        ChartKind::Revisions => meta
            .revision_labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                (
                    l.clone(),
                    REVISION_COLOURS[i % REVISION_COLOURS.len()],
                    false,
                )
            })
            .collect(),
    }
}

/// Keeps every `stride`-th point plus the last, so at most about `max_points` remain.
fn decimate(points: &[ChartPoint], max_points: usize) -> Vec<&ChartPoint> {
    let max_points = max_points.max(2);
    if points.len() <= max_points {
        return points.iter().collect();
    }
    let stride = points.len().div_ceil(max_points);
    let mut out: Vec<&ChartPoint> = points.iter().step_by(stride).collect();
    if let Some(last) = points.last() {
        if !out.last().is_some_and(|p| std::ptr::eq(*p, last)) {
            out.push(last);
        }
    }
    out
}

/// True when the page is in dark mode: `?theme=` (issue 6 sets `<html data-theme>`), else the
/// system's preference.
fn dark() -> bool {
    let window = web_sys::window();
    let theme = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-theme"));
    match theme.as_deref() {
        Some("dark") => return true,
        Some("light") => return false,
        _ => {}
    }
    window
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw(
    canvas: HtmlCanvasElement,
    kind: ChartKind,
    points: &[&ChartPoint],
    meta: &crate::state::ChartMeta,
    lang: Lang,
    annotations: &[(f64, String)],
) -> DrawResult {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    let (bg, ink) = if dark() {
        (RGBColor(0x1b, 0x20, 0x2a), RGBColor(0xd8, 0xdd, 0xe6))
    } else {
        (WHITE, RGBColor(0x1d, 0x24, 0x33))
    };
    root.fill(&bg)?;
    let x_max = points.last().map_or(0.0, |p| p.minutes).max(10.0);
    let y_max = match kind {
        ChartKind::LoadCapacity => {
            points
                .iter()
                .map(|p| p.load_rps.max(p.capacity_rps))
                .fold(0.0_f64, f64::max)
                .max(1.0)
                * 1.1
        }
        ChartKind::Cpu => 100.0,
        ChartKind::Counts | ChartKind::Revisions => {
            points
                .iter()
                .map(|p| {
                    p.desired
                        .max(p.in_service)
                        .max(p.max_size.min(p.desired * 2))
                        + p.pending
                })
                .max()
                .unwrap_or(0)
                .max(1) as f64
                * 1.15
        }
    };
    let text = (FontFamily::SansSerif, 12).into_font().color(&ink);
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(42)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc(t(lang, "minutes"))
        .y_desc(t(
            lang,
            match kind {
                ChartKind::LoadCapacity => "requests_per_s",
                ChartKind::Cpu => "cpu_pct",
                _ => "instances",
            },
        ))
        .x_labels(6)
        .y_labels(5)
        .label_style(text.clone())
        .axis_style(ink.mix(0.5))
        .x_label_formatter(&|m| format!("{m:.0}"))
        .y_label_formatter(&|r| format!("{r:.0}"))
        .light_line_style(bg.mix(0.0))
        .bold_line_style(ink.mix(0.08))
        .draw()?;

    let line = |c: RGBColor, w: u32| c.stroke_width(w);

    match kind {
        ChartKind::LoadCapacity => {
            for (c, f) in [
                (
                    LOAD,
                    (|p: &ChartPoint| p.load_rps) as fn(&ChartPoint) -> f64,
                ),
                (CAPACITY, |p| p.capacity_rps),
                (ERRORS, |p| p.errors_rps),
            ] {
                chart.draw_series(LineSeries::new(
                    points.iter().map(|p| (p.minutes, f(p))),
                    line(c, 2),
                ))?;
            }
        }
        ChartKind::Cpu => {
            // Alarm-state bands: one thin strip per alarm along the top, red while in ALARM.
            let n = meta.alarm_names.len().max(1) as f64;
            let band = 12.0 / n;
            for (ai, _) in meta.alarm_names.iter().enumerate() {
                let top = 100.0 - band * ai as f64;
                chart.draw_series(points.windows(2).filter_map(|w| {
                    let state = w[0].alarms.get(ai).copied()?;
                    let c = match state {
                        AlarmState::Alarm => ALARM.mix(0.85),
                        AlarmState::Ok => OK.mix(0.35),
                        AlarmState::InsufficientData => return None,
                    };
                    Some(Rectangle::new(
                        [(w[0].minutes, top - band * 0.9), (w[1].minutes, top)],
                        c.filled(),
                    ))
                }))?;
                // While an alarm is in ALARM, shade the whole plot faintly.
                chart.draw_series(
                    points
                        .windows(2)
                        .filter(|w| w[0].alarms.get(ai) == Some(&AlarmState::Alarm))
                        .map(|w| {
                            Rectangle::new(
                                [(w[0].minutes, 0.0), (w[1].minutes, 88.0)],
                                ALARM.mix(0.06).filled(),
                            )
                        }),
                )?;
            }
            for (i, (_, th)) in meta.cpu_thresholds.iter().enumerate() {
                let c = if i % 2 == 0 { ALARM } else { CAPACITY };
                chart.draw_series(DashedLineSeries::new(
                    [(0.0, *th), (x_max, *th)],
                    6,
                    4,
                    c.stroke_width(1),
                ))?;
            }
            chart.draw_series(LineSeries::new(
                points
                    .iter()
                    .filter_map(|p| p.avg_cpu.map(|c| (p.minutes, c))),
                line(LOAD, 2),
            ))?;
        }
        ChartKind::Counts => {
            for (c, w, f) in [
                (
                    DESIRED,
                    2,
                    (|p: &ChartPoint| f64::from(p.desired)) as fn(&ChartPoint) -> f64,
                ),
                (IN_SERVICE, 2, |p| f64::from(p.in_service)),
                (PENDING, 1, |p| f64::from(p.pending)),
            ] {
                chart.draw_series(LineSeries::new(
                    points.iter().map(|p| (p.minutes, f(p))),
                    line(c, w),
                ))?;
            }
        }
        ChartKind::Revisions => {
            // Stacked areas, one per revision label, in the scenario's order; unknown labels last.
            let mut labels: Vec<&str> = meta.revision_labels.iter().map(String::as_str).collect();
            for p in points {
                for (l, _) in &p.revisions {
                    if !labels.contains(&l.as_str()) {
                        labels.push(l);
                    }
                }
            }
            let count = |p: &ChartPoint, l: &str| {
                p.revisions
                    .iter()
                    .find(|(x, _)| x == l)
                    .map_or(0, |(_, n)| *n)
            };
            for li in (0..labels.len()).rev() {
                let c = REVISION_COLOURS[li % REVISION_COLOURS.len()];
                let top =
                    |p: &ChartPoint| labels[..=li].iter().map(|l| count(p, l)).sum::<u32>() as f64;
                if points.iter().all(|p| count(p, labels[li]) == 0) {
                    continue;
                }
                // Stacked bands (one rectangle per minute), sharing the alarm bands' drawing code.
                let bottom =
                    |p: &ChartPoint| labels[..li].iter().map(|l| count(p, l)).sum::<u32>() as f64;
                chart.draw_series(points.windows(2).map(|w| {
                    Rectangle::new(
                        [(w[0].minutes, bottom(w[0])), (w[1].minutes, top(w[0]))],
                        c.mix(0.75).filled(),
                    )
                }))?;
            }
        }
    }
    // A preset's moments: a dashed line and a label at the top, once the run has reached them.
    let note = (FontFamily::SansSerif, 11).into_font().color(&ink);
    for (at_min, label) in annotations.iter().filter(|(m, _)| *m <= x_max) {
        chart.draw_series(DashedLineSeries::new(
            [(*at_min, 0.0), (*at_min, y_max)],
            4,
            3,
            ink.mix(0.55).stroke_width(1),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            format!(" {label}"),
            (*at_min, y_max * 0.97),
            note.clone(),
        )))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn point(minutes: f64) -> ChartPoint {
        ChartPoint {
            minutes,
            load_rps: 0.0,
            capacity_rps: 0.0,
            served_rps: 0.0,
            errors_rps: 0.0,
            desired: 0,
            in_service: 0,
            pending: 0,
            min_size: 0,
            max_size: 0,
            avg_cpu: None,
            alarms: Vec::new(),
            revisions: Vec::new(),
        }
    }

    #[wasm_bindgen_test]
    fn decimate_keeps_short_series_and_thins_long_ones_keeping_the_last_point() {
        let short: Vec<_> = (0..10).map(|m| point(f64::from(m))).collect();
        assert_eq!(decimate(&short, 720).len(), short.len());

        let long: Vec<_> = (0..10_080).map(|m| point(f64::from(m))).collect();
        let thin = decimate(&long, 720);
        assert!(thin.len() <= 721, "{} points", thin.len());
        assert_eq!(thin.first().map(|p| p.minutes), Some(0.0));
        assert_eq!(thin.last().map(|p| p.minutes), Some(10_079.0));
    }
}
