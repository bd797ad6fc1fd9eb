//! The activity history, newest first, in the AWS console's wording.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::ActivityRow;

#[derive(Clone, Debug, Properties)]
pub struct Props {
    /// Oldest first.
    pub rows: Rc<Vec<ActivityRow>>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.rows, &other.rows)
    }
}

#[function_component(ActivityLog)]
pub fn activity_log(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    html! {
        <section class="panel activity" aria-labelledby="activity-h">
            <h2 id="activity-h">{ t(lang, "activity_history") }</h2>
            <ol data-testid="activity-log" reversed=true>
                { for props.rows.iter().rev().map(|row| html! {
                    <li>
                        <span class="description">{ row.description.clone() }</span>
                        <span class="cause">{ row.cause.clone() }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}
