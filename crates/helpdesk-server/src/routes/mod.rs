//! One module per resource, each with its own `router()`.

pub mod access;
pub mod create;
pub mod dialects;
pub mod directory;
pub mod health;
pub mod outages;
pub mod photos;
pub mod subjects;
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
    match gateway.sync_service(&state.store, &state.policy, id).await {
        Ok(true) => Ok(state.store.service(id).await?),
        Ok(false) => Ok(None),
        Err(e) => {
            tracing::warn!(service = id, error = %e, "cannot read the service from the back office");
            let kind = gateway.back_office.kind();
            copy.map(Some).ok_or_else(|| {
                ApiError::BackOffice(format!("The service could not be read from the back office ({kind}): {e}"))
            })
        }
    }
}

/// Refuse what is done in the back office itself when the server runs in front of one:
/// staff's status changes and answers, and the directory (the back office's, copied in by
/// the sync); and a subscriber's reply or close unless the back office's API takes it
/// (`offered`; the policy's `operations` tell the widget the same).
///
/// # Errors
/// [`ApiError::Conflict`] in front of a back office that does not offer it.
pub(crate) fn done_in_back_office(
    state: &crate::AppState,
    offered: fn(helpdesk_core::envelope::Operations) -> bool,
) -> Result<(), ApiError> {
    match &state.upstream {
        Some(gateway) if !offered(gateway.back_office.operations()) => Err(ApiError::Conflict(
            "This is done in the ISP's back office itself, whose API cannot take it here.".into(),
        )),
        _ => Ok(()),
    }
}

/// Nothing of a subscriber's is offered for it (staff's writes in front of a back office).
pub(crate) const NEVER: fn(helpdesk_core::envelope::Operations) -> bool = |_| false;
