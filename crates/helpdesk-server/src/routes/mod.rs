//! One module per resource, each with its own `router()`.

pub mod access;
pub mod create;
pub mod dialects;
pub mod directory;
pub mod health;
pub mod thread;
pub mod tickets;

use axum::http::{Method, Uri};

use crate::error::ApiError;

/// Any path under the API that no route matches: 404 in the envelope.
pub async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::RouteNotFound(crate::extract::clip(uri.path()))
}

/// An endpoint asked with a method it does not answer: 405 in the envelope (axum adds the
/// `Allow` header).
pub async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::MethodNotAllowed(method.to_string(), crate::extract::clip(uri.path()))
}

/// Service `id`. In front of a back office, its record (zone, technician) is read from it
/// when the mirror has none, or always with `fresh`; when the back office cannot be read, the
/// mirror's copy serves, and without one the back office's failure is the answer.
///
/// # Errors
/// A store failure; the back office's failure when there is no copy.
pub(crate) async fn service(
    state: &crate::AppState,
    id: i64,
    fresh: bool,
) -> Result<Option<crate::store::Service>, ApiError> {
    let copy = state.store.service(id).await?;
    let Some(gateway) = &state.upstream else { return Ok(copy) };
    if copy.is_some() && !fresh {
        return Ok(copy);
    }
    match gateway.sync_service(&state.store, id).await {
        Ok(true) => Ok(state.store.service(id).await?),
        Ok(false) => Ok(None),
        Err(e) => {
            tracing::warn!(service = id, error = %e, "cannot read the service from WispHub");
            copy.map(Some)
                .ok_or_else(|| ApiError::BackOffice(format!("The service could not be read from WispHub: {e}")))
        }
    }
}

/// Refuse what is done in the back office itself when the server runs in front of one: a
/// subscriber's reply or close and staff's status changes and answers (WispHub's API cannot
/// take them; the policy's `operations` tell the widget not to offer them), and the directory
/// (WispHub's, copied in by the sync).
///
/// # Errors
/// [`ApiError::Conflict`] in front of a back office.
pub(crate) fn done_in_back_office(state: &crate::AppState) -> Result<(), ApiError> {
    match state.upstream {
        Some(_) => Err(ApiError::Conflict(
            "This is done in the ISP's back office (WispHub), whose API cannot take it here.".into(),
        )),
        None => Ok(()),
    }
}
