//! Several helpdesk-server processes on one PostgreSQL database, clients spread over them,
//! as behind a load balancer: the zone limit stays exact, one idempotency key opens one
//! ticket whichever instance its retry reaches (the first one dead or not), a revocation
//! holds on every instance, an instance killed with `kill -9` loses no acknowledged ticket,
//! and connections the database drops are answered 503, never 500. Each test has a database
//! of its own on the server `HELPDESK_TEST_POSTGRES` names (`cargo xtask test` starts one);
//! without it they say so and check nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use helpdesk_server::store::{PgStore, Store};
use serde_json::json;
use tokio_postgres::NoTls;

use crate::support::{STAFF_JSON, STAFF_KEY, ServerProcess, http, try_http};

/// The instances and a connection of the test's own to their database.
struct Cluster {
    servers: Vec<ServerProcess>,
    db: tokio_postgres::Client,
}

impl Cluster {
    /// The instance that the `n`th request goes to (round robin).
    fn addr(&self, n: usize) -> SocketAddr {
        self.servers[n % self.servers.len()].addr
    }

    /// `(description, count)` of every ticket.
    async fn tickets_per_description(&self) -> BTreeMap<String, i64> {
        let rows = self.db.query("SELECT description, COUNT(*) FROM tickets GROUP BY description", &[]).await;
        rows.expect("count").iter().map(|r| (r.get(0), r.get(1))).collect()
    }
}

/// `instances` servers with `args` on a new database seeded with `zones` zones of
/// `per_zone` services each (as the conformance suite seeds them), or `None` without a
/// PostgreSQL to test on.
async fn cluster(instances: usize, zones: i64, per_zone: i64, args: &[&str]) -> Option<Cluster> {
    let Ok(base) = std::env::var("HELPDESK_TEST_POSTGRES") else {
        eprintln!("multi-instance: HELPDESK_TEST_POSTGRES is not set; nothing checked (cargo xtask test sets it)");
        return None;
    };
    let name = format!("mi_{}", helpdesk_server::secret::random_token().expect("random").get(..16).unwrap_or("x"));
    let name = name.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let (admin, connection) = tokio_postgres::connect(&base, NoTls).await.expect("postgres");
    tokio::spawn(connection);
    admin.batch_execute(&format!("CREATE DATABASE {name}")).await.expect("create database");
    let url = database_url(&base, &name);
    crate::conformance::seed(&Store::new(PgStore::connect(&url).await.expect("schema")), zones, per_zone).await;
    let mut servers = Vec::new();
    for _ in 0..instances {
        servers.push(ServerProcess::start(&url, args).await);
    }
    let (db, connection) = tokio_postgres::connect(&url, NoTls).await.expect("postgres");
    tokio::spawn(connection);
    Some(Cluster { servers, db })
}

/// `base` (a `postgres://` URL) with its database replaced by `name`.
fn database_url(base: &str, name: &str) -> String {
    let (base, query) = base.split_once('?').map_or((base, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let server = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    query.map_or_else(|| format!("{server}/{name}"), |q| format!("{server}/{name}?{q}"))
}

/// A staff create for `service_id` with `description`.
fn create(service_id: i64, description: &str) -> String {
    json!({"service_id": service_id, "subject": "Internet Lento", "description": description}).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_creates_over_three_instances_fill_each_zone_to_exactly_its_limit_twenty_times() {
    let (rounds, zones_per_round, per_zone) = (20_i64, 20_i64, 15_i64);
    let flags = ["--max-tickets", "3", "--max-tickets-per-service", "0", "--rate-limit-per-minute", "0"];
    let Some(cluster) = cluster(3, rounds * zones_per_round, per_zone, &flags).await else { return };
    let cluster = std::sync::Arc::new(cluster);
    for round in 0..rounds {
        let zones: Vec<i64> = (round * zones_per_round + 1..=(round + 1) * zones_per_round).collect();
        let requests: Vec<_> = zones.iter().flat_map(|z| (1..=per_zone).map(move |s| z * 100 + s)).collect();
        let sent: Vec<_> = requests
            .into_iter()
            .enumerate()
            .map(|(n, service)| {
                let addr = cluster.addr(n);
                tokio::spawn(async move {
                    http(addr, "POST", "/api/v1/tickets", &STAFF_JSON, &create(service, &format!("r{round}"))).await
                })
            })
            .collect();
        let mut outcomes = BTreeMap::<(u16, String), usize>::new();
        for s in sent {
            let (status, env) = s.await.expect("client");
            *outcomes.entry((status, env["action"].as_str().unwrap_or("?").to_owned())).or_default() += 1;
        }
        let expected_created = usize::try_from(zones_per_round * 3).expect("small");
        let expected = BTreeMap::from([
            ((201, "ticket_created".to_owned()), expected_created),
            ((200, "zone_ticket_limit_reached".to_owned()), 300 - expected_created),
        ]);
        assert_eq!(outcomes, expected, "round {round}: every create answered, none in error");
        let rows = cluster
            .db
            .query("SELECT zone_id, COUNT(*) FROM tickets WHERE zone_id = ANY($1) GROUP BY zone_id", &[&zones])
            .await
            .expect("count");
        let per_zone_count: BTreeMap<i64, i64> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        assert_eq!(per_zone_count, zones.iter().map(|z| (*z, 3)).collect(), "round {round}: 3 in every zone");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_keyed_create_retried_on_another_instance_is_replayed_and_a_revocation_holds_on_every_instance() {
    let flags = ["--rate-limit-per-minute", "0"];
    let Some(cluster) = cluster(3, 2, 5, &flags).await else { return };
    let body = create(101, "keyed once");
    let keyed = [STAFF_JSON[0], STAFF_JSON[1], ("idempotency-key", "multi-instance-1")];
    let (status, first) = http(cluster.addr(0), "POST", "/api/v1/tickets", &keyed, &body).await;
    assert_eq!(status, 201, "{first}");
    let (status, again) = http(cluster.addr(1), "POST", "/api/v1/tickets", &keyed, &body).await;
    assert_eq!((status, &again["data"]), (201, &first["data"]), "the retry on instance 2 replays the first answer");
    let (status, other) = http(cluster.addr(2), "POST", "/api/v1/tickets", &keyed, &create(102, "another")).await;
    assert_eq!(status, 409, "the key with another body, on instance 3: {other}");
    assert_eq!(cluster.tickets_per_description().await.get("keyed once"), Some(&1));

    let issue = json!({"service_id": 101}).to_string();
    let (status, token) = http(cluster.addr(0), "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, &issue).await;
    assert_eq!(status, 201, "{token}");
    let bearer = format!("Bearer {}", token["data"]["token"].as_str().expect("token"));
    let list = |n: usize| {
        let (addr, bearer) = (cluster.addr(n), bearer.clone());
        async move { http(addr, "GET", "/api/v1/tickets", &[("authorization", &bearer)], "").await.0 }
    };
    assert_eq!((list(0).await, list(1).await, list(2).await), (200, 200, 200), "the token works everywhere");
    let id = token["data"]["token_id"].as_str().expect("token_id");
    let path = format!("/api/v1/subscriber-tokens/{id}");
    let (status, revoked) = http(cluster.addr(1), "DELETE", &path, &[("x-api-key", STAFF_KEY)], "").await;
    assert_eq!((status, &revoked["data"]["revoked"]), (200, &json!(1)), "{revoked}");
    assert_eq!((list(0).await, list(1).await, list(2).await), (401, 401, 401), "revoked on every instance at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_instance_killed_mid_load_loses_no_acknowledged_ticket_and_its_keys_open_one_ticket_elsewhere() {
    let flags = [
        "--max-tickets",
        "100000",
        "--max-tickets-per-service",
        "0",
        "--rate-limit-per-minute",
        "0",
        "--idempotency-stale-seconds",
        "1",
    ];
    let Some(mut cluster) = cluster(3, 3, 10, &flags).await else { return };
    let addrs: Vec<_> = (0..3).map(|n| cluster.addr(n)).collect();
    let keyed = |n: usize| {
        (format!("load-{n}"), create(101 + i64::try_from(n % 3).expect("small") * 100, &format!("load-{n}")))
    };
    let sent: Vec<_> = (0..300)
        .map(|n| {
            let addr = addrs[n % 3];
            let (key, body) = keyed(n);
            tokio::spawn(async move {
                let headers = [STAFF_JSON[0], STAFF_JSON[1], ("idempotency-key", key.as_str())];
                match try_http(addr, "POST", "/api/v1/tickets", &headers, &body).await {
                    Ok((201, env)) => Some(env["data"]["ticket_id"].as_i64().expect("ticket_id")),
                    _ => None,
                }
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    cluster.servers[0].kill_9();
    let mut acknowledged = BTreeMap::new();
    for (n, s) in sent.into_iter().enumerate() {
        if let Some(id) = s.await.expect("client") {
            acknowledged.insert(format!("load-{n}"), id);
        }
    }
    assert!(acknowledged.len() < 300, "the kill cut some creates short (else it proves nothing)");

    // Every acknowledged ticket is there, with its own description.
    let rows = cluster.db.query("SELECT id, description FROM tickets WHERE description LIKE 'load-%'", &[]).await;
    let stored: BTreeMap<String, i64> = rows.expect("rows").iter().map(|r| (r.get(1), r.get(0))).collect();
    for (key, id) in &acknowledged {
        assert_eq!(stored.get(key), Some(id), "{key}: acknowledged as ticket {id}");
    }

    // The keys whose answer was lost, retried on the survivors past the stale window: one
    // ticket each, however far their first attempt got.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let survivors = [addrs[1], addrs[2]];
    for n in (0..300).filter(|n| !acknowledged.contains_key(&format!("load-{n}"))) {
        let (key, body) = keyed(n);
        let headers = [STAFF_JSON[0], STAFF_JSON[1], ("idempotency-key", key.as_str())];
        let mut answered = None;
        for attempt in 0..200 {
            match try_http(survivors[attempt % 2], "POST", "/api/v1/tickets", &headers, &body).await {
                Ok((409, _)) | Err(_) => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
                Ok((status, _)) => {
                    answered = Some(status);
                    break;
                }
            }
        }
        assert_eq!(answered, Some(201), "{key}");
    }
    let counts = cluster.tickets_per_description().await;
    let keys: BTreeSet<_> =
        counts.iter().filter(|(d, _)| d.starts_with("load-")).map(|(d, c)| (d.clone(), *c)).collect();
    assert_eq!(keys.len(), 300, "one ticket per key");
    assert!(keys.iter().all(|(_, c)| *c == 1), "no key opened two: {keys:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn when_the_database_drops_every_connection_the_instances_answer_503_or_serve_never_500() {
    let flags = ["--rate-limit-per-minute", "0", "--max-tickets", "100000", "--max-tickets-per-service", "0"];
    let Some(cluster) = cluster(2, 2, 5, &flags).await else { return };
    let cluster = std::sync::Arc::new(cluster);
    let load = |round: usize| {
        let cluster = cluster.clone();
        async move {
            let sent: Vec<_> = (0..40)
                .map(|n| {
                    let addr = cluster.addr(n);
                    let body = create(101, &format!("drop-{round}-{n}"));
                    tokio::spawn(async move { http(addr, "POST", "/api/v1/tickets", &STAFF_JSON, &body).await })
                })
                .collect();
            let mut statuses = BTreeMap::<u16, usize>::new();
            for s in sent {
                let (status, env) = s.await.expect("client");
                assert!(env.get("action").is_some(), "an envelope, whatever happened: {env}");
                *statuses.entry(status).or_default() += 1;
            }
            statuses
        }
    };
    assert_eq!(load(0).await, BTreeMap::from([(201, 40)]), "before");
    let terminated = cluster
        .db
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .await
        .expect("terminate");
    assert!(terminated.len() >= 2, "each instance held connections: {}", terminated.len());
    let during = load(1).await;
    assert!(during.keys().all(|s| [201, 503].contains(s)), "201 or 503 with Retry-After, never 500: {during:?}");
    assert_eq!(load(2).await, BTreeMap::from([(201, 40)]), "after: the pools have reconnected");
    let created = cluster.tickets_per_description().await;
    let acknowledged = during.get(&201).copied().unwrap_or(0);
    let stored = created.keys().filter(|d| d.starts_with("drop-1-")).count();
    assert_eq!(stored, acknowledged, "every 201 stored, no 503 stored: {during:?}");
}
