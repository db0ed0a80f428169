//! Over a real socket and a real SQLite file: concurrency of the zone limit, idempotent
//! duplicates in flight together, and durability of acknowledged tickets across `kill -9`.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::support::{STAFF_KEY, SUBSCRIBER, ServerProcess, demo_now, http};
use helpdesk_core::policy::Policy;
use helpdesk_server::store::SqliteStore;
use helpdesk_server::{AppState, ServerPolicy, Store, app, demo};
use serde_json::json;

/// A server over a SQLite file with the demo data and `max_tickets`, on port 0.
async fn serve(dir: &tempfile::TempDir, max_tickets: u32) -> (SocketAddr, SqliteStore) {
    let db = SqliteStore::open(&dir.path().join("helpdesk.db")).expect("store");
    let mut rules = Policy::default();
    rules.zone.max_tickets = max_tickets;
    let policy = Arc::new(ServerPolicy::new(rules).expect("policy"));
    demo::seed_if_empty(&Store::new(db.clone()), demo_now(), policy.clone()).await.expect("seed");
    let store = Store::new(db.clone());
    let state = AppState { staff_key: Some(Arc::from(STAFF_KEY)), demo: true, ..AppState::new(store, policy) };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = app(state.clone(), None);
    tokio::spawn(async move { axum::serve(listener, router).await });
    (addr, db)
}

async fn active_in_zone(db: &SqliteStore, zone: i64) -> i64 {
    db.call(move |c| {
        Ok(c.query_row("SELECT COUNT(*) FROM tickets WHERE zone_id = ?1 AND status = 1", [zone], |r| r.get(0))?)
    })
    .await
    .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_creates_never_exceed_the_zone_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let (addr, state) = serve(&dir, 10).await;
    // Zone 1 holds one open ticket in the demo data, so exactly 9 more fit.
    assert_eq!(active_in_zone(&state, 1).await, 1);
    let body = json!({"service_id": 200, "zone_id": 1, "subject": "No Tiene Internet", "description": "Sin señal"})
        .to_string();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let body = body.clone();
            tokio::spawn(async move {
                http(
                    addr,
                    "POST",
                    "/api/v1/tickets",
                    &[("X-API-Key", STAFF_KEY), ("Content-Type", "application/json")],
                    &body,
                )
                .await
            })
        })
        .collect();
    let mut created = 0;
    let mut limited = 0;
    for task in tasks {
        let (status, env) = task.await.expect("task");
        match (status, env["action"].as_str()) {
            (201, Some("ticket_created")) => created += 1,
            (200, Some("zone_ticket_limit_reached")) => {
                assert_eq!(env["data"]["max_tickets"], 10);
                limited += 1;
            }
            other => panic!("unexpected answer {other:?}: {env}"),
        }
    }
    assert_eq!((created, limited), (9, 41));
    assert_eq!(active_in_zone(&state, 1).await, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_duplicates_of_one_idempotency_key_open_one_ticket() {
    let dir = tempfile::tempdir().expect("dir");
    let (addr, state) = serve(&dir, 100).await;
    let before = active_in_zone(&state, 2).await;
    let body = json!({"subject": "Internet Intermitente", "description": "Doble clic"}).to_string();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let body = body.clone();
            tokio::spawn(async move {
                let headers = [
                    ("Authorization", SUBSCRIBER),
                    ("Content-Type", "application/json"),
                    ("Idempotency-Key", "double-click-1"),
                ];
                http(addr, "POST", "/api/v1/tickets", &headers, &body).await
            })
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for task in tasks {
        let (status, env) = task.await.expect("task");
        match status {
            201 => {
                ids.insert(env["data"]["ticket_id"].as_u64().expect("id"));
            }
            409 => assert!(env["message"].as_str().is_some_and(|m| m.contains("Idempotency-Key"))),
            other => panic!("unexpected {other}: {env}"),
        }
    }
    assert_eq!(ids.len(), 1, "every 201 names the same ticket");
    assert_eq!(active_in_zone(&state, 2).await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_tickets_survive_kill_9() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    let mut server = ServerProcess::start(&db, &["--max-tickets", "1000", "--max-tickets-per-service", "0"]).await;
    let addr = server.addr;
    let mut acknowledged = Vec::new();
    for i in 0..25 {
        let body =
            json!({"service_id": 100, "subject": "Internet Lento", "description": format!("ticket {i}")}).to_string();
        let (status, env) = http(
            addr,
            "POST",
            "/api/v1/tickets",
            &[("X-API-Key", STAFF_KEY), ("Content-Type", "application/json")],
            &body,
        )
        .await;
        assert_eq!(status, 201, "{env}");
        acknowledged.push(env["data"]["ticket_id"].as_u64().expect("id"));
    }
    server.kill_9();
    let mut server = ServerProcess::start(&db, &["--max-tickets", "1000", "--max-tickets-per-service", "0"]).await;
    let addr = server.addr;
    for id in acknowledged {
        let (status, env) = http(addr, "GET", &format!("/api/v1/tickets/{id}"), &[("X-API-Key", STAFF_KEY)], "").await;
        assert_eq!((status, env["action"].as_str()), (200, Some("ticket_found")), "ticket {id} lost: {env}");
    }
    server.kill_9();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_a_real_socket_no_endpoint_or_dialect_shows_another_subscribers_ticket() {
    let dir = tempfile::tempdir().expect("dir");
    let (addr, _state) = serve(&dir, 100).await;
    // A second subscriber (service 200, zone 1) with a real issued token.
    let (status, issued) = http(
        addr,
        "POST",
        "/api/v1/subscriber-tokens",
        &[("X-API-Key", STAFF_KEY), ("Content-Type", "application/json")],
        &json!({"service_id": 200}).to_string(),
    )
    .await;
    assert_eq!(status, 201);
    let other = format!("Bearer {}", issued["data"]["token"].as_str().expect("token"));
    let (_, theirs) = http(addr, "GET", "/api/v1/tickets", &[("Authorization", &other)], "").await;
    let foreign = theirs["data"]["tickets"][0]["ticket_id"].as_u64().expect("their ticket");
    let json_headers = [("Authorization", SUBSCRIBER), ("Content-Type", "application/json")];
    for (method, path) in [
        ("GET", format!("/api/v1/tickets/{foreign}")),
        ("GET", format!("/api/v1/tickets/{foreign}/thread")),
        ("POST", format!("/api/v1/tickets/{foreign}/replies")),
        ("POST", format!("/api/v1/tickets/{foreign}/close")),
    ] {
        let (status, env) = http(addr, method, &path, &json_headers, &json!({"message": "hola"}).to_string()).await;
        assert_eq!((status, env["action"].as_str()), (200, Some("ticket_not_found")), "{method} {path}");
    }
    let form = [("Authorization", SUBSCRIBER), ("Content-Type", "application/x-www-form-urlencoded")];
    for field in [format!("ticketid={foreign}"), format!("ticketnum={foreign:06}")] {
        let (_, body) = http(addr, "POST", "/api/v2/keliweb/get-ticket", &form, &field).await;
        assert_eq!(body["message"], "Ticket ID Not Found", "{field}");
    }
    let (_, mine) =
        http(addr, "GET", "/api/v1/subscriber/getCustomerTickets", &[("Authorization", SUBSCRIBER)], "").await;
    assert!(mine["data"].as_array().expect("list").iter().all(|t| t["ticket_id"] != foreign));
    let (status, _) = http(addr, "GET", "/api/v1/tickets?service_id=200", &[("Authorization", SUBSCRIBER)], "").await;
    assert_eq!(status, 403);
    let (status, _) = http(addr, "GET", "/api/v1/tickets/zone-blocked/1", &[("Authorization", SUBSCRIBER)], "").await;
    assert_eq!(status, 403);
    // And the ticket is untouched: still open, no new message.
    let (_, after) =
        http(addr, "GET", &format!("/api/v1/tickets/{foreign}/thread"), &[("Authorization", &other)], "").await;
    assert_eq!(after["data"]["ticket"]["status_ticket"], "Abierto");
    assert_eq!(after["data"]["messages"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_database_of_an_older_schema_is_upgraded_in_place() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("old.db");
    // A database as the first schema version left it: today's, minus what versions 2 to 12 added.
    drop(SqliteStore::open(&path).expect("create"));
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(
            "DROP TABLE idempotency_keys;
             DROP INDEX tickets_by_service_status;
             DROP TABLE technicians;
             DROP TABLE outbox;
             DROP TABLE mirror;
             DROP TABLE reply_outbox;
             DROP INDEX messages_by_reference;
             ALTER TABLE messages DROP COLUMN reference;
             DROP INDEX tickets_by_upstream_number;
             ALTER TABLE tickets DROP COLUMN upstream_number;
             DROP INDEX tickets_by_upstream;
             DROP INDEX messages_by_upstream;
             ALTER TABLE tickets DROP COLUMN upstream_id;
             ALTER TABLE tickets DROP COLUMN synced_at;
             ALTER TABLE tickets DROP COLUMN seen_in;
             ALTER TABLE messages DROP COLUMN upstream_id;
             DROP TABLE photo_outbox;
             DROP TABLE photos;
             DROP TABLE outage_reports;
             DROP TABLE outages;
             DROP TABLE webhook_deliveries;
             DROP TABLE events;
             ALTER TABLE tickets DROP COLUMN staff_activity;
             ALTER TABLE tickets DROP COLUMN seen_activity;
             INSERT INTO zones VALUES (9, 'Sur');
             INSERT INTO services VALUES (90, 9, 'Dora', 12);
             PRAGMA user_version = 1;",
        )
        .expect("old schema");
    }
    let store = SqliteStore::open(&path).expect("upgraded");
    let version: i64 = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(store.call(|c| {
            let zone: String = c.query_row("SELECT name FROM zones WHERE id = 9", [], |r| r.get(0))?;
            assert_eq!(zone, "Sur", "data kept across the upgrade");
            c.query_row("SELECT COUNT(*) FROM idempotency_keys", [], |r| r.get::<_, i64>(0))?;
            c.query_row("SELECT COUNT(*) FROM photo_outbox", [], |r| r.get::<_, i64>(0))?;
            let technician: String = c.query_row("SELECT name FROM technicians WHERE id = 12", [], |r| r.get(0))?;
            assert_eq!(technician, "Technician 12", "the services' technicians exist after the upgrade");
            Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?)
        }))
        .expect("query");
    assert_eq!(version, 12);
}
