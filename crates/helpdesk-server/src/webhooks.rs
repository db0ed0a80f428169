//! Telling the ISP's own systems what happened, so its e-mail, SMS or WhatsApp sender can
//! tell the subscriber: signed webhooks, at least once.
//!
//! Every event (`ticket.created`, `ticket.answered`, `ticket.status_changed`) is written by
//! the store in the transaction of the change it tells (see [`crate::store::Notifications`]).
//! The worker fans each one out to every configured endpoint, then delivers it as the
//! back-office outbox does: leased and counted as an attempt before it is sent, retried with
//! capped exponential backoff and full jitter until the endpoint answers 2xx. A crash between
//! the send and the record sends it again, so receivers de-duplicate by `Helpdesk-Event-Id`
//! (the body's `id`).
//!
//! Each request is a `POST` of the event's JSON with `Helpdesk-Signature: sha256=<hex>`, the
//! HMAC-SHA256 of the exact body under the endpoint's own secret.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::store::{Store, StoreError, WebhookDelivery};

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "Helpdesk-Signature";
/// The header carrying the event id (the body's `id`).
pub const EVENT_ID_HEADER: &str = "Helpdesk-Event-Id";
/// The header carrying the event type (the body's `type`).
pub const EVENT_TYPE_HEADER: &str = "Helpdesk-Event";
/// The shortest secret accepted.
const MIN_SECRET_CHARS: usize = 16;
/// How long one delivery may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// One receiver of the ISP's, as `--webhooks` lists it.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Where events are posted: https, or http to this machine.
    pub url: String,
    /// The key of the HMAC: the endpoint checks each body with it.
    pub secret: String,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint").field("url", &self.url).finish_non_exhaustive()
    }
}

/// The endpoints of the JSON file at `path`: a list of `{url, secret}`.
///
/// # Errors
/// What is wrong, naming the file: unreadable, not JSON, a URL that is not https (http only
/// to this machine), a secret shorter than 16 characters, a URL listed twice.
pub fn read_endpoints(path: &std::path::Path) -> Result<Vec<Endpoint>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let endpoints: Vec<Endpoint> = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a list of webhook endpoints {{url, secret}}: {e}", path.display()))?;
    let mut seen = std::collections::HashSet::new();
    for e in &endpoints {
        crate::upstream::http::base_url(&e.url).map_err(|why| format!("{}: webhook {why}", path.display()))?;
        if e.secret.chars().count() < MIN_SECRET_CHARS {
            return Err(format!(
                "{}: the secret of {} must have at least {MIN_SECRET_CHARS} characters",
                path.display(),
                e.url
            ));
        }
        if !seen.insert(e.url.as_str()) {
            return Err(format!("{}: {} is listed twice", path.display(), e.url));
        }
    }
    Ok(endpoints)
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`: the signature header's value.
#[must_use]
pub fn signature(secret: &str, body: &[u8]) -> String {
    // An HMAC takes a key of any length.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Whether `header` is the signature of `body` under `secret`, compared in constant time.
#[must_use]
pub fn verify(secret: &str, body: &[u8], header: &str) -> bool {
    crate::secret::same_secret(header, &signature(secret, body))
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Events given a delivery per endpoint.
    pub fanned_out: u64,
    /// Deliveries an endpoint acknowledged.
    pub delivered: u32,
    /// Deliveries that failed and wait for a retry.
    pub failed: u32,
}

/// The sender: the endpoints and one HTTP client.
#[derive(Debug, Clone)]
pub struct Sender {
    endpoints: Arc<[Endpoint]>,
    client: reqwest::Client,
}

impl Sender {
    /// A sender to `endpoints`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(endpoints: Vec<Endpoint>) -> Result<Self, String> {
        Ok(Self { endpoints: endpoints.into(), client: crate::upstream::http::client(TIMEOUT)? })
    }

    /// Post one delivery; `Err` says why it must be retried.
    async fn post(&self, d: &WebhookDelivery, secret: &str) -> Result<(), String> {
        let response = self
            .client
            .post(&d.endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature(secret, d.body.as_bytes()))
            .header(EVENT_ID_HEADER, &d.event_id)
            .header(EVENT_TYPE_HEADER, &d.kind)
            .body(d.body.clone())
            .send()
            .await
            .map_err(|e| if e.is_timeout() { "timed out".to_owned() } else { "could not connect".to_owned() })?;
        let status = response.status();
        if status.is_success() { Ok(()) } else { Err(format!("answered {}", status.as_u16())) }
    }

    /// Fan out the new events, then deliver up to `limit` due at `now`, each leased for
    /// `lease` just before it is sent.
    ///
    /// # Errors
    /// On a store failure (the deliveries stay leased, and are retried when the lease ends).
    pub async fn deliver_due(
        &self,
        store: &Store,
        now: DateTime<Utc>,
        limit: u32,
        lease: Duration,
    ) -> Result<Pass, StoreError> {
        let lease = chrono::Duration::from_std(lease).unwrap_or_else(|_| chrono::Duration::minutes(1));
        let names = self.endpoints.iter().map(|e| e.url.clone()).collect();
        let mut pass = Pass { fanned_out: store.fan_out(names, now).await?, ..Pass::default() };
        for _ in 0..limit {
            let Some(d) = store.lease_webhooks(now, now + lease, 1).await?.pop() else { break };
            let Some(endpoint) = self.endpoints.iter().find(|e| e.url == d.endpoint) else {
                // An endpoint no longer configured: nobody is left to tell.
                tracing::warn!(endpoint = %d.endpoint, event = %d.event_id, "dropping an event for an endpoint no longer configured");
                store.webhook_delivered(d.seq, d.endpoint).await?;
                continue;
            };
            match self.post(&d, &endpoint.secret).await {
                Ok(()) => {
                    pass.delivered += 1;
                    metrics::counter!("helpdesk_webhooks_total", "result" => "delivered").increment(1);
                    store.webhook_delivered(d.seq, d.endpoint).await?;
                }
                Err(why) => {
                    pass.failed += 1;
                    metrics::counter!("helpdesk_webhooks_total", "result" => "failed").increment(1);
                    tracing::warn!(endpoint = %d.endpoint, event = %d.event_id, attempts = d.attempts + 1, %why, "webhook failed; retrying later");
                    let retry_at = now + crate::delivery::backoff(d.attempts);
                    store.webhook_failed(d.seq, d.endpoint, why, retry_at).await?;
                }
            }
        }
        Ok(pass)
    }

    /// Deliver in the background, a pass every `interval`, for as long as the server runs.
    pub fn spawn(self, store: Store, interval: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                match self.deliver_due(&store, Utc::now(), 100, TIMEOUT * 2).await {
                    Ok(pass) if pass != Pass::default() => tracing::info!(?pass, "webhook pass"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "webhook pass failed"),
                }
                tokio::time::sleep(interval).await;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(verify("Jefe", b"what do ya want for nothing?", &signature("Jefe", b"what do ya want for nothing?")));
        assert!(!verify("Jefe", b"what do ya want for nothing!", &signature("Jefe", b"what do ya want for nothing?")));
        assert!(!verify("jefe", b"what do ya want for nothing?", &signature("Jefe", b"what do ya want for nothing?")));
    }

    #[test]
    fn endpoints_are_read_and_bad_ones_refused_naming_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("hooks.json");
        let cases = [
            (r#"[{"url": "https://isp.example/hooks", "secret": "0123456789abcdef"}]"#, None),
            (r#"[{"url": "http://isp.example/hooks", "secret": "0123456789abcdef"}]"#, Some("https://")),
            (r#"[{"url": "https://isp.example/hooks", "secret": "short"}]"#, Some("at least 16")),
            (r#"{"url": "x"}"#, Some("not a list")),
            (
                r#"[{"url": "http://127.0.0.1:9/a", "secret": "0123456789abcdef"},
                    {"url": "http://127.0.0.1:9/a", "secret": "0123456789abcdef"}]"#,
                Some("listed twice"),
            ),
        ];
        for (text, refused) in cases {
            std::fs::write(&path, text).expect("write");
            match (read_endpoints(&path), refused) {
                (Ok(e), None) => assert_eq!(e.len(), 1),
                (Err(why), Some(part)) => {
                    assert!(why.contains(part) && why.contains("hooks.json"), "{text}: {why}");
                }
                (got, _) => panic!("{text}: {got:?}"),
            }
        }
    }
}
