//! Reading a WHMCS shop's answers (API-FACTS §3) into the gateway's values: tickets from
//! `GetTickets` and `GetTicket` (numbers as strings, dates `Y-m-d H:i:s` in the shop's
//! timezone turned into the ISP's), status labels mapped to the four codes (which labels
//! mean closed is the shop's to say), replies as the thread — staff's marked by `admin`, the
//! opening one by `replyid` 0 — and `notes` never read at all.

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde_json::Value;

use super::UpstreamError;
use super::http::cut;
use super::wisphub_read::int;
use crate::store::{UpstreamAnswer, UpstreamTicket};

/// How a shop writes what the gateway reads: its timezone, the ISP's, and its closed labels.
#[derive(Debug, Clone)]
pub struct Shop {
    /// The timezone of the shop's dates.
    pub timezone: Tz,
    /// The ISP's timezone (the gateway's local times).
    pub isp_timezone: Tz,
    /// The status labels that mean closed (`Closed` in a default WHMCS).
    pub closed: Vec<String>,
}

impl Shop {
    /// The code of status `label`: 1 `Open`, 4 a closed label, 2 any other (answered, on hold,
    /// in progress, a custom one: still active).
    #[must_use]
    pub fn status(&self, label: &str) -> u8 {
        if self.closed.iter().any(|c| c.eq_ignore_ascii_case(label)) {
            4
        } else if label.eq_ignore_ascii_case("Open") {
            1
        } else {
            2
        }
    }

    /// A shop date, `Y-m-d H:i:s` in its timezone, as the ISP's local time.
    #[must_use]
    pub fn date(&self, text: &str) -> Option<NaiveDateTime> {
        let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
        let instant = self.timezone.from_local_datetime(&naive).earliest()?;
        Some(instant.with_timezone(&self.isp_timezone).naive_local())
    }
}

/// WHMCS's priority label as a number 1..=3 (`Low`, `Medium`, `High`).
fn priority(label: &str) -> u8 {
    match label.to_ascii_lowercase().as_str() {
        "low" => 1,
        "high" => 3,
        _ => 2,
    }
}

fn text(v: &Value, field: &str) -> String {
    v.get(field).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn malformed(what: &str, v: &Value) -> UpstreamError {
    UpstreamError::Malformed(format!("{what}: {}", cut(&v.to_string())))
}

/// A ticket of `GetTickets` (`id`) or `GetTicket` (`ticketid`, with its thread).
///
/// # Errors
/// When it lacks its id or its client.
pub fn ticket(t: &Value, shop: &Shop) -> Result<UpstreamTicket, UpstreamError> {
    let upstream_id =
        t.get("ticketid").or_else(|| t.get("id")).and_then(int).ok_or_else(|| malformed("a ticket without id", t))?;
    let service_id =
        t.get("userid").and_then(int).filter(|u| *u > 0).ok_or_else(|| malformed("a ticket without client", t))?;
    let replies = t.pointer("/replies/reply").and_then(Value::as_array);
    let answers = replies.map(|replies| {
        replies
            .iter()
            .filter_map(|r| {
                let admin = text(r, "admin");
                Some(UpstreamAnswer {
                    upstream_id: r.get("replyid").and_then(int)?,
                    author: if admin.is_empty() { text(r, "name") } else { admin.clone() },
                    body: text(r, "message"),
                    at: shop.date(&text(r, "date"))?,
                    by_staff: !admin.is_empty(),
                    opening: r.get("replyid").and_then(int) == Some(0),
                })
            })
            .collect()
    });
    let opening = replies.and_then(|r| r.first()).map(|r| text(r, "message")).unwrap_or_default();
    let number = t.get("tid").and_then(|n| n.as_str().map(str::to_owned).or_else(|| int(n).map(|n| n.to_string())));
    Ok(UpstreamTicket {
        upstream_id,
        number,
        service_id,
        technician_id: None,
        subject: text(t, "subject"),
        description: opening,
        status: shop.status(&text(t, "status")),
        priority: priority(&text(t, "priority")),
        created_at: shop.date(&text(t, "date")),
        end_date: None,
        answers,
    })
}

/// What an action answered: its success, or the error WHMCS gave, told apart by its message.
///
/// # Errors
/// The error, as an [`UpstreamError`].
pub fn read_result(value: Value) -> Result<Value, UpstreamError> {
    match value.get("result").and_then(Value::as_str) {
        Some("success") => Ok(value),
        Some("error") => {
            let message = value.get("message").and_then(Value::as_str).unwrap_or_default();
            Err(if message.eq_ignore_ascii_case("Authentication Failed") {
                UpstreamError::Refused
            } else if message.starts_with("Invalid IP") {
                UpstreamError::AddressRefused(cut(message))
            } else if message.ends_with("Not Found") {
                UpstreamError::NotFound
            } else {
                UpstreamError::Rejected { status: 200, detail: cut(message) }
            })
        }
        _ => Err(UpstreamError::Malformed(format!("an answer without result: {}", cut(&value.to_string())))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shop() -> Shop {
        Shop {
            timezone: chrono_tz::Europe::Rome,
            isp_timezone: chrono_tz::America::Bogota,
            closed: vec!["Closed".into(), "Resolved".into()],
        }
    }

    #[test]
    fn a_thread_is_read_with_its_authors_and_without_its_notes() {
        let t = ticket(
            &json!({
                "result": "success", "ticketid": "7", "tid": "516757", "userid": "2", "subject": "Sin conexión",
                "status": "Customer-Reply", "priority": "High", "date": "2026-02-26 16:00:00",
                "replies": {"reply": [
                    {"replyid": "0", "name": "Marco", "date": "2026-02-26 16:00:00", "message": "Desde ayer", "admin": ""},
                    {"replyid": "1", "name": "", "date": "2026-02-26 17:00:00", "message": "Revisamos", "admin": "Demo Admin"},
                ]},
                "notes": {"note": [{"noteid": "1", "message": "Cliente moroso", "admin": "Demo Admin"}]},
            }),
            &shop(),
        )
        .expect("a ticket");
        assert_eq!((t.upstream_id, t.service_id, t.status, t.priority), (7, 2, 2, 3));
        assert_eq!(
            t.created_at.map(|d| d.to_string()).as_deref(),
            Some("2026-02-26 10:00:00"),
            "Rome 16:00 is Bogotá 10:00"
        );
        let answers = t.answers.expect("a thread");
        assert_eq!(answers.len(), 2);
        assert!(answers[0].opening && !answers[0].by_staff && answers[0].author == "Marco");
        assert!(answers[1].by_staff && answers[1].author == "Demo Admin");
        assert!(!format!("{answers:?}").contains("moroso"), "notes are never read");
    }

    #[test]
    fn statuses_map_to_the_four_codes_with_the_shops_closed_labels() {
        let shop = shop();
        assert_eq!(
            ["Open", "Answered", "On Hold", "Escalated", "Closed", "resolved"].map(|l| shop.status(l)),
            [1, 2, 2, 2, 4, 4]
        );
    }

    #[test]
    fn whmcs_errors_are_told_apart_by_their_message() {
        let error = |m: &str| read_result(serde_json::json!({"result": "error", "message": m}));
        assert_eq!(error("Authentication Failed"), Err(UpstreamError::Refused));
        assert_eq!(error("Invalid IP 10.0.0.7"), Err(UpstreamError::AddressRefused("Invalid IP 10.0.0.7".into())));
        assert_eq!(error("Ticket ID Not Found"), Err(UpstreamError::NotFound));
        assert!(matches!(error("Subject is required"), Err(UpstreamError::Rejected { status: 200, .. })));
        assert!(matches!(read_result(serde_json::json!({"id": 1})), Err(UpstreamError::Malformed(_))));
    }
}
