//! One `Idempotency-Key`, one ticket: whatever happens to the request that first carried it
//! (its client gone, its server killed, or just slow), every retry replays that ticket.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};

use axum::http::StatusCode;
use helpdesk_core::{PriorityLevel, StatusKind};
use helpdesk_server::ServerPolicy;
use helpdesk_server::store::{Created, IdempotencyBegin, IdempotencyKey, Keyed, NewTicket, StoredAnswer};
use serde_json::json;
use tokio::sync::Notify;

use crate::support::{
    Demo, STAFF_JSON, SUBSCRIBER_JSON, ServerProcess, demo_state, http, on_ticket_insert, send_and_leave, send_full,
    ticket_count, try_http,
};

/// At the store's first ticket insert (inside its transaction): signal `inserted`, then hold
/// the transaction until the test passes the returned barrier.
async fn pause_first_insert(demo: &Demo) -> (Arc<Notify>, Arc<Barrier>) {
    let (inserted, release) = (Arc::new(Notify::new()), Arc::new(Barrier::new(2)));
    let (signal, hold, armed) = (inserted.clone(), release.clone(), AtomicBool::new(true));
    on_ticket_insert(demo, move || {
        if armed.swap(false, Ordering::SeqCst) {
            signal.notify_one();
            hold.wait();
        }
    })
    .await;
    (inserted, release)
}

/// Room in every zone, so that a second ticket would be created, not refused.
fn roomy(demo: &mut Demo) {
    let mut rules = demo.policy.rules.clone();
    rules.zone.max_tickets = 100;
    demo.policy = Arc::new(ServerPolicy::new(rules).expect("policy"));
}

fn body() -> String {
    json!({"subject": "Internet Lento", "description": "Lento desde ayer"}).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_whose_client_leaves_after_the_insert_is_replayed_not_repeated() {
    let mut demo = demo_state().await;
    // Retries need not wait: a claim with no answer is taken over at once.
    demo.in_flight_stale = chrono::Duration::zero();
    roomy(&mut demo);
    let (inserted, release) = pause_first_insert(&demo).await;
    let before = ticket_count(&demo).await;
    let headers = [SUBSCRIBER_JSON[0], SUBSCRIBER_JSON[1], ("idempotency-key", "leaves-after-insert")];

    // The client goes away while the ticket is being inserted.
    let first = send_full(&demo, "POST", "/api/v1/tickets", &headers, body());
    tokio::select! {
        () = inserted.notified() => {}
        (status, _, env) = first => panic!("answered before the insert: {status} {env}"),
    }
    release.wait();

    // Its retries, as a client does them: until the answer is not "in flight".
    let mut answer = None;
    for _ in 0..100 {
        let (status, headers, env) = send_full(&demo, "POST", "/api/v1/tickets", &headers, body()).await;
        if status != StatusCode::CONFLICT {
            answer = Some((status, headers, env));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (status, headers, env) = answer.expect("the retry gets an answer, not 409 for ever");
    assert_eq!(status, StatusCode::CREATED, "{env}");
    assert_eq!(headers.get("idempotent-replayed").map(|v| v.as_bytes()), Some(&b"true"[..]), "{env}");
    assert_eq!(ticket_count(&demo).await, before + 1, "one key, one ticket");
}

/// A ticket for the demo subscriber's service (100, zone 2).
fn new_ticket() -> NewTicket {
    NewTicket {
        service_id: 100,
        zone_id: 2,
        technician_id: 5,
        subject: "Internet Lento".into(),
        priority: PriorityLevel::Normal,
        description: "Lento".into(),
        status: StatusKind::Open,
        created_at: crate::support::demo_now(),
        end_date: None,
        deliver_as: None,
    }
}

/// The key's answer: the created ticket's id.
fn keyed(key: &IdempotencyKey) -> Keyed {
    Keyed {
        key: key.clone(),
        answer: Box::new(|created| match created {
            Created::Ticket(t) => Ok(StoredAnswer { status: 201, body: t.id.to_string() }),
            other => Err(format!("unexpected {other:?}")),
        }),
    }
}

#[tokio::test]
async fn a_first_request_slower_than_the_stale_window_and_its_retry_open_one_ticket() {
    let mut demo = demo_state().await;
    roomy(&mut demo);
    let store = &demo.store;
    let key = IdempotencyKey { scope: "service:100".into(), key: "slow".into(), request_hash: "h".into() };
    let stale = chrono::Duration::seconds(60);
    let t0 = chrono::Utc::now();
    let begin = |at| store.idempotency_begin(key.clone(), at, stale);
    let before = ticket_count(&demo).await;

    assert_eq!(begin(t0).await.expect("begin"), IdempotencyBegin::Fresh, "the first request claims the key");
    let in_window = begin(t0 + chrono::Duration::seconds(30)).await.expect("begin");
    assert_eq!(in_window, IdempotencyBegin::InFlight, "a retry within the window waits");
    let late = begin(t0 + chrono::Duration::seconds(61)).await.expect("begin");
    assert_eq!(late, IdempotencyBegin::Fresh, "a retry after the window takes the claim over");

    // The retry creates; the slow first request, arriving at its insert afterwards, replays.
    let retry = store.create_ticket(new_ticket(), demo.policy.clone(), Some(keyed(&key))).await.expect("create");
    let Created::Ticket(ticket) = retry else { panic!("the retry creates: {retry:?}") };
    let first = store.create_ticket(new_ticket(), demo.policy.clone(), Some(keyed(&key))).await.expect("create");
    assert_eq!(first, Created::Replayed(StoredAnswer { status: 201, body: ticket.id.to_string() }));
    assert_eq!(ticket_count(&demo).await, before + 1, "one key, one ticket");

    // And any later request with the key replays that answer.
    let again = begin(t0 + chrono::Duration::seconds(90)).await.expect("begin");
    assert_eq!(again, IdempotencyBegin::Replay(StoredAnswer { status: 201, body: ticket.id.to_string() }));
}

/// A keyed staff create whose description is its key, for service `100`, `101` or `200`.
fn keyed_create(n: usize) -> (String, String) {
    let key = format!("key-{n}");
    let service = [100, 101, 200][n % 3];
    (key.clone(), json!({"service_id": service, "subject": "Internet Lento", "description": key}).to_string())
}

/// Retry `n`'s create until it is answered (not 409, not a refused connection): its status.
async fn retry_until_answered(addr: std::net::SocketAddr, n: usize) -> u16 {
    let (key, body) = keyed_create(n);
    let headers = [STAFF_JSON[0], STAFF_JSON[1], ("idempotency-key", key.as_str())];
    for _ in 0..200 {
        match try_http(addr, "POST", "/api/v1/tickets", &headers, &body).await {
            Ok((409, _)) | Err(_) => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            Ok((status, _)) => return status,
        }
    }
    panic!("{key}: no answer but 409");
}

/// How many tickets each description has, in the database file `db` (the server stopped).
fn tickets_per_description(db: &std::path::Path) -> std::collections::BTreeMap<String, i64> {
    let c = rusqlite::Connection::open(db).expect("open");
    let mut stmt = c.prepare("SELECT description, COUNT(*) FROM tickets GROUP BY description").expect("query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("rows").collect::<Result<_, _>>().expect("rows")
}

/// Flags of a server with room for every create and a stale window of one second.
const ROOMY: [&str; 6] =
    ["--max-tickets", "100000", "--max-tickets-per-service", "0", "--idempotency-stale-seconds", "1"];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn keyed_creates_cut_by_kill_9_then_retried_open_one_ticket_per_key() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    let (cycles, per_cycle) = (5, 60);
    for cycle in 0..cycles {
        let mut server = ServerProcess::start(&db, &ROOMY).await;
        let addr = server.addr;
        let sent: Vec<_> = (cycle * per_cycle..(cycle + 1) * per_cycle)
            .map(|n| {
                tokio::spawn(async move {
                    let (key, body) = keyed_create(n);
                    let headers = [STAFF_JSON[0], STAFF_JSON[1], ("idempotency-key", key.as_str())];
                    try_http(addr, "POST", "/api/v1/tickets", &headers, &body).await.ok()
                })
            })
            .collect();
        // Killed while its creates are under way, at another moment each cycle.
        tokio::time::sleep(std::time::Duration::from_millis(10 + 15 * cycle as u64)).await;
        server.kill_9();
        for s in sent {
            s.await.expect("task");
        }
    }
    let server = ServerProcess::start(&db, &ROOMY).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await; // past the stale window
    for n in 0..cycles * per_cycle {
        assert_eq!(retry_until_answered(server.addr, n).await, 201, "key-{n}");
    }
    drop(server);
    let counts = tickets_per_description(&db);
    let twice: Vec<_> = counts.iter().filter(|(d, c)| d.starts_with("key-") && **c > 1).collect();
    assert!(twice.is_empty(), "keys that opened a second ticket: {twice:?}");
    assert_eq!(counts.keys().filter(|d| d.starts_with("key-")).count(), cycles * per_cycle);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_keyed_creates_a_tenth_of_whose_clients_hang_up_open_one_ticket_per_key() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    let server = ServerProcess::start(&db, &ROOMY).await;
    let addr = server.addr;
    let sent: Vec<_> = (0..200)
        .map(|n| {
            tokio::spawn(async move {
                let (key, body) = keyed_create(n);
                let headers = [STAFF_JSON[0], STAFF_JSON[1], ("idempotency-key", key.as_str())];
                if n % 10 == 0 {
                    send_and_leave(addr, "POST", "/api/v1/tickets", &headers, &body).await;
                } else {
                    let (status, env) = http(addr, "POST", "/api/v1/tickets", &headers, &body).await;
                    assert_eq!(status, 201, "{key}: {env}");
                }
            })
        })
        .collect();
    for s in sent {
        s.await.expect("a client that stayed got its ticket");
    }
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await; // past the stale window
    for n in 0..200 {
        assert_eq!(retry_until_answered(addr, n).await, 201, "key-{n}");
    }
    drop(server);
    let counts = tickets_per_description(&db);
    let keyed: Vec<_> = counts.iter().filter(|(d, _)| d.starts_with("key-")).collect();
    assert_eq!(keyed.len(), 200, "one ticket per key");
    assert!(keyed.iter().all(|(_, c)| **c == 1), "no key opened two: {keyed:?}");
}
