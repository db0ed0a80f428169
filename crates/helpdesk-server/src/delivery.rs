//! Delivering tickets, subscribers' replies and their photos to the back office, exactly
//! once, through the outbox.
//!
//! A create writes its ticket and its delivery in one transaction. A delivery is leased and
//! counted as an attempt before anything is sent, so an attempt cut short (a timeout, a
//! dropped connection, a 5xx after the upstream committed, a crash of the gateway) is known
//! by the next one: it first looks for the ticket by its reference and adopts it, and sends
//! again only when the back office certainly has none. Failures are retried with capped
//! exponential backoff and full jitter.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::store::{Delivery, PhotoDelivery, ReplyDelivery, Store, StoreError};
use crate::upstream::{BackOffice, UpstreamError};

/// How long a leased delivery is held before another pass (or, after a crash, another
/// process) may take it: longer than the two calls an attempt makes can take.
#[must_use]
pub fn lease_for(upstream_timeout: Duration) -> Duration {
    upstream_timeout * 2 + Duration::from_secs(5)
}
/// A new reference for a ticket or a reply delivered to the back office (`[helpdesk <20 hex>]`),
/// written into its copy there so that an attempt of unknown outcome can find it.
///
/// # Errors
/// When the system has no randomness to give.
pub fn new_reference() -> Result<String, String> {
    let token = crate::secret::random_token().map_err(|e| format!("no randomness: {e}"))?;
    Ok(format!("[helpdesk {}]", token.get(..20).unwrap_or(&token)))
}

/// The first backoff ceiling, doubled each attempt.
const BACKOFF_BASE_SECONDS: u64 = 2;
/// The largest backoff ceiling.
const BACKOFF_CAP_SECONDS: u64 = 300;

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Tickets created, replies added and photos forwarded.
    pub sent: u32,
    /// Those an earlier attempt had delivered already, and adopted.
    pub adopted: u32,
    /// Deliveries that failed and wait for a retry.
    pub failed: u32,
}

/// The wait before attempt `attempts + 1`: full jitter under a doubling, capped ceiling.
pub(crate) fn backoff(attempts: u32) -> chrono::Duration {
    let ceiling = BACKOFF_BASE_SECONDS.saturating_mul(1 << attempts.min(16)).min(BACKOFF_CAP_SECONDS) * 1000;
    let mut bytes = [0_u8; 8];
    let random = getrandom::fill(&mut bytes).map_or(ceiling / 2, |()| u64::from_le_bytes(bytes) % ceiling.max(1));
    chrono::Duration::milliseconds(i64::try_from(random).unwrap_or(i64::MAX))
}

/// One delivery: adopt what an earlier attempt may have created, else send.
async fn deliver(
    store: &Store,
    back_office: &dyn BackOffice,
    d: &Delivery,
    now: DateTime<Utc>,
    pass: &mut Pass,
) -> Result<(), StoreError> {
    if d.attempts > 0 {
        metrics::counter!("helpdesk_delivery_retries_total").increment(1);
        match back_office.find(d).await {
            Ok(Some(upstream_id)) => {
                pass.adopted += 1;
                metrics::counter!("helpdesk_deliveries_total", "result" => "adopted").increment(1);
                tracing::info!(ticket = d.ticket_id, upstream_id, "adopted a ticket an earlier attempt created");
                return store.delivered(d.ticket_id, upstream_id).await;
            }
            Ok(None) => {}
            Err(e) => {
                // Whether it exists is unknown: sending now could open it twice.
                pass.failed += 1;
                metrics::counter!("helpdesk_deliveries_total", "result" => "failed").increment(1);
                tracing::warn!(ticket = d.ticket_id, error = %e, "cannot look for the ticket; retrying later");
                return store.delivery_failed(d.ticket_id, e.to_string(), now + backoff(d.attempts)).await;
            }
        }
    }
    match back_office.open(d).await {
        Ok(upstream_id) => {
            pass.sent += 1;
            metrics::counter!("helpdesk_deliveries_total", "result" => "sent").increment(1);
            store.delivered(d.ticket_id, upstream_id).await
        }
        Err(e) => {
            pass.failed += 1;
            // A refusal (4xx) will not mend by itself: counted apart, for an alert.
            let result = if matches!(e, UpstreamError::Rejected { .. } | UpstreamError::NotFound) {
                "rejected"
            } else {
                "failed"
            };
            metrics::counter!("helpdesk_deliveries_total", "result" => result).increment(1);
            tracing::warn!(ticket = d.ticket_id, error = %e, unknown = e.outcome_unknown(), "delivery failed; retrying later");
            store.delivery_failed(d.ticket_id, e.to_string(), now + backoff(d.attempts)).await
        }
    }
}

/// One reply: adopt what an earlier attempt may have added, else send.
async fn deliver_reply(
    store: &Store,
    back_office: &dyn BackOffice,
    r: &ReplyDelivery,
    now: DateTime<Utc>,
    pass: &mut Pass,
) -> Result<(), StoreError> {
    let retry = |e: UpstreamError| {
        tracing::warn!(message = r.message_id, error = %e, unknown = e.outcome_unknown(), "reply delivery failed; retrying later");
        metrics::counter!("helpdesk_reply_deliveries_total", "result" => "failed").increment(1);
        store.reply_delivery_failed(r.message_id, e.to_string(), now + backoff(r.attempts))
    };
    if r.attempts > 0 {
        match back_office.find_reply(r).await {
            Ok(Some(upstream_id)) => {
                pass.adopted += 1;
                metrics::counter!("helpdesk_reply_deliveries_total", "result" => "adopted").increment(1);
                return store.reply_delivered(r.message_id, Some(upstream_id)).await;
            }
            Ok(None) => {}
            Err(e) => {
                pass.failed += 1;
                return retry(e).await;
            }
        }
    }
    match back_office.reply(r).await {
        Ok(()) => {
            pass.sent += 1;
            metrics::counter!("helpdesk_reply_deliveries_total", "result" => "sent").increment(1);
            store.reply_delivered(r.message_id, None).await
        }
        Err(e) => {
            pass.failed += 1;
            retry(e).await
        }
    }
}

/// One photo: unless an earlier attempt forwarded it, send it.
async fn deliver_photo(
    store: &Store,
    back_office: &dyn BackOffice,
    p: &PhotoDelivery,
    now: DateTime<Utc>,
    pass: &mut Pass,
) -> Result<(), StoreError> {
    let sent = async {
        if p.attempts > 0 && back_office.has_photo(p).await? {
            return Ok(false);
        }
        back_office.attach_photo(p).await.map(|()| true)
    };
    match sent.await {
        Ok(sent) => {
            let result = if sent { "sent" } else { "adopted" };
            if sent {
                pass.sent += 1;
            } else {
                pass.adopted += 1;
            }
            metrics::counter!("helpdesk_photo_deliveries_total", "result" => result).increment(1);
            store.photo_delivered(p.photo_id).await
        }
        Err(e) => {
            pass.failed += 1;
            metrics::counter!("helpdesk_photo_deliveries_total", "result" => "failed").increment(1);
            tracing::warn!(photo = p.photo_id, error = %e, unknown = e.outcome_unknown(), "photo delivery failed; retrying later");
            store.photo_delivery_failed(p.photo_id, e.to_string(), now + backoff(p.attempts)).await
        }
    }
}

/// Deliver up to `limit` tickets due at `now`, then up to `limit` replies and `limit` photos, each leased for
/// `lease` just before it is tried.
///
/// # Errors
/// On a store failure (the deliveries stay leased, and are retried when the lease ends).
pub async fn deliver_due(
    store: &Store,
    back_office: &dyn BackOffice,
    now: DateTime<Utc>,
    limit: u32,
    lease: Duration,
) -> Result<Pass, StoreError> {
    let lease = chrono::Duration::from_std(lease).unwrap_or_else(|_| chrono::Duration::minutes(2));
    let mut pass = Pass::default();
    // One lease at a time, taken just before its delivery: a lease never runs out while it
    // waits behind others (and so is never taken over while still held).
    for _ in 0..limit {
        let Some(d) = store.lease_deliveries(now, now + lease, 1).await?.pop() else { break };
        deliver(store, back_office, &d, now, &mut pass).await?;
    }
    // Then the replies and photos whose ticket is in the back office (tickets first: they wait for their own).
    for _ in 0..limit {
        let Some(r) = store.lease_replies(now, now + lease, 1).await?.pop() else { break };
        deliver_reply(store, back_office, &r, now, &mut pass).await?;
    }
    for _ in 0..limit {
        let Some(p) = store.lease_photos(now, now + lease, 1).await?.pop() else { break };
        deliver_photo(store, back_office, &p, now, &mut pass).await?;
    }
    Ok(pass)
}

/// Deliver in the background, a pass every `interval`, each delivery leased for `lease`, for
/// as long as the server runs.
pub fn spawn(
    store: Store,
    back_office: Arc<dyn BackOffice>,
    interval: Duration,
    lease: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match deliver_due(&store, back_office.as_ref(), Utc::now(), 50, lease).await {
                Ok(pass) if pass != Pass::default() => tracing::info!(?pass, "delivery pass"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "delivery pass failed"),
            }
            tokio::time::sleep(interval).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_under_its_doubling_capped_ceiling() {
        for attempts in 0..20 {
            let ceiling = BACKOFF_BASE_SECONDS.saturating_mul(1 << attempts.min(16)).min(BACKOFF_CAP_SECONDS);
            let wait = backoff(attempts).num_milliseconds();
            assert!((0..i64::try_from(ceiling * 1000).expect("fits")).contains(&wait), "{attempts}: {wait}");
        }
    }
}
