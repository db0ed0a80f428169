//! The server as the gateway in front of the simulated WispHub: directory, tokens, the zone
//! limit over every page, the mirror of status and answers, faults, and what is not offered.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use helpdesk_server::mirror::Gateway;
use helpdesk_server::upstream::wisphub::WispHub;
use helpdesk_server::{AppState, ServerPolicy, Store};
use serde_json::{Value, json};
use wisphub_sim::{Fault, Rule, Sim};

use crate::support::{STAFF_JSON, STAFF_KEY, call, deliver_all, send};

const KEY: &str = "wisphub-gateway-key-0123";

/// A gateway (in-memory store, nothing local) over a simulated WispHub on loopback, with
/// `max_tickets` per zone and no per-service limit; both freshness bounds 0 (always re-read).
pub(crate) async fn gateway(max_tickets: u32) -> (Sim, AppState) {
    let sim = Sim::demo(KEY);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sim.clone().serve(listener));
    let wisphub = WispHub::new(&base, KEY, Duration::from_secs(2)).expect("client");
    let gateway = Gateway::new(wisphub).with_bounds(Duration::ZERO, Duration::ZERO);
    let mut rules = helpdesk_core::policy::Policy::default();
    rules.zone.max_tickets = max_tickets;
    let policy = Arc::new(ServerPolicy::new(rules).expect("policy"));
    let store = Store::new(helpdesk_server::store::SqliteStore::in_memory().expect("store"));
    let state = AppState {
        staff_key: Some(Arc::from(STAFF_KEY)),
        upstream: Some(Arc::new(gateway)),
        write_limit: helpdesk_server::limit::WriteLimit::per_minute(0),
        ..AppState::new(store, policy)
    };
    (sim, state)
}

fn gw(state: &AppState) -> &Gateway {
    state.upstream.as_deref().expect("a gateway")
}

/// A subscriber token for WispHub's service `id`, as staff issue it.
pub(crate) async fn token(state: &AppState, id: i64) -> String {
    let body = json!({ "service_id": id }).to_string();
    let (status, env) = send(state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, body).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    format!("Bearer {}", env["data"]["token"].as_str().expect("token"))
}

pub(crate) async fn open(state: &AppState, bearer: &str, description: &str) -> (StatusCode, Value) {
    let headers = [("authorization", bearer), ("content-type", "application/json")];
    let body = json!({ "subject": "Internet Lento", "description": description }).to_string();
    send(state, "POST", "/api/v1/tickets", &headers, body).await
}

#[tokio::test]
async fn tokens_are_for_wisphub_services_with_wisphubs_zone_and_technician() {
    let (sim, state) = gateway(5).await;
    let body = json!({ "service_id": 101 }).to_string();
    let (status, env) = send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, body.clone()).await;
    assert_eq!((status, &env["data"]["zone_id"]), (StatusCode::CREATED, &json!(2)), "{env}");

    // Moved to another zone in WispHub: the next token says so.
    sim.state().clientes.iter_mut().filter(|c| c.id_servicio == 101).for_each(|c| c.zona = 1);
    let (_, env) = send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, body).await;
    assert_eq!(env["data"]["zone_id"], json!(1), "{env}");

    let (status, env) =
        send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({"service_id": 999}).to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{env}");
    assert!(env["message"].as_str().is_some_and(|m| m.contains("has no service 999")), "{env}");

    // WispHub refusing the key, and no copy of the service: a clear 502, never the key.
    sim.faults.add(Rule { route: "GET /api/clientes/".into(), fault: Fault::Forbidden, times: None, every: None });
    let (status, env) =
        send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({"service_id": 200}).to_string()).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{env}");
    crate::support::assert_envelope(&env, "internal_error");
    let message = env["message"].as_str().expect("a message");
    assert!(message.contains("403") && !message.contains(KEY), "{message}");
    // With a copy, the copy serves.
    let (status, _) =
        send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({"service_id": 101}).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_directory_is_wisphubs() {
    let (sim, state) = gateway(5).await;
    sim.state().clientes.push(wisphub_sim::Cliente::new(300, "Sin zona", 9, 5));
    let synced = gw(&state).sync_directory(&state.store, &state.policy).await.expect("sync");
    assert_eq!(synced.left_out, 1, "a client in a zone WispHub does not list is left out");
    let (_, zones) = call(&state, "GET", "/api/v1/zones", &STAFF_JSON).await;
    assert_eq!(zones["data"]["zones"].as_array().map(Vec::len), Some(2), "{zones}");
    let (_, techs) = call(&state, "GET", "/api/v1/technicians", &STAFF_JSON).await;
    assert!(techs.to_string().contains("Elena Vargas"), "{techs}");
    let (_, services) = call(&state, "GET", "/api/v1/services", &STAFF_JSON).await;
    assert_eq!(services["data"]["total"], json!(3), "{services}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_zone_counts_active_tickets_of_every_page_and_the_undelivered_ones() {
    let (sim, state) = gateway(6).await;
    {
        // Page 1 (300 per page) holds only another zone's closed tickets; zone 2's active
        // ones are on pages 2 and 3.
        let mut s = sim.state();
        s.seed(200, "Internet Lento", 4, 300);
        s.seed(100, "Internet Lento", 1, 2);
        s.seed(200, "Internet Lento", 4, 298);
        s.seed(101, "No Tiene Internet", 1, 1);
        // A client the gateway has never seen, in the same zone: its ticket counts too.
        s.clientes.push(wisphub_sim::Cliente::new(102, "Nueva", 2, 5));
        s.seed(102, "Internet Lento", 1, 1);
        // And one whose technician WispHub does not list: no ticket is opened for it here,
        // but its ticket counts.
        s.clientes.push(wisphub_sim::Cliente::new(103, "Sin técnico", 2, 99));
        s.seed(103, "Internet Lento", 1, 1);
    }
    let bearers = [token(&state, 100).await, token(&state, 101).await];
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let (state, bearer) = (state.clone(), bearers[i % 2].clone());
            tokio::spawn(async move { open(&state, &bearer, &format!("concurrente {i}")).await })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        let (status, env) = task.await.expect("task");
        match status {
            StatusCode::CREATED => created += 1,
            StatusCode::OK => assert_eq!(env["action"], "zone_ticket_limit_reached", "{env}"),
            other => panic!("{other}: {env}"),
        }
    }
    assert_eq!(created, 1, "6 allowed, 5 already active in WispHub (on pages 2 and 3)");
    deliver_all(&state).await;
    let active = sim.state().tickets.iter().filter(|t| t.estado == 1 && (100..=103).contains(&t.servicio)).count();
    assert_eq!(active, 6, "exactly the limit is active in WispHub");
    let body = json!({ "service_id": 103 }).to_string();
    let (status, env) = send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, body).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no token for a line without a technician: {env}");
    let body = json!({ "service_id": 103, "subject": "Internet Lento", "description": "x" }).to_string();
    let (status, env) = send(&state, "POST", "/api/v1/tickets", &STAFF_JSON, body).await;
    assert_eq!(status, StatusCode::CONFLICT, "nor a ticket: {env}");
}

#[tokio::test]
async fn status_and_answers_made_in_wisphub_show_after_a_sync_and_on_read() {
    let (sim, state) = gateway(5).await;
    let bearer = token(&state, 100).await;
    let headers = [("authorization", bearer.as_str())];
    let (status, env) = open(&state, &bearer, "Sin señal desde ayer").await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    assert_eq!(env["meta"]["back_office"]["age_seconds"], json!(0), "decided on a fresh picture: {env}");
    let id = env["data"]["ticket_id"].as_u64().expect("id");
    deliver_all(&state).await;
    let number = sim.state().tickets.last().map(|t| t.id).expect("in WispHub");

    // Staff work in WispHub; a ticket opened there for the same subscriber, and another's.
    {
        let mut s = sim.state();
        s.tickets.iter_mut().filter(|t| t.id == number).for_each(|t| t.estado = 2);
        assert!(s.answer(number, "Diego Torres", "Un técnico va en camino.", "01/12/2026 09:30"));
        s.seed(100, "Antena Dañada", 1, 1);
        s.tickets.last_mut().expect("seeded").descripcion = "Nota interna: cliente moroso".into();
        s.seed(200, "Antena Dañada", 1, 1);
    }
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, list) = call(&state, "GET", "/api/v1/tickets", &headers).await;
    assert!(list["meta"]["back_office"]["synced_at"].is_string(), "the list says how old it is: {list}");
    let tickets = list["data"]["tickets"].as_array().expect("tickets");
    assert_eq!(tickets.len(), 2, "its own and the one opened in WispHub, never another's: {list}");
    let mine = tickets.iter().find(|t| t["ticket_id"] == json!(id)).expect("mine");
    assert_eq!(
        (&mine["status_ticket"], &mine["back_office_ticket"]),
        (&json!("En Progreso"), &json!(number)),
        "{mine}"
    );
    let (_, thread) = call(&state, "GET", &format!("/api/v1/tickets/{id}/thread"), &headers).await;
    assert!(thread.to_string().contains("Un técnico va en camino."), "{thread}");
    let theirs = tickets.iter().find(|t| t["ticket_id"] != json!(id)).expect("opened in WispHub");
    let path = format!("/api/v1/tickets/{}/thread", theirs["ticket_id"]);
    let (_, thread) = call(&state, "GET", &path, &headers).await;
    assert!(!thread.to_string().contains("moroso"), "staff's words never shown as the subscriber's: {thread}");

    // A change read through, without waiting for the sync; the answer stored once.
    sim.state().tickets.iter_mut().filter(|t| t.id == number).for_each(|t| t.estado = 4);
    let (_, one) = call(&state, "GET", &format!("/api/v1/tickets/{id}"), &headers).await;
    assert_eq!(one["data"]["status_ticket"], json!("Cerrado"), "{one}");
    let (_, thread) = call(&state, "GET", &format!("/api/v1/tickets/{id}/thread"), &headers).await;
    let answers = thread["data"]["messages"].as_array().expect("messages");
    assert_eq!(answers.iter().filter(|m| m["text"] == "Un técnico va en camino.").count(), 1, "{thread}");

    // Moved to another subscriber's service in WispHub: gone from this one's sight.
    sim.state().tickets.iter_mut().filter(|t| t.id == number).for_each(|t| t.servicio = 101);
    let (_, one) = call(&state, "GET", &format!("/api/v1/tickets/{id}"), &headers).await;
    assert_eq!(one["action"], "ticket_not_found", "{one}");
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, list) = call(&state, "GET", "/api/v1/tickets", &headers).await;
    assert!(
        list["data"]["tickets"].as_array().is_some_and(|t| t.iter().all(|t| t["ticket_id"] != json!(id))),
        "{list}"
    );
}

#[tokio::test]
async fn wisphub_unreadable_decides_on_the_last_picture_and_says_how_old() {
    let (sim, state) = gateway(5).await;
    let bearer = token(&state, 200).await;
    let down = Rule { route: "GET /api/tickets/".into(), fault: Fault::Error500, times: None, every: None };
    sim.faults.add(down.clone());
    let (status, env) = open(&state, &bearer, "nunca hubo una foto").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "no picture at all: nothing decided blind: {env}");
    assert!(env["message"].as_str().is_some_and(|m| m.contains("back office")), "{env}");

    sim.faults.clear();
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("a picture");
    sim.faults.add(down);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let (status, env) = open(&state, &bearer, "con la última foto").await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    let age = env["meta"]["back_office"]["age_seconds"].as_i64().expect("age");
    assert!(age >= 1, "the answer says how old the picture is: {env}");
    let (_, health) = call(&state, "GET", "/api/v1/health", &STAFF_JSON).await;
    assert!(health["data"]["upstream"]["mirror"]["age_seconds"].as_i64().is_some_and(|a| a >= 1), "{health}");
}

#[tokio::test]
async fn what_wisphubs_api_cannot_do_is_not_offered() {
    let (_sim, state) = gateway(5).await;
    let bearer = token(&state, 100).await;
    let headers = [("authorization", bearer.as_str()), ("content-type", "application/json")];
    let (_, policy) = call(&state, "GET", "/api/v1/policy", &headers).await;
    assert_eq!(policy["data"]["operations"], json!({"reply": false, "close": false}), "{policy}");
    let (_, env) = open(&state, &bearer, "una").await;
    let id = env["data"]["ticket_id"].as_u64().expect("id");
    for path in ["replies", "close"] {
        let (status, env) = send(
            &state,
            "POST",
            &format!("/api/v1/tickets/{id}/{path}"),
            &headers,
            json!({"message": "hola"}).to_string(),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{path}: {env}");
        assert!(env["message"].as_str().is_some_and(|m| m.contains("back office")), "{env}");
    }
    // Nor is WispHub's directory written here.
    let (status, env) = send(&state, "PUT", "/api/v1/zones/2", &STAFF_JSON, json!({"name": "Otra"}).to_string()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{env}");
}

#[tokio::test]
async fn the_catalog_may_be_wisphubs_subjects() {
    let (sim, state) = gateway(5).await;
    sim.state().asuntos.push("Router Quemado".into());
    let builtin = helpdesk_core::catalog::Catalog::default();
    let catalog = gw(&state).catalog(&builtin).await.expect("a catalog");
    let names: Vec<&str> = catalog.subjects().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Internet Lento", "No Tiene Internet", "Antena Dañada", "Cambio de Domicilio", "Router Quemado"]
    );
    assert_eq!(catalog.priority_of("Antena Dañada"), builtin.priority_of("Antena Dañada"), "the built-in priority");
    assert_eq!(catalog.priority_of("Router Quemado"), Some(helpdesk_core::PriorityLevel::Normal));
    sim.state().asuntos.clear();
    assert!(gw(&state).catalog(&builtin).await.is_err(), "no subjects is no catalog");
}

#[tokio::test]
async fn malformed_and_foreign_answers_are_named_and_keep_the_last_picture() {
    let (sim, state) = gateway(5).await;
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("a picture");
    let before = state.store.mirror_complete_at().await.expect("store");
    for (fault, kind) in [(Fault::GarbageAfterCommit, "unreadable"), (Fault::Forbidden, "403")] {
        sim.faults.add(Rule { route: "GET /api/tickets/".into(), fault, times: Some(1), every: None });
        let e = gw(&state).sync_tickets(&state.store, &state.policy).await.expect_err("a failed sync");
        assert!(e.to_string().contains(kind), "{e}");
        assert_eq!(state.store.mirror_complete_at().await.expect("store"), before, "the last picture stays");
    }
}

#[tokio::test]
async fn metrics_count_requests_and_upstream_calls_for_staff() {
    let (_sim, state) = gateway(5).await;
    token(&state, 100).await;
    let (status, env) = call(&state, "GET", "/metrics", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{env}");
    let bearer = format!("Bearer {STAFF_KEY}");
    let response = crate::support::raw(&state, "GET", "/metrics", &[("authorization", bearer.as_str())]).await;
    assert!(response.contains("helpdesk_http_requests_total"), "{response}");
    assert!(response.contains("helpdesk_upstream_calls_total"), "{response}");
    assert!(response.contains(r#"route="/api/v1/subscriber-tokens""#), "{response}");
}

#[tokio::test]
async fn a_ticket_read_while_wisphub_fails_is_the_mirrors_copy() {
    let (sim, state) = gateway(5).await;
    let bearer = token(&state, 100).await;
    let headers = [("authorization", bearer.as_str())];
    let (_, env) = open(&state, &bearer, "copia").await;
    let id = env["data"]["ticket_id"].as_u64().expect("id");
    deliver_all(&state).await;
    for fault in [Fault::Error500, Fault::Forbidden, Fault::GarbageAfterCommit, Fault::Hang] {
        sim.faults.add(Rule { route: "GET /api/tickets/{id}/".into(), fault, times: Some(1), every: None });
        let (status, one) = call(&state, "GET", &format!("/api/v1/tickets/{id}"), &headers).await;
        assert_eq!((status, &one["action"]), (StatusCode::OK, &json!("ticket_found")), "{fault:?}: {one}");
        assert_eq!(one["data"]["subject"], "Internet Lento");
    }
    // Gone from WispHub's list (deleted there): once missing from two complete lists in a
    // row (a list read while tickets are opened may skip one once), no longer active here.
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    sim.state().tickets.clear();
    let path = format!("/api/v1/tickets/{id}");
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, one) = call(&state, "GET", &path, &headers).await;
    assert_eq!(one["data"]["status_ticket"], "Abierto", "missing once: kept: {one}");
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, one) = call(&state, "GET", &path, &headers).await;
    assert_eq!(one["data"]["status_ticket"], "Cerrado", "missing twice: closed: {one}");
}

#[tokio::test]
async fn wisphubs_falla_general_is_a_known_outage_of_the_zone_until_wisphub_clears_it() {
    let (sim, state) = gateway(5).await;
    let falla = "Caída del nodo Norte por corte de energía";
    for id in [100, 101] {
        sim.state().clientes.iter_mut().find(|c| c.id_servicio == id).expect("client").falla_general =
            Some(falla.into());
    }
    gw(&state).sync_directory(&state.store, &state.policy).await.expect("sync");
    gw(&state).sync_directory(&state.store, &state.policy).await.expect("the same picture again");
    let bearer = token(&state, 100).await;
    let (_, listed) = call(&state, "GET", "/api/v1/outages", &[("authorization", bearer.as_str())]).await;
    let outages = listed["data"]["outages"].as_array().expect("outages").clone();
    assert_eq!(outages.len(), 1, "two routers, one outage of their zone, declared once: {listed}");
    assert_eq!((outages[0]["message"].as_str(), outages[0]["zone_id"].as_i64()), (Some(falla), Some(2)));
    let id = outages[0]["outage_id"].as_u64().expect("id");
    let headers = [("authorization", bearer.as_str()), ("content-type", "application/json")];
    let (status, joined) = send(&state, "POST", &format!("/api/v1/outages/{id}/reports"), &headers, "").await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    let other = token(&state, 200).await;
    let (_, elsewhere) = call(&state, "GET", "/api/v1/outages", &[("authorization", other.as_str())]).await;
    assert_eq!(elsewhere["data"]["outages"], json!([]), "zone 1 has none");

    // WispHub clears it: the next sync ends it.
    for c in &mut sim.state().clientes {
        c.falla_general = None;
    }
    gw(&state).sync_directory(&state.store, &state.policy).await.expect("sync");
    let (_, listed) = call(&state, "GET", "/api/v1/outages", &[("authorization", bearer.as_str())]).await;
    assert_eq!(listed["data"]["outages"], json!([]), "{listed}");
    let (status, _) = send(&state, "POST", &format!("/api/v1/outages/{id}/reports"), &headers, "").await;
    assert_eq!(status, StatusCode::CONFLICT, "ended");
}
