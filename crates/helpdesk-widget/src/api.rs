//! The one place that knows the envelope API's URLs: requests go out with gloo-net, bodies
//! are read by helpdesk-core's parsers. The mapping from (status, body) to a result is
//! sans-IO and tested natively.

use gloo_net::http::Request;
use helpdesk_core::envelope::{parse_ticket_list_response, parse_ticket_response};
use helpdesk_core::{ParseError, TicketId, TicketLookup, TicketPage};

use crate::config::WidgetConfig;
use crate::i18n::Texts;

/// Why a load failed, in terms the UI can explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The request never got an answer (offline, DNS, CORS, connection dropped).
    Network(String),
    /// The credentials were refused (401/403).
    Unauthorized,
    /// The server failed (5xx) or answered something that is not the expected envelope.
    Server(String),
}

impl LoadError {
    /// The message a subscriber reads.
    #[must_use]
    pub fn message(&self, t: &Texts) -> &'static str {
        match self {
            Self::Network(_) => t.network_error,
            Self::Unauthorized => t.auth_error,
            Self::Server(_) => t.server_error,
        }
    }
}

/// Map an answer to a result: the HTTP status is checked here (gloo-net does not fail on
/// 4xx/5xx), the body by the core's parser.
fn read<T>(status: u16, body: &str, parse: fn(&str) -> Result<T, ParseError>) -> Result<T, LoadError> {
    if status == 401 || status == 403 {
        return Err(LoadError::Unauthorized);
    }
    match parse(body) {
        Ok(v) => Ok(v),
        Err(ParseError::Rejected { action, .. }) if action == "unauthorized" || action == "forbidden" => {
            Err(LoadError::Unauthorized)
        }
        Err(e) => Err(LoadError::Server(format!("HTTP {status}: {e}"))),
    }
}

/// Read the answer of the list endpoint.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable answer.
pub fn read_list(status: u16, body: &str) -> Result<TicketPage, LoadError> {
    read(status, body, parse_ticket_list_response)
}

/// Read the answer of the one-ticket endpoint.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable answer.
pub fn read_ticket(status: u16, body: &str) -> Result<TicketLookup, LoadError> {
    read(status, body, parse_ticket_response)
}

/// The envelope API client of one subscriber.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    token: String,
}

impl ApiClient {
    /// A client for the configured back end.
    #[must_use]
    pub fn new(config: &WidgetConfig) -> Self {
        Self { base: config.api_base.trim_end_matches('/').to_owned(), token: config.token.clone() }
    }

    /// The URL of an API path.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str) -> Result<(u16, String), LoadError> {
        let response = Request::get(&self.url(path))
            .header("Accept", "application/json")
            .header("Authorization", &format!("Bearer {}", self.token))
            .send()
            .await
            .map_err(|e| LoadError::Network(e.to_string()))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| LoadError::Network(e.to_string()))?;
        Ok((status, body))
    }

    /// The subscriber's tickets, newest first.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its answer fails.
    pub async fn list_tickets(&self) -> Result<TicketPage, LoadError> {
        let (status, body) = self.get("/api/v1/tickets?per_page=100").await?;
        read_list(status, &body)
    }

    /// One ticket.
    ///
    /// # Errors
    /// [`LoadError`] when the request or its answer fails.
    pub async fn ticket(&self, id: TicketId) -> Result<TicketLookup, LoadError> {
        let (status, body) = self.get(&format!("/api/v1/tickets/{id}")).await?;
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
        assert_eq!(read_ticket(200, body).err(), Some(LoadError::Unauthorized));
    }

    #[test]
    fn not_found_is_a_value_not_an_error() {
        let body = r#"{"ok":true,"type":"info","action":"ticket_not_found","data":null}"#;
        assert_eq!(read_ticket(200, body), Ok(TicketLookup::NotFound));
    }

    #[test]
    fn base_url_joins_without_double_slash() {
        let c = ApiClient::new(&WidgetConfig { api_base: "https://isp.example/".into(), token: "t".into() });
        assert_eq!(c.url("/api/v1/tickets"), "https://isp.example/api/v1/tickets");
    }
}
