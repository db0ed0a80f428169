//! Helpers: a demo-seeded app and one-shot requests.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::NaiveDateTime;
use helpdesk_server::store::SqliteStore;
use helpdesk_server::{AppState, ServerPolicy, Store, app, demo};
use http_body_util::BodyExt;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

pub(crate) const SUBSCRIBER: &str = "Bearer demo-subscriber-token";
pub(crate) const STAFF_KEY: &str = "test-staff-key-0123456789";
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
    demo::seed_if_empty(&Store::new(db.clone()), demo_now(), policy.clone()).await.expect("seed");
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

/// Run `f` whenever the store inserts a ticket, inside the insert's transaction (a
/// temporary trigger calling a function of the test's).
pub(crate) async fn on_ticket_insert(demo: &Demo, f: impl Fn() + Send + 'static) {
    use rusqlite::functions::FunctionFlags;
    demo.db
        .call(move |c| {
            c.create_scalar_function("ticket_inserted", 0, FunctionFlags::SQLITE_UTF8, move |_| {
                f();
                Ok(1)
            })?;
            c.execute_batch(
                "CREATE TEMP TRIGGER on_insert AFTER INSERT ON tickets BEGIN SELECT ticket_inserted(); END",
            )?;
            Ok(())
        })
        .await
        .expect("trigger");
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

/// One HTTP/1.1 exchange on a fresh connection: (status, JSON body).
pub(crate) async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Value) {
    try_http(addr, method, path, headers, body).await.expect("an HTTP exchange")
}

/// The request [`http`] sends.
fn request_text(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    request
}

/// Like [`http`], with a failed connection (a server killed or not yet started) an error.
pub(crate) async fn try_http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, Value)> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(request_text(addr, method, path, headers, body).as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    let status = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let json = answer.split_once("\r\n\r\n").and_then(|(_, b)| serde_json::from_str(b).ok()).unwrap_or(Value::Null);
    Ok((status, json))
}

/// Send a request and hang up at once, without reading the answer.
pub(crate) async fn send_and_leave(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request_text(addr, method, path, headers, body).as_bytes()).await.expect("write");
}

/// A helpdesk-server process in demo mode over the database `db` (a SQLite file or a
/// PostgreSQL URL), on a free loopback port.
pub(crate) struct ServerProcess {
    pub(crate) addr: SocketAddr,
    child: std::process::Child,
}

impl ServerProcess {
    /// Start it with `args` beside the demo flags and wait until it accepts connections.
    pub(crate) async fn start(db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Self {
        Self::start_logging(db, args, None).await
    }

    /// Like [`ServerProcess::start`], its log (at `info`) written to `log`.
    pub(crate) async fn start_logging(
        db: impl AsRef<std::ffi::OsStr>,
        args: &[&str],
        log: Option<&std::path::Path>,
    ) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk-server"))
            .args(["--demo", "--staff-key", STAFF_KEY, "--bind", &addr.to_string(), "--database"])
            .arg(db)
            .args(args)
            .env("RUST_LOG", if log.is_some() { "info" } else { "warn" })
            .stdout(log.map_or_else(std::process::Stdio::inherit, |p| std::fs::File::create(p).expect("log").into()))
            .stderr(log.map_or_else(std::process::Stdio::inherit, |p| {
                std::fs::File::options().append(true).open(p).expect("log").into()
            }))
            .spawn()
            .expect("start the server");
        let server = Self { addr, child };
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(addr).await.is_ok() {
                return server;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the server did not start");
    }

    /// SIGKILL: no shutdown, no flush; then reap it.
    pub(crate) fn kill_9(&mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reaped");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Send one request without a body; return the body as text (for answers that are not JSON).
pub(crate) async fn raw(state: &AppState, method: &str, uri: &str, headers: &[(&str, &str)]) -> String {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let response = app(state.clone(), None).oneshot(req.body(Body::empty()).expect("request")).await.expect("response");
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Deliver everything due in front of the state's back office, as the background worker
/// would, however long the backoff: until the outbox (tickets and replies) is empty.
pub(crate) async fn deliver_all(state: &AppState) {
    let office = state.upstream.as_deref().expect("a gateway").back_office.clone();
    let mut later = chrono::Utc::now();
    for _ in 0..30 {
        helpdesk_server::delivery::deliver_due(
            &state.store,
            office.as_ref(),
            later,
            500,
            std::time::Duration::from_secs(30),
        )
        .await
        .expect("pass");
        if state.store.outbox_depth().await.expect("depth").0 == 0 {
            return;
        }
        later += chrono::Duration::hours(1);
    }
    panic!("the outbox did not empty");
}

/// `request` sent again (as a client retries: its key still in flight, or no answer) until
/// it is answered otherwise, at most 100 times: the status it ends with.
pub(crate) async fn until_answered<F: std::future::Future<Output = Option<u16>>>(
    request: impl Fn() -> F,
) -> Option<u16> {
    for _ in 0..100 {
        match request().await {
            Some(409) | None => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            other => return other,
        }
    }
    None
}
