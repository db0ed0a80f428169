//! What a handler answers when it succeeds: an HTTP status and a body, almost always the
//! envelope. Every handler returns `Result<ApiResponse, ApiError>`; the error side is
//! [`crate::error::ApiError`], answered in the same envelope.

use std::borrow::Cow;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use helpdesk_core::{Action, Envelope};
use serde_json::Value;

/// A successful answer, or a refusal turned into one (see [`crate::error::ApiError`]).
#[derive(Debug)]
pub struct ApiResponse {
    status: StatusCode,
    body: Body,
}

#[derive(Debug)]
enum Body {
    /// The envelope.
    Envelope(Envelope),
    /// Another dialect's own shape (WHMCS, ISP-CRM).
    Json(Value),
    /// JSON text already written: a document, or an answer replayed for an idempotency key.
    JsonText { text: Cow<'static, str>, replayed: bool },
}

impl ApiResponse {
    /// `envelope` with `status`.
    #[must_use]
    pub fn new(status: StatusCode, envelope: Envelope) -> Self {
        Self { status, body: Body::Envelope(envelope) }
    }

    /// 200 with `action` and its `data`.
    #[must_use]
    pub fn ok(action: Action, data: Value) -> Self {
        Self::new(StatusCode::OK, Envelope::new(action, Some(data), None))
    }

    /// 201 with `action` and its `data`: something was created.
    #[must_use]
    pub fn created(action: Action, data: Value) -> Self {
        Self::new(StatusCode::CREATED, Envelope::new(action, Some(data), None))
    }

    /// Another dialect's own JSON, with `status`.
    #[must_use]
    pub fn dialect(status: StatusCode, body: Value) -> Self {
        Self { status, body: Body::Json(body) }
    }

    /// A JSON document served as it is.
    #[must_use]
    pub fn document(text: &'static str) -> Self {
        Self { status: StatusCode::OK, body: Body::JsonText { text: Cow::Borrowed(text), replayed: false } }
    }

    /// The answer stored for an idempotency key, sent again with `Idempotent-Replayed: true`.
    #[must_use]
    pub fn replayed(status: StatusCode, text: String) -> Self {
        Self { status, body: Body::JsonText { text: Cow::Owned(text), replayed: true } }
    }

    /// The same answer with the envelope's `meta` (answers of other shapes are unchanged).
    #[must_use]
    pub fn with_meta(mut self, meta: Value) -> Self {
        if let Body::Envelope(envelope) = &mut self.body {
            envelope.meta = Some(meta);
        }
        self
    }

    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The envelope's message, if the body is an envelope with one.
    #[must_use]
    pub fn message(&self) -> Option<&str> {
        match &self.body {
            Body::Envelope(envelope) => envelope.message.as_deref(),
            Body::Json(_) | Body::JsonText { .. } => None,
        }
    }

    /// The body as JSON text, as it is sent.
    ///
    /// # Errors
    /// When the body cannot be written as JSON (it always can: its values are JSON).
    pub fn body_text(&self) -> Result<String, serde_json::Error> {
        match &self.body {
            Body::Envelope(envelope) => serde_json::to_string(envelope),
            Body::Json(value) => serde_json::to_string(value),
            Body::JsonText { text, .. } => Ok(text.to_string()),
        }
    }
}

impl IntoResponse for ApiResponse {
    fn into_response(self) -> Response {
        match self.body {
            Body::Envelope(envelope) => (self.status, Json(envelope)).into_response(),
            Body::Json(value) => (self.status, Json(value)).into_response(),
            Body::JsonText { text, replayed } => {
                let json = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))];
                let mut response = (self.status, json, text.into_owned()).into_response();
                if replayed {
                    response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
                }
                response
            }
        }
    }
}
