//! What one line may do: its own limit of active tickets (decided with the zone's, in one
//! transaction), the rate limit of its writes, and staff replies signed as staff.

use std::sync::Arc;

use axum::http::StatusCode;
use helpdesk_core::Author;
use helpdesk_core::envelope::{CreateOutcome, parse_create_response, parse_thread_response};
use helpdesk_server::ServerPolicy;
use helpdesk_server::limit::WriteLimit;
use serde_json::json;

use crate::support::{
    Demo, STAFF_JSON, SUBSCRIBER_JSON, ServerProcess, assert_envelope, call, demo_state, http, on_ticket_insert, send,
    send_full, ticket_count,
};

/// A zone with room for 100 and each line for `per_service`.
fn limits(demo: &mut Demo, per_service: u32) {
    let mut rules = demo.policy.rules.clone();
    rules.zone.max_tickets = 100;
    rules.max_tickets_per_service = per_service;
    demo.policy = Arc::new(ServerPolicy::new(rules).expect("policy"));
}

fn body() -> String {
    json!({"subject": "Internet Lento", "description": "Lento"}).to_string()
}

#[tokio::test]
async fn a_line_at_its_own_limit_opens_nothing_and_its_neighbours_still_can() {
    let mut demo = demo_state().await;
    limits(&mut demo, 2);
    let (_, policy) = call(&demo, "GET", "/api/v1/policy", &[SUBSCRIBER_JSON[0]]).await;
    assert_eq!(policy["data"]["max_tickets_per_service"], 2, "the policy offers the limit");

    // Service 100 holds one active ticket: one more, then its limit.
    let (status, _) = send(&demo, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, env) = send(&demo, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body()).await;
    assert_eq!(status, StatusCode::OK, "{env}");
    assert_envelope(&env, "service_ticket_limit_reached");
    assert_eq!(env["ok"], true);
    let outcome = parse_create_response(&env.to_string()).expect("the core reads it");
    assert!(matches!(outcome, CreateOutcome::ServiceLimitReached { max_tickets: 2, .. }), "{outcome:?}");

    // Service 101, in the same zone, is not blocked by its neighbour.
    let staff = json!({"service_id": 101, "subject": "Internet Lento", "description": "x"}).to_string();
    let (status, env) = send(&demo, "POST", "/api/v1/tickets", &STAFF_JSON, staff).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_concurrent_creates_of_one_line_never_exceed_its_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let server = ServerProcess::start(
        &dir.path().join("helpdesk.db"),
        &["--max-tickets", "1000", "--max-tickets-per-service", "3", "--rate-limit-per-minute", "0"],
    )
    .await;
    let addr = server.addr;
    // Service 200 holds one active ticket: room for two more.
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            tokio::spawn(async move {
                let body = json!({"service_id": 200, "subject": "Internet Lento", "description": format!("{i}")});
                http(addr, "POST", "/api/v1/tickets", &STAFF_JSON, &body.to_string()).await
            })
        })
        .collect();
    let (mut created, mut limited) = (0, 0);
    for task in tasks {
        let (status, env) = task.await.expect("task");
        match (status, env["action"].as_str()) {
            (201, _) => created += 1,
            (200, Some("service_ticket_limit_reached")) => limited += 1,
            other => panic!("unexpected {other:?}: {env}"),
        }
    }
    assert_eq!((created, limited), (2, 28));
}

#[tokio::test]
async fn a_lines_writes_beyond_the_rate_limit_get_429_with_retry_after() {
    let mut demo = demo_state().await;
    limits(&mut demo, 0);
    demo.write_limit = WriteLimit::per_minute(3);
    let key = [SUBSCRIBER_JSON[0], SUBSCRIBER_JSON[1], ("idempotency-key", "rate-1")];
    let (status, _, first) = send_full(&demo, "POST", "/api/v1/tickets", &key, body()).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = first["data"]["ticket_id"].as_u64().expect("id");
    let reply = format!("/api/v1/tickets/{id}/replies");
    let (status, _) = send(&demo, "POST", &reply, &SUBSCRIBER_JSON, json!({"message": "más"}).to_string()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(&demo, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body()).await;
    assert_eq!(status, StatusCode::CREATED, "three writes: a create, a reply, a create");

    // The fourth write, create or reply, waits.
    for (path, payload) in [("/api/v1/tickets", body()), (reply.as_str(), json!({"message": "y"}).to_string())] {
        let (status, headers, env) = send_full(&demo, "POST", path, &SUBSCRIBER_JSON, payload).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{path}: {env}");
        assert_envelope(&env, "rate_limited");
        let wait: u64 = headers["retry-after"].to_str().expect("text").parse().expect("seconds");
        assert!((1..=20).contains(&wait), "Retry-After {wait}");
    }
    // A replay of an answered key is not new work; staff are not limited.
    let (status, headers, again) = send_full(&demo, "POST", "/api/v1/tickets", &key, body()).await;
    assert_eq!((status, again), (StatusCode::CREATED, first));
    assert!(headers.get("idempotent-replayed").is_some());
    let staff = json!({"service_id": 100, "subject": "Internet Lento", "description": "x"}).to_string();
    let (status, _) = send(&demo, "POST", "/api/v1/tickets", &STAFF_JSON, staff).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_staff_reply_is_staffs_signed_and_becomes_the_answer() {
    let demo = demo_state().await;
    let (_, list) = call(&demo, "GET", "/api/v1/tickets", &[SUBSCRIBER_JSON[0]]).await;
    let id = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("id");
    let path = format!("/api/v1/tickets/{id}/replies");
    let (status, env) =
        send(&demo, "POST", &path, &STAFF_JSON, json!({"message": "Vamos mañana", "admin": "Marta"}).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{env}");
    let thread = parse_thread_response(&env.to_string()).expect("thread");
    let last = thread.messages.last().expect("a message");
    assert_eq!((last.author, last.name.as_str(), last.text.as_str()), (Author::Staff, "Marta", "Vamos mañana"));
    assert_eq!(thread.ticket.answer.as_deref(), Some("Vamos mañana"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_slower_than_the_request_timeout_is_503_and_its_retry_replays_the_ticket() {
    let mut demo = demo_state().await;
    limits(&mut demo, 0);
    demo.request_timeout = std::time::Duration::from_millis(100);
    on_ticket_insert(&demo, || std::thread::sleep(std::time::Duration::from_millis(400))).await;
    let before = ticket_count(&demo).await;
    let key = [SUBSCRIBER_JSON[0], SUBSCRIBER_JSON[1], ("idempotency-key", "slow-store")];
    let (status, headers, env) = send_full(&demo, "POST", "/api/v1/tickets", &key, body()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{env}");
    assert_envelope(&env, "internal_error");
    assert!(headers.get("retry-after").is_some());

    // The work went on: once it is done, the retry gets its ticket.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    demo.request_timeout = std::time::Duration::from_secs(30);
    let (status, headers, env) = send_full(&demo, "POST", "/api/v1/tickets", &key, body()).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    assert!(headers.get("idempotent-replayed").is_some(), "{env}");
    assert_eq!(ticket_count(&demo).await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_concurrency_limit_a_request_is_503_with_retry_after() {
    let mut demo = demo_state().await;
    limits(&mut demo, 0);
    demo.max_concurrent_requests = 1;
    let (entered, release) = (Arc::new(tokio::sync::Notify::new()), Arc::new(std::sync::Barrier::new(2)));
    let (signal, wait) = (entered.clone(), release.clone());
    on_ticket_insert(&demo, move || {
        signal.notify_one();
        wait.wait();
    })
    .await;
    let app = helpdesk_server::app(demo.state.clone(), None);
    let request = |method: &str, uri: &str, body: String| {
        let mut req = axum::http::Request::builder().method(method).uri(uri);
        for (k, v) in SUBSCRIBER_JSON {
            req = req.header(k, v);
        }
        req.body(axum::body::Body::from(body)).expect("request")
    };
    // One app, one semaphore for all its routes: the first request holds the only place.
    let first = tokio::spawn(tower::ServiceExt::oneshot(app.clone(), request("POST", "/api/v1/tickets", body())));
    entered.notified().await;
    let busy = tower::ServiceExt::oneshot(app.clone(), request("GET", "/api/v1/policy", String::new())).await;
    let busy = busy.expect("answer");
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(busy.headers()["retry-after"], "1");
    release.wait();
    let first = first.await.expect("task").expect("answer");
    assert_eq!(first.status(), StatusCode::CREATED);
}
