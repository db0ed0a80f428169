//! `/api/v1/tickets`: one ticket (seed 000) and the subscriber's list.

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use helpdesk_core::envelope::{outage_to_wire, ticket_to_wire};
use helpdesk_core::{Action, StatusGroup};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{PathText, path_id, ticket_id, whole_query};
use crate::response::ApiResponse;
use crate::store::Page;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/tickets", get(list).post(super::create::create))
        .route("/api/v1/tickets/zone-blocked/{zone_id}", get(zone_blocked))
        .route("/api/v1/tickets/{id}", get(one))
}

/// `GET /api/v1/tickets/{id}`: `ticket_found`, or `ticket_not_found` with `ok: true`.
/// A subscriber asking for another service's ticket gets `ticket_not_found` too, so ids
/// reveal nothing.
async fn one(State(state): State<AppState>, caller: Caller, PathText(raw): PathText) -> Result<ApiResponse, ApiError> {
    let t = caller.visible_ticket(&state, ticket_id(&raw)?).await?;
    Ok(ApiResponse::ok(Action::TicketFound, ticket_to_wire(&t.ticket)))
}

/// Query of the list.
#[derive(Debug, Deserialize)]
struct ListQuery {
    /// `open`, `in_progress` or `closed`; all when absent.
    status: Option<StatusGroup>,
    /// Page number from 1.
    #[serde(default, deserialize_with = "whole_query")]
    page: Option<u32>,
    /// Page size, 1..=100.
    #[serde(default, deserialize_with = "whole_query")]
    per_page: Option<u32>,
    /// Staff only: whose tickets (every service's when absent).
    #[serde(default, deserialize_with = "whole_query")]
    service_id: Option<i64>,
    /// Only the tickets on which staff acted since the subscriber last opened them.
    #[serde(default)]
    unread: Option<bool>,
}

const MAX_PER_PAGE: u32 = 100;

/// `GET /api/v1/tickets`: the caller's tickets, newest first (`tickets_listed`); staff name
/// a service with `service_id`, or list every service's. With `unread=true`, only those
/// staff acted on since the subscriber last opened them (the launcher's badge is its `total`).
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<ApiResponse, ApiError> {
    let Query(q) = query.map_err(|e| {
        ApiError::Invalid(format!(
            "Invalid query: {}. Use status=open|in_progress|closed, unread=true|false, page>=1, per_page 1..=100.",
            e.body_text()
        ))
    })?;
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(20);
    if page == 0 || per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError::Invalid(format!("page must be at least 1 and per_page between 1 and {MAX_PER_PAGE}.")));
    }
    if q.service_id.is_some_and(|id| id <= 0) {
        return Err(ApiError::Invalid("service_id must be a positive integer.".into()));
    }
    let service_id = match (caller, q.service_id) {
        (Caller::Subscriber(s), None) => Some(s.id),
        (Caller::Subscriber(s), Some(asked)) if asked == s.id => Some(s.id),
        (Caller::Subscriber(_), Some(_)) => {
            return Err(ApiError::Forbidden("A subscriber can only list the tickets of its own service.".into()));
        }
        // Staff: one service's tickets, or everyone's.
        (Caller::Staff, asked) => asked,
    };
    let page_of = Page { number: page, size: per_page };
    let (tickets, total) = state
        .store
        .list_tickets(service_id, q.status, q.unread.unwrap_or(false), page_of, state.policy.clone())
        .await?;
    let data = json!({
        "tickets": tickets.iter().map(ticket_to_wire).collect::<Vec<_>>(),
        "total": total,
        "page": page,
        "per_page": per_page,
    });
    with_picture(&state, ApiResponse::ok(Action::TicketsListed, data)).await
}

/// In front of a back office, `response` with the age of the mirror's picture it was read
/// from (`meta.back_office`).
async fn with_picture(state: &AppState, response: ApiResponse) -> Result<ApiResponse, ApiError> {
    Ok(match state.upstream {
        Some(_) => response.with_meta(crate::mirror::Gateway::meta(state.store.mirror_complete_at().await?)),
        None => response,
    })
}

/// `GET /api/v1/tickets/zone-blocked/{zone_id}`: `data: { is_blocked, max_tickets, outage }`
/// (the zone's newest known outage, or null). A subscriber may ask about its own zone only.
async fn zone_blocked(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
) -> Result<ApiResponse, ApiError> {
    let zone_id = path_id(&raw, "zone")?;
    if let Caller::Subscriber(s) = caller
        && s.zone_id != zone_id
    {
        return Err(ApiError::Forbidden("A subscriber can only ask about its own zone.".into()));
    }
    if !state.store.zone_exists(zone_id).await? {
        return Err(ApiError::NotFound(format!("There is no zone {zone_id}.")));
    }
    let active = state.store.active_in_zone(zone_id, state.policy.clone()).await?;
    let decision = state.policy.rules.zone.decide(active);
    let outage = state.store.outages(Some(zone_id), None).await?.into_iter().next();
    let data = json!({
        "is_blocked": decision.is_blocked(),
        "max_tickets": state.policy.rules.zone.max_tickets,
        "outage": outage.as_ref().map(outage_to_wire),
    });
    with_picture(&state, ApiResponse::ok(Action::ZoneStatus, data)).await
}
