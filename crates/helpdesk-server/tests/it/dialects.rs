//! The WHMCS (Keliweb) and ISP-CRM shapes over the same data, read back by the core's parsers.

use axum::http::StatusCode;
use helpdesk_core::dialect::crm::parse_customer_tickets;
use helpdesk_core::dialect::whmcs::parse_get_ticket;
use helpdesk_core::{Author, ParseError};
use serde_json::json;

use crate::support::{STAFF_JSON, STAFF_KEY, SUBSCRIBER, call, demo_state, send};

const FORM: &str = "application/x-www-form-urlencoded";

async fn answered_ticket(state: &helpdesk_server::AppState) -> u64 {
    let (_, list) = call(state, "GET", "/api/v1/tickets", &[("authorization", SUBSCRIBER)]).await;
    list["data"]["tickets"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["subject"] == "No Responde la Antena"))
        .and_then(|t| t["ticket_id"].as_u64())
        .expect("demo ticket")
}

#[tokio::test]
async fn keliweb_get_ticket_urlencoded_reads_back_with_the_whmcs_parser() {
    let state = demo_state().await;
    let id = answered_ticket(&state).await;
    let (status, body) = send(
        &state,
        "POST",
        "/api/v2/keliweb/get-ticket",
        &[("authorization", SUBSCRIBER), ("content-type", FORM)],
        format!("ticketid={id}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["ticketid"], id.to_string(), "numbers as strings, as WHMCS does");
    assert!(body.get("notes").is_none(), "no notes for a subscriber");
    let t = parse_get_ticket(&body.to_string()).expect("WHMCS shape");
    assert_eq!(t.thread.ticket.subject, "No Responde la Antena");
    let authors: Vec<Author> = t.thread.messages.iter().map(|m| m.author).collect();
    assert_eq!(authors, [Author::Subscriber, Author::Staff]);
    assert_eq!(t.thread.messages[0].id, 0, "replyid 0 is the opening message");
}

#[tokio::test]
async fn keliweb_accepts_multipart_ticketnum_descending_and_the_seeds_php_quirk() {
    let state = demo_state().await;
    let id = answered_ticket(&state).await;
    let num = helpdesk_server::routes::dialects::ticket_number(id);
    let boundary = "XyZ123";
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"ticketnum\"\r\n\r\n{num}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"repliessort\"\r\n\r\nDESC\r\n--{boundary}--\r\n"
    );
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let (status, body) = send(
        &state,
        "POST",
        "/api/v2/keliweb/get-ticket",
        &[("authorization", SUBSCRIBER), ("content-type", &content_type)],
        multipart,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let t = parse_get_ticket(&body.to_string()).expect("WHMCS shape");
    assert_eq!(t.thread.messages.first().map(|m| m.author), Some(Author::Staff), "DESC puts the answer first");
    // Seed 002's PHP example: http_build_query() text sent as "multipart/form-data" without a boundary.
    let (status, body) = send(
        &state,
        "POST",
        "/api/v2/keliweb/get-ticket",
        &[
            ("authorization", SUBSCRIBER),
            ("content-type", "multipart/form-data"),
            ("x-requested-with", "XMLHttpRequest"),
        ],
        format!("ticketid={id}"),
    )
    .await;
    assert_eq!((status, body["result"].as_str()), (StatusCode::OK, Some("success")), "{body}");
}

#[tokio::test]
async fn keliweb_staff_see_notes_subscribers_never_and_foreign_tickets_are_not_found() {
    let state = demo_state().await;
    let id = answered_ticket(&state).await;
    send(
        &state,
        "POST",
        &format!("/api/v1/tickets/{id}/notes"),
        &STAFF_JSON,
        json!({"message": "revisar poste"}).to_string(),
    )
    .await;
    let (_, staff) = send(
        &state,
        "POST",
        "/api/v2/keliweb/get-ticket",
        &[("x-api-key", STAFF_KEY), ("content-type", FORM)],
        format!("ticketid={id}"),
    )
    .await;
    assert_eq!(parse_get_ticket(&staff.to_string()).expect("whmcs").staff_notes[0].text, "revisar poste");
    let (_, sub) = send(
        &state,
        "POST",
        "/api/v2/keliweb/get-ticket",
        &[("authorization", SUBSCRIBER), ("content-type", FORM)],
        format!("ticketid={id}"),
    )
    .await;
    assert!(!sub.to_string().contains("revisar poste"));
    let (_, list) = call(&state, "GET", "/api/v1/tickets?service_id=200", &[("x-api-key", STAFF_KEY)]).await;
    let foreign = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("foreign");
    for field in [
        format!("ticketid={foreign}"),
        format!("ticketnum={}", helpdesk_server::routes::dialects::ticket_number(foreign)),
    ] {
        let (status, body) = send(
            &state,
            "POST",
            "/api/v2/keliweb/get-ticket",
            &[("authorization", SUBSCRIBER), ("content-type", FORM)],
            field,
        )
        .await;
        assert_eq!(
            (status, body["result"].as_str(), body["message"].as_str()),
            (StatusCode::OK, Some("error"), Some("Ticket ID Not Found"))
        );
    }
}

#[tokio::test]
async fn keliweb_errors_keep_the_whmcs_shape() {
    let state = demo_state().await;
    let (status, body) =
        send(&state, "POST", "/api/v2/keliweb/get-ticket", &[("content-type", FORM)], "ticketid=1").await;
    assert_eq!((status, body["result"].as_str()), (StatusCode::UNAUTHORIZED, Some("error")));
    for (form, expected) in [
        // No ticket named: WHMCS's own "not found", at 200 as WHMCS answers it.
        ("", StatusCode::OK),
        ("repliessort=UP&ticketid=1", StatusCode::UNPROCESSABLE_ENTITY),
        ("ticketid=abc", StatusCode::OK),
    ] {
        let (status, body) = send(
            &state,
            "POST",
            "/api/v2/keliweb/get-ticket",
            &[("x-api-key", STAFF_KEY), ("content-type", FORM)],
            form,
        )
        .await;
        assert_eq!((status, body["result"].as_str()), (expected, Some("error")), "{form:?}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn crm_list_reads_back_with_the_crm_parser_in_utc() {
    let state = demo_state().await;
    let (status, body) =
        call(&state, "GET", "/api/v1/subscriber/getCustomerTickets", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(status, StatusCode::OK);
    let tickets = parse_customer_tickets(&body.to_string(), |t| t.naive_utc()).expect("CRM shape");
    assert_eq!(tickets.len(), 4);
    // Demo tickets open at 09:15 Bogotá time, which is 14:15 UTC.
    assert!(body["data"][0]["created_at"].as_str().is_some_and(|t| t.ends_with("T14:15:00Z")), "{body}");
    let statuses: Vec<&str> =
        body["data"].as_array().expect("data").iter().filter_map(|t| t["status"].as_str()).collect();
    assert_eq!(statuses, ["Open", "Open", "Closed", "Closed"]);
}

#[tokio::test]
async fn crm_401_and_404_bodies_are_the_documented_ones() {
    let state = demo_state().await;
    let (status, body) =
        call(&state, "GET", "/api/v1/subscriber/getCustomerTickets", &[("authorization", "Bearer wrong")]).await;
    assert_eq!((status, body), (StatusCode::UNAUTHORIZED, json!({"success": false, "message": "Unauthorized"})));
    let (status, body) =
        call(&state, "GET", "/api/v1/subscriber/getCustomerTickets?service_id=999", &[("x-api-key", STAFF_KEY)]).await;
    assert_eq!(
        (status, body.clone()),
        (StatusCode::NOT_FOUND, json!({"success": false, "message": "Subscriber not found"}))
    );
    assert!(matches!(parse_customer_tickets(&body.to_string(), |t| t.naive_utc()), Err(ParseError::Rejected { .. })));
}

/// Statements run on the connection traced by [`crm_list_costs_the_same_few_queries_for_forty_tickets`].
static STATEMENTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[tokio::test]
async fn crm_list_costs_the_same_few_queries_for_forty_tickets() {
    use std::sync::atomic::Ordering;
    let state = demo_state().await;
    let count = |state: &crate::support::Demo| {
        let state = state.state.clone();
        async move {
            STATEMENTS.store(0, Ordering::SeqCst);
            let (status, body) =
                call(&state, "GET", "/api/v1/subscriber/getCustomerTickets", &[("authorization", SUBSCRIBER)]).await;
            assert_eq!(status, StatusCode::OK);
            (STATEMENTS.load(Ordering::SeqCst), body["data"].as_array().map_or(0, Vec::len))
        }
    };
    state
        .db
        .call(|c| {
            c.trace_v2(
                rusqlite::trace::TraceEventCodes::SQLITE_TRACE_PROFILE,
                Some(|_| {
                    STATEMENTS.fetch_add(1, Ordering::SeqCst);
                }),
            );
            Ok(())
        })
        .await
        .expect("trace");
    let (few, four) = count(&state).await;
    assert_eq!(four, 4);
    let body = json!({"service_id": 100, "subject": "Internet Lento", "description": "x"}).to_string();
    let mut roomy = state.policy.rules.clone();
    roomy.zone.max_tickets = 1_000;
    let mut state = state;
    state.policy = std::sync::Arc::new(helpdesk_server::ServerPolicy::new(roomy).expect("policy"));
    for _ in 0..36 {
        let (status, _) = send(&state, "POST", "/api/v1/tickets", &STAFF_JSON, body.clone()).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (many, forty) = count(&state).await;
    assert_eq!(forty, 40);
    assert_eq!(many, few, "the list costs {few} statements for 4 tickets and {many} for 40");
}
