//! The widget's configuration, given by the host page at run time.

use wasm_bindgen::{JsCast, JsValue};

use crate::api::dialect::Dialect;

/// How long a request may take before the widget gives up on it, by default.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// How the widget reaches its back end and speaks to the subscriber.
///
/// The loader (`web/helpdesk.js`) builds it from the `<helpdesk-widget>` element's
/// attributes or from the object given to `mount(element, config)`. The token is not part
/// of it when a host is present: the widget asks the host for it on every request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Base URL of the API (`""` for the same origin).
    pub api_base: String,
    /// A fixed bearer token, used when no host element supplies tokens. Memory only.
    pub token: String,
    /// The back end's dialect (`envelope`, `whmcs` or `crm`).
    pub dialect: Dialect,
    /// BCP 47 language tag; empty for the browser's language.
    pub locale: String,
    /// How long one request may take, in milliseconds.
    pub timeout_ms: u32,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        Self {
            api_base: String::new(),
            token: String::new(),
            dialect: Dialect::Envelope,
            locale: String::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// A string field, or a number as JavaScript writes it (`timeout: 5000`).
fn field(object: &JsValue, name: &str) -> Option<String> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(name)).ok()?;
    value.as_string().or_else(|| {
        let number = value.dyn_into::<js_sys::Number>().ok()?;
        number.to_string_with_radix(10).ok().map(String::from)
    })
}

impl WidgetConfig {
    /// Read the configuration object the loader passes (`apiBase`, `dialect`, `locale`,
    /// `timeout`); what is missing or unusable keeps its default.
    #[must_use]
    pub fn from_js(object: &JsValue) -> Self {
        let mut config = Self::default();
        if let Some(base) = field(object, "apiBase") {
            config.api_base = base;
        }
        if let Some(dialect) = field(object, "dialect").as_deref().and_then(Dialect::from_name) {
            config.dialect = dialect;
        }
        if let Some(locale) = field(object, "locale") {
            config.locale = locale;
        }
        if let Some(ms) = field(object, "timeout").and_then(|t| t.trim().parse::<u32>().ok()).filter(|ms| *ms > 0) {
            config.timeout_ms = ms;
        }
        config
    }
}
