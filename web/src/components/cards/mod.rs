//! The scenario's editable cards, in the order of the story: AMI -> launch template or
//! configuration -> Auto Scaling group -> policies and alarms -> CodeDeploy / delivery, plus the
//! load pattern and the modelling assumptions. Each card edits the draft scenario through
//! [`super::fields::Fields`] and shows the core's validation messages next to each field.

pub mod ami_card;
pub mod assumptions_card;
pub mod delivery_card;
pub mod group_card;
pub mod launch_card;
pub mod load_card;
pub mod policies_card;

use yew::prelude::*;

use super::fields::{CardProps, Fields};
use crate::i18n::Lang;
use crate::state::TemplateView;

#[derive(Clone, Properties)]
pub struct Props {
    pub card: CardProps,
    /// The running simulation's launch template (with versions created live).
    pub live: Option<TemplateView>,
    /// Each alarm's name and live state.
    pub alarm_states: Vec<(String, &'static str)>,
    /// Create a new launch template version with this image, as the default.
    pub on_new_version: Callback<String>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        // `on_new_version` is new on every render but only captures the engine: left out.
        self.card == other.card
            && self.live == other.live
            && self.alarm_states == other.alarm_states
    }
}

/// All the cards, in the order of the story. One component (each card is a function in its
/// own file): the cards re-render only when the draft, its problems or the live bits change.
#[function_component(Cards)]
pub fn cards(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let new_image = use_state(|| None::<String>);
    let f = Fields::new(lang, &props.card);
    html! {
        <div class="cards">
            { ami_card::ami_card(&f) }
            { launch_card::launch_card(&f, props.live.as_ref(), &props.on_new_version, &new_image) }
            { group_card::group_card(&f) }
            { policies_card::policies_card(&f, &props.alarm_states) }
            { delivery_card::delivery_card(&f) }
            { load_card::load_card(&f) }
            { assumptions_card::assumptions_card(&f) }
        </div>
    }
}

/// `(value, shown)` options from plain strings.
pub(crate) fn opts(values: &[&str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect()
}
