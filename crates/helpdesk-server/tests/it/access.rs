//! Subscriber tokens, the policy endpoint and CORS.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{STAFF_JSON, SUBSCRIBER, assert_envelope, call, demo_state, send};

#[tokio::test]
async fn staff_issue_a_token_bound_to_one_service_and_it_works_until_it_expires() {
    let state = demo_state().await;
    let (status, env) =
        send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({"service_id": 200}).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_envelope(&env, "token_issued");
    assert_eq!(env["data"]["zone_id"], 1);
    let token = env["data"]["token"].as_str().expect("token").to_owned();
    assert_eq!(token.len(), 64);
    let bearer = format!("Bearer {token}");
    let (status, list) = call(&state, "GET", "/api/v1/tickets", &[("authorization", &bearer)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["data"]["total"], 1, "service 200's one ticket");
    // Only the hash is stored.
    let stored: Vec<String> = state
        .db
        .call(|c| {
            let mut s = c.prepare("SELECT token_hash FROM subscriber_tokens")?;
            let rows = s.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(rows)
        })
        .await
        .expect("tokens");
    assert!(stored.iter().all(|h| *h != token) && stored.len() == 1);
    // Expire it and it stops working.
    state
        .db
        .call(|c| Ok(c.execute("UPDATE subscriber_tokens SET expires_at = '2000-01-01T00:00:00Z'", [])?))
        .await
        .expect("expire");
    let (status, env) = call(&state, "GET", "/api/v1/tickets", &[("authorization", &bearer)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_envelope(&env, "unauthorized");
}

#[tokio::test]
async fn token_requests_are_checked() {
    let state = demo_state().await;
    for (body, expected) in [
        (json!({"service_id": 999}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"service_id": 100, "ttl_minutes": 0}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"service_id": 100, "ttl_minutes": 100000}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"service": 100}), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (status, _) = send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, body.to_string()).await;
        assert_eq!(status, expected, "{body}");
    }
    let sub = [("authorization", SUBSCRIBER), ("content-type", "application/json")];
    let (status, _) =
        send(&state, "POST", "/api/v1/subscriber-tokens", &sub, json!({"service_id": 100}).to_string()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a subscriber cannot mint tokens");
}

#[tokio::test]
async fn policy_endpoint_hands_the_widget_the_rules_in_force() {
    let state = demo_state().await;
    let (status, env) = call(&state, "GET", "/api/v1/policy", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&env, "policy");
    let rules: helpdesk_core::policy::Policy = serde_json::from_value(env["data"].clone()).expect("a Policy");
    assert_eq!(rules, state.policy.rules);
    assert_eq!(env["data"]["status_labels"][0], "Abierto");
    let subscriber = &env["data"]["subscriber"];
    assert_eq!((&subscriber["service_id"], &subscriber["zone_id"]), (&json!(100), &json!(2)));
    let key = subscriber["key"].as_str().expect("an opaque subscriber key");
    assert!(key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()), "{key}");

    // Stable across tokens of one service, different for another service.
    let mut keys = Vec::new();
    for service in [100, 100, 101] {
        let (_, issued) =
            send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({"service_id": service}).to_string())
                .await;
        let bearer = format!("Bearer {}", issued["data"]["token"].as_str().expect("token"));
        let (_, env) = call(&state, "GET", "/api/v1/policy", &[("authorization", &bearer)]).await;
        keys.push(env["data"]["subscriber"]["key"].as_str().expect("key").to_owned());
    }
    assert_eq!(keys[0], key);
    assert_eq!(keys[1], key);
    assert_ne!(keys[2], key);
}

#[tokio::test]
async fn cors_answers_configured_origins_only() {
    use tower::ServiceExt;
    let mut state = demo_state().await;
    state.cors_origins = vec!["https://portal.example.net".to_owned()].into();
    let preflight = |origin: &'static str| {
        axum::http::Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/tickets")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization,content-type,idempotency-key")
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let allowed = helpdesk_server::app(state.clone(), None)
        .oneshot(preflight("https://portal.example.net"))
        .await
        .expect("answer");
    assert_eq!(
        allowed.headers().get("access-control-allow-origin").map(|v| v.as_bytes()),
        Some(&b"https://portal.example.net"[..])
    );
    let other =
        helpdesk_server::app(state.state, None).oneshot(preflight("https://evil.example")).await.expect("answer");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}
