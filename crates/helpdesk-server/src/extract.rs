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

/// An id of a path or query: a positive whole number within what the store holds, written
/// with digits only (no sign, no spaces, no exponent), or with a zero fraction (`7.0`) as
/// JSON Schema also counts it.
///
/// # Errors
/// [`ApiError::Invalid`] naming what was given.
pub fn path_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    whole_text(raw)
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::Invalid(format!("The {what} id must be a positive integer, not {:?}.", clip(raw))))
}

/// The whole number `raw` writes: digits, optionally followed by `.` and zeros.
#[must_use]
pub fn whole_text(raw: &str) -> Option<i64> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (int, zeros) = raw.split_once('.').unwrap_or((raw, "0"));
    (digits(int) && int.len() <= 19 && digits(zeros) && zeros.bytes().all(|b| b == b'0'))
        .then(|| int.parse().ok())
        .flatten()
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

/// An integer of a JSON body, also when written with a zero fraction (`558.0`): JSON Schema
/// counts that as the integer 558, and so must the server.
pub fn whole_number(n: &serde_json::Number) -> Option<i64> {
    n.as_i64().or_else(|| {
        let f = n.as_f64()?;
        // Within ±2^53 a float with no fraction is exactly that integer.
        (f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0).then_some(f as i64)
    })
}

/// Serde's reading of an integer field through [`whole_number`].
///
/// # Errors
/// When the value is not a whole number.
pub fn whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = <serde_json::Number as serde::Deserialize>::deserialize(d)?;
    whole_number(&n).ok_or_else(|| serde::de::Error::custom(format!("{n} is not a whole number")))
}

/// [`whole`] for an optional field (absent or `null`: `None`).
///
/// # Errors
/// When the value is neither null nor a whole number.
pub fn whole_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match <Option<serde_json::Number> as serde::Deserialize>::deserialize(d)? {
        None => Ok(None),
        Some(n) => {
            whole_number(&n).map(Some).ok_or_else(|| serde::de::Error::custom(format!("{n} is not a whole number")))
        }
    }
}

/// Serde's reading of an optional whole-number query parameter through [`whole_text`].
///
/// # Errors
/// When the text is not a whole number that fits `T`.
pub fn whole_query<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    let Some(text) = <Option<String> as serde::Deserialize>::deserialize(d)? else {
        return Ok(None);
    };
    whole_text(&text)
        .and_then(|n| T::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("{:?} is not a whole number in range", clip(&text))))
}
