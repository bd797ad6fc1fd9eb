//! `use_animation_frame`: calls back once per `requestAnimationFrame` while active, with the real
//! milliseconds elapsed since the previous frame (0 on the first frame after starting).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The browser-facing frame callback; its argument is the rAF timestamp in ms.
type FrameClosure = Closure<dyn FnMut(f64)>;

/// The running loop: its pending frame request and the closure the browser calls.
struct FrameLoop {
    request_id: Cell<Option<i32>>,
    last_ts: Cell<Option<f64>>,
    closure: RefCell<Option<FrameClosure>>,
    on_frame: Rc<RefCell<Callback<f64>>>,
}

impl FrameLoop {
    fn request(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(closure) = self.closure.borrow().as_ref() {
            if let Ok(id) = window.request_animation_frame(closure.as_ref().unchecked_ref()) {
                self.request_id.set(Some(id));
            }
        }
    }

    fn stop(&self) {
        if let (Some(window), Some(id)) = (web_sys::window(), self.request_id.take()) {
            let _ = window.cancel_animation_frame(id);
        }
        // Dropping the closure breaks the Rc cycle (the closure holds the loop).
        self.closure.borrow_mut().take();
    }
}

/// Runs `on_frame(elapsed_ms)` on every animation frame while `active` is true. The latest
/// `on_frame` is always the one called, so it may capture props and state freely.
#[hook]
pub fn use_animation_frame(active: bool, on_frame: Callback<f64>) {
    let latest = use_mut_ref(|| on_frame.clone());
    *latest.borrow_mut() = on_frame;

    use_effect_with(active, move |&active| {
        let frame_loop = active.then(|| {
            let frame_loop = Rc::new(FrameLoop {
                request_id: Cell::new(None),
                last_ts: Cell::new(None),
                closure: RefCell::new(None),
                on_frame: latest,
            });
            let inner = Rc::clone(&frame_loop);
            let closure = FrameClosure::new(move |ts: f64| {
                let elapsed = inner
                    .last_ts
                    .replace(Some(ts))
                    .map_or(0.0, |prev| (ts - prev).max(0.0));
                // Ask for the next frame first: the callback may re-render, and a panic there
                // should not be the reason the loop stops.
                inner.request();
                let cb = inner.on_frame.borrow().clone();
                cb.emit(elapsed);
            });
            frame_loop.closure.replace(Some(closure));
            frame_loop.request();
            frame_loop
        });
        move || {
            if let Some(frame_loop) = frame_loop {
                frame_loop.stop();
            }
        }
    });
}
