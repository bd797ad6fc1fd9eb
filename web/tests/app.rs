//! Component tests: the real app rendered into a div in headless Chromium (wasm-bindgen-test).
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p scaleout-web`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use scaleout_core::Scenario;
use scaleout_web::i18n::Lang;
use scaleout_web::{App, AppProps, ScenarioProp};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Renders the app (demo scenario, fixed seed) into a fresh div and waits for the first render.
async fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        scenario: Some(ScenarioProp(Rc::new(Scenario::demo()))),
        lang: Some(Lang::En),
        boot: None,
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
        lang: Some(Lang::En),
        boot: None,
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

/// Fires a bubbling DOM event of `kind` on `el`.
fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn an_invalid_edit_shows_the_core_message_next_to_its_field_and_the_run_goes_on() {
    let root = mount().await;
    let min: HtmlInputElement = root
        .query_selector("input[data-path=\"group.min_size\"]")
        .unwrap()
        .expect("the group card has a min size field")
        .dyn_into()
        .unwrap();
    let step: HtmlElement = by_testid(&root, "step").dyn_into().unwrap();
    step.click();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "sim-clock"), "00:01:00");

    // Min above max (10): the core's message appears inside the same field, tied to the input.
    min.set_value("50");
    fire(&min, "change");
    yew::scheduler::flush().await;
    let field = min.parent_element().unwrap();
    let problem = field
        .query_selector("[data-testid=\"field-problem\"]")
        .unwrap()
        .expect("a problem next to the min size field");
    let message = problem.text_content().unwrap_or_default();
    assert!(
        message.contains("must be greater than or equal to min bound"),
        "the core's wording: {message}"
    );
    assert_eq!(min.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        min.get_attribute("aria-describedby"),
        Some(problem.id()),
        "the message describes the input"
    );
    // The simulation keeps running the last valid scenario: not restarted.
    assert_eq!(text(&root, "sim-clock"), "00:01:00");
    assert!(text(&root, "edit-status").starts_with('1'));

    // A valid value restarts the simulation from t = 0 with the edited scenario.
    min.set_value("3");
    fire(&min, "change");
    yew::scheduler::flush().await;
    assert!(root
        .query_selector("[data-testid=\"field-problem\"]")
        .unwrap()
        .is_none());
    assert_eq!(text(&root, "sim-clock"), "00:00:00");
    let desired: u32 = text(&root, "desired-capacity").trim().parse().unwrap();
    assert_eq!(desired, 3);

    // Text that is not a number is reported at the field, in the page's words.
    min.set_value("");
    fire(&min, "change");
    yew::scheduler::flush().await;
    assert!(field
        .query_selector("[data-testid=\"field-problem\"]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn the_language_switch_translates_the_page() {
    let root = mount().await;
    assert_eq!(text(&root, "play-pause").trim(), "Play");
    let select: HtmlSelectElement = by_testid(&root, "lang-select").dyn_into().unwrap();
    select.set_value("ko");
    fire(&select, "change");
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "play-pause").trim(), "재생");
    assert_eq!(text(&root, "deploy-button").trim(), "배포");
    let html = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("ko"));

    select.set_value("en");
    fire(&select, "change");
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "play-pause").trim(), "Play");
}

#[wasm_bindgen_test]
async fn clicking_a_tile_opens_its_details() {
    let root = mount().await;
    let tile: HtmlElement = by_testid(&root, "instance").dyn_into().unwrap();
    let id = tile.get_attribute("title").unwrap();
    tile.click();
    yew::scheduler::flush().await;
    let details = text(&root, "instance-details");
    assert!(details.contains(&id), "{details}");
    assert!(details.contains("ami-"), "shows the AMI: {details}");
    assert!(
        details.contains("web-lt"),
        "shows the launch template version: {details}"
    );
}

#[wasm_bindgen_test]
async fn a_crash_shows_the_error_banner_with_a_reset_link_outside_yew() {
    scaleout_web::panic::show_crash_banner("panicked at src/example.rs:1:1: boom");
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document
        .body()
        .unwrap()
        .first_element_child()
        .expect("the banner is the body's first element");
    assert_eq!(
        banner.get_attribute("data-testid").as_deref(),
        Some("error-banner")
    );
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner.text_content().unwrap_or_default().contains("boom"));
    let reset = banner
        .query_selector("[data-testid=\"reset-scenario\"]")
        .unwrap()
        .expect("a reset link");
    let href = reset.get_attribute("href").unwrap_or_default();
    assert!(
        !href.contains('#'),
        "the reset link drops the scenario fragment: {href}"
    );
    banner.remove();
}
