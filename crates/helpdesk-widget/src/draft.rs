//! The ticket being written, kept in `localStorage` so a reload, a failed submit or a lost
//! connection never loses it. Only the subject and the description are stored: never the
//! token, never anything the server sent.

use crate::context::DraftKey;

/// What the subscriber has typed into the new-ticket form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The chosen subject (a catalog name) or `""`.
    pub subject: String,
    /// The description typed so far.
    pub description: String,
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

    /// The saved draft (items `{key}:subject`, `{key}:description`); empty when there is
    /// none or storage is unavailable.
    #[must_use]
    pub fn load(DraftKey(key): &DraftKey) -> Self {
        let Some(storage) = storage() else { return Self::default() };
        let read = |part: &str| storage.get_item(&format!("{key}:{part}")).ok().flatten().unwrap_or_default();
        Self { subject: read("subject"), description: read("description") }
    }

    /// Keep the draft (an empty draft removes it).
    pub fn save(&self, key: &DraftKey) {
        if self.is_empty() {
            Self::clear(key);
            return;
        }
        if let Some(storage) = storage() {
            let DraftKey(key) = key;
            let _ = storage.set_item(&format!("{key}:subject"), &self.subject);
            let _ = storage.set_item(&format!("{key}:description"), &self.description);
        }
    }

    /// Forget the draft: the ticket was opened.
    pub fn clear(DraftKey(key): &DraftKey) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&format!("{key}:subject"));
            let _ = storage.remove_item(&format!("{key}:description"));
        }
    }
}
