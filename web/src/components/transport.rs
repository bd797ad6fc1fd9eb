//! Play / pause, step, speed and the simulated clock.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::SPEEDS;

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub playing: bool,
    pub speed: u32,
    pub clock: String,
    pub on_toggle: Callback<()>,
    pub on_step: Callback<()>,
    pub on_speed: Callback<u32>,
}

#[function_component(Transport)]
pub fn transport(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let on_toggle = props.on_toggle.reform(|_: MouseEvent| ());
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    let on_speed = {
        let on_speed = props.on_speed.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(speed) = select.value().parse::<u32>() {
                on_speed.emit(speed);
            }
        })
    };

    html! {
        <div class="transport">
            <button
                type="button"
                data-testid="play-pause"
                aria-pressed={props.playing.to_string()}
                onclick={on_toggle}
            >
                { t(lang, if props.playing { "pause" } else { "play" }) }
            </button>
            <button type="button" data-testid="step" onclick={on_step}>
                { t(lang, "step") }
            </button>
            <label>
                { t(lang, "speed") }{ " " }
                <select data-testid="speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={s == props.speed}>{ format!("{s}x") }</option>
                    }) }
                </select>
            </label>
            <span class="clock" title={t(lang, "sim_time")}>
                { "T+ " }<time data-testid="sim-clock">{ props.clock.clone() }</time>
            </span>
        </div>
    }
}
