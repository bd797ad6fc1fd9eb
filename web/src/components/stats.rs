//! The group's numbers: desired capacity, in service, load vs capacity, average CPU.

use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::Snapshot;

/// A plain function, not a component: it is cheap and changes on every frame anyway.
pub fn stats(lang: Lang, s: &Snapshot) -> Html {
    html! {
        <dl class="stats">
            <div>
                <dt>{ t(lang, "desired") }</dt>
                <dd
                    data-testid="desired-capacity"
                    data-min-size={s.min_size.to_string()}
                    data-max-size={s.max_size.to_string()}
                >
                    { s.desired }
                </dd>
            </div>
            <div>
                <dt>{ t(lang, "in_service") }</dt>
                <dd data-testid="in-service-count">{ s.in_service }</dd>
            </div>
            <div>
                <dt>{ t(lang, "min_max") }</dt>
                <dd>{ format!("{} / {}", s.min_size, s.max_size) }</dd>
            </div>
            <div>
                <dt>{ t(lang, "load_capacity") }</dt>
                <dd>{ format!("{:.0} / {:.0} {}", s.load_rps, s.capacity_rps, t(lang, "requests_per_s")) }</dd>
            </div>
            <div>
                <dt>{ t(lang, "avg_cpu") }</dt>
                <dd>{ format!("{:.0}%", s.avg_cpu) }</dd>
            </div>
        </dl>
    }
}
