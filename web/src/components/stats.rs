//! The group's numbers (desired capacity, in service, load vs capacity, average CPU) and the
//! run summary: what the run has cost so far, the figures a person compares between two
//! configurations (the core's `RunSummary`).

use yew::prelude::*;

use crate::i18n::{t, Lang};
use scaleout_core::summary::RunSummary;

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
                <dd data-testid="load-capacity">{ format!("{:.0} / {:.0} {}", s.load_rps, s.capacity_rps, t(lang, "requests_per_s")) }</dd>
            </div>
            <div>
                <dt>{ t(lang, "avg_cpu") }</dt>
                <dd data-testid="avg-cpu">{ format!("{:.0}%", s.avg_cpu) }</dd>
            </div>
        </dl>
    }
}

/// The run so far: dropped requests, p95 latency, under-provisioned minutes, minutes stuck at
/// MaxSize, instance-hours and cost. Each figure has its `data-testid` (`sum-dropped`, ...).
pub fn summary(lang: Lang, s: &RunSummary) -> Html {
    let p95 = s
        .latency_p95_ms
        .map_or("-".to_string(), |ms| format!("{ms:.0} ms"));
    let items = [
        (
            "sum_dropped",
            "sum-dropped",
            format!("{:.0}", s.requests_dropped),
        ),
        (
            "sum_errors",
            "sum-errors",
            format!("{:.0}", s.requests_errors),
        ),
        ("sum_p95", "sum-p95", p95),
        (
            "sum_under",
            "sum-under",
            format!("{}", s.under_provisioned_minutes),
        ),
        (
            "sum_at_max",
            "sum-at-max",
            format!("{}", s.at_max_size_overloaded_minutes),
        ),
        ("sum_hours", "sum-hours", format!("{:.1}", s.instance_hours)),
        (
            "sum_cost",
            "sum-cost",
            format!("${:.2}", s.estimated_cost_usd),
        ),
    ];
    html! {
        <section class="summary" aria-label={t(lang, "run_summary")}>
            <dl data-testid="run-summary" class={classes!((s.requests_dropped > 0.0).then_some("overloaded"))}>
                { for items.into_iter().map(|(key, id, v)| html! {
                    <div><dt>{ t(lang, key) }</dt><dd data-testid={id}>{ v }</dd></div>
                }) }
            </dl>
        </section>
    }
}
