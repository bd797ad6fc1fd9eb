//! JS values <-> JSON trees (`serde_json::Value`, used as plain data: the browser parses and
//! prints JSON). Scenario files and the embed's host messages cross the JS boundary this way,
//! so the page needs no serde format of its own for either.

use serde_json::Value as JsonValue;
use wasm_bindgen::{JsCast, JsValue};

/// Copies a JS value (a `JSON.parse` result or a posted message) into a JSON tree. BigInts
/// (whole numbers beyond 2^53, which the file reader makes exact) must fit 64 bits; functions
/// and other non-JSON values are refused.
pub fn from_js(v: &JsValue) -> Result<JsonValue, String> {
    tree(v, 0)
}

/// Deeper nesting than this is refused (a scenario nests about 8 levels), so a hostile file
/// cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

fn tree(v: &JsValue, depth: usize) -> Result<JsonValue, String> {
    if depth > MAX_DEPTH {
        return Err(format!("the JSON nests deeper than {MAX_DEPTH} levels"));
    }
    if v.is_null() || v.is_undefined() {
        return Ok(JsonValue::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(JsonValue::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        let exact = 9_007_199_254_740_992.0;
        return Ok(if n.fract() == 0.0 && (0.0..=exact).contains(&n) {
            JsonValue::from(n as u64)
        } else if n.fract() == 0.0 && (-exact..0.0).contains(&n) {
            JsonValue::from(n as i64)
        } else {
            serde_json::Number::from_f64(n).map_or(JsonValue::Null, JsonValue::Number)
        });
    }
    if let Some(s) = v.as_string() {
        return Ok(JsonValue::String(s));
    }
    if v.is_bigint() {
        let digits: String = v
            .clone()
            .unchecked_into::<js_sys::BigInt>()
            .to_string(10)
            .map(String::from)
            .unwrap_or_default();
        return digits
            .parse::<u64>()
            .map(JsonValue::from)
            .map_err(|_| format!("the number {digits} does not fit in 64 bits"));
    }
    if js_sys::Array::is_array(v) {
        return js_sys::Array::from(v)
            .iter()
            .map(|item| tree(&item, depth + 1))
            .collect::<Result<Vec<_>, _>>()
            .map(JsonValue::Array);
    }
    if !v.is_object() || v.is_function() {
        return Err("the JSON holds a value that is not JSON".into());
    }
    let mut map = serde_json::Map::new();
    for entry in js_sys::Object::entries(v.unchecked_ref()).iter() {
        let pair = js_sys::Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        map.insert(key, tree(&pair.get(1), depth + 1)?);
    }
    Ok(JsonValue::Object(map))
}

/// A JSON tree as a JS value (objects, arrays, numbers, strings), to post to another window.
pub fn to_js(v: &JsonValue) -> JsValue {
    match v {
        JsonValue::Null => JsValue::NULL,
        JsonValue::Bool(b) => JsValue::from_bool(*b),
        JsonValue::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(0.0)),
        JsonValue::String(s) => JsValue::from_str(s),
        JsonValue::Array(items) => items.iter().map(to_js).collect::<js_sys::Array>().into(),
        JsonValue::Object(m) => {
            let o = js_sys::Object::new();
            for (k, item) in m {
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &to_js(item));
            }
            o.into()
        }
    }
}
