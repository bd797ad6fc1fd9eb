//! One tile per instance, grouped by availability zone, coloured by lifecycle state and marked
//! with its revision and health.

use yew::prelude::*;

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
}

#[function_component(InstanceGrid)]
pub fn instance_grid(props: &Props) -> Html {
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
                <p class="empty">{ "No instances" }</p>
            }
            <ul class="legend" aria-label="Lifecycle states">
                { for LEGEND.iter().map(|(state, class)| html! {
                    <li><span class={classes!("swatch", *class)}></span>{ *state }</li>
                }) }
            </ul>
            { for zones.into_iter().map(|(az, tiles)| html! {
                <section class="az" key={az.to_string()}>
                    <h3>{ az }</h3>
                    <ul>
                        { for tiles.into_iter().map(tile_view) }
                    </ul>
                </section>
            }) }
        </div>
    }
}

fn tile_view(tile: &Tile) -> Html {
    let class = classes!(
        "instance",
        format!("state-{}", css_ident(tile.state)),
        (!tile.healthy).then_some("unhealthy"),
    );
    let label = if tile.revision.is_empty() {
        "-".to_string()
    } else {
        tile.revision.clone()
    };
    let title = tile.id.clone();
    html! {
        <li
            key={tile.id.clone()}
            class={class}
            data-testid="instance"
            data-state={tile.state}
            data-revision={tile.revision.clone()}
            {title}
        >
            <span class="rev">{ label }</span>
            <span class="cpu">{ format!("{:.0}%", tile.cpu) }</span>
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
