//! The values the store takes and gives, whatever database is behind it.

use chrono::NaiveDateTime;
use helpdesk_core::{PriorityLevel, StatusKind, Ticket};

/// How long an idempotency key is remembered. Stripe keeps keys 24 hours; we keep 48.
pub const IDEMPOTENCY_KEY_HOURS: i64 = 48;
/// An in-flight key older than this is taken to belong to a request that died.
pub const IN_FLIGHT_STALE_SECONDS: i64 = 60;

/// What the store knows of an idempotency key when a request arrives with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyBegin {
    /// Unknown key: it is now marked in flight for this request.
    Fresh,
    /// The same key and body were answered before: replay this answer.
    Replay {
        /// The HTTP status answered.
        status: u16,
        /// The body answered.
        body: String,
    },
    /// Another request with this key is being processed.
    InFlight,
    /// The key was used with another body.
    Mismatch,
}

/// The outcome of an atomic create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    /// The ticket was inserted.
    Ticket(Ticket),
    /// The zone holds `max_tickets` active tickets already; nothing was inserted.
    ZoneFull {
        /// The zone's limit.
        max_tickets: u32,
    },
}

/// A subscriber line: what a subscriber token is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The service (subscriber line) id.
    pub id: i64,
    /// Its zone.
    pub zone_id: i64,
    /// Its default technician.
    pub technician_id: i64,
}

/// A stored ticket with the service it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTicket {
    /// The service that opened it.
    pub service_id: i64,
    /// The normalised ticket.
    pub ticket: Ticket,
}

/// A new ticket to insert.
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// Service (subscriber line).
    pub service_id: i64,
    /// Zone of the service.
    pub zone_id: i64,
    /// Assigned technician.
    pub technician_id: i64,
    /// Catalog subject.
    pub subject: String,
    /// Priority derived from the subject.
    pub priority: PriorityLevel,
    /// What the subscriber wrote.
    pub description: String,
    /// Status code 1..=4.
    pub status: StatusKind,
    /// ISP local time of creation.
    pub created_at: NaiveDateTime,
    /// Estimated resolution, ISP local time.
    pub end_date: Option<NaiveDateTime>,
}

/// Who wrote a message of a ticket: the two authors of its public thread, or staff writing
/// an internal note that no subscriber ever sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// The subscriber (or staff replying on its behalf).
    Subscriber,
    /// A staff answer: public, and the latest one is the ticket's `answer_text`.
    Staff,
    /// A staff-only internal note.
    Note,
}
