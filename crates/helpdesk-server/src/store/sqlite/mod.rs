//! The embedded store: SQLite in one file, one connection, WAL with `synchronous=FULL`; its
//! photos in files beside it ([`photo_files`]).
//!
//! All access goes through [`SqliteStore::call`], which runs a closure on the connection's
//! own thread ([`worker`]), one call at a time. One connection serialises writers, so the check-then-insert
//! of the zone limit is atomic and SQLite never answers "database is locked". The schema is
//! the numbered files of `migrations/`, applied in order by `rusqlite_migration`.

mod batch;
mod cached;
mod create;
mod directory;
mod events;
mod keys;
mod mirror;
mod outages;
mod outbox;
mod photo_files;
mod photos;
mod replies;
mod rows;
mod schema;
mod syncer;
mod threads;
mod worker;

use self::cached::Cached;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::{StatusGroup, StatusKind, Ticket, TicketId};
use rusqlite::{Connection, OptionalExtension, params};

use photo_files::PhotoFiles;
use rows::TICKET_SELECT;
pub use rows::{insert_message, insert_ticket};

use super::{
    Actor, Backend, Created, Delivery, Directory, IdempotencyBegin, IdempotencyKey, Keyed, MessageKind, MirrorCopy,
    Mirrored, NewTicket, Page, ReplyDelivery, Saved, Service, ServiceRecord, StoreError, StoreFuture, StoredAnswer,
    StoredTicket, TOKEN_ID_CHARS, Technician, ThreadPage, Tokens, UpstreamTicket, Zone,
};
use crate::ServerPolicy;
use crate::clock::utc_text;

/// The SQLite store: one connection, WAL, on a thread of its own. Cheap to clone.
#[derive(Clone)]
pub struct SqliteStore {
    conn: worker::Worker,
    /// Where photos go: files beside the database, or (in memory) the database itself.
    files: Option<PhotoFiles>,
    /// Creates waiting to be committed together.
    creates: create::Pending,
    /// Idempotency claims waiting to be committed together.
    claims: keys::Claims,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Open (creating when missing) the database at `path` and bring its schema up to date;
    /// its photos are files in `<path>-photos/`, from which it removes what no photo names
    /// (what a crash between a file and its row left).
    ///
    /// # Errors
    /// When the file cannot be opened or migrated, or the photo folder swept.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let store = Self::setup(Connection::open(path)?, Some(PhotoFiles::beside(path)))?;
        photos::sweep_on_opening(&store)?;
        Ok(store)
    }

    /// A private in-memory database, for tests; it keeps photos in the database.
    ///
    /// # Errors
    /// When SQLite cannot allocate it.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    /// The store over `conn`, set up; on a file (in WAL mode), batches' commits are confirmed
    /// by an fsync of its WAL on a thread of its own.
    fn setup(mut conn: Connection, files: Option<PhotoFiles>) -> Result<Self, StoreError> {
        schema::prepare(&mut conn)?;
        let syncer = schema::wal_file(&conn)?.map(syncer::Syncer::spawn).transpose()?;
        let (creates, claims) = (create::Pending::new(syncer.clone()), keys::Claims::new(syncer));
        Ok(Self { conn: worker::Worker::spawn(conn)?, files, creates, claims })
    }

    /// Run `f` with the connection, on its thread.
    ///
    /// # Errors
    /// What `f` returns, or a failure to run it.
    pub async fn call<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
        R: Send + 'static,
    {
        self.conn.call(f).await
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
                Ok(c.query_row_cached(&sql, [id], |row| rows::stored_ticket(row, &policy)).optional()?)
            })
            .await
        })
    }

    fn list_tickets(
        &self,
        service_id: Option<i64>,
        group: Option<StatusGroup>,
        unread_only: bool,
        page: Page,
        policy: Arc<ServerPolicy>,
    ) -> StoreFuture<'_, (Vec<Ticket>, u64)> {
        Box::pin(async move {
            let codes = super::status_codes(group);
            self.call(move |c| {
                let in_list = codes.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                // A service named outright, so its index is searched; `?1 IS NULL`: all tickets.
                let unread = if unread_only { " AND t.staff_activity > t.seen_activity" } else { "" };
                let service = if service_id.is_some() { "t.service_id = ?1" } else { "?1 IS NULL" };
                let filter = format!("{service} AND t.status IN ({in_list}){unread}");
                let total: i64 =
                    c.query_row_cached(&format!("SELECT COUNT(*) FROM tickets t WHERE {filter}"), [service_id], |r| {
                        r.get(0)
                    })?;
                let sql = format!("{TICKET_SELECT} WHERE {filter} ORDER BY t.id DESC LIMIT ?2 OFFSET ?3");
                let mut stmt = c.prepare_cached(&sql)?;
                let rows = stmt.query_map(params![service_id, page.size, page.offset()], |row| {
                    rows::stored_ticket(row, &policy)
                })?;
                let tickets = rows.map(|r| r.map(|s| s.ticket)).collect::<Result<Vec<_>, _>>()?;
                Ok((tickets, u64::try_from(total).unwrap_or(0)))
            })
            .await
        })
    }

    fn tickets_with_activity(
        &self,
        service_id: i64,
        limit: u32,
        policy: Arc<ServerPolicy>,
    ) -> StoreFuture<'_, Vec<(Ticket, NaiveDateTime)>> {
        Box::pin(async move { self.call(move |c| threads::activity(c, service_id, limit, &policy)).await })
    }

    fn service_for_token(&self, token_hash: String, now: DateTime<Utc>) -> StoreFuture<'_, Option<Service>> {
        Box::pin(async move {
            let now_utc = utc_text(now);
            self.call(move |c| {
                Ok(c.query_row_cached(
                    "SELECT s.id, s.zone_id, s.technician_id FROM subscriber_tokens k
                     JOIN services s ON s.id = k.service_id
                     WHERE k.token_hash = ?1 AND k.expires_at > ?2",
                    params![token_hash, now_utc],
                    rows::service,
                )
                .optional()?)
            })
            .await
        })
    }

    fn service(&self, id: i64) -> StoreFuture<'_, Option<Service>> {
        Box::pin(async move {
            self.call(move |c| {
                Ok(c.query_row_cached(
                    "SELECT id, zone_id, technician_id FROM services WHERE id = ?1",
                    [id],
                    rows::service,
                )
                .optional()?)
            })
            .await
        })
    }

    fn create_ticket(
        &self,
        new: NewTicket,
        policy: Arc<ServerPolicy>,
        keyed: Option<Keyed>,
    ) -> StoreFuture<'_, Created> {
        Box::pin(async move { self.creates.submit(&self.conn, (new, policy, keyed), create::run).await })
    }

    fn active_in_zone(&self, zone_id: i64, policy: Arc<ServerPolicy>) -> StoreFuture<'_, u64> {
        Box::pin(async move { self.call(move |c| rows::active_in_zone(c, zone_id, &policy)).await })
    }

    fn technician_exists(&self, technician_id: i64) -> StoreFuture<'_, bool> {
        Box::pin(async move { self.call(move |c| directory::exists(c, "technicians", technician_id)).await })
    }

    fn zone_exists(&self, zone_id: i64) -> StoreFuture<'_, bool> {
        Box::pin(async move {
            self.call(move |c| {
                Ok(c.query_row_cached("SELECT 1 FROM zones WHERE id = ?1", [zone_id], |_| Ok(())).optional()?.is_some())
            })
            .await
        })
    }

    fn idempotency_begin(
        &self,
        key: IdempotencyKey,
        now: DateTime<Utc>,
        stale: chrono::Duration,
    ) -> StoreFuture<'_, IdempotencyBegin> {
        Box::pin(async move { self.claims.submit(&self.conn, (key, now, stale), keys::claim).await })
    }

    fn idempotency_finish(&self, key: IdempotencyKey, answer: StoredAnswer) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| keys::store_answer(c, &key, &answer, Utc::now()).map(drop)).await })
    }

    fn idempotency_abandon(&self, key: IdempotencyKey) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| keys::abandon(c, &key)).await })
    }

    fn messages(&self, ticket_id: TicketId, with_notes: bool, page: Page) -> StoreFuture<'_, ThreadPage> {
        Box::pin(async move { self.call(move |c| threads::page(c, ticket_id, with_notes, page)).await })
    }

    fn add_message(
        &self,
        ticket_id: TicketId,
        kind: MessageKind,
        name: String,
        body: String,
        at: NaiveDateTime,
    ) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| events::add_message(c, ticket_id, kind, &name, &body, at)).await })
    }

    fn set_status(&self, ticket_id: TicketId, status: StatusKind, by: Actor) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| events::set_status(c, ticket_id, status, by)).await })
    }

    fn subscriber_name(&self, service_id: i64) -> StoreFuture<'_, String> {
        Box::pin(async move {
            self.call(move |c| {
                Ok(c.query_row_cached("SELECT subscriber_name FROM services WHERE id = ?1", [service_id], |r| r.get(0))
                    .optional()?
                    .unwrap_or_default())
            })
            .await
        })
    }

    fn insert_token(&self, token_hash: String, service_id: i64, expires_at: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.call(move |c| {
                c.execute_cached("DELETE FROM subscriber_tokens WHERE expires_at < ?1", [utc_text(Utc::now())])?;
                c.execute_cached(
                    "INSERT INTO subscriber_tokens (token_hash, service_id, expires_at) VALUES (?1, ?2, ?3)",
                    params![token_hash, service_id, utc_text(expires_at)],
                )?;
                Ok(())
            })
            .await
        })
    }

    fn zones(&self) -> StoreFuture<'_, Vec<Zone>> {
        Box::pin(async move { self.call(|c| directory::zones(c)).await })
    }

    fn technicians(&self) -> StoreFuture<'_, Vec<Technician>> {
        Box::pin(async move { self.call(|c| directory::technicians(c)).await })
    }

    fn services(&self, zone_id: Option<i64>, page: Page) -> StoreFuture<'_, (Vec<ServiceRecord>, u64)> {
        Box::pin(async move { self.call(move |c| directory::services(c, zone_id, page)).await })
    }

    fn save_directory(&self, batch: Directory) -> StoreFuture<'_, Saved> {
        Box::pin(async move { self.call(move |c| directory::save(c, &batch)).await })
    }

    fn lease_deliveries(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<Delivery>> {
        Box::pin(async move { self.call(move |c| outbox::lease_due(c, now, lease_until, limit)).await })
    }

    fn delivered(&self, ticket_id: i64, upstream_id: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| outbox::delivered(c, ticket_id, upstream_id)).await })
    }

    fn delivery_failed(&self, ticket_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| outbox::failed(c, ticket_id, &error, retry_at)).await })
    }

    fn outbox_depth(&self) -> StoreFuture<'_, (u64, Option<String>)> {
        Box::pin(async move { self.call(|c| outbox::depth(c)).await })
    }

    fn mirror(
        &self,
        tickets: Vec<UpstreamTicket>,
        complete: bool,
        now: DateTime<Utc>,
        now_local: NaiveDateTime,
    ) -> StoreFuture<'_, Mirrored> {
        let files = self.files.clone();
        Box::pin(async move {
            self.call(move |c| mirror::write(c, files.as_ref(), &tickets, complete, now, now_local)).await
        })
    }

    fn add_reply_to_deliver(
        &self,
        ticket_id: TicketId,
        name: String,
        body: String,
        at: NaiveDateTime,
        reference: String,
    ) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let id = i64::try_from(ticket_id).map_err(|_| StoreError::from("ticket id out of range"))?;
            self.call(move |c| replies::add(c, id, (&name, &body, at), &reference, Utc::now())).await
        })
    }

    fn lease_replies(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<ReplyDelivery>> {
        Box::pin(async move { self.call(move |c| replies::lease_due(c, now, lease_until, limit)).await })
    }

    fn reply_delivered(&self, message_id: i64, upstream_id: Option<i64>) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| replies::delivered(c, message_id, upstream_id)).await })
    }

    fn reply_delivery_failed(&self, message_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move { self.call(move |c| replies::failed(c, message_id, &error, retry_at)).await })
    }

    fn mirror_complete_at(&self) -> StoreFuture<'_, Option<DateTime<Utc>>> {
        Box::pin(async move { self.call(|c| mirror::complete_at(c)).await })
    }

    fn mirror_of(&self, ticket_id: i64) -> StoreFuture<'_, Option<MirrorCopy>> {
        Box::pin(async move { self.call(move |c| mirror::of_ticket(c, ticket_id)).await })
    }

    fn ticket_by_number(&self, number: String) -> StoreFuture<'_, Option<TicketId>> {
        Box::pin(async move {
            let id = self.call(move |c| mirror::by_number(c, &number)).await?;
            Ok(id.and_then(|id| u64::try_from(id).ok()))
        })
    }

    fn revoke_tokens(&self, which: Tokens) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            self.call(move |c| {
                let n = match which {
                    Tokens::Id(id) => c.execute_cached(
                        "DELETE FROM subscriber_tokens WHERE substr(token_hash, 1, ?2) = ?1",
                        params![id, u32::try_from(TOKEN_ID_CHARS).unwrap_or(u32::MAX)],
                    )?,
                    Tokens::OfService(service_id) => {
                        c.execute_cached("DELETE FROM subscriber_tokens WHERE service_id = ?1", [service_id])?
                    }
                };
                Ok(u64::try_from(n).unwrap_or_default())
            })
            .await
        })
    }
}
