//! Webhooks between real processes: a receiver on loopback checks every signature with its
//! secret, as the ISP's sender must; helpdesk-server delivers every event at least once across
//! a `kill -9` and a restart, and the receiver keeps each event once by its id. And a
//! subscriber's unread tickets, over the same socket.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use helpdesk_server::webhooks::{EVENT_ID_HEADER, SIGNATURE_HEADER, verify};
use serde_json::{Value, json};

use crate::support::{STAFF_JSON, ServerProcess, http};

const SECRET: &str = "receiver-secret-0123456789";

/// The ISP's receiver: what it got (every receipt, by event id), and whether it answers.
#[derive(Default)]
struct Receiver {
    /// Answer 500 after reading the body: the receiver took it but the sender cannot know.
    failing: AtomicBool,
    bad_signatures: AtomicUsize,
    receipts: Mutex<BTreeMap<String, (usize, Value)>>,
}

impl Receiver {
    fn seen(&self) -> BTreeMap<String, (usize, Value)> {
        self.receipts.lock().expect("receipts").clone()
    }
}

async fn receive(State(r): State<Arc<Receiver>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signed = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !verify(SECRET, &body, signed) {
        r.bad_signatures.fetch_add(1, Ordering::SeqCst);
        return StatusCode::UNAUTHORIZED;
    }
    let event: Value = serde_json::from_slice(&body).expect("a JSON event");
    let id = headers.get(EVENT_ID_HEADER).and_then(|v| v.to_str().ok()).expect("an event id").to_owned();
    assert_eq!(event["id"], id.as_str(), "the header names the body's event");
    r.receipts.lock().expect("receipts").entry(id).or_insert((0, event)).0 += 1;
    if r.failing.load(Ordering::SeqCst) { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::NO_CONTENT }
}

async fn start_receiver() -> (SocketAddr, Arc<Receiver>) {
    let receiver = Arc::new(Receiver::default());
    let app = axum::Router::new().route("/hooks", axum::routing::post(receive)).with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (addr, receiver)
}

/// Wait (at most a minute) until `done` holds.
async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..600 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting until {what}");
}

fn events_in(db: &std::path::Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).expect("open");
    let mut stmt = c.prepare("SELECT id FROM events ORDER BY seq").expect("events");
    stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("ids")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_reaches_the_receiver_signed_at_least_once_across_a_kill_9_and_restart() {
    let (receiver_addr, receiver) = start_receiver().await;
    receiver.failing.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("dir");
    let (db, hooks) = (dir.path().join("helpdesk.db"), dir.path().join("hooks.json"));
    let endpoints = json!([{"url": format!("http://{receiver_addr}/hooks"), "secret": SECRET}]);
    std::fs::write(&hooks, endpoints.to_string()).expect("hooks file");
    let hooks = hooks.to_str().expect("path").to_owned();
    let flags = ["--webhooks", &hooks, "--webhook-interval-seconds", "1", "--max-tickets", "100"];
    let mut first = ServerProcess::start(&db, &flags).await;

    let create = json!({"service_id": 100, "subject": "Internet Lento", "description": "lento de noche"});
    let (status, created) = http(first.addr, "POST", "/api/v1/tickets", &STAFF_JSON, &create.to_string()).await;
    assert_eq!(status, 201, "{created}");
    let id = created["data"]["ticket_id"].as_u64().expect("id");
    let answer = json!({"message": "Revisamos su antena mañana", "admin": "Elena"}).to_string();
    let (status, _) = http(first.addr, "POST", &format!("/api/v1/tickets/{id}/answers"), &STAFF_JSON, &answer).await;
    assert_eq!(status, 200);
    let moved = json!({"status": 2}).to_string();
    let (status, _) = http(first.addr, "POST", &format!("/api/v1/tickets/{id}/status"), &STAFF_JSON, &moved).await;
    assert_eq!(status, 200);

    // The receiver takes them but answers 500: the server cannot know, and must send again.
    let ours = |seen: &BTreeMap<String, (usize, Value)>| {
        let mut kinds: Vec<String> = seen
            .values()
            .filter(|(_, e)| e["data"]["ticket"]["id"] == id)
            .map(|(_, e)| e["type"].as_str().unwrap_or_default().to_owned())
            .collect();
        kinds.sort();
        kinds
    };
    until("the receiver got our three events once", || ours(&receiver.seen()).len() == 3).await;
    first.kill_9();
    receiver.failing.store(false, Ordering::SeqCst);
    let second = ServerProcess::start(&db, &flags).await;
    let waiting = || async {
        let (_, health) = http(second.addr, "GET", "/api/v1/health", &STAFF_JSON, "").await;
        health["data"]["webhooks"]["waiting"].as_u64()
    };
    for _ in 0..600 {
        if waiting().await == Some(0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(waiting().await, Some(0), "every delivery acknowledged after the restart");
    drop(second);

    let seen = receiver.seen();
    assert_eq!(receiver.bad_signatures.load(Ordering::SeqCst), 0, "every request was signed with the secret");
    assert_eq!(ours(&seen), ["ticket.answered", "ticket.created", "ticket.status_changed"]);
    let stored = events_in(&db);
    assert!(stored.len() >= 3, "{stored:?}");
    for event in &stored {
        assert!(seen.contains_key(event), "event {event} never reached the receiver");
    }
    assert_eq!(seen.len(), stored.len(), "kept once per id, whatever the repeats");
    let repeats: Vec<usize> = seen.values().filter(|(_, e)| e["data"]["ticket"]["id"] == id).map(|(n, _)| *n).collect();
    assert!(repeats.iter().all(|n| *n >= 2), "each of ours was sent again after its 500: {repeats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_answer_is_unread_until_the_subscriber_reads_the_thread() {
    let dir = tempfile::tempdir().expect("dir");
    let server = ServerProcess::start(dir.path().join("helpdesk.db"), &["--max-tickets", "100"]).await;
    let subscriber = [("authorization", "Bearer demo-subscriber-token")];
    let unread = || async {
        let (status, list) = http(server.addr, "GET", "/api/v1/tickets?unread=true&per_page=1", &subscriber, "").await;
        assert_eq!(status, 200, "{list}");
        list["data"]["total"].as_u64().expect("total")
    };
    // The demo's answered tickets start unread; reading each clears it.
    let (_, all) = http(server.addr, "GET", "/api/v1/tickets?unread=true&per_page=100", &subscriber, "").await;
    for t in all["data"]["tickets"].as_array().expect("tickets") {
        let path = format!("/api/v1/tickets/{}/thread", t["ticket_id"]);
        assert_eq!(http(server.addr, "GET", &path, &subscriber, "").await.0, 200);
    }
    assert_eq!(unread().await, 0);
    let (_, list) = http(server.addr, "GET", "/api/v1/tickets?per_page=1", &subscriber, "").await;
    let id = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("a demo ticket");
    assert!(list["data"]["tickets"][0].get("unread").is_none(), "read tickets carry no flag: {list}");
    let answer = json!({"message": "Ya quedó", "admin": "Elena"}).to_string();
    assert_eq!(http(server.addr, "POST", &format!("/api/v1/tickets/{id}/answers"), &STAFF_JSON, &answer).await.0, 200);
    assert_eq!(unread().await, 1);
    let (_, list) = http(server.addr, "GET", "/api/v1/tickets?per_page=1", &subscriber, "").await;
    assert_eq!(list["data"]["tickets"][0]["unread"], true, "{list}");
    let (_, staff) = http(server.addr, "GET", &format!("/api/v1/tickets/{id}/thread"), &STAFF_JSON, "").await;
    assert_eq!(staff["data"]["ticket"]["unread"], true, "staff reading it leaves it unread for the subscriber");
    let (_, thread) = http(server.addr, "GET", &format!("/api/v1/tickets/{id}/thread"), &subscriber, "").await;
    assert!(thread["data"]["ticket"].get("unread").is_none(), "{thread}");
    assert_eq!(unread().await, 0);
    let (status, bad) = http(server.addr, "GET", "/api/v1/tickets?unread=maybe", &subscriber, "").await;
    assert_eq!((status, bad["action"].as_str()), (422, Some("invalid_request")), "{bad}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_receiver_keeps_signed_events_once_and_refuses_forged_ones() {
    let demo = crate::support::demo_state().await;
    let inbox = helpdesk_server::demo_inbox::Inbox::new("demo-inbox-secret-0123".into());
    let state = helpdesk_server::AppState { demo_inbox: Some(inbox.clone()), ..demo.state.clone() };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = helpdesk_server::app(state.clone(), None);
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });

    let sender = helpdesk_server::webhooks::Sender::new(vec![inbox.endpoint(addr)]).expect("sender");
    let pass = sender.deliver_due(&state.store, chrono::Utc::now(), 100, Duration::from_secs(30)).await.expect("pass");
    assert!(pass.delivered > 0 && pass.failed == 0, "{pass:?}");
    let (status, shown) = http(addr, "GET", "/demo/notifications", &[], "").await;
    assert_eq!(status, 200);
    let shown = shown.as_array().expect("a list").clone();
    assert_eq!(shown.len(), usize::try_from(pass.delivered).expect("count"), "the demo's events, once each");
    let event = shown[0].to_string();
    let forged = [("content-type", "application/json"), (SIGNATURE_HEADER, "sha256=00"), (EVENT_ID_HEADER, "x")];
    let (status, _) = http(addr, "POST", "/demo/webhook", &forged, &event).await;
    assert_eq!(status, 401, "a body not signed with the secret is refused");
    let signed = helpdesk_server::webhooks::signature("demo-inbox-secret-0123", event.as_bytes());
    let id = shown[0]["id"].as_str().expect("id").to_owned();
    let again =
        [("content-type", "application/json"), (SIGNATURE_HEADER, signed.as_str()), (EVENT_ID_HEADER, id.as_str())];
    assert_eq!(http(addr, "POST", "/demo/webhook", &again, &event).await.0, 204);
    let (_, after) = http(addr, "GET", "/demo/notifications", &[], "").await;
    assert_eq!(after.as_array().map(Vec::len), Some(shown.len()), "a repeat is acknowledged, not kept twice");
}
