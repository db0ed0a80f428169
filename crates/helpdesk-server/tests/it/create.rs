//! Opening a ticket: the rules applied, every refusal in the envelope, idempotency keys.

use axum::http::StatusCode;
use helpdesk_core::calendar::Calendar;
use serde_json::{Value, json};

use crate::support::{
    STAFF_JSON, STAFF_KEY, SUBSCRIBER, SUBSCRIBER_JSON, assert_envelope, call, demo_state, send, send_full,
    ticket_count,
};

fn body(subject: &str) -> String {
    json!({ "subject": subject, "description": "Sin servicio desde ayer" }).to_string()
}

#[tokio::test]
async fn subscriber_opens_a_ticket_with_priority_and_end_date_from_the_rules() {
    let state = demo_state().await;
    let (status, env) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("No Tiene Internet")).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    assert_envelope(&env, "ticket_created");
    assert_eq!((env["ok"].as_bool(), env["type"].as_str()), (Some(true), Some("success")));
    let data = &env["data"];
    assert_eq!(data["subject"], "No Tiene Internet");
    assert_eq!(data["priority"], "3");
    assert_eq!(data["status_ticket"], "Abierto");
    let created =
        chrono::NaiveDateTime::parse_from_str(data["created_at"].as_str().expect("created"), "%Y-%m-%d %H:%M")
            .expect("date");
    let expected = Calendar::colombia().add_business_days(created, 3).format("%Y-%m-%d %H:%M").to_string();
    assert_eq!(data["end_date"], expected);
    let id = data["ticket_id"].as_u64().expect("id");
    let (_, found) = call(&state, "GET", &format!("/api/v1/tickets/{id}"), &[("authorization", SUBSCRIBER)]).await;
    assert_envelope(&found, "ticket_found");
}

#[tokio::test]
async fn an_nfd_subject_matches_and_is_stored_in_nfc() {
    let state = demo_state().await;
    let (status, env) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("Antena Dan\u{303}ada")).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    assert_eq!(env["data"]["subject"], "Antena Dañada");
}

#[tokio::test]
async fn zone_at_its_limit_answers_max_tickets_and_creates_nothing() {
    let state = demo_state().await;
    // Zone 2 holds two open tickets in the demo data; the default maximum is 3.
    let (status, _) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("Internet Lento")).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, blocked) = call(&state, "GET", "/api/v1/tickets/zone-blocked/2", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(blocked["data"], json!({"is_blocked": true, "max_tickets": 3, "outage": null}));
    let before = ticket_count(&state).await;
    let (status, env) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("Internet Lento")).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&env, "zone_ticket_limit_reached");
    assert_eq!((env["ok"].as_bool(), env["type"].as_str()), (Some(true), Some("info")));
    assert_eq!(env["data"]["max_tickets"], 3);
    assert!(env["message"].as_str().is_some_and(|m| m.contains('3')));
    assert_eq!(ticket_count(&state).await, before);
}

#[tokio::test]
async fn unknown_subject_fails_with_the_field_and_the_closest_subjects() {
    let state = demo_state().await;
    let before = ticket_count(&state).await;
    let (status, env) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("internet lento")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_envelope(&env, "ticket_creation_failed");
    assert_eq!((env["ok"].as_bool(), env["type"].as_str()), (Some(false), Some("error")));
    assert!(env["data"]["errors"]["subject"].is_string());
    assert_eq!(env["data"]["closest_subjects"][0], "Internet Lento");
    let (status, seed) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("Falla Masiva")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(seed["data"]["errors"]["subject"].as_str().is_some_and(|m| m.contains("Falla Masiva")));
    assert_eq!(ticket_count(&state).await, before);
}

#[tokio::test]
async fn malformed_bodies_fail_with_the_envelope_never_a_500() {
    let state = demo_state().await;
    let huge = json!({"subject": "Internet Lento", "description": "x".repeat(100_000)}).to_string();
    let cases: Vec<(String, StatusCode, &str)> = vec![
        ("{not json".into(), StatusCode::UNPROCESSABLE_ENTITY, "body"),
        ("[1,2]".into(), StatusCode::UNPROCESSABLE_ENTITY, "body"),
        (json!({"subject": 7, "description": "x"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, "subject"),
        (
            json!({"subject": "Internet Lento", "description": "   "}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "description",
        ),
        (json!({"subject": "Internet Lento"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, "description"),
        (
            json!({"subject": "Internet Lento", "description": "y".repeat(5001)}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "description",
        ),
        (
            json!({"subject": "Internet Lento", "description": "x", "zone_id": -4}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "zone_id",
        ),
    ];
    for (raw, expected, field) in cases {
        let (status, env) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, raw.clone()).await;
        assert_eq!(status, expected, "{raw:.60}");
        assert_envelope(&env, "ticket_creation_failed");
        assert!(env["data"]["errors"][field].is_string(), "{raw:.60}: {env}");
    }
    let (status, env) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(env["message"].as_str().is_some_and(|m| m.contains("65536")), "{env}");
    let (status, env) =
        send(&state, "POST", "/api/v1/tickets", &[("authorization", SUBSCRIBER)], body("Internet Lento")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_envelope(&env, "ticket_creation_failed");
}

#[tokio::test]
async fn a_subscriber_cannot_open_tickets_for_another_service_or_zone() {
    let state = demo_state().await;
    let before = ticket_count(&state).await;
    for extra in [json!({"service_id": 200}), json!({"zone_id": 1}), json!({"technician_id": 99})] {
        let mut b: Value = serde_json::from_str(&body("Internet Lento")).expect("json");
        b.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        let (status, env) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, b.to_string()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{extra}");
        assert_envelope(&env, "ticket_creation_failed");
    }
    // Naming its own service and zone is fine.
    let own = json!({"service_id": 100, "zone_id": 2, "subject": "Internet Lento", "description": "x"}).to_string();
    let (status, _) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, own).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(ticket_count(&state).await, before + 1);
}

#[tokio::test]
async fn staff_create_follows_seed_001_and_checks_service_and_zone() {
    let state = demo_state().await;
    let seed = json!({"service_id": 200, "subject": "Cable UTP Dañado", "description": "Cliente reporta intermitencia", "technician_id": 5, "zone_id": 1});
    let (status, env) = send(&state, "POST", "/api/v1/tickets", &STAFF_JSON, seed.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    // Missing: 422; naming what does not exist: 404; a zone that is not the service's: 409.
    for (b, field, expected) in [
        (json!({"subject": "Internet Lento", "description": "x"}), "service_id", StatusCode::UNPROCESSABLE_ENTITY),
        (
            json!({"service_id": 999, "subject": "Internet Lento", "description": "x"}),
            "service_id",
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"service_id": 200, "zone_id": 2, "subject": "Internet Lento", "description": "x"}),
            "zone_id",
            StatusCode::CONFLICT,
        ),
        (
            json!({"service_id": 200, "zone_id": 77, "subject": "Internet Lento", "description": "x"}),
            "zone_id",
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"service_id": 200, "technician_id": 77, "subject": "Internet Lento", "description": "x"}),
            "technician_id",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, env) = send(&state, "POST", "/api/v1/tickets", &STAFF_JSON, b.to_string()).await;
        assert_eq!(status, expected, "{b}");
        assert_envelope(&env, "ticket_creation_failed");
        assert!(env["data"]["errors"][field].is_string(), "{b}: {env}");
    }
}

#[tokio::test]
async fn same_idempotency_key_and_body_replays_and_creates_nothing_more() {
    let state = demo_state().await;
    let headers = [SUBSCRIBER_JSON[0], SUBSCRIBER_JSON[1], ("idempotency-key", "3f2c9a1e-key")];
    let (s1, h1, first) = send_full(&state, "POST", "/api/v1/tickets", &headers, body("Internet Lento")).await;
    let count = ticket_count(&state).await;
    // The same meaning with other key order and spacing is the same body.
    let same = r#"{ "description": "Sin servicio desde ayer",  "subject": "Internet Lento" }"#;
    let (s2, h2, second) = send_full(&state, "POST", "/api/v1/tickets", &headers, same).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first, second);
    assert!(h1.get("idempotent-replayed").is_none());
    assert_eq!(h2.get("idempotent-replayed").map(|v| v.as_bytes()), Some(&b"true"[..]));
    assert_eq!(ticket_count(&state).await, count);
    let (s3, other) = send(&state, "POST", "/api/v1/tickets", &headers, body("Antena Dañada")).await;
    assert_eq!(s3, StatusCode::CONFLICT, "the key's state conflicts with another body");
    assert!(other["message"].as_str().is_some_and(|m| m.contains("Idempotency-Key")));
    assert_eq!(ticket_count(&state).await, count);
}

#[tokio::test]
async fn idempotency_keys_are_per_caller_and_must_be_sane() {
    let state = demo_state().await;
    let key = ("idempotency-key", "shared-key");
    let sub = [SUBSCRIBER_JSON[0], SUBSCRIBER_JSON[1], key];
    let staff = [STAFF_JSON[0], STAFF_JSON[1], key];
    let (s1, _) = send(&state, "POST", "/api/v1/tickets", &sub, body("Internet Lento")).await;
    let staff_body = json!({"service_id": 200, "subject": "Internet Lento", "description": "x"}).to_string();
    let (s2, _) = send(&state, "POST", "/api/v1/tickets", &staff, staff_body).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    let long = "k".repeat(300);
    for bad in ["", " ", long.as_str(), "clé"] {
        let headers = [SUBSCRIBER_JSON[0], SUBSCRIBER_JSON[1], ("idempotency-key", bad)];
        let (status, env) = send(&state, "POST", "/api/v1/tickets", &headers, body("Internet Lento")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {env}");
    }
}

#[tokio::test]
async fn zone_blocked_preflight_checks_ids_and_scope() {
    let state = demo_state().await;
    let sub = [("authorization", SUBSCRIBER)];
    let (status, env) = call(&state, "GET", "/api/v1/tickets/zone-blocked/2", &sub).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&env, "zone_status");
    assert_eq!(env["data"], json!({"is_blocked": false, "max_tickets": 3, "outage": null}));
    let (status, _) = call(&state, "GET", "/api/v1/tickets/zone-blocked/1", &sub).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for bad in ["0", "-2", "abc", "99999999999999999999999"] {
        let (status, _) =
            call(&state, "GET", &format!("/api/v1/tickets/zone-blocked/{bad}"), &[("x-api-key", STAFF_KEY)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let (status, env) = call(&state, "GET", "/api/v1/tickets/zone-blocked/77", &[("x-api-key", STAFF_KEY)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_envelope(&env, "not_found");
}

#[tokio::test]
async fn every_create_outcome_reads_back_with_the_cores_parser() {
    use helpdesk_core::envelope::{CreateOutcome, ZoneStatus, parse_create_response, parse_zone_status};
    let state = demo_state().await;
    let (_, created) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("Internet Lento")).await;
    assert!(
        matches!(parse_create_response(&created.to_string()), Ok(CreateOutcome::Created(t)) if t.subject == "Internet Lento")
    );
    let (_, full) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("Internet Lento")).await;
    assert!(matches!(
        parse_create_response(&full.to_string()),
        Ok(CreateOutcome::ZoneLimitReached { max_tickets: 3, .. })
    ));
    let (_, zone) = call(&state, "GET", "/api/v1/tickets/zone-blocked/2", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(
        parse_zone_status(&zone.to_string()),
        Ok(ZoneStatus { is_blocked: true, max_tickets: 3, outage: false })
    );
    let (_, failed) = send(&state, "POST", "/api/v1/tickets", &SUBSCRIBER_JSON, body("internet lento")).await;
    match parse_create_response(&failed.to_string()) {
        Ok(CreateOutcome::Failed { errors, closest_subjects, .. }) => {
            assert!(errors.iter().any(|(field, _)| field == "subject"), "{errors:?}");
            assert_eq!(closest_subjects.first().map(String::as_str), Some("Internet Lento"));
        }
        other => panic!("{other:?}"),
    }
}
