//! The values the store takes and gives, whatever database is behind it.

use chrono::NaiveDateTime;
use helpdesk_core::envelope::Outage;
use helpdesk_core::{PriorityLevel, StatusGroup, StatusKind, Ticket};

/// How long an idempotency key is remembered. Stripe keeps keys 24 hours; we keep 48.
pub const IDEMPOTENCY_KEY_HOURS: i64 = 48;
/// By default, a claimed key with no answer older than this is taken to belong to a request
/// that died (see `AppState::in_flight_stale`).
pub const IN_FLIGHT_STALE_SECONDS: i64 = 60;

/// An idempotency key as one caller sent it, with the hash of the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    /// Whose key it is (`staff`, `service:<id>`): keys of two callers never meet.
    pub scope: String,
    /// The key itself.
    pub key: String,
    /// The hash of the request's canonical body.
    pub request_hash: String,
}

/// The answer given to the request that first carried a key: what its retries get again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    /// The HTTP status answered.
    pub status: u16,
    /// The body answered.
    pub body: String,
}

/// Writes a create's answer from its outcome, inside the create's transaction.
pub type RenderAnswer = Box<dyn FnOnce(&Created) -> Result<StoredAnswer, String> + Send>;

/// A create that carries an idempotency key: its answer is stored in the same transaction
/// as the ticket, so that no interruption can leave a ticket without its key's answer.
pub struct Keyed {
    /// The key, claimed before by [`IdempotencyBegin::Fresh`].
    pub key: IdempotencyKey,
    /// The answer to store for it.
    pub answer: RenderAnswer,
}

impl std::fmt::Debug for Keyed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyed").field("key", &self.key).finish_non_exhaustive()
    }
}

/// What the store knows of an idempotency key when a request arrives with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyBegin {
    /// Unknown key (or a claim gone stale): it is now claimed for this request.
    Fresh,
    /// The same key and body were answered before: replay this answer.
    Replay(StoredAnswer),
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
        /// The zone's newest known outage not ended yet, if any (the subscriber is then
        /// asked to report it instead).
        outage: Option<Outage>,
    },
    /// The service holds `max_tickets` active tickets already, its own limit; nothing was
    /// inserted.
    ServiceFull {
        /// The service's limit.
        max_tickets: u32,
    },
    /// The key was answered meanwhile (by a retry that took over a stale claim): nothing
    /// was inserted, and this is the answer to give.
    Replayed(StoredAnswer),
}

/// A page of a list: its number from 1 and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The page number, from 1.
    pub number: u32,
    /// How many items a page holds.
    pub size: u32,
}

impl Page {
    /// How many items come before this page.
    #[must_use]
    pub fn offset(self) -> i64 {
        i64::from(self.number.saturating_sub(1)) * i64::from(self.size)
    }
}

/// A page of a ticket's thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadPage {
    /// Public messages of the page, oldest first.
    pub messages: Vec<helpdesk_core::Message>,
    /// Staff notes of the page (staff only), oldest first.
    pub notes: Vec<helpdesk_core::StaffNote>,
    /// How many public messages the ticket has in all.
    pub total: u64,
}

/// How many leading hex characters of a token's hash make its public id (`token_id`).
pub const TOKEN_ID_CHARS: usize = 16;

/// Which subscriber tokens to revoke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tokens {
    /// The one whose public id (the first [`TOKEN_ID_CHARS`] hex characters of its hash)
    /// is this.
    Id(String),
    /// Every token of a service.
    OfService(i64),
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
    /// In front of a back office: the reference the ticket is delivered under (written into
    /// the back office's ticket, so that a delivery of unknown outcome can find it). The
    /// store enqueues the delivery in the ticket's own transaction.
    pub deliver_as: Option<String>,
}

/// A ticket to deliver to the back office, leased to one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The local ticket.
    pub ticket_id: i64,
    /// The reference written into the back office's ticket.
    pub reference: String,
    /// Attempts before this one (counted before anything is sent): when not 0, an earlier
    /// attempt may have created the ticket.
    pub attempts: u32,
    /// Service (subscriber line).
    pub service_id: i64,
    /// Assigned technician.
    pub technician_id: i64,
    /// Catalog subject.
    pub subject: String,
    /// What the subscriber wrote.
    pub description: String,
    /// Status code.
    pub status: u8,
    /// Priority number 1..=4.
    pub priority: u8,
    /// ISP local time of creation.
    pub created_at: NaiveDateTime,
    /// Estimated resolution, ISP local time.
    pub end_date: Option<NaiveDateTime>,
}

/// A subscriber's reply to deliver to the back office, leased to one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyDelivery {
    /// The local message.
    pub message_id: i64,
    /// Its local ticket.
    pub ticket_id: i64,
    /// Its ticket's number in the back office.
    pub upstream_ticket: i64,
    /// The ticket's service (the back office's client).
    pub service_id: i64,
    /// What the subscriber wrote.
    pub body: String,
    /// The reference written into the back office's copy.
    pub reference: String,
    /// Attempts before this one: when not 0, an earlier one may have added it.
    pub attempts: u32,
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

impl MessageKind {
    /// Its code in the stores' `author` column.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Subscriber => "subscriber",
            Self::Staff => "staff",
            Self::Note => "note",
        }
    }

    /// The kind of an `author` code (the schemas allow only the three).
    #[must_use]
    pub fn from_code(code: &str) -> Self {
        match code {
            "note" => Self::Note,
            "staff" => Self::Staff,
            _ => Self::Subscriber,
        }
    }
}

/// The status codes a list filtered by `group` holds (every code without a group).
#[must_use]
pub fn status_codes(group: Option<StatusGroup>) -> Vec<i64> {
    match group {
        None => vec![1, 2, 3, 4],
        Some(StatusGroup::Open) => vec![1],
        Some(StatusGroup::InProgress) => vec![2],
        Some(StatusGroup::Closed) => vec![3, 4],
    }
}
