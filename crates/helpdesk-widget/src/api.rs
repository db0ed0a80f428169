//! The one place that knows each back end's URLs and JSON. One adapter per dialect, each
//! declaring what it can do ([`Capabilities`]); everything else sees the normalised model.
//!
//! Requests go out with gloo-net; bodies are read by helpdesk-core's parsers. The mapping
//! from (status, body) to a result is sans-IO and tested natively.

use chrono::{DateTime, NaiveDateTime, Utc};
use gloo_net::http::Request;
use helpdesk_core::dialect::{crm, whmcs};
use helpdesk_core::envelope::{
    CreateOutcome, PolicyAnswer, parse_create_response, parse_policy_response, parse_thread_response,
    parse_ticket_list_response, parse_ticket_response, parse_zone_status,
};
use helpdesk_core::{ParseError, StatusGroup, Thread, Ticket, TicketId, TicketLookup};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};

use crate::config::WidgetConfig;
use crate::host::Host;
use crate::i18n::Texts;

/// The back-end dialect the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// The envelope API (seeds 000/001 and helpdesk-server's extensions): everything.
    #[default]
    Envelope,
    /// WHMCS/Keliweb `get-ticket` (seed 002): one ticket with its thread, by number.
    Whmcs,
    /// The ISP-CRM subscriber list (seed 003): the list only.
    Crm,
}

/// What a back end can do; the UI offers nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per capability is the point
pub struct Capabilities {
    /// List the subscriber's tickets.
    pub list: bool,
    /// Open one ticket with its thread.
    pub thread: bool,
    /// Look a ticket up by the number shown to users.
    pub lookup: bool,
    /// Open a new ticket.
    pub create: bool,
    /// Reply to a ticket.
    pub reply: bool,
    /// Close one's own ticket.
    pub close: bool,
}

impl Dialect {
    /// The dialect of a configuration name (`envelope`, `whmcs`, `crm`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "envelope" => Some(Self::Envelope),
            "whmcs" => Some(Self::Whmcs),
            "crm" => Some(Self::Crm),
            _ => None,
        }
    }

    /// What this dialect's back end supports.
    #[must_use]
    pub fn capabilities(self) -> Capabilities {
        match self {
            Self::Envelope => {
                Capabilities { list: true, thread: true, lookup: false, create: true, reply: true, close: true }
            }
            Self::Whmcs => {
                Capabilities { list: false, thread: true, lookup: true, create: false, reply: false, close: false }
            }
            Self::Crm => {
                Capabilities { list: true, thread: false, lookup: false, create: false, reply: false, close: false }
            }
        }
    }
}

/// Why a request failed, in terms the UI can explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The request never got an answer (DNS, CORS, connection dropped).
    Network(String),
    /// The browser is offline.
    Offline,
    /// No answer within the configured time.
    Timeout,
    /// The credentials were refused (401/403).
    Unauthorized,
    /// The server failed (5xx) or answered something that is not the expected shape.
    Server(String),
    /// The server refused the change and said why.
    Refused(String),
}

impl LoadError {
    /// The message a subscriber reads.
    #[must_use]
    pub fn message(&self, t: &Texts) -> String {
        match self {
            Self::Network(_) => t.network_error.to_owned(),
            Self::Offline => t.offline_error.to_owned(),
            Self::Timeout => t.timeout_error.to_owned(),
            Self::Unauthorized => t.auth_error.to_owned(),
            Self::Server(_) => t.server_error.to_owned(),
            Self::Refused(why) => format!("{} {why}", t.refused),
        }
    }
}

/// Map an answer to a result: the HTTP status is checked here (gloo-net does not fail on
/// 4xx/5xx), the body by the core's parser.
fn read<T>(status: u16, body: &str, parse: impl FnOnce(&str) -> Result<T, ParseError>) -> Result<T, LoadError> {
    if status == 401 || status == 403 {
        return Err(LoadError::Unauthorized);
    }
    match parse(body) {
        Ok(v) => Ok(v),
        Err(ParseError::Rejected { action, .. }) if action == "unauthorized" || action == "forbidden" => {
            Err(LoadError::Unauthorized)
        }
        Err(ParseError::Rejected { action, message: Some(m) }) if action == "update_failed" || action == "error" => {
            Err(LoadError::Refused(m))
        }
        Err(e) => Err(LoadError::Server(format!("HTTP {status}: {e}"))),
    }
}

/// Newest first.
fn newest_first(tickets: &mut [Ticket]) {
    // Ids are unique, so the order is total and an unstable sort is exact.
    tickets.sort_unstable_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
}

/// Read the envelope list.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable answer.
pub fn read_list(status: u16, body: &str) -> Result<Vec<Ticket>, LoadError> {
    let mut tickets = read(status, body, parse_ticket_list_response)?.tickets;
    newest_first(&mut tickets);
    Ok(tickets)
}

/// Read the ISP-CRM list, keeping one status group if asked; `to_local` shows UTC instants
/// in the subscriber's time.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable answer.
pub fn read_crm_list(
    status: u16,
    body: &str,
    group: Option<StatusGroup>,
    to_local: impl Fn(DateTime<Utc>) -> NaiveDateTime,
) -> Result<Vec<Ticket>, LoadError> {
    let mut tickets = read(status, body, |b| crm::parse_customer_tickets(b, to_local))?;
    tickets.retain(|t| group.is_none_or(|g| t.status.kind.group() == g));
    newest_first(&mut tickets);
    Ok(tickets)
}

/// Read a thread (`thread_found`, `reply_added`); `None` for `ticket_not_found`.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable answer.
pub fn read_thread(status: u16, body: &str) -> Result<Option<Thread>, LoadError> {
    read(status, body, |b| match parse_thread_response(b) {
        Ok(t) => Ok(Some(t)),
        Err(ParseError::Rejected { action, .. }) if action == "ticket_not_found" => Ok(None),
        Err(e) => Err(e),
    })
}

/// Read a WHMCS `get-ticket` answer: its public thread, never its staff notes.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable answer.
pub fn read_whmcs_thread(status: u16, body: &str) -> Result<Option<Thread>, LoadError> {
    read(status, body, |b| match whmcs::parse_get_ticket(b) {
        Ok(t) => Ok(Some(t.thread)),
        Err(ParseError::Rejected { message: Some(m), .. }) if m == "Ticket ID Not Found" => Ok(None),
        Err(e) => Err(e),
    })
}

/// Read an answer carrying one ticket (`ticket_updated`).
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable answer.
pub fn read_ticket(status: u16, body: &str) -> Result<Option<Ticket>, LoadError> {
    read(status, body, parse_ticket_response).map(|l| match l {
        TicketLookup::Found(t) => Some(t),
        TicketLookup::NotFound => None,
    })
}

/// Read the create answer. A 5xx is an error; every documented outcome is a value.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable answer.
pub fn read_create(status: u16, body: &str) -> Result<CreateOutcome, LoadError> {
    read(status, body, parse_create_response)
}

/// How many times a failed GET (or a POST with an idempotency key) is tried again.
pub const RETRIES: u32 = 3;
/// The first backoff ceiling, doubled on each retry.
pub const BACKOFF_BASE_MS: u32 = 400;
/// The largest backoff ceiling.
pub const BACKOFF_CAP_MS: u32 = 5_000;
/// The longest `Retry-After` waited for; a longer one ends the retries.
pub const RETRY_AFTER_MAX_MS: u32 = 10_000;

/// A JSON object of text fields, written by the browser's `JSON.stringify`.
fn json_object(fields: &[(&str, &str)]) -> String {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    js_sys::JSON::stringify(&object).map(String::from).unwrap_or_default()
}

/// Answers worth trying again: the server was busy or failed in passing.
#[must_use]
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 425 | 429 | 500 | 502 | 503 | 504)
}

/// The wait before retry number `attempt` (0-based): the server's `Retry-After` when it
/// gave one, else "full jitter" — uniform in `[0, min(cap, base · 2^attempt))`, `random`
/// being uniform in `[0, 1)`. `None`: do not retry (the server asked for too long a wait).
#[must_use]
pub fn backoff_ms(attempt: u32, retry_after_ms: Option<u32>, random: f64) -> Option<u32> {
    if let Some(wait) = retry_after_ms {
        return (wait <= RETRY_AFTER_MAX_MS).then_some(wait);
    }
    let ceiling = BACKOFF_BASE_MS.saturating_mul(1 << attempt.min(16)).min(BACKOFF_CAP_MS);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // within [0, ceiling)
    Some((random.clamp(0.0, 1.0) * f64::from(ceiling)) as u32 % ceiling.max(1))
}

/// A `Retry-After` value in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
#[must_use]
pub fn retry_after_ms(value: &str, now: DateTime<Utc>) -> Option<u32> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(seconds.saturating_mul(1000));
    }
    let at = http_date(value)?;
    u32::try_from((at - now).num_milliseconds().max(0)).ok()
}

/// An HTTP date (`Sun, 22 Nov 2026 10:00:05 GMT`). In the browser, `Date.parse`, which must
/// read the form `Date.prototype.toUTCString` writes (ECMA-262 §21.4.3.2), so the wasm
/// carries no date parser; natively, chrono's RFC 2822 reader.
#[cfg(target_arch = "wasm32")]
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    let millis = js_sys::Date::parse(value);
    #[allow(clippy::cast_possible_truncation)] // a finite time value is within ±8.64e15 ms
    millis.is_finite().then(|| DateTime::from_timestamp_millis(millis as i64)).flatten()
}

#[cfg(not(target_arch = "wasm32"))]
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value).ok().map(|at| at.with_timezone(&Utc))
}

/// One answer: status, body and the `Retry-After` header, if any.
struct Answer {
    status: u16,
    body: String,
    retry_after: Option<String>,
}

/// A request to send, possibly more than once.
struct Call<'a> {
    post: Option<(&'a str, &'a str)>,
    path: &'a str,
    key: Option<&'a str>,
}

impl Call<'_> {
    /// A retry can repeat nothing the server would do twice: GETs, and POSTs that carry
    /// their idempotency key.
    fn may_retry(&self) -> bool {
        self.post.is_none() || self.key.is_some()
    }
}

/// `navigator.onLine`, read when asked (not bound once at load, so it follows the page).
fn navigator_online() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("onLine")).ok())
        .is_none_or(|v| v.as_bool() != Some(false))
}

async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, i32::try_from(ms).unwrap_or(i32::MAX));
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The API client of one subscriber, in one dialect.
#[derive(Debug, Clone)]
pub struct ApiClient {
    base: String,
    token: String,
    host: Option<SendWrapper<Host>>,
    timeout_ms: u32,
    /// The dialect spoken.
    pub dialect: Dialect,
}

/// The browser's wall-clock time at a UTC instant (its own timezone).
fn browser_local(t: DateTime<Utc>) -> NaiveDateTime {
    #[allow(clippy::cast_precision_loss)] // milliseconds since 1970 fit an f64 exactly
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    #[allow(clippy::cast_possible_truncation)] // an offset in minutes
    let offset = date.get_timezone_offset() as i64;
    t.naive_utc() - chrono::Duration::minutes(offset)
}

impl ApiClient {
    /// A client for the configured back end, with a fixed token.
    #[must_use]
    pub fn new(config: &WidgetConfig) -> Self {
        Self {
            base: config.api_base.trim_end_matches('/').to_owned(),
            token: config.token.clone(),
            host: None,
            timeout_ms: config.timeout_ms,
            dialect: config.dialect,
        }
    }

    /// A client that asks `host` for tokens and tells it about events.
    #[must_use]
    pub fn with_host(config: &WidgetConfig, host: Host) -> Self {
        Self { host: Some(SendWrapper::new(host)), ..Self::new(config) }
    }

    /// The URL of an API path.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Tell the host page something happened; nothing without a host.
    pub fn emit(&self, name: &str, detail: &JsValue) {
        if let Some(host) = &self.host {
            host.emit(name, detail);
        }
    }

    async fn bearer(&self, refresh: bool) -> String {
        match &self.host {
            Some(host) => host.token(refresh).await.unwrap_or_default(),
            None => self.token.clone(),
        }
    }

    /// Send once, giving up after the configured time.
    async fn send_once(&self, call: &Call<'_>, token: &str) -> Result<Answer, LoadError> {
        let url = self.url(call.path);
        let mut builder = match call.post {
            Some(_) => Request::post(&url),
            None => Request::get(&url),
        };
        builder = builder.header("Accept", "application/json").header("Authorization", &format!("Bearer {token}"));
        if let Some(key) = call.key {
            builder = builder.header("Idempotency-Key", key);
        }
        let controller = web_sys::AbortController::new().ok();
        builder = builder.abort_signal(controller.as_ref().map(web_sys::AbortController::signal).as_ref());
        let request = match call.post {
            Some((content_type, body)) => builder.header("Content-Type", content_type).body(body.to_owned()),
            None => builder.build(),
        };
        let timer = controller.and_then(|c| {
            let abort = wasm_bindgen::closure::Closure::once_into_js(move || c.abort());
            web_sys::window()?
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    abort.unchecked_ref(),
                    i32::try_from(self.timeout_ms).unwrap_or(i32::MAX),
                )
                .ok()
        });
        let result = async {
            let response = request.map_err(Self::failure)?.send().await.map_err(Self::failure)?;
            let retry_after = response.headers().get("retry-after");
            let status = response.status();
            let body = response.text().await.map_err(Self::failure)?;
            Ok(Answer { status, body, retry_after })
        }
        .await;
        if let (Some(t), Some(w)) = (timer, web_sys::window()) {
            w.clear_timeout_with_handle(t);
        }
        result
    }

    /// Why a request got no answer: offline, timed out (aborted) or the network failed.
    fn failure(e: gloo_net::Error) -> LoadError {
        if !navigator_online() {
            return LoadError::Offline;
        }
        match e {
            gloo_net::Error::JsError(js) if js.name == "AbortError" => LoadError::Timeout,
            other => LoadError::Network(other.to_string()),
        }
    }

    /// Send a call: on a 401 ask the host for a new token and try once more; retry
    /// transient failures with capped exponential backoff and full jitter (or the server's
    /// `Retry-After`) when the call may be repeated.
    async fn exchange(&self, call: Call<'_>) -> Result<(u16, String), LoadError> {
        let mut token = self.bearer(false).await;
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            let outcome = self.send_once(&call, &token).await;
            let retry_after = match &outcome {
                Ok(a) if a.status == 401 && !refreshed && self.host.is_some() => {
                    refreshed = true;
                    token = self.bearer(true).await;
                    continue;
                }
                Ok(a) if a.status == 401 => {
                    self.emit("auth-expired", &JsValue::NULL);
                    None
                }
                Ok(a) if retryable_status(a.status) => {
                    Some(a.retry_after.as_deref().and_then(|v| retry_after_ms(v, crate::clock::now_utc())))
                }
                Err(LoadError::Network(_) | LoadError::Timeout) => Some(None),
                _ => None,
            };
            let wait = retry_after
                .filter(|_| call.may_retry() && attempt < RETRIES)
                .and_then(|server| backoff_ms(attempt, server, js_sys::Math::random()));
            match wait {
                Some(ms) => {
                    sleep(ms).await;
                    attempt += 1;
                }
                None => return outcome.map(|a| (a.status, a.body)),
            }
        }
    }

    async fn get(&self, path: &str) -> Result<(u16, String), LoadError> {
        self.exchange(Call { post: None, path, key: None }).await
    }

    async fn post(
        &self,
        path: &str,
        content_type: &str,
        body: &str,
        key: Option<&str>,
    ) -> Result<(u16, String), LoadError> {
        self.exchange(Call { post: Some((content_type, body)), path, key }).await
    }

    /// The subscriber's tickets, newest first, optionally one status group.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its answer fails.
    pub async fn list(&self, group: Option<StatusGroup>) -> Result<Vec<Ticket>, LoadError> {
        match self.dialect {
            Dialect::Crm => {
                let (status, body) = self.get("/api/v1/subscriber/getCustomerTickets").await?;
                read_crm_list(status, &body, group, browser_local)
            }
            Dialect::Envelope | Dialect::Whmcs => {
                let filter = match group {
                    None => "",
                    Some(StatusGroup::Open) => "&status=open",
                    Some(StatusGroup::InProgress) => "&status=in_progress",
                    Some(StatusGroup::Closed) => "&status=closed",
                };
                let (status, body) = self.get(&format!("/api/v1/tickets?per_page=100{filter}")).await?;
                read_list(status, &body)
            }
        }
    }

    /// One ticket with its public thread; `None` when there is no such ticket for this
    /// subscriber. `id` is the ticket number in the WHMCS dialect.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its answer fails.
    pub async fn thread(&self, id: TicketId) -> Result<Option<Thread>, LoadError> {
        match self.dialect {
            Dialect::Whmcs => {
                let form = format!("ticketid={id}");
                let (status, body) =
                    self.post("/api/v2/keliweb/get-ticket", "application/x-www-form-urlencoded", &form, None).await?;
                read_whmcs_thread(status, &body)
            }
            Dialect::Envelope | Dialect::Crm => {
                let (status, body) = self.get(&format!("/api/v1/tickets/{id}/thread")).await?;
                read_thread(status, &body)
            }
        }
    }

    /// The rules in force and the subscriber's zone.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its answer fails.
    pub async fn policy(&self) -> Result<PolicyAnswer, LoadError> {
        let (status, body) = self.get("/api/v1/policy").await?;
        read(status, &body, parse_policy_response)
    }

    /// Whether the zone is at its limit, and the limit.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its answer fails.
    pub async fn zone_status(&self, zone_id: u64) -> Result<(bool, u64), LoadError> {
        let (status, body) = self.get(&format!("/api/v1/tickets/zone-blocked/{zone_id}")).await?;
        read(status, &body, parse_zone_status)
    }

    /// Open a ticket. `key` is the idempotency key: a retry of the same submit reuses it.
    ///
    /// # Errors
    /// [`LoadError`] when the request fails; every documented outcome is a value.
    pub async fn create(&self, subject: &str, description: &str, key: &str) -> Result<CreateOutcome, LoadError> {
        let body = json_object(&[("subject", subject), ("description", description)]);
        let (status, body) = self.post("/api/v1/tickets", "application/json", &body, Some(key)).await?;
        let outcome = read_create(status, &body)?;
        if let CreateOutcome::Created(ticket) = &outcome {
            let detail = js_sys::Object::new();
            #[allow(clippy::cast_precision_loss)] // ticket ids far below 2^53
            let _ = js_sys::Reflect::set(&detail, &"id".into(), &JsValue::from_f64(ticket.id as f64));
            let _ = js_sys::Reflect::set(&detail, &"subject".into(), &JsValue::from_str(&ticket.subject));
            self.emit("ticket-created", &detail);
        }
        Ok(outcome)
    }

    /// Reply to a ticket; the updated thread.
    ///
    /// # Errors
    /// [`LoadError`] when the request fails or the reply is refused.
    pub async fn reply(&self, id: TicketId, message: &str) -> Result<Option<Thread>, LoadError> {
        let body = json_object(&[("message", message)]);
        let (status, body) =
            self.post(&format!("/api/v1/tickets/{id}/replies"), "application/json", &body, None).await?;
        read_thread(status, &body)
    }

    /// Close one's own ticket; the updated ticket.
    ///
    /// # Errors
    /// [`LoadError`] when the request fails.
    pub async fn close(&self, id: TicketId) -> Result<Option<Ticket>, LoadError> {
        let (status, body) = self.post(&format!("/api/v1/tickets/{id}/close"), "application/json", "{}", None).await?;
        read_ticket(status, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_error_page_is_a_server_error_not_a_panic() {
        let got = read_list(502, "<html><body>Bad Gateway</body></html>");
        assert!(matches!(got, Err(LoadError::Server(_))), "{got:?}");
    }

    #[test]
    fn refused_credentials_are_unauthorized_by_status_or_by_action() {
        assert_eq!(read_list(401, "").err(), Some(LoadError::Unauthorized));
        let body = r#"{"ok":false,"type":"error","action":"unauthorized","data":null,"message":"no"}"#;
        assert_eq!(read_thread(200, body).err(), Some(LoadError::Unauthorized));
    }

    #[test]
    fn not_found_is_a_value_not_an_error() {
        let body = r#"{"ok":true,"type":"info","action":"ticket_not_found","data":null}"#;
        assert_eq!(read_thread(200, body), Ok(None));
        let whmcs = r#"{"result":"error","message":"Ticket ID Not Found"}"#;
        assert_eq!(read_whmcs_thread(200, whmcs), Ok(None));
    }

    #[test]
    fn a_refused_reply_carries_the_servers_reason() {
        let body = r#"{"ok":false,"type":"error","action":"update_failed","data":{"errors":{"ticket":"closed"}},"message":"The ticket is closed."}"#;
        assert_eq!(read_thread(422, body), Err(LoadError::Refused("The ticket is closed.".into())));
    }

    #[test]
    fn crm_list_filters_by_group_newest_first() {
        let body = r#"{"success":true,"data":[
            {"ticket_id":1,"subject":"a","status":"Open","priority":"High","created_at":"2023-11-01T10:00:00Z"},
            {"ticket_id":2,"subject":"b","status":"Closed","priority":"Low","created_at":"2023-12-01T10:00:00Z"},
            {"ticket_id":3,"subject":"c","status":"Open","priority":"Low","created_at":"2023-12-05T10:00:00Z"}]}"#;
        let all = read_crm_list(200, body, None, |t| t.naive_utc()).expect("list");
        assert_eq!(all.iter().map(|t| t.id).collect::<Vec<_>>(), [3, 2, 1]);
        let open = read_crm_list(200, body, Some(StatusGroup::Open), |t| t.naive_utc()).expect("list");
        assert_eq!(open.iter().map(|t| t.id).collect::<Vec<_>>(), [3, 1]);
        assert_eq!(
            read_crm_list(401, r#"{"success":false,"message":"Unauthorized"}"#, None, |t| t.naive_utc()),
            Err(LoadError::Unauthorized)
        );
    }

    #[test]
    fn capabilities_follow_the_dialect() {
        assert!(Dialect::Envelope.capabilities().create);
        assert!(!Dialect::Whmcs.capabilities().list && Dialect::Whmcs.capabilities().lookup);
        assert!(Dialect::Crm.capabilities().list && !Dialect::Crm.capabilities().thread);
    }

    #[test]
    fn base_url_joins_without_double_slash() {
        let c = ApiClient::new(&WidgetConfig { api_base: "https://isp.example/".into(), ..WidgetConfig::default() });
        assert_eq!(c.url("/api/v1/tickets"), "https://isp.example/api/v1/tickets");
    }

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_capped_ceiling() {
        for attempt in 0..8 {
            let ceiling = (BACKOFF_BASE_MS << attempt).min(BACKOFF_CAP_MS);
            assert_eq!(backoff_ms(attempt, None, 0.0), Some(0));
            let top = backoff_ms(attempt, None, 0.999_999).expect("a wait");
            assert!(top < ceiling && top + 10 >= ceiling, "attempt {attempt}: {top} vs {ceiling}");
            assert_eq!(backoff_ms(attempt, None, 0.5), Some(ceiling / 2));
        }
        assert_eq!(backoff_ms(40, None, 0.999), Some(BACKOFF_CAP_MS * 999 / 1000), "no overflow on many attempts");
    }

    #[test]
    fn retry_after_wins_when_short_and_stops_retries_when_long() {
        assert_eq!(backoff_ms(0, Some(2_000), 0.1), Some(2_000));
        assert_eq!(backoff_ms(0, Some(RETRY_AFTER_MAX_MS + 1), 0.1), None);
        let now = DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").expect("date").with_timezone(&Utc);
        assert_eq!(retry_after_ms("3", now), Some(3_000));
        assert_eq!(retry_after_ms("Sun, 22 Nov 2026 10:00:05 GMT", now), Some(5_000));
        assert_eq!(retry_after_ms(" Sun, 22 Nov 2026 10:01:00 GMT ", now), Some(60_000));
        assert_eq!(retry_after_ms("Sun, 22 Nov 2026 09:00:00 GMT", now), Some(0), "a past date: now");
        assert_eq!(retry_after_ms("soon", now), None);
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(retryable_status(s), "{s}");
        }
        for s in [200, 201, 400, 401, 403, 404, 409, 422] {
            assert!(!retryable_status(s), "{s}");
        }
    }

    #[test]
    fn only_gets_and_keyed_posts_may_be_repeated() {
        assert!(Call { post: None, path: "/x", key: None }.may_retry());
        assert!(Call { post: Some(("application/json", "{}")), path: "/x", key: Some("k") }.may_retry());
        assert!(!Call { post: Some(("application/json", "{}")), path: "/x", key: None }.may_retry());
    }

    #[test]
    fn dialect_names() {
        assert_eq!(Dialect::from_name(" WHMCS "), Some(Dialect::Whmcs));
        assert_eq!(Dialect::from_name("crm"), Some(Dialect::Crm));
        assert_eq!(Dialect::from_name("soap"), None);
    }
}
