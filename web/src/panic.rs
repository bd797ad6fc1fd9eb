//! Never a frozen page: a panic anywhere in the page writes an `error-banner` straight into the
//! DOM (Yew may be mid-render and the wasm instance is about to stop, so nothing here goes
//! through Yew), with a "reset scenario" link that reloads the page without the scenario in the
//! fragment.

use crate::i18n::{lang_from_page, t};

/// Installs the hook once, at start.
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        show_crash_banner(&info.to_string());
        previous(info);
    }));
}

/// Writes the banner at the top of `<body>`. Never panics itself.
pub fn show_crash_banner(message: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let lang = lang_from_page();
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    let _ = banner.set_attribute("class", "error-banner crash");
    let _ = banner.set_attribute("data-testid", "error-banner");
    let _ = banner.set_attribute("role", "alert");
    if let Ok(strong) = document.create_element("strong") {
        strong.set_text_content(Some(t(lang, "crashed")));
        let _ = banner.append_child(&strong);
    }
    if let Ok(pre) = document.create_element("pre") {
        pre.set_text_content(Some(message));
        let _ = banner.append_child(&pre);
    }
    // A plain link works after the wasm instance has stopped: the page without `#s=...`,
    // keeping view options such as `?lang=ko`.
    if let Ok(reset) = document.create_element("a") {
        let location = window.location();
        let href = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = reset.set_attribute("href", &href);
        let _ = reset.set_attribute("data-testid", "reset-scenario");
        let _ = reset.set_attribute("class", "button");
        reset.set_text_content(Some(t(lang, "reset_scenario")));
        let _ = banner.append_child(&reset);
    }
    let _ = body.insert_before(&banner, body.first_child().as_ref());
}
