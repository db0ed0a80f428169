//! A known outage of a zone, as the envelope carries it: its one writer (the server's) and its
//! one reader (the widget's), side by side.

use chrono::NaiveDateTime;
use serde_json::{Map, Value, json};

use super::Action;
use super::read::receive;
use crate::error::ParseError;
use crate::fields::{id as opt_u64, items, text as opt_text};
use crate::time::{LocalForm, format_local, parse_local};

/// A known outage: what staff know, since when, the estimate, and how many subscribers said
/// it happens to them too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    /// Its id.
    pub id: u64,
    /// The zone it affects.
    pub zone_id: u64,
    /// What is known, in staff's words.
    pub message: String,
    /// Since when (ISP local time).
    pub started_at: NaiveDateTime,
    /// When service should be back (ISP local time), when staff estimate it.
    pub estimated_end: Option<NaiveDateTime>,
    /// When it ended, once it has.
    pub ended_at: Option<NaiveDateTime>,
    /// How many subscribers said it happens to them too.
    pub reports: u64,
    /// The caller said so (a subscriber's own report).
    pub joined: bool,
}

fn minutes(t: NaiveDateTime) -> String {
    format_local(t, LocalForm::Minutes)
}

/// The outage as the envelope API writes it.
///
/// # Example
/// ```
/// use helpdesk_core::envelope::{Outage, outage_to_wire};
/// let o = Outage {
///     id: 1, zone_id: 2, message: "Corte de fibra".into(),
///     started_at: "2026-12-02T08:00:00".parse().unwrap(), estimated_end: None,
///     ended_at: None, reports: 4, joined: false,
/// };
/// assert_eq!(outage_to_wire(&o)["started_at"], "2026-12-02 08:00");
/// ```
#[must_use]
pub fn outage_to_wire(o: &Outage) -> Value {
    json!({
        "outage_id": o.id,
        "zone_id": o.zone_id,
        "message": o.message,
        "started_at": minutes(o.started_at),
        "estimated_end": o.estimated_end.map(minutes),
        "ended_at": o.ended_at.map(minutes),
        "reports": o.reports,
        "joined": o.joined,
    })
}

fn date(obj: &Map<String, Value>, field: &'static str) -> Result<Option<NaiveDateTime>, ParseError> {
    opt_text(obj, field)?.filter(|s| !s.trim().is_empty()).map(|s| parse_local(field, &s)).transpose()
}

/// Read one outage from its wire form.
///
/// # Errors
/// [`ParseError`] when a required field is missing or unusable.
pub fn outage_from_wire(obj: &Map<String, Value>) -> Result<Outage, ParseError> {
    Ok(Outage {
        id: opt_u64(obj, "outage_id")?.ok_or(ParseError::MissingField("outage_id"))?,
        zone_id: opt_u64(obj, "zone_id")?.unwrap_or_default(),
        message: opt_text(obj, "message")?.unwrap_or_default(),
        started_at: date(obj, "started_at")?.ok_or(ParseError::MissingField("started_at"))?,
        estimated_end: date(obj, "estimated_end")?,
        ended_at: date(obj, "ended_at")?,
        reports: opt_u64(obj, "reports")?.unwrap_or_default(),
        joined: obj.get("joined").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// Parse the answer to `GET /api/v1/outages` (`outages_listed`): the known outages of the
/// caller's zone, newest first.
///
/// # Example
/// ```
/// use helpdesk_core::envelope::parse_outages_response;
/// let body = r#"{"action":"outages_listed","data":{"outages":[{"outage_id":3,"zone_id":2,
///   "message":"Corte de fibra","started_at":"2026-12-02 08:00","reports":5,"joined":true}]}}"#;
/// let outages = parse_outages_response(body).unwrap();
/// assert_eq!((outages[0].id, outages[0].reports, outages[0].joined), (3, 5, true));
/// ```
///
/// # Errors
/// [`ParseError`] when the body is not an `outages_listed` envelope or an outage is unusable.
pub fn parse_outages_response(body: &str) -> Result<Vec<Outage>, ParseError> {
    let r = receive(body)?;
    if Action::from_wire(&r.action) != Some(Action::OutagesListed) {
        return Err(r.rejected());
    }
    items(r.data.get("outages")).into_iter().map(outage_from_wire).collect()
}
