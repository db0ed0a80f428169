//! `GET /api/v1/health`: whether the server can do its work. Anyone (a load balancer) gets
//! `status`; staff also get the details: the store, the back office (reachable, key
//! accepted, how old the mirror's picture of its tickets is) and the outbox (how many
//! tickets wait for it, since when) and the webhook deliveries waiting for the ISP's
//! endpoints.

use axum::extract::State;
use axum::routing::get;
use helpdesk_core::Action;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::response::ApiResponse;
use crate::upstream::UpstreamError;

/// The routes of this resource.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/api/v1/health", get(health))
}

/// The back office's state, as one cheap call finds it.
async fn upstream(state: &AppState) -> Option<(Value, bool)> {
    let gateway = state.upstream.as_ref()?;
    let (reachable, key_accepted, error) = match gateway.back_office.probe().await {
        Ok(()) => (true, true, None),
        // Reached, but the credential (or, for WHMCS, this server's address) refused.
        Err(e @ (UpstreamError::Refused | UpstreamError::AddressRefused(_))) => (true, false, Some(e.to_string())),
        Err(e) => (false, false, Some(e.to_string())),
    };
    let picture = state.store.mirror_complete_at().await.ok().flatten();
    let healthy = reachable && key_accepted && picture.is_some();
    let mirror = crate::mirror::Gateway::meta(picture)["back_office"].clone();
    Some((
        json!({ "kind": gateway.back_office.kind(), "reachable": reachable, "key_accepted": key_accepted, "error": error, "mirror": mirror }),
        healthy,
    ))
}

/// `GET /api/v1/health`.
async fn health(State(state): State<AppState>, caller: Result<Caller, ApiError>) -> Result<ApiResponse, ApiError> {
    let outbox = state.store.outbox_depth().await;
    let upstream = upstream(&state).await;
    let healthy = outbox.is_ok() && upstream.as_ref().is_none_or(|(_, ok)| *ok);
    let mut data = json!({ "status": if healthy { "ok" } else { "degraded" } });
    if matches!(caller, Ok(Caller::Staff)) {
        data["store"] = json!({ "ok": outbox.is_ok() });
        if let Ok((depth, oldest)) = outbox {
            data["outbox"] = json!({ "depth": depth, "oldest_created_at": oldest });
        }
        data["upstream"] = upstream.map_or(Value::Null, |(u, _)| u);
        if let Ok(waiting) = state.store.webhooks_waiting().await {
            data["webhooks"] = json!({ "waiting": waiting });
        }
    }
    Ok(ApiResponse::ok(Action::Health, data))
}
