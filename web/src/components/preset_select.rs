//! The stories of PRODUCT.md, one click each: a select of the seven presets from
//! [`scaleout_core::presets`], and the chosen one's two-sentence explanation, in the page's
//! language (the words are the page's: [`crate::preset_text`]).

use scaleout_core::presets;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::preset_text::{explanation, title};

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub lang: Lang,
    /// The preset the running scenario came from, if any.
    pub active: Option<&'static str>,
    pub on_select: Callback<&'static str>,
}

#[function_component(PresetSelect)]
pub fn preset_select(props: &Props) -> Html {
    let all = use_memo((), |_| {
        presets::all().into_iter().map(|p| p.id).collect::<Vec<_>>()
    });
    let select_ref = use_node_ref();
    {
        // `selected` on an option only sets the initial choice; once the reader has used the
        // select, a restart from elsewhere (a link, a file, reset) must set its value.
        let select_ref = select_ref.clone();
        use_effect_with(props.active, move |active| {
            if let Some(select) = select_ref.cast::<HtmlSelectElement>() {
                select.set_value(active.unwrap_or(""));
            }
        });
    }
    let onchange = {
        let on_select = props.on_select.clone();
        let all = all.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            if let Some(id) = all.iter().find(|id| **id == value) {
                on_select.emit(id);
            }
        })
    };
    let lang = props.lang;
    let active = props.active;
    html! {
        <div class="preset-select">
            <label>
                { t(lang, "preset_label") }{ " " }
                <select ref={select_ref} data-testid="preset-select" {onchange}>
                    <option value="" selected={active.is_none()}>{ t(lang, "preset_custom") }</option>
                    { for all.iter().map(|id| html! {
                        <option value={*id} selected={active == Some(*id)}>{ title(id, lang) }</option>
                    }) }
                </select>
            </label>
            if let Some(id) = active {
                <p class="preset-explain" data-testid="preset-explanation">
                    <strong>{ title(id, lang) }</strong>{ " " }{ explanation(id, lang) }
                </p>
            }
        </div>
    }
}
