//! `/api/v1/outages`: known outages. Staff declare one for a zone and end it; a subscriber
//! sees those of its zone first and says "the same happens to me" (a report: never a ticket,
//! never counted against the zone's limit), and hears back through the `outage.ended` event.

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use helpdesk_core::Action;
use helpdesk_core::envelope::outage_to_wire;
use helpdesk_core::time::parse_local;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{ApiJson, PathText, path_id, whole, whole_query};
use crate::response::ApiResponse;
use crate::store::{Ended, Joined};

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/outages", get(list).post(declare))
        .route("/api/v1/outages/{id}/end", post(end))
        .route("/api/v1/outages/{id}/reports", post(report))
}

/// Which zone's outages (staff only).
#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(default, deserialize_with = "whole_query")]
    zone_id: Option<i64>,
}

/// `GET /api/v1/outages`: the outages not ended, newest first; a subscriber's zone's, each
/// `joined` when it reported it; staff's of `zone_id`, or of every zone.
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<ApiResponse, ApiError> {
    let Query(q) = query.map_err(|_| ApiError::Invalid("zone_id must be a positive integer.".into()))?;
    let (zone, service) = match caller {
        Caller::Subscriber(s) if q.zone_id.is_none_or(|z| z == s.zone_id) => (Some(s.zone_id), Some(s.id)),
        Caller::Subscriber(_) => {
            return Err(ApiError::Forbidden("A subscriber sees the outages of its own zone only.".into()));
        }
        Caller::Staff => (q.zone_id, None),
    };
    let outages = state.store.outages(zone, service).await?;
    Ok(ApiResponse::ok(
        Action::OutagesListed,
        json!({ "outages": outages.iter().map(outage_to_wire).collect::<Vec<_>>() }),
    ))
}

/// An outage staff declare.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Declare {
    #[serde(deserialize_with = "whole")]
    zone_id: i64,
    /// What is known, in words a subscriber understands.
    message: String,
    /// When service should be back, ISP local time (`2026-12-02 18:00`).
    #[serde(default)]
    estimated_end: Option<String>,
}

/// `POST /api/v1/outages` `{zone_id, message, estimated_end?}` (staff): `outage_declared` 201.
async fn declare(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Declare>,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    let message = body.message.trim().to_owned();
    let max = state.policy.rules.max_text_chars;
    if message.is_empty() || message.chars().count() > usize::try_from(max).unwrap_or(usize::MAX) {
        return Err(ApiError::Invalid(format!("message must say what is known, in 1 to {max} characters.")));
    }
    let estimated_end = match body.estimated_end.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(text) => Some(parse_local("estimated_end", text).map_err(|_| {
            ApiError::Invalid(format!(
                "estimated_end must be a local date and time like 2026-12-02 18:00, not {text:?}."
            ))
        })?),
        None => None,
    };
    if !state.store.zone_exists(body.zone_id).await? {
        return Err(ApiError::NotFound(format!("There is no zone {}.", body.zone_id)));
    }
    let outage = state.store.declare_outage(body.zone_id, message, estimated_end, state.policy.local_now()).await?;
    Ok(ApiResponse::created(Action::OutageDeclared, outage_to_wire(&outage)))
}

/// `POST /api/v1/outages/{id}/end` (staff): `outage_ended`, its event telling every service
/// that reported it; 409 when it had ended.
async fn end(State(state): State<AppState>, caller: Caller, PathText(raw): PathText) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    let id = path_id(&raw, "outage")?;
    match state.store.end_outage(id, state.policy.local_now()).await? {
        Ended::Ended { outage, services } => {
            let mut data = outage_to_wire(&outage);
            data["services"] = json!(services);
            Ok(ApiResponse::ok(Action::OutageEnded, data))
        }
        Ended::Already(_) => Err(ApiError::Conflict(format!("Outage {id} has ended already."))),
        Ended::NotFound => Err(ApiError::NotFound(format!("There is no outage {id}."))),
    }
}

/// `POST /api/v1/outages/{id}/reports` (a subscriber): "the same happens to me" —
/// `outage_joined`, once per service however often it is sent; 404 for an outage of another
/// zone (exactly like a missing one), 409 when it has ended.
async fn report(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
) -> Result<ApiResponse, ApiError> {
    let id = path_id(&raw, "outage")?;
    let Caller::Subscriber(service) = caller else {
        return Err(ApiError::Forbidden("A report is a subscriber's: staff declare outages.".into()));
    };
    match state.store.join_outage(id, service, state.policy.local_now()).await? {
        Joined::Joined(outage) => Ok(ApiResponse::ok(Action::OutageJoined, outage_to_wire(&outage))),
        Joined::Ended(_) => Err(ApiError::Conflict(format!("Outage {id} has ended: service should be back."))),
        Joined::NotFound => Err(ApiError::NotFound(format!("There is no outage {id} in your zone."))),
    }
}
