//! Helpers: a demo-seeded app and one-shot requests.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::NaiveDateTime;
use helpdesk_server::store::SqliteStore;
use helpdesk_server::{AppState, ServerPolicy, Store, app, demo};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub(crate) const SUBSCRIBER: &str = "Bearer demo-subscriber-token";
pub(crate) const STAFF_KEY: &str = "test-staff-key";
/// Headers of a JSON POST by the demo subscriber.
pub(crate) const SUBSCRIBER_JSON: [(&str, &str); 2] =
    [("authorization", SUBSCRIBER), ("content-type", "application/json")];
/// Headers of a JSON POST by staff.
pub(crate) const STAFF_JSON: [(&str, &str); 2] = [("x-api-key", STAFF_KEY), ("content-type", "application/json")];

/// "Now" of the demo data: Thursday 2026-02-26 10:00 in Bogotá.
pub(crate) fn demo_now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-02-26 10:00", "%Y-%m-%d %H:%M").expect("date")
}

/// The app's state over a database the test can also read directly.
pub(crate) struct Demo {
    pub(crate) state: AppState,
    /// The SQLite database behind `state.store`.
    pub(crate) db: SqliteStore,
}

impl std::ops::Deref for Demo {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.state
    }
}

impl std::ops::DerefMut for Demo {
    fn deref_mut(&mut self) -> &mut AppState {
        &mut self.state
    }
}

/// A private in-memory database with the demo data, served in demo mode.
pub(crate) async fn demo_state() -> Demo {
    let db = SqliteStore::in_memory().expect("store");
    let policy = Arc::new(ServerPolicy::default());
    demo::seed_if_empty(&db, demo_now(), policy.clone()).await.expect("seed");
    let state =
        AppState { staff_key: Some(Arc::from(STAFF_KEY)), demo: true, ..AppState::new(Store::new(db.clone()), policy) };
    Demo { state, db }
}

/// Send one request without a body; return the status and the JSON body.
pub(crate) async fn call(state: &AppState, method: &str, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, Value) {
    send(state, method, uri, headers, Body::empty()).await
}

/// Send one request with a body; return the status and the JSON body.
pub(crate) async fn send(
    state: &AppState,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> (StatusCode, Value) {
    let (status, _, json) = send_full(state, method, uri, headers, body).await;
    (status, json)
}

/// Like [`send`], with the response headers.
pub(crate) async fn send_full(
    state: &AppState,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> (StatusCode, HeaderMap, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let response = app(state.clone(), None).oneshot(req.body(body.into()).expect("request")).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{uri}: body is not JSON ({e}): {bytes:?}"));
    (status, headers, json)
}

/// How many tickets the store holds in all.
pub(crate) async fn ticket_count(demo: &Demo) -> i64 {
    demo.db.call(|c| Ok(c.query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))?)).await.expect("count")
}

/// Every envelope has the six keys, and `ok`/`type` agree with the action.
pub(crate) fn assert_envelope(body: &Value, action: &str) {
    for key in ["ok", "type", "action", "data", "message", "meta"] {
        assert!(body.get(key).is_some(), "missing {key} in {body}");
    }
    assert_eq!(body["action"], action, "{body}");
}
