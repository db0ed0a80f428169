//! [`ApiClient`]: the subscriber's client in one dialect. It knows each back end's URLs and
//! request bodies, asks the host for tokens (again on a 401), retries what may be repeated,
//! and hands each response to its reader. It also knows whose drafts to keep: the policy
//! names the subscriber, and a token refused for good takes that subscriber's drafts away.

use std::cell::RefCell;
use std::rc::Rc;

use helpdesk_core::envelope::{CreateOutcome, Operations, PolicyForCaller, ZoneStatus};
use helpdesk_core::{StatusGroup, Thread, Ticket, TicketId};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;

use super::dialect::Dialect;
use super::error::LoadError;
use super::read::{
    read_create, read_crm_list, read_list, read_policy, read_thread, read_ticket, read_whmcs_thread, read_zone_status,
};
use super::retry::{RETRIES, backoff_ms, retry_after_ms, retryable_status};
use super::transport::{Body, Call, HttpResponse, send_once, sleep};
use crate::clock;
use crate::config::WidgetConfig;
use crate::draft::{Draft, DraftKey};
use crate::host::Host;

/// The API client of one subscriber, in one dialect.
#[derive(Debug, Clone)]
pub struct ApiClient {
    base: String,
    token: String,
    host: Option<SendWrapper<Host>>,
    timeout_ms: u32,
    /// Where the subscriber's drafts are kept, once the policy named the subscriber; shared
    /// by every clone. Borrowed only to copy or swap the value, never while JavaScript runs.
    drafts: SendWrapper<Rc<RefCell<Option<DraftKey>>>>,
    /// What the server lets the subscriber do, once its policy was read; shared by every clone.
    operations: SendWrapper<Rc<std::cell::Cell<Option<Operations>>>>,
    /// The dialect spoken.
    pub dialect: Dialect,
}

/// A JSON object of text fields, written by the browser's `JSON.stringify`.
fn json_object(fields: &[(&str, &str)]) -> String {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    js_sys::JSON::stringify(&object).map(String::from).unwrap_or_default()
}

/// A JSON request body.
fn json(text: &str) -> Option<Body<'_>> {
    Some(Body { content_type: "application/json", text })
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
            drafts: SendWrapper::new(Rc::default()),
            operations: SendWrapper::new(Rc::default()),
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

    /// Start uploading form `key`'s photos to `ticket`: how many are going up (see
    /// [`Host::attach`]).
    pub fn attach(&self, key: &str, ticket: TicketId) -> u32 {
        self.host.as_ref().map_or(0, |host| host.attach(key, ticket))
    }

    async fn bearer(&self, refresh: bool) -> String {
        match &self.host {
            Some(host) => host.token(refresh).await.unwrap_or_default(),
            None => self.token.clone(),
        }
    }

    /// Send a call: on a 401 ask the host for a new token and try once more; retry
    /// transient failures with capped exponential backoff and full jitter (or the server's
    /// `Retry-After`) when the call may be repeated.
    async fn exchange(&self, call: Call<'_>) -> Result<HttpResponse, LoadError> {
        let url = self.url(call.path);
        let mut token = self.bearer(false).await;
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            let outcome = send_once(&url, &call, &token, self.timeout_ms).await;
            let refused = matches!(&outcome, Ok(r) if r.response.status == 401)
                || matches!(outcome, Err(LoadError::Unauthorized));
            let retry_after = match &outcome {
                _ if refused && !refreshed && self.host.is_some() => {
                    refreshed = true;
                    token = self.bearer(true).await;
                    continue;
                }
                _ if refused => {
                    // Refused for good: the subscriber's drafts go with its session.
                    if let Some(key) = RefCell::take(&self.drafts) {
                        Draft::clear(&key);
                    }
                    self.emit("auth-expired", &JsValue::NULL);
                    None
                }
                Ok(r) if retryable_status(r.response.status) => {
                    Some(r.retry_after.as_deref().and_then(|v| retry_after_ms(v, clock::now_utc())))
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
                None => return outcome.map(|r| r.response),
            }
        }
    }

    async fn get(&self, path: &str) -> Result<HttpResponse, LoadError> {
        self.exchange(Call { post: None, path, key: None }).await
    }

    async fn post(&self, path: &str, body: Option<Body<'_>>, key: Option<&str>) -> Result<HttpResponse, LoadError> {
        self.exchange(Call { post: body, path, key }).await
    }

    /// The subscriber's tickets, newest first, optionally one status group.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its response fails.
    pub async fn list(&self, group: Option<StatusGroup>) -> Result<Vec<Ticket>, LoadError> {
        match self.dialect {
            Dialect::Crm => {
                let r = self.get("/api/v1/subscriber/getCustomerTickets").await?;
                read_crm_list(r.status, &r.body, group, clock::browser_local)
            }
            Dialect::Envelope | Dialect::Whmcs => {
                let filter = match group {
                    None => "",
                    Some(StatusGroup::Open) => "&status=open",
                    Some(StatusGroup::InProgress) => "&status=in_progress",
                    Some(StatusGroup::Closed) => "&status=closed",
                };
                let r = self.get(&format!("/api/v1/tickets?per_page=100{filter}")).await?;
                read_list(r.status, &r.body)
            }
        }
    }

    /// One ticket with its public thread; `None` when there is no such ticket for this
    /// subscriber. `id` is the ticket number in the WHMCS dialect.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its response fails.
    pub async fn thread(&self, id: TicketId) -> Result<Option<Thread>, LoadError> {
        match self.dialect {
            Dialect::Whmcs => {
                let form = format!("ticketid={id}");
                let body = Body { content_type: "application/x-www-form-urlencoded", text: &form };
                let r = self.post("/api/v2/keliweb/get-ticket", Some(body), None).await?;
                read_whmcs_thread(r.status, &r.body)
            }
            Dialect::Envelope | Dialect::Crm => {
                let r = self.get(&format!("/api/v1/tickets/{id}/thread")).await?;
                read_thread(r.status, &r.body)
            }
        }
    }

    /// The rules in force and the subscriber's zone. The subscriber's key in it says where
    /// its drafts are kept from now on ([`Self::drafts`]).
    ///
    /// # Errors
    /// [`LoadError`] when the request or its response fails.
    pub async fn policy(&self) -> Result<PolicyForCaller, LoadError> {
        let r = self.get("/api/v1/policy").await?;
        let for_caller = read_policy(r.status, &r.body)?;
        let drafts = for_caller.subscriber_key.as_deref().and_then(|key| DraftKey::for_subscriber(&self.base, key));
        if drafts.is_some() {
            // The one draft an earlier version kept for whoever wrote it.
            Draft::clear(&DraftKey::unkeyed(&self.base));
        }
        self.drafts.replace(drafts);
        self.operations.set(Some(for_caller.operations));
        Ok(for_caller)
    }

    /// What the server lets the subscriber do to a ticket: from the policy, read once. When
    /// it cannot be read, everything is offered (the server still refuses what it cannot do,
    /// with a message).
    pub async fn operations(&self) -> Operations {
        if let Some(known) = self.operations.get() {
            return known;
        }
        self.policy().await.map(|p| p.operations).unwrap_or_default()
    }

    /// Where the subscriber's drafts are kept: `None` until the policy named the subscriber,
    /// and again once its token is refused for good; no draft is kept or shown then.
    #[must_use]
    pub fn drafts(&self) -> Option<DraftKey> {
        self.drafts.borrow().clone()
    }

    /// Whether the zone is at its limit, and the limit.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its response fails.
    pub async fn zone_status(&self, zone_id: u64) -> Result<ZoneStatus, LoadError> {
        let r = self.get(&format!("/api/v1/tickets/zone-blocked/{zone_id}")).await?;
        read_zone_status(r.status, &r.body)
    }

    /// Open a ticket. `key` is the idempotency key: a retry of the same submit reuses it.
    ///
    /// # Errors
    /// [`LoadError`] when the request fails; every documented outcome is a value.
    pub async fn create(&self, subject: &str, description: &str, key: &str) -> Result<CreateOutcome, LoadError> {
        let body = json_object(&[("subject", subject), ("description", description)]);
        let r = self.post("/api/v1/tickets", json(&body), Some(key)).await?;
        let outcome = read_create(r.status, &r.body)?;
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
        let r = self.post(&format!("/api/v1/tickets/{id}/replies"), json(&body), None).await?;
        read_thread(r.status, &r.body)
    }

    /// Close one's own ticket; the updated ticket.
    ///
    /// # Errors
    /// [`LoadError`] when the request fails.
    pub async fn close(&self, id: TicketId) -> Result<Option<Ticket>, LoadError> {
        let r = self.post(&format!("/api/v1/tickets/{id}/close"), json("{}"), None).await?;
        read_ticket(r.status, &r.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_joins_without_double_slash() {
        let c = ApiClient::new(&WidgetConfig { api_base: "https://isp.example/".into(), ..WidgetConfig::default() });
        assert_eq!(c.url("/api/v1/tickets"), "https://isp.example/api/v1/tickets");
    }
}
