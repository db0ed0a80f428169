//! No endpoint lets one subscriber see, reply to or close another's ticket.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{STAFF_KEY, SUBSCRIBER, SUBSCRIBER_JSON, call, demo_state, send, ticket_count};

#[tokio::test]
async fn another_services_ticket_is_invisible_through_every_ticket_endpoint() {
    let state = demo_state().await;
    let (_, list) = call(&state, "GET", "/api/v1/tickets?service_id=200", &[("x-api-key", STAFF_KEY)]).await;
    let foreign = list["data"]["tickets"][0]["ticket_id"].as_u64().expect("a ticket of service 200");
    let messages_before: i64 =
        state.db.call(|c| Ok(c.query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))?)).await.expect("count");
    let tickets_before = ticket_count(&state).await;
    for (method, what) in [("GET", ""), ("GET", "/thread"), ("POST", "/replies"), ("POST", "/close")] {
        let (status, env) = send(
            &state,
            method,
            &format!("/api/v1/tickets/{foreign}{what}"),
            &SUBSCRIBER_JSON,
            json!({"message": "hola"}).to_string(),
        )
        .await;
        assert_eq!(
            (status, env["action"].as_str()),
            (StatusCode::OK, Some("ticket_not_found")),
            "{method} {what}: {env}"
        );
        assert!(env["data"].is_null());
    }
    let (_, after) = call(&state, "GET", &format!("/api/v1/tickets/{foreign}"), &[("x-api-key", STAFF_KEY)]).await;
    assert_eq!(after["data"]["status_ticket"], "Abierto", "the foreign ticket was not closed");
    let messages_after: i64 =
        state.db.call(|c| Ok(c.query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))?)).await.expect("count");
    assert_eq!((messages_after, ticket_count(&state).await), (messages_before, tickets_before));
    let (_, mine) = call(&state, "GET", "/api/v1/tickets?per_page=100", &[("authorization", SUBSCRIBER)]).await;
    assert!(mine["data"]["tickets"].as_array().expect("list").iter().all(|t| t["ticket_id"] != foreign));
}
