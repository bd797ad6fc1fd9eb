//! Share: the link to the current run (`share-url`) with a length meter and a copy
//! button (`share-button`), and the Embed dialog with the iframe snippet (`embed-code`).
//! The link is the page URL itself (the fragment is kept current), so what is shown here is
//! what the address bar holds.

use scaleout_core::SimTime;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{count, t, Lang};
use crate::share::url_state::{embed_url, iframe_snippet, share_url, LONG_URL_CHARS};

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct Props {
    pub lang: Lang,
    /// The page address without query or fragment.
    pub base: String,
    /// The current link payload (`#s=` value).
    pub payload: String,
    /// The scenario's name, for the iframe's title.
    pub name: String,
    /// Simulated seconds now, asked for when the reader wants the link to open at this moment.
    pub now_s: Callback<(), u64>,
}

/// Writes `text` to the clipboard; falls back to selecting `input` and `execCommand('copy')`.
fn copy(text: &str, input: Option<HtmlInputElement>) -> bool {
    let clipboard = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
        .filter(|c| !c.is_undefined() && !c.is_null());
    if let Some(clipboard) = clipboard {
        let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(write) = write {
            if let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) {
                if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                    // A refused permission rejects later (handled here, so nothing is logged);
                    // the selected field is the fallback.
                    wasm_bindgen_futures::spawn_local(async move {
                        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                    });
                }
                if let Some(input) = input {
                    input.select();
                }
                return true;
            }
        }
    }
    if let Some(input) = input {
        input.select();
    }
    false
}

#[function_component(ShareDialog)]
pub fn share_dialog(props: &Props) -> Html {
    let lang = props.lang;
    // The moment the copied link opens at (`None`: 0:00), set by the copy button.
    let at_s = use_state_eq(|| None::<u64>);
    // The link that was copied last: the button says "Copied" while the field shows it.
    let copied = use_state_eq(|| None::<String>);
    let embed_open = use_state(|| false);
    let url_ref = use_node_ref();
    {
        // A new run (an action, a restart) is a new link: it opens at 0:00 until copied again.
        let at_s = at_s.clone();
        use_effect_with(props.payload.clone(), move |_| at_s.set(None));
    }

    let url = share_url(&props.base, &props.payload, *at_s);
    let len = url.chars().count();
    let too_long = len > LONG_URL_CHARS;

    // Copy takes the run's time at the click: the link opens where the reader is.
    let on_copy = {
        let (base, payload, now_s) = (
            props.base.clone(),
            props.payload.clone(),
            props.now_s.clone(),
        );
        let (at_s, copied, url_ref) = (at_s.clone(), copied.clone(), url_ref.clone());
        Callback::from(move |_: MouseEvent| {
            let now = Some(now_s.emit(())).filter(|t| *t > 0);
            let url = share_url(&base, &payload, now);
            copy(&url, url_ref.cast::<HtmlInputElement>());
            at_s.set(now);
            copied.set(Some(url));
        })
    };
    let on_embed = {
        let embed_open = embed_open.clone();
        Callback::from(move |_: MouseEvent| embed_open.set(!*embed_open))
    };
    let on_select_all = Callback::from(|e: FocusEvent| {
        if let Some(el) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            el.select();
        } else if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
            el.select();
        }
    });
    let snippet = iframe_snippet(
        &embed_url(&props.base, &props.payload, Some(lang)),
        &props.name,
    );
    let meter_class = if too_long {
        "link-meter long"
    } else {
        "link-meter"
    };
    let opens_at = format!(
        "{} {}{}",
        t(lang, "opens_at"),
        SimTime::from_secs(at_s.unwrap_or(0)).clock(),
        if at_s.is_none() {
            format!(" {}", t(lang, "opens_at_copy"))
        } else {
            String::new()
        }
    );

    html! {
        <div class="share">
            <div class="share-row">
                <label for="share-url">{ t(lang, "share_link") }</label>
                <input id="share-url" ref={url_ref} data-testid="share-url" type="text" readonly=true
                    value={url.clone()} onfocus={on_select_all.clone()} />
                <button type="button" data-testid="share-button" onclick={on_copy}>
                    { if copied.as_deref() == Some(url.as_str()) { t(lang, "copied") } else { t(lang, "copy_link") } }
                </button>
                <button type="button" data-testid="embed-button" aria-expanded={embed_open.to_string()}
                    onclick={on_embed}>
                    { t(lang, "embed") }
                </button>
            </div>
            <div class={meter_class}>
                <meter min="0" max={(LONG_URL_CHARS * 2).to_string()} low={(LONG_URL_CHARS * 3 / 4).to_string()}
                    high={LONG_URL_CHARS.to_string()} optimum="0" value={len.to_string()}
                    aria-label={t(lang, "share_link")} />
                <span data-testid="share-length" data-length={len.to_string()}>
                    { count(lang, len, "characters") }
                </span>
                <span data-testid="share-opens-at">{ opens_at }</span>
                if too_long {
                    <p class="warning" data-testid="share-warning" role="status">{ t(lang, "link_too_long") }</p>
                }
            </div>
            if *embed_open {
                <div class="embed-dialog" role="dialog" aria-label={t(lang, "embed")}>
                    <p>{ t(lang, "embed_help") }</p>
                    <textarea data-testid="embed-code" readonly=true rows="3" value={snippet}
                        onfocus={on_select_all} />
                </div>
            }
        </div>
    }
}

#[derive(Clone, Debug, PartialEq, Properties)]
pub struct OpenFullProps {
    pub lang: Lang,
    pub base: String,
    pub payload: String,
    pub now_s: Callback<(), u64>,
}

/// The embed's way out: the same run in the full page, in a new tab, at the current time.
#[function_component(OpenInFull)]
pub fn open_in_full(props: &OpenFullProps) -> Html {
    let href = share_url(&props.base, &props.payload, None);
    // The link opens at the moment the reader clicked, not the moment it was drawn.
    let onclick = {
        let base = props.base.clone();
        let payload = props.payload.clone();
        let now_s = props.now_s.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(a) = e.target_dyn_into::<web_sys::HtmlAnchorElement>() {
                a.set_href(&share_url(&base, &payload, Some(now_s.emit(()))));
            }
        })
    };
    html! {
        <a class="open-full" data-testid="open-full" {href} target="_blank" rel="noopener" {onclick}>
            { t(props.lang, "open_full") }{ " \u{2197}" }
        </a>
    }
}
