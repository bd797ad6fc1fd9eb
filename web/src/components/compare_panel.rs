//! Two configurations side by side. "Compare" forks the run: A keeps the configuration as it is
//! now, B is the page's run, to edit (a policy, the delivery method...). Both run to A's horizon
//! on A's load and seed in the tools worker, which draws the figures' table and the overlaid
//! charts; the link (`#s=B&a=A`) and an embed of it hold the comparison.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::share::{tools, url_state};

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub lang: Lang,
    /// A's link payload, while comparing.
    pub a: Option<Rc<str>>,
    /// The page's current payload (B, with `&a=` while comparing).
    pub payload: Rc<str>,
    /// `true`: fork (again); `false`: end the comparison.
    pub on_compare: Callback<bool>,
    /// Embeds show a comparison their link holds, without the controls to start one.
    pub embed: bool,
}

#[function_component(ComparePanel)]
pub fn compare_panel(p: &Props) -> Html {
    let lang = p.lang;
    // `None`: running; the worker's HTML, or why it could not run.
    let result = use_state(|| None::<Result<String, String>>);
    let run = {
        let result = result.clone();
        let a = p.a.clone();
        let payload = p.payload.clone();
        Callback::from(move |_: ()| {
            let Some(a) = a.clone() else { return };
            let b = url_state::split_payload(&payload).0.to_string();
            let result = result.clone();
            result.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                result.set(Some(tools::compare(&a, &b).await));
            });
        })
    };
    {
        // A new A (a fork, or a link holding one) compares at once.
        let run = run.clone();
        use_effect_with(p.a.clone(), move |a| {
            if a.is_some() {
                run.emit(());
            }
        });
    }
    if p.embed && p.a.is_none() {
        return Html::default();
    }
    let fork = p.on_compare.reform(|_: MouseEvent| true);
    html! {
        <section class="compare" aria-label={t(lang, "compare")}>
            if !p.embed {
                <button type="button" data-testid="compare-button" onclick={fork}>
                    { t(lang, if p.a.is_some() { "compare_again" } else { "compare_fork" }) }
                </button>
            }
            if p.a.is_some() {
                <button type="button" data-testid="compare-run" onclick={run.reform(|_: MouseEvent| ())}>
                    { t(lang, "compare_run") }
                </button>
                if !p.embed {
                    <button type="button" data-testid="compare-end"
                        onclick={p.on_compare.reform(|_: MouseEvent| false)}>
                        { t(lang, "compare_end") }
                    </button>
                }
                <div class="compare-result" data-testid="compare-panel" aria-live="polite">
                    { match &*result {
                        None => html! { <p>{ t(lang, "compare_running") }</p> },
                        Some(Ok(h)) => Html::from_html_unchecked(h.clone().into()),
                        Some(Err(e)) => html! { <p class="invalid" role="alert">{ e.clone() }</p> },
                    } }
                </div>
            }
        </section>
    }
}
