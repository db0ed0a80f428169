//! The ticket being written, kept in `localStorage` so a reload, a failed submit or a lost
//! connection never loses it. Only the subject and the description are stored: never the
//! token, never anything the server sent. Drafts are filed per back end and per subscriber
//! (the opaque key the policy gives), so on a shared browser no subscriber sees another's.

/// Where one subscriber's drafts for one back end are kept: the `localStorage` key prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftKey(String);

/// The prefix every draft item starts with.
const PREFIX: &str = "helpdesk-widget:draft:";

impl DraftKey {
    /// The drafts of the subscriber with `subscriber` key (the policy's opaque key) on the
    /// back end at `api_base` (items `helpdesk-widget:draft:{subscriber}@{api_base}:…`);
    /// `None` for a key that is not a short run of letters and digits, so no two
    /// subscribers or back ends share a prefix.
    ///
    /// # Example: two subscribers of one ISP
    /// ```
    /// use helpdesk_widget::draft::DraftKey;
    /// let a = DraftKey::for_subscriber("https://isp.example", "5f0c9a").unwrap();
    /// assert_ne!(Some(a), DraftKey::for_subscriber("https://isp.example", "77e1d2"));
    /// assert_eq!(DraftKey::for_subscriber("https://isp.example", "a:b"), None);
    /// ```
    #[must_use]
    pub fn for_subscriber(api_base: &str, subscriber: &str) -> Option<Self> {
        let plain =
            !subscriber.is_empty() && subscriber.len() <= 64 && subscriber.bytes().all(|b| b.is_ascii_alphanumeric());
        plain.then(|| Self(format!("{PREFIX}{subscriber}@{api_base}")))
    }

    /// Where an earlier version kept the one draft of the back end at `api_base`, whoever
    /// wrote it.
    #[must_use]
    pub fn unkeyed(api_base: &str) -> Self {
        Self(format!("{PREFIX}{api_base}"))
    }
}

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

    /// Forget the draft: the ticket was opened, or the subscriber's token was refused.
    pub fn clear(DraftKey(key): &DraftKey) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&format!("{key}:subject"));
            let _ = storage.remove_item(&format!("{key}:description"));
        }
    }
}
