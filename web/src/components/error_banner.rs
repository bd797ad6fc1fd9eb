//! Shown when the scenario could not be started: what was wrong, what runs instead, and a way
//! back to the default scenario. (A panic is reported by [`crate::panic`], outside Yew.)

use yew::prelude::*;

use crate::i18n::{t, Lang};

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub problems: Vec<String>,
    /// True when the demo scenario runs in place of the rejected one.
    pub fell_back: bool,
    #[prop_or_default]
    pub on_reset: Option<Callback<()>>,
}

#[function_component(ErrorBanner)]
pub fn error_banner(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let reset = props.on_reset.as_ref().map(|cb| {
        let onclick = cb.reform(|_: MouseEvent| ());
        html! { <button type="button" data-testid="reset-scenario" {onclick}>{ t(lang, "reset_scenario") }</button> }
    });
    html! {
        <div class="error-banner" data-testid="error-banner" role="alert">
            <strong>{ t(lang, "cannot_run") }</strong>
            <ul>
                { for props.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
            </ul>
            if props.fell_back {
                <p>{ t(lang, "showing_default") }</p>
            }
            { reset.into_iter().collect::<Html>() }
        </div>
    }
}
