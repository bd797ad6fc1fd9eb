//! The stories of PRODUCT.md, one click each: a select of the seven presets from
//! [`scaleout_core::presets`], and the chosen one's two-sentence explanation, in the page's
//! language.

use scaleout_core::presets::{self, Preset};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub lang: Lang,
    /// The preset the running scenario came from, if any.
    pub active: Option<&'static str>,
    pub on_select: Callback<&'static str>,
}

pub fn title(p: &Preset, lang: Lang) -> &'static str {
    match lang {
        Lang::En => p.title_en,
        Lang::Ko => p.title_ko,
    }
}

pub fn explanation(p: &Preset, lang: Lang) -> &'static str {
    match lang {
        Lang::En => p.explain_en,
        Lang::Ko => p.explain_ko,
    }
}

#[function_component(PresetSelect)]
pub fn preset_select(props: &Props) -> Html {
    let all = use_memo((), |_| presets::all());
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
            if let Some(p) = all.iter().find(|p| p.id == value) {
                on_select.emit(p.id);
            }
        })
    };
    let lang = props.lang;
    let active = props.active.and_then(|id| all.iter().find(|p| p.id == id));
    html! {
        <div class="preset-select">
            <label>
                { t(lang, "preset_label") }{ " " }
                <select ref={select_ref} data-testid="preset-select" {onchange}>
                    <option value="" selected={active.is_none()}>{ t(lang, "preset_custom") }</option>
                    { for all.iter().map(|p| html! {
                        <option value={p.id} selected={props.active == Some(p.id)}>{ title(p, lang) }</option>
                    }) }
                </select>
            </label>
            if let Some(p) = active {
                <p class="preset-explain" data-testid="preset-explanation">
                    <strong>{ title(p, lang) }</strong>{ " " }{ explanation(p, lang) }
                </p>
            }
        </div>
    }
}
