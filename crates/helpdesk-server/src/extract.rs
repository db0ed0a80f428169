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

/// A ticket id of a path: a positive integer the store can hold.
///
/// # Errors
/// [`ApiError::Invalid`] naming what was given.
pub fn ticket_id(raw: &str) -> Result<TicketId, ApiError> {
    raw.parse::<u64>()
        .ok()
        .filter(|id| *id > 0 && i64::try_from(*id).is_ok())
        .ok_or_else(|| ApiError::Invalid(format!("The ticket id must be a positive integer, not {raw:?}.")))
}
