//! One module per resource, each with its own `router()`.

pub mod access;
pub mod create;
pub mod dialects;
pub mod thread;
pub mod tickets;

use axum::http::Uri;

use crate::error::ApiError;

/// Any path under the API that no route matches: 404 in the envelope.
pub async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::RouteNotFound(uri.path().to_owned())
}
