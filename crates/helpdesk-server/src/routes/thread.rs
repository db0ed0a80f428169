//! A ticket's thread and what can be done to it: subscriber replies and closing; staff
//! status changes, answers and internal notes.
//!
//! Every route first finds the ticket as the caller may see it: a subscriber asking for
//! another service's ticket gets `ticket_not_found`, exactly as for a missing one.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use helpdesk_core::envelope::{thread_to_wire, ticket_to_wire};
use helpdesk_core::time::{LocalForm, format_local};
use helpdesk_core::{Action, StatusKind, Thread, TicketId};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, Refusal};
use crate::extract::{ApiJson, PathText, ticket_id, whole, whole_query};
use crate::response::ApiResponse;
use crate::store::{Actor, MessageKind, Page, ThreadPage};

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

/// Messages of a thread page, unless the request says otherwise.
const DEFAULT_PER_PAGE: u32 = 100;
/// The largest page of a thread.
const MAX_PER_PAGE: u32 = 500;

/// The newest page of a thread: what a reply, an answer or a note answers with.
const NEWEST: Page = Page { number: 1, size: DEFAULT_PER_PAGE };

/// Page `page` of the thread of ticket `id` as `caller` may read it (page 1 the newest
/// messages, each page oldest first, with `page`, `per_page` and `total`), answered with
/// `action`: staff also get the `staff_notes` of the page. A subscriber reading page 1 has
/// seen what staff did on the ticket: it is no longer unread.
async fn thread_of(
    state: &AppState,
    caller: Caller,
    id: TicketId,
    action: Action,
    page: Page,
) -> Result<ApiResponse, ApiError> {
    let mut stored = caller.visible_ticket(state, id).await?;
    let staff = matches!(caller, Caller::Staff);
    if !staff && page.number == 1 {
        // The subscriber is reading the newest messages: whatever staff did is seen now.
        state.store.mark_seen(id).await?;
        stored.ticket.unread = false;
    }
    let ThreadPage { messages, notes, total } = state.store.messages(id, staff, page).await?;
    let mut data = thread_to_wire(&Thread { ticket: stored.ticket, number: None, messages });
    data["page"] = json!(page.number);
    data["per_page"] = json!(page.size);
    data["total"] = json!(total);
    if staff {
        data["staff_notes"] = json!(notes
            .iter()
            .map(|n| json!({"note_id": n.id, "admin": n.admin, "text": n.text, "created_at": format_local(n.date, LocalForm::Minutes)}))
            .collect::<Vec<_>>());
    }
    Ok(ApiResponse::ok(action, data))
}

/// Which page of a thread.
#[derive(Debug, Deserialize)]
struct PageQuery {
    #[serde(default, deserialize_with = "whole_query")]
    page: Option<u32>,
    #[serde(default, deserialize_with = "whole_query")]
    per_page: Option<u32>,
}

/// `GET /api/v1/tickets/{id}/thread?page=&per_page=`: the ticket and a page of its
/// messages (page 1, the default, holds the newest 100), oldest first. Staff also get
/// `staff_notes`; subscribers never do.
async fn thread(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<ApiResponse, ApiError> {
    let id = ticket_id(&raw)?;
    let bad = || ApiError::Invalid(format!("page must be at least 1 and per_page between 1 and {MAX_PER_PAGE}."));
    let Query(q) = query.map_err(|_| bad())?;
    let page = Page { number: q.page.unwrap_or(1), size: q.per_page.unwrap_or(DEFAULT_PER_PAGE) };
    if page.number == 0 || !(1..=MAX_PER_PAGE).contains(&page.size) {
        return Err(bad());
    }
    thread_of(&state, caller, id, Action::ThreadFound, page).await
}

fn refused(field: &str, message: impl Into<String>) -> Refusal {
    Refusal::field(StatusCode::UNPROCESSABLE_ENTITY, Action::UpdateFailed, field, message)
}

/// The trimmed message, or why it is refused.
fn check_message(state: &AppState, text: &str) -> Result<String, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Err(refused("message", "message must not be empty."));
    }
    if !state.policy.rules.text_fits(text) {
        return Err(refused(
            "message",
            format!("message is longer than {} characters.", state.policy.rules.max_text_chars),
        ));
    }
    Ok(text.to_owned())
}

/// `POST /api/v1/tickets/{id}/replies` `{message, admin?}`: the subscriber adds to the
/// thread; staff reply as staff (an answer, signed `admin` or "Soporte"). A closed ticket
/// takes no reply. A subscriber's replies count against the rate limit.
async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    ApiJson(body): ApiJson<StaffMessage>,
) -> Result<ApiResponse, ApiError> {
    // The request is checked before the ticket is looked up: a malformed one is refused
    // whatever the ticket.
    let id = ticket_id(&raw)?;
    let text = check_message(&state, &body.message)?;
    let admin = staff_name(body.admin)?;
    let t = caller.visible_ticket(&state, id).await?;
    super::done_in_back_office(&state, |o| o.reply)?;
    if t.ticket.status.kind == StatusKind::Closed {
        let closed = Refusal::field(
            StatusCode::CONFLICT,
            Action::UpdateFailed,
            "ticket",
            "The ticket is closed; open a new one.",
        );
        return Err(closed.into());
    }
    state.write_limit.check(caller)?;
    let (kind, name) = match caller {
        Caller::Staff => (MessageKind::Staff, admin),
        Caller::Subscriber(_) => (MessageKind::Subscriber, state.store.subscriber_name(t.service_id).await?),
    };
    match (&state.upstream, caller) {
        // In front of a back office: staff answer there; a subscriber's reply goes to it
        // through the outbox, under a reference of its own.
        (Some(_), Caller::Staff) => super::done_in_back_office(&state, super::NEVER)?,
        (Some(_), Caller::Subscriber(_)) => {
            let reference = crate::delivery::new_reference().map_err(ApiError::Internal)?;
            state.store.add_reply_to_deliver(t.ticket.id, name, text, state.policy.local_now(), reference).await?;
        }
        (None, _) => state.store.add_message(t.ticket.id, kind, name, text, state.policy.local_now()).await?,
    }
    thread_of(&state, caller, t.ticket.id, Action::ReplyAdded, NEWEST).await
}

/// The name a staff message is signed with: `admin`, or "Soporte" when it is absent or blank.
///
/// # Errors
/// A refusal when it is longer than a name may be.
fn staff_name(admin: Option<String>) -> Result<String, Refusal> {
    match admin.as_deref().filter(|a| !a.trim().is_empty()) {
        None => Ok("Soporte".to_owned()),
        Some(a) => crate::routes::directory::name("admin", a).map_err(|e| refused("admin", e)),
    }
}

/// `POST /api/v1/tickets/{id}/close`: close one's own ticket.
async fn close(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
) -> Result<ApiResponse, ApiError> {
    let t = caller.visible_ticket(&state, ticket_id(&raw)?).await?;
    super::done_in_back_office(&state, |o| o.close)?;
    if let Some(gateway) = &state.upstream {
        // Closed in the back office first: only then here.
        let Some(number) =
            state.store.mirror_of(i64::try_from(t.ticket.id).unwrap_or(-1)).await?.map(|m| m.upstream_id)
        else {
            return Err(ApiError::Conflict(
                "The ticket is still on its way to the support team; try again in a minute.".into(),
            ));
        };
        gateway.back_office.close(number).await.map_err(|e| {
            tracing::warn!(ticket = t.ticket.id, error = %e, "cannot close the ticket in the back office");
            ApiError::BackOffice("The support system could not close the ticket now. Please try again later.".into())
        })?;
    }
    let by = if matches!(caller, Caller::Staff) { Actor::Staff } else { Actor::Subscriber };
    state.store.set_status(t.ticket.id, StatusKind::Closed, by).await?;
    updated(&state, t.ticket.id).await
}

async fn updated(state: &AppState, id: TicketId) -> Result<ApiResponse, ApiError> {
    let t = state
        .store
        .ticket(id, state.policy.clone())
        .await?
        .ok_or_else(|| ApiError::Internal(format!("ticket {id} vanished")))?;
    Ok(ApiResponse::ok(Action::TicketUpdated, ticket_to_wire(&t.ticket)))
}

/// A status change.
#[derive(Debug, Deserialize)]
struct StatusBody {
    /// The status code, 1..=4.
    #[serde(deserialize_with = "whole")]
    status: i64,
}

/// `POST /api/v1/tickets/{id}/status` `{status: 1..4}` (staff only).
async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    let id = ticket_id(&raw)?;
    let kind = StatusKind::from_code(body.status)
        .ok_or_else(|| refused("status", format!("status must be 1, 2, 3 or 4, not {}.", body.status)))?;
    let t = caller.visible_ticket(&state, id).await?;
    super::done_in_back_office(&state, super::NEVER)?;
    state.store.set_status(t.ticket.id, kind, Actor::Staff).await?;
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
    kind: MessageKind,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    let id = ticket_id(&raw)?;
    let text = check_message(&state, &body.message)?;
    let admin = staff_name(body.admin)?;
    let t = caller.visible_ticket(&state, id).await?;
    if kind == MessageKind::Staff {
        super::done_in_back_office(&state, super::NEVER)?;
    }
    state.store.add_message(t.ticket.id, kind, admin, text, state.policy.local_now()).await?;
    thread_of(&state, caller, t.ticket.id, Action::ReplyAdded, NEWEST).await
}

/// `POST /api/v1/tickets/{id}/answers` `{message, admin?}` (staff only): the latest answer
/// becomes the ticket's `answer_text`.
async fn answer(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    ApiJson(body): ApiJson<StaffMessage>,
) -> Result<ApiResponse, ApiError> {
    staff_message(state, caller, raw, body, MessageKind::Staff).await
}

/// `POST /api/v1/tickets/{id}/notes` `{message, admin?}` (staff only): an internal note,
/// never shown to the subscriber.
async fn note(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    ApiJson(body): ApiJson<StaffMessage>,
) -> Result<ApiResponse, ApiError> {
    staff_message(state, caller, raw, body, MessageKind::Note).await
}
