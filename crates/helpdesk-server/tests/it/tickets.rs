//! One ticket and the list: shapes, filters, pages, and every bad id or credential answered.

use axum::http::StatusCode;
use helpdesk_core::envelope::{parse_ticket_list_response, parse_ticket_response};
use helpdesk_core::{StatusKind, TicketLookup};

use crate::support::{STAFF_KEY, SUBSCRIBER, assert_envelope, call, demo_state};

#[tokio::test]
async fn subscriber_lists_own_tickets_newest_first_in_every_status() {
    let state = demo_state().await;
    let (status, body) = call(&state, "GET", "/api/v1/tickets", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&body, "tickets_listed");
    let page = parse_ticket_list_response(&body.to_string()).expect("list");
    assert_eq!(page.total, 4);
    let ids: Vec<u64> = page.tickets.iter().map(|t| t.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted, "newest first");
    let kinds: Vec<StatusKind> = page.tickets.iter().map(|t| t.status.kind).collect();
    for kind in [StatusKind::Open, StatusKind::InProgress, StatusKind::Resolved, StatusKind::Closed] {
        assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
    }
}

#[tokio::test]
async fn list_filters_by_status_group_and_paginates() {
    let state = demo_state().await;
    let auth = [("authorization", SUBSCRIBER)];
    let (_, closed) = call(&state, "GET", "/api/v1/tickets?status=closed", &auth).await;
    let page = parse_ticket_list_response(&closed.to_string()).expect("list");
    assert_eq!(page.total, 2);
    assert!(page.tickets.iter().all(|t| matches!(t.status.kind, StatusKind::Resolved | StatusKind::Closed)));
    let (_, second) = call(&state, "GET", "/api/v1/tickets?page=2&per_page=3", &auth).await;
    let page = parse_ticket_list_response(&second.to_string()).expect("list");
    assert_eq!((page.tickets.len(), page.total, page.page), (1, 4, 2));
}

#[tokio::test]
async fn bad_list_queries_are_422_with_a_message() {
    let state = demo_state().await;
    for q in ["status=lost", "page=0", "per_page=1000", "page=-1", "page=abc"] {
        let (status, body) =
            call(&state, "GET", &format!("/api/v1/tickets?{q}"), &[("authorization", SUBSCRIBER)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert_envelope(&body, "invalid_request");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{q}");
    }
}

#[tokio::test]
async fn ticket_found_matches_seed_000_shape_and_end_date_follows_the_rule() {
    let state = demo_state().await;
    let (_, list) = call(&state, "GET", "/api/v1/tickets?status=open", &[("authorization", SUBSCRIBER)]).await;
    let id = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("id");
    let (status, body) = call(&state, "GET", &format!("/api/v1/tickets/{id}"), &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&body, "ticket_found");
    assert_eq!((body["ok"].as_bool(), body["type"].as_str()), (Some(true), Some("success")));
    let data = &body["data"];
    for key in ["ticket_id", "subject", "created_at", "end_date", "status_ticket", "priority", "answer_text"] {
        assert!(data.get(key).is_some(), "missing {key}");
    }
    assert!(data["priority"].is_string(), "priority is a string holding a number");
    // Opened Wed 2026-02-25 09:15 (one day before demo "now"): +3 business days is Mon 2 March.
    assert_eq!(data["created_at"], "2026-02-25 09:15");
    assert_eq!(data["end_date"], "2026-03-02 09:15");
    let TicketLookup::Found(t) = parse_ticket_response(&body.to_string()).expect("parse") else { panic!() };
    assert_eq!(t.id, id);
}

#[tokio::test]
async fn unknown_ticket_is_not_found_with_ok_true_and_null_data() {
    let state = demo_state().await;
    let (status, body) = call(&state, "GET", "/api/v1/tickets/999999", &[("x-api-key", STAFF_KEY)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&body, "ticket_not_found");
    assert_eq!(body["ok"], true);
    assert_eq!(body["type"], "info");
    assert!(body["data"].is_null());
}

#[tokio::test]
async fn another_subscribers_ticket_is_not_found_but_staff_sees_it() {
    let state = demo_state().await;
    let (_, body) = call(&state, "GET", "/api/v1/tickets?service_id=200", &[("x-api-key", STAFF_KEY)]).await;
    let foreign = body["data"]["tickets"][0]["ticket_id"].as_u64().expect("service 200 has a ticket");
    let (_, mine) = call(&state, "GET", &format!("/api/v1/tickets/{foreign}"), &[("authorization", SUBSCRIBER)]).await;
    assert_envelope(&mine, "ticket_not_found");
    let (_, staff) = call(&state, "GET", &format!("/api/v1/tickets/{foreign}"), &[("x-api-key", STAFF_KEY)]).await;
    assert_envelope(&staff, "ticket_found");
    let (status, listed) =
        call(&state, "GET", "/api/v1/tickets?service_id=200", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_envelope(&listed, "forbidden");
}

#[tokio::test]
async fn bad_ids_are_422_never_500() {
    let state = demo_state().await;
    for id in ["abc", "-1", "0", "99999999999999999999", "1.5", "%20"] {
        let (status, body) = call(&state, "GET", &format!("/api/v1/tickets/{id}"), &[("x-api-key", STAFF_KEY)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{id}");
        assert_envelope(&body, "invalid_request");
    }
}

#[tokio::test]
async fn missing_or_wrong_credentials_are_401_in_the_envelope() {
    let state = demo_state().await;
    let cases: [&[(&str, &str)]; 4] =
        [&[], &[("authorization", "Bearer nope")], &[("authorization", "Basic abc")], &[("x-api-key", "wrong")]];
    for headers in cases {
        let (status, body) = call(&state, "GET", "/api/v1/tickets/1", headers).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{headers:?}");
        assert_envelope(&body, "unauthorized");
    }
}

#[tokio::test]
async fn demo_token_does_not_exist_outside_demo_mode() {
    let mut state = demo_state().await;
    state.demo = false;
    let (status, _) = call(&state, "GET", "/api/v1/tickets", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_api_route_is_404_in_the_envelope() {
    let state = demo_state().await;
    let (status, body) = call(&state, "GET", "/api/v1/nothing-here", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_envelope(&body, "route_not_found");
}

#[tokio::test]
async fn real_socket_serves_the_envelope() {
    let state = demo_state().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move { axum::serve(listener, helpdesk_server::app(state.state, None)).await });
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let request = format!(
        "GET /api/v1/tickets/999 HTTP/1.1\r\nHost: {addr}\r\nX-API-Key: {STAFF_KEY}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("read");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"action\":\"ticket_not_found\""), "{answer}");
    server.abort();
}
