//! The one error type of the handlers, answered as the envelope: every way a request does
//! not get what it asked for, each variant with the HTTP status it becomes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use helpdesk_core::{Action, Envelope, TicketId, envelope};
use serde_json::{Map, Value};

use crate::response::ApiResponse;

/// Why a request failed. Each variant documents the HTTP status it becomes; the body is
/// always the envelope with a meaningful `action` and `message`.
#[derive(Debug)]
pub enum ApiError {
    /// 200: no such ticket, or another subscriber's (answered alike, so ids reveal nothing):
    /// `ticket_not_found` with `ok: true`.
    TicketNotFound(TicketId),
    /// The status it carries (403, 413, 415 or 422): the request was read and refused, with
    /// what is wrong per field (`ticket_creation_failed`, `update_failed`).
    Refused(Refusal),
    /// 401: missing, unknown or expired credentials.
    Unauthorized(&'static str),
    /// 403: the credentials do not allow this.
    Forbidden(String),
    /// 404: no such endpoint.
    RouteNotFound(String),
    /// 404: the zone, service or technician a request names does not exist.
    NotFound(String),
    /// 405: the endpoint exists, not with this method (method, path).
    MethodNotAllowed(String, String),
    /// 422: the request is malformed (bad id, bad parameter, bad JSON).
    Invalid(String),
    /// 409: the same `Idempotency-Key` is being processed by another request.
    Conflict(String),
    /// 429: the caller's service has used up its writes; retry after this many seconds
    /// (`Retry-After`).
    RateLimited(u64),
    /// 413: the body is larger than the limit.
    TooLarge(usize),
    /// 415: the body is not of a supported content type.
    UnsupportedMediaType(String),
    /// 503: the server is saturated or the request took too long; retry after this many
    /// seconds (`Retry-After`).
    Unavailable(&'static str, u64),
    /// The back office failed or refused what this request needed from it (502), with why.
    BackOffice(String),
    /// 500: the server failed. The detail is logged, never sent.
    Internal(String),
}

impl From<ApiError> for ApiResponse {
    fn from(error: ApiError) -> Self {
        let (status, action, message) = match error {
            ApiError::TicketNotFound(id) => return Self::new(StatusCode::OK, envelope::ticket_not_found(id)),
            ApiError::Refused(refusal) => return refusal.into(),
            ApiError::Unauthorized(m) => (StatusCode::UNAUTHORIZED, Action::Unauthorized, m.to_owned()),
            ApiError::Forbidden(m) => (StatusCode::FORBIDDEN, Action::Forbidden, m),
            ApiError::RouteNotFound(path) => {
                (StatusCode::NOT_FOUND, Action::RouteNotFound, format!("There is no endpoint at {path}."))
            }
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, Action::NotFound, m),
            ApiError::MethodNotAllowed(method, path) => (
                StatusCode::METHOD_NOT_ALLOWED,
                Action::MethodNotAllowed,
                format!("{path} does not answer {method}; the Allow header lists the methods it does."),
            ),
            ApiError::Invalid(m) => (StatusCode::UNPROCESSABLE_ENTITY, Action::InvalidRequest, m),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, Action::InvalidRequest, m),
            ApiError::RateLimited(seconds) => (
                StatusCode::TOO_MANY_REQUESTS,
                Action::RateLimited,
                format!("Too many tickets or replies in a short time; try again in {seconds} seconds."),
            ),
            ApiError::TooLarge(limit) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                Action::InvalidRequest,
                format!("The body is larger than the limit of {limit} bytes."),
            ),
            ApiError::UnsupportedMediaType(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, Action::InvalidRequest, m),
            ApiError::Unavailable(m, _) => (StatusCode::SERVICE_UNAVAILABLE, Action::InternalError, m.to_owned()),
            ApiError::BackOffice(m) => (StatusCode::BAD_GATEWAY, Action::InternalError, m),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Action::InternalError,
                    "The server could not complete the request. Try again later.".to_owned(),
                )
            }
        };
        Self::new(status, Envelope::new(action, None, Some(message)))
    }
}

impl ApiError {
    /// The HTTP status and message this error is answered with, for the dialects that
    /// answer in their own shape.
    #[must_use]
    pub fn status_and_message(self) -> (StatusCode, String) {
        let response = ApiResponse::from(self);
        (response.status(), response.message().unwrap_or_default().to_owned())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match &self {
            Self::RateLimited(seconds) | Self::Unavailable(_, seconds) => Some(*seconds),
            _ => None,
        };
        let mut response = ApiResponse::from(self).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

/// A refusal with field errors: `data` is `{errors: {field: message, ...}}` and may carry
/// more (`closest_subjects`).
#[derive(Debug)]
pub struct Refusal {
    status: StatusCode,
    action: Action,
    message: String,
    data: Map<String, Value>,
}

impl Refusal {
    /// A refusal answered with `status` and `action`, summed up by `message`, with `errors`
    /// by field.
    #[must_use]
    pub fn new(status: StatusCode, action: Action, message: impl Into<String>, errors: Map<String, Value>) -> Self {
        let mut data = Map::new();
        data.insert("errors".into(), Value::Object(errors));
        Self { status, action, message: message.into(), data }
    }

    /// A refusal of one field, whose message is also the summary.
    #[must_use]
    pub fn field(status: StatusCode, action: Action, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut errors = Map::new();
        errors.insert(field.into(), message.clone().into());
        Self::new(status, action, message, errors)
    }

    /// The same refusal with `value` at `key` of its data.
    #[must_use]
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.data.insert(key.into(), value);
        self
    }
}

impl From<Refusal> for ApiResponse {
    fn from(r: Refusal) -> Self {
        Self::new(r.status, Envelope::new(r.action, Some(Value::Object(r.data)), Some(r.message)))
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        if e.is_transient() {
            tracing::warn!(error = %e, "the database failed for a moment; answered 503");
            Self::Unavailable("The helpdesk cannot reach its database for a moment; try again shortly.", 1)
        } else {
            Self::Internal(e.to_string())
        }
    }
}
