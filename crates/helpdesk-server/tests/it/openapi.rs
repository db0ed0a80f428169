//! The OpenAPI document is valid JSON, served, and describes only routes that exist.

use axum::http::StatusCode;
use serde_json::Value;

use crate::support::{STAFF_KEY, call, demo_state, send};

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let state = demo_state().await;
    let (status, doc) = call(&state, "GET", "/api/openapi.json", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 15, "{} paths", paths.len());
    for (path, ops) in paths {
        let concrete = path.replace("{id}", "1").replace("{zone_id}", "2").replace("{token_id}", "0123456789abcdef");
        for method in ops.as_object().expect("operations").keys() {
            let (status, body) = send(
                &state,
                &method.to_uppercase(),
                &concrete,
                &[("x-api-key", STAFF_KEY), ("content-type", "application/json")],
                "{}",
            )
            .await;
            assert_ne!(body["action"], "route_not_found", "{method} {path} is documented but not routed");
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert!(!status.is_server_error(), "{method} {path}: {status}");
        }
    }
}

#[tokio::test]
async fn every_envelope_action_is_documented() {
    let doc: Value = serde_json::from_str(helpdesk_server::routes::access::OPENAPI).expect("valid JSON");
    let documented: Vec<&str> = doc["components"]["schemas"]["Envelope"]["properties"]["action"]["enum"]
        .as_array()
        .expect("enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for action in documented.iter() {
        assert!(helpdesk_core::Action::from_wire(action).is_some(), "{action} is not an action");
    }
    for action in helpdesk_core::Action::ALL {
        assert!(documented.contains(&action.as_str()), "{action} is not documented");
    }
    assert_eq!(documented.len(), helpdesk_core::Action::ALL.len(), "one entry per helpdesk_core::Action");
}

#[tokio::test]
async fn the_served_document_states_the_catalog_and_text_limit_in_force() {
    let mut state = demo_state().await;
    let mut rules = state.policy.rules.clone();
    rules.max_text_chars = 123;
    state.policy = std::sync::Arc::new(helpdesk_server::ServerPolicy::new(rules).expect("policy"));
    let (_, doc) = call(&state, "GET", "/api/openapi.json", &[]).await;
    let subject = &doc["components"]["schemas"]["NewTicket"]["properties"]["subject"]["enum"];
    assert_eq!(subject.as_array().map(Vec::len), Some(31), "{subject}");
    assert_eq!(doc["components"]["schemas"]["NewTicket"]["properties"]["description"]["maxLength"], 123);
    let reply = &doc["paths"]["/api/v1/tickets/{id}/replies"]["post"]["requestBody"]["content"]["application/json"];
    assert_eq!(reply["schema"]["properties"]["message"]["maxLength"], 123);
    // Operations without a body gain none.
    assert!(doc["paths"]["/api/v1/tickets/{id}/close"]["post"].get("requestBody").is_none());
    let file: Value = serde_json::from_str(helpdesk_server::routes::access::OPENAPI).expect("json");
    assert_eq!(doc["paths"].as_object().map(|p| p.len()), file["paths"].as_object().map(|p| p.len()));
}
