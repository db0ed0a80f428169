//! The widget's configuration, given by the host page at run time.

use serde::Deserialize;

use crate::api::Dialect;

/// How the widget reaches its back end.
///
/// The standalone page gives it as JSON in `<script type="application/json"
/// id="helpdesk-config">`, which a strict Content-Security-Policy allows (it is data, not
/// script).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WidgetConfig {
    /// Base URL of the API (`""` for the same origin).
    #[serde(default)]
    pub api_base: String,
    /// The subscriber's bearer token. Kept in memory only.
    #[serde(default)]
    pub token: String,
    /// The back end's dialect (`envelope`, `whmcs` or `crm`).
    #[serde(default)]
    pub dialect: Dialect,
}

/// The id of the configuration element in the host page.
pub const CONFIG_ELEMENT_ID: &str = "helpdesk-config";

impl WidgetConfig {
    /// Read the configuration from the page; an absent or malformed element gives the
    /// defaults (same origin, no token), and the widget then shows why it cannot load.
    #[must_use]
    pub fn from_document() -> Self {
        let text = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(CONFIG_ELEMENT_ID))
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        Self::from_json(&text)
    }

    /// Parse the configuration JSON; malformed text gives the defaults.
    #[must_use]
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or(Self {
            api_base: String::new(),
            token: String::new(),
            dialect: Dialect::Envelope,
        })
    }
}
