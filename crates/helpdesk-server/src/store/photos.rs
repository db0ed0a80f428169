//! Photos attached to tickets, as the stores keep them: the cleaned bytes with their type and
//! size, where the store decides — SQLite in files beside its database, each on disk before
//! the row naming it; PostgreSQL in the database, so every instance serves them — attached
//! all or none in one transaction. In front of a back office, each photo's forwarding is
//! written in the same transaction and leased like a ticket's delivery.

use chrono::{DateTime, NaiveDateTime, Utc};
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
    /// In front of a back office: the reference it is forwarded under (its forwarding is
    /// written with it).
    pub deliver_as: Option<String>,
}

impl std::fmt::Debug for NewPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewPhoto({}, {} bytes, {}x{})", self.content_type, self.bytes.len(), self.width, self.height)
    }
}

/// A photo to forward to the back office, leased.
#[derive(Clone, PartialEq, Eq)]
pub struct PhotoDelivery {
    /// The local photo.
    pub photo_id: i64,
    /// Its local ticket.
    pub ticket_id: i64,
    /// Its ticket's number in the back office.
    pub upstream_ticket: i64,
    /// The ticket's service (the back office's client).
    pub service_id: i64,
    /// `image/jpeg` or `image/png`.
    pub content_type: String,
    /// The cleaned image.
    pub bytes: Vec<u8>,
    /// The reference written into the back office's copy.
    pub reference: String,
    /// Attempts before this one: when not 0, an earlier one may have forwarded it.
    pub attempts: u32,
}

impl PhotoDelivery {
    /// The file name it is forwarded as (`foto-<id>.jpg`).
    #[must_use]
    pub fn file_name(&self) -> String {
        let extension = if self.content_type == "image/png" { "png" } else { "jpg" };
        format!("foto-{}.{extension}", self.photo_id)
    }
}

impl std::fmt::Debug for PhotoDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhotoDelivery(photo {}, ticket {}, {} bytes)", self.photo_id, self.upstream_ticket, self.bytes.len())
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

    /// Up to `limit` photos to forward, due at `now`, whose ticket the back office holds,
    /// each leased until `lease_until` and counted as an attempt before it is tried.
    ///
    /// # Errors
    /// On a store failure.
    fn lease_photos(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<PhotoDelivery>>;

    /// Photo `photo_id` is in the back office: its forwarding is done.
    ///
    /// # Errors
    /// On a store failure.
    fn photo_delivered(&self, photo_id: i64) -> StoreFuture<'_, ()>;

    /// A photo's forwarding failed with `error`; try it again at `retry_at`.
    ///
    /// # Errors
    /// On a store failure.
    fn photo_delivery_failed(&self, photo_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()>;
}
