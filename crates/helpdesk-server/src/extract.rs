//! Reading requests: a JSON body whose every rejection is answered in the envelope, and the
//! ids of paths.

use axum::http::StatusCode;
use helpdesk_core::TicketId;

use crate::error::ApiError;

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

/// The one parameter of a path (`/tickets/{id}`), as text; a segment that does not decode
/// to text (`%FF`) is answered in the envelope, never with axum's plain text.
#[derive(Debug, Clone)]
pub struct PathText(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PathText {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(text)) => Ok(Self(text)),
            Err(_) => Err(ApiError::Invalid("The id in the path must be a positive integer.".into())),
        }
    }
}

/// An id of a path: digits only (no sign, no spaces), positive, within what the store holds.
///
/// # Errors
/// [`ApiError::Invalid`] naming what was given.
pub fn path_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    Some(raw)
        .filter(|r| !r.is_empty() && r.len() <= 19 && r.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|r| r.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::Invalid(format!("The {what} id must be a positive integer, not {:?}.", clip(raw))))
}

/// A ticket id of a path (see [`path_id`]).
///
/// # Errors
/// [`ApiError::Invalid`] naming what was given.
pub fn ticket_id(raw: &str) -> Result<TicketId, ApiError> {
    path_id(raw, "ticket").map(i64::unsigned_abs)
}

/// At most the first 40 characters of a refused value, to echo it back.
#[must_use]
pub fn clip(value: &str) -> String {
    const MAX: usize = 40;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_owned(),
    }
}
