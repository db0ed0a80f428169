//! `/api/v1/tickets/{id}/photos`: photos a subscriber (or staff) attaches to a ticket, at
//! most [`MAX_PHOTOS_PER_REQUEST`] at a time and [`MAX_PHOTOS_PER_TICKET`] in all, each
//! checked by its content and cleaned ([`crate::photos`]); served only to whoever may see the
//! ticket, as the image it is (the one answer outside the envelope), never as anything a
//! browser would run.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use helpdesk_core::{Action, StatusGroup, TicketId};
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{PathText, path_id, ticket_id};
use crate::photos::{MAX_PHOTO_BYTES, MAX_PHOTOS_PER_REQUEST, MAX_PHOTOS_PER_TICKET, Refused, clean};
use crate::response::ApiResponse;
use crate::store::{Attached, StoredPhoto};

/// Photos decoded at once in the whole process (each may take up to 192 MiB while decoded).
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The largest body of an upload: its photos and the form's own bytes.
const UPLOAD_LIMIT: usize = MAX_PHOTOS_PER_REQUEST * MAX_PHOTO_BYTES + 64 * 1024;

/// The routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/tickets/{id}/photos", get(list).post(attach).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/api/v1/tickets/{id}/photos/{photo_id}", get(one))
}

fn wire(ticket: TicketId, p: &StoredPhoto) -> Value {
    json!({
        "photo_id": p.id,
        "content_type": p.content_type,
        "size": p.size,
        "width": p.width,
        "height": p.height,
        "added_at": helpdesk_core::time::format_local(p.added_at, helpdesk_core::time::LocalForm::Minutes),
        "url": format!("/api/v1/tickets/{ticket}/photos/{}", p.id),
    })
}

fn unreadable_form(e: &MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge(UPLOAD_LIMIT)
    } else {
        ApiError::Invalid(format!("The form could not be read: {}", e.body_text()))
    }
}

/// `POST /api/v1/tickets/{id}/photos` (multipart/form-data, 1 to 3 fields named `photo`):
/// `photos_added` 201, all or none. 413 over 8 MiB a photo, 415 for what is not a JPEG, PNG or
/// WebP by its content, 422 for a damaged one or a fourth, 409 on a closed ticket or past 12.
async fn attach(
    State(state): State<AppState>,
    caller: Caller,
    PathText(raw): PathText,
    form: Result<Multipart, MultipartRejection>,
) -> Result<ApiResponse, ApiError> {
    let id = ticket_id(&raw)?;
    let t = caller.visible_ticket(&state, id).await?;
    if t.ticket.status.kind.group() == StatusGroup::Closed {
        return Err(ApiError::Conflict("The ticket is closed: photos can no longer be added.".into()));
    }
    state.write_limit.check(caller)?;
    let mut form = form.map_err(|e| {
        ApiError::UnsupportedMediaType(format!(
            "Send photos as multipart/form-data in fields named photo: {}",
            e.body_text()
        ))
    })?;
    let mut photos = Vec::new();
    while let Some(field) = form.next_field().await.map_err(|e| unreadable_form(&e))? {
        if field.name() != Some("photo") {
            return Err(ApiError::Invalid("Photos go in fields named photo; nothing else is taken.".into()));
        }
        if photos.len() == MAX_PHOTOS_PER_REQUEST {
            return Err(ApiError::Invalid(format!("At most {MAX_PHOTOS_PER_REQUEST} photos at a time.")));
        }
        let bytes = field.bytes().await.map_err(|e| unreadable_form(&e))?;
        if bytes.len() > MAX_PHOTO_BYTES {
            return Err(ApiError::TooLarge(MAX_PHOTO_BYTES));
        }
        // Decoding takes memory and CPU: a few at a time for the whole process, the rest wait.
        let _turn = DECODING.acquire().await.map_err(|_| ApiError::Internal("the decoding turns are closed".into()))?;
        let cleaned = tokio::task::spawn_blocking(move || clean(&bytes))
            .await
            .map_err(|e| ApiError::Internal(format!("a photo's cleaning did not finish: {e}")))?;
        photos.push(cleaned.map_err(|why| match why {
            Refused::NotAPhoto => ApiError::UnsupportedMediaType(why.to_string()),
            Refused::Unreadable => ApiError::Invalid(why.to_string()),
        })?);
    }
    if state.upstream.is_some() {
        // In front of a back office, each is forwarded there, through the outbox.
        for photo in &mut photos {
            photo.deliver_as = Some(crate::delivery::new_reference().map_err(ApiError::Internal)?);
        }
    }
    if photos.is_empty() {
        return Err(ApiError::Invalid("No photo was sent: add 1 to 3 fields named photo.".into()));
    }
    match state.store.attach_photos(id, photos, MAX_PHOTOS_PER_TICKET, state.policy.local_now()).await? {
        Attached::Stored(stored) => Ok(ApiResponse::created(
            Action::PhotosAdded,
            json!({ "photos": stored.iter().map(|p| wire(id, p)).collect::<Vec<_>>() }),
        )),
        Attached::TooMany { max } => Err(ApiError::Conflict(format!("A ticket holds at most {max} photos."))),
    }
}

/// `GET /api/v1/tickets/{id}/photos`: `photos_listed`, oldest first.
async fn list(State(state): State<AppState>, caller: Caller, PathText(raw): PathText) -> Result<ApiResponse, ApiError> {
    let id = ticket_id(&raw)?;
    caller.visible_ticket(&state, id).await?;
    let photos = state.store.photos(id).await?;
    Ok(ApiResponse::ok(
        Action::PhotosListed,
        json!({ "photos": photos.iter().map(|p| wire(id, p)).collect::<Vec<_>>() }),
    ))
}

/// `GET /api/v1/tickets/{id}/photos/{photo_id}`: the image itself, `inline` with a name, never
/// sniffed, sandboxed; `ticket_not_found` for a ticket the caller may not see, 404 for a
/// photo the ticket does not have.
async fn one(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((raw, photo)) =
        path.map_err(|_| ApiError::Invalid("The ids in the path must be positive integers.".into()))?;
    let id = ticket_id(&raw)?;
    let photo_id = path_id(&photo, "photo")?;
    caller.visible_ticket(&state, id).await?;
    let Some((p, bytes)) = state.store.photo(id, photo_id).await? else {
        return Err(ApiError::NotFound(format!("Ticket {id} has no photo {photo_id}.")));
    };
    let extension = if p.content_type == "image/png" { "png" } else { "jpg" };
    let content_type = HeaderValue::from_str(&p.content_type).unwrap_or(HeaderValue::from_static("image/jpeg"));
    let disposition = HeaderValue::from_str(&format!("inline; filename=\"ticket-{id}-photo-{photo_id}.{extension}\""))
        .unwrap_or(HeaderValue::from_static("inline"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600")),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox")),
        ],
        bytes,
    )
        .into_response())
}
