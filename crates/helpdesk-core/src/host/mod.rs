//! What the core borrows from the host it runs in, behind one API chosen by cfg.
//!
//! In WebAssembly the core always runs inside a JavaScript host (a browser or Node), whose
//! built-ins are pure functions of their input: `JSON.parse`, `String.prototype.normalize`,
//! Unicode property escapes in a `RegExp`, `toLowerCase` and `Number.prototype.toString`.
//! Using them keeps a JSON parser, the Unicode tables and a float formatter out of the wasm
//! (ARCHITECTURE.md, "Size"). Natively the same answers come from `serde_json`,
//! `unicode-normalization` and the standard library. `js.rs` is compiled for wasm32,
//! `native.rs` everywhere else; no other module of the crate knows which.
//!
//! Known differences, both documented where they are visible: a lone surrogate in a JSON
//! string reads as U+FFFD in a browser where `serde_json` refuses the body, and a fractional
//! number is written `1e+21` in a browser where `serde_json` writes `1e21`. Browser tests hold
//! the rest equal.

#[cfg(target_arch = "wasm32")]
#[path = "js.rs"]
mod imp;

#[cfg(not(target_arch = "wasm32"))]
#[path = "native.rs"]
mod imp;

/// `text` as a JSON value, or why it is not JSON.
///
/// Integers are read exactly when they are safe in a double (below 2^53); a larger id reads
/// as a float, so a field reader refuses it rather than misreading it. Nesting deeper than
/// `serde_json`'s limit of 128 levels is refused on both hosts.
pub(crate) fn parse_json(text: &str) -> Result<serde_json::Value, String> {
    imp::parse_json(text)
}

/// `text` in Normalization Form C.
pub(crate) fn nfc(text: &str) -> String {
    imp::nfc(text)
}

/// `text` in Normalization Form D, with everything but letters (`Alphabetic`), numbers (`N`)
/// and white space (`White_Space`) dropped, lower-cased as a whole string (a final sigma
/// becomes `ς`).
pub(crate) fn fold(text: &str) -> String {
    imp::fold(text)
}

/// A double as the shortest text that reads back as the same double.
pub(crate) fn float_text(n: f64) -> String {
    imp::float_text(n)
}
