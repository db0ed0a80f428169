//! The ticket being written, kept in `localStorage` so a reload, a failed submit or a lost
//! connection never loses it. Only the subject and the description are stored: never the
//! token, never anything the server sent.

use serde::{Deserialize, Serialize};

/// What the subscriber has typed into the new-ticket form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The chosen subject (a catalog name) or `""`.
    #[serde(default)]
    pub subject: String,
    /// The description typed so far.
    #[serde(default)]
    pub description: String,
}

/// The storage key of the drafts of one back end, so two widgets for two ISPs on one
/// origin keep their drafts apart.
#[must_use]
pub fn key(api_base: &str) -> String {
    format!("helpdesk-widget:draft:{api_base}")
}

fn storage() -> Option<web_sys::Storage> {
    // Storage may be unavailable (private modes, sandboxed frames): the form still works.
    web_sys::window()?.local_storage().ok().flatten()
}

impl Draft {
    /// Whether nothing was typed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.subject.is_empty() && self.description.trim().is_empty()
    }

    /// The saved draft; empty when there is none or it is unreadable.
    #[must_use]
    pub fn load(key: &str) -> Self {
        storage()
            .and_then(|s| s.get_item(key).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Keep the draft (an empty draft removes it).
    pub fn save(&self, key: &str) {
        let Some(storage) = storage() else { return };
        if self.is_empty() {
            let _ = storage.remove_item(key);
        } else if let Ok(text) = serde_json::to_string(self) {
            let _ = storage.set_item(key, &text);
        }
    }

    /// Forget the draft: the ticket was opened.
    pub fn clear(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }
}
