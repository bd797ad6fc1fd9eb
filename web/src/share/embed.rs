//! Embed mode: `?embed=1` shows a scenario with minimal chrome inside someone's blog
//! post. It plays while the reader can see it and pauses when they scroll away
//! (IntersectionObserver), respects `prefers-reduced-motion`, and makes no network requests.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::Callback;

use crate::share::url_state::ViewOptions;

/// Whether the page should start playing on its own.
pub fn wants_autoplay(view: &ViewOptions, reduced_motion: bool) -> bool {
    view.autoplay.unwrap_or(view.embed && !reduced_motion)
}

/// The reader asked the system for less motion.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Marks the document for embed styles and the theme: `<html data-embed="min" data-theme="dark">`.
pub fn mark_document(view: &ViewOptions) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    if view.embed {
        let controls = match view.controls {
            crate::share::url_state::Controls::Min => "min",
            crate::share::url_state::Controls::Full => "full",
        };
        let _ = root.set_attribute("data-embed", controls);
    }
    if let Some(theme) = view.theme {
        let _ = root.set_attribute("data-theme", theme);
    }
    if let Some(lang) = view.lang {
        let _ = root.set_attribute("lang", lang.code());
    }
}

type EntriesClosure = Closure<dyn FnMut(js_sys::Array)>;

/// Calls back with `true`/`false` as the document scrolls into and out of the reader's view
/// (for an iframe: its part of the host page's viewport). Disconnects when dropped.
pub struct VisibilityObserver {
    observer: web_sys::IntersectionObserver,
    _closure: EntriesClosure,
}

impl VisibilityObserver {
    pub fn new(on_change: Callback<bool>) -> Option<VisibilityObserver> {
        let target = web_sys::window()?.document()?.document_element()?;
        let last = Rc::new(Cell::new(None::<bool>));
        let marked = target.clone();
        let closure = EntriesClosure::new(move |entries: js_sys::Array| {
            let Some(entry) = entries
                .iter()
                .last()
                .and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
            else {
                return;
            };
            let visible = entry.is_intersecting() && entry.intersection_ratio() > 0.0;
            if last.replace(Some(visible)) != Some(visible) {
                // `<html data-visible>`: what the observer last said (tests wait on it).
                let _ =
                    marked.set_attribute("data-visible", if visible { "true" } else { "false" });
                on_change.emit(visible);
            }
        });
        let observer = web_sys::IntersectionObserver::new(closure.as_ref().unchecked_ref()).ok()?;
        observer.observe(&target);
        Some(VisibilityObserver {
            observer,
            _closure: closure,
        })
    }
}

impl Drop for VisibilityObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn autoplay_rules() {
        let embed = ViewOptions {
            embed: true,
            ..ViewOptions::default()
        };
        assert!(wants_autoplay(&embed, false));
        assert!(!wants_autoplay(&embed, true), "reduced motion: no autoplay");
        let forced = ViewOptions {
            autoplay: Some(true),
            ..ViewOptions::default()
        };
        assert!(wants_autoplay(&forced, true));
        assert!(!wants_autoplay(&ViewOptions::default(), false));
    }
}
