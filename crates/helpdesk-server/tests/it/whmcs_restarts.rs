//! The gateway binary in front of the simulated WHMCS shop, killed with `kill -9` while it
//! opens tickets and while it delivers replies, WHMCS dropping a third of its answers after
//! committing: every acknowledged open and reply is in WHMCS exactly once.

use std::time::Duration;

use serde_json::json;
use whmcs_sim::{Fault, Rule, Sim};

use crate::support::{STAFF_KEY, ServerProcess, http, try_http};

async fn shop() -> (Sim, String) {
    let sim = Sim::demo("restart-identifier", "restart-secret-0123");
    for action in ["OpenTicket", "AddTicketReply"] {
        let route = format!("POST /includes/api.php {action}");
        sim.faults.add(Rule { route, fault: Fault::DropAfterCommit, times: None, every: Some(3) });
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sim.clone().serve(listener));
    (sim, base)
}

/// A keyed staff open for client 1 whose message names its key.
async fn keyed_open(addr: std::net::SocketAddr, n: usize) -> Option<u16> {
    let key = format!("wh-{n}");
    let body = json!({"service_id": 1, "subject": "Internet Lento", "description": key}).to_string();
    let headers = [("X-API-Key", STAFF_KEY), ("Content-Type", "application/json"), ("Idempotency-Key", key.as_str())];
    try_http(addr, "POST", "/api/v1/tickets", &headers, &body).await.ok().map(|(status, _)| status)
}

/// Wait (at most 60 s) until `done` holds.
async fn until(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn opens_and_replies_reach_whmcs_once_each_through_lost_answers_and_kill_9() {
    let (sim, base) = shop().await;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("gateway.db");
    let args = [
        "--upstream",
        "whmcs",
        "--upstream-url",
        &base,
        "--whmcs-identifier",
        "restart-identifier",
        "--whmcs-secret",
        "restart-secret-0123",
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
        "--rate-limit-per-minute",
        "0",
    ];
    // Opens: a batch cut by kill -9, then every key retried until answered.
    let total = 40;
    let mut server = ServerProcess::start(&db, &args).await;
    let addr = server.addr;
    let sent: Vec<_> = (0..total).map(|n| tokio::spawn(keyed_open(addr, n))).collect();
    tokio::time::sleep(Duration::from_millis(150)).await;
    server.kill_9();
    for s in sent {
        s.await.expect("task");
    }
    let server = ServerProcess::start(&db, &args).await;
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    for n in 0..total {
        let answered = crate::support::until_answered(|| keyed_open(server.addr, n)).await;
        assert_eq!(answered, Some(201), "wh-{n}");
    }
    until("every open in WHMCS", || sim.state().tickets.len() >= total).await;

    // Replies by the client's subscriber to its first ticket, cut by kill -9 mid-way.
    let staff = [("X-API-Key", STAFF_KEY), ("Content-Type", "application/json")];
    let (_, issued) =
        http(server.addr, "POST", "/api/v1/subscriber-tokens", &staff, &json!({"service_id": 1}).to_string()).await;
    let bearer = format!("Bearer {}", issued["data"]["token"].as_str().expect("token"));
    let subscriber = [("Authorization", bearer.as_str()), ("Content-Type", "application/json")];
    let (_, list) = http(server.addr, "GET", "/api/v1/tickets?per_page=1", &subscriber, "").await;
    let local = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("a ticket");
    let path = format!("/api/v1/tickets/{local}/replies");
    let mut server = server;
    let mut acknowledged = Vec::new();
    for i in 0..30 {
        if i == 15 {
            server.kill_9();
            server = ServerProcess::start(&db, &args).await;
        }
        let text = format!("respuesta {i}");
        if let Ok((200, _)) =
            try_http(server.addr, "POST", &path, &subscriber, &json!({ "message": text }).to_string()).await
        {
            acknowledged.push(text);
        }
    }
    let replies = |sim: &Sim| -> Vec<String> {
        let s = sim.state();
        s.tickets
            .iter()
            .flat_map(|t| t.replies.iter().skip(1))
            .map(|r| r.message.split("\n\n").next().unwrap_or_default().to_owned())
            .collect()
    };
    until("every acknowledged reply in WHMCS", || acknowledged.iter().all(|a| replies(&sim).contains(a))).await;
    tokio::time::sleep(Duration::from_secs(3)).await; // a late duplicate would show by now
    drop(server);
    let seen = replies(&sim);
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for r in &seen {
        *counts.entry(r.as_str()).or_default() += 1;
    }
    assert!(counts.values().all(|n| *n == 1), "a reply twice in WHMCS: {counts:?}");
    assert_eq!(acknowledged.len(), 30, "every reply acknowledged (one server at a time)");
    let mut per_key = std::collections::BTreeMap::<String, usize>::new();
    for t in &sim.state().tickets {
        *per_key.entry(t.replies[0].message.split("\n\n").next().unwrap_or_default().to_owned()).or_default() += 1;
    }
    assert_eq!(per_key.len(), total, "every acknowledged open is in WHMCS");
    assert!(per_key.values().all(|n| *n == 1), "an open twice in WHMCS: {per_key:?}");
}
