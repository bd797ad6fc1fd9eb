//! The deployments panel: newest first, each with its per-instance lifecycle events. The launch
//! deployments Auto Scaling creates (one per new instance, B5.2) are grouped: consecutive ones
//! of one revision make one entry with their count and outcomes.

use yew::prelude::*;

use crate::engine::Deployments as Rows;
use crate::i18n::{count, t, Lang};
use crate::state::DeploymentRow;

/// Consecutive launch deployments (creator `autoscaling`) of one revision, as slices.
fn groups(rows: &[DeploymentRow]) -> Vec<&[DeploymentRow]> {
    let mut out: Vec<&[DeploymentRow]> = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        let joins = i < rows.len()
            && rows[i].creator == "autoscaling"
            && rows[start].creator == "autoscaling"
            && rows[i].revision == rows[start].revision;
        if !joins {
            out.push(&rows[start..i]);
            start = i;
        }
    }
    out
}

/// A group of launch deployments: its count and outcomes (newest first in `g`).
fn group_view(lang: Lang, g: &[DeploymentRow]) -> Html {
    let count = |status: &str| g.iter().filter(|d| d.status == status).count();
    let worst = ["Failed", "InProgress", "Succeeded"]
        .into_iter()
        .find(|s| count(s) > 0)
        .unwrap_or("Succeeded");
    let outcomes: Vec<String> = ["Succeeded", "InProgress", "Failed"]
        .into_iter()
        .filter(|s| count(s) > 0)
        .map(|s| format!("{} {s}", count(s)))
        .collect();
    html! {
        <li class="deployment" data-testid="deployment-group" data-count={g.len().to_string()}
            data-status={worst} data-revision={g[0].revision.clone()}>
            <strong>{ g[0].revision.clone() }</strong>
            { format!(" {} {}: {}", g.len(), t(lang, "launch_deployments"), outcomes.join(", ")) }
        </li>
    }
}

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
                { for groups(&props.rows.0).into_iter().map(|g| if g.len() > 1 {
                    group_view(lang, g)
                } else { let d = &g[0]; html! {
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
                } }) }
            </ol>
        </section>
    }
}
