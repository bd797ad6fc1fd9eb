//! Two configurations side by side. "Compare" forks the run: A keeps the configuration as it is
//! now, B is the page's run, to edit (a policy, the delivery method...). Both run to A's horizon
//! on A's load and seed in the tools worker, which draws the figures' table and the overlaid
//! charts ([`crate::share::page`] holds the state); the link (`#s=B&a=A`) and an embed of it
//! hold the comparison. A plain function, not a component: the page's size budget is tight.

use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::share::page::{CompareCommand, Comparison};

/// The comparison's controls and result. Embeds show a comparison their link holds, without
/// the controls to start or end one.
pub fn compare_panel(
    lang: Lang,
    embed: bool,
    c: &Comparison,
    on: &Callback<CompareCommand>,
) -> Html {
    if embed && !c.a {
        return Html::default();
    }
    let button = |id: &'static str, key: &'static str, command: CompareCommand| {
        html! {
            <button type="button" data-testid={id} onclick={on.reform(move |_: MouseEvent| command)}>
                { t(lang, key) }
            </button>
        }
    };
    html! {
        <section class="compare" aria-label={t(lang, "compare")}>
            if !embed {
                { button("compare-button", if c.a { "compare_again" } else { "compare_fork" }, CompareCommand::Fork) }
            }
            if c.a {
                { button("compare-run", "compare_run", CompareCommand::Run) }
                if !embed {
                    { button("compare-end", "compare_end", CompareCommand::End) }
                }
                <div class="compare-result" data-testid="compare-panel" aria-live="polite"
                    data-runs={c.runs.to_string()}>
                    { match &c.result {
                        None => html! { <p>{ t(lang, "compare_running") }</p> },
                        Some(Ok(h)) => Html::from_html_unchecked(h.clone().into()),
                        Some(Err(e)) => html! { <p class="invalid" role="alert">{ e.clone() }</p> },
                    } }
                </div>
            }
        </section>
    }
}
