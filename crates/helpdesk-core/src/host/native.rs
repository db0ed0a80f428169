//! The host's functions natively: `serde_json`, `unicode-normalization` and the standard
//! library's Unicode properties and lower-casing.

use unicode_normalization::UnicodeNormalization;

pub(super) fn parse_json(text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

pub(super) fn nfc(text: &str) -> String {
    text.nfc().collect()
}

pub(super) fn fold(text: &str) -> String {
    let kept: String = text.nfd().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect();
    kept.to_lowercase()
}

pub(super) fn float_text(n: f64) -> String {
    serde_json::Number::from_f64(n).map_or_else(|| n.to_string(), |n| n.to_string())
}
