//! The one error type of the handlers, answered as the envelope.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use helpdesk_core::{Action, Envelope};

/// Why a request failed. Each variant documents the HTTP status it becomes; the body is
/// always the envelope with a meaningful `action` and `message`.
#[derive(Debug)]
pub enum ApiError {
    /// 401: missing, unknown or expired credentials.
    Unauthorized(&'static str),
    /// 403: the credentials do not allow this.
    Forbidden(String),
    /// 404: no such endpoint.
    RouteNotFound(String),
    /// 422: the request is malformed (bad id, bad parameter).
    Invalid(String),
    /// 500: the server failed. The detail is logged, never sent.
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, action, message) = match self {
            Self::Unauthorized(m) => (StatusCode::UNAUTHORIZED, Action::Unauthorized, m.to_owned()),
            Self::Forbidden(m) => (StatusCode::FORBIDDEN, Action::Forbidden, m),
            Self::RouteNotFound(path) => (
                StatusCode::NOT_FOUND,
                Action::RouteNotFound,
                format!("There is no endpoint at {path}."),
            ),
            Self::Invalid(m) => (StatusCode::UNPROCESSABLE_ENTITY, Action::InvalidRequest, m),
            Self::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Action::InternalError,
                    "The server could not complete the request. Try again later.".to_owned(),
                )
            }
        };
        (status, Json(Envelope::new(action, None, Some(message)))).into_response()
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        Self::Internal(e.to_string())
    }
}
