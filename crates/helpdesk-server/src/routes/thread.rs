//! A ticket's thread and what can be done to it: subscriber replies and closing; staff
//! status changes, answers and internal notes.
//!
//! Every route first finds the ticket as the caller may see it: a subscriber asking for
//! another service's ticket gets `ticket_not_found`, exactly as for a missing one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use helpdesk_core::envelope::{self, thread_to_wire, ticket_to_wire};
use helpdesk_core::{Action, Envelope, StatusKind, Thread, TicketId};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiJson};
use crate::store::StoredTicket;

/// The longest message accepted, in characters.
pub const MAX_MESSAGE_CHARS: usize = 5000;

/// The routes of this resource.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/tickets/{id}/thread", get(thread))
        .route("/api/v1/tickets/{id}/replies", post(reply))
        .route("/api/v1/tickets/{id}/close", post(close))
        .route("/api/v1/tickets/{id}/status", post(set_status))
        .route("/api/v1/tickets/{id}/answers", post(answer))
        .route("/api/v1/tickets/{id}/notes", post(note))
}

fn envelope(status: StatusCode, env: Envelope) -> Response {
    (status, Json(env)).into_response()
}

/// The ticket, if the caller may see it.
async fn visible(state: &AppState, caller: Caller, raw: &str) -> Result<Result<StoredTicket, Response>, ApiError> {
    let id = super::tickets::parse_id(raw)?;
    let found = state.store.ticket(id, state.policy.clone()).await?;
    Ok(match found.filter(|t| caller.may_see(t.service_id)) {
        Some(t) => Ok(t),
        None => Err(envelope(StatusCode::OK, envelope::ticket_not_found(id))),
    })
}

async fn thread_answer(state: &AppState, caller: Caller, id: TicketId, action: Action) -> Result<Response, ApiError> {
    let Some(stored) = state.store.ticket(id, state.policy.clone()).await? else {
        return Ok(envelope(StatusCode::OK, envelope::ticket_not_found(id)));
    };
    let staff = matches!(caller, Caller::Staff);
    let (messages, notes) = state.store.messages(id, staff).await?;
    let mut data = thread_to_wire(&Thread { ticket: stored.ticket, number: None, messages });
    if staff {
        data["staff_notes"] = json!(notes
            .iter()
            .map(|n| json!({"note_id": n.id, "admin": n.admin, "text": n.text, "created_at": n.date.format(helpdesk_core::LOCAL_MINUTE_FORMAT).to_string()}))
            .collect::<Vec<_>>());
    }
    Ok(envelope(StatusCode::OK, Envelope::new(action, Some(data), None)))
}

/// `GET /api/v1/tickets/{id}/thread`: the ticket and its messages, oldest first. Staff
/// also get `staff_notes`; subscribers never do.
async fn thread(State(state): State<AppState>, caller: Caller, Path(raw): Path<String>) -> Result<Response, ApiError> {
    match visible(&state, caller, &raw).await? {
        Ok(t) => thread_answer(&state, caller, t.ticket.id, Action::ThreadFound).await,
        Err(not_found) => Ok(not_found),
    }
}

/// A message body.
#[derive(Debug, Deserialize)]
struct MessageBody {
    message: String,
}

fn refused(status: StatusCode, field: &str, message: String) -> Response {
    envelope(status, Envelope::new(Action::UpdateFailed, Some(json!({ "errors": { field: message } })), Some(message)))
}

/// The trimmed message, or the refusal to answer.
fn check_message(text: &str) -> Result<String, Box<Response>> {
    let text = text.trim();
    let problem = if text.is_empty() {
        "message must not be empty.".to_owned()
    } else if text.chars().count() > MAX_MESSAGE_CHARS {
        format!("message is longer than {MAX_MESSAGE_CHARS} characters.")
    } else {
        return Ok(text.to_owned());
    };
    Err(Box::new(refused(StatusCode::UNPROCESSABLE_ENTITY, "message", problem)))
}

/// `POST /api/v1/tickets/{id}/replies` `{message}`: the subscriber (or staff on its
/// behalf) adds to the thread. A closed ticket takes no reply.
async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MessageBody>,
) -> Result<Response, ApiError> {
    let t = match visible(&state, caller, &raw).await? {
        Ok(t) => t,
        Err(not_found) => return Ok(not_found),
    };
    if t.ticket.status.kind == StatusKind::Closed {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, "ticket", "The ticket is closed; open a new one.".into()));
    }
    let text = match check_message(&body.message) {
        Ok(text) => text,
        Err(refusal) => return Ok(*refusal),
    };
    let name = state.store.subscriber_name(t.service_id).await?;
    state.store.add_message(t.ticket.id, "subscriber", name, text, state.policy.local_now()).await?;
    thread_answer(&state, caller, t.ticket.id, Action::ReplyAdded).await
}

/// `POST /api/v1/tickets/{id}/close`: close one's own ticket.
async fn close(State(state): State<AppState>, caller: Caller, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let t = match visible(&state, caller, &raw).await? {
        Ok(t) => t,
        Err(not_found) => return Ok(not_found),
    };
    state.store.set_status(t.ticket.id, StatusKind::Closed).await?;
    updated(&state, t.ticket.id).await
}

async fn updated(state: &AppState, id: TicketId) -> Result<Response, ApiError> {
    let t = state
        .store
        .ticket(id, state.policy.clone())
        .await?
        .ok_or_else(|| ApiError::Internal(format!("ticket {id} vanished")))?;
    Ok(envelope(StatusCode::OK, Envelope::new(Action::TicketUpdated, Some(ticket_to_wire(&t.ticket)), None)))
}

/// A status change.
#[derive(Debug, Deserialize)]
struct StatusBody {
    /// The status code, 1..=4.
    status: i64,
}

/// `POST /api/v1/tickets/{id}/status` `{status: 1..4}` (staff only).
async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Response, ApiError> {
    caller.require_staff()?;
    let t = match visible(&state, caller, &raw).await? {
        Ok(t) => t,
        Err(not_found) => return Ok(not_found),
    };
    let Some(kind) = StatusKind::from_code(body.status) else {
        return Ok(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "status",
            format!("status must be 1, 2, 3 or 4, not {}.", body.status),
        ));
    };
    state.store.set_status(t.ticket.id, kind).await?;
    updated(&state, t.ticket.id).await
}

/// A staff message with an optional author name.
#[derive(Debug, Deserialize)]
struct StaffMessage {
    message: String,
    #[serde(default)]
    admin: Option<String>,
}

async fn staff_message(
    state: AppState,
    caller: Caller,
    raw: String,
    body: StaffMessage,
    kind: &'static str,
) -> Result<Response, ApiError> {
    caller.require_staff()?;
    let t = match visible(&state, caller, &raw).await? {
        Ok(t) => t,
        Err(not_found) => return Ok(not_found),
    };
    let text = match check_message(&body.message) {
        Ok(text) => text,
        Err(refusal) => return Ok(*refusal),
    };
    let admin = body.admin.filter(|a| !a.trim().is_empty()).unwrap_or_else(|| "Soporte".to_owned());
    state.store.add_message(t.ticket.id, kind, admin, text, state.policy.local_now()).await?;
    thread_answer(&state, caller, t.ticket.id, Action::ReplyAdded).await
}

/// `POST /api/v1/tickets/{id}/answers` `{message, admin?}` (staff only): the latest answer
/// becomes the ticket's `answer_text`.
async fn answer(
    State(state): State<AppState>,
    caller: Caller,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<StaffMessage>,
) -> Result<Response, ApiError> {
    staff_message(state, caller, raw, body, "staff").await
}

/// `POST /api/v1/tickets/{id}/notes` `{message, admin?}` (staff only): an internal note,
/// never shown to the subscriber.
async fn note(
    State(state): State<AppState>,
    caller: Caller,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<StaffMessage>,
) -> Result<Response, ApiError> {
    staff_message(state, caller, raw, body, "note").await
}
