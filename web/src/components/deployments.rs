//! The deployments panel: newest first, each with its per-instance lifecycle events.

use yew::prelude::*;

use crate::engine::Deployments as Rows;
use crate::i18n::{count, t, Lang};

#[derive(Clone, PartialEq, Properties)]
pub struct Props {
    pub rows: Rows,
}

#[function_component(Deployments)]
pub fn deployments(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    html! {
        <section class="panel deployments-panel" aria-labelledby="deployments-h">
            <h2 id="deployments-h">{ t(lang, "deployments") }</h2>
            <ol data-testid="deployments">
                if props.rows.0.is_empty() {
                    <li class="empty">{ t(lang, "no_deployments") }</li>
                }
                { for props.rows.0.iter().map(|d| html! {
                    <li class={classes!("deployment", d.status.to_ascii_lowercase())}
                        data-status={d.status} data-revision={d.revision.clone()}>
                        <div class="head">
                            <code>{ d.id.clone() }</code>
                            <strong>{ d.revision.clone() }</strong>
                            <span class={classes!("status", d.status.to_ascii_lowercase())}>{ d.status }</span>
                            <span class="muted">{ format!("{} {}  {} {}", t(lang, "created_by"), d.creator, d.start, if d.end.is_empty() { String::new() } else { format!("- {}", d.end) }) }</span>
                        </div>
                        if !d.message.is_empty() { <p class="muted">{ d.message.clone() }</p> }
                        if !d.targets.is_empty() {
                            <details>
                                <summary>{ count(lang, d.targets.len(), "instances_lc") }</summary>
                                <table class="events">
                                    <tbody>
                                    { for d.targets.iter().map(|tg| html! {
                                        <tr>
                                            <th scope="row"><code>{ tg.instance_id.clone() }</code>{ " " }<span class={classes!("status", tg.status.to_ascii_lowercase())}>{ tg.status.clone() }</span></th>
                                            <td>
                                                { for tg.events.iter().filter(|(_, s)| *s != "Skipped").map(|(e, s)| html! {
                                                    <span class={classes!("ev", s.to_ascii_lowercase())} title={format!("{e}: {s}")}>{ *e }</span>
                                                }) }
                                            </td>
                                        </tr>
                                    }) }
                                    </tbody>
                                </table>
                            </details>
                        }
                    </li>
                }) }
            </ol>
        </section>
    }
}
