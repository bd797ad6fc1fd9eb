//! Long runs: "run to the end" (computed in chunks between frames, with a progress bar) and a
//! scrubber over the samples that redraws the charts up to the chosen minute.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{count, t, Lang};

pub struct Props {
    pub running: bool,
    /// 0..=1 through the horizon.
    pub progress: f64,
    /// Wall ms the simulator has spent running to the end (`data-busy-ms`, for the benchmark).
    pub busy_ms: f64,
    pub samples: usize,
    pub scrub: Option<usize>,
    pub on_run: Callback<bool>,
    pub on_scrub: Callback<Option<usize>>,
}

/// A plain function, not a component: its progress changes on every frame anyway.
pub fn timeline(lang: Lang, props: &Props) -> Html {
    let run = {
        let cb = props.on_run.clone();
        let running = props.running;
        Callback::from(move |_: MouseEvent| cb.emit(!running))
    };
    let on_scrub = {
        let cb = props.on_scrub.clone();
        let last = props.samples.saturating_sub(1);
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<usize>() {
                cb.emit((v < last).then_some(v));
            }
        })
    };
    let pct = (props.progress * 100.0).clamp(0.0, 100.0);
    let last = props.samples.saturating_sub(1);
    let at = props.scrub.unwrap_or(last);
    html! {
        <div class="timeline">
            <button type="button" data-testid="run-to-end" onclick={run} aria-pressed={props.running.to_string()}>
                { t(lang, if props.running { "stop_run" } else { "run_to_end" }) }
            </button>
            <progress data-testid="run-progress" max="100" value={format!("{pct:.1}")}
                data-busy-ms={format!("{:.0}", props.busy_ms)}
                aria-label={t(lang, "progress")}>{ format!("{pct:.0}%") }</progress>
            <span class="pct">{ format!("{pct:.0}%") }</span>
            <label for="scrub">{ t(lang, "timeline") }</label>
            <input type="range" id="scrub" data-testid="scrub" min="0" max={last.to_string()} step="1"
                value={at.to_string()} disabled={props.samples < 2 || props.running} oninput={on_scrub}
                aria-valuetext={count(lang, at + 1, "min_short")} />
            // Sample i is the end of minute i + 1, as the clock reads it.
            <output for="scrub" data-testid="scrub-minute">{ count(lang, at + 1, "min_short") }</output>
        </div>
    }
}
