//! Lenient readers of JSON fields, shared by every dialect's parser: back ends write
//! numbers as strings and leave optional fields out or null.

use serde_json::{Map, Value};

use crate::error::ParseError;

/// A text field: strings as they are, numbers as their text, null/missing as `None`.
pub(crate) fn text(obj: &Map<String, Value>, field: &'static str) -> Result<Option<String>, ParseError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(number_text(n))),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(_) => Err(ParseError::InvalidField { field, reason: "not text".into() }),
    }
}

/// A JSON number as text: a whole number in its digits, any other as the shortest text that
/// reads back as the same double, written by the host ([`crate::host::float_text`]).
fn number_text(n: &serde_json::Number) -> String {
    if let Some(whole) = n.as_u64() {
        return whole.to_string();
    }
    if let Some(whole) = n.as_i64() {
        return whole.to_string();
    }
    crate::host::float_text(n.as_f64().unwrap_or_default())
}

/// A field's error message: a string, or a list of strings (one per rule broken) joined
/// by spaces; a number or a boolean as its text; anything else is no message.
pub(crate) fn message(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(list) => Some(list.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" ")),
        Value::Number(n) => Some(number_text(n)),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Object(_) => None,
    }
}

/// A non-negative integer, given as a number or a string of digits.
pub(crate) fn id(obj: &Map<String, Value>, field: &'static str) -> Result<Option<u64>, ParseError> {
    let invalid = || ParseError::InvalidField { field, reason: "not a non-negative integer".into() };
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(invalid),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| invalid()),
        Some(_) => Err(invalid()),
    }
}

/// The JSON object of a body, or why it is not one.
pub(crate) fn object(body: &str) -> Result<Map<String, Value>, ParseError> {
    match crate::host::parse_json(body).map_err(ParseError::NotJson)? {
        Value::Object(obj) => Ok(obj),
        _ => Err(ParseError::NotAnEnvelope("not a JSON object")),
    }
}

/// Items of a list that back ends write as an array, a single object, or nothing.
pub(crate) fn items(value: Option<&Value>) -> Vec<&Map<String, Value>> {
    match value {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(o)) => vec![o],
        _ => Vec::new(),
    }
}
