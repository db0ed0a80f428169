//! # helpdesk-wasm
//!
//! helpdesk-core as a WebAssembly module for JavaScript, so that a portal's own scripts can
//! apply the helpdesk's rules without the UI. Errors surface as JS exceptions (`Error`
//! with a clear message), never as a wasm trap.

use helpdesk_core::envelope::{TicketLookup, parse_ticket_response};
use wasm_bindgen::prelude::*;

/// Parse the answer of `GET /api/v1/tickets/{id}` into the normalised ticket, or `null`
/// for `ticket_not_found`. Throws an `Error` on any other body.
///
/// # Errors
/// A JS `Error` naming what is wrong with the body.
#[wasm_bindgen(js_name = parseTicketResponse)]
pub fn parse_ticket_response_js(body: &str) -> Result<JsValue, JsError> {
    match parse_ticket_response(body).map_err(|e| JsError::new(&e.to_string()))? {
        TicketLookup::Found(t) => {
            serde_wasm_bindgen::to_value(&t).map_err(|e| JsError::new(&e.to_string()))
        }
        TicketLookup::NotFound => Ok(JsValue::NULL),
    }
}
