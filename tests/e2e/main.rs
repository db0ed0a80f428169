//! End-to-end tests: the widget as `trunk build --release` produced it, served by the real
//! helpdesk-server over a real SQLite file, driven in headless Chromium and Firefox through
//! WebDriver. Screenshots land in `tests/artifacts/`.
//!
//! `cargo xtask test` builds the widget and the helpdesk-wasm package and sets
//! `HELPDESK_DIST`, `HELPDESK_WASM_PKG`, `CHROMEDRIVER` and `GECKODRIVER`.

mod journeys;
mod support;
mod wasm_pkg;
