//! A client of a WHMCS shop's ticket API (API-FACTS §3): its own `includes/api.php` (form
//! data with `identifier` and `secret`), or Keliweb's API over it (an OAuth2 password-grant
//! token, refreshed before it expires and after a 401, never shown). Every number is read as
//! a number or a string; every `result: "error"` (WHMCS answers them at HTTP 200) is an
//! [`UpstreamError`]: `Authentication Failed` the credential, `Invalid IP …` the allowlist,
//! `… Not Found` a missing record, anything else a rejection with WHMCS's message.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{StatusCode, Url};
use serde_json::Value;

use super::UpstreamError;
use super::http::{self, cut};
use super::whmcs_read::read_result;
use super::wisphub_read::int;

/// How many tickets a list page asks for.
const PAGE_SIZE: i64 = 100;
/// The most pages a list follows (a loop guard).
const MAX_PAGES: i64 = 10_000;
/// A Keliweb access token is renewed this long before it expires.
const RENEW_BEFORE: Duration = Duration::from_secs(60);

/// How the gateway reaches the shop.
enum Access {
    /// WHMCS's own API, with an API credential.
    Direct { identifier: String, secret: String },
    /// Keliweb's API, with an OAuth2 client and user, and the tokens in use.
    Keliweb {
        client_id: String,
        client_secret: String,
        username: String,
        password: String,
        tokens: tokio::sync::Mutex<Option<Tokens>>,
    },
}

/// A Keliweb access token, its refresh token, and when the access token expires.
struct Tokens {
    access: String,
    refresh: String,
    expires: Instant,
}

/// A WHMCS shop, directly or through Keliweb. Cheap to clone.
#[derive(Clone)]
pub struct Whmcs {
    http: reqwest::Client,
    base: Url,
    access: Arc<Access>,
    timeout: Duration,
    pace: http::Pace,
}

impl fmt::Debug for Whmcs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let via = match *self.access {
            Access::Direct { .. } => "includes/api.php",
            Access::Keliweb { .. } => "keliweb",
        };
        f.debug_struct("Whmcs")
            .field("base", &self.base.as_str())
            .field("via", &via)
            .field("credential", &"<redacted>")
            .finish()
    }
}

impl Whmcs {
    fn new(base: &str, access: Access, timeout: Duration) -> Result<Self, String> {
        let base = http::base_url(base)?;
        Ok(Self { http: http::client(timeout)?, base, access: Arc::new(access), timeout, pace: http::Pace::default() })
    }

    /// The shop at `base` (where WHMCS is installed: `https://shop.example/billing`), through
    /// its own `includes/api.php` with the API credential `identifier` / `secret`.
    ///
    /// # Errors
    /// When `base` is not usable ([`http::base_url`]).
    pub fn direct(base: &str, identifier: &str, secret: &str, timeout: Duration) -> Result<Self, String> {
        Self::new(base, Access::Direct { identifier: identifier.into(), secret: secret.into() }, timeout)
    }

    /// The shop behind Keliweb's API at `base` (`https://apiv2.keliweb.it`), with its OAuth2
    /// client and user.
    ///
    /// # Errors
    /// When `base` is not usable ([`http::base_url`]).
    pub fn keliweb(
        base: &str,
        (client_id, client_secret): (&str, &str),
        (username, password): (&str, &str),
        timeout: Duration,
    ) -> Result<Self, String> {
        let access = Access::Keliweb {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            username: username.into(),
            password: password.into(),
            tokens: tokio::sync::Mutex::new(None),
        };
        Self::new(base, access, timeout)
    }

    /// The same client, making at most `per_second` calls a second; 0 for no limit.
    #[must_use]
    pub fn with_rate_limit(mut self, per_second: u32) -> Self {
        self.pace = http::Pace::per_second(per_second);
        self
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        url.set_path(&format!("{}{path}", self.base.path().trim_end_matches('/')));
        url
    }

    /// One POST of form data: its status and JSON body.
    async fn post(
        &self,
        url: Url,
        form: &[(&str, &str)],
        bearer: Option<&str>,
    ) -> Result<(StatusCode, Value), UpstreamError> {
        self.pace.turn(self.timeout * 4).await?;
        // JSON asked for: Laravel (Keliweb) answers refusals with a redirect or HTML otherwise.
        let mut request = self
            .http
            .post(url)
            .form(form)
            .header(reqwest::header::ACCEPT, "application/json")
            .header("X-Requested-With", "XMLHttpRequest");
        if let Some(token) = bearer {
            request = request.header(reqwest::header::AUTHORIZATION, http::secret_header(&format!("Bearer {token}"))?);
        }
        let (status, _, text) = http::send(request).await?;
        if status.is_server_error() {
            return Err(UpstreamError::Failed(status.as_u16()));
        }
        let value =
            serde_json::from_str(&text).map_err(|_| UpstreamError::Malformed(format!("not JSON: {}", cut(&text))))?;
        Ok((status, value))
    }

    /// A Keliweb access token: the one in use, renewed when it is about to expire (or when
    /// `stale`, after a 401), by its refresh token or else by the password grant.
    async fn token(&self, stale: bool) -> Result<String, UpstreamError> {
        let Access::Keliweb { client_id, client_secret, username, password, tokens } = &*self.access else {
            return Err(UpstreamError::Refused);
        };
        let mut held = tokens.lock().await;
        if let Some(t) = held.as_ref().filter(|t| !stale && t.expires > Instant::now() + RENEW_BEFORE) {
            return Ok(t.access.clone());
        }
        let url = self.url("/oauth/token");
        let client = [("client_id", client_id.as_str()), ("client_secret", client_secret.as_str())];
        let refreshed = match held.as_ref() {
            Some(t) => {
                let form =
                    [client[0], client[1], ("grant_type", "refresh_token"), ("refresh_token", t.refresh.as_str())];
                self.post(url.clone(), &form, None).await.ok().filter(|(status, _)| status.is_success())
            }
            None => None,
        };
        let (status, grant) = match refreshed {
            Some(answer) => answer,
            None => {
                let form =
                    [client[0], client[1], ("grant_type", "password"), ("username", username), ("password", password)];
                self.post(url, &form, None).await?
            }
        };
        if !status.is_success() {
            *held = None;
            return Err(UpstreamError::Refused);
        }
        let text = |k: &str| grant.get(k).and_then(Value::as_str).map(str::to_owned);
        let (Some(access), Some(refresh)) = (text("access_token"), text("refresh_token")) else {
            return Err(UpstreamError::Malformed("a token grant without its tokens".into()));
        };
        let lifetime = grant.get("expires_in").and_then(int).and_then(|s| u64::try_from(s).ok()).unwrap_or(3600);
        *held =
            Some(Tokens { access: access.clone(), refresh, expires: Instant::now() + Duration::from_secs(lifetime) });
        Ok(access)
    }

    /// Run WHMCS `action` with `fields`; its successful answer.
    async fn action(&self, action: &str, fields: &[(&str, &str)]) -> Result<Value, UpstreamError> {
        let result = self.run(action, fields).await;
        http::count("whmcs", &result);
        result
    }

    async fn run(&self, action: &str, fields: &[(&str, &str)]) -> Result<Value, UpstreamError> {
        match &*self.access {
            Access::Direct { identifier, secret } => {
                let mut form = vec![("identifier", identifier.as_str()), ("secret", secret.as_str())];
                form.extend([("action", action), ("responsetype", "json")]);
                form.extend_from_slice(fields);
                let (_, value) = self.post(self.url("/includes/api.php"), &form, None).await?;
                read_result(value)
            }
            Access::Keliweb { .. } => {
                let method = keliweb_method(action);
                let url = self.url(&format!("/api/v2/keliweb/{method}"));
                let (status, value) = self.post(url.clone(), fields, Some(&self.token(false).await?)).await?;
                if status != StatusCode::UNAUTHORIZED {
                    return read_result(value);
                }
                // Expired or revoked early: a new token, and the call once more.
                let (status, value) = self.post(url, fields, Some(&self.token(true).await?)).await?;
                if status == StatusCode::UNAUTHORIZED { Err(UpstreamError::Refused) } else { read_result(value) }
            }
        }
    }

    /// One cheap call that shows whether the shop answers and takes the credential (and this
    /// server's address).
    ///
    /// # Errors
    /// Why it does not.
    pub async fn probe(&self) -> Result<(), UpstreamError> {
        self.action("GetTickets", &[("limitnum", "1")]).await.map(drop)
    }

    /// Every ticket of client `clientid`, all pages, each once, newest first.
    ///
    /// # Errors
    /// The first failed page's error, or [`UpstreamError::Malformed`] when the pages do not
    /// add up to `totalresults` (the list changed while it was read).
    pub async fn tickets_of(&self, clientid: i64) -> Result<Vec<Value>, UpstreamError> {
        let client = clientid.to_string();
        let mut tickets = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for page in 0..MAX_PAGES {
            let start = (page * PAGE_SIZE).to_string();
            let size = PAGE_SIZE.to_string();
            // Every department's, not only those of the API user (WHMCS's default).
            let fields = [
                ("clientid", client.as_str()),
                ("limitstart", start.as_str()),
                ("limitnum", size.as_str()),
                ("ignore_dept_assignments", "1"),
            ];
            let answer = self.action("GetTickets", &fields).await?;
            let total = answer.get("totalresults").and_then(int).unwrap_or(0);
            let items = answer.pointer("/tickets/ticket").and_then(Value::as_array).cloned().unwrap_or_default();
            let returned = items.len();
            for t in items {
                if seen.insert(t.get("id").and_then(int).unwrap_or(-1)) {
                    tickets.push(t);
                }
            }
            let read = i64::try_from(tickets.len()).unwrap_or(i64::MAX);
            if returned == 0 || read >= total {
                return if read == total {
                    Ok(tickets)
                } else {
                    Err(UpstreamError::Malformed(format!(
                        "client {clientid}'s tickets changed while read: {read} for {total}"
                    )))
                };
            }
        }
        Err(UpstreamError::Malformed(format!("client {clientid} has more than {MAX_PAGES} pages of tickets")))
    }

    /// Client `clientid`'s details (`fullname`, `email`); `None` when the shop has no such client.
    ///
    /// # Errors
    /// Any other failure.
    pub async fn client(&self, clientid: i64) -> Result<Option<Value>, UpstreamError> {
        let id = clientid.to_string();
        match self.action("GetClientsDetails", &[("clientid", id.as_str())]).await {
            Ok(c) => Ok(Some(c)),
            Err(UpstreamError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Ticket `id` with its thread and notes, replies oldest first; `None` when the shop has none.
    ///
    /// # Errors
    /// Any other failure.
    pub async fn ticket(&self, id: i64) -> Result<Option<Value>, UpstreamError> {
        let id = id.to_string();
        match self.action("GetTicket", &[("ticketid", id.as_str()), ("repliessort", "ASC")]).await {
            Ok(t) => Ok(Some(t)),
            Err(UpstreamError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Open a ticket for `clientid` in department `deptid`: its id and its number (`tid`).
    ///
    /// # Errors
    /// Its failure; when [`UpstreamError::outcome_unknown`], it may exist: look for it first.
    pub async fn open(
        &self,
        deptid: i64,
        clientid: i64,
        subject: &str,
        message: &str,
        priority: &str,
    ) -> Result<(i64, String), UpstreamError> {
        let (dept, client) = (deptid.to_string(), clientid.to_string());
        let fields = [
            ("deptid", dept.as_str()),
            ("clientid", client.as_str()),
            ("subject", subject),
            ("message", message),
            ("priority", priority),
        ];
        let opened = self.action("OpenTicket", &fields).await?;
        let id = opened.get("id").and_then(int);
        let tid =
            opened.get("tid").and_then(|t| t.as_str().map(str::to_owned).or_else(|| int(t).map(|n| n.to_string())));
        id.zip(tid).ok_or_else(|| {
            UpstreamError::Malformed(format!("an OpenTicket without id and tid: {}", cut(&opened.to_string())))
        })
    }

    /// Add `message` to ticket `ticketid` as client `clientid`'s reply.
    ///
    /// # Errors
    /// Its failure; when [`UpstreamError::outcome_unknown`], it may have been added.
    pub async fn reply(&self, ticketid: i64, clientid: i64, message: &str) -> Result<(), UpstreamError> {
        let (ticket, client) = (ticketid.to_string(), clientid.to_string());
        self.action(
            "AddTicketReply",
            &[("ticketid", ticket.as_str()), ("clientid", client.as_str()), ("message", message)],
        )
        .await
        .map(drop)
    }

    /// Add `message` to ticket `ticketid` as client `clientid`'s reply, with file `name`
    /// (`bytes`) attached: WHMCS's `attachments`, a base64 JSON list of `{name, data}` whose
    /// `data` is base64 too.
    ///
    /// # Errors
    /// Its failure; when [`UpstreamError::outcome_unknown`], it may have been added.
    pub async fn reply_with_file(
        &self,
        ticketid: i64,
        clientid: i64,
        message: &str,
        (name, bytes): (&str, &[u8]),
    ) -> Result<(), UpstreamError> {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        let files = serde_json::json!([{ "name": name, "data": b64.encode(bytes) }]);
        let attachments = b64.encode(files.to_string());
        let (ticket, client) = (ticketid.to_string(), clientid.to_string());
        let fields = [
            ("ticketid", ticket.as_str()),
            ("clientid", client.as_str()),
            ("message", message),
            ("attachments", attachments.as_str()),
        ];
        self.action("AddTicketReply", &fields).await.map(drop)
    }

    /// Set ticket `ticketid`'s status to `status` (`Closed` to close it).
    ///
    /// # Errors
    /// Its failure.
    pub async fn set_status(&self, ticketid: i64, status: &str) -> Result<(), UpstreamError> {
        let ticket = ticketid.to_string();
        self.action("UpdateTicket", &[("ticketid", ticket.as_str()), ("status", status)]).await.map(drop)
    }
}

/// Keliweb's method for WHMCS `action` (`GetTicket` → `get-ticket`).
fn keliweb_method(action: &str) -> String {
    let mut method = String::new();
    for (i, c) in action.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            method.push('-');
        }
        method.push(c.to_ascii_lowercase());
    }
    method
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keliweb_names_the_actions_in_kebab_case() {
        assert_eq!(keliweb_method("GetTicket"), "get-ticket");
        assert_eq!(keliweb_method("AddTicketReply"), "add-ticket-reply");
        assert_eq!(keliweb_method("GetTickets"), "get-tickets");
    }
}
