//! Idempotency keys in PostgreSQL: claiming a key, reading and storing its answer.
//!
//! Every step on a key first takes a transaction-scoped advisory lock on it, so two
//! instances that receive the same key at once take turns: one claims it, the other finds
//! the claim (or the answer).

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;

use super::super::{IDEMPOTENCY_KEY_HOURS, IdempotencyBegin, IdempotencyKey, StoreError, StoredAnswer};
use super::cached;

/// Take the transaction's lock on `key` (held until it commits or rolls back).
pub(super) async fn lock(c: &impl GenericClient, key: &IdempotencyKey) -> Result<(), StoreError> {
    cached::execute(
        c,
        "SELECT pg_advisory_xact_lock(hashtextextended($1 || E'\\n' || $2, 0))",
        &[&key.scope, &key.key],
    )
    .await?;
    Ok(())
}

/// A stored status as the store's type holds it.
fn status_of(n: i64) -> Result<u16, StoreError> {
    u16::try_from(n).map_err(|_| StoreError::from(format!("stored status out of range: {n}")))
}

/// Look up, and claim when unknown or stale, `key` at `now` (inside a transaction). Keys
/// older than [`IDEMPOTENCY_KEY_HOURS`] are forgotten first.
pub(super) async fn begin(
    c: &impl GenericClient,
    key: &IdempotencyKey,
    now: DateTime<Utc>,
    stale: chrono::Duration,
) -> Result<IdempotencyBegin, StoreError> {
    lock(c, key).await?;
    let expired = now - chrono::Duration::hours(IDEMPOTENCY_KEY_HOURS);
    cached::execute(c, "DELETE FROM idempotency_keys WHERE created_at < $1", &[&expired]).await?;
    let found = c
        .query_opt(
            "SELECT request_hash, state, status, response, created_at FROM idempotency_keys
             WHERE scope = $1 AND key = $2",
            &[&key.scope, &key.key],
        )
        .await?;
    if let Some(row) = found {
        let hash: String = row.try_get(0)?;
        let state: String = row.try_get(1)?;
        let status: Option<i64> = row.try_get(2)?;
        let body: Option<String> = row.try_get(3)?;
        let claimed: DateTime<Utc> = row.try_get(4)?;
        if hash != key.request_hash {
            return Ok(IdempotencyBegin::Mismatch);
        }
        if let (true, Some(status), Some(body)) = (state == "done", status, body) {
            return Ok(IdempotencyBegin::Replay(StoredAnswer { status: status_of(status)?, body }));
        }
        if claimed > now - stale {
            return Ok(IdempotencyBegin::InFlight);
        }
    }
    cached::execute(c,
        "INSERT INTO idempotency_keys (scope, key, request_hash, state, created_at) VALUES ($1, $2, $3, 'in_flight', $4)
         ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, state = 'in_flight',
             status = NULL, response = NULL, created_at = excluded.created_at",
        &[&key.scope, &key.key, &key.request_hash, &now],
    )
    .await?;
    Ok(IdempotencyBegin::Fresh)
}

/// The answer stored for `key`, if it has one.
pub(super) async fn answer_of(
    c: &impl GenericClient,
    key: &IdempotencyKey,
) -> Result<Option<StoredAnswer>, StoreError> {
    let row = c
        .query_opt(
            "SELECT status, response FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'done'",
            &[&key.scope, &key.key],
        )
        .await?;
    row.map(|r| Ok(StoredAnswer { status: status_of(r.try_get(0)?)?, body: r.try_get(1)? })).transpose()
}

/// Store `answer` for `key` (claimed or not: a key forgotten meanwhile is recorded anew),
/// unless it has an answer already. Returns whether it was stored.
pub(super) async fn store_answer(
    c: &impl GenericClient,
    key: &IdempotencyKey,
    answer: &StoredAnswer,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = c
        .execute(
            "INSERT INTO idempotency_keys (scope, key, request_hash, state, status, response, created_at)
             VALUES ($1, $2, $3, 'done', $4, $5, $6)
             ON CONFLICT (scope, key) DO UPDATE SET state = 'done', status = excluded.status,
                 response = excluded.response
             WHERE idempotency_keys.state = 'in_flight'",
            &[&key.scope, &key.key, &key.request_hash, &i64::from(answer.status), &answer.body, &now],
        )
        .await?;
    Ok(done > 0)
}

/// Forget `key` if it is claimed and has no answer.
pub(super) async fn abandon(c: &impl GenericClient, key: &IdempotencyKey) -> Result<(), StoreError> {
    cached::execute(
        c,
        "DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_flight'",
        &[&key.scope, &key.key],
    )
    .await?;
    Ok(())
}
