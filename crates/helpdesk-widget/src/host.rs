//! The widget's handle on its `<helpdesk-widget>` element, which the loader
//! (`web/helpdesk.js`) gives the wasm at mount and no other script can reach: it supplies
//! tokens (calling the ISP's callback again when asked to refresh) and turns the widget's
//! events into the element's DOM `CustomEvent`s.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The loader's handle: `{token(refresh), emit(name, detail)}`.
    #[derive(Debug, Clone)]
    pub type Host;

    /// The bearer token or a promise of it; `refresh` asks the ISP's callback for a new one.
    #[wasm_bindgen(method, catch, js_name = token)]
    fn token_value(this: &Host, refresh: bool) -> Result<JsValue, JsValue>;

    /// Dispatch a `CustomEvent` named `name` with `detail` from the element.
    #[wasm_bindgen(method, catch, js_name = emit)]
    fn emit_event(this: &Host, name: &str, detail: &JsValue) -> Result<(), JsValue>;
}

impl Host {
    /// The current token (`refresh`: a new one from the ISP); `None` when the host has none.
    /// Whatever the handle returns or throws stays a value (`Promise.resolve` takes a plain
    /// value as well as a promise).
    pub async fn token(&self, refresh: bool) -> Option<String> {
        let value = self.token_value(refresh).ok()?;
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&value)).await.ok()?.as_string()
    }

    /// Tell the host page something happened (`ticket-created`, `auth-expired`).
    pub fn emit(&self, name: &str, detail: &JsValue) {
        let _ = self.emit_event(name, detail);
    }
}
