//! The server as the gateway in front of the simulated WHMCS shop (directly, and through
//! Keliweb): tokens per client, each client's tickets and threads (staff replies marked,
//! notes never), opens delivered exactly once through lost answers, two clients kept apart,
//! and the allowlist told apart in the health endpoint.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use chrono_tz::Tz;
use helpdesk_server::mirror::Gateway;
use helpdesk_server::upstream::whmcs::Whmcs;
use helpdesk_server::upstream::whmcs_office::WhmcsOffice;
use helpdesk_server::upstream::whmcs_read::Shop;
use helpdesk_server::{AppState, ServerPolicy, Store};
use serde_json::{Value, json};
use whmcs_sim::{Fault, Rule, Sim};

use crate::support::{STAFF_JSON, STAFF_KEY, call, deliver_all, send};

/// A gateway in front of a simulated shop (Rome time), through Keliweb when `keliweb`.
async fn gateway(keliweb: bool) -> (Sim, AppState) {
    gateway_with(keliweb, 100, (Duration::ZERO, Duration::ZERO)).await
}

/// The same, `max_tickets` per client, creates decided on a picture up to `max_age.0` old,
/// threads read again when their copy is older than `max_age.1`.
pub(crate) async fn gateway_with(keliweb: bool, max_tickets: u8, max_age: (Duration, Duration)) -> (Sim, AppState) {
    let sim = Sim::demo("whmcs-identifier", "whmcs-secret-0123");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sim.clone().serve(listener));
    let timeout = Duration::from_secs(2);
    let client = if keliweb {
        let app = ("keliweb-client", "keliweb-client-secret");
        Whmcs::keliweb(&base, app, ("shop@example.it", "keliweb-password"), timeout)
    } else {
        Whmcs::direct(&base, "whmcs-identifier", "whmcs-secret-0123", timeout)
    }
    .expect("client");
    let shop = Shop { timezone: Tz::Europe__Rome, isp_timezone: Tz::America__Bogota, closed: vec!["Closed".into()] };
    let office = WhmcsOffice { client, department: 1, shop, allow_close: true };
    let mut rules = helpdesk_core::policy::Policy::default();
    rules.zone.max_tickets = u32::from(max_tickets);
    let policy = Arc::new(ServerPolicy::new(rules).expect("policy"));
    let state = AppState {
        staff_key: Some(Arc::from(STAFF_KEY)),
        upstream: Some(Arc::new(Gateway::new(office).with_bounds(max_age.0, max_age.1))),
        write_limit: helpdesk_server::limit::WriteLimit::per_minute(0),
        ..AppState::new(Store::new(helpdesk_server::store::SqliteStore::in_memory().expect("store")), policy)
    };
    (sim, state)
}

pub(crate) fn gw(state: &AppState) -> &Gateway {
    state.upstream.as_deref().expect("a gateway")
}

pub(crate) async fn token(state: &AppState, client: i64) -> String {
    let (status, env) =
        send(state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({ "service_id": client }).to_string())
            .await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    format!("Bearer {}", env["data"]["token"].as_str().expect("token"))
}

pub(crate) async fn open(state: &AppState, bearer: &str, description: &str) -> (StatusCode, Value) {
    let headers = [("authorization", bearer), ("content-type", "application/json")];
    send(
        state,
        "POST",
        "/api/v1/tickets",
        &headers,
        json!({ "subject": "Internet Lento", "description": description }).to_string(),
    )
    .await
}

#[tokio::test]
async fn a_clients_tickets_and_threads_show_staff_replies_and_never_notes() {
    for keliweb in [false, true] {
        let (sim, state) = gateway(keliweb).await;
        let (mine, theirs) = (token(&state, 1).await, token(&state, 2).await);
        let id = {
            let mut s = sim.state();
            let (id, _, _) = s.open(1, 1, "Sin conexión", "Desde ayer no hay señal", "High");
            assert!(s.reply(id, "Demo Admin", "Revisamos la línea."));
            assert!(s.note(id, "Demo Admin", "Cliente moroso: no prometer fechas."));
            id
        };
        gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
        let (_, list) = call(&state, "GET", "/api/v1/tickets", &[("authorization", mine.as_str())]).await;
        let tickets = list["data"]["tickets"].as_array().expect("tickets");
        assert_eq!(tickets.len(), 1, "{list}");
        assert_eq!((&tickets[0]["subject"], &tickets[0]["back_office_ticket"]), (&json!("Sin conexión"), &json!(id)));
        let local = tickets[0]["ticket_id"].as_u64().expect("id");
        let path = format!("/api/v1/tickets/{local}/thread");
        let (_, thread) = call(&state, "GET", &path, &[("authorization", mine.as_str())]).await;
        let messages = thread["data"]["messages"].as_array().expect("messages");
        let authors: Vec<_> = messages.iter().map(|m| (m["author"].clone(), m["text"].clone())).collect();
        assert_eq!(
            authors,
            [(json!("subscriber"), json!("Desde ayer no hay señal")), (json!("staff"), json!("Revisamos la línea."))],
            "keliweb {keliweb}: {thread}"
        );
        assert!(!thread.to_string().contains("moroso"), "a note never reaches a subscriber");
        let (_, staff) = call(&state, "GET", &path, &STAFF_JSON).await;
        assert!(!staff.to_string().contains("moroso"), "nor anyone: notes are not mirrored");
        // The other client: neither in its list nor by id.
        let (_, list) = call(&state, "GET", "/api/v1/tickets", &[("authorization", theirs.as_str())]).await;
        assert_eq!(list["data"]["tickets"], json!([]), "{list}");
        let (_, other) = call(&state, "GET", &path, &[("authorization", theirs.as_str())]).await;
        assert_eq!(other["action"], "ticket_not_found", "{other}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_open_reaches_whmcs_once_though_a_third_of_the_answers_are_lost() {
    let (sim, state) = gateway(false).await;
    let bearer = token(&state, 1).await;
    let every_third = Rule {
        route: "POST /includes/api.php OpenTicket".into(),
        fault: Fault::DropAfterCommit,
        times: None,
        every: Some(3),
    };
    sim.faults.add(every_third);
    sim.faults.add(Rule {
        route: "POST /includes/api.php OpenTicket".into(),
        fault: Fault::Error500,
        times: Some(3),
        every: None,
    });
    for i in 0..30 {
        let (status, env) = open(&state, &bearer, &format!("caso {i}")).await;
        assert_eq!(status, StatusCode::CREATED, "{env}");
    }
    deliver_all(&state).await;
    let mut per_case = std::collections::BTreeMap::<String, usize>::new();
    for t in &sim.state().tickets {
        let first = t.replies[0].message.split("\n\n").next().unwrap_or_default().to_owned();
        *per_case.entry(first).or_default() += 1;
    }
    assert_eq!(per_case.len(), 30, "every create is in WHMCS");
    assert!(per_case.values().all(|n| *n == 1), "none twice: {per_case:?}");
    // Read back: the opening message once, the gateway's own.
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, list) = call(&state, "GET", "/api/v1/tickets?per_page=100", &[("authorization", bearer.as_str())]).await;
    assert_eq!(list["data"]["total"], 30, "{list}");
    let local = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("id");
    let (_, thread) =
        call(&state, "GET", &format!("/api/v1/tickets/{local}/thread"), &[("authorization", bearer.as_str())]).await;
    assert_eq!(thread["data"]["messages"].as_array().map(Vec::len), Some(1), "{thread}");
    assert!(
        !thread.to_string().contains("[helpdesk"),
        "the reference is WHMCS's to hold, not the subscriber's to read"
    );
}

#[tokio::test]
async fn tokens_are_for_the_shops_clients_and_the_allowlist_is_told_apart() {
    let (sim, state) = gateway(false).await;
    let body = json!({ "service_id": 2 }).to_string();
    let (status, env) = send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, body).await;
    assert_eq!((status, &env["data"]["zone_id"]), (StatusCode::CREATED, &json!(2)), "a zone of its own: {env}");
    let (status, _) =
        send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({ "service_id": 9 }).to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no such client in the shop");
    sim.ip_refused.store(true, std::sync::atomic::Ordering::SeqCst);
    let (_, health) = call(&state, "GET", "/api/v1/health", &STAFF_JSON).await;
    let upstream = &health["data"]["upstream"];
    assert_eq!((&upstream["reachable"], &upstream["key_accepted"]), (&json!(true), &json!(false)), "{health}");
    assert!(
        upstream["error"].as_str().is_some_and(|e| e.contains("allowlist") && e.contains("Invalid IP")),
        "{health}"
    );
    assert_eq!(upstream["kind"], "whmcs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_reach_whmcs_once_each_and_a_close_closes_it_there() {
    let (sim, state) = gateway(false).await;
    let bearer = token(&state, 2).await;
    let headers = [("authorization", bearer.as_str()), ("content-type", "application/json")];
    let (_, policy) = call(&state, "GET", "/api/v1/policy", &headers).await;
    assert_eq!(policy["data"]["operations"], json!({"reply": true, "close": true}), "{policy}");
    let (_, env) = open(&state, &bearer, "Lento de noche").await;
    let local = env["data"]["ticket_id"].as_u64().expect("id");
    let path = format!("/api/v1/tickets/{local}");
    // A reply before the ticket is in WHMCS waits for it.
    let (status, _) =
        send(&state, "POST", &format!("{path}/replies"), &headers, json!({"message": "antes"}).to_string()).await;
    assert_eq!(status, StatusCode::OK);
    deliver_all(&state).await;
    let every_third = Rule {
        route: "POST /includes/api.php AddTicketReply".into(),
        fault: Fault::DropAfterCommit,
        times: None,
        every: Some(3),
    };
    sim.faults.add(every_third);
    for i in 0..12 {
        let body = json!({ "message": format!("respuesta {i}") }).to_string();
        let (status, env) = send(&state, "POST", &format!("{path}/replies"), &headers, body).await;
        assert_eq!(status, StatusCode::OK, "{env}");
    }
    deliver_all(&state).await;
    let replies: Vec<String> = sim.state().tickets[0].replies.iter().skip(1).map(|r| r.message.clone()).collect();
    assert_eq!(replies.len(), 13, "each reply once: {replies:?}");
    assert!(replies[0].starts_with("antes") && replies.iter().all(|r| r.contains("[helpdesk ")), "{replies:?}");
    {
        let mut s = sim.state();
        let id = s.tickets[0].id;
        assert!(s.note(id, "Demo Admin", "interno"));
    }
    // Mirrored back: the subscriber's own replies once each, no note.
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, thread) = call(&state, "GET", &format!("{path}/thread"), &headers).await;
    let texts: Vec<_> =
        thread["data"]["messages"].as_array().expect("messages").iter().map(|m| m["text"].clone()).collect();
    assert_eq!(texts.len(), 14, "the opening message and 13 replies: {texts:?}");
    assert!(!thread.to_string().contains("interno") && !thread.to_string().contains("[helpdesk"), "{thread}");
    // Closing: in WHMCS first, then here.
    let (status, env) = send(&state, "POST", &format!("{path}/close"), &headers, "").await;
    assert_eq!(status, StatusCode::OK, "{env}");
    assert_eq!(sim.state().tickets[0].status, "Closed");
    assert_eq!(env["data"]["status_ticket"], "Cerrado", "{env}");
}

#[tokio::test]
async fn two_clients_never_see_each_others_tickets_on_any_path_or_dialect() {
    let (sim, state) = gateway(false).await;
    let (mine, theirs) = (token(&state, 1).await, token(&state, 2).await);
    let (theirs_id, theirs_tid) = {
        let mut s = sim.state();
        s.open(1, 1, "Propio", "mío", "Low");
        let (id, tid, _) = s.open(2, 1, "Ajeno", "del otro", "Low");
        assert!(s.note(id, "Demo Admin", "nota del otro"));
        (id, tid)
    };
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, list) = call(&state, "GET", "/api/v1/tickets", &[("authorization", theirs.as_str())]).await;
    let local = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("client 2's ticket");
    let me = [("authorization", mine.as_str()), ("content-type", "application/json")];
    for (method, path) in [
        ("GET", format!("/api/v1/tickets/{local}")),
        ("GET", format!("/api/v1/tickets/{local}/thread")),
        ("POST", format!("/api/v1/tickets/{local}/replies")),
        ("POST", format!("/api/v1/tickets/{local}/close")),
    ] {
        let (_, env) = send(&state, method, &path, &me, json!({"message": "hola"}).to_string()).await;
        assert_eq!(env["action"], "ticket_not_found", "{method} {path}: {env}");
    }
    let (status, _) = call(&state, "GET", "/api/v1/tickets?service_id=2", &me).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let keliweb = |field: &'static str, value: String| {
        let state = state.clone();
        let mine = mine.clone();
        async move {
            let headers = [("authorization", mine.as_str()), ("content-type", "application/x-www-form-urlencoded")];
            send(&state, "POST", "/api/v2/keliweb/get-ticket", &headers, format!("{field}={value}")).await.1
        }
    };
    for (field, value) in
        [("ticketid", local.to_string()), ("ticketnum", theirs_tid.clone()), ("ticketid", theirs_id.to_string())]
    {
        let answer = keliweb(field, value.clone()).await;
        assert_eq!(answer, json!({"result": "error", "message": "Ticket ID Not Found"}), "{field}={value}");
    }
    let (_, crm) =
        call(&state, "GET", "/api/v1/subscriber/getCustomerTickets", &[("authorization", mine.as_str())]).await;
    assert!(!crm.to_string().contains("Ajeno"), "{crm}");
    // One's own, by WHMCS's number: found, with WHMCS's number, no note anywhere.
    let own_tid = sim.state().tickets[0].tid.clone();
    let own = keliweb("ticketnum", own_tid.clone()).await;
    assert_eq!((&own["subject"], &own["tid"]), (&json!("Propio"), &json!(own_tid)), "{own}");
    let (_, theirs_thread) =
        call(&state, "GET", &format!("/api/v1/tickets/{local}/thread"), &[("authorization", theirs.as_str())]).await;
    assert!(!theirs_thread.to_string().contains("nota del otro"), "{theirs_thread}");
}

#[tokio::test]
async fn a_ticket_moved_to_a_client_the_gateway_does_not_know_leaves_the_old_clients_sight() {
    let (sim, state) = gateway(false).await;
    let bearer = token(&state, 1).await;
    let me = [("authorization", bearer.as_str())];
    let id = sim.state().open(1, 1, "Mudanza", "texto", "Low").0;
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, list) = call(&state, "GET", "/api/v1/tickets", &me).await;
    let local = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("listed");
    {
        let mut s = sim.state();
        s.clients.push(whmcs_sim::Client { id: 3, name: "Otra Persona".into(), email: "otra@example.com".into() });
        s.ticket_mut(id).expect("ticket").userid = 3;
        assert!(s.reply(id, "", "Soy la nueva dueña"));
    }
    let (_, one) = call(&state, "GET", &format!("/api/v1/tickets/{local}/thread"), &me).await;
    assert_eq!(one["action"], "ticket_not_found", "read through: gone from the old client's sight: {one}");
    let (_, list) = call(&state, "GET", "/api/v1/tickets", &me).await;
    assert_eq!(list["data"]["tickets"], json!([]), "{list}");
}

#[tokio::test]
async fn a_sync_between_a_lost_answer_and_its_retry_makes_no_twin() {
    let (sim, state) = gateway(false).await;
    let bearer = token(&state, 1).await;
    sim.faults.add(Rule {
        route: "POST /includes/api.php OpenTicket".into(),
        fault: Fault::DropAfterCommit,
        times: Some(1),
        every: None,
    });
    let (status, _) = open(&state, &bearer, "una sola vez").await;
    assert_eq!(status, StatusCode::CREATED);
    let office = gw(&state).back_office.clone();
    let now = chrono::Utc::now();
    helpdesk_server::delivery::deliver_due(&state.store, office.as_ref(), now, 10, Duration::from_secs(30))
        .await
        .expect("pass");
    assert_eq!(sim.state().tickets.len(), 1, "in WHMCS, its answer lost");
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("a sync before the retry");
    deliver_all(&state).await;
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let (_, list) = call(&state, "GET", "/api/v1/tickets", &[("authorization", bearer.as_str())]).await;
    assert_eq!(list["data"]["total"], 1, "one ticket, not its twin: {list}");
    assert_eq!(sim.state().tickets.len(), 1);
}
