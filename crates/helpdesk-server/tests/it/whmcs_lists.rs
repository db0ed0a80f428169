//! The gateway in front of the simulated WHMCS shop, what its lists leave out: an open of
//! unknown outcome found again though staff renamed it, a new client's tickets counted from
//! its first token, a thread read though its list was synced since.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};
use whmcs_sim::{Fault, Rule};

use crate::gateway_whmcs::{gateway_with, gw, open, token};
use crate::support::{call, deliver_all};

#[tokio::test]
async fn a_lost_open_is_found_again_though_staff_renamed_its_subject() {
    let (sim, state) = gateway_with(false, 100, (Duration::ZERO, Duration::ZERO)).await;
    let bearer = token(&state, 1).await;
    sim.faults.add(Rule {
        route: "POST /includes/api.php OpenTicket".into(),
        fault: Fault::DropAfterCommit,
        times: Some(1),
        every: None,
    });
    let (status, _) = open(&state, &bearer, "renombrado").await;
    assert_eq!(status, StatusCode::CREATED);
    let office = gw(&state).back_office.clone();
    helpdesk_server::delivery::deliver_due(
        &state.store,
        office.as_ref(),
        chrono::Utc::now(),
        10,
        Duration::from_secs(30),
    )
    .await
    .expect("pass");
    {
        let mut s = sim.state();
        assert_eq!(s.tickets.len(), 1, "in WHMCS, its answer lost");
        // Staff file it under a subject of their own before the gateway tries again.
        s.tickets[0].subject = "Lentitud - zona norte".into();
        let (id, _, _) = s.open(1, 1, "Otro asunto", "un ticket de antes", "Low");
        s.ticket_mut(id).expect("ticket").date = "2020-01-02 10:00:00".into();
    }
    deliver_all(&state).await;
    let subjects: Vec<String> = sim.state().tickets.iter().map(|t| t.subject.clone()).collect();
    assert_eq!(subjects, ["Lentitud - zona norte", "Otro asunto"], "adopted, not opened again");
}

#[tokio::test]
async fn a_clients_tickets_count_from_its_first_token_on() {
    let (sim, state) = gateway_with(false, 3, (Duration::from_secs(600), Duration::ZERO)).await;
    for i in 0..3 {
        sim.state().open(2, 1, "Internet Lento", &format!("abierto en WHMCS {i}"), "Medium");
    }
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("a picture before client 2 is known");
    let bearer = token(&state, 2).await;
    let (_, list) = call(&state, "GET", "/api/v1/tickets", &[("authorization", bearer.as_str())]).await;
    assert_eq!(list["data"]["total"], 3, "listed from the first request: {list}");
    let (status, env) = open(&state, &bearer, "uno más").await;
    assert_eq!((status, &env["action"]), (StatusCode::OK, &json!("zone_ticket_limit_reached")), "{env}");
}

#[tokio::test]
async fn a_thread_is_read_from_whmcs_though_its_list_was_synced_since() {
    let (sim, state) = gateway_with(false, 100, (Duration::ZERO, Duration::from_secs(600))).await;
    let bearer = token(&state, 1).await;
    let id = {
        let mut s = sim.state();
        let (id, _, _) = s.open(1, 1, "Sin conexión", "No hay señal", "High");
        assert!(s.reply(id, "Diego", "Vamos en camino."));
        id
    };
    // The list (which carries no thread) read just before: the thread is still read.
    gw(&state).sync_tickets(&state.store, &state.policy).await.expect("sync");
    let local = state.store.list_tickets(
        Some(1),
        None,
        false,
        helpdesk_server::store::Page { number: 1, size: 5 },
        state.policy.clone(),
    );
    let local = local.await.expect("list").0[0].id;
    let (_, thread) =
        call(&state, "GET", &format!("/api/v1/tickets/{local}/thread"), &[("authorization", bearer.as_str())]).await;
    let texts: Vec<&Value> =
        thread["data"]["messages"].as_array().expect("messages").iter().map(|m| &m["text"]).collect();
    assert_eq!(texts, [&json!("No hay señal"), &json!("Vamos en camino.")], "WHMCS ticket {id}: {thread}");
}
