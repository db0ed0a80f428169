//! The ticket store: the [`Backend`] interface the handlers use, the values it takes and
//! gives ([`types`], and the ISP's [`directory`] of zones, technicians and services), its
//! error, and the implementations: [`sqlite`], the embedded default, and [`postgres`], for
//! several instances on one database.
//!
//! The handlers hold a [`Store`], a shared `dyn Backend`; they never see which database is
//! behind it.

mod directory;
mod error;
mod events;
mod mirror;
mod outages;
mod photos;
pub mod postgres;
pub mod sqlite;
mod types;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::{StatusGroup, StatusKind, Ticket, TicketId};

pub use directory::{Directory, Saved, ServiceRecord, Technician, Written, Zone};
pub use error::StoreError;
pub use events::{Actor, EVENT_RETENTION_DAYS, EventKind, EventTicket, NewEvent, Notifications, WebhookDelivery};
pub use mirror::{MirrorCopy, Mirrored, UpstreamAnswer, UpstreamTicket, reference_in};
pub use outages::{Ended, Joined, Outages, outage_event};
pub use photos::{Attached, NewPhoto, PhotoDelivery, Photos, StoredPhoto};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use types::{
    Created, Delivery, IDEMPOTENCY_KEY_HOURS, IN_FLIGHT_STALE_SECONDS, IdempotencyBegin, IdempotencyKey, Keyed,
    MessageKind, NewTicket, Page, RenderAnswer, ReplyDelivery, Service, StoredAnswer, StoredTicket, TOKEN_ID_CHARS,
    ThreadPage, Tokens, status_codes,
};

use crate::ServerPolicy;

/// A boxed future of a store operation (so that [`Backend`] can be used as a trait object).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Everything the handlers need from a ticket store, and nothing more: what a second
/// implementation (PostgreSQL) must provide. SQLite ([`SqliteStore`]) is the embedded
/// default; the handlers do not know which one they hold. Filling a database with demo data
/// and reading it directly in tests are the concern of each implementation, not of this
/// trait.
pub trait Backend: Notifications + Outages + Photos + Send + Sync + fmt::Debug {
    /// One ticket by id, with the labels of `policy`.
    ///
    /// # Errors
    /// On a store failure.
    fn ticket(&self, id: TicketId, policy: Arc<ServerPolicy>) -> StoreFuture<'_, Option<StoredTicket>>;

    /// A page of the tickets of one service (every service's, with `None`), newest first,
    /// optionally only one status group, and with `unread_only` only those on which staff
    /// acted since the subscriber last opened them. Returns the page and the total count.
    ///
    /// # Errors
    /// On a store failure.
    fn list_tickets(
        &self,
        service_id: Option<i64>,
        group: Option<StatusGroup>,
        unread_only: bool,
        page: Page,
        policy: Arc<ServerPolicy>,
    ) -> StoreFuture<'_, (Vec<Ticket>, u64)>;

    /// The newest `limit` tickets of a service, newest first, each with the local time of
    /// its latest public message (its creation when it has none): one query, whatever the
    /// number of tickets.
    ///
    /// # Errors
    /// On a store failure.
    fn tickets_with_activity(
        &self,
        service_id: i64,
        limit: u32,
        policy: Arc<ServerPolicy>,
    ) -> StoreFuture<'_, Vec<(Ticket, NaiveDateTime)>>;

    /// The service a subscriber token (by its hash) is bound to, if the token is known and
    /// not expired at `now`.
    ///
    /// # Errors
    /// On a store failure.
    fn service_for_token(&self, token_hash: String, now: DateTime<Utc>) -> StoreFuture<'_, Option<Service>>;

    /// A service by id.
    ///
    /// # Errors
    /// On a store failure.
    fn service(&self, id: i64) -> StoreFuture<'_, Option<Service>>;

    /// Insert `new` (with its opening message) unless its zone, or its service, already holds
    /// its maximum of active tickets under the policy's active states. The counts and the
    /// insert are one atomic decision: no concurrency, in any number of callers, may exceed
    /// either limit.
    ///
    /// With `keyed`, the same transaction first checks that the key has no answer yet (else
    /// nothing is inserted and [`Created::Replayed`] gives the answer) and stores the key's
    /// answer with the outcome: a ticket never exists without its key's answer.
    ///
    /// # Errors
    /// On a store failure, or when the answer cannot be rendered (nothing is inserted).
    fn create_ticket(
        &self,
        new: NewTicket,
        policy: Arc<ServerPolicy>,
        keyed: Option<Keyed>,
    ) -> StoreFuture<'_, Created>;

    /// How many active tickets `zone_id` holds under the policy's active states.
    ///
    /// # Errors
    /// On a store failure.
    fn active_in_zone(&self, zone_id: i64, policy: Arc<ServerPolicy>) -> StoreFuture<'_, u64>;

    /// Whether a technician exists.
    ///
    /// # Errors
    /// On a store failure.
    fn technician_exists(&self, technician_id: i64) -> StoreFuture<'_, bool>;

    /// Whether a zone exists.
    ///
    /// # Errors
    /// On a store failure.
    fn zone_exists(&self, zone_id: i64) -> StoreFuture<'_, bool>;

    /// Look up (and, when unknown, claim) an idempotency key, at `now`. A claim without an answer older
    /// than `stale` is taken over. Expired keys are forgotten here.
    ///
    /// # Errors
    /// On a store failure.
    fn idempotency_begin(
        &self,
        key: IdempotencyKey,
        now: DateTime<Utc>,
        stale: chrono::Duration,
    ) -> StoreFuture<'_, IdempotencyBegin>;

    /// Record the answer given to the request that claimed the key, unless the key has one
    /// already (a create stores its own, see [`Backend::create_ticket`]).
    ///
    /// # Errors
    /// On a store failure.
    fn idempotency_finish(&self, key: IdempotencyKey, answer: StoredAnswer) -> StoreFuture<'_, ()>;

    /// Forget a claimed key with no answer whose request failed on the server's side, so a
    /// retry can run at once.
    ///
    /// # Errors
    /// On a store failure.
    fn idempotency_abandon(&self, key: IdempotencyKey) -> StoreFuture<'_, ()>;

    /// Page `page` of a ticket's public messages, page 1 the newest, each page oldest first
    /// (and, when `with_notes`, the same page of its staff notes), with the total count.
    ///
    /// # Errors
    /// On a store failure.
    fn messages(&self, ticket_id: TicketId, with_notes: bool, page: Page) -> StoreFuture<'_, ThreadPage>;

    /// Append a message of `kind` to a ticket; a staff answer writes its event in the same
    /// transaction (and marks the ticket unread for its subscriber).
    ///
    /// # Errors
    /// On a store failure.
    fn add_message(
        &self,
        ticket_id: TicketId,
        kind: MessageKind,
        name: String,
        body: String,
        at: NaiveDateTime,
    ) -> StoreFuture<'_, ()>;

    /// Set a ticket's status code; a change writes its event in the same transaction (and,
    /// made by staff, marks the ticket unread for its subscriber).
    ///
    /// # Errors
    /// On a store failure.
    fn set_status(&self, ticket_id: TicketId, status: StatusKind, by: Actor) -> StoreFuture<'_, ()>;

    /// The display name of a service's subscriber.
    ///
    /// # Errors
    /// On a store failure.
    fn subscriber_name(&self, service_id: i64) -> StoreFuture<'_, String>;

    /// Store a new subscriber token (by its hash) for a service, valid until `expires_at`.
    ///
    /// # Errors
    /// On a store failure.
    fn insert_token(&self, token_hash: String, service_id: i64, expires_at: DateTime<Utc>) -> StoreFuture<'_, ()>;

    /// Revoke the subscriber tokens `which` names: they stop working at the next request.
    /// Returns how many there were.
    ///
    /// # Errors
    /// On a store failure.
    fn revoke_tokens(&self, which: Tokens) -> StoreFuture<'_, u64>;

    /// Every zone, by id.
    ///
    /// # Errors
    /// On a store failure.
    fn zones(&self) -> StoreFuture<'_, Vec<Zone>>;

    /// Every technician, by id.
    ///
    /// # Errors
    /// On a store failure.
    fn technicians(&self) -> StoreFuture<'_, Vec<Technician>>;

    /// A page of the services (of one zone, with `zone_id`), by id, with their total.
    ///
    /// # Errors
    /// On a store failure.
    fn services(&self, zone_id: Option<i64>, page: Page) -> StoreFuture<'_, (Vec<ServiceRecord>, u64)>;

    /// Create or update (by id) the zones, technicians and services of `batch`, all in one
    /// transaction: a service whose zone or technician does not exist refuses the whole
    /// batch ([`Saved::Refused`]), and nothing is written.
    ///
    /// # Errors
    /// On a store failure (nothing is written either).
    fn save_directory(&self, batch: Directory) -> StoreFuture<'_, Saved>;

    /// Up to `limit` deliveries due at `now`, each leased until `lease_until` and counted as
    /// an attempt before it is tried.
    ///
    /// # Errors
    /// On a store failure.
    fn lease_deliveries(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<Delivery>>;

    /// Ticket `ticket_id` is in the back office as `upstream_id`: the delivery is done.
    ///
    /// # Errors
    /// On a store failure.
    fn delivered(&self, ticket_id: i64, upstream_id: i64) -> StoreFuture<'_, ()>;

    /// A delivery failed with `error`; try it again at `retry_at`.
    ///
    /// # Errors
    /// On a store failure.
    fn delivery_failed(&self, ticket_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()>;

    /// How many deliveries wait (tickets and replies), and the local creation time of the
    /// oldest waiting ticket.
    ///
    /// # Errors
    /// On a store failure.
    fn outbox_depth(&self) -> StoreFuture<'_, (u64, Option<String>)>;

    /// Write the back office's `tickets` over the mirror, read at `now` (`now_local` in the
    /// ISP's time), in one transaction: each linked to the local ticket with its number, or
    /// to the gateway's own undelivered one by the reference in its description, or added
    /// for its service; its status and its new staff answers taken. With `complete`, they
    /// are the whole list: mirrored tickets it no longer lists are closed, and `now` becomes
    /// the time of the last complete picture.
    ///
    /// # Errors
    /// On a store failure (nothing is written).
    fn mirror(
        &self,
        tickets: Vec<UpstreamTicket>,
        complete: bool,
        now: DateTime<Utc>,
        now_local: NaiveDateTime,
    ) -> StoreFuture<'_, Mirrored>;

    /// Add subscriber `name`'s reply `body` to ticket `ticket_id` at `at`, with its delivery to
    /// the back office under `reference`, in one transaction.
    ///
    /// # Errors
    /// On a store failure (nothing is written).
    fn add_reply_to_deliver(
        &self,
        ticket_id: TicketId,
        name: String,
        body: String,
        at: NaiveDateTime,
        reference: String,
    ) -> StoreFuture<'_, ()>;

    /// Up to `limit` replies due at `now` whose ticket the back office holds, each leased
    /// until `lease_until` and counted as an attempt before it is tried.
    ///
    /// # Errors
    /// On a store failure.
    fn lease_replies(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<ReplyDelivery>>;

    /// Reply `message_id` is in the back office (as `upstream_id`, when known).
    ///
    /// # Errors
    /// On a store failure.
    fn reply_delivered(&self, message_id: i64, upstream_id: Option<i64>) -> StoreFuture<'_, ()>;

    /// A reply's delivery failed with `error`; try it again at `retry_at`.
    ///
    /// # Errors
    /// On a store failure.
    fn reply_delivery_failed(&self, message_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()>;

    /// When the last complete picture of the back office's tickets was taken, if ever.
    ///
    /// # Errors
    /// On a store failure.
    fn mirror_complete_at(&self) -> StoreFuture<'_, Option<DateTime<Utc>>>;

    /// Ticket `ticket_id`'s back-office number and when the mirror last read it, if it has
    /// one.
    ///
    /// # Errors
    /// On a store failure.
    fn mirror_of(&self, ticket_id: i64) -> StoreFuture<'_, Option<MirrorCopy>>;

    /// The local ticket the back office shows its users as `number` (WHMCS's `tid`), if any.
    ///
    /// # Errors
    /// On a store failure.
    fn ticket_by_number(&self, number: String) -> StoreFuture<'_, Option<TicketId>>;
}

/// The handle handlers use: any [`Backend`], shared. Cheap to clone; derefs to the backend.
#[derive(Clone, Debug)]
pub struct Store(Arc<dyn Backend>);

impl Store {
    /// A handle on `backend`.
    pub fn new(backend: impl Backend + 'static) -> Self {
        Self(Arc::new(backend))
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;

    fn deref(&self) -> &Self::Target {
        self.0.as_ref()
    }
}
