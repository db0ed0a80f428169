//! The JavaScript API. Names are camelCase; values cross as plain JS objects (serde).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use helpdesk_core::calendar::{Calendar, Country};
use helpdesk_core::catalog::Catalog;
use helpdesk_core::dialect::{crm, whmcs};
use helpdesk_core::envelope::{self, TicketLookup};
use helpdesk_core::policy::Policy;
use helpdesk_core::time;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::IntlClock;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Priority levels of the subject catalog: 1 low, 2 normal, 3 high, 4 very high. */
export type PriorityLevel = "low" | "normal" | "high" | "very_high";
/** What a subscriber reads and types for a subject in one language. */
export interface Wording { lang: string; label: string; help?: string; words?: string[] }
/** A subject of the catalog (its exact back-office string), the priority it gives a ticket,
 *  and its wording per language. */
export interface Subject { name: string; priority: PriorityLevel; wording?: Wording[] }
/** ISO 3166 codes of the built-in holiday calendars. */
export type CountryCode = "CO" | "MX" | "PE" | "IT";
/** A business calendar; omitted fields take the defaults (Sat/Sun weekend, Colombia). */
export interface CalendarSpec {
  weekend?: ("Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun")[];
  country?: CountryCode | null;
  extra_holidays?: string[];
  removed_holidays?: string[];
}
/** The rules in force; omitted fields take the defaults of the envelope API. */
export interface Policy {
  max_tickets?: number;
  active_states?: number[];
  resolution_days?: number;
  timezone?: string;
  calendar?: CalendarSpec;
  catalog?: Subject[];
}
/** Opening time and estimated resolution, ISP local time, ISO without zone. */
export interface Estimate { created_at: string; end_date: string }
export type ZoneDecision =
  | { decision: "allowed"; remaining: number }
  | { decision: "blocked"; max_tickets: number };
export interface Ticket {
  id: number;
  subject: string;
  status: { kind: "open" | "in_progress" | "answered" | "customer_reply" | "on_hold" | "resolved" | "closed" | "other"; label: string };
  priority: { level: PriorityLevel | null; label: string };
  created_at: string;
  end_date: string | null;
  answer: string | null;
  /** In front of the ISP's back office: "pending", or `{ filed: number }`; absent otherwise. */
  back_office?: "pending" | { filed: number };
}
export interface Message { id: number; author: "subscriber" | "staff"; name: string; date: string; text: string }
export interface Thread { ticket: Ticket; number: string | null; messages: Message[] }
export interface StaffNote { id: number; admin: string; date: string; text: string }
export interface TicketPage { tickets: Ticket[]; total: number; page: number; per_page: number }
export type Dialect = "envelope" | "envelope-list" | "whmcs" | "crm";
"#;

pub(crate) fn error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error(format!("cannot convert the result to JavaScript: {e}")))
}

fn policy_from(value: JsValue) -> Result<Policy, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Policy::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| error(format!("invalid policy: {e}")))
}

pub(crate) fn calendar_from(value: JsValue) -> Result<Calendar, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Calendar::default());
    }
    if let Some(code) = value.as_string() {
        return country(&code).map(Calendar::of);
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| error(format!("invalid calendar: {e}")))
}

fn country(code: &str) -> Result<Country, JsError> {
    Country::from_code(code).ok_or_else(|| {
        let known: Vec<&str> = Country::ALL.iter().map(|c| c.code()).collect();
        error(format!("unknown country {code:?}: use one of {}", known.join(", ")))
    })
}

/// The default subject catalog (31 subjects), in catalog order.
#[wasm_bindgen(js_name = subjectCatalog, unchecked_return_type = "Subject[]")]
pub fn subject_catalog() -> Result<JsValue, JsError> {
    to_js(&Catalog::default())
}

/// The default subject catalog with its built-in wording in Spanish, English and Italian.
#[wasm_bindgen(js_name = wordedSubjectCatalog, unchecked_return_type = "Subject[]")]
pub fn worded_subject_catalog() -> Result<JsValue, JsError> {
    to_js(&Catalog::default().with_builtin_wording())
}

/// The subjects a subscriber's `query` in `lang` (`es` when omitted) describes, best first
/// — the core's ranking, the same the widget and the server's `GET
/// /api/v1/tickets/subjects?q=` give. Searches `catalog` when given (an ISP's, such as the
/// policy's), with the built-in wording filled in; else the default catalog.
#[wasm_bindgen(js_name = searchSubjects, unchecked_return_type = "Subject[]")]
pub fn search_subjects(
    query: &str,
    lang: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "Subject[] | undefined")] catalog: JsValue,
) -> Result<JsValue, JsError> {
    let catalog = if catalog.is_undefined() || catalog.is_null() {
        Catalog::default()
    } else {
        serde_wasm_bindgen::from_value(catalog).map_err(|e| error(format!("invalid catalog: {e}")))?
    }
    .with_builtin_wording();
    to_js(&catalog.search(query, lang.as_deref().unwrap_or("es")))
}

/// The catalog subject matching `text` exactly after NFC normalisation. Throws an `Error`
/// naming the closest valid subjects when there is none.
#[wasm_bindgen(js_name = validateSubject, unchecked_return_type = "Subject")]
pub fn validate_subject(text: &str) -> Result<JsValue, JsError> {
    let catalog = Catalog::default();
    let subject = catalog.validate(text).map_err(error)?;
    to_js(subject)
}

/// The priority (1–4) a ticket with this subject gets, or `undefined` for a subject
/// outside the catalog.
#[wasm_bindgen(js_name = priorityOfSubject)]
#[must_use]
pub fn priority_of_subject(text: &str) -> Option<u8> {
    Catalog::default().priority_of(text).map(helpdesk_core::PriorityLevel::number)
}

/// The public holidays of `country` (ISO code) in `year`, as ISO dates. Throws for an
/// unknown country or a year outside the calendar's claimed range.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn holidays(country_code: &str, year: i32) -> Result<Vec<String>, JsError> {
    let c = country(country_code)?;
    let years = c.years();
    if !years.contains(&year) {
        return Err(error(format!("the {} calendar covers {}–{}, not {year}", c.code(), years.start(), years.end())));
    }
    Ok(c.holidays(year).iter().map(NaiveDate::to_string).collect())
}

pub(crate) fn parse_local_iso(text: &str) -> Result<NaiveDateTime, JsError> {
    let t = text.trim();
    time::parse_local("start", t).or_else(|_| {
        time::parse_date(t)
            .map(|d| d.and_time(chrono::NaiveTime::MIN))
            .ok_or_else(|| error(format!("{t:?} is not a local date-time like 2026-02-26T10:00")))
    })
}

/// `startLocalIso` plus `days` business days (WORKDAY semantics: counting starts the day
/// after), same time of day, as an ISO local date-time. `calendar` is a country code, a
/// `CalendarSpec`, or omitted for Colombia.
#[wasm_bindgen(js_name = addBusinessDays)]
pub fn add_business_days(
    start_local_iso: &str,
    days: u32,
    #[wasm_bindgen(unchecked_param_type = "CountryCode | CalendarSpec | undefined")] calendar: JsValue,
) -> Result<String, JsError> {
    let start = parse_local_iso(start_local_iso)?;
    let cal = calendar_from(calendar)?;
    Ok(time::format_local(cal.add_business_days(start, days), time::LocalForm::Iso))
}

/// The local opening time and estimated resolution of a ticket opened at `nowUtcIso`
/// (RFC 3339), under `policy` (defaults when omitted). The timezone conversion uses the
/// host's `Intl`.
#[wasm_bindgen(js_name = estimateResolution, unchecked_return_type = "Estimate")]
pub fn estimate_resolution(
    now_utc_iso: &str,
    #[wasm_bindgen(unchecked_param_type = "Policy | undefined")] policy: JsValue,
) -> Result<JsValue, JsError> {
    let now = DateTime::parse_from_rfc3339(now_utc_iso.trim())
        .map_err(|e| error(format!("{now_utc_iso:?} is not an RFC 3339 instant like 2026-02-26T15:00:00Z: {e}")))?
        .with_timezone(&Utc);
    let p = policy_from(policy)?;
    let e = p.estimate(now, &IntlClock).map_err(error)?;
    to_js(&e)
}

/// Whether a zone holding `activeCount` active tickets may take another, under `policy`.
#[wasm_bindgen(js_name = zoneAllows, unchecked_return_type = "ZoneDecision")]
pub fn zone_allows(
    active_count: f64,
    #[wasm_bindgen(unchecked_param_type = "Policy | undefined")] policy: JsValue,
) -> Result<JsValue, JsError> {
    if !(active_count.is_finite() && active_count >= 0.0 && active_count.fract() == 0.0) {
        return Err(error(format!("activeCount must be a non-negative integer, not {active_count}")));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked above
    let count = active_count as u64;
    to_js(&policy_from(policy)?.zone.decide(count))
}

/// Parse a back end's JSON body in one of the dialects:
/// `"envelope"` (one ticket: `Ticket`, or `null` for `ticket_not_found`),
/// `"envelope-list"` (`TicketPage`), `"whmcs"` (`{ thread: Thread, staff_notes: StaffNote[] }`)
/// or `"crm"` (`Ticket[]`, times in UTC). Throws on anything else.
#[wasm_bindgen(js_name = parseTicket)]
pub fn parse_ticket(
    json: &str,
    #[wasm_bindgen(unchecked_param_type = "Dialect")] dialect: &str,
) -> Result<JsValue, JsError> {
    match dialect {
        "envelope" => match envelope::parse_ticket_response(json).map_err(error)? {
            TicketLookup::Found(t) => to_js(&t),
            TicketLookup::NotFound => Ok(JsValue::NULL),
        },
        "envelope-list" => to_js(&envelope::parse_ticket_list_response(json).map_err(error)?),
        "whmcs" => to_js(&whmcs::parse_get_ticket(json).map_err(error)?),
        "crm" => to_js(&crm::parse_customer_tickets(json, |t| t.naive_utc()).map_err(error)?),
        other => Err(error(format!("unknown dialect {other:?}: use envelope, envelope-list, whmcs or crm"))),
    }
}

/// The version of the built-in holiday rules.
#[wasm_bindgen(js_name = calendarRulesVersion)]
#[must_use]
pub fn calendar_rules_version() -> String {
    helpdesk_core::calendar::RULES_VERSION.to_owned()
}
