//! The core's moments (alarm state changes, policy decisions, scaling activities) on the
//! page: the markers' lane over the load chart, laid out so markers never overlap nor leave the
//! lane, each at its moment and clickable, and the why strip (the latest alarm, policy and
//! activity, in AWS's words).

use yew::prelude::*;

use crate::components::chart::layout_labels;
use crate::i18n::{t, Lang};
use crate::state::{Moment, MomentKind};

/// Marker rows; a marker that finds no free row is left out rather than drawn over another.
const ROWS: usize = 3;
/// A marker's width per character of its label, in CSS px (11 px monospace), plus padding.
const CHAR_PX: f64 = 7.0;

/// A marker's short label: the alarm's new state, "P" for a policy, + or - for an activity.
fn short(m: &Moment) -> &str {
    match m.kind {
        MomentKind::Alarm if m.text.ends_with("ALARM") => "ALARM",
        MomentKind::Alarm if m.text.ends_with("OK") => "OK",
        MomentKind::Alarm => "?",
        MomentKind::Policy => "P",
        MomentKind::Activity if m.text.starts_with("Launching") => "+",
        MomentKind::Activity if m.text.starts_with("Terminating") => "-",
        MomentKind::Activity => "*",
    }
}

fn kind_class(k: MomentKind) -> &'static str {
    match k {
        MomentKind::Alarm => "alarm",
        MomentKind::Policy => "policy",
        MomentKind::Activity => "activity",
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct MarkerProps {
    pub moments: crate::engine::Moments,
    /// The time axis's end in minutes (the charts' own).
    pub x_max: f64,
    /// Called with the index of the clicked moment.
    pub on_pick: Callback<usize>,
}

#[function_component(Markers)]
pub fn markers(props: &MarkerProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let lane = use_node_ref();
    // The lane's width from the last layout (the page re-renders every simulated minute).
    let width = lane
        .cast::<web_sys::Element>()
        .map_or(0.0, |e| f64::from(e.client_width()));
    let width = if width > 0.0 { width } else { 480.0 };
    let shown: Vec<(usize, &Moment)> = props
        .moments
        .0
        .iter()
        .enumerate()
        .filter(|(_, m)| m.t_ms as f64 / 60_000.0 <= props.x_max)
        .collect();
    let boxes: Vec<(f64, f64)> = shown
        .iter()
        .map(|(_, m)| {
            let w = short(m).len() as f64 * CHAR_PX + 8.0;
            (m.t_ms as f64 / 60_000.0 / props.x_max * width - w / 2.0, w)
        })
        .collect();
    let placed = layout_labels(&boxes, 0.0, width, ROWS);
    let buttons = shown.iter().zip(boxes.iter().zip(placed)).filter_map(
        |((i, m), ((_, w), place))| {
            let (x, row) = place?;
            let i = *i;
            let onclick = props.on_pick.reform(move |_: MouseEvent| i);
            Some(html! {
                <button type="button" class={classes!("marker", kind_class(m.kind))}
                    data-testid="marker" data-kind={kind_class(m.kind)} data-t={m.t_ms.to_string()}
                    style={format!("left:{}px;top:{}px;width:{}px", x as i32, row * 16, *w as i32)}
                    title={m.text.clone()} aria-label={m.text.clone()} {onclick}>
                    { short(m) }
                </button>
            })
        },
    );
    html! {
        <div class="markers" role="group" ref={lane} data-testid="markers" data-x-max={props.x_max.to_string()}
            aria-label={t(lang, "markers")}>
            { for buttons }
        </div>
    }
}

/// The why strip: the latest alarm change, policy decision and activity up to the moment shown.
pub fn why_strip(lang: Lang, moments: &[Moment]) -> Html {
    let latest = |k: MomentKind| moments.iter().rev().find(|m| m.kind == k);
    let link = |k: MomentKind, key: &'static str| {
        let m = latest(k);
        html! {
            <li data-testid={format!("why-{}", kind_class(k))}>
                <b>{ t(lang, key) }</b>{ " " }
                { m.map_or("-".to_string(), |m| format!("{} {}", scaleout_core::SimTime(m.t_ms).clock(), m.text)) }
            </li>
        }
    };
    html! {
        <ol class="why" data-testid="why-strip" aria-label={t(lang, "why")}>
            { link(MomentKind::Alarm, "why_alarm") }
            { link(MomentKind::Policy, "why_policy") }
            { link(MomentKind::Activity, "why_activity") }
        </ol>
    }
}
