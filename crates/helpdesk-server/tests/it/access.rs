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
        (json!({"service_id": 999}), StatusCode::NOT_FOUND),
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

#[test]
fn an_empty_or_short_staff_key_is_refused_at_start_with_a_clear_message() {
    use clap::Parser;
    for weak in ["", "   ", "short-key", "fifteen-chars!!"] {
        let refused = helpdesk_server::Config::try_parse_from(["helpdesk-server", "--staff-key", weak])
            .expect_err("a weak staff key is refused");
        let message = refused.to_string();
        assert!(message.contains("at least 16"), "{weak:?}: {message}");
    }
    let fine = helpdesk_server::Config::try_parse_from(["helpdesk-server", "--staff-key", "0123456789abcdef"])
        .expect("a 16-character key is accepted");
    assert_eq!(fine.staff_key.as_deref(), Some("0123456789abcdef"));
}

#[test]
fn the_binary_will_not_start_with_an_empty_staff_key() {
    let run = |args: &[&str], env: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk-server"));
        command.args(["--bind", "127.0.0.1:0", "--database", ":memory:"]).args(args);
        if let Some(value) = env {
            command.env("HELPDESK_STAFF_KEY", value);
        }
        let mut child = command.stderr(std::process::Stdio::piped()).spawn().expect("start");
        // A server that starts is still running after a moment: stop it and say so.
        std::thread::sleep(std::time::Duration::from_millis(700));
        if child.try_wait().expect("wait").is_none() {
            child.kill().expect("kill");
            return None;
        }
        let out = child.wait_with_output().expect("output");
        Some(String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let refused = run(&["--staff-key", ""], None).expect("--staff-key '' refused at start");
    assert!(refused.contains("at least 16"), "{refused}");
    let refused = run(&[], Some("")).expect("HELPDESK_STAFF_KEY= refused at start");
    assert!(refused.contains("at least 16"), "{refused}");
    assert!(run(&[], Some("0123456789abcdef")).is_none(), "a good key starts");
}

#[tokio::test]
async fn an_empty_or_non_text_api_key_never_matches_even_an_empty_configured_key() {
    let mut state = demo_state().await;
    for configured in ["", crate::support::STAFF_KEY] {
        state.staff_key = Some(std::sync::Arc::from(configured));
        let (status, env) = call(&state, "GET", "/api/v1/tickets/1", &[("x-api-key", "")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{configured:?}: {env}");
        assert_envelope(&env, "unauthorized");
    }
    // Bytes that are not text (Latin-1 é) against a configured key of the same bytes' lossy text.
    let request = axum::http::Request::builder()
        .uri("/api/v1/tickets/1")
        .header("x-api-key", axum::http::HeaderValue::from_bytes(b"caf\xe9").expect("header"))
        .body(axum::body::Body::empty())
        .expect("request");
    state.staff_key = Some(std::sync::Arc::from(""));
    let response =
        tower::ServiceExt::oneshot(helpdesk_server::app(state.state.clone(), None), request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn staff_revoke_one_token_or_every_token_of_a_service_at_once() {
    let state = demo_state().await;
    let issue = |service: i64| {
        let state = &state;
        async move {
            let body = json!({"service_id": service}).to_string();
            let (_, env) = send(state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, body).await;
            let token = env["data"]["token"].as_str().expect("token").to_owned();
            (format!("Bearer {token}"), env["data"]["token_id"].as_str().expect("token_id").to_owned())
        }
    };
    let works = |bearer: String| {
        let state = &state;
        async move { call(state, "GET", "/api/v1/tickets", &[("authorization", &bearer)]).await.0 == StatusCode::OK }
    };
    let (a1, a1_id) = issue(100).await;
    let (a2, _) = issue(100).await;
    let (b, _) = issue(101).await;
    assert_eq!(a1_id.len(), 16);
    assert!(!a1.contains(&a1_id), "the id is not a piece of the token");

    let (status, env) = call(&state, "DELETE", &format!("/api/v1/subscriber-tokens/{a1_id}"), &STAFF_JSON).await;
    assert_eq!((status, &env["data"]["revoked"]), (StatusCode::OK, &json!(1)), "{env}");
    assert_envelope(&env, "tokens_revoked");
    assert!(!works(a1.clone()).await, "a revoked token stops at its next request");
    assert!(works(a2.clone()).await && works(b.clone()).await, "the others go on");

    let (status, env) = call(&state, "DELETE", "/api/v1/subscriber-tokens?service_id=100", &STAFF_JSON).await;
    assert_eq!((status, &env["data"]["revoked"]), (StatusCode::OK, &json!(1)), "{env}");
    assert!(!works(a2).await);
    assert!(works(b.clone()).await, "another service's token is untouched");

    // Again: nothing left to revoke. Bad ids and subscribers are refused.
    let (_, env) = call(&state, "DELETE", &format!("/api/v1/subscriber-tokens/{a1_id}"), &STAFF_JSON).await;
    assert_eq!(env["data"]["revoked"], 0);
    for (path, expected) in [
        ("/api/v1/subscriber-tokens/not-hex-at-all!!", StatusCode::UNPROCESSABLE_ENTITY),
        ("/api/v1/subscriber-tokens?service_id=abc", StatusCode::UNPROCESSABLE_ENTITY),
        ("/api/v1/subscriber-tokens?service_id=999", StatusCode::NOT_FOUND),
        ("/api/v1/subscriber-tokens", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (status, env) = call(&state, "DELETE", path, &STAFF_JSON).await;
        assert_eq!(status, expected, "{path}: {env}");
    }
    let (status, _) =
        call(&state, "DELETE", "/api/v1/subscriber-tokens?service_id=101", &[("authorization", &b)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(works(b).await);
}
