//! Client mistakes, made on purpose: every one is answered in the envelope (or the dialect's
//! own error shape on the dialect routes) with a message, never a 500, never axum's plain
//! text or an empty body.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::support::{Demo, STAFF_KEY, SUBSCRIBER, assert_envelope, demo_state};

/// Send a request as it is (any bytes in the path); the status, headers and body as JSON.
async fn raw(
    demo: &Demo,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Body,
) -> (StatusCode, HeaderMap, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let response =
        helpdesk_server::app(demo.state.clone(), None).oneshot(req.body(body).expect("request")).await.expect("answer");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{method} {uri}: not JSON ({e}): {bytes:?}"));
    (status, headers, json)
}

#[tokio::test]
async fn ids_that_are_not_plain_positive_integers_are_422_in_the_envelope() {
    let demo = demo_state().await;
    let staff = [("x-api-key", STAFF_KEY), ("content-type", "application/json")];
    for id in ["%FF", "%C3%28", "+1", "-1", "%201", "1%20", "1e3", "0x10", "99999999999999999999", "0"] {
        for (method, path) in [
            ("GET", format!("/api/v1/tickets/{id}")),
            ("GET", format!("/api/v1/tickets/{id}/thread")),
            ("POST", format!("/api/v1/tickets/{id}/replies")),
            ("POST", format!("/api/v1/tickets/{id}/close")),
            ("GET", format!("/api/v1/tickets/zone-blocked/{id}")),
        ] {
            let (status, _, env) = raw(&demo, method, &path, &staff, Body::from(r#"{"message":"x"}"#)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{method} {path}: {env}");
            assert_envelope(&env, "invalid_request");
            assert!(env["message"].as_str().is_some_and(|m| m.contains("positive integer")), "{path}: {env}");
        }
    }
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow_in_the_envelope_or_the_dialects_shape() {
    let demo = demo_state().await;
    let auth = [("authorization", SUBSCRIBER)];
    for (method, path) in [
        ("DELETE", "/api/v1/tickets"),
        ("PUT", "/api/v1/tickets/1"),
        ("GET", "/api/v1/tickets/1/replies"),
        ("POST", "/api/v1/policy"),
        ("PATCH", "/api/v1/subscriber-tokens"),
        ("POST", "/api/openapi.json"),
    ] {
        let (status, headers, env) = raw(&demo, method, path, &auth, Body::empty()).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}: {env}");
        assert_envelope(&env, "method_not_allowed");
        assert!(env["message"].as_str().is_some_and(|m| m.contains(method)), "{env}");
        assert!(headers.get("allow").is_some(), "{method} {path}: no Allow header");
    }
    let (status, _, whmcs) = raw(&demo, "GET", "/api/v2/keliweb/get-ticket", &auth, Body::empty()).await;
    assert_eq!((status, &whmcs["result"]), (StatusCode::METHOD_NOT_ALLOWED, &Value::from("error")), "{whmcs}");
    let (status, _, crm) = raw(&demo, "POST", "/api/v1/subscriber/getCustomerTickets", &auth, Body::empty()).await;
    assert_eq!((status, &crm["success"]), (StatusCode::METHOD_NOT_ALLOWED, &Value::from(false)), "{crm}");
}

#[tokio::test]
async fn a_store_failure_on_the_dialect_routes_is_their_own_500_not_a_401() {
    let demo = demo_state().await;
    demo.db.call(|c| Ok(c.execute_batch("DROP TABLE subscriber_tokens")?)).await.expect("break the store");
    let auth = [("authorization", "Bearer some-issued-token"), ("content-type", "application/x-www-form-urlencoded")];
    let (status, _, whmcs) = raw(&demo, "POST", "/api/v2/keliweb/get-ticket", &auth, Body::from("ticketid=1")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{whmcs}");
    assert_eq!(whmcs["result"], "error");
    assert!(!whmcs["message"].as_str().unwrap_or_default().contains("subscriber_tokens"), "no detail leaks: {whmcs}");
    let (status, _, crm) = raw(&demo, "GET", "/api/v1/subscriber/getCustomerTickets", &auth, Body::empty()).await;
    assert_eq!((status, &crm["success"]), (StatusCode::INTERNAL_SERVER_ERROR, &Value::from(false)), "{crm}");
}

#[tokio::test]
async fn an_oversized_body_is_413_on_every_route_the_whmcs_one_included() {
    let demo = demo_state().await;
    let big = "x".repeat(helpdesk_server::extract::BODY_LIMIT + 1);
    let staff = [("x-api-key", STAFF_KEY)];
    let form = [staff[0], ("content-type", "application/x-www-form-urlencoded")];
    let body = format!("ticketid=1&filler={big}");
    let (status, _, whmcs) = raw(&demo, "POST", "/api/v2/keliweb/get-ticket", &form, Body::from(body)).await;
    assert_eq!((status, &whmcs["result"]), (StatusCode::PAYLOAD_TOO_LARGE, &Value::from("error")), "{whmcs}");
    let boundary = "XyZ";
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"ticketid\"\r\n\r\n1\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"filler\"\r\n\r\n{big}\r\n--{boundary}--\r\n"
    );
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let headers = [staff[0], ("content-type", content_type.as_str())];
    let (status, _, whmcs) = raw(&demo, "POST", "/api/v2/keliweb/get-ticket", &headers, Body::from(multipart)).await;
    assert_eq!((status, &whmcs["result"]), (StatusCode::PAYLOAD_TOO_LARGE, &Value::from("error")), "{whmcs}");
    let json = [staff[0], ("content-type", "application/json")];
    for path in ["/api/v1/tickets", "/api/v1/tickets/1/replies", "/api/v1/subscriber-tokens"] {
        let (status, _, env) = raw(&demo, "POST", path, &json, Body::from(format!("{{\"x\":\"{big}\"}}"))).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}: {env}");
    }
}

#[tokio::test]
async fn every_answer_says_nosniff() {
    let demo = demo_state().await;
    let auth = [("authorization", SUBSCRIBER)];
    for (method, path) in [
        ("GET", "/api/v1/tickets"),
        ("GET", "/api/v1/tickets/999"),
        ("GET", "/api/v1/nowhere"),
        ("DELETE", "/api/v1/tickets"),
        ("GET", "/api/openapi.json"),
        ("GET", "/api/v1/subscriber/getCustomerTickets"),
    ] {
        let (_, headers, _) = raw(&demo, method, path, &auth, Body::empty()).await;
        assert_eq!(
            headers.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn a_refused_subject_always_gets_suggestions_and_a_huge_one_costs_and_echoes_little() {
    let demo = demo_state().await;
    let json = [("authorization", SUBSCRIBER), ("content-type", "application/json")];
    let create = |subject: String| {
        let body = serde_json::json!({"subject": subject, "description": "x"}).to_string();
        raw(&demo, "POST", "/api/v1/tickets", &json, Body::from(body))
    };
    let (status, _, env) = create("Falla Masiva".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(env["data"]["closest_subjects"].as_array().map(Vec::len), Some(3), "{env}");

    let huge = "Internet Lento ".repeat(4_000);
    let (status, _, env) = create(huge).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let answer = env.to_string();
    assert!(answer.len() < 1_000, "the refusal echoes {} bytes", answer.len());
    assert_eq!(env["data"]["closest_subjects"][0], "Internet Lento", "{env}");
}

#[tokio::test]
async fn a_whole_number_with_a_zero_fraction_is_the_id_json_schema_says_it_is() {
    let demo = demo_state().await;
    let staff = [("x-api-key", STAFF_KEY)];
    for (path, action) in [
        ("/api/v1/tickets/1.0", "ticket_found"),
        ("/api/v1/tickets?service_id=100.00&page=1.0", "tickets_listed"),
        ("/api/v1/tickets/1/thread?per_page=5.0", "thread_found"),
    ] {
        let (status, _, env) = raw(&demo, "GET", path, &staff, Body::empty()).await;
        assert_eq!(status, StatusCode::OK, "{path}: {env}");
        assert_envelope(&env, action);
    }
    for path in ["/api/v1/tickets/1.5", "/api/v1/tickets/1.", "/api/v1/tickets?page=1.5", "/api/v1/tickets?page=%2B1"] {
        let (status, _, env) = raw(&demo, "GET", path, &staff, Body::empty()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {env}");
    }
    let token = r#"{"service_id": 100.0, "ttl_minutes": 30.0}"#;
    let json = [staff[0], ("content-type", "application/json")];
    let (status, _, env) = raw(&demo, "POST", "/api/v1/subscriber-tokens", &json, Body::from(token)).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    let half = r#"{"service_id": 100.5}"#;
    let (status, _, _) = raw(&demo, "POST", "/api/v1/subscriber-tokens", &json, Body::from(half)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
