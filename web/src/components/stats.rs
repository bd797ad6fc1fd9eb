//! The group's numbers: desired capacity, in service, load vs capacity, average CPU.

use yew::prelude::*;

use crate::state::Snapshot;

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub snapshot: Snapshot,
}

#[function_component(Stats)]
pub fn stats(props: &Props) -> Html {
    let s = &props.snapshot;
    html! {
        <dl class="stats">
            <div>
                <dt>{ "Desired" }</dt>
                <dd
                    data-testid="desired-capacity"
                    data-min-size={s.min_size.to_string()}
                    data-max-size={s.max_size.to_string()}
                >
                    { s.desired }
                </dd>
            </div>
            <div>
                <dt>{ "In service" }</dt>
                <dd data-testid="in-service-count">{ s.in_service }</dd>
            </div>
            <div>
                <dt>{ "Min / max" }</dt>
                <dd>{ format!("{} / {}", s.min_size, s.max_size) }</dd>
            </div>
            <div>
                <dt>{ "Load / capacity" }</dt>
                <dd>{ format!("{:.0} / {:.0} req/s", s.load_rps, s.capacity_rps) }</dd>
            </div>
            <div>
                <dt>{ "Avg CPU" }</dt>
                <dd>{ format!("{:.0}%", s.avg_cpu) }</dd>
            </div>
        </dl>
    }
}
