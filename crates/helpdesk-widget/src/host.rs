//! The page element that hosts the widget: `<helpdesk-widget>` from `web/helpdesk.js`.
//! It supplies tokens (calling the ISP's callback again when asked to refresh) and turns
//! the widget's events into DOM `CustomEvent`s.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The `<helpdesk-widget>` element that mounted the widget.
    #[derive(Debug, Clone)]
    pub type Host;

    /// A promise of the bearer token; `refresh` asks the ISP's callback for a new one.
    #[wasm_bindgen(method, catch, js_name = helpdeskToken)]
    fn token_promise(this: &Host, refresh: bool) -> Result<js_sys::Promise, JsValue>;

    /// Dispatch a `CustomEvent` named `name` with `detail` from the element.
    #[wasm_bindgen(method, catch, js_name = helpdeskEmit)]
    fn emit_event(this: &Host, name: &str, detail: &JsValue) -> Result<(), JsValue>;
}

impl Host {
    /// The current token (`refresh`: a new one from the ISP); `None` when the host has none.
    pub async fn token(&self, refresh: bool) -> Option<String> {
        let promise = self.token_promise(refresh).ok()?;
        wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_string()
    }

    /// Tell the host page something happened (`ticket-created`, `auth-expired`).
    pub fn emit(&self, name: &str, detail: &JsValue) {
        let _ = self.emit_event(name, detail);
    }
}
