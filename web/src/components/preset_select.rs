//! The platform (EC2, ECS or EKS: `platform-select`) and the stories of PRODUCT.md, one click each: a
//! select of the presets, grouped by platform, from
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
    /// The running scenario is an EKS one (it has a `kubernetes` section).
    #[prop_or_default]
    pub eks: bool,
    /// The running scenario is an ECS one (it has an `ecs` section).
    #[prop_or_default]
    pub ecs: bool,
    /// The platform control chose "EC2", "ECS" or "EKS".
    #[prop_or_default]
    pub on_platform: Callback<&'static str>,
}

#[function_component(PresetSelect)]
pub fn preset_select(props: &Props) -> Html {
    // (id, platform) in the core's order.
    let all = use_memo((), |_| {
        presets::all()
            .into_iter()
            .map(|p| (p.id, platform_of(presets::is_eks(&p), presets::is_ecs(&p))))
            .collect::<Vec<_>>()
    });
    let platform = platform_of(props.eks, props.ecs);
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
            if let Some((id, _)) = all.iter().find(|(id, _)| *id == value) {
                on_select.emit(id);
            }
        })
    };
    let lang = props.lang;
    let active = props.active;
    let platform_ref = use_node_ref();
    {
        // The platform follows the running scenario (a preset, a link, a file, reset).
        let platform_ref = platform_ref.clone();
        use_effect_with(platform, move |platform| {
            if let Some(select) = platform_ref.cast::<HtmlSelectElement>() {
                select.set_value(platform);
            }
        });
    }
    let on_platform = {
        let cb = props.on_platform.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            cb.emit(PLATFORMS.into_iter().find(|p| *p == value).unwrap_or("EC2"));
        })
    };
    let group = |name: &'static str| {
        html! {
            <optgroup label={name}>
                { for all.iter().filter(|(_, p)| *p == name).map(|(id, _)| html! {
                    <option value={*id} selected={active == Some(*id)}>{ title(id, lang) }</option>
                }) }
            </optgroup>
        }
    };
    html! {
        <div class="preset-select">
            <label>
                { t(lang, "platform") }{ " " }
                <select ref={platform_ref} data-testid="platform-select" onchange={on_platform}>
                    { for PLATFORMS.into_iter().map(|p| html! {
                        <option value={p} selected={platform == p}>{ p }</option>
                    }) }
                </select>
            </label>{ " " }
            <label>
                { t(lang, "preset_label") }{ " " }
                <select ref={select_ref} data-testid="preset-select" {onchange}>
                    <option value="" selected={active.is_none()}>{ t(lang, "preset_custom") }</option>
                    { for PLATFORMS.into_iter().map(group) }
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

/// The platforms, in the select's order.
const PLATFORMS: [&str; 3] = ["EC2", "ECS", "EKS"];

fn platform_of(eks: bool, ecs: bool) -> &'static str {
    match (eks, ecs) {
        (true, _) => "EKS",
        (_, true) => "ECS",
        _ => "EC2",
    }
}
