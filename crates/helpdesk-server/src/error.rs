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
    /// 422: the request is malformed (bad id, bad parameter, bad JSON).
    Invalid(String),
    /// 409: the same `Idempotency-Key` is being processed by another request.
    Conflict(String),
    /// 413: the body is larger than the limit.
    TooLarge(usize),
    /// 415: the body is not of a supported content type.
    UnsupportedMediaType(String),
    /// 500: the server failed. The detail is logged, never sent.
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, action, message) = match self {
            Self::Unauthorized(m) => (StatusCode::UNAUTHORIZED, Action::Unauthorized, m.to_owned()),
            Self::Forbidden(m) => (StatusCode::FORBIDDEN, Action::Forbidden, m),
            Self::RouteNotFound(path) => {
                (StatusCode::NOT_FOUND, Action::RouteNotFound, format!("There is no endpoint at {path}."))
            }
            Self::Invalid(m) => (StatusCode::UNPROCESSABLE_ENTITY, Action::InvalidRequest, m),
            Self::Conflict(m) => (StatusCode::CONFLICT, Action::InvalidRequest, m),
            Self::TooLarge(limit) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                Action::InvalidRequest,
                format!("The body is larger than the limit of {limit} bytes."),
            ),
            Self::UnsupportedMediaType(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, Action::InvalidRequest, m),
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

/// The largest request body the API accepts, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON body whose every rejection (not JSON, wrong types, too large, wrong content
/// type) is answered with the envelope and a message, never axum's plain text.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(ApiError::UnsupportedMediaType("Send the body as JSON with Content-Type: application/json.".into()))
            }
            Err(JsonRejection::BytesRejection(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::TooLarge(BODY_LIMIT))
            }
            Err(JsonRejection::JsonSyntaxError(e)) => {
                Err(ApiError::Invalid(format!("The body is not valid JSON: {}", e.body_text())))
            }
            Err(JsonRejection::JsonDataError(e)) => {
                Err(ApiError::Invalid(format!("The body does not have the expected fields: {}", e.body_text())))
            }
            Err(e) => Err(ApiError::Invalid(e.body_text())),
        }
    }
}
