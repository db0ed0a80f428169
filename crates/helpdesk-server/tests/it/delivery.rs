//! Tickets delivered to the simulated WispHub through the outbox, exactly once, while
//! WispHub drops answers after committing and fails.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use helpdesk_server::delivery::{Pass, deliver_due};
use helpdesk_server::upstream::wisphub::WispHub;
use helpdesk_server::{AppState, ServerPolicy, Store};
use serde_json::{Value, json};
use wisphub_sim::{Fault, Rule, Sim};

use crate::support::{STAFF_JSON, STAFF_KEY, send};

const KEY: &str = "wisphub-delivery-key-0123";

/// A simulated WispHub on a loopback port, and its base URL.
async fn simulated() -> (Sim, String) {
    let sim = Sim::demo(KEY);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sim.clone().serve(listener));
    (sim, base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ticket_reaches_wisphub_once_though_a_third_of_the_answers_are_lost() {
    let (sim, base) = simulated().await;
    let wisphub = WispHub::new(&base, KEY, Duration::from_millis(500)).expect("client");

    let db = helpdesk_server::store::SqliteStore::in_memory().expect("store");
    let mut rules = helpdesk_core::policy::Policy::default();
    rules.zone.max_tickets = 1_000;
    let policy = Arc::new(ServerPolicy::new(rules).expect("policy"));
    helpdesk_server::demo::seed_if_empty(&Store::new(db.clone()), crate::support::demo_now(), policy.clone())
        .await
        .expect("seed");
    let store = Store::new(db.clone());
    let state = AppState {
        staff_key: Some(Arc::from(STAFF_KEY)),
        upstream: Some(Arc::new(helpdesk_server::mirror::Gateway::new(wisphub.clone()))),
        ..AppState::new(store.clone(), policy)
    };

    // Every third create is committed in WispHub and its answer lost; some fail outright.
    sim.faults.add(Rule {
        route: "POST /api/tickets/".into(),
        fault: Fault::DropAfterCommit,
        times: None,
        every: Some(3),
    });
    sim.faults.add(Rule { route: "POST /api/tickets/".into(), fault: Fault::Error500, times: Some(5), every: None });
    for i in 0..60 {
        let service = [100, 101, 200][i % 3];
        let body = json!({"service_id": service, "subject": "Internet Lento", "description": format!("caso {i}")});
        let (status, env) = send(&state, "POST", "/api/v1/tickets", &STAFF_JSON, body.to_string()).await;
        assert_eq!(status, StatusCode::CREATED, "{env}");
    }

    // Before any delivery the subscriber's ticket says it is on its way.
    let last = |state: &AppState| {
        let state = state.clone();
        async move {
            let (_, list) = crate::support::call(&state, "GET", "/api/v1/tickets?service_id=200", &STAFF_JSON).await;
            list["data"]["tickets"][0]["back_office_ticket"].clone()
        }
    };
    assert_eq!(last(&state).await, json!("pending"));

    // Passes as the background worker makes them, without waiting out the backoff.
    let mut total = Pass::default();
    let mut later = chrono::Utc::now();
    for _ in 0..40 {
        let pass = deliver_due(&state.store, &wisphub, later, 100, Duration::from_secs(10)).await.expect("pass");
        (total.sent, total.adopted, total.failed) =
            (total.sent + pass.sent, total.adopted + pass.adopted, total.failed + pass.failed);
        if state.store.outbox_depth().await.expect("depth").0 == 0 {
            break;
        }
        later += chrono::Duration::hours(1);
    }
    assert_eq!(state.store.outbox_depth().await.expect("depth").0, 0, "every delivery done: {total:?}");
    assert!(total.adopted > 0 && total.failed > 0, "the faults struck: {total:?}");
    assert!(last(&state).await.as_i64().is_some_and(|n| n > 0), "then WispHub's number");

    // WispHub holds exactly one ticket per local ticket, and each local ticket knows its number.
    let upstream: Vec<Value> =
        sim.state().tickets.iter().map(|t| json!({"id": t.id, "descripcion": t.descripcion})).collect();
    assert_eq!(upstream.len(), 60, "{total:?}");
    let numbers: Vec<(i64, Option<i64>)> = db
        .call(|c| {
            let mut stmt =
                c.prepare("SELECT id, upstream_id FROM tickets WHERE description LIKE 'caso %' ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
        .expect("numbers");
    assert_eq!(numbers.len(), 60);
    let mut seen = std::collections::BTreeSet::new();
    for (local, number) in numbers {
        let number = number.unwrap_or_else(|| panic!("ticket {local} has no WispHub number"));
        assert!(seen.insert(number), "two local tickets share WispHub's {number}");
        let theirs = upstream.iter().find(|t| t["id"] == number).expect("in WispHub");
        assert!(theirs["descripcion"].as_str().is_some_and(|d| d.contains("[helpdesk ")), "{theirs}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_in_front_of_wisphub_delivers_in_the_background_and_never_logs_the_key() {
    let (sim, base) = simulated().await;
    let base = format!("{base}/api/");
    // The first two creates are lost after WispHub committed them.
    sim.faults.add(Rule {
        route: "POST /api/tickets/".into(),
        fault: Fault::DropAfterCommit,
        times: Some(2),
        every: None,
    });
    let dir = tempfile::tempdir().expect("dir");
    let log = dir.path().join("server.log");
    let server = crate::support::ServerProcess::start_logging(
        &dir.path().join("helpdesk.db"),
        &[
            "--upstream",
            "wisphub",
            "--upstream-url",
            &base,
            "--upstream-key",
            KEY,
            "--delivery-interval-seconds",
            "1",
            "--upstream-requests-per-second",
            "0",
        ],
        Some(&log),
    )
    .await;
    let body = json!({"service_id": 200, "subject": "No Tiene Internet", "description": "Sin servicio"}).to_string();
    let headers = [("X-API-Key", STAFF_KEY), ("Content-Type", "application/json")];
    let (status, env) = crate::support::http(server.addr, "POST", "/api/v1/tickets", &headers, &body).await;
    assert_eq!(status, 201, "{env}");
    // The worker's passes: a send whose answer is lost, another, then an adoption.
    for _ in 0..100 {
        if delivered(&log) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(server);
    assert_eq!(sim.state().tickets.len(), 1, "one ticket in WispHub: {}", log_text(&log));
    assert!(delivered(&log), "the lost answer was adopted: {}", log_text(&log));
    assert!(!log_text(&log).contains(KEY), "the key is in the log");
}

fn log_text(log: &std::path::Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

fn delivered(log: &std::path::Path) -> bool {
    log_text(log).contains("adopted a ticket an earlier attempt created")
}

/// A keyed staff create whose description names its key.
async fn keyed_create(addr: std::net::SocketAddr, n: usize) -> Option<u16> {
    let key = format!("gw-{n}");
    let service = [100, 101, 200][n % 3];
    let body = json!({"service_id": service, "subject": "Internet Lento", "description": key}).to_string();
    let headers = [("X-API-Key", STAFF_KEY), ("Content-Type", "application/json"), ("Idempotency-Key", key.as_str())];
    crate::support::try_http(addr, "POST", "/api/v1/tickets", &headers, &body).await.ok().map(|(status, _)| status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_creates_reach_wisphub_once_each_through_lost_answers_and_two_kill_9() {
    let (sim, base) = simulated().await;
    let base = format!("{base}/api/");
    sim.faults.add(Rule {
        route: "POST /api/tickets/".into(),
        fault: Fault::DropAfterCommit,
        times: None,
        every: Some(3),
    });
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("helpdesk.db");
    let args = [
        "--upstream",
        "wisphub",
        "--upstream-url",
        &base,
        "--upstream-key",
        KEY,
        "--upstream-timeout-seconds",
        "2",
        "--delivery-interval-seconds",
        "1",
        "--upstream-requests-per-second",
        "0",
        "--idempotency-stale-seconds",
        "1",
        "--max-tickets",
        "100000",
        "--max-tickets-per-service",
        "0",
    ];
    let (total, batches) = (500, 5);
    for batch in 0..batches {
        let mut server = crate::support::ServerProcess::start(&db, &args).await;
        let addr = server.addr;
        let sent: Vec<_> = (batch * total / batches..(batch + 1) * total / batches)
            .map(|n| tokio::spawn(keyed_create(addr, n)))
            .collect();
        // Two of the five batches end in kill -9 while their creates and deliveries run.
        if batch == 1 || batch == 3 {
            tokio::time::sleep(Duration::from_millis(150)).await;
            server.kill_9();
        }
        for s in sent {
            s.await.expect("task");
        }
    }
    // Every key retried until answered, as clients do; then the deliveries drain.
    let server = crate::support::ServerProcess::start(&db, &args).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    for n in 0..total {
        let answered = crate::support::until_answered(|| keyed_create(server.addr, n)).await;
        assert_eq!(answered, Some(201), "gw-{n}");
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    while sim.state().tickets.len() < total && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await; // a late duplicate would show by now
    drop(server);
    let mut per_key = std::collections::BTreeMap::<String, usize>::new();
    for t in &sim.state().tickets {
        let key = t.descripcion.split("\n\n").next().unwrap_or_default().to_owned();
        *per_key.entry(key).or_default() += 1;
    }
    let twice: Vec<_> = per_key.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "opened twice in WispHub: {twice:?}");
    assert_eq!(per_key.len(), total, "every acknowledged create is in WispHub");
}

#[tokio::test]
async fn health_tells_staff_the_outbox_and_whether_wisphub_takes_the_key() {
    let (sim, base) = simulated().await;
    let mut demo = crate::support::demo_state().await;
    let (_, standalone) = crate::support::call(&demo, "GET", "/api/v1/health", &STAFF_JSON).await;
    assert_eq!((&standalone["data"]["status"], &standalone["data"]["upstream"]), (&json!("ok"), &Value::Null));

    demo.upstream = Some(Arc::new(helpdesk_server::mirror::Gateway::new(
        WispHub::new(&base, KEY, Duration::from_secs(1)).expect("client"),
    )));
    let body = json!({"service_id": 200, "subject": "Internet Lento", "description": "x"}).to_string();
    let (status, _) = send(&demo, "POST", "/api/v1/tickets", &STAFF_JSON, body).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, env) = crate::support::call(&demo, "GET", "/api/v1/health", &STAFF_JSON).await;
    assert_eq!(status, StatusCode::OK);
    crate::support::assert_envelope(&env, "health");
    let data = &env["data"];
    assert_eq!((&data["status"], &data["outbox"]["depth"]), (&json!("ok"), &json!(1)), "{env}");
    assert_eq!((&data["upstream"]["reachable"], &data["upstream"]["key_accepted"]), (&json!(true), &json!(true)));

    sim.faults.add(Rule { route: "GET /api/zonas/".into(), fault: Fault::Forbidden, times: Some(2), every: None });
    let (_, env) = crate::support::call(&demo, "GET", "/api/v1/health", &STAFF_JSON).await;
    assert_eq!((&env["data"]["status"], &env["data"]["upstream"]["key_accepted"]), (&json!("degraded"), &json!(false)));
    assert!(env["data"]["upstream"]["error"].as_str().is_some_and(|e| e.contains("403")), "{env}");
    let (_, anyone) = crate::support::call(&demo, "GET", "/api/v1/health", &[]).await;
    assert_eq!(anyone["data"], json!({"status": "degraded"}), "details are for staff");
}
