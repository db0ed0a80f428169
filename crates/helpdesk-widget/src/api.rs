//! The one place that knows each back end's URLs and JSON. One adapter per dialect, each
//! declaring what it can do ([`Capabilities`]); everything else sees the normalised model.
//!
//! Requests go out with gloo-net; bodies are read by helpdesk-core's parsers. The mapping
//! from (status, body) to a result is sans-IO and tested natively.

use chrono::{DateTime, NaiveDateTime, Utc};
use gloo_net::http::{Request, RequestBuilder};
use helpdesk_core::dialect::{crm, whmcs};
use helpdesk_core::envelope::{
    CreateOutcome, PolicyAnswer, parse_create_response, parse_policy_response, parse_thread_response,
    parse_ticket_list_response, parse_ticket_response, parse_zone_status,
};
use helpdesk_core::{ParseError, StatusGroup, Thread, Ticket, TicketId, TicketLookup};
use serde::Deserialize;

use crate::config::WidgetConfig;
use crate::i18n::Texts;

/// The back-end dialect the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// The request never got an answer (offline, DNS, CORS, connection dropped).
    Network(String),
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
    tickets.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
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

/// The envelope API client of one subscriber, in one dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    token: String,
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
    /// A client for the configured back end.
    #[must_use]
    pub fn new(config: &WidgetConfig) -> Self {
        Self {
            base: config.api_base.trim_end_matches('/').to_owned(),
            token: config.token.clone(),
            dialect: config.dialect,
        }
    }

    /// The URL of an API path.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn authorised(&self, builder: RequestBuilder) -> RequestBuilder {
        builder.header("Accept", "application/json").header("Authorization", &format!("Bearer {}", self.token))
    }

    async fn send(request: Result<Request, gloo_net::Error>) -> Result<(u16, String), LoadError> {
        let response = request
            .map_err(|e| LoadError::Network(e.to_string()))?
            .send()
            .await
            .map_err(|e| LoadError::Network(e.to_string()))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| LoadError::Network(e.to_string()))?;
        Ok((status, body))
    }

    async fn get(&self, path: &str) -> Result<(u16, String), LoadError> {
        Self::send(self.authorised(Request::get(&self.url(path))).build()).await
    }

    async fn post(
        &self,
        path: &str,
        content_type: &str,
        body: String,
        key: Option<&str>,
    ) -> Result<(u16, String), LoadError> {
        let mut builder = self.authorised(Request::post(&self.url(path))).header("Content-Type", content_type);
        if let Some(key) = key {
            builder = builder.header("Idempotency-Key", key);
        }
        Self::send(builder.body(body)).await
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
                    self.post("/api/v2/keliweb/get-ticket", "application/x-www-form-urlencoded", form, None).await?;
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
        let body = serde_json::json!({ "subject": subject, "description": description }).to_string();
        let (status, body) = self.post("/api/v1/tickets", "application/json", body, Some(key)).await?;
        read_create(status, &body)
    }

    /// Reply to a ticket; the updated thread.
    ///
    /// # Errors
    /// [`LoadError`] when the request fails or the reply is refused.
    pub async fn reply(&self, id: TicketId, message: &str) -> Result<Option<Thread>, LoadError> {
        let body = serde_json::json!({ "message": message }).to_string();
        let (status, body) =
            self.post(&format!("/api/v1/tickets/{id}/replies"), "application/json", body, None).await?;
        read_thread(status, &body)
    }

    /// Close one's own ticket; the updated ticket.
    ///
    /// # Errors
    /// [`LoadError`] when the request fails.
    pub async fn close(&self, id: TicketId) -> Result<Option<Ticket>, LoadError> {
        let (status, body) =
            self.post(&format!("/api/v1/tickets/{id}/close"), "application/json", "{}".into(), None).await?;
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
        let c = ApiClient::new(&WidgetConfig {
            api_base: "https://isp.example/".into(),
            token: "t".into(),
            dialect: Dialect::Envelope,
        });
        assert_eq!(c.url("/api/v1/tickets"), "https://isp.example/api/v1/tickets");
    }
}
