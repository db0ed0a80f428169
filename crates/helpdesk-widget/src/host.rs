//! The widget's handle on its `<helpdesk-widget>` element, which the loader
//! (`web/helpdesk.js`) gives the wasm at mount and no other script can reach: it supplies
//! tokens (calling the ISP's callback again when asked to refresh), turns the widget's
//! events into the element's DOM `CustomEvent`s, and uploads the forms' photos. The loader
//! draws a photo picker into each `<div data-photos=KEY>` a form renders (`"new"`, or the
//! ticket replied to), shrinks what is picked in the browser's canvas and keeps it while the
//! form is drawn again, so no image code sits in the wasm.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The loader's handle: `{token(refresh), emit(name, detail), attach(key, ticket)}`.
    #[derive(Debug, Clone)]
    pub type Host;

    /// The bearer token or a promise of it; `refresh` asks the ISP's callback for a new one.
    #[wasm_bindgen(method, catch, js_name = token)]
    fn token_value(this: &Host, refresh: bool) -> Result<JsValue, JsValue>;

    /// Dispatch a `CustomEvent` named `name` with `detail` from the element.
    #[wasm_bindgen(method, catch, js_name = emit)]
    fn emit_event(this: &Host, name: &str, detail: &JsValue) -> Result<(), JsValue>;

    /// Start uploading form `key`'s photos to `ticket`: how many are going up.
    #[wasm_bindgen(method, catch, js_name = attach)]
    fn attach_value(this: &Host, key: &str, ticket: f64) -> Result<JsValue, JsValue>;
}

impl Host {
    /// The current token (`refresh`: a new one from the ISP); `None` when the host has none.
    /// Whatever the handle returns or throws stays a value (`Promise.resolve` takes a plain
    /// value as well as a promise).
    pub async fn token(&self, refresh: bool) -> Option<String> {
        let value = self.token_value(refresh).ok()?;
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&value)).await.ok()?.as_string()
    }

    /// Start uploading form `key`'s photos to ticket `ticket`; how many are going up (0: none
    /// was picked, or the loader takes none). The loader shows the progress beside the
    /// ticket's own picker and, when the upload fails, keeps the photos there with a message,
    /// so the ticket's next reply sends them again.
    pub fn attach(&self, key: &str, ticket: u64) -> u32 {
        self.attach_value(key, ticket as f64).ok().and_then(|sent| sent.as_f64()).map_or(0, |sent| sent as u32)
    }

    /// Tell the host page something happened (`ticket-created`, `auth-expired`).
    pub fn emit(&self, name: &str, detail: &JsValue) {
        let _ = self.emit_event(name, detail);
    }
}
