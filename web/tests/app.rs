//! Component tests: the real app rendered into a div in headless Chromium (wasm-bindgen-test).
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p scaleout-web`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use scaleout_core::Scenario;
use scaleout_web::{App, AppProps, ScenarioProp};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Renders the app (demo scenario, fixed seed) into a fresh div and waits for the first render.
async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        scenario: Some(ScenarioProp(Rc::new(Scenario::demo()))),
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn by_testid(root: &Element, id: &str) -> Element {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

fn text(root: &Element, id: &str) -> String {
    by_testid(root, id).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn load_slider_updates_the_displayed_load() {
    let root = mount().await;
    let slider: HtmlInputElement = by_testid(&root, "load-slider").dyn_into().unwrap();
    assert_eq!(slider.type_(), "range");

    let max: f64 = slider.max().parse().unwrap();
    assert!(max > 0.0, "slider has a positive maximum, got {max}");
    // A value on the slider's step grid that differs from the current one.
    let target = (max / 2.0).round();
    let before = text(&root, "load-value");
    assert_ne!(before, format!("{target:.0}"));

    slider.set_value(&target.to_string());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    slider.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;

    let shown: f64 = text(&root, "load-value").trim().parse().unwrap();
    let step: f64 = slider.step().parse().unwrap();
    assert!(
        (shown - target).abs() <= step,
        "displayed load {shown} should follow the slider ({target}, step {step})"
    );
}

#[wasm_bindgen_test]
async fn step_advances_the_clock_by_sixty_seconds() {
    let root = mount().await;
    assert_eq!(text(&root, "sim-clock"), "00:00:00");

    let step: HtmlElement = by_testid(&root, "step").dyn_into().unwrap();
    step.click();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "sim-clock"), "00:01:00");

    step.click();
    step.click();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "sim-clock"), "00:03:00");
}

#[wasm_bindgen_test]
async fn renders_the_controls_and_one_tile_per_instance() {
    let root = mount().await;
    for id in [
        "play-pause",
        "speed",
        "instance-grid",
        "desired-capacity",
        "in-service-count",
        "activity-log",
    ] {
        by_testid(&root, id);
    }
    assert!(root
        .query_selector("[data-testid=\"error-banner\"]")
        .unwrap()
        .is_none());

    let tiles = root
        .query_selector_all("[data-testid=\"instance\"]")
        .unwrap();
    assert!(tiles.length() > 0, "the demo group starts with instances");
    for i in 0..tiles.length() {
        let tile: Element = tiles.item(i).unwrap().dyn_into().unwrap();
        assert!(!tile
            .get_attribute("data-state")
            .unwrap_or_default()
            .is_empty());
        assert!(tile.has_attribute("data-revision"));
        assert!(tile
            .get_attribute("title")
            .unwrap_or_default()
            .starts_with("i-"));
    }
    let desired: u32 = text(&root, "desired-capacity").trim().parse().unwrap();
    assert!(desired >= 1);
}

#[wasm_bindgen_test]
async fn an_invalid_scenario_shows_the_error_banner_and_falls_back_to_the_demo() {
    let mut scenario = Scenario::demo();
    scenario.group.min_size = 5;
    scenario.group.max_size = 1;

    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        scenario: Some(ScenarioProp(Rc::new(scenario))),
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;

    let banner = text(&root, "error-banner");
    assert!(
        banner.contains("min_size") || banner.contains("max_size"),
        "the banner names the field: {banner}"
    );
    // The page never blanks: the default scenario runs underneath.
    by_testid(&root, "load-slider");
    assert_eq!(text(&root, "sim-clock"), "00:00:00");
}
