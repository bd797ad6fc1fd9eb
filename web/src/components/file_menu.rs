//! Files: download and upload the scenario JSON, export the run as CSV and the charts
//! as PNG. The work itself is in [`crate::share::files`]; this is the row of buttons.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};
use crate::share::tools::Notes;

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub lang: Lang,
    pub on_download_json: Callback<()>,
    pub on_upload_json: Callback<web_sys::File>,
    pub on_export_csv: Callback<()>,
    pub on_export_png: Callback<()>,
    /// Why the last uploaded file was refused; shown in `error-banner` until dismissed.
    pub problems: Rc<Notes>,
    pub on_dismiss: Callback<()>,
    pub on_import: Callback<js_sys::Array>,
    pub on_export: Callback<&'static str>,
    /// The scenario has a `kubernetes` section: its manifests can be exported too.
    #[prop_or_default]
    pub eks: bool,
}

/// The exporters, as (`to`, label key); the last, Kubernetes manifests, only for an EKS scenario.
const EXPORTS: [(&str, &str); 4] = [
    ("cloudformation-yaml", "export_cfn_yaml"),
    ("cloudformation-json", "export_cfn_json"),
    ("terraform", "export_terraform"),
    (KUBERNETES, "export_kubernetes"),
];
const KUBERNETES: &str = "kubernetes";

#[function_component(FileMenu)]
pub fn file_menu(props: &Props) -> Html {
    let lang = props.lang;
    let onchange = {
        let on_upload = props.on_upload_json.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_upload.emit(file);
            }
            // The same file can be chosen again after fixing it.
            input.set_value("");
        })
    };
    let on_import = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files().filter(|f| f.length() > 0) {
                // A copy: clearing the input below empties its list.
                on_import.emit(js_sys::Array::from(&files));
            }
            input.set_value("");
        })
    };
    let export_to = use_mut_ref(|| EXPORTS[0].0);
    let on_export_choice = {
        let export_to = export_to.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            if let Some((to, _)) = EXPORTS.iter().find(|(to, _)| *to == value) {
                *export_to.borrow_mut() = to;
            }
        })
    };
    let eks = props.eks;
    let on_export = {
        let on_export = props.on_export.clone();
        let export_to = export_to.clone();
        Callback::from(move |_: MouseEvent| {
            // Manifests chosen for an EKS run that is no longer one: the select shows the first.
            let to = match *export_to.borrow() {
                KUBERNETES if !eks => EXPORTS[0].0,
                to => to,
            };
            on_export.emit(to);
        })
    };
    let exports = EXPORTS.iter().filter(|(to, _)| eks || *to != KUBERNETES);
    html! {
        <>
        <div class="file-menu" role="group" aria-label={t(lang, "files")}>
            <button type="button" data-testid="download-json"
                onclick={props.on_download_json.reform(|_: MouseEvent| ())}>
                { t(lang, "download_json") }
            </button>
            <label class="button">
                { t(lang, "upload_json") }
                <input type="file" accept=".json,application/json" data-testid="upload-json"
                    class="visually-hidden" {onchange} />
            </label>
            <button type="button" data-testid="export-csv"
                onclick={props.on_export_csv.reform(|_: MouseEvent| ())}>
                { t(lang, "export_csv") }
            </button>
            <button type="button" data-testid="export-png"
                onclick={props.on_export_png.reform(|_: MouseEvent| ())}>
                { t(lang, "export_png") }
            </button>
            <label class="button">
                { t(lang, "import_config") }
                <input type="file" multiple=true data-testid="import-button"
                    accept=".json,.yaml,.yml,.template,.tf,.csv,application/json,text/csv"
                    class="visually-hidden" onchange={on_import} />
            </label>
            <select data-testid="export-format" aria-label={t(lang, "export_format")}
                onchange={on_export_choice}>
                { for exports.map(|(to, key)| html! {
                    <option value={*to} selected={*export_to.borrow() == *to}>{ t(lang, key) }</option>
                }) }
            </select>
            <button type="button" data-testid="export-button" onclick={on_export}>
                { t(lang, "export_iac") }
            </button>
        </div>
        { notice(lang, &props.problems, &props.on_dismiss) }
        </>
    }
}

/// A dismissable list under the file menu: why a file was refused (`error-banner`, an alert) or
/// what an import or export left out (`import-notes`, a status).
fn notice(lang: Lang, n: &Notes, on_dismiss: &Callback<()>) -> Html {
    if n.lines.is_empty() {
        return Html::default();
    }
    let error = n.is_error();
    html! {
        <div class={if error { "error-banner" } else { "tool-notes" }}
            data-testid={if error { "error-banner" } else { "import-notes" }}
            role={if error { "alert" } else { "status" }}>
            <strong>{ t(lang, n.title) }</strong>
            <ul>
                { for n.lines.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
            </ul>
            <button type="button" class="link" onclick={on_dismiss.reform(|_: MouseEvent| ())}>
                { t(lang, "dismiss") }
            </button>
        </div>
    }
}
