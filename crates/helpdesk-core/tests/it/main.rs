//! Integration tests of helpdesk-core: one binary, one module per area. Native only; the
//! core's behaviour in wasm is exercised through helpdesk-wasm's tests.
#![cfg(not(target_arch = "wasm32"))]

mod business_days;
mod calendar;
mod catalog;
mod dialects;
mod envelope;
mod holidays;
mod policy;
mod properties;
mod search;
mod zone;

/// The text of a fixture file in `tests/fixtures/`.
fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
