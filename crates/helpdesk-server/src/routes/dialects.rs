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

/// The routes of this resource.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v2/keliweb/get-ticket", post(get_ticket))
        .route("/api/v1/subscriber/getCustomerTickets", get(customer_tickets))
}

fn whmcs_error(status: StatusCode, message: &str) -> ApiResponse {
    ApiResponse::dialect(status, json!({ "result": "error", "message": message }))
}

/// The WHMCS number shown to users for a ticket id, and back.
#[must_use]
pub fn ticket_number(id: TicketId) -> String {
    format!("{id:06}")
}

/// The form fields, from multipart or urlencoded bodies.
async fn form_fields(req: Request) -> Result<HashMap<String, String>, String> {
    let content_type =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    if content_type.starts_with("multipart/form-data") && content_type.contains("boundary=") {
        let mut multipart = Multipart::from_request(req, &()).await.map_err(|e| e.body_text())?;
        let mut fields = HashMap::new();
        while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
            let name = field.name().unwrap_or_default().to_owned();
            let value = field.text().await.map_err(|e| e.body_text())?;
            fields.insert(name, value);
        }
        return Ok(fields);
    }
    let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT).await.map_err(|e| e.to_string())?;
    serde_urlencoded::from_bytes(&bytes).map_err(|e| format!("the form data cannot be read: {e}"))
}

/// `POST /api/v2/keliweb/get-ticket`.
async fn get_ticket(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    req: Request,
) -> Result<ApiResponse, ApiError> {
    let Ok(caller) = caller else {
        return Ok(whmcs_error(StatusCode::UNAUTHORIZED, "Unauthorized"));
    };
    let fields = match form_fields(req).await {
        Ok(fields) => fields,
        Err(e) => return Ok(whmcs_error(StatusCode::UNPROCESSABLE_ENTITY, &e)),
    };
    let id_text = fields
        .get("ticketid")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .or_else(|| fields.get("ticketnum").map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()));
    let Some(id_text) = id_text else {
        return Ok(whmcs_error(StatusCode::UNPROCESSABLE_ENTITY, "Either ticketid or ticketnum is required"));
    };
    let Some(id) = id_text.parse::<u64>().ok().filter(|id| *id > 0 && i64::try_from(*id).is_ok()) else {
        return Ok(whmcs_error(StatusCode::OK, "Ticket ID Not Found"));
    };
    let descending = match fields.get("repliessort").map(|s| s.trim().to_ascii_uppercase()) {
        None => false,
        Some(s) if s.is_empty() || s == "ASC" => false,
        Some(s) if s == "DESC" => true,
        Some(_) => return Ok(whmcs_error(StatusCode::UNPROCESSABLE_ENTITY, "repliessort must be ASC or DESC")),
    };
    let Some(stored) = state.store.ticket(id, state.policy.clone()).await?.filter(|t| caller.may_see(t.service_id))
    else {
        return Ok(whmcs_error(StatusCode::OK, "Ticket ID Not Found"));
    };
    let staff = matches!(caller, Caller::Staff);
    let (mut messages, notes) = state.store.messages(id, staff).await?;
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
        "result": "success", "ticketid": t.id.to_string(), "tid": ticket_number(t.id), "c": "",
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

/// `GET /api/v1/subscriber/getCustomerTickets`: the subscriber's tickets (staff: `?service_id=`).
async fn customer_tickets(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<ApiResponse, ApiError> {
    let Ok(caller) = caller else {
        return Ok(crm_error(StatusCode::UNAUTHORIZED, "Unauthorized"));
    };
    let service_id = match caller {
        Caller::Subscriber(s) => s.id,
        Caller::Staff => match query.get("service_id").and_then(|s| s.parse::<i64>().ok()) {
            Some(id) => id,
            None => return Ok(crm_error(StatusCode::NOT_FOUND, "Subscriber not found")),
        },
    };
    if state.store.service(service_id).await?.is_none() {
        return Ok(crm_error(StatusCode::NOT_FOUND, "Subscriber not found"));
    }
    let (tickets, _) = state.store.tickets_of_service(service_id, None, 1, 10_000, state.policy.clone()).await?;
    let tz = state.policy.timezone;
    let to_utc = |local: NaiveDateTime| {
        tz.from_local_datetime(&local).earliest().map(|t| utc_text(t.with_timezone(&chrono::Utc)))
    };
    let mut data = Vec::with_capacity(tickets.len());
    for t in tickets {
        let (messages, _) = state.store.messages(t.id, false).await?;
        let updated = messages.iter().map(|m| m.date).max().unwrap_or(t.created_at);
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
