//! The charts, drawn with the canvas 2D API from the per-minute samples: load vs capacity,
//! average CPU with the alarm thresholds and alarm-state bands, desired vs in-service, and the
//! revision mix over time. Each redraws only when the series' version, the timeline position or
//! the language changes; long runs are decimated to about one point per pixel column.

use scaleout_core::alarm::AlarmState;
use scaleout_core::scenario::MetricName;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::{ChartPoint, Series};

/// The canvas's size before layout; drawing sizes it to its layout box and the device pixels.
pub const WIDTH: u32 = 560;
pub const HEIGHT: u32 = 220;

/// A colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

const LOAD: Rgb = Rgb(0xd9, 0x48, 0x1c);
const CAPACITY: Rgb = Rgb(0x1f, 0x6f, 0xb4);
const IN_SERVICE: Rgb = Rgb(0x2e, 0x8b, 0x57);
const DESIRED: Rgb = Rgb(0x88, 0x88, 0x88);
const PENDING: Rgb = Rgb(0xf2, 0x99, 0x4a);
const ERRORS: Rgb = Rgb(0xc0, 0x1c, 0x6b);
const DROPPED: Rgb = Rgb(0x6b, 0x3f, 0xa0);
/// An alarm that fires above its threshold (adds capacity), in every chart and scenario.
const HIGH: Rgb = Rgb(0xeb, 0x57, 0x57);
/// An alarm that fires below its threshold (removes capacity).
const LOW: Rgb = Rgb(0x1f, 0x6f, 0xb4);
const OK: Rgb = Rgb(0x27, 0xae, 0x60);
/// Revision colours, by the revision's position in the scenario.
pub const REVISION_COLOURS: [Rgb; 6] = [
    Rgb(0x1f, 0x6f, 0xb4),
    Rgb(0x2e, 0x8b, 0x57),
    Rgb(0x8e, 0x44, 0xad),
    Rgb(0xd3, 0x54, 0x00),
    Rgb(0x16, 0xa0, 0x85),
    Rgb(0x7f, 0x8c, 0x8d),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    LoadCapacity,
    Latency,
    Cpu,
    /// Shown only when an alarm watches memory.
    Memory,
    /// Shown only when an alarm watches disk.
    Disk,
    Counts,
    Revisions,
    /// EKS: the HPA's desired replicas, Ready and Pending pods.
    Pods,
    /// ECS: the service's desired count, RUNNING tasks, tasks on their way.
    Tasks,
}

impl ChartKind {
    pub fn title_key(self) -> &'static str {
        match self {
            ChartKind::LoadCapacity => "chart_load",
            ChartKind::Latency => "chart_latency",
            ChartKind::Cpu => "chart_cpu",
            ChartKind::Memory => "chart_memory",
            ChartKind::Disk => "chart_disk",
            ChartKind::Counts => "chart_counts",
            ChartKind::Revisions => "chart_revisions",
            ChartKind::Pods => "chart_pods",
            ChartKind::Tasks => "chart_tasks",
        }
    }

    /// The metric a percentage chart plots, with the alarms that watch it: CPU from EC2, memory
    /// and disk from the CloudWatch agent (A4.10).
    pub fn metric(self) -> Option<MetricName> {
        match self {
            ChartKind::Cpu => Some(MetricName::CPUUtilization),
            ChartKind::Memory => Some(MetricName::mem_used_percent),
            ChartKind::Disk => Some(MetricName::disk_used_percent),
            _ => None,
        }
    }

    /// Whether this chart draws the alarm's threshold, state strip and legend entry.
    pub fn shows(self, alarm: &crate::state::AlarmLine) -> bool {
        Some(alarm.metric) == self.metric()
    }

    /// The group's average of [`ChartKind::metric`] at `p`.
    fn value(self, p: &ChartPoint) -> Option<f64> {
        match self {
            ChartKind::Memory => p.avg_mem,
            ChartKind::Disk => p.avg_disk,
            _ => p.avg_cpu,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub kind: ChartKind,
    pub series: Series,
    /// The timeline's sample index, drawn as a cursor; `None` = the latest.
    #[prop_or_default]
    pub until: Option<usize>,
    /// Keep the last picture (while "run to the end" computes: one redraw at the end, not one
    /// per frame).
    #[prop_or_default]
    pub hold: bool,
    /// Moments to mark on the time axis (a preset's story): (simulated minutes, label).
    #[prop_or_default]
    pub annotations: Annotations,
    /// Drawn between the legend and the canvas (the markers' lane).
    #[prop_or_default]
    pub children: Html,
}

/// Timeline annotations for the charts, compared by value (a handful of entries).
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
                    let cursor = until.and_then(|u| points.get(u)).map(|p| p.minutes);
                    let shown = decimate(&points, WIDTH as usize);
                    // A failed draw leaves the previous picture; nothing else depends on it.
                    let _ = draw(
                        canvas,
                        *kind,
                        &shown,
                        &series.meta,
                        *lang,
                        annotations,
                        cursor,
                    );
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
            { props.children.clone() }
            <canvas ref={canvas_ref} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label={title} />
        </figure>
    }
}

/// What the chart's lines and bands mean: (label, colour, dashed), drawn in HTML (readable by
/// screen readers).
fn legend_items(
    kind: ChartKind,
    meta: &crate::state::ChartMeta,
    lang: Lang,
) -> Vec<(String, Rgb, bool)> {
    let fixed = |items: &[(&'static str, Rgb)]| -> Vec<(String, Rgb, bool)> {
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
            ("legend_dropped", DROPPED),
        ]),
        ChartKind::Latency => fixed(&[("legend_p95", LOAD), ("legend_under", HIGH)]),
        ChartKind::Counts => {
            let mut items = fixed(&[
                ("legend_desired", DESIRED),
                ("legend_in_service", IN_SERVICE),
                ("legend_pending", PENDING),
            ]);
            // Desired is dashed, so it shows where it runs on top of in-service.
            items[0].2 = true;
            items
        }
        ChartKind::Pods => {
            let mut items = fixed(&[
                ("legend_hpa_desired", DESIRED),
                ("legend_pods_ready", IN_SERVICE),
                ("legend_pods_pending", PENDING),
            ]);
            items[0].2 = true;
            items
        }
        ChartKind::Tasks => {
            let mut items = fixed(&[
                ("legend_ecs_desired", DESIRED),
                ("legend_tasks_running", IN_SERVICE),
                ("legend_tasks_waiting", PENDING),
            ]);
            items[0].2 = true;
            items
        }
        ChartKind::Cpu | ChartKind::Memory | ChartKind::Disk => {
            let legend = match kind {
                ChartKind::Memory => "legend_mem",
                ChartKind::Disk => "legend_disk",
                _ => "legend_cpu",
            };
            let mut items = fixed(&[(legend, LOAD)]);
            // Each alarm's threshold line and state strip share its entry and colour: red
            // fires above its threshold, blue below; green strips are OK.
            items.extend(meta.alarm_lines.iter().filter(|a| kind.shows(a)).map(|a| {
                (
                    format!(
                        "{} {} {:.0}%",
                        a.label,
                        if a.high { ">" } else { "<" },
                        a.threshold
                    ),
                    if a.high { HIGH } else { LOW },
                    true,
                )
            }));
            if items.len() > 1 {
                items.push((t(lang, "legend_ok").to_string(), OK, false));
            }
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

/// True when the page is in dark mode: `?theme=` (the page sets `<html data-theme>`), else the
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

type DrawResult = Result<(), &'static str>;

/// `rgba(r, g, b, a)` for the canvas.
fn rgba(c: Rgb, alpha: f64) -> String {
    format!("rgba({}, {}, {}, {alpha})", c.0, c.1, c.2)
}

/// A time-axis tick label: minutes for short runs, h:mm within two days, then days and hours.
pub fn time_label(minutes: f64, span_minutes: f64) -> String {
    let m = minutes.round().max(0.0) as u64;
    if span_minutes <= 120.0 {
        format!("{m}")
    } else if span_minutes <= 2.0 * 1440.0 {
        format!("{}:{:02}", m / 60, m % 60)
    } else {
        let (d, h) = (m / 1440, (m % 1440) / 60);
        if h == 0 {
            format!("{d}d")
        } else {
            format!("{d}d {h}h")
        }
    }
}

/// A round step that puts about `target` ticks on `span`: 1, 2 or 5 times a power of ten, or,
/// on the time axis (minutes), a clock-friendly step.
pub fn tick_step(span: f64, target: f64, time: bool) -> f64 {
    let raw = (span / target.max(1.0)).max(1e-9);
    if time {
        const STEPS: [f64; 14] = [
            1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 180.0, 360.0, 720.0, 1440.0, 2880.0,
            10080.0,
        ];
        return STEPS.into_iter().find(|s| *s >= raw).unwrap_or(10080.0);
    }
    let mut p = 1.0;
    while p * 10.0 <= raw {
        p *= 10.0;
    }
    while p > raw {
        p /= 10.0;
    }
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * p)
}

/// Lays labels out left to right on rows so that none overlaps another or runs off the plot:
/// each gets the first row where it fits after the labels already there; a label that would
/// run past the right edge ends at the edge, and one that finds no free row is left out
/// (`None`). `labels`: (x, width), sorted by x; returns (x, row) each.
pub fn layout_labels(
    labels: &[(f64, f64)],
    left: f64,
    right: f64,
    rows: usize,
) -> Vec<Option<(f64, usize)>> {
    let mut ends = vec![f64::NEG_INFINITY; rows.max(1)];
    labels
        .iter()
        .map(|(x, w)| {
            let x = x.min(right - w).max(left);
            let row = ends.iter().position(|e| *e + 2.0 <= x)?;
            ends[row] = x + w;
            Some((x, row))
        })
        .collect()
}

/// The plot area's margins in CSS px: (left, right, top, bottom). The markers' lane uses the
/// same left and right, so a marker sits over its moment.
pub const PLOT_LEFT: f64 = 54.0;
pub const PLOT_RIGHT: f64 = 10.0;

/// The time axis's end in minutes: the last point, at least 10.
pub fn x_end(points: &[ChartPoint]) -> f64 {
    points.last().map_or(0.0, |p| p.minutes).max(10.0)
}

#[allow(clippy::too_many_arguments)]
fn draw(
    canvas: HtmlCanvasElement,
    kind: ChartKind,
    points: &[&ChartPoint],
    meta: &crate::state::ChartMeta,
    lang: Lang,
    annotations: &[(f64, String)],
    cursor: Option<f64>,
) -> DrawResult {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or("no window")?;
    // Sized for the layout box and the device's pixels, so text is 12 CSS px at any width.
    let dpr = window.device_pixel_ratio().clamp(1.0, 4.0);
    let css_w = match canvas.client_width() {
        w if w > 0 => f64::from(w),
        _ => f64::from(WIDTH),
    };
    let css_h = f64::from(HEIGHT).min((css_w * 0.5).max(160.0));
    let (px_w, px_h) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
    if canvas.width() != px_w || canvas.height() != px_h {
        canvas.set_width(px_w);
        canvas.set_height(px_h);
    }
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("no 2d context")?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    let (bg, ink) = if dark() {
        (Rgb(0x1b, 0x20, 0x2a), Rgb(0xd8, 0xdd, 0xe6))
    } else {
        (Rgb(0xff, 0xff, 0xff), Rgb(0x1d, 0x24, 0x33))
    };
    ctx.set_fill_style_str(&rgba(bg, 1.0));
    ctx.fill_rect(0.0, 0.0, css_w, css_h);

    // The alarms this chart draws (those on its metric).
    let lines: Vec<&crate::state::AlarmLine> =
        meta.alarm_lines.iter().filter(|a| kind.shows(a)).collect();

    let x_max = points.last().map_or(0.0, |p| p.minutes).max(10.0);
    let counts = matches!(
        kind,
        ChartKind::Counts | ChartKind::Revisions | ChartKind::Pods | ChartKind::Tasks
    );
    let y_top = match kind {
        ChartKind::LoadCapacity => points
            .iter()
            .map(|p| p.load_rps.max(p.capacity_rps))
            .fold(10.0_f64, f64::max),
        ChartKind::Latency => points.iter().map(|p| p.p95_ms).fold(100.0_f64, f64::max),
        ChartKind::Cpu | ChartKind::Memory | ChartKind::Disk => 100.0,
        ChartKind::Pods => points
            .iter()
            .map(|p| p.hpa_desired.max(p.pods_ready + p.pods_pending))
            .max()
            .unwrap_or(0)
            .max(2) as f64,
        ChartKind::Tasks => points
            .iter()
            .map(|p| p.ecs_desired.max(p.tasks_running + p.tasks_waiting))
            .max()
            .unwrap_or(0)
            .max(2) as f64,
        ChartKind::Counts | ChartKind::Revisions => points
            .iter()
            .map(|p| {
                p.desired
                    .max(p.in_service)
                    .max(p.max_size.min(p.desired * 2))
                    + p.pending
            })
            .max()
            .unwrap_or(0)
            .max(2) as f64,
    };
    // Instance counts tick in whole instances; an empty chart still has round ticks.
    let y_step = tick_step(y_top * 1.05, 4.0, false).max(if counts { 1.0 } else { 0.0 });
    let y_max = if y_top == 100.0 && !counts && kind != ChartKind::LoadCapacity {
        100.0
    } else {
        (y_top * 1.05 / y_step).ceil() * y_step
    };

    // The plot area: room for the y tick labels and title on the left, the x ticks and title
    // below, and the alarms' state strips above (outside the plot, so no line hides under
    // them); titles and ticks never share a line.
    let strip = if lines.is_empty() { 0.0 } else { 12.0 };
    let (left, right, top, bottom) = (PLOT_LEFT, css_w - PLOT_RIGHT, 8.0 + strip, css_h - 36.0);
    let (pw, ph) = ((right - left).max(1.0), (bottom - top).max(1.0));
    let sx = |m: f64| left + m / x_max * pw;
    let sy = |v: f64| bottom - v.clamp(0.0, y_max) / y_max * ph;

    ctx.set_font("12px sans-serif");
    ctx.set_line_width(1.0);
    ctx.set_text_baseline("middle");
    // What was written where, for the layout check (`data-overlaps`) and tests: (x0, y0, x1, y1).
    let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut labels = (String::new(), String::new());
    let width_of = |text: &str| ctx.measure_text(text).map_or(0.0, |t| t.width());
    // Grid and y ticks.
    ctx.set_text_align("right");
    let mut v = 0.0;
    while v <= y_max + 1e-9 {
        let y = sy(v).round() + 0.5;
        ctx.set_stroke_style_str(&rgba(ink, if v == 0.0 { 0.5 } else { 0.1 }));
        ctx.begin_path();
        ctx.move_to(left, y);
        ctx.line_to(right, y);
        ctx.stroke();
        ctx.set_fill_style_str(&rgba(ink, 0.85));
        let label = if v >= 10_000.0 {
            // Short enough to stay clear of the axis title.
            format!("{:.0}k", v / 1000.0)
        } else if y_step >= 1.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        };
        let w = width_of(&label);
        boxes.push((left - 6.0 - w, y - 6.0, left - 6.0, y + 6.0));
        let _ = ctx.fill_text(&label, left - 6.0, y);
        labels.1 += &label;
        labels.1.push('|');
        v += y_step;
    }
    // x ticks.
    let x_step = tick_step(x_max, (pw / 90.0).floor().max(2.0), true);
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    let mut m = 0.0;
    while m <= x_max + 1e-9 {
        let x = sx(m).round() + 0.5;
        ctx.set_stroke_style_str(&rgba(ink, 0.5));
        ctx.begin_path();
        ctx.move_to(x, bottom);
        ctx.line_to(x, bottom + 4.0);
        ctx.stroke();
        ctx.set_fill_style_str(&rgba(ink, 0.85));
        let label = time_label(m, x_max);
        let w = width_of(&label);
        boxes.push((x - w / 2.0, bottom + 6.0, x + w / 2.0, bottom + 18.0));
        let _ = ctx.fill_text(&label, x, bottom + 6.0);
        labels.0 += &label;
        labels.0.push('|');
        m += x_step;
    }
    // Axis titles: x below its ticks, y turned along the left edge.
    ctx.set_text_baseline("bottom");
    let x_title = if x_max <= 120.0 {
        t(lang, "minutes")
    } else {
        t(lang, "time_axis")
    };
    let w = width_of(x_title);
    boxes.push((
        left + pw / 2.0 - w / 2.0,
        css_h - 13.0,
        left + pw / 2.0 + w / 2.0,
        css_h - 1.0,
    ));
    let _ = ctx.fill_text(x_title, left + pw / 2.0, css_h - 1.0);
    let y_title = t(
        lang,
        match kind {
            ChartKind::LoadCapacity => "requests_per_s",
            ChartKind::Latency => "ms",
            ChartKind::Cpu => "cpu_pct",
            ChartKind::Memory => "mem_pct",
            ChartKind::Disk => "disk_pct",
            ChartKind::Pods => "pods",
            ChartKind::Tasks => "tasks",
            _ => "instances",
        },
    );
    let w = width_of(y_title);
    boxes.push((
        6.0,
        top + ph / 2.0 - w / 2.0,
        18.0,
        top + ph / 2.0 + w / 2.0,
    ));
    ctx.save();
    let _ = ctx.translate(12.0, top + ph / 2.0);
    let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text(y_title, 0.0, 0.0);
    ctx.restore();
    let overlaps = boxes
        .iter()
        .enumerate()
        .flat_map(|(i, a)| boxes[i + 1..].iter().map(move |b| (a, b)))
        .filter(|(a, b)| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3)
        .count();
    let _ = canvas.set_attribute("data-x-ticks", &labels.0);
    let _ = canvas.set_attribute("data-y-ticks", &labels.1);
    let _ = canvas.set_attribute("data-overlaps", &overlaps.to_string());

    // Everything else is clipped to the plot area and the strips above it.
    ctx.save();
    ctx.begin_path();
    ctx.rect(left, top - strip, pw, ph + strip);
    ctx.clip();
    let polyline = |c: Rgb, width: f64, dash: &[f64], pts: &mut dyn Iterator<Item = (f64, f64)>| {
        ctx.set_stroke_style_str(&rgba(c, 1.0));
        ctx.set_line_width(width);
        let dashes: js_sys::Array = dash.iter().map(|d| JsValue::from_f64(*d)).collect();
        let _ = ctx.set_line_dash(&dashes);
        ctx.begin_path();
        let mut first = true;
        for (m, v) in pts {
            if first {
                ctx.move_to(sx(m), sy(v));
                first = false;
            } else {
                ctx.line_to(sx(m), sy(v));
            }
        }
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    };
    // The fill style is set only when it changes: thousands of bands share a few colours.
    let last_fill = std::cell::RefCell::new((Rgb(0, 0, 0), -1.0_f64));
    let fill = |c: Rgb, alpha: f64, x0: f64, x1: f64, y0: f64, y1: f64| {
        if *last_fill.borrow() != (c, alpha) {
            ctx.set_fill_style_str(&rgba(c, alpha));
            *last_fill.borrow_mut() = (c, alpha);
        }
        ctx.fill_rect(x0, y0, (x1 - x0).max(0.5), (y1 - y0).max(0.0));
    };
    let band = |c: Rgb, alpha: f64, m0: f64, m1: f64, v0: f64, v1: f64| {
        fill(c, alpha, sx(m0), sx(m1), sy(v1), sy(v0));
    };

    match kind {
        ChartKind::LoadCapacity => {
            // Dropped and errors under capacity under load: the load line is never hidden.
            for (c, f) in [
                (
                    DROPPED,
                    (|p: &ChartPoint| p.dropped_rps) as fn(&ChartPoint) -> f64,
                ),
                (ERRORS, |p| p.errors_rps),
                (CAPACITY, |p| p.capacity_rps),
                (LOAD, |p| p.load_rps),
            ] {
                polyline(c, 2.0, &[], &mut points.iter().map(|p| (p.minutes, f(p))));
            }
        }
        ChartKind::Latency => {
            // Under-provisioned minutes (requests dropped) shaded faintly, under the line.
            for w in points.windows(2) {
                if w[0].dropped_rps > 0.0 {
                    band(HIGH, 0.18, w[0].minutes, w[1].minutes, 0.0, y_max);
                }
            }
            polyline(
                LOAD,
                2.0,
                &[],
                &mut points.iter().map(|p| (p.minutes, p.p95_ms)),
            );
        }
        ChartKind::Cpu | ChartKind::Memory | ChartKind::Disk => {
            // Each alarm's state as a strip above the plot, in its colour while in ALARM,
            // green while OK, empty while it has no data.
            let h = strip / lines.len().max(1) as f64;
            for (k, a) in lines.iter().enumerate() {
                let y0 = top - strip + h * k as f64;
                for w in points.windows(2) {
                    let c = match w[0].alarms.get(a.index) {
                        Some(AlarmState::Alarm) if a.high => HIGH,
                        Some(AlarmState::Alarm) => LOW,
                        Some(AlarmState::Ok) => OK,
                        _ => continue,
                    };
                    fill(c, 0.8, sx(w[0].minutes), sx(w[1].minutes), y0, y0 + h - 1.0);
                }
                polyline(
                    if a.high { HIGH } else { LOW },
                    1.0,
                    &[6.0, 4.0],
                    &mut [(0.0, a.threshold), (x_max, a.threshold)].into_iter(),
                );
            }
            polyline(
                LOAD,
                2.0,
                &[],
                &mut points
                    .iter()
                    .filter_map(|p| kind.value(p).map(|c| (p.minutes, c))),
            );
        }
        ChartKind::Counts => {
            polyline(
                PENDING,
                1.0,
                &[],
                &mut points.iter().map(|p| (p.minutes, f64::from(p.pending))),
            );
            polyline(
                IN_SERVICE,
                2.0,
                &[],
                &mut points.iter().map(|p| (p.minutes, f64::from(p.in_service))),
            );
            polyline(
                DESIRED,
                2.0,
                &[4.0, 3.0],
                &mut points.iter().map(|p| (p.minutes, f64::from(p.desired))),
            );
        }
        ChartKind::Pods => {
            polyline(
                PENDING,
                1.0,
                &[],
                &mut points
                    .iter()
                    .map(|p| (p.minutes, f64::from(p.pods_pending))),
            );
            polyline(
                IN_SERVICE,
                2.0,
                &[],
                &mut points.iter().map(|p| (p.minutes, f64::from(p.pods_ready))),
            );
            polyline(
                DESIRED,
                2.0,
                &[4.0, 3.0],
                &mut points.iter().map(|p| (p.minutes, f64::from(p.hpa_desired))),
            );
        }
        ChartKind::Tasks => {
            let line = |p: &ChartPoint, which: u8| {
                let v = match which {
                    0 => p.tasks_waiting,
                    1 => p.tasks_running,
                    _ => p.ecs_desired,
                };
                (p.minutes, f64::from(v))
            };
            polyline(PENDING, 1.0, &[], &mut points.iter().map(|p| line(p, 0)));
            polyline(IN_SERVICE, 2.0, &[], &mut points.iter().map(|p| line(p, 1)));
            polyline(
                DESIRED,
                2.0,
                &[4.0, 3.0],
                &mut points.iter().map(|p| line(p, 2)),
            );
        }
        ChartKind::Revisions => {
            // Stacked bands, one per revision label, in the scenario's order; unknown labels last.
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
            for w in points.windows(2) {
                let mut below = 0u32;
                for (li, l) in labels.iter().enumerate() {
                    let n = count(w[0], l);
                    if n > 0 {
                        let c = REVISION_COLOURS[li % REVISION_COLOURS.len()];
                        band(
                            c,
                            0.75,
                            w[0].minutes,
                            w[1].minutes,
                            f64::from(below),
                            f64::from(below + n),
                        );
                    }
                    below += n;
                }
            }
        }
    }
    // The timeline's moment.
    let _ = canvas.set_attribute(
        "data-cursor",
        &cursor.map(|m| m.to_string()).unwrap_or_default(),
    );
    if let Some(m) = cursor {
        polyline(ink, 1.5, &[], &mut [(m, 0.0), (m, y_max)].into_iter());
    }
    ctx.restore();

    // A preset's moments: a dashed line at the moment and its label at the top, laid out so
    // labels never overlap or leave the plot.
    let shown: Vec<&(f64, String)> = annotations.iter().filter(|(m, _)| *m <= x_max).collect();
    if !shown.is_empty() {
        ctx.set_font("11px sans-serif");
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        let boxes: Vec<(f64, f64)> = shown
            .iter()
            .map(|(m, label)| (sx(*m) + 3.0, width_of(label) + 6.0))
            .collect();
        let placed = layout_labels(&boxes, left + 2.0, right - 2.0, 3);
        for ((m, label), place) in shown.iter().zip(placed) {
            polyline(
                ink,
                1.0,
                &[4.0, 3.0],
                &mut [(*m, 0.0), (*m, y_max)].into_iter(),
            );
            let Some((x, row)) = place else { continue };
            let y = top + 2.0 + 14.0 * row as f64;
            ctx.set_fill_style_str(&rgba(bg, 0.85));
            let w = width_of(label);
            ctx.fill_rect(x - 2.0, y - 1.0, w + 4.0, 14.0);
            ctx.set_fill_style_str(&rgba(ink, 1.0));
            let _ = ctx.fill_text(label, x, y);
        }
    }
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
            dropped_rps: 0.0,
            p95_ms: 0.0,
            desired: 0,
            in_service: 0,
            pending: 0,
            min_size: 0,
            max_size: 0,
            avg_cpu: None,
            avg_mem: None,
            alarms: Vec::new(),
            revisions: Vec::new(),
            hpa_desired: 0,
            pods_ready: 0,
            pods_pending: 0,
            ..ChartPoint::default()
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

    #[wasm_bindgen_test]
    fn the_time_axis_reads_as_minutes_then_clock_time_then_days() {
        assert_eq!(time_label(45.0, 60.0), "45");
        assert_eq!(time_label(90.0, 600.0), "1:30");
        assert_eq!(time_label(2880.0, 7.0 * 1440.0), "2d");
        assert_eq!(time_label(1500.0, 7.0 * 1440.0), "1d 1h");
        assert_eq!(tick_step(60.0, 6.0, true), 10.0);
        assert_eq!(tick_step(10_080.0, 6.0, true), 2880.0);
        assert_eq!(tick_step(470.0, 4.0, false), 200.0);
        assert_eq!(tick_step(9.0, 4.0, false), 5.0);
    }

    #[wasm_bindgen_test]
    fn annotation_labels_never_overlap_and_stay_inside() {
        // Three labels at nearly the same moment and one past the right edge.
        let boxes = [(100.0, 80.0), (104.0, 60.0), (110.0, 90.0), (590.0, 70.0)];
        let placed: Vec<_> = layout_labels(&boxes, 50.0, 600.0, 3)
            .into_iter()
            .zip(boxes)
            .filter_map(|(p, b)| p.map(|p| (p, b)))
            .collect();
        assert!(placed.len() >= 3, "{placed:?}");
        for (i, ((x, row), (_, w))) in placed.iter().enumerate() {
            assert!(*x >= 50.0 && x + w <= 600.0, "label {i} inside: {x}");
            for ((x2, row2), (_, w2)) in placed.iter().skip(i + 1) {
                let apart = x + w <= *x2 || x2 + w2 <= *x;
                assert!(row != row2 || apart, "labels overlap: {placed:?}");
            }
        }
    }
}
