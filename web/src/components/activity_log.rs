//! The activity history, newest first, in the AWS console's wording. The activity a chart
//! marker picked is marked (`aria-current`) and scrolled into the list's view.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::ActivityRow;

#[derive(Clone, Debug, Properties)]
pub struct Props {
    /// Oldest first.
    pub rows: Rc<Vec<ActivityRow>>,
    /// The picked activity's `seq`.
    #[prop_or_default]
    pub picked: Option<u64>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.rows, &other.rows) && self.picked == other.picked
    }
}

#[function_component(ActivityLog)]
pub fn activity_log(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(props.picked, move |picked| {
            use wasm_bindgen::JsCast;
            let Some(ol) = picked.and(list.cast::<web_sys::HtmlElement>()) else {
                return;
            };
            let row = ol
                .query_selector("[aria-current]")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(row) = row {
                ol.set_scroll_top(row.offset_top());
            }
        });
    }
    html! {
        <section class="panel activity" aria-labelledby="activity-h">
            <h2 id="activity-h">{ t(lang, "activity_history") }</h2>
            <ol data-testid="activity-log" reversed=true ref={list} tabindex="0">
                { for props.rows.iter().rev().map(|row| html! {
                    <li data-seq={row.seq.to_string()}
                        aria-current={(props.picked == Some(row.seq)).then_some("true")}>
                        <span class="description">{ row.description.clone() }</span>
                        <span class="cause">{ row.cause.clone() }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}
