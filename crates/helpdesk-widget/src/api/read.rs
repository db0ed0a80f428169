//! Pure readers of a response: (status, body) to a result. The HTTP status is checked
//! here (gloo-net does not fail on 4xx/5xx), the body by helpdesk-core's parsers. Sans-IO,
//! so tested natively.

use chrono::{DateTime, NaiveDateTime, Utc};
use helpdesk_core::dialect::{crm, whmcs};
use helpdesk_core::envelope::{
    CreateOutcome, PolicyForCaller, ZoneStatus, parse_create_response, parse_policy_response, parse_thread_response,
    parse_ticket_list_response, parse_ticket_response, parse_zone_status,
};
use helpdesk_core::{ParseError, StatusGroup, Thread, Ticket, TicketLookup};

use super::error::LoadError;

/// Map a response to a result: refused credentials by status or by action, a refusal the
/// server explains, anything else unusable as a server error.
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
/// [`LoadError`] for refused credentials or an unusable response.
pub fn read_list(status: u16, body: &str) -> Result<Vec<Ticket>, LoadError> {
    let mut tickets = read(status, body, parse_ticket_list_response)?.tickets;
    newest_first(&mut tickets);
    Ok(tickets)
}

/// Read the ISP-CRM list, keeping one status group if asked; `to_local` shows UTC instants
/// in the subscriber's time.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable response.
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
/// [`LoadError`] for refused credentials or an unusable response.
pub fn read_thread(status: u16, body: &str) -> Result<Option<Thread>, LoadError> {
    read(status, body, |b| match parse_thread_response(b) {
        Ok(t) => Ok(Some(t)),
        Err(ParseError::Rejected { action, .. }) if action == "ticket_not_found" => Ok(None),
        Err(e) => Err(e),
    })
}

/// Read a WHMCS `get-ticket` response: its public thread, never its staff notes.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable response.
pub fn read_whmcs_thread(status: u16, body: &str) -> Result<Option<Thread>, LoadError> {
    read(status, body, |b| match whmcs::parse_get_ticket(b) {
        Ok(t) => Ok(Some(t.thread)),
        Err(ParseError::Rejected { message: Some(m), .. }) if m == "Ticket ID Not Found" => Ok(None),
        Err(e) => Err(e),
    })
}

/// Read a response carrying one ticket (`ticket_updated`).
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable response.
pub fn read_ticket(status: u16, body: &str) -> Result<Option<Ticket>, LoadError> {
    read(status, body, parse_ticket_response).map(|l| match l {
        TicketLookup::Found(t) => Some(t),
        TicketLookup::NotFound => None,
    })
}

/// Read the create response. A 5xx is an error; every documented outcome is a value.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable response.
pub fn read_create(status: u16, body: &str) -> Result<CreateOutcome, LoadError> {
    read(status, body, parse_create_response)
}

/// Read the rules in force and the caller's zone.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable response.
pub fn read_policy(status: u16, body: &str) -> Result<PolicyForCaller, LoadError> {
    read(status, body, parse_policy_response)
}

/// Read whether a zone takes new tickets.
///
/// # Errors
/// [`LoadError`] for refused credentials or an unusable response.
pub fn read_zone_status(status: u16, body: &str) -> Result<ZoneStatus, LoadError> {
    read(status, body, parse_zone_status)
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
}
