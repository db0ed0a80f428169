//! Unicode normalisation forms, the one place that chooses how.
//!
//! Natively: the `unicode-normalization` crate. In WebAssembly the core always runs inside a
//! JavaScript host (browser or Node), whose `String.prototype.normalize` is the same pure
//! function; using it keeps the normalisation tables out of the wasm.

/// `text` in Normalization Form C.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// `text` in Normalization Form D.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn nfd(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd().collect()
}

/// `text` in Normalization Form C.
#[cfg(target_arch = "wasm32")]
pub(crate) fn nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

/// `text` in Normalization Form D.
#[cfg(target_arch = "wasm32")]
pub(crate) fn nfd(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFD").into()
}
