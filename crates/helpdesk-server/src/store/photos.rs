//! Photos attached to tickets, as the stores keep them: the cleaned bytes with their type and
//! size, in the database itself, written in one transaction (a photo is there whole or not
//! at all, is in every backup with its ticket, and is served by every instance).

use chrono::NaiveDateTime;
use helpdesk_core::TicketId;

use super::StoreFuture;

/// A photo to store: already cleaned ([`crate::photos::clean`]).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPhoto {
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

impl std::fmt::Debug for NewPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewPhoto({}, {} bytes, {}x{})", self.content_type, self.bytes.len(), self.width, self.height)
    }
}

/// A stored photo's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    /// Its id.
    pub id: i64,
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// When it was attached (ISP local time).
    pub added_at: NaiveDateTime,
}

/// What attaching photos found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attached {
    /// Stored, in order.
    Stored(Vec<StoredPhoto>),
    /// The ticket would hold more than `max` photos: nothing stored.
    TooMany {
        /// The most a ticket holds.
        max: u64,
    },
}

/// The photo half of a store, which every [`super::Backend`] also is.
pub trait Photos: Send + Sync {
    /// Attach `photos` to ticket `ticket_id` at `at`, all or none, unless it would then hold
    /// more than `max`.
    ///
    /// # Errors
    /// On a store failure (nothing is stored).
    fn attach_photos(
        &self,
        ticket_id: TicketId,
        photos: Vec<NewPhoto>,
        max: u64,
        at: NaiveDateTime,
    ) -> StoreFuture<'_, Attached>;

    /// The photos of ticket `ticket_id`, oldest first.
    ///
    /// # Errors
    /// On a store failure.
    fn photos(&self, ticket_id: TicketId) -> StoreFuture<'_, Vec<StoredPhoto>>;

    /// Photo `id` of ticket `ticket_id` with its bytes, if that ticket has it.
    ///
    /// # Errors
    /// On a store failure.
    fn photo(&self, ticket_id: TicketId, id: i64) -> StoreFuture<'_, Option<(StoredPhoto, Vec<u8>)>>;
}
