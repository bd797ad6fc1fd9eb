//! Load vs capacity (left axis, req/s) and desired / in-service counts (right axis) over simulated
//! time, from the per-minute samples, drawn with plotters on a canvas. Redrawn only when the
//! series' version changes; long runs are decimated to about one point per pixel column.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::state::{ChartPoint, Series};

pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 260;

const LOAD: RGBColor = RGBColor(0xd9, 0x48, 0x1c);
const CAPACITY: RGBColor = RGBColor(0x1f, 0x6f, 0xb4);
const IN_SERVICE: RGBColor = RGBColor(0x2e, 0x8b, 0x57);
const DESIRED: RGBColor = RGBColor(0x88, 0x88, 0x88);

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub series: Series,
}

#[function_component(Chart)]
pub fn chart(props: &Props) -> Html {
    let canvas_ref = use_node_ref();
    {
        let canvas_ref = canvas_ref.clone();
        let series = props.series.clone();
        use_effect_with(series, move |series| {
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                let points = series.points.borrow();
                // A failed draw leaves the previous picture; nothing else depends on it.
                let _ = draw(canvas, &decimate(&points, WIDTH as usize));
            }
        });
    }
    html! {
        <figure class="chart">
            <canvas ref={canvas_ref} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label="Load, capacity and instance counts over time" />
        </figure>
    }
}

/// Keeps every `stride`-th point plus the last, so at most about `max_points` remain.
fn decimate(points: &[ChartPoint], max_points: usize) -> Vec<ChartPoint> {
    let max_points = max_points.max(2);
    if points.len() <= max_points {
        return points.to_vec();
    }
    let stride = points.len().div_ceil(max_points);
    let mut out: Vec<ChartPoint> = points.iter().step_by(stride).copied().collect();
    if let Some(last) = points.last() {
        if out.last() != Some(last) {
            out.push(*last);
        }
    }
    out
}

fn draw(
    canvas: HtmlCanvasElement,
    points: &[ChartPoint],
) -> Result<(), Box<dyn std::error::Error>> {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;

    let x_max = points.last().map_or(0.0, |p| p.minutes).max(10.0);
    let rps_max = points
        .iter()
        .map(|p| p.load_rps.max(p.capacity_rps))
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.1;
    let count_max = points
        .iter()
        .map(|p| p.desired.max(p.in_service))
        .max()
        .unwrap_or(0)
        .max(1) as f64
        * 1.2;

    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .right_y_label_area_size(36)
        .build_cartesian_2d(0.0..x_max, 0.0..rps_max)?
        .set_secondary_coord(0.0..x_max, 0.0..count_max);

    chart
        .configure_mesh()
        .x_desc("minutes")
        .y_desc("req/s")
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&|m| format!("{m:.0}"))
        .y_label_formatter(&|r| format!("{r:.0}"))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_desc("instances")
        .y_labels(6)
        .y_label_formatter(&|n| format!("{n:.0}"))
        .draw()?;

    chart
        .draw_series(LineSeries::new(
            points.iter().map(|p| (p.minutes, p.load_rps)),
            LOAD.stroke_width(2),
        ))?
        .label("load")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], LOAD.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|p| (p.minutes, p.capacity_rps)),
            CAPACITY.stroke_width(2),
        ))?
        .label("capacity")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], CAPACITY.stroke_width(2)));
    chart
        .draw_secondary_series(LineSeries::new(
            points.iter().map(|p| (p.minutes, f64::from(p.in_service))),
            IN_SERVICE.stroke_width(1),
        ))?
        .label("in service")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], IN_SERVICE.stroke_width(1)));
    chart
        .draw_secondary_series(LineSeries::new(
            points.iter().map(|p| (p.minutes, f64::from(p.desired))),
            DESIRED.stroke_width(1),
        ))?
        .label("desired")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], DESIRED.stroke_width(1)));

    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()?;
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
            desired: 0,
            in_service: 0,
        }
    }

    #[wasm_bindgen_test]
    fn decimate_keeps_short_series_and_thins_long_ones_keeping_the_last_point() {
        let short: Vec<_> = (0..10).map(|m| point(f64::from(m))).collect();
        assert_eq!(decimate(&short, 720), short);

        let long: Vec<_> = (0..10_080).map(|m| point(f64::from(m))).collect();
        let thin = decimate(&long, 720);
        assert!(thin.len() <= 721, "{} points", thin.len());
        assert_eq!(thin.first(), long.first());
        assert_eq!(thin.last(), long.last());
    }
}
