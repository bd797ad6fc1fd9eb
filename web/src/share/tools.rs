//! Import and export through the tools worker (the `tools/` crate): the importers of real AWS
//! configuration and recorded traffic, and the CloudFormation and Terraform exporters, load only
//! when a user first imports or exports, so their parsers cost the first load nothing. The worker
//! is driven by `tools.js` beside this file; Rust only awaits its replies.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/share/tools.js")]
extern "C" {
    #[wasm_bindgen(js_name = importFiles)]
    fn import_files(files: &Array, base: &str) -> Promise;
    #[wasm_bindgen(js_name = exportScenario)]
    fn export_scenario(to: &str, scenario: &str, name: &str) -> Promise;
    #[wasm_bindgen(js_name = compareRuns)]
    fn compare_runs(a: &str, b: &str) -> Promise;
}

/// The notice under the file menu: why a file was refused, or what an import or export left
/// out (one line per field: `file:line: path: reason`), under an i18n key for its heading.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notes {
    pub title: &'static str,
    pub lines: Vec<String>,
}

impl Notes {
    /// A refused file: shown as an alert (`error-banner`).
    pub fn rejected(lines: Vec<String>) -> Notes {
        Notes {
            title: REJECTED,
            lines,
        }
    }

    pub fn is_error(&self) -> bool {
        self.title == REJECTED
    }
}

const REJECTED: &str = "file_rejected";

async fn reply(p: Promise) -> Result<JsValue, String> {
    JsFuture::from(p).await.map_err(|e| {
        Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the import and export tools failed".into())
    })
}

fn text(o: &JsValue, key: &str) -> String {
    Reflect::get(o, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn lines(o: &JsValue, key: &str) -> Vec<String> {
    Reflect::get(o, &key.into())
        .map(|v| {
            Array::from(&v)
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Imports `files` over `base` (the current scenario as JSON): the new scenario's JSON and the
/// notes (unsupported fields by file, line and path; what the importer chose).
pub async fn import(files: &Array, base: &str) -> Result<(String, Notes), String> {
    let r = reply(import_files(files, base)).await?;
    let mut l = lines(&r, "unsupported");
    l.extend(lines(&r, "notes"));
    Ok((
        text(&r, "scenario"),
        Notes {
            title: "imported_notes",
            lines: l,
        },
    ))
}

/// Exports `scenario` (JSON) `to` a format and offers it as the download `name.<extension>`:
/// the notes say what the template could not express.
pub async fn export(to: &str, scenario: &str, name: &str) -> Result<Notes, String> {
    let left_out = reply(export_scenario(to, scenario, name)).await?;
    Ok(Notes {
        title: "exported_notes",
        lines: Array::from(&left_out)
            .iter()
            .filter_map(|l| l.as_string())
            .collect(),
    })
}

/// Runs A and B (link payloads) side by side: the comparison as HTML (a table of the compared
/// figures and overlaid charts, drawn and escaped by the worker).
pub async fn compare(a: &str, b: &str) -> Result<String, String> {
    Ok(text(&reply(compare_runs(a, b)).await?, "html"))
}
