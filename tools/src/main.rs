//! The import/export web worker. Trunk builds it as a worker (`index.html`), named
//! `scaleout-tools_loader.js`; the page starts it on the first import or export
//! (`web/src/share/tools.rs`). It says `ready` once it can take requests, then answers each
//! text message with [`scaleout_tools::handle`]'s reply.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let reply = match e.data().as_string() {
            Some(request) => scaleout_tools::handle(&request),
            None => r#"{"ok":false,"error":"bad request: not text"}"#.to_string(),
        };
        // A page that went away cannot be told; nothing else can fail here.
        let _ = reply_to.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// Natively there is nothing to run: the tools' logic is `scaleout_tools::handle`, tested
/// with `cargo test -p scaleout-tools`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
