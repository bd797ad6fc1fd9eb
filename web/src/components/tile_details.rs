//! Details of the clicked instance: AMI, launch template version, revision, uptime, CPU.

use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::Tile;

fn uptime(s: u64) -> String {
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// `tile` is `None` when the instance is gone.
pub fn tile_details(lang: Lang, id: &str, tile: Option<&Tile>, on_close: &Callback<()>) -> Html {
    let close = on_close.reform(|_: MouseEvent| ());
    let rows = match tile {
        None => html! { <p>{ t(lang, "instance_gone") }</p> },
        Some(tile) => html! {
            <dl>
                <dt>{ t(lang, "state") }</dt><dd>{ tile.state }</dd>
                <dt>{ t(lang, "health") }</dt><dd>{ t(lang, if tile.broken { "serves_errors_tile" } else if tile.healthy { "healthy" } else { "unhealthy" }) }</dd>
                <dt>{ t(lang, "az") }</dt><dd>{ tile.az.clone() }</dd>
                <dt>{ t(lang, "image_id") }</dt><dd><code>{ tile.image_id.clone() }</code></dd>
                <dt>{ t(lang, "launched_from") }</dt><dd><code>{ tile.launch_label.clone() }</code></dd>
                <dt>{ t(lang, "instance_type") }</dt><dd>{ tile.instance_type.clone() }</dd>
                <dt>{ t(lang, "revision") }</dt><dd>{ if tile.revision.is_empty() { "-".to_string() } else { tile.revision.clone() } }</dd>
                <dt>{ t(lang, "uptime") }</dt><dd>{ uptime(tile.uptime_s) }</dd>
                <dt>{ t(lang, "cpu") }</dt><dd>{ format!("{:.1}%", tile.cpu) }</dd>
            </dl>
        },
    };
    html! {
        <aside class="tile-details" data-testid="instance-details" aria-live="polite" aria-label={t(lang, "instance_details")}>
            <div class="head">
                <h3><code>{ id.to_string() }</code></h3>
                <button type="button" class="small" onclick={close} aria-label={t(lang, "close")}>{ "\u{00d7}" }</button>
            </div>
            { rows }
        </aside>
    }
}
