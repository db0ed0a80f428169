//! The ISP's directory in standalone mode (staff only): zones, technicians and services
//! (subscriber lines), listed and saved by id (`PUT` creates, 201, or updates, 200).
//!
//! A fresh database outside demo mode has none; an ISP fills it here or with
//! `helpdesk-server import services.csv` (see [`crate::import`]). In front of a back office
//! the directory is the back office's, copied in by the sync ([`crate::mirror`]): listed
//! here, never written (409).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use helpdesk_core::{Action, Envelope};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, Refusal};
use crate::extract::{ApiJson, PathText, path_id, whole, whole_query};
use crate::response::ApiResponse;
use crate::store::{Directory, Page, Saved, ServiceRecord, Technician, Zone};

/// The longest name of a zone, technician or subscriber.
pub const MAX_NAME_CHARS: usize = 200;

/// The routes of this resource.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/zones", get(zones))
        .route("/api/v1/zones/{id}", put(put_zone))
        .route("/api/v1/technicians", get(technicians))
        .route("/api/v1/technicians/{id}", put(put_technician))
        .route("/api/v1/services", get(services))
        .route("/api/v1/services/{id}", put(put_service))
}

/// A name, trimmed: 1 to [`MAX_NAME_CHARS`] characters.
///
/// # Errors
/// A message naming `field`.
pub fn name(field: &str, given: &str) -> Result<String, String> {
    // The length as sent, before trimming: what the document's maxLength states.
    if given.chars().count() > MAX_NAME_CHARS {
        return Err(format!("{field} is longer than {MAX_NAME_CHARS} characters."));
    }
    let name = given.trim();
    if name.is_empty() {
        return Err(format!("{field} must not be empty."));
    }
    Ok(name.to_owned())
}

fn refused(field: &str, message: impl Into<String>) -> ApiError {
    Refusal::field(StatusCode::UNPROCESSABLE_ENTITY, Action::InvalidRequest, field, message).into()
}

/// A body with a name.
#[derive(Debug, Deserialize)]
struct Named {
    name: String,
}

/// `GET /api/v1/zones`: every zone.
async fn zones(State(state): State<AppState>, caller: Caller) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    Ok(ApiResponse::ok(Action::ZonesListed, json!({ "zones": state.store.zones().await? })))
}

/// `GET /api/v1/technicians`: every technician.
async fn technicians(State(state): State<AppState>, caller: Caller) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    Ok(ApiResponse::ok(Action::TechniciansListed, json!({ "technicians": state.store.technicians().await? })))
}

/// Which services to list.
#[derive(Debug, Deserialize)]
struct ServicesQuery {
    #[serde(default, deserialize_with = "whole_query")]
    zone_id: Option<i64>,
    #[serde(default, deserialize_with = "whole_query")]
    page: Option<u32>,
    #[serde(default, deserialize_with = "whole_query")]
    per_page: Option<u32>,
}

/// The largest page of services.
const MAX_PER_PAGE: u32 = 500;

/// `GET /api/v1/services?zone_id=&page=&per_page=`: a page of the services, by id.
async fn services(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ServicesQuery>, QueryRejection>,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    let bad = || ApiError::Invalid(format!("Use zone_id=<id>, page>=1 and per_page 1..={MAX_PER_PAGE}."));
    let Query(q) = query.map_err(|_| bad())?;
    let page = Page { number: q.page.unwrap_or(1), size: q.per_page.unwrap_or(100) };
    if page.number == 0 || !(1..=MAX_PER_PAGE).contains(&page.size) || q.zone_id.is_some_and(|z| z <= 0) {
        return Err(bad());
    }
    let (services, total) = state.store.services(q.zone_id, page).await?;
    let data = json!({ "services": services, "total": total, "page": page.number, "per_page": page.size });
    Ok(ApiResponse::ok(Action::ServicesListed, data))
}

/// Save `batch`, answering `action` with `record`: 201 when it was created, 200 when updated.
async fn save(state: &AppState, batch: Directory, action: Action, record: Value) -> Result<ApiResponse, ApiError> {
    match state.store.save_directory(batch).await? {
        Saved::Done { zones, technicians, services } => {
            let created = zones.created + technicians.created + services.created > 0;
            let status = if created { StatusCode::CREATED } else { StatusCode::OK };
            Ok(ApiResponse::new(status, Envelope::new(action, Some(record), None)))
        }
        Saved::Refused(why) => Err(ApiError::NotFound(format!("Nothing was saved: {why}."))),
    }
}

/// `PUT /api/v1/zones/{id}` `{name}`: create or rename a zone.
async fn put_zone(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    ApiJson(body): ApiJson<Named>,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    super::done_in_back_office(&state, super::NEVER)?;
    let zone = Zone { id: path_id(&raw, "zone")?, name: name("name", &body.name).map_err(|e| refused("name", e))? };
    let record = json!(zone);
    save(&state, Directory { zones: vec![zone], ..Directory::default() }, Action::ZoneSaved, record).await
}

/// `PUT /api/v1/technicians/{id}` `{name}`: create or rename a technician.
async fn put_technician(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    ApiJson(body): ApiJson<Named>,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    super::done_in_back_office(&state, super::NEVER)?;
    let id = path_id(&raw, "technician")?;
    let technician = Technician { id, name: name("name", &body.name).map_err(|e| refused("name", e))? };
    let record = json!(technician);
    save(&state, Directory { technicians: vec![technician], ..Directory::default() }, Action::TechnicianSaved, record)
        .await
}

/// A service's fields.
#[derive(Debug, Deserialize)]
struct ServiceBody {
    #[serde(deserialize_with = "whole")]
    zone_id: i64,
    #[serde(deserialize_with = "whole")]
    technician_id: i64,
    subscriber_name: String,
}

/// `PUT /api/v1/services/{id}` `{zone_id, technician_id, subscriber_name}`: create or update
/// a subscriber line; its zone and technician must exist.
async fn put_service(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    ApiJson(body): ApiJson<ServiceBody>,
) -> Result<ApiResponse, ApiError> {
    caller.require_staff()?;
    super::done_in_back_office(&state, super::NEVER)?;
    let id = path_id(&raw, "service")?;
    for (field, value) in [("zone_id", body.zone_id), ("technician_id", body.technician_id)] {
        if value <= 0 {
            return Err(refused(field, format!("{field} must be a positive integer.")));
        }
    }
    let subscriber_name = name("subscriber_name", &body.subscriber_name).map_err(|e| refused("subscriber_name", e))?;
    let service = ServiceRecord { id, zone_id: body.zone_id, technician_id: body.technician_id, subscriber_name };
    let record = json!(service);
    save(&state, Directory { services: vec![service], ..Directory::default() }, Action::ServiceSaved, record).await
}
