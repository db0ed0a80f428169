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

/// A loose key for search and suggestions: `text` in NFD with everything but letters,
/// digits and white space dropped (so accents go), lower-cased as a string (a final sigma
/// becomes `ς`), its words joined by single spaces.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn search_key(text: &str) -> String {
    let kept: String = nfd(text).chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect();
    words(&kept.to_lowercase())
}

/// A loose key for search and suggestions, by the JavaScript host: the same Unicode
/// properties (`Alphabetic`, `N`, `White_Space`) and the same full lower-casing as the
/// native version, without the case and property tables in the wasm.
#[cfg(target_arch = "wasm32")]
pub(crate) fn search_key(text: &str) -> String {
    let dropped = js_sys::RegExp::new(r"[^\p{Alphabetic}\p{N}\p{White_Space}]", "gu");
    let kept = js_sys::JsString::from(nfd(text)).replace_by_pattern(&dropped, "").to_lower_case();
    words(&String::from(kept))
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::search_key;

    #[test]
    fn search_keys_drop_accents_punctuation_and_case() {
        assert_eq!(search_key("  Cambio A Fibra Óptica "), "cambio a fibra optica");
        assert_eq!(
            search_key("Router Wifi Reseteado (Valores de Fabrica)"),
            "router wifi reseteado valores de fabrica"
        );
        assert_eq!(search_key("Ñandú, Nº 2"), "nandu nº 2");
        assert_eq!(search_key("ΟΔΟΣ ΣΑ"), "οδος σα");
        assert_eq!(search_key("İstanbul"), "istanbul");
        assert_eq!(search_key("?!"), "");
        assert_ne!(search_key("ΟΔΟΣ"), "οδοσ");
    }
}
