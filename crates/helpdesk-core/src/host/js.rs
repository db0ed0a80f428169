//! The host's functions in WebAssembly: the JavaScript built-ins, through js-sys.

use serde_json::Value;
use wasm_bindgen::JsCast;

pub(super) fn parse_json(text: &str) -> Result<Value, String> {
    let parsed = js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>().map_or_else(|| "not JSON".to_owned(), |e| String::from(e.message()))
    })?;
    from_js(&parsed, 0).ok_or_else(|| TOO_DEEP.to_owned())
}

/// As deep as `serde_json` nests before it refuses a body.
const MAX_DEPTH: usize = 128;
/// Why a body nested deeper than [`MAX_DEPTH`] is refused.
const TOO_DEEP: &str = "nested deeper than 128 levels";

fn from_js(value: &wasm_bindgen::JsValue, depth: usize) -> Option<Value> {
    if let Some(text) = value.as_string() {
        return Some(Value::String(text));
    }
    if let Some(n) = value.as_f64() {
        return Some(number(n));
    }
    if let Some(b) = value.as_bool() {
        return Some(Value::Bool(b));
    }
    if value.is_null() {
        return Some(Value::Null);
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    if let Some(list) = value.dyn_ref::<js_sys::Array>() {
        return list.iter().map(|item| from_js(&item, depth + 1)).collect::<Option<Vec<_>>>().map(Value::Array);
    }
    let object = value.dyn_ref::<js_sys::Object>()?;
    // Inserted one by one: collecting a map would sort, and a sort costs the wasm more.
    let mut map = serde_json::Map::new();
    for entry in js_sys::Object::entries(object).iter() {
        let pair = entry.unchecked_into::<js_sys::Array>();
        map.insert(pair.get(0).as_string()?, from_js(&pair.get(1), depth + 1)?);
    }
    Some(Value::Object(map))
}

/// A JavaScript number as `serde_json` would have read its text, for every whole number a
/// double is sure to hold exactly (`Number.isSafeInteger`).
fn number(n: f64) -> Value {
    // Number.MAX_SAFE_INTEGER, 2^53 - 1: every larger text may have been rounded.
    const SAFE: f64 = 9_007_199_254_740_991.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // whole and within ±2^53
    if n.fract() == 0.0 && n.abs() <= SAFE {
        return if n >= 0.0 { Value::from(n as u64) } else { Value::from(n as i64) };
    }
    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
}

pub(super) fn nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

pub(super) fn fold(text: &str) -> String {
    let dropped = js_sys::RegExp::new(r"[^\p{Alphabetic}\p{N}\p{White_Space}]", "gu");
    let nfd = js_sys::JsString::from(text).normalize("NFD");
    nfd.replace_by_pattern(&dropped, "").to_lower_case().into()
}

pub(super) fn float_text(n: f64) -> String {
    js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default()
}
