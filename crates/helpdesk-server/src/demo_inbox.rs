//! The demo's stand-in for the ISP's notification sender: in demo mode (with no `--webhooks`
//! of the ISP's own), the server posts its webhooks to itself, at `POST /demo/webhook`,
//! which checks each signature as a real receiver must and keeps the newest events; the demo
//! portal shows them from `GET /demo/notifications` as the messages the subscriber would
//! receive. It lives outside `/api/`: it plays the ISP's system, not the helpdesk's API.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;

use crate::webhooks::{self, EVENT_ID_HEADER, SIGNATURE_HEADER};

/// How many received events the inbox keeps.
const KEPT: usize = 20;

/// The demo receiver: its secret and the newest events it accepted, once each.
#[derive(Debug)]
pub struct Inbox {
    secret: String,
    events: Mutex<VecDeque<Value>>,
}

impl Inbox {
    /// An empty inbox checking signatures with `secret`.
    #[must_use]
    pub fn new(secret: String) -> Arc<Self> {
        Arc::new(Self { secret, events: Mutex::new(VecDeque::new()) })
    }

    /// The endpoint the server posts to when it listens on `addr`.
    #[must_use]
    pub fn endpoint(&self, addr: std::net::SocketAddr) -> webhooks::Endpoint {
        let ip = if addr.ip().is_unspecified() { std::net::Ipv4Addr::LOCALHOST.into() } else { addr.ip() };
        let url = format!("http://{}/demo/webhook", std::net::SocketAddr::new(ip, addr.port()));
        webhooks::Endpoint { url, secret: self.secret.clone() }
    }
}

/// The inbox's routes.
pub fn router(inbox: Arc<Inbox>) -> Router {
    Router::new().route("/demo/webhook", post(receive)).route("/demo/notifications", get(list)).with_state(inbox)
}

async fn receive(State(inbox): State<Arc<Inbox>>, headers: HeaderMap, body: Bytes) -> Response {
    let signed = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !webhooks::verify(&inbox.secret, &body, signed) {
        return (StatusCode::UNAUTHORIZED, "bad signature").into_response();
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "not JSON").into_response();
    };
    let id = headers.get(EVENT_ID_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Ok(mut events) = inbox.events.lock() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    // Delivered at least once: a repeat of an event already kept is acknowledged, not kept twice.
    if !events.iter().any(|e| e["id"] == id) {
        events.push_front(event);
        events.truncate(KEPT);
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn list(State(inbox): State<Arc<Inbox>>) -> Response {
    let events: Vec<Value> = inbox.events.lock().map(|e| e.iter().cloned().collect()).unwrap_or_default();
    axum::Json(events).into_response()
}
