//! The ISP-CRM subscriber list (seed 003): `GET /api/v1/subscriber/getCustomerTickets`.
//!
//! Success is `{success: true, data: [...]}` with ISO-8601 UTC timestamps; failures are
//! `{success: false, message}` (401 `Unauthorized`, 404 `Subscriber not found`) or a bare
//! `{message}` without `success`.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::error::ParseError;
use crate::fields::{id, items, object, text};
use crate::ticket::{Priority, Status, Ticket};

/// Parse the list. `to_local` turns the CRM's UTC instants into the wall-clock time to show
/// (the caller's timezone conversion; the core has no timezone database).
///
/// # Example: the seed's list, shown in UTC
/// ```
/// use helpdesk_core::dialect::crm::parse_customer_tickets;
/// let body = r#"{"success":true,"data":[{"ticket_id":101,"subject":"Internet not working",
///   "status":"Open","priority":"High","created_at":"2023-12-01T10:00:00Z","updated_at":"2023-12-01T12:00:00Z"}]}"#;
/// let tickets = parse_customer_tickets(body, |t| t.naive_utc()).unwrap();
/// assert_eq!(tickets[0].created_at.to_string(), "2023-12-01 10:00:00");
/// let denied = r#"{"success":false,"message":"Unauthorized"}"#;
/// assert!(parse_customer_tickets(denied, |t| t.naive_utc()).is_err());
/// ```
///
/// # Errors
/// [`ParseError::Rejected`] with the CRM's message when `success` is not `true`; other
/// [`ParseError`]s for unusable bodies or tickets.
pub fn parse_customer_tickets(
    body: &str,
    to_local: impl Fn(DateTime<Utc>) -> NaiveDateTime,
) -> Result<Vec<Ticket>, ParseError> {
    let obj = object(body)?;
    if obj.get("success").and_then(serde_json::Value::as_bool) != Some(true) {
        let action = match obj.get("success") {
            Some(_) => "success_false",
            None => "no_success",
        };
        return Err(ParseError::Rejected { action: action.to_owned(), message: text(&obj, "message")? });
    }
    let Some(data) = obj.get("data").filter(|d| d.is_array()) else {
        return Err(ParseError::MissingField("data"));
    };
    items(Some(data))
        .into_iter()
        .map(|t| {
            let created = text(t, "created_at")?.ok_or(ParseError::MissingField("created_at"))?;
            let created = DateTime::parse_from_rfc3339(created.trim()).map_err(|e| ParseError::InvalidField {
                field: "created_at",
                reason: format!("\"{created}\" is not an ISO-8601 instant: {e}"),
            })?;
            Ok(Ticket {
                id: id(t, "ticket_id")?.ok_or(ParseError::MissingField("ticket_id"))?,
                subject: text(t, "subject")?.ok_or(ParseError::MissingField("subject"))?,
                status: Status::from_label(&text(t, "status")?.unwrap_or_default()),
                priority: Priority::from_label(&text(t, "priority")?.unwrap_or_default()),
                created_at: to_local(created.with_timezone(&Utc)),
                end_date: None,
                answer: None,
                back_office: None,
                unread: false,
            })
        })
        .collect()
}
