//! `POST /api/v1/tickets` (seed 001): open a ticket.
//!
//! Answers `ticket_created` (201), `zone_ticket_limit_reached` or
//! `service_ticket_limit_reached` (200, `data.max_tickets`) or
//! `ticket_creation_failed` (with `data.errors` per field: 403 another service's ids, 404 a
//! service, zone or technician that does not exist, 409 a zone that is not the service's,
//! 413, 415, 422 a malformed field). Honours an `Idempotency-Key` header with Stripe's
//! semantics: the same key and body replay the first answer; the same key with another
//! body, or a duplicate while the first is in flight, get 409 (the key's state conflicts
//! with the request).

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use helpdesk_core::envelope::{outage_to_wire, ticket_to_wire};
use helpdesk_core::{Action, Envelope, StatusKind};
use serde_json::{Map, Value, json};

use crate::AppState;
use crate::auth::Caller;
use crate::clock::TzClock;
use crate::error::{ApiError, Refusal};
use crate::extract::{BODY_LIMIT, whole_number};
use crate::response::ApiResponse;
use crate::secret::sha256_hex;
use crate::store::{Created, IdempotencyBegin, IdempotencyKey, Keyed, NewTicket, StoredAnswer};

/// The longest idempotency key accepted.
const MAX_KEY_LEN: usize = 255;

/// A refused creation (`ticket_creation_failed`) of one field.
fn refused(status: StatusCode, field: &str, message: impl Into<String>) -> Refusal {
    Refusal::field(status, Action::TicketCreationFailed, field, message)
}

fn integer(body: &Map<String, Value>, field: &str, errors: &mut Map<String, Value>) -> Option<i64> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match whole_number(n).filter(|v| *v > 0) {
            Some(v) => Some(v),
            None => {
                errors.insert(field.into(), format!("{field} must be a positive integer.").into());
                None
            }
        },
        Some(Value::String(s)) => match s.trim().parse::<i64>().ok().filter(|v| *v > 0) {
            Some(v) => Some(v),
            None => {
                errors.insert(field.into(), format!("{field} must be a positive integer.").into());
                None
            }
        },
        Some(_) => {
            errors.insert(field.into(), format!("{field} must be a positive integer.").into());
            None
        }
    }
}

fn text<'a>(body: &'a Map<String, Value>, field: &str, errors: &mut Map<String, Value>) -> Option<&'a str> {
    match body.get(field) {
        None | Some(Value::Null) => {
            errors.insert(field.into(), format!("{field} is required.").into());
            None
        }
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            errors.insert(field.into(), format!("{field} must be text.").into());
            None
        }
    }
}

/// Validate and create; with `key`, the key's answer is stored with the outcome. A refusal
/// is [`ApiError::Refused`]; any other error is the server's.
async fn decide(
    state: &AppState,
    caller: Caller,
    headers: &HeaderMap,
    raw: &[u8],
    key: Option<IdempotencyKey>,
) -> Result<ApiResponse, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/json"));
    if !is_json {
        return Err(refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "body",
            "Send the body as JSON with Content-Type: application/json.",
        )
        .into());
    }
    let body = match serde_json::from_slice::<Value>(raw) {
        Ok(Value::Object(body)) => body,
        Ok(_) => {
            return Err(refused(StatusCode::UNPROCESSABLE_ENTITY, "body", "The body must be a JSON object.").into());
        }
        Err(e) => {
            return Err(
                refused(StatusCode::UNPROCESSABLE_ENTITY, "body", format!("The body is not valid JSON: {e}.")).into()
            );
        }
    };
    let mut errors = Map::new();
    let service_id = integer(&body, "service_id", &mut errors);
    let zone_id = integer(&body, "zone_id", &mut errors);
    let technician_id = integer(&body, "technician_id", &mut errors);
    let subject = text(&body, "subject", &mut errors);
    let description = text(&body, "description", &mut errors).map(str::trim);

    // Who the ticket is for: a subscriber's own service, or the service staff name.
    let service = match caller {
        Caller::Subscriber(own) => {
            for (field, given, expected) in [
                ("service_id", service_id, own.id),
                ("zone_id", zone_id, own.zone_id),
                ("technician_id", technician_id, own.technician_id),
            ] {
                if given.is_some_and(|g| g != expected) {
                    return Err(refused(
                        StatusCode::FORBIDDEN,
                        field,
                        format!("A subscriber opens tickets for its own service only; {field} comes from the token."),
                    )
                    .into());
                }
            }
            Some(own)
        }
        Caller::Staff => {
            match service_id {
                Some(id) => Some(super::service(state, id, false).await?.ok_or_else(|| {
                    refused(StatusCode::NOT_FOUND, "service_id", format!("There is no service {id}."))
                })?),
                None => {
                    errors.entry("service_id").or_insert_with(|| "service_id is required.".into());
                    None
                }
            }
        }
    };
    // What staff name beside the service must exist, and the zone must be the service's.
    if let (Some(s), Caller::Staff) = (service, caller) {
        if let Some(z) = zone_id.filter(|z| *z != s.zone_id) {
            return Err(if state.store.zone_exists(z).await? {
                let why = format!("Service {} is in zone {}, not {z}.", s.id, s.zone_id);
                refused(StatusCode::CONFLICT, "zone_id", why)
            } else {
                refused(StatusCode::NOT_FOUND, "zone_id", format!("There is no zone {z}."))
            }
            .into());
        }
        if let Some(t) = technician_id.filter(|t| *t != s.technician_id)
            && !state.store.technician_exists(t).await?
        {
            return Err(refused(StatusCode::NOT_FOUND, "technician_id", format!("There is no technician {t}.")).into());
        }
    }
    let mut suggestions = None;
    let subject = subject.and_then(|text| match state.policy.rules.catalog.validate(text) {
        Ok(s) => Some(s.clone()),
        Err(e) => {
            errors.insert("subject".into(), e.to_string().into());
            suggestions = Some(("closest_subjects", json!(e.closest)));
            None
        }
    });
    match description {
        Some("") => {
            errors.insert("description".into(), "description must not be empty.".into());
        }
        Some(d) if !state.policy.rules.text_fits(d) => {
            let max = state.policy.rules.max_text_chars;
            errors.insert("description".into(), format!("description is longer than {max} characters.").into());
        }
        _ => {}
    }
    let (Some(service), Some(subject), Some(description), true) = (service, subject, description, errors.is_empty())
    else {
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        let message = format!("The ticket was not created: check {}.", fields.join(", "));
        let refusal = Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, Action::TicketCreationFailed, message, errors);
        return Err(match suggestions {
            Some((key, value)) => refusal.with(key, value),
            None => refusal,
        }
        .into());
    };

    let estimate = state
        .policy
        .rules
        .estimate_on(&state.policy.business_days, chrono::Utc::now(), &TzClock)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let new = NewTicket {
        service_id: service.id,
        zone_id: service.zone_id,
        technician_id: technician_id.unwrap_or(service.technician_id),
        subject: subject.name,
        priority: subject.priority,
        description: description.to_owned(),
        status: StatusKind::Open,
        created_at: estimate.created_at,
        end_date: Some(estimate.end_date),
        // In front of a back office: delivered under a reference of its own.
        deliver_as: match state.upstream {
            Some(_) => Some(crate::delivery::new_reference().map_err(ApiError::Internal)?),
            None => None,
        },
    };
    if state.upstream.is_some() && new.technician_id == crate::upstream::NO_TECHNICIAN {
        return Err(refused(
            StatusCode::CONFLICT,
            "technician_id",
            "No technician is assigned to this line in the ISP's system yet, so the ticket cannot be opened. Please contact the ISP.",
        )
        .into());
    }
    let zone_id = service.zone_id;
    // In front of a back office: decided on a fresh picture of its tickets, or on the last
    // complete one (its age in meta), never on none.
    let picture = match &state.upstream {
        Some(gateway) => match gateway.fresh_picture(&state.store, &state.policy).await? {
            Some(at) => Some(crate::mirror::Gateway::meta(Some(at))),
            None => {
                return Err(ApiError::Unavailable(
                    "The back office cannot be read yet, so no ticket can be opened now. Try again in a minute.",
                    30,
                ));
            }
        },
        None => None,
    };
    let meta = picture.clone();
    let keyed = key
        .map(|key| Keyed { key, answer: Box::new(move |created| stored(&with_meta(answer(created, zone_id), meta))) });
    let created = state.store.create_ticket(new, state.policy.clone(), keyed).await?;
    Ok(with_meta(answer(&created, zone_id), picture))
}

/// `response` with the picture's `meta`, when the create was decided on one (a replayed
/// answer keeps the meta it was first given).
fn with_meta(response: ApiResponse, meta: Option<Value>) -> ApiResponse {
    match meta {
        Some(meta) => response.with_meta(meta),
        None => response,
    }
}

/// The answer to a create's outcome in `zone_id`; a zone full because of a known outage
/// says so.
fn answer(created: &Created, zone_id: i64) -> ApiResponse {
    match created {
        Created::Ticket(t) => ApiResponse::created(Action::TicketCreated, ticket_to_wire(t)),
        Created::ZoneFull { max_tickets, outage } => ApiResponse::new(
            StatusCode::OK,
            Envelope::new(
                Action::ZoneTicketLimitReached,
                Some(json!({ "max_tickets": max_tickets, "outage": outage.as_ref().map(outage_to_wire) })),
                Some(match outage {
                    Some(o) => format!(
                        "Zone {zone_id} already has {max_tickets} active tickets, its maximum, because of a known outage: {} Report that it happens to you too (outage {}) instead.",
                        o.message, o.id
                    ),
                    None => format!(
                        "Zone {zone_id} already has {max_tickets} active tickets, its maximum. Wait until one is resolved."
                    ),
                }),
            ),
        ),
        Created::ServiceFull { max_tickets } => ApiResponse::new(
            StatusCode::OK,
            Envelope::new(
                Action::ServiceTicketLimitReached,
                Some(json!({ "max_tickets": max_tickets })),
                Some(format!(
                    "This line already has {max_tickets} active tickets, its maximum. Wait until one is resolved, or add to one of them."
                )),
            ),
        ),
        Created::Replayed(answer) => replay(answer.clone()),
    }
}

/// An answer as its key keeps it.
fn stored(response: &ApiResponse) -> Result<StoredAnswer, String> {
    Ok(StoredAnswer { status: response.status().as_u16(), body: response.body_text().map_err(|e| e.to_string())? })
}

/// A stored answer given again.
fn replay(answer: StoredAnswer) -> ApiResponse {
    ApiResponse::replayed(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK), answer.body)
}

/// The idempotency key of the request, if it sent one.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default().trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::Invalid(format!(
            "Idempotency-Key must be 1 to {MAX_KEY_LEN} visible ASCII characters, such as a UUID."
        )));
    }
    Ok(Some(key.to_owned()))
}

/// The hash of the request's meaning: its JSON re-serialised with sorted keys, or its bytes.
fn request_hash(raw: &[u8]) -> String {
    let canonical = serde_json::from_slice::<Value>(raw).map_or_else(|_| raw.to_vec(), |v| v.to_string().into_bytes());
    sha256_hex(&canonical)
}

/// `POST /api/v1/tickets`. The work runs to its end on its own task, whatever happens to
/// the connection: a client that gives up does not cut a create in half, and its retry finds
/// the answer.
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    raw: Result<Bytes, BytesRejection>,
) -> Result<ApiResponse, ApiError> {
    let raw = raw.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(BODY_LIMIT)
        } else {
            ApiError::Invalid(format!("The body could not be read: {}", e.body_text()))
        }
    })?;
    tokio::spawn(keyed_create(state, caller, headers, raw))
        .await
        .map_err(|e| ApiError::Internal(format!("the create did not run to its end: {e}")))?
}

/// A create under its idempotency key, if it sent one.
async fn keyed_create(
    state: AppState,
    caller: Caller,
    headers: HeaderMap,
    raw: Bytes,
) -> Result<ApiResponse, ApiError> {
    let Some(key) = idempotency_key(&headers)? else {
        state.write_limit.check(caller)?;
        return decide(&state, caller, &headers, &raw, None).await.or_else(refusal_answer);
    };
    let scope = match caller {
        Caller::Staff => "staff".to_owned(),
        Caller::Subscriber(s) => format!("service:{}", s.id),
    };
    let key = IdempotencyKey { scope, key, request_hash: request_hash(&raw) };
    match state.store.idempotency_begin(key.clone(), chrono::Utc::now(), state.in_flight_stale).await? {
        IdempotencyBegin::Fresh => {
            // Only new work counts against the rate limit, never a replay.
            if let Err(limited) = state.write_limit.check(caller) {
                state.store.idempotency_abandon(key).await?;
                return Err(limited);
            }
        }
        IdempotencyBegin::Replay(answer) => return Ok(replay(answer)),
        IdempotencyBegin::InFlight => {
            return Err(ApiError::Conflict(
                "A request with this Idempotency-Key is still being processed; retry in a moment.".into(),
            ));
        }
        IdempotencyBegin::Mismatch => {
            return Err(ApiError::Conflict(
                "This Idempotency-Key was used with a different body; use a new key for a new ticket.".into(),
            ));
        }
    }
    match decide(&state, caller, &headers, &raw, Some(key.clone())).await {
        Ok(response) => Ok(response),
        // A refusal is a final answer like a creation: a retry with the key gets it again.
        Err(refused @ ApiError::Refused(_)) => {
            let response = ApiResponse::from(refused);
            state.store.idempotency_finish(key, stored(&response).map_err(ApiError::Internal)?).await?;
            Ok(response)
        }
        Err(e) => {
            state.store.idempotency_abandon(key).await?;
            Err(e)
        }
    }
}

/// A refusal answered as such; any other error stays one.
fn refusal_answer(e: ApiError) -> Result<ApiResponse, ApiError> {
    match e {
        refused @ ApiError::Refused(_) => Ok(ApiResponse::from(refused)),
        other => Err(other),
    }
}
