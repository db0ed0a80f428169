//! The store for more than one machine: PostgreSQL, through a `deadpool-postgres` pool of
//! `tokio-postgres` connections, shared by any number of helpdesk-server instances.
//!
//! The schema is the numbered files of `migrations/` (refinery's `V<n>__<name>.sql`), applied
//! at start under a PostgreSQL advisory lock: instances that start together take turns, and
//! the later ones find the schema up to date. Every transaction runs at READ COMMITTED; the
//! decisions that must be exact across instances take a lock first — a create its zone's
//! row, an idempotency key an advisory lock of its own, the mirror's writes one advisory
//! lock — and leases pick rows `FOR UPDATE SKIP LOCKED` (ARCHITECTURE.md says why).

mod cached;
mod create;
mod directory;
mod events;
mod keys;
mod mirror;
mod outages;
mod outbox;
mod photos;
mod rows;
mod threads;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use helpdesk_core::{StatusGroup, StatusKind, Ticket, TicketId};
use tokio_postgres::NoTls;

use rows::TICKET_SELECT;

use super::{
    Actor, Backend, Created, Delivery, Directory, IdempotencyBegin, IdempotencyKey, Keyed, MessageKind, MirrorCopy,
    Mirrored, NewTicket, Page, ReplyDelivery, Saved, Service, ServiceRecord, StoreError, StoreFuture, StoredAnswer,
    StoredTicket, TOKEN_ID_CHARS, Technician, ThreadPage, Tokens, UpstreamTicket, Zone,
};
use crate::ServerPolicy;

mod embedded {
    refinery::embed_migrations!("src/store/postgres/migrations");
}

/// The advisory lock the schema's migrations are applied under (a constant of this schema).
const MIGRATION_LOCK: i64 = 0x6865_6c70_6d69_6772;

/// How many connections one instance holds at most.
const POOL_SIZE: usize = 16;

/// The PostgreSQL store: a pool of connections. Cheap to clone.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

/// Whether `database` names a PostgreSQL database (a `postgres://` or `postgresql://` URL)
/// rather than a SQLite file.
#[must_use]
pub fn is_postgres_url(database: &str) -> bool {
    database.starts_with("postgres://") || database.starts_with("postgresql://")
}

impl PgStore {
    /// Connect to the database at `url` and bring its schema up to date.
    ///
    /// # Errors
    /// When the URL is not one, the database cannot be reached, or a migration fails.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with(url.parse::<tokio_postgres::Config>()?).await
    }

    /// Connect to the database at `url` with every table in `schema` (created when missing):
    /// one database can then hold several stores apart, as the tests do.
    ///
    /// # Errors
    /// As [`PgStore::connect`]; `schema` must be a plain identifier.
    pub async fn connect_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        if schema.is_empty() || !schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::from(format!("{schema:?} is not a plain schema name")));
        }
        let mut config = url.parse::<tokio_postgres::Config>()?;
        let (client, connection) = config.connect(NoTls).await?;
        let running = tokio::spawn(connection);
        client.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}")).await?;
        drop(client);
        let _ = running.await;
        config.options(format!("-c search_path={schema}"));
        Self::connect_with(config).await
    }

    async fn connect_with(config: tokio_postgres::Config) -> Result<Self, StoreError> {
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(std::time::Duration::from_secs(10)))
            .create_timeout(Some(std::time::Duration::from_secs(10)))
            .build()
            .map_err(|e| StoreError::from(format!("connection pool: {e}")))?;
        let mut client = pool.get().await?;
        client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK]).await?;
        let migrated = embedded::migrations::runner().run_async(&mut **client).await;
        client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]).await?;
        migrated.map_err(|e| StoreError::from(format!("migrating the schema: {e}")))?;
        drop(client);
        Ok(Self { pool })
    }
}

impl Backend for PgStore {
    fn ticket(&self, id: TicketId, policy: Arc<ServerPolicy>) -> StoreFuture<'_, Option<StoredTicket>> {
        Box::pin(async move {
            let Ok(id) = i64::try_from(id) else { return Ok(None) };
            let row = self.pool.get().await?.query_opt(&format!("{TICKET_SELECT} WHERE t.id = $1"), &[&id]).await?;
            Ok(row.map(|r| rows::stored_ticket(&r, &policy)).transpose()?)
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
            // One service's list names the service outright, so the planner searches its index
            // (`$1 IS NULL OR …` would have it scan every ticket).
            let service = if service_id.is_some() { "t.service_id = $1" } else { "$1::BIGINT IS NULL" };
            let filter = format!("{service} AND t.status = ANY($2) AND (NOT $3 OR t.staff_activity > t.seen_activity)");
            let c = self.pool.get().await?;
            let count = format!("SELECT COUNT(*) FROM tickets t WHERE {filter}");
            let total: i64 = cached::query_one(&c, &count, &[&service_id, &codes, &unread_only]).await?.try_get(0)?;
            let sql = format!("{TICKET_SELECT} WHERE {filter} ORDER BY t.id DESC LIMIT $4 OFFSET $5");
            let found =
                cached::query(&c, &sql, &[&service_id, &codes, &unread_only, &i64::from(page.size), &page.offset()])
                    .await?;
            let tickets =
                found.iter().map(|r| rows::stored_ticket(r, &policy).map(|s| s.ticket)).collect::<Result<_, _>>()?;
            Ok((tickets, u64::try_from(total).unwrap_or(0)))
        })
    }

    fn tickets_with_activity(
        &self,
        service_id: i64,
        limit: u32,
        policy: Arc<ServerPolicy>,
    ) -> StoreFuture<'_, Vec<(Ticket, NaiveDateTime)>> {
        Box::pin(async move { threads::activity(&self.pool, service_id, limit, &policy).await })
    }

    fn service_for_token(&self, token_hash: String, now: DateTime<Utc>) -> StoreFuture<'_, Option<Service>> {
        Box::pin(async move {
            let row = self
                .pool
                .get()
                .await?
                .query_opt(
                    "SELECT s.id, s.zone_id, s.technician_id FROM subscriber_tokens k
                     JOIN services s ON s.id = k.service_id WHERE k.token_hash = $1 AND k.expires_at > $2",
                    &[&token_hash, &now],
                )
                .await?;
            Ok(row.as_ref().map(rows::service).transpose()?)
        })
    }

    fn service(&self, id: i64) -> StoreFuture<'_, Option<Service>> {
        Box::pin(async move {
            let sql = "SELECT id, zone_id, technician_id FROM services WHERE id = $1";
            let row = self.pool.get().await?.query_opt(sql, &[&id]).await?;
            Ok(row.as_ref().map(rows::service).transpose()?)
        })
    }

    fn create_ticket(
        &self,
        new: NewTicket,
        policy: Arc<ServerPolicy>,
        keyed: Option<Keyed>,
    ) -> StoreFuture<'_, Created> {
        Box::pin(async move { create::create(&self.pool, new, policy, keyed).await })
    }

    fn active_in_zone(&self, zone_id: i64, policy: Arc<ServerPolicy>) -> StoreFuture<'_, u64> {
        Box::pin(async move { rows::active_in_zone(&self.pool.get().await?, zone_id, &policy).await })
    }

    fn technician_exists(&self, technician_id: i64) -> StoreFuture<'_, bool> {
        Box::pin(async move { directory::exists(&self.pool.get().await?, "technicians", technician_id).await })
    }

    fn zone_exists(&self, zone_id: i64) -> StoreFuture<'_, bool> {
        Box::pin(async move { directory::exists(&self.pool.get().await?, "zones", zone_id).await })
    }

    fn idempotency_begin(
        &self,
        key: IdempotencyKey,
        now: DateTime<Utc>,
        stale: chrono::Duration,
    ) -> StoreFuture<'_, IdempotencyBegin> {
        Box::pin(async move {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            let outcome = keys::begin(&tx, &key, now, stale).await?;
            tx.commit().await?;
            Ok(outcome)
        })
    }

    fn idempotency_finish(&self, key: IdempotencyKey, answer: StoredAnswer) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            keys::lock(&tx, &key).await?;
            keys::store_answer(&tx, &key, &answer, Utc::now()).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    fn idempotency_abandon(&self, key: IdempotencyKey) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            keys::lock(&tx, &key).await?;
            keys::abandon(&tx, &key).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    fn messages(&self, ticket_id: TicketId, with_notes: bool, page: Page) -> StoreFuture<'_, ThreadPage> {
        Box::pin(async move { threads::page(&self.pool, ticket_id, with_notes, page).await })
    }

    fn add_message(
        &self,
        ticket_id: TicketId,
        kind: MessageKind,
        name: String,
        body: String,
        at: NaiveDateTime,
    ) -> StoreFuture<'_, ()> {
        Box::pin(async move { events::add_message(&self.pool, ticket_id, kind, &name, &body, at).await })
    }

    fn set_status(&self, ticket_id: TicketId, status: StatusKind, by: Actor) -> StoreFuture<'_, ()> {
        Box::pin(async move { events::set_status(&self.pool, ticket_id, status, by).await })
    }

    fn subscriber_name(&self, service_id: i64) -> StoreFuture<'_, String> {
        Box::pin(async move {
            let sql = "SELECT subscriber_name FROM services WHERE id = $1";
            let row = self.pool.get().await?.query_opt(sql, &[&service_id]).await?;
            Ok(row.map(|r| r.try_get(0)).transpose()?.unwrap_or_default())
        })
    }

    fn insert_token(&self, token_hash: String, service_id: i64, expires_at: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let c = self.pool.get().await?;
            cached::execute(&c, "DELETE FROM subscriber_tokens WHERE expires_at < $1", &[&Utc::now()]).await?;
            cached::execute(
                &c,
                "INSERT INTO subscriber_tokens (token_hash, service_id, expires_at) VALUES ($1, $2, $3)",
                &[&token_hash, &service_id, &expires_at],
            )
            .await?;
            Ok(())
        })
    }

    fn revoke_tokens(&self, which: Tokens) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            let c = self.pool.get().await?;
            Ok(match which {
                Tokens::Id(id) => {
                    let chars = i32::try_from(TOKEN_ID_CHARS).unwrap_or(i32::MAX);
                    cached::execute(
                        &c,
                        "DELETE FROM subscriber_tokens WHERE substr(token_hash, 1, $2) = $1",
                        &[&id, &chars],
                    )
                    .await?
                }
                Tokens::OfService(service_id) => {
                    cached::execute(&c, "DELETE FROM subscriber_tokens WHERE service_id = $1", &[&service_id]).await?
                }
            })
        })
    }

    fn zones(&self) -> StoreFuture<'_, Vec<Zone>> {
        Box::pin(async move { directory::zones(&self.pool).await })
    }

    fn technicians(&self) -> StoreFuture<'_, Vec<Technician>> {
        Box::pin(async move { directory::technicians(&self.pool).await })
    }

    fn services(&self, zone_id: Option<i64>, page: Page) -> StoreFuture<'_, (Vec<ServiceRecord>, u64)> {
        Box::pin(async move { directory::services(&self.pool, zone_id, page).await })
    }

    fn save_directory(&self, batch: Directory) -> StoreFuture<'_, Saved> {
        Box::pin(async move { directory::save(&self.pool, &batch).await })
    }

    fn lease_deliveries(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<Delivery>> {
        Box::pin(async move { outbox::lease_due(&self.pool, now, lease_until, limit).await })
    }

    fn delivered(&self, ticket_id: i64, upstream_id: i64) -> StoreFuture<'_, ()> {
        Box::pin(async move { outbox::delivered(&self.pool, ticket_id, upstream_id).await })
    }

    fn delivery_failed(&self, ticket_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move { outbox::failed(&self.pool, false, ticket_id, &error, retry_at).await })
    }

    fn outbox_depth(&self) -> StoreFuture<'_, (u64, Option<String>)> {
        Box::pin(async move { outbox::depth(&self.pool).await })
    }

    fn mirror(
        &self,
        tickets: Vec<UpstreamTicket>,
        complete: bool,
        now: DateTime<Utc>,
        now_local: NaiveDateTime,
    ) -> StoreFuture<'_, Mirrored> {
        Box::pin(async move { mirror::write(&self.pool, &tickets, complete, now, now_local).await })
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
            outbox::add_reply(&self.pool, id, (&name, &body, at), &reference, Utc::now()).await
        })
    }

    fn lease_replies(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreFuture<'_, Vec<ReplyDelivery>> {
        Box::pin(async move { outbox::lease_replies(&self.pool, now, lease_until, limit).await })
    }

    fn reply_delivered(&self, message_id: i64, upstream_id: Option<i64>) -> StoreFuture<'_, ()> {
        Box::pin(async move { outbox::reply_delivered(&self.pool, message_id, upstream_id).await })
    }

    fn reply_delivery_failed(&self, message_id: i64, error: String, retry_at: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move { outbox::failed(&self.pool, true, message_id, &error, retry_at).await })
    }

    fn mirror_complete_at(&self) -> StoreFuture<'_, Option<DateTime<Utc>>> {
        Box::pin(async move { mirror::complete_at(&self.pool).await })
    }

    fn mirror_of(&self, ticket_id: i64) -> StoreFuture<'_, Option<MirrorCopy>> {
        Box::pin(async move { mirror::of_ticket(&self.pool, ticket_id).await })
    }

    fn ticket_by_number(&self, number: String) -> StoreFuture<'_, Option<TicketId>> {
        Box::pin(async move {
            let id = mirror::by_number(&self.pool, &number).await?;
            Ok(id.and_then(|id| u64::try_from(id).ok()))
        })
    }
}
