//! The widget's wasm entry point, called by the loader (`web/helpdesk.js`).

use wasm_bindgen::prelude::*;

fn main() {}

/// Mount the helpdesk into `container`; `config` is the loader's configuration object and
/// `host` the loader's private handle on its `<helpdesk-widget>` element, which supplies
/// tokens and dispatches events.
#[wasm_bindgen]
pub fn mount(container: web_sys::HtmlElement, config: &JsValue, host: JsValue) {
    let host = (!host.is_undefined() && !host.is_null()).then(|| host.unchecked_into());
    helpdesk_widget::mount(container, helpdesk_widget::config::WidgetConfig::from_js(config), host);
}
