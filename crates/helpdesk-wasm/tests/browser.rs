//! The helpdesk-wasm suite in a headless browser.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

common::all!();
