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
