//! One tile per instance, grouped by availability zone, coloured by lifecycle state and marked
//! with its revision and health. A tile is a button: click (or Enter) opens its details.

use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::state::Tile;

/// The colours the tiles use, explained under the grid.
const LEGEND: [(&str, &str); 4] = [
    ("Pending", "state-pending"),
    ("Pending:Wait", "state-pending-wait"),
    ("InService", "state-inservice"),
    ("Terminating", "state-terminating"),
];

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub tiles: Vec<Tile>,
    /// Revision labels in the scenario's order, for the badge colours.
    #[prop_or_default]
    pub revision_labels: Vec<String>,
    #[prop_or_default]
    pub selected: Option<String>,
    #[prop_or_default]
    pub on_select: Callback<String>,
}

#[function_component(InstanceGrid)]
pub fn instance_grid(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    // Zones in order of first appearance; the core lists instances deterministically.
    let mut zones: Vec<(&str, Vec<&Tile>)> = Vec::new();
    for tile in &props.tiles {
        match zones.iter_mut().find(|(az, _)| *az == tile.az) {
            Some((_, tiles)) => tiles.push(tile),
            None => zones.push((&tile.az, vec![tile])),
        }
    }

    html! {
        <div class="instance-grid" data-testid="instance-grid">
            if zones.is_empty() {
                <p class="empty">{ t(lang, "no_instances") }</p>
            }
            <ul class="legend" aria-label={t(lang, "lifecycle_states")}>
                { for LEGEND.iter().map(|(state, class)| html! {
                    <li><span class={classes!("swatch", *class)}></span>{ *state }</li>
                }) }
                <li><span class="swatch unhealthy"></span>{ t(lang, "unhealthy") }</li>
                <li><span class="swatch broken"></span>{ t(lang, "serves_errors_tile") }</li>
            </ul>
            { for zones.into_iter().map(|(az, tiles)| html! {
                <section class="az" key={az.to_string()} aria-label={az.to_string()}>
                    <h3>{ az }</h3>
                    <ul>
                        { for tiles.into_iter().map(|tile| tile_view(tile, props, lang)) }
                    </ul>
                </section>
            }) }
        </div>
    }
}

fn tile_view(tile: &Tile, props: &Props, lang: Lang) -> Html {
    let rev_index = props
        .revision_labels
        .iter()
        .position(|l| *l == tile.revision)
        .map_or(9, |i| i % 6);
    let class = classes!(
        "instance",
        format!("state-{}", css_ident(tile.state)),
        (!tile.healthy).then_some("unhealthy"),
        tile.broken.then_some("broken"),
        (props.selected.as_deref() == Some(tile.id.as_str())).then_some("selected"),
    );
    let label = if tile.revision.is_empty() {
        "-".to_string()
    } else {
        tile.revision.clone()
    };
    let onclick = {
        let cb = props.on_select.clone();
        let id = tile.id.clone();
        Callback::from(move |_: MouseEvent| cb.emit(id.clone()))
    };
    let cpu = format!("{:.0}%", tile.cpu);
    // The spoken name holds the tile's visible text ("v2 41%") as it reads.
    let aria = format!(
        "{} {} {} {label} {cpu} CPU, {}",
        tile.id,
        tile.state,
        t(lang, "revision"),
        t(
            lang,
            match (tile.broken, tile.healthy) {
                (true, _) => "serves_errors_tile",
                (_, true) => "healthy",
                _ => "unhealthy",
            }
        )
    );
    html! {
        <li key={tile.id.clone()}>
            <button
                type="button"
                class={class}
                data-testid="instance"
                data-state={tile.state}
                data-revision={tile.revision.clone()}
                data-healthy={tile.healthy.to_string()}
                data-broken={tile.broken.to_string()}
                title={tile.id.clone()}
                aria-label={aria}
                {onclick}
            >
                <span class={classes!("rev", format!("rev-{rev_index}"))}>{ label }</span>{ " " }
                <span class="cpu">{ cpu }</span>
            </button>
        </li>
    }
}

/// "Pending:Wait" -> "pending-wait", usable in a class name.
fn css_ident(state: &str) -> String {
    state
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::css_ident;

    #[wasm_bindgen_test]
    fn lifecycle_states_become_class_names() {
        assert_eq!(css_ident("InService"), "inservice");
        assert_eq!(css_ident("Pending:Wait"), "pending-wait");
        assert_eq!(css_ident("Terminating:Proceed"), "terminating-proceed");
    }
}
