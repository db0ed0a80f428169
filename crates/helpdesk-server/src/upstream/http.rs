//! What every back-office client shares: a base URL that cannot expose the credential
//! (https, or http only to this machine; no user or password in it), one pooled `reqwest`
//! client over rustls that follows no redirect, the pace of calls (a rate limit whose turn
//! is not waited for beyond a bound), a sent call's transport failure told apart (timeout or
//! connection, never with its URL), every call counted, and answers cut short in errors.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{StatusCode, Url};

use super::UpstreamError;

/// The longest part of an upstream answer kept in an error.
const DETAIL_CHARS: usize = 200;

/// `s`, cut to [`DETAIL_CHARS`] characters.
#[must_use]
pub fn cut(s: &str) -> String {
    s.chars().take(DETAIL_CHARS).collect()
}

/// `text` as a back office's base URL: http(s) with a host, no user or password, and
/// https unless the host is this machine (a simulator). Its query is dropped.
///
/// # Errors
/// Why it is not usable, in words for the operator.
pub fn base_url(text: &str) -> Result<Url, String> {
    let mut base = Url::parse(text.trim()).map_err(|e| format!("the upstream URL {text:?} is not a URL: {e}"))?;
    if !matches!(base.scheme(), "http" | "https") || base.host().is_none() {
        return Err(format!("the upstream URL {base} must be http(s)://host/…"));
    }
    if !base.username().is_empty() || base.password().is_some() {
        return Err("the upstream URL must not carry a user or password: credentials have flags of their own".into());
    }
    // Credentials travel in headers or bodies: never in clear, except to this machine.
    let host = base.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if base.scheme() == "http" && !loopback {
        return Err(format!("the upstream URL {base} must be https:// (http:// only to this machine)"));
    }
    base.set_query(None);
    Ok(base)
}

/// The pooled HTTP client of one back office: each call within `timeout`, no redirect
/// followed (one could carry the credential to another host).
///
/// # Errors
/// When the client cannot be built.
pub fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("helpdesk-server/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("the HTTP client: {e}"))
}

/// At most so many calls a second to one back office, shared by every clone of its client.
#[derive(Debug, Clone, Default)]
pub struct Pace(Option<Arc<governor::DefaultDirectRateLimiter>>);

impl Pace {
    /// `per_second` calls a second (a burst of that many, then evenly spaced); 0 for no limit.
    #[must_use]
    pub fn per_second(per_second: u32) -> Self {
        Self(
            std::num::NonZeroU32::new(per_second)
                .map(|n| Arc::new(governor::RateLimiter::direct(governor::Quota::per_second(n)))),
        )
    }

    /// Wait for a call's turn, at most `bound`.
    ///
    /// # Errors
    /// [`UpstreamError::Throttled`] when the turn does not come in time (the call is not made).
    pub async fn turn(&self, bound: Duration) -> Result<(), UpstreamError> {
        match &self.0 {
            Some(limit) => tokio::time::timeout(bound, limit.until_ready()).await.map_err(|_| UpstreamError::Throttled),
            None => Ok(()),
        }
    }
}

/// A sent request's transport failure: a timeout, or the connection (without its URL, which
/// may carry what the operator configured).
#[must_use]
pub fn failed(e: &reqwest::Error) -> UpstreamError {
    if e.is_timeout() {
        return UpstreamError::Timeout;
    }
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "<upstream>");
    }
    UpstreamError::Connection(cut(&text))
}

/// Send `request`: its status, whether its body is HTML, and its body.
///
/// # Errors
/// Its transport failure ([`failed`]).
pub async fn send(request: reqwest::RequestBuilder) -> Result<(StatusCode, bool, String), UpstreamError> {
    let answer = request.send().await.map_err(|e| failed(&e))?;
    let status = answer.status();
    let html = answer
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let text = answer.text().await.map_err(|e| failed(&e))?;
    Ok((status, html, text))
}

/// Count a call to `upstream` by its result (`helpdesk_upstream_calls_total`).
pub fn count<T>(upstream: &'static str, result: &Result<T, UpstreamError>) {
    let outcome = match result {
        Ok(_) => "ok",
        Err(e) => e.kind(),
    };
    metrics::counter!("helpdesk_upstream_calls_total", "upstream" => upstream, "result" => outcome).increment(1);
}

/// A header value holding a credential: marked sensitive, so no debug output shows it.
///
/// # Errors
/// When the credential cannot be a header value.
pub fn secret_header(value: &str) -> Result<reqwest::header::HeaderValue, UpstreamError> {
    let mut header = reqwest::header::HeaderValue::from_str(value).map_err(|_| UpstreamError::Rejected {
        status: 0,
        detail: "the credential is not a valid header value".into(),
    })?;
    header.set_sensitive(true);
    Ok(header)
}
