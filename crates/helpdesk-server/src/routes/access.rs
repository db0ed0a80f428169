//! Subscriber tokens (issued to staff for a service, and revoked by them) and the policy in
//! force.

use axum::extract::Query;
use axum::extract::State;
use axum::extract::rejection::QueryRejection;
use axum::routing::{delete, get, post};
use helpdesk_core::Action;
use helpdesk_core::envelope::Operations;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::{Caller, token_hash};
use crate::clock::utc_text;
use crate::error::ApiError;
use crate::extract::{ApiJson, PathText, clip, path_id, whole, whole_or_null};
use crate::response::ApiResponse;
use crate::secret::{random_token, sha256_hex};
use crate::store::{TOKEN_ID_CHARS, Tokens};

/// Default lifetime of a subscriber token, in minutes.
pub const DEFAULT_TOKEN_MINUTES: i64 = 60;
/// Longest lifetime of a subscriber token, in minutes (one day).
pub const MAX_TOKEN_MINUTES: i64 = 24 * 60;

/// The routes of this resource.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/subscriber-tokens", post(issue).delete(revoke_of_service))
        .route("/api/v1/subscriber-tokens/{token_id}", delete(revoke_one))
        .route("/api/v1/policy", get(policy))
        .route("/api/openapi.json", get(openapi))
}

/// A token request.
#[derive(Debug, Deserialize)]
struct TokenRequest {
    /// The service (subscriber line) the token is bound to.
    #[serde(deserialize_with = "whole")]
    service_id: i64,
    /// Lifetime in minutes, 1..=1440; 60 when absent or null.
    #[serde(default, deserialize_with = "whole_or_null")]
    ttl_minutes: Option<i64>,
}

/// `POST /api/v1/subscriber-tokens` `{service_id, ttl_minutes?}` (staff only): a new
/// bearer token bound to one service and so to its zone. Only its hash is stored; the token
/// itself is in this answer and nowhere else.
async fn issue(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    let minutes = body.ttl_minutes.unwrap_or(DEFAULT_TOKEN_MINUTES);
    if !(1..=MAX_TOKEN_MINUTES).contains(&minutes) {
        return Err(ApiError::Invalid(format!("ttl_minutes must be between 1 and {MAX_TOKEN_MINUTES}.")));
    }
    let Some(service) = super::service(&state, body.service_id, true).await? else {
        return Err(ApiError::NotFound(match state.upstream {
            Some(_) => format!("The back office has no service {} that can take tickets.", body.service_id),
            None => format!("There is no service {}.", body.service_id),
        }));
    };
    let token = random_token().map_err(|e| ApiError::Internal(format!("no randomness: {e}")))?;
    let expires_at = chrono::Utc::now() + chrono::Duration::minutes(minutes);
    let hash = token_hash(&token);
    state.store.insert_token(hash.clone(), service.id, expires_at).await?;
    let data = json!({
        "token": token, "token_id": &hash[..TOKEN_ID_CHARS], "service_id": service.id, "zone_id": service.zone_id,
        "expires_at": utc_text(expires_at),
    });
    Ok(ApiResponse::created(Action::TokenIssued, data))
}

/// `DELETE /api/v1/subscriber-tokens/{token_id}` (staff only): revoke one token by the
/// `token_id` it was issued with; it stops working at its next request. Revoking an unknown
/// or revoked token revokes nothing (`revoked: 0`).
async fn revoke_one(
    State(state): State<AppState>,
    caller: Caller,
    PathText(token_id): PathText,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    let id = token_id.to_ascii_lowercase();
    if id.len() != TOKEN_ID_CHARS || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::Invalid(format!(
            "The token id is the {TOKEN_ID_CHARS} hex characters given as token_id when the token was issued, not {:?}.",
            clip(&token_id)
        )));
    }
    revoked(state.store.revoke_tokens(Tokens::Id(id)).await?)
}

/// Which service's tokens to revoke.
#[derive(Debug, Deserialize)]
struct ServiceQuery {
    service_id: String,
}

/// `DELETE /api/v1/subscriber-tokens?service_id=N` (staff only): revoke every token of a
/// service (a subscriber who left, a token that leaked).
async fn revoke_of_service(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ServiceQuery>, QueryRejection>,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    let Ok(Query(query)) = query else {
        return Err(ApiError::Invalid("Say whose tokens to revoke: ?service_id=N.".into()));
    };
    let service_id = path_id(&query.service_id, "service")?;
    if state.store.service(service_id).await?.is_none() {
        return Err(ApiError::NotFound(format!("There is no service {service_id}.")));
    }
    revoked(state.store.revoke_tokens(Tokens::OfService(service_id)).await?)
}

fn revoked(count: u64) -> Result<ApiResponse, ApiError> {
    Ok(ApiResponse::ok(Action::TokensRevoked, json!({ "revoked": count })))
}

/// `GET /api/v1/policy`: the rules in force (zone limit, active states, resolution days,
/// timezone, calendar, catalog) and the status labels, so the widget computes with the same
/// inputs as the server. A subscriber also gets `subscriber: {service_id, zone_id, key}`: the
/// line its token is bound to (for the zone preflight) and an opaque key of the subscriber
/// that the widget files its drafts under (not the token, and not the service id in clear).
async fn policy(State(state): State<AppState>, caller: Caller) -> Result<ApiResponse, ApiError> {
    let mut data = serde_json::to_value(&state.policy.rules).map_err(|e| ApiError::Internal(e.to_string()))?;
    data["status_labels"] = json!(state.policy.status_labels);
    data["calendar_rules_version"] = json!(helpdesk_core::calendar::RULES_VERSION);
    // What the back office lets a subscriber do besides reading and opening tickets.
    let offered = state.upstream.as_ref().map_or_else(Operations::default, |g| g.back_office.operations());
    data["operations"] = json!({ "reply": offered.reply, "close": offered.close });
    if let Caller::Subscriber(s) = caller {
        let key = subscriber_key(&state, s.id);
        data["subscriber"] = json!({ "service_id": s.id, "zone_id": s.zone_id, "key": key });
    }
    Ok(ApiResponse::ok(Action::PolicyInForce, data))
}

/// The opaque key of service `service_id`'s subscriber: a digest of the service id salted
/// with the staff key, stable across tokens, meaningless outside this server.
fn subscriber_key(state: &AppState, service_id: i64) -> String {
    let salt = state.staff_key.as_deref().unwrap_or_default();
    sha256_hex(format!("helpdesk-subscriber\0{salt}\0{service_id}").as_bytes())[..32].to_owned()
}

/// The OpenAPI 3.1 document of this server, kept beside the code and checked by the tests
/// (every documented operation is routed).
pub const OPENAPI: &str = include_str!("../../openapi.json");

/// `GET /api/openapi.json`: the OpenAPI document, stating the rules in force (the subject
/// catalog, the longest text). No credentials needed.
async fn openapi(State(state): State<AppState>) -> ApiResponse {
    match serde_json::from_str::<serde_json::Value>(OPENAPI) {
        Ok(mut doc) => {
            in_force(&mut doc, &state.policy.rules);
            ApiResponse::dialect(axum::http::StatusCode::OK, doc)
        }
        Err(_) => ApiResponse::document(OPENAPI),
    }
}

/// Write the policy's catalog and text limit into the document's schemas.
fn in_force(doc: &mut serde_json::Value, rules: &helpdesk_core::policy::Policy) {
    // Pointers, not indexing: indexing a missing key would add it.
    let names: Vec<&str> = rules.catalog.subjects().iter().map(|s| s.name.as_str()).collect();
    if let Some(subject) = doc.pointer_mut("/components/schemas/NewTicket/properties/subject") {
        subject["enum"] = json!(names);
    }
    let mut texts = vec!["/components/schemas/NewTicket/properties/description".to_owned()];
    if let Some(paths) = doc["paths"].as_object() {
        for (path, ops) in paths {
            for method in ops.as_object().into_iter().flat_map(serde_json::Map::keys) {
                let path = path.replace('~', "~0").replace('/', "~1");
                texts.push(format!(
                    "/paths/{path}/{method}/requestBody/content/application~1json/schema/properties/message"
                ));
            }
        }
    }
    for pointer in texts {
        if let Some(text) = doc.pointer_mut(&pointer).filter(|t| t.is_object()) {
            text["maxLength"] = json!(rules.max_text_chars);
        }
    }
}
