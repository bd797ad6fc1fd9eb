//! The language switch (English / 한국어).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{t, Lang};

pub fn lang_select(lang: Lang, on_change: &Callback<Lang>) -> Html {
    let onchange = {
        let cb = on_change.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(lang) = Lang::from_code(&select.value()) {
                cb.emit(lang);
            }
        })
    };
    html! {
        <label class="lang">
            <span class="sr-only">{ t(lang, "language") }</span>
            <select data-testid="lang-select" aria-label={t(lang, "language")} {onchange}>
                <option value="en" selected={lang == Lang::En} lang="en">{ "English" }</option>
                <option value="ko" selected={lang == Lang::Ko} lang="ko">{ "한국어" }</option>
            </select>
        </label>
    }
}
