//! Component tests of sharing, presets and files in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use scaleout_web::components::{FileMenu, PresetSelect, ShareDialog};
use scaleout_web::i18n::Lang;
use scaleout_web::share::tools::Notes;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn new_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn by_testid(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
}

#[derive(Properties, PartialEq)]
struct ShareHost {
    payload: String,
}

#[function_component(ShareHostView)]
fn share_host(props: &ShareHost) -> Html {
    html! {
        <ShareDialog lang={Lang::En} base="https://x.example/sim/" payload={props.payload.clone()}
            name="demo" now_s={Callback::from(|()| 600u64)} />
    }
}

#[wasm_bindgen_test]
async fn share_shows_the_link_its_length_and_warns_when_long() {
    let root = new_root();
    yew::Renderer::<ShareHostView>::with_root_and_props(
        root.clone(),
        ShareHost {
            payload: "AQID".into(),
        },
    )
    .render();
    yew::scheduler::flush().await;
    let url: HtmlInputElement = by_testid(&root, "share-url").unwrap().dyn_into().unwrap();
    assert_eq!(url.value(), "https://x.example/sim/#s=AQID");
    let len = by_testid(&root, "share-length").unwrap();
    assert_eq!(len.get_attribute("data-length").as_deref(), Some("29"));
    assert!(by_testid(&root, "share-warning").is_none());

    let long = new_root();
    yew::Renderer::<ShareHostView>::with_root_and_props(
        long.clone(),
        ShareHost {
            payload: "A".repeat(2100),
        },
    )
    .render();
    yew::scheduler::flush().await;
    assert!(by_testid(&long, "share-warning").is_some());
}

#[wasm_bindgen_test]
async fn preset_select_lists_the_twelve_stories_and_explains_the_active_one_in_korean() {
    let root = new_root();
    let chosen = Rc::new(RefCell::new(None));
    #[derive(Properties, PartialEq)]
    struct P {
        chosen: Rc<RefCell<Option<&'static str>>>,
    }
    #[function_component(Host)]
    fn host(props: &P) -> Html {
        let chosen = props.chosen.clone();
        html! {
            <PresetSelect lang={Lang::Ko} active={Some("codedeploy")}
                on_select={Callback::from(move |id| *chosen.borrow_mut() = Some(id))} />
        }
    }
    yew::Renderer::<Host>::with_root_and_props(
        root.clone(),
        P {
            chosen: chosen.clone(),
        },
    )
    .render();
    yew::scheduler::flush().await;
    let select: HtmlSelectElement = by_testid(&root, "preset-select")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        select.length(),
        17,
        "the seven EC2, four ECS and five EKS presets and 'your own scenario'"
    );
    assert_eq!(select.value(), "codedeploy");
    let explanation = by_testid(&root, "preset-explanation")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(explanation.contains("CodeDeploy"), "{explanation}");
    assert!(
        explanation
            .chars()
            .any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)),
        "{explanation}"
    );

    select.set_value("jdk11-loop");
    let event = web_sys::Event::new("change").unwrap();
    select.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(*chosen.borrow(), Some("jdk11-loop"));
}

#[wasm_bindgen_test]
async fn file_menu_shows_why_a_file_was_refused() {
    let root = new_root();
    #[function_component(Host)]
    fn host() -> Html {
        html! {
            <FileMenu lang={Lang::En} on_download_json={Callback::noop()} on_upload_json={Callback::noop()}
                on_export_csv={Callback::noop()} on_export_png={Callback::noop()}
                problems={Rc::new(Notes::rejected(vec!["x.json:".to_string(), "group.max_size: too small".to_string()]))}
                on_dismiss={Callback::noop()} on_import={Callback::noop()} on_export={Callback::noop()} />
        }
    }
    yew::Renderer::<Host>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let banner = by_testid(&root, "error-banner")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(banner.contains("group.max_size"), "{banner}");
    assert!(
        by_testid(&root, "import-notes").is_none(),
        "a refusal is an alert, not notes"
    );
    for id in [
        "download-json",
        "upload-json",
        "export-csv",
        "export-png",
        "import-button",
        "export-format",
        "export-button",
    ] {
        assert!(by_testid(&root, id).is_some(), "{id}");
    }
}
