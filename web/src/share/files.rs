//! Files for what does not fit a link: the scenario as the runner's JSON (download
//! and upload), the run as CSV (the runner's columns, [`scaleout_core::trace`]), and the charts
//! as PNG. Everything happens in the page: downloads are `blob:`/`data:` URLs clicked on a
//! temporary anchor, uploads are read with `File.text()`; nothing goes over the network.
//!
//! JSON is read with the browser's `JSON.parse` and turned into a scenario by the core's
//! [`wire`] codec, which walks the JSON against the scenario's schema into the link format's
//! bytes: the page carries one copy of the scenario's serde code (the link's), not a second one
//! for files (serde-wasm-bindgen's cost about 29 KB gzip; serde_json's deserializer ~53 KB).
//! Writing walks the link bytes back into the runner's JSON text. 64-bit integers (the seed) are
//! read exactly from `JSON.parse`'s source text (as BigInt) and written as digits.

use std::cell::Cell;
use std::rc::Rc;

use crate::share::js_json;
use scaleout_core::{validate, wire, Scenario, Sim};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse(text, reviver)` (js-sys has no binding for the reviver form).
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse_with_reviver(text: &str, reviver: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// Uploaded files larger than this are refused before parsing.
pub const MAX_UPLOAD_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// The scenario with the live actions so far, as the runner's file JSON in the current format
/// version (what `wire::versions::file_text` writes, up to number formatting: `80` for `80.0`).
pub fn scenario_json(sim: &Sim) -> Result<String, String> {
    to_json(&sim.scenario_with_recorded_actions())
}

/// A scenario as the runner's JSON file.
pub fn to_json(scenario: &Scenario) -> Result<String, String> {
    wire::versions::scenario_to_file_json(scenario)
        .map_err(|e| format!("the scenario could not be written: {e}"))
}

/// The `message` of a thrown JS error.
fn error_message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// `JSON.parse` with integers beyond 2^53 read exactly (as BigInt, from their source text).
fn parse_json(text: &str) -> Result<JsValue, String> {
    let inexact = Rc::new(Cell::new(false));
    let flag = Rc::clone(&inexact);
    let reviver = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> JsValue>::new(
        move |_key, value: JsValue, context: JsValue| {
            if value.as_f64().is_none() || js_sys::Number::is_safe_integer(&value) {
                return value;
            }
            let source = js_sys::Reflect::get(&context, &JsValue::from_str("source"))
                .ok()
                .and_then(|s| s.as_string());
            match source {
                Some(digits)
                    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    js_sys::BigInt::new(&JsValue::from_str(&digits))
                        .map(JsValue::from)
                        .unwrap_or(value)
                }
                // A fraction or an exponent is a float, and fine as one.
                Some(_) => value,
                None => {
                    // Once an unsafe whole number is seen the file is refused (a later
                    // fraction must not clear the flag).
                    if value.as_f64().is_some_and(|v| v.fract() == 0.0) {
                        flag.set(true);
                    }
                    value
                }
            }
        },
    );
    let value = json_parse_with_reviver(text, reviver.as_ref().unchecked_ref())
        .map_err(|e| format!("scenario JSON: {}", error_message(&e)))?;
    if inexact.get() {
        return Err(
            "scenario JSON: a whole number in the file (the seed?) is larger than 2^53, \
             and this browser cannot read it exactly; use the runner, or a current browser"
                .into(),
        );
    }
    Ok(value)
}

/// The per-minute samples so far, exactly as `scaleout run --format csv` prints them.
pub fn run_csv(sim: &Sim) -> String {
    use scaleout_core::ecs::output::EcsSample;
    // With an ECS service the runner appends the service's columns to every row.
    let ecs = crate::PLATFORMS && sim.ecs_view().is_some();
    let mut out = sim.csv_header();
    if ecs {
        out.push(',');
        out.push_str(EcsSample::CSV_HEADER);
    }
    out.push('\n');
    for (i, s) in sim.samples().iter().enumerate() {
        out.push_str(&s.csv_row());
        if ecs {
            out.push(',');
            let e = sim.ecs_samples().get(i).copied().unwrap_or_default();
            out.push_str(&e.csv_row());
        }
        out.push('\n');
    }
    out
}

/// Parses and validates an uploaded scenario. Errors are lines for the banner: the parser's
/// line and column, or one `json.path: problem` line per validation problem.
pub fn parse_scenario(text: &str) -> Result<Scenario, Vec<String>> {
    let value = parse_json(text).map_err(|e| vec![e])?;
    let value = js_json::from_js(&value).map_err(|e| vec![format!("scenario JSON: {e}")])?;
    let scenario = wire::versions::scenario_from_file(value).map_err(|problems| {
        problems
            .iter()
            .map(|p| format!("scenario JSON: {p}"))
            .collect::<Vec<_>>()
    })?;
    let mut problems = validate::validate(&scenario);
    if problems.is_empty() {
        // Over the work limit: refused like any invalid file, and the current run stays.
        problems = crate::engine::check_work(&scenario)
            .err()
            .unwrap_or_default();
    }
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(problems.iter().map(ToString::to_string).collect())
    }
}

/// A file name from the scenario's name: `scaleout-target-tracking-on-average-cpu.json`.
pub fn file_name(scenario_name: &str, ext: &str) -> String {
    let mut slug = String::new();
    for c in scenario_name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(48).collect();
    if slug.is_empty() {
        format!("scaleout.{ext}")
    } else {
        format!("scaleout-{slug}.{ext}")
    }
}

/// Offers `text` as a download named `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make the file".to_string())?;
    let result = click_download(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}

/// Offers a `data:` URL (a PNG from a canvas) as a download named `name`.
pub fn click_download(name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(url);
    a.set_download(name);
    a.set_attribute("hidden", "").ok();
    let body = document.body().ok_or("no body")?;
    body.append_child(&a).map_err(|_| "no anchor")?;
    a.click();
    a.remove();
    Ok(())
}

/// Every chart canvas on the page, stacked into one PNG (a `data:` URL).
pub fn charts_png() -> Result<String, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let list = document
        .query_selector_all("canvas")
        .map_err(|_| "no charts")?;
    let canvases: Vec<web_sys::HtmlCanvasElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect();
    match canvases.as_slice() {
        [] => Err("there is no chart to export".into()),
        [one] => one
            .to_data_url()
            .map_err(|_| "the chart could not be read".into()),
        many => {
            let width = many.iter().map(|c| c.width()).max().unwrap_or(1);
            let height: u32 = many.iter().map(|c| c.height()).sum();
            let out: web_sys::HtmlCanvasElement = document
                .create_element("canvas")
                .map_err(|_| "no canvas")?
                .dyn_into()
                .map_err(|_| "no canvas")?;
            out.set_width(width);
            out.set_height(height);
            let ctx: web_sys::CanvasRenderingContext2d = out
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into().ok())
                .ok_or("no 2d context")?;
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
            let mut y = 0.0;
            for c in many {
                ctx.draw_image_with_html_canvas_element(c, 0.0, y)
                    .map_err(|_| "the chart could not be read")?;
                y += f64::from(c.height());
            }
            out.to_data_url()
                .map_err(|_| "the chart could not be read".into())
        }
    }
}

/// Reads an uploaded file as text.
pub async fn read_text(file: web_sys::File) -> Result<String, String> {
    if file.size() > MAX_UPLOAD_BYTES {
        return Err(format!(
            "{}: the file is larger than 2 MB; a scenario is a few KB",
            file.name()
        ));
    }
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| format!("{}: the file could not be read", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("{}: the file is not text", file.name()))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn json_round_trip_and_errors_with_paths() {
        let mut demo = Scenario::demo();
        demo.seed = u64::MAX - 7;
        // The runner's own JSON reads, the page's JSON reads, and both keep the 64-bit seed.
        assert_eq!(parse_scenario(&demo.to_json_pretty()), Ok(demo.clone()));
        let ours = to_json(&demo).unwrap();
        // Files carry their format version first.
        let first = format!("{{\n  \"format_version\": {},\n", wire::versions::VERSION);
        assert!(ours.starts_with(&first), "{ours}");
        assert!(
            ours.contains(&format!("\"seed\": {}", u64::MAX - 7)),
            "{ours}"
        );
        assert_eq!(Scenario::from_json(&ours), Ok(demo.clone()));
        assert_eq!(parse_scenario(&ours), Ok(demo));

        let syntax = parse_scenario("{ \"group\": ").unwrap_err();
        assert!(syntax[0].contains("JSON"), "{syntax:?}");
        assert!(parse_scenario("[1, 2]").is_err());
        assert!(parse_scenario(r#"{ "seed": "x" }"#).is_err());

        let invalid =
            parse_scenario(r#"{ "group": { "min_size": 5, "max_size": 2 } }"#).unwrap_err();
        assert!(
            invalid.iter().any(|l| l.starts_with("group.")),
            "{invalid:?}"
        );
    }

    #[wasm_bindgen_test]
    fn csv_has_the_runners_header_and_one_row_per_minute() {
        let mut sim = Sim::new(Scenario::demo()).unwrap();
        sim.advance_to(scaleout_core::SimTime(5 * 60_000));
        let csv = run_csv(&sim);
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("time_s,clock,desired"));
        assert_eq!(lines.len(), 1 + sim.samples().len());
    }

    #[wasm_bindgen_test]
    fn file_names() {
        assert_eq!(
            file_name("Target tracking on average CPU", "json"),
            "scaleout-target-tracking-on-average-cpu.json"
        );
        assert_eq!(file_name("", "csv"), "scaleout.csv");
    }
}
