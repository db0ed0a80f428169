//! A ticket's thread: replies, staff answers and notes, closing, status changes.

use axum::http::StatusCode;
use helpdesk_core::envelope::parse_thread_response;
use helpdesk_core::{Author, StatusKind};
use helpdesk_server::store::MessageKind;
use serde_json::json;

use crate::support::{STAFF_JSON, STAFF_KEY, SUBSCRIBER, SUBSCRIBER_JSON, assert_envelope, call, demo_state, send};

/// The id of the demo subscriber's ticket with this subject.
async fn demo_ticket(state: &helpdesk_server::AppState, subject: &str) -> u64 {
    let (_, list) = call(state, "GET", "/api/v1/tickets", &[("authorization", SUBSCRIBER)]).await;
    list["data"]["tickets"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["subject"] == subject))
        .and_then(|t| t["ticket_id"].as_u64())
        .unwrap_or_else(|| panic!("no demo ticket {subject}"))
}

#[tokio::test]
async fn thread_lists_opening_message_and_staff_answer_in_order() {
    let state = demo_state().await;
    let id = demo_ticket(&state, "No Responde la Antena").await;
    let (status, env) =
        call(&state, "GET", &format!("/api/v1/tickets/{id}/thread"), &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&env, "thread_found");
    let thread = parse_thread_response(&env.to_string()).expect("thread");
    let authors: Vec<Author> = thread.messages.iter().map(|m| m.author).collect();
    assert_eq!(authors, [Author::Subscriber, Author::Staff]);
    assert_eq!(thread.ticket.answer.as_deref(), Some(thread.messages[1].text.as_str()));
    assert!(env["data"].get("staff_notes").is_none());
}

#[tokio::test]
async fn reply_then_staff_answer_updates_answer_text_and_notes_stay_staff_only() {
    let state = demo_state().await;
    let id = demo_ticket(&state, "Internet Lento").await;
    let path = |what: &str| format!("/api/v1/tickets/{id}/{what}");
    let (status, env) =
        send(&state, "POST", &path("replies"), &SUBSCRIBER_JSON, json!({"message": "Sigue lento hoy"}).to_string())
            .await;
    assert_eq!(status, StatusCode::OK, "{env}");
    assert_envelope(&env, "reply_added");
    let (status, _) = send(
        &state,
        "POST",
        &path("notes"),
        &STAFF_JSON,
        json!({"message": "cliente moroso", "admin": "Ana"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(
        &state,
        "POST",
        &path("answers"),
        &STAFF_JSON,
        json!({"message": "Revisamos su nodo", "admin": "Ana"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, sub) = call(&state, "GET", &path("thread"), &[("authorization", SUBSCRIBER)]).await;
    let thread = parse_thread_response(&sub.to_string()).expect("thread");
    let texts: Vec<&str> = thread.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts[1..], ["Sigue lento hoy", "Revisamos su nodo"]);
    assert_eq!(thread.ticket.answer.as_deref(), Some("Revisamos su nodo"));
    assert!(!sub.to_string().contains("cliente moroso"), "a staff note reached the subscriber");
    let (_, staff) = call(&state, "GET", &path("thread"), &[("x-api-key", STAFF_KEY)]).await;
    assert_eq!(staff["data"]["staff_notes"][0]["text"], "cliente moroso");
}

#[tokio::test]
async fn subscriber_closes_own_ticket_and_a_closed_ticket_takes_no_reply() {
    let state = demo_state().await;
    let id = demo_ticket(&state, "Internet Lento").await;
    let (status, env) =
        call(&state, "POST", &format!("/api/v1/tickets/{id}/close"), &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&env, "ticket_updated");
    assert_eq!(env["data"]["status_ticket"], "Cerrado");
    let (status, env) = send(
        &state,
        "POST",
        &format!("/api/v1/tickets/{id}/replies"),
        &SUBSCRIBER_JSON,
        json!({"message": "hola"}).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "a closed ticket's state refuses the reply");
    assert_envelope(&env, "update_failed");
}

#[tokio::test]
async fn staff_change_status_and_subscribers_cannot() {
    let state = demo_state().await;
    let id = demo_ticket(&state, "Internet Lento").await;
    let path = format!("/api/v1/tickets/{id}/status");
    let (status, env) = send(&state, "POST", &path, &STAFF_JSON, json!({"status": 2}).to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(env["data"]["status_ticket"], "En Progreso");
    assert_eq!(
        helpdesk_core::Status::from_label(env["data"]["status_ticket"].as_str().unwrap_or_default()).kind,
        StatusKind::InProgress
    );
    let (status, _) = send(&state, "POST", &path, &STAFF_JSON, json!({"status": 9}).to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for what in ["status", "answers", "notes"] {
        let (status, env) = send(
            &state,
            "POST",
            &format!("/api/v1/tickets/{id}/{what}"),
            &SUBSCRIBER_JSON,
            json!({"status": 4, "message": "x"}).to_string(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
        assert_envelope(&env, "forbidden");
    }
}

#[tokio::test]
async fn empty_or_malformed_replies_are_refused_with_a_message() {
    let state = demo_state().await;
    let id = demo_ticket(&state, "Internet Lento").await;
    let path = format!("/api/v1/tickets/{id}/replies");
    for (body, expected) in [
        (json!({"message": "   "}).to_string(), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"message": "x".repeat(5001)}).to_string(), StatusCode::UNPROCESSABLE_ENTITY),
        ("{oops".to_owned(), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"text": "wrong field"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (status, env) = send(&state, "POST", &path, &SUBSCRIBER_JSON, body.clone()).await;
        assert_eq!(status, expected, "{body:.40}");
        assert!(env["message"].as_str().is_some_and(|m| !m.is_empty()), "{env}");
    }
    let (status, _) =
        send(&state, "POST", &path, &[("authorization", SUBSCRIBER)], json!({"message": "x"}).to_string()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_long_thread_comes_in_pages_newest_first_each_oldest_first() {
    let state = demo_state().await;
    let id = demo_ticket(&state, "Internet Lento").await;
    let at = crate::support::demo_now();
    for i in 0..250 {
        let kind = if i % 2 == 0 { MessageKind::Subscriber } else { MessageKind::Staff };
        state.store.add_message(id, kind, "x".into(), format!("m{i}"), at).await.expect("add");
    }
    let texts = |env: &serde_json::Value| -> Vec<String> {
        env["data"]["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| m["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let get = |query: &str| {
        let uri = format!("/api/v1/tickets/{id}/thread{query}");
        let state = &state;
        async move { call(state, "GET", &uri, &[("authorization", SUBSCRIBER)]).await }
    };
    let (status, first) = get("").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (&first["data"]["total"], &first["data"]["page"], &first["data"]["per_page"]),
        (&json!(251), &json!(1), &json!(100))
    );
    let newest = texts(&first);
    assert_eq!((newest.len(), newest[0].as_str(), newest[99].as_str()), (100, "m150", "m249"));
    let (_, last) = get("?page=3").await;
    let oldest = texts(&last);
    assert_eq!(
        (oldest.len(), oldest[0].as_str(), oldest[50].as_str()),
        (51, "En las noches la velocidad baja a menos de 2 Mbps.", "m49")
    );
    let (_, beyond) = get("?page=4").await;
    assert!(texts(&beyond).is_empty());
    for bad in ["?page=0", "?per_page=0", "?per_page=501", "?page=abc", "?page=-1"] {
        let (status, env) = get(bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {env}");
    }
    // A reply answers with the newest page, so it holds the reply.
    let (_, replied) = send(
        &state,
        "POST",
        &format!("/api/v1/tickets/{id}/replies"),
        &SUBSCRIBER_JSON,
        json!({"message": "fin"}).to_string(),
    )
    .await;
    assert_eq!(texts(&replied).last().map(String::as_str), Some("fin"));
}
