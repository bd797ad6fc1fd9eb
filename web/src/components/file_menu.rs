//! Files: download and upload the scenario JSON, export the run as CSV and the charts
//! as PNG. The work itself is in [`crate::share::files`]; this is the row of buttons.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub lang: Lang,
    pub on_download_json: Callback<()>,
    pub on_upload_json: Callback<web_sys::File>,
    pub on_export_csv: Callback<()>,
    pub on_export_png: Callback<()>,
    /// Why the last uploaded file was refused; shown in `error-banner` until dismissed.
    pub problems: Rc<Vec<String>>,
    pub on_dismiss: Callback<()>,
}

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
        </div>
        if !props.problems.is_empty() {
            <div class="error-banner" data-testid="error-banner" role="alert">
                <strong>{ t(lang, "file_rejected") }</strong>
                <ul>
                    { for props.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                </ul>
                <button type="button" class="link" onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>
                    { t(lang, "dismiss") }
                </button>
            </div>
        }
        </>
    }
}
