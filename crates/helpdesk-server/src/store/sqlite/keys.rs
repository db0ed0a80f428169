//! Idempotency keys in SQLite: claiming a key, reading and storing its answer.
//!
//! A key's row is claimed (`in_flight`) when its first request arrives and holds the answer
//! (`done`) once there is one. A create stores the answer in its own transaction
//! ([`answer_of`] before the insert, [`store_answer`] after it), so no interruption can
//! leave a ticket whose key has no answer.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::super::{IDEMPOTENCY_KEY_HOURS, IdempotencyBegin, IdempotencyKey, StoreError, StoredAnswer};
use super::batch::Batch;
use super::cached::Cached;
use crate::clock::utc_text;

/// A stored key: request hash, state, answered status, answered body, claimed at.
type KeyRow = (String, String, Option<u16>, Option<String>, String);

/// Look up, and claim when unknown or stale, `key` at `now` (run inside a write
/// transaction). Keys older than [`IDEMPOTENCY_KEY_HOURS`] are forgotten first.
pub(super) fn begin(
    c: &Connection,
    key: &IdempotencyKey,
    now: DateTime<Utc>,
    stale: chrono::Duration,
) -> Result<IdempotencyBegin, StoreError> {
    let expired = utc_text(now - chrono::Duration::hours(IDEMPOTENCY_KEY_HOURS));
    c.execute_cached("DELETE FROM idempotency_keys WHERE created_at < ?1", [expired])?;
    let found: Option<KeyRow> = c
        .query_row_cached(
            "SELECT request_hash, state, status, response, created_at FROM idempotency_keys
             WHERE scope = ?1 AND key = ?2",
            params![key.scope, key.key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let stale = utc_text(now - stale);
    Ok(match found {
        Some((hash, ..)) if hash != key.request_hash => IdempotencyBegin::Mismatch,
        Some((_, state, Some(status), Some(body), _)) if state == "done" => {
            IdempotencyBegin::Replay(StoredAnswer { status, body })
        }
        Some((.., claimed)) if claimed > stale => IdempotencyBegin::InFlight,
        _ => {
            c.execute_cached(
                "INSERT OR REPLACE INTO idempotency_keys (scope, key, request_hash, state, created_at)
                 VALUES (?1, ?2, ?3, 'in_flight', ?4)",
                params![key.scope, key.key, key.request_hash, utc_text(now)],
            )?;
            IdempotencyBegin::Fresh
        }
    })
}

/// A claim waiting for the connection: the key, when, and how old a claim is stale.
pub(super) type Claim = (IdempotencyKey, DateTime<Utc>, chrono::Duration);

/// The claims queued for the next transaction.
pub(super) type Claims = Batch<Claim, IdempotencyBegin>;

/// Run every queued claim by [`begin`] in one transaction ([`Batch::run`]). Only a replayed
/// answer waits for the disk: a claim lost to a crash only lets a retry run the create,
/// whose own transaction replays the answer if the first one committed.
pub(super) fn claim(claims: &Claims, c: &mut Connection) -> Result<(), StoreError> {
    claims.run(
        c,
        |tx, (key, now, stale)| begin(tx, &key, now, stale),
        |claimed| matches!(claimed, IdempotencyBegin::Replay(_)),
    )
}

/// The answer stored for `key`, if it has one.
pub(super) fn answer_of(c: &Connection, key: &IdempotencyKey) -> Result<Option<StoredAnswer>, StoreError> {
    Ok(c.query_row_cached(
        "SELECT status, response FROM idempotency_keys
             WHERE scope = ?1 AND key = ?2 AND state = 'done'",
        params![key.scope, key.key],
        |r| Ok(StoredAnswer { status: r.get(0)?, body: r.get(1)? }),
    )
    .optional()?)
}

/// Store `answer` for `key` (claimed or not: a key forgotten meanwhile is recorded anew),
/// unless it has an answer already. Returns whether it was stored.
pub(super) fn store_answer(
    c: &Connection,
    key: &IdempotencyKey,
    answer: &StoredAnswer,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = c.execute_cached(
        "INSERT INTO idempotency_keys (scope, key, request_hash, state, status, response, created_at)
         VALUES (?1, ?2, ?3, 'done', ?4, ?5, ?6)
         ON CONFLICT (scope, key) DO UPDATE SET state = 'done', status = excluded.status,
             response = excluded.response
         WHERE idempotency_keys.state = 'in_flight'",
        params![key.scope, key.key, key.request_hash, answer.status, answer.body, utc_text(now)],
    )?;
    Ok(changed > 0)
}

/// Forget `key` if it is claimed and has no answer.
pub(super) fn abandon(c: &Connection, key: &IdempotencyKey) -> Result<(), StoreError> {
    c.execute_cached(
        "DELETE FROM idempotency_keys WHERE scope = ?1 AND key = ?2 AND state = 'in_flight'",
        params![key.scope, key.key],
    )?;
    Ok(())
}
