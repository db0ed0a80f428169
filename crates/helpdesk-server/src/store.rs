//! The ticket store: the [`Backend`] interface the handlers use, and its embedded SQLite
//! implementation behind one connection.
//!
//! All SQLite access goes through [`SqliteStore::call`], which runs a closure on the blocking pool with
//! the connection locked. One connection serialises writers, so the check-then-insert of
//! the zone limit is atomic and SQLite never answers "database is locked".

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use helpdesk_core::zone::ZoneDecision;
use helpdesk_core::{
    Author, Message, Priority, PriorityLevel, StaffNote, Status, StatusGroup, StatusKind, Ticket, TicketId,
};
use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};

use crate::ServerPolicy;

/// A store failure (I/O, corruption, a bug); answered as a 500 without detail.
#[derive(Debug)]
pub struct StoreError(String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<String> for StoreError {
    fn from(message: String) -> Self {
        Self(message)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        Self(e.to_string())
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        Self(e.to_string())
    }
}

/// The schema, one migration per version. Never edit a released migration; add one.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(
            "CREATE TABLE zones (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL
        );
        CREATE TABLE services (
            id INTEGER PRIMARY KEY,
            zone_id INTEGER NOT NULL REFERENCES zones(id),
            subscriber_name TEXT NOT NULL,
            technician_id INTEGER NOT NULL
        );
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            service_id INTEGER NOT NULL REFERENCES services(id),
            zone_id INTEGER NOT NULL REFERENCES zones(id),
            technician_id INTEGER NOT NULL,
            subject TEXT NOT NULL,
            description TEXT NOT NULL,
            status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),
            priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
            created_at TEXT NOT NULL,
            end_date TEXT
        );
        CREATE INDEX tickets_by_service ON tickets(service_id, id DESC);
        CREATE INDEX tickets_by_zone_status ON tickets(zone_id, status);
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            author TEXT NOT NULL CHECK (author IN ('subscriber', 'staff', 'note')),
            author_name TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX messages_by_ticket ON messages(ticket_id, id);
        CREATE TABLE subscriber_tokens (
            token_hash TEXT PRIMARY KEY,
            service_id INTEGER NOT NULL REFERENCES services(id),
            expires_at TEXT NOT NULL
        );",
        ),
        M::up(
            "CREATE TABLE idempotency_keys (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
            status INTEGER,
            response TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (scope, key)
        );
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);",
        ),
        // The list counts a service's tickets by status: answered from this index alone.
        M::up("CREATE INDEX tickets_by_service_status ON tickets(service_id, status, id DESC);"),
    ])
}

/// How long an idempotency key is remembered. Stripe keeps keys 24 hours; we keep 48.
pub const IDEMPOTENCY_KEY_HOURS: i64 = 48;
/// An in-flight key older than this is taken to belong to a request that died.
const IN_FLIGHT_STALE_SECONDS: i64 = 60;

/// A stored key: request hash, state, answered status, answered body, claimed at.
type KeyRow = (String, String, Option<u16>, Option<String>, String);

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

/// A boxed future of a store operation (so that [`Backend`] can be used as a trait object).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Everything the handlers need from a ticket store. SQLite ([`SqliteStore`]) is the
/// embedded default; another database (PostgreSQL) is another implementation of this trait,
/// and the handlers do not change.
pub trait Backend: Send + Sync + fmt::Debug {
    /// One ticket by id, with the labels of `policy`.
    ///
    /// # Errors
    /// On a store failure.
    fn ticket(&self, id: TicketId, policy: Arc<ServerPolicy>) -> StoreFuture<'_, Option<StoredTicket>>;

    /// A page of a service's tickets, newest first, optionally only one status group.
    /// Returns the page and the total count.
    ///
    /// # Errors
    /// On a store failure.
    fn tickets_of_service(
        &self,
        service_id: i64,
        group: Option<StatusGroup>,
        page: u32,
        per_page: u32,
        policy: Arc<ServerPolicy>,
    ) -> StoreFuture<'_, (Vec<Ticket>, u64)>;

    /// The service a subscriber token (by its hash) is bound to, if the token is known and
    /// not expired at `now_utc` (RFC 3339).
    ///
    /// # Errors
    /// On a store failure.
    fn service_for_token(&self, token_hash: String, now_utc: String) -> StoreFuture<'_, Option<Service>>;

    /// A service by id.
    ///
    /// # Errors
    /// On a store failure.
    fn service(&self, id: i64) -> StoreFuture<'_, Option<Service>>;

    /// Insert `new` unless its zone already holds the maximum of active tickets: the count
    /// and the insert happen in one `IMMEDIATE` transaction on the single connection, so no
    /// concurrency can exceed the limit.
    ///
    /// # Errors
    /// On a store failure.
    fn create_ticket(&self, new: NewTicket, policy: Arc<ServerPolicy>) -> StoreFuture<'_, Created>;

    /// How many active tickets `zone_id` holds under the policy's active states.
    ///
    /// # Errors
    /// On a store failure.
    fn active_in_zone(&self, zone_id: i64, policy: Arc<ServerPolicy>) -> StoreFuture<'_, u64>;

    /// Whether a zone exists.
    ///
    /// # Errors
    /// On a store failure.
    fn zone_exists(&self, zone_id: i64) -> StoreFuture<'_, bool>;

    /// Look up (and, when unknown, claim) an idempotency key of `scope` for a request whose
    /// canonical body hashes to `request_hash`. Expired keys are forgotten here.
    ///
    /// # Errors
    /// On a store failure.
    fn idempotency_begin(&self, scope: String, key: String, request_hash: String) -> StoreFuture<'_, IdempotencyBegin>;

    /// Record the answer given to the request that claimed the key.
    ///
    /// # Errors
    /// On a store failure.
    fn idempotency_finish(&self, scope: String, key: String, status: u16, body: String) -> StoreFuture<'_, ()>;

    /// Forget a claimed key whose request failed on the server's side, so a retry can run.
    ///
    /// # Errors
    /// On a store failure.
    fn idempotency_abandon(&self, scope: String, key: String) -> StoreFuture<'_, ()>;

    /// The public messages of a ticket (and, when `with_notes`, the staff notes), oldest first.
    ///
    /// # Errors
    /// On a store failure.
    fn messages(&self, ticket_id: TicketId, with_notes: bool) -> StoreFuture<'_, (Vec<Message>, Vec<StaffNote>)>;

    /// Append a message (`subscriber`, `staff` or `note`) to a ticket.
    ///
    /// # Errors
    /// On a store failure.
    fn add_message(
        &self,
        ticket_id: TicketId,
        author: &'static str,
        name: String,
        body: String,
        at: NaiveDateTime,
    ) -> StoreFuture<'_, ()>;

    /// Set a ticket's status code.
    ///
    /// # Errors
    /// On a store failure.
    fn set_status(&self, ticket_id: TicketId, status: StatusKind) -> StoreFuture<'_, ()>;

    /// The display name of a service's subscriber.
    ///
    /// # Errors
    /// On a store failure.
    fn subscriber_name(&self, service_id: i64) -> StoreFuture<'_, String>;

    /// Store a new subscriber token (by its hash) for a service, valid until `expires_at`.
    ///
    /// # Errors
    /// On a store failure.
    fn insert_token(&self, token_hash: String, service_id: i64, expires_at: String) -> StoreFuture<'_, ()>;

    /// Fill an empty database with the demo data of [`crate::demo`]. Returns whether it did.
    ///
    /// # Errors
    /// On a store failure.
    fn seed_demo_if_empty(&self, now_local: NaiveDateTime, policy: Arc<ServerPolicy>) -> StoreFuture<'_, bool>;

    /// The SQLite store behind this backend, if it is one (tests and tools use its SQL).
    fn as_sqlite(&self) -> Option<&SqliteStore> {
        None
    }
}

/// The handle handlers use: any [`Backend`], shared. Cheap to clone; derefs to the backend.
#[derive(Clone, Debug)]
pub struct Store(Arc<dyn Backend>);

impl Store {
    /// A handle on `backend`.
    pub fn new(backend: impl Backend + 'static) -> Self {
        Self(Arc::new(backend))
    }

    /// The embedded default: a SQLite file at `path`, created (and migrated) when needed.
    ///
    /// # Errors
    /// When the file cannot be opened or migrated.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        SqliteStore::open(path).map(Self::new)
    }

    /// A private in-memory SQLite database, for tests.
    ///
    /// # Errors
    /// When SQLite cannot allocate it.
    pub fn in_memory() -> Result<Self, StoreError> {
        SqliteStore::in_memory().map(Self::new)
    }

    /// The SQLite store behind this handle, if it is one.
    #[must_use]
    pub fn sqlite(&self) -> Option<&SqliteStore> {
        self.0.as_sqlite()
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;

    fn deref(&self) -> &Self::Target {
        self.0.as_ref()
    }
}

/// The SQLite store: one connection, WAL. Cheap to clone.
#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

const LOCAL_FORMAT: &str = helpdesk_core::LOCAL_MINUTE_FORMAT;

/// The one text form of UTC instants in the database (RFC 3339, seconds, `Z`), so that
/// string order is time order.
#[must_use]
pub fn utc_stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl SqliteStore {
    /// Open (creating when missing) the database at `path` and bring its schema up to date.
    ///
    /// # Errors
    /// When the file cannot be opened or migrated.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::setup(Connection::open(path)?)
    }

    /// A private in-memory database, for tests.
    ///
    /// # Errors
    /// When SQLite cannot allocate it.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self, StoreError> {
        // WAL with synchronous=FULL: a commit is on disk before the 201 goes out.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations().to_latest(&mut conn)?;
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Run `f` with the connection, on the blocking pool.
    ///
    /// # Errors
    /// What `f` returns, or a failure to run it.
    pub async fn call<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| StoreError("connection lock poisoned".into()))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| StoreError(e.to_string()))?
    }
}

impl Backend for SqliteStore {
    fn ticket(&self, id: TicketId, policy: Arc<ServerPolicy>) -> StoreFuture<'_, Option<StoredTicket>> {
        Box::pin(async move {
            let Ok(id) = i64::try_from(id) else {
                return Ok(None);
            };
            self.call(move |c| {
                let sql = format!("{TICKET_SELECT} WHERE t.id = ?1");
                Ok(c.query_row(&sql, [id], |row| stored_ticket(row, &policy)).optional()?)
            })
            .await
        })
    }

    fn tickets_of_service(
        &self,
        service_id: i64,
        group: Option<StatusGroup>,
        page: u32,
        per_page: u32,
        policy: Arc<ServerPolicy>,
    ) -> StoreFuture<'_, (Vec<Ticket>, u64)> {
        Box::pin(async move {
            let codes: Vec<i64> = match group {
                None => vec![1, 2, 3, 4],
                Some(StatusGroup::Open) => vec![1],
                Some(StatusGroup::InProgress) => vec![2],
                Some(StatusGroup::Closed) => vec![3, 4],
            };
            self.call(move |c| {
                let in_list = codes.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                let total: i64 = c.query_row(
                    &format!("SELECT COUNT(*) FROM tickets WHERE service_id = ?1 AND status IN ({in_list})"),
                    [service_id],
                    |r| r.get(0),
                )?;
                let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
                let sql = format!(
                    "{TICKET_SELECT} WHERE t.service_id = ?1 AND t.status IN ({in_list}) ORDER BY t.id DESC LIMIT ?2 OFFSET ?3"
                );
                let mut stmt = c.prepare(&sql)?;
                let rows = stmt.query_map(params![service_id, per_page, offset], |row| stored_ticket(row, &policy))?;
                let tickets = rows.map(|r| r.map(|s| s.ticket)).collect::<Result<Vec<_>, _>>()?;
                Ok((tickets, u64::try_from(total).unwrap_or(0)))
            })
            .await
        })
    }

    fn service_for_token(&self, token_hash: String, now_utc: String) -> StoreFuture<'_, Option<Service>> {
        Box::pin(async move {
            self.call(move |c| {
                Ok(c.query_row(
                    "SELECT s.id, s.zone_id, s.technician_id FROM subscriber_tokens k
                     JOIN services s ON s.id = k.service_id
                     WHERE k.token_hash = ?1 AND k.expires_at > ?2",
                    params![token_hash, now_utc],
                    service_row,
                )
                .optional()?)
            })
            .await
        })
    }

    fn service(&self, id: i64) -> StoreFuture<'_, Option<Service>> {
        Box::pin(async move {
            self.call(move |c| {
                Ok(c.query_row("SELECT id, zone_id, technician_id FROM services WHERE id = ?1", [id], service_row)
                    .optional()?)
            })
            .await
        })
    }

    fn create_ticket(&self, new: NewTicket, policy: Arc<ServerPolicy>) -> StoreFuture<'_, Created> {
        Box::pin(async move {
            self.call(move |c| {
                let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let states = policy.rules.zone.active_states.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
                let active: i64 = tx.query_row(
                    &format!("SELECT COUNT(*) FROM tickets WHERE zone_id = ?1 AND status IN ({states})"),
                    [new.zone_id],
                    |r| r.get(0),
                )?;
                if let ZoneDecision::Blocked { max_tickets } =
                    policy.rules.zone.decide(u64::try_from(active).unwrap_or(0))
                {
                    return Ok(Created::ZoneFull { max_tickets });
                }
                let author: String =
                    tx.query_row("SELECT subscriber_name FROM services WHERE id = ?1", [new.service_id], |r| r.get(0))?;
                let id = insert_ticket(&tx, &new, &author)?;
                let sql = format!("{TICKET_SELECT} WHERE t.id = ?1");
                let stored =
                    tx.query_row(&sql, [i64::try_from(id).unwrap_or_default()], |row| stored_ticket(row, &policy))?;
                tx.commit()?;
                Ok(Created::Ticket(stored.ticket))
            })
            .await
        })
    }

    fn active_in_zone(&self, zone_id: i64, policy: Arc<ServerPolicy>) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            self.call(move |c| {
                let states = policy.rules.zone.active_states.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
                let n: i64 = c.query_row(
                    &format!("SELECT COUNT(*) FROM tickets WHERE zone_id = ?1 AND status IN ({states})"),
                    [zone_id],
                    |r| r.get(0),
                )?;
                Ok(u64::try_from(n).unwrap_or(0))
            })
            .await
        })
    }

    fn zone_exists(&self, zone_id: i64) -> StoreFuture<'_, bool> {
        Box::pin(async move {
            self.call(move |c| {
                Ok(c.query_row("SELECT 1 FROM zones WHERE id = ?1", [zone_id], |_| Ok(())).optional()?.is_some())
            })
            .await
        })
    }

    fn idempotency_begin(&self, scope: String, key: String, request_hash: String) -> StoreFuture<'_, IdempotencyBegin> {
        Box::pin(async move {
            self.call(move |c| {
                let now = chrono::Utc::now();
                let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let expired = utc_stamp(now - chrono::Duration::hours(IDEMPOTENCY_KEY_HOURS));
                tx.execute("DELETE FROM idempotency_keys WHERE created_at < ?1", [expired])?;
                let found: Option<KeyRow> = tx
                    .query_row(
                        "SELECT request_hash, state, status, response, created_at FROM idempotency_keys WHERE scope = ?1 AND key = ?2",
                        params![scope, key],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                    )
                    .optional()?;
                let stale = utc_stamp(now - chrono::Duration::seconds(IN_FLIGHT_STALE_SECONDS));
                let outcome = match found {
                    Some((hash, _, _, _, _)) if hash != request_hash => IdempotencyBegin::Mismatch,
                    Some((_, state, Some(status), Some(body), _)) if state == "done" => IdempotencyBegin::Replay { status, body },
                    Some((_, _, _, _, created)) if created >= stale => IdempotencyBegin::InFlight,
                    _ => {
                        tx.execute(
                            "INSERT OR REPLACE INTO idempotency_keys (scope, key, request_hash, state, created_at)
                             VALUES (?1, ?2, ?3, 'in_flight', ?4)",
                            params![scope, key, request_hash, utc_stamp(now)],
                        )?;
                        IdempotencyBegin::Fresh
                    }
                };
                tx.commit()?;
                Ok(outcome)
            })
            .await
        })
    }

    fn idempotency_finish(&self, scope: String, key: String, status: u16, body: String) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.call(move |c| {
                c.execute(
                    "UPDATE idempotency_keys SET state = 'done', status = ?3, response = ?4 WHERE scope = ?1 AND key = ?2",
                    params![scope, key, status, body],
                )?;
                Ok(())
            })
            .await
        })
    }

    fn idempotency_abandon(&self, scope: String, key: String) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.call(move |c| {
                c.execute(
                    "DELETE FROM idempotency_keys WHERE scope = ?1 AND key = ?2 AND state = 'in_flight'",
                    params![scope, key],
                )?;
                Ok(())
            })
            .await
        })
    }

    fn messages(&self, ticket_id: TicketId, with_notes: bool) -> StoreFuture<'_, (Vec<Message>, Vec<StaffNote>)> {
        Box::pin(async move {
            let id = i64::try_from(ticket_id).unwrap_or(-1);
            self.call(move |c| {
                let mut stmt = c.prepare(
                    "SELECT id, author, author_name, body, created_at FROM messages WHERE ticket_id = ?1 ORDER BY id",
                )?;
                let rows = stmt.query_map([id], |r| {
                    let created: String = r.get(4)?;
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        parse_stored_time(4, &created)?,
                    ))
                })?;
                let mut messages = Vec::new();
                let mut notes = Vec::new();
                for row in rows {
                    let (mid, author, name, body, date) = row?;
                    let mid = u64::try_from(mid).unwrap_or_default();
                    match author.as_str() {
                        "note" if with_notes => notes.push(StaffNote { id: mid, admin: name, date, text: body }),
                        "note" => {}
                        "staff" => messages.push(Message { id: mid, author: Author::Staff, name, date, text: body }),
                        _ => messages.push(Message { id: mid, author: Author::Subscriber, name, date, text: body }),
                    }
                }
                Ok((messages, notes))
            })
            .await
        })
    }

    fn add_message(
        &self,
        ticket_id: TicketId,
        author: &'static str,
        name: String,
        body: String,
        at: NaiveDateTime,
    ) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let id = i64::try_from(ticket_id).unwrap_or(-1);
            self.call(move |c| {
                c.execute(
                    "INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, author, name, body, at.format(LOCAL_FORMAT).to_string()],
                )?;
                Ok(())
            })
            .await
        })
    }

    fn set_status(&self, ticket_id: TicketId, status: StatusKind) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let id = i64::try_from(ticket_id).unwrap_or(-1);
            self.call(move |c| {
                c.execute("UPDATE tickets SET status = ?2 WHERE id = ?1", params![id, status.code()])?;
                Ok(())
            })
            .await
        })
    }

    fn subscriber_name(&self, service_id: i64) -> StoreFuture<'_, String> {
        Box::pin(async move {
            self.call(move |c| {
                Ok(c.query_row("SELECT subscriber_name FROM services WHERE id = ?1", [service_id], |r| r.get(0))
                    .optional()?
                    .unwrap_or_default())
            })
            .await
        })
    }

    fn insert_token(&self, token_hash: String, service_id: i64, expires_at: String) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.call(move |c| {
                c.execute("DELETE FROM subscriber_tokens WHERE expires_at < ?1", [utc_stamp(chrono::Utc::now())])?;
                c.execute(
                    "INSERT INTO subscriber_tokens (token_hash, service_id, expires_at) VALUES (?1, ?2, ?3)",
                    params![token_hash, service_id, expires_at],
                )?;
                Ok(())
            })
            .await
        })
    }

    fn seed_demo_if_empty(&self, now_local: NaiveDateTime, policy: Arc<ServerPolicy>) -> StoreFuture<'_, bool> {
        Box::pin(async move { self.call(move |c| crate::demo::seed_if_empty(c, now_local, &policy)).await })
    }

    fn as_sqlite(&self) -> Option<&SqliteStore> {
        Some(self)
    }
}

/// Insert a ticket and its opening message inside `tx`. Returns the new id.
///
/// # Errors
/// On a store failure.
pub fn insert_ticket(tx: &Connection, t: &NewTicket, author_name: &str) -> Result<TicketId, StoreError> {
    tx.execute(
        "INSERT INTO tickets (service_id, zone_id, technician_id, subject, description, status, priority, created_at, end_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            t.service_id,
            t.zone_id,
            t.technician_id,
            t.subject,
            t.description,
            t.status.code(),
            t.priority.number(),
            t.created_at.format(LOCAL_FORMAT).to_string(),
            t.end_date.map(|d| d.format(LOCAL_FORMAT).to_string()),
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES (?1, 'subscriber', ?2, ?3, ?4)",
        params![id, author_name, t.description, t.created_at.format(LOCAL_FORMAT).to_string()],
    )?;
    u64::try_from(id).map_err(|_| StoreError("negative rowid".into()))
}

const TICKET_SELECT: &str = "SELECT t.id, t.service_id, t.subject, t.status, t.priority, t.created_at, t.end_date,
    (SELECT m.body FROM messages m WHERE m.ticket_id = t.id AND m.author = 'staff' ORDER BY m.id DESC LIMIT 1)
    FROM tickets t";

fn service_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Service> {
    Ok(Service { id: row.get(0)?, zone_id: row.get(1)?, technician_id: row.get(2)? })
}

/// A stored local time, read by the core's reader of the form it was written in.
fn parse_stored_time(idx: usize, text: &str) -> rusqlite::Result<NaiveDateTime> {
    helpdesk_core::time::parse_local("stored time", text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

fn stored_ticket(row: &rusqlite::Row<'_>, policy: &ServerPolicy) -> rusqlite::Result<StoredTicket> {
    let id: i64 = row.get(0)?;
    let status_code: i64 = row.get(3)?;
    let priority: i64 = row.get(4)?;
    let created: String = row.get(5)?;
    let end: Option<String> = row.get(6)?;
    let kind = StatusKind::from_code(status_code).unwrap_or(StatusKind::Other);
    let label = usize::try_from(status_code - 1)
        .ok()
        .and_then(|i| policy.status_labels.get(i))
        .cloned()
        .unwrap_or_else(|| status_code.to_string());
    Ok(StoredTicket {
        service_id: row.get(1)?,
        ticket: Ticket {
            id: u64::try_from(id).unwrap_or_default(),
            subject: row.get(2)?,
            status: Status { kind, label },
            priority: PriorityLevel::from_number(priority)
                .map_or_else(|| Priority::from_label(&priority.to_string()), Priority::of),
            created_at: parse_stored_time(5, &created)?,
            end_date: end.as_deref().map(|e| parse_stored_time(6, e)).transpose()?,
            answer: row.get(7)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }
}
