//! The other back-office dialects over the same data, for clients written against them:
//!
//! - `POST /api/v2/keliweb/get-ticket` (seed 002, WHMCS shape): form data, multipart or
//!   urlencoded (the seed's PHP example sends urlencoded text labelled multipart; it works),
//!   `ticketid` or `ticketnum`, `repliessort` `ASC`|`DESC`; numbers as strings as WHMCS does;
//!   staff notes only for the staff key.
//! - `GET /api/v1/subscriber/getCustomerTickets` (seed 003, ISP-CRM shape): `{success,
//!   data}`, 401 `Unauthorized`, 404 `Subscriber not found`.
//!
//! These answer in their own shapes, errors included, never in the envelope.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::routing::{get, post};
use chrono::{NaiveDateTime, TimeZone};
use helpdesk_core::dialect::whmcs;
use helpdesk_core::time::{LocalForm, format_local};
use helpdesk_core::{Author, TicketId};
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Caller;
use crate::clock::utc_text;
use crate::error::ApiError;
use crate::extract::BODY_LIMIT;
use crate::response::ApiResponse;
use crate::store::Page;

/// The routes of this resource.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v2/keliweb/get-ticket", post(get_ticket).fallback(async || whmcs_method_not_allowed("POST")))
        .route(
            "/api/v1/subscriber/getCustomerTickets",
            get(customer_tickets).fallback(async || crm_method_not_allowed("GET")),
        )
}

/// The newest replies a WHMCS-dialect ticket shows (WHMCS has no paging of replies).
const MAX_REPLIES: u32 = 500;
/// The newest tickets the ISP-CRM list shows (it has no paging).
const MAX_TICKETS: u32 = 1_000;

fn whmcs_error(status: StatusCode, message: &str) -> ApiResponse {
    ApiResponse::dialect(status, json!({ "result": "error", "message": message }))
}

/// Any error of a WHMCS-dialect request, in WHMCS's shape with the status it deserves.
fn whmcs_failure(e: ApiError) -> ApiResponse {
    let (status, message) = e.status_and_message();
    whmcs_error(status, &message)
}

fn whmcs_method_not_allowed(allowed: &str) -> ApiResponse {
    whmcs_error(StatusCode::METHOD_NOT_ALLOWED, &format!("This endpoint answers {allowed} only"))
}

/// The WHMCS number shown to users for a ticket id, and back.
#[must_use]
pub fn ticket_number(id: TicketId) -> String {
    format!("{id:06}")
}

/// Why a form could not be read: 413 for a body over the limit, 422 otherwise.
type FormError = (StatusCode, String);

fn form_error(status: StatusCode, message: String) -> FormError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        (status, format!("The body is larger than the limit of {BODY_LIMIT} bytes"))
    } else {
        (StatusCode::UNPROCESSABLE_ENTITY, message)
    }
}

/// Whether `name` is a form field name as WHMCS clients write them.
fn field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-[]".contains(&b))
}

/// The form fields, from multipart or urlencoded bodies; a field name other than letters,
/// digits, `_`, `-` and brackets is refused.
async fn form_fields(req: Request) -> Result<HashMap<String, String>, FormError> {
    let fields = form(req).await?;
    match fields.keys().find(|k| !field_name(k)) {
        Some(bad) => Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("field names are letters, digits, _, - and brackets, not {:?}", crate::extract::clip(bad)),
        )),
        None => Ok(fields),
    }
}

async fn form(req: Request) -> Result<HashMap<String, String>, FormError> {
    let content_type =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    if content_type.starts_with("multipart/form-data") && content_type.contains("boundary=") {
        let mut multipart =
            Multipart::from_request(req, &()).await.map_err(|e| form_error(e.status(), e.body_text()))?;
        let mut fields = HashMap::new();
        while let Some(field) = multipart.next_field().await.map_err(|e| form_error(e.status(), e.body_text()))? {
            let name = field.name().unwrap_or_default().to_owned();
            let value = field.text().await.map_err(|e| form_error(e.status(), e.body_text()))?;
            fields.insert(name, value);
        }
        return Ok(fields);
    }
    let bytes = Bytes::from_request(req, &()).await.map_err(|e| form_error(e.status(), e.body_text()))?;
    serde_urlencoded::from_bytes(&bytes)
        .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, format!("the form data cannot be read: {e}")))
}

/// `POST /api/v2/keliweb/get-ticket`: every answer, failures included, in WHMCS's shape.
async fn get_ticket(state: State<AppState>, caller: Result<Caller, ApiError>, req: Request) -> ApiResponse {
    match caller {
        Err(ApiError::Unauthorized(_)) => whmcs_error(StatusCode::UNAUTHORIZED, "Unauthorized"),
        Err(e) => whmcs_failure(e),
        Ok(caller) => whmcs_ticket(state, caller, req).await.unwrap_or_else(whmcs_failure),
    }
}

/// The ticket a WHMCS-dialect request asks for.
async fn whmcs_ticket(State(state): State<AppState>, caller: Caller, req: Request) -> Result<ApiResponse, ApiError> {
    let fields = match form_fields(req).await {
        Ok(fields) => fields,
        Err((status, e)) => return Ok(whmcs_error(status, &e)),
    };
    let descending = match fields.get("repliessort").map(|s| s.trim().to_ascii_uppercase()) {
        None => false,
        Some(s) if s.is_empty() || s == "ASC" => false,
        Some(s) if s == "DESC" => true,
        Some(_) => return Ok(whmcs_error(StatusCode::UNPROCESSABLE_ENTITY, "repliessort must be ASC or DESC")),
    };
    let given = |name: &str| fields.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let not_found = || Ok(whmcs_error(StatusCode::OK, "Ticket ID Not Found"));
    // `ticketid` is the ticket's id here; `ticketnum` the number shown to users: in front of
    // WHMCS, WHMCS's own (`tid`), else the same id.
    let id = match (given("ticketid"), given("ticketnum"), &state.upstream) {
        (Some(id), _, _) | (None, Some(id), None) => id.parse::<u64>().ok(),
        (None, Some(number), Some(_)) => state.store.ticket_by_number(number).await?,
        // WHMCS answers a GetTicket without a ticket with its usual error at HTTP 200.
        (None, None, _) => None,
    };
    let Some(id) = id.filter(|id| *id > 0 && i64::try_from(*id).is_ok()) else { return not_found() };
    // As every read: another's ticket is a missing one; in front of a back office, re-read first.
    let stored = match caller.visible_ticket(&state, id).await {
        Ok(stored) => stored,
        Err(ApiError::TicketNotFound(_)) => return not_found(),
        Err(e) => return Err(e),
    };
    let shown_number = match &state.upstream {
        Some(_) => state.store.mirror_of(i64::try_from(id).unwrap_or(-1)).await?.and_then(|m| m.number),
        None => None,
    };
    let staff = matches!(caller, Caller::Staff);
    let page = state.store.messages(id, staff, Page { number: 1, size: MAX_REPLIES }).await?;
    let (mut messages, notes) = (page.messages, page.notes);
    if descending {
        messages.reverse();
    }
    let name = state.store.subscriber_name(stored.service_id).await?;
    let t = &stored.ticket;
    let date = |d: NaiveDateTime| format_local(d, LocalForm::Seconds);
    let last = messages.iter().map(|m| m.date).max().unwrap_or(t.created_at);
    let replies: Vec<Value> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (reply_name, admin) = match m.author {
                Author::Subscriber => (m.name.clone(), String::new()),
                Author::Staff => (String::new(), m.name.clone()),
            };
            let index = if descending { messages.len() - 1 - i } else { i };
            json!({
                "replyid": index.to_string(), "userid": stored.service_id.to_string(), "contactid": "0",
                "name": reply_name, "email": "", "date": date(m.date), "message": m.text,
                "attachment": "", "admin": admin,
            })
        })
        .collect();
    let mut body = json!({
        "result": "success", "ticketid": t.id.to_string(), "tid": shown_number.unwrap_or_else(|| ticket_number(t.id)), "c": "",
        "deptid": "1", "deptname": "Soporte técnico", "userid": stored.service_id.to_string(), "contactid": "0",
        "name": name, "email": "", "cc": "", "date": date(t.created_at), "subject": t.subject,
        "status": whmcs::status_label(t.status.kind), "priority": whmcs::priority_label(t.priority.level), "admin": "",
        "lastreply": date(last), "flag": "0", "service": format!("S{}", stored.service_id),
        "replies": { "reply": replies },
    });
    if staff {
        body["notes"] = json!({ "note": notes.iter().map(|n| json!({
            "noteid": n.id.to_string(), "date": date(n.date), "message": n.text, "admin": n.admin,
        })).collect::<Vec<_>>() });
    }
    Ok(ApiResponse::dialect(StatusCode::OK, body))
}

fn crm_error(status: StatusCode, message: &str) -> ApiResponse {
    ApiResponse::dialect(status, json!({ "success": false, "message": message }))
}

/// Any error of an ISP-CRM-dialect request, in that dialect's shape.
fn crm_failure(e: ApiError) -> ApiResponse {
    let (status, message) = e.status_and_message();
    crm_error(status, &message)
}

fn crm_method_not_allowed(allowed: &str) -> ApiResponse {
    crm_error(StatusCode::METHOD_NOT_ALLOWED, &format!("This endpoint answers {allowed} only"))
}

/// `GET /api/v1/subscriber/getCustomerTickets`: the subscriber's tickets (staff:
/// `?service_id=`); every answer, failures included, in the ISP-CRM shape.
async fn customer_tickets(
    state: State<AppState>,
    caller: Result<Caller, ApiError>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResponse {
    match (caller, query) {
        (Err(ApiError::Unauthorized(_)), _) => crm_error(StatusCode::UNAUTHORIZED, "Unauthorized"),
        (Err(e), _) => crm_failure(e),
        (Ok(_), Err(e)) => crm_error(StatusCode::UNPROCESSABLE_ENTITY, &e.body_text()),
        (Ok(caller), Ok(Query(query))) => crm_tickets(state, caller, query).await.unwrap_or_else(crm_failure),
    }
}

/// The tickets an ISP-CRM-dialect request asks for.
async fn crm_tickets(
    State(state): State<AppState>,
    caller: Caller,
    query: HashMap<String, String>,
) -> Result<ApiResponse, ApiError> {
    let asked = match query.get("service_id").map(|s| crate::extract::whole_text(s).filter(|id| *id > 0)) {
        Some(None) => return Ok(crm_error(StatusCode::UNPROCESSABLE_ENTITY, "service_id must be a positive integer")),
        Some(Some(id)) => Some(id),
        None => None,
    };
    // A subscriber naming another line learns as much as naming none that exists.
    let service_id = match (caller, asked) {
        (Caller::Subscriber(s), None) => s.id,
        (Caller::Subscriber(s), Some(id)) if id == s.id => s.id,
        (Caller::Staff, Some(id)) => id,
        (Caller::Subscriber(_) | Caller::Staff, _) => {
            return Ok(crm_error(StatusCode::NOT_FOUND, "Subscriber not found"));
        }
    };
    if state.store.service(service_id).await?.is_none() {
        return Ok(crm_error(StatusCode::NOT_FOUND, "Subscriber not found"));
    }
    let tickets = state.store.tickets_with_activity(service_id, MAX_TICKETS, state.policy.clone()).await?;
    let tz = state.policy.timezone;
    let to_utc = |local: NaiveDateTime| {
        tz.from_local_datetime(&local).earliest().map(|t| utc_text(t.with_timezone(&chrono::Utc)))
    };
    let mut data = Vec::with_capacity(tickets.len());
    for (t, updated) in tickets {
        data.push(json!({
            "ticket_id": t.id,
            "subject": t.subject,
            "status": if t.status.kind.group() == helpdesk_core::StatusGroup::Closed { "Closed" } else { "Open" },
            "priority": whmcs::priority_label(t.priority.level),
            "created_at": to_utc(t.created_at),
            "updated_at": to_utc(updated),
        }));
    }
    Ok(ApiResponse::dialect(StatusCode::OK, json!({ "success": true, "data": data })))
}
