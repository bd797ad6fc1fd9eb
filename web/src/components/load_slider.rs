//! The live load control: a range input in requests per second (after yew's boids `Slider`).
//! Dragging it while the simulation plays changes what happens next.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    /// The value shown: the override once set, else the scenario's current load.
    pub value_rps: f64,
    pub max_rps: f64,
    /// True once the user has taken over from the scenario's load pattern.
    pub overridden: bool,
    pub on_change: Callback<Option<f64>>,
}

#[function_component(LoadSlider)]
pub fn load_slider(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let step = slider_step(props.max_rps);
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = input.value_as_number();
            if v.is_finite() {
                on_change.emit(Some(v.max(0.0)));
            }
        })
    };
    let on_follow = {
        let on_change = props.on_change.clone();
        Callback::from(move |_| on_change.emit(None))
    };
    let shown = format!("{:.0}", props.value_rps);

    html! {
        <div class="load-control">
            <label for="load-slider">{ t(lang, "load") }</label>
            <input
                type="range"
                id="load-slider"
                data-testid="load-slider"
                min="0"
                max={props.max_rps.to_string()}
                step={step.to_string()}
                value={props.value_rps.to_string()}
                aria-valuetext={format!("{shown} {}", t(lang, "requests_per_s"))}
                {oninput}
            />
            <output for="load-slider" data-testid="load-value">{ shown }</output>
            <span class="unit">{ " " }{ t(lang, "requests_per_s") }</span>
            if props.overridden {
                <button type="button" class="link" onclick={on_follow}
                    title={t(lang, "follow_pattern_title")}>
                    { t(lang, "follow_pattern") }
                </button>
            } else {
                <span class="hint">{ t(lang, "scenario_pattern") }</span>
            }
        </div>
    }
}

/// About 200 positions along the slider, rounded to a readable step.
fn slider_step(max_rps: f64) -> f64 {
    let raw = (max_rps / 200.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let mantissa = raw / magnitude;
    let nice = if mantissa <= 1.0 {
        1.0
    } else if mantissa <= 2.0 {
        2.0
    } else if mantissa <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::slider_step;

    #[wasm_bindgen_test]
    fn slider_steps_are_round_numbers() {
        assert_eq!(slider_step(100.0), 1.0);
        assert_eq!(slider_step(1_500.0), 10.0);
        assert_eq!(slider_step(3_000.0), 20.0);
        assert_eq!(slider_step(20_000.0), 100.0);
    }
}
