//! Shown when the scenario could not be started: what was wrong, and what runs instead.

use yew::prelude::*;

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub problems: Vec<String>,
    /// True when the demo scenario runs in place of the rejected one.
    pub fell_back: bool,
}

#[function_component(ErrorBanner)]
pub fn error_banner(props: &Props) -> Html {
    html! {
        <div class="error-banner" data-testid="error-banner" role="alert">
            <strong>{ "This scenario cannot run." }</strong>
            <ul>
                { for props.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
            </ul>
            if props.fell_back {
                <p>{ "Showing the default scenario instead." }</p>
            }
        </div>
    }
}
