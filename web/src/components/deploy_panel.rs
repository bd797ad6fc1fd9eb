//! The Deploy action: pick a revision (the broken ones included, marked) and release it by the
//! scenario's delivery method.

use scaleout_core::scenario::{DeliveryMethod, RevisionFailure, RevisionSpec};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};

#[derive(Clone, PartialEq, Properties)]
pub struct Props {
    pub revisions: Vec<RevisionSpec>,
    pub method: DeliveryMethod,
    /// The deployment group's last successful revision ("" = none yet).
    pub last_successful: String,
    pub on_deploy: Callback<String>,
}

/// " (broken: fails at ApplicationStart)" and friends, for the picker.
fn note(lang: Lang, r: &RevisionSpec) -> String {
    let mut notes = Vec::new();
    match &r.failure {
        RevisionFailure::None => {}
        RevisionFailure::AtEvent(e) => {
            notes.push(format!("{} {}", t(lang, "fails_at"), e.as_str()))
        }
        RevisionFailure::Probability(p) => {
            notes.push(format!("{} {p}%", t(lang, "fails_sometimes")))
        }
        RevisionFailure::ServesErrors => notes.push(t(lang, "serves_errors").to_string()),
    }
    if !r.requires.is_empty() {
        notes.push(format!("{} {}", t(lang, "needs"), r.requires.join(", ")));
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    }
}

#[function_component(DeployPanel)]
pub fn deploy_panel(props: &Props) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let picked = use_state(|| None::<String>);
    let current = (*picked)
        .clone()
        .filter(|p| props.revisions.iter().any(|r| &r.label == p))
        .or_else(|| {
            props
                .revisions
                .get(1)
                .or(props.revisions.first())
                .map(|r| r.label.clone())
        })
        .unwrap_or_default();
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            picked.set(Some(select.value()));
        })
    };
    let on_click = {
        let cb = props.on_deploy.clone();
        let current = current.clone();
        Callback::from(move |_: MouseEvent| {
            if !current.is_empty() {
                cb.emit(current.clone());
            }
        })
    };
    let how = match props.method {
        DeliveryMethod::NoAutomation => "deploy_how_none",
        DeliveryMethod::UserData => "deploy_how_user_data",
        DeliveryMethod::CodeDeploy => "deploy_how_codedeploy",
        DeliveryMethod::BakeAmi => "deploy_how_bake",
    };
    html! {
        <div class="deploy">
            <label for="revision-picker">{ t(lang, "revision") }</label>
            <select id="revision-picker" data-testid="revision-picker" onchange={on_pick}>
                { for props.revisions.iter().map(|r| {
                    let broken = !matches!(r.failure, RevisionFailure::None);
                    html! {
                        <option value={r.label.clone()} selected={r.label == current}
                            class={classes!(broken.then_some("broken"))}>
                            { format!("{}{}", r.label, note(lang, r)) }
                        </option>
                    }
                }) }
            </select>
            <button type="button" data-testid="deploy-button" onclick={on_click} disabled={current.is_empty()}>
                { t(lang, "deploy") }
            </button>
            <span class="hint">{ t(lang, how) }</span>
            <span class="hint" data-testid="last-successful">
                { format!("{}: {}", t(lang, "last_successful"),
                    if props.last_successful.is_empty() { "-" } else { props.last_successful.as_str() }) }
            </span>
        </div>
    }
}
