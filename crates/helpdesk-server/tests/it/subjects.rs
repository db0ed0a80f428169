//! The catalog as a subscriber reads it: grouped by priority, worded in their language, and
//! searched by their own words in the core's order.

use axum::http::StatusCode;
use helpdesk_server::ServerPolicy;
use serde_json::Value;

use crate::support::{STAFF_KEY, SUBSCRIBER, assert_envelope, call, demo_state};

fn names(env: &Value) -> Vec<String> {
    env["data"]["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .map(|s| s["name"].as_str().expect("name").to_owned())
        .collect()
}

#[tokio::test]
async fn subjects_endpoint_groups_the_catalog_by_priority_and_words_it_per_language() {
    let state = demo_state().await;
    let (status, env) = call(&state, "GET", "/api/v1/tickets/subjects", &[("x-api-key", STAFF_KEY)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_envelope(&env, "subjects_listed");
    let by = &env["data"]["by_priority"];
    let sizes: Vec<usize> =
        ["low", "normal", "high", "very_high"].iter().map(|p| by[p].as_array().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, [5, 5, 18, 3]);
    assert_eq!(env["data"]["all"].as_array().map(Vec::len), Some(31));
    assert_eq!(names(&env).len(), 31, "every subject, in catalog order, without a query");
    let poe = |env: &Value| {
        env["data"]["subjects"].as_array().expect("list").iter().find(|s| s["name"] == "PoE Dañado").cloned()
    };
    let es = poe(&env).expect("PoE");
    assert_eq!(
        (es["label"].as_str(), es["priority"].as_str()),
        (Some("El adaptador de corriente de la antena no funciona"), Some("high"))
    );
    let (_, it) = call(&state, "GET", "/api/v1/tickets/subjects?lang=it", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(poe(&it).expect("PoE")["label"], "L'alimentatore dell'antenna non funziona");
    let (_, pt) = call(&state, "GET", "/api/v1/tickets/subjects?lang=pt", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(poe(&pt).expect("PoE")["label"], "PoE Dañado", "a language without wording reads the name");
}

#[tokio::test]
async fn a_search_answers_the_cores_ranking_in_the_subscribers_language() {
    let state = demo_state().await;
    let catalog = ServerPolicy::default().rules.catalog;
    for (lang, q) in [
        ("es", "no tengo internet"),
        ("es", "router resetiado"),
        ("en", "slow at night"),
        ("it", "non ho internet"),
        ("es", "antena"),
    ] {
        let uri = format!("/api/v1/tickets/subjects?lang={lang}&q={}", q.replace(' ', "%20"));
        let (status, env) = call(&state, "GET", &uri, &[("authorization", SUBSCRIBER)]).await;
        assert_eq!(status, StatusCode::OK, "{env}");
        let expected: Vec<String> = catalog.search(q, lang).iter().map(|s| s.name.clone()).collect();
        assert!(!expected.is_empty(), "{q}");
        assert_eq!(names(&env), expected, "{lang} {q:?}");
    }
    let (_, none) =
        call(&state, "GET", "/api/v1/tickets/subjects?q=qwertyuiop", &[("authorization", SUBSCRIBER)]).await;
    assert_eq!(names(&none), Vec::<String>::new());
}

#[tokio::test]
async fn a_bad_language_or_an_overlong_search_is_refused_clearly() {
    let state = demo_state().await;
    let long = format!("/api/v1/tickets/subjects?q={}", "a".repeat(201));
    for uri in [
        "/api/v1/tickets/subjects?lang=ES",
        "/api/v1/tickets/subjects?lang=español",
        "/api/v1/tickets/subjects?lang=",
        long.as_str(),
    ] {
        let (status, env) = call(&state, "GET", uri, &[("authorization", SUBSCRIBER)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {env}");
        assert_envelope(&env, "invalid_request");
    }
}

#[tokio::test]
async fn the_policy_carries_the_wording_the_widget_searches() {
    let state = demo_state().await;
    let (_, env) = call(&state, "GET", "/api/v1/policy", &[("authorization", SUBSCRIBER)]).await;
    let policy = helpdesk_core::policy::Policy::from_json(&env["data"]).expect("the core reads it");
    assert_eq!(policy.catalog.search("la cajita está apagada", "es")[0].name, "PoE Dañado");
}

#[tokio::test]
async fn an_isp_replaces_the_catalog_and_words_its_own_subjects_from_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("catalog.json");
    let catalog = serde_json::json!([
        {"name": "Falla Eléctrica", "priority": "high",
         "wording": [{"lang": "es", "label": "Se fue la luz y no volvió internet", "words": ["apagón"]}]},
        {"name": "Internet Lento", "priority": "normal"}
    ]);
    std::fs::write(&file, catalog.to_string()).expect("write");
    let db = dir.path().join("helpdesk.db");
    // A directory of its own, so that the demo data (whose subjects this catalog lacks) is not seeded.
    let store = helpdesk_server::store::SqliteStore::open(&db).expect("store");
    crate::conformance::seed(&helpdesk_server::Store::new(store), 1, 1).await;
    let server = crate::support::ServerProcess::start(&db, &["--catalog", file.to_str().expect("path")]).await;
    let headers = [("x-api-key", STAFF_KEY)];
    let (status, env) =
        crate::support::http(server.addr, "GET", "/api/v1/tickets/subjects?q=hubo%20un%20apagon", &headers, "").await;
    assert_eq!(status, 200, "{env}");
    assert_eq!(names(&env), ["Falla Eléctrica"]);
    let (_, all) = crate::support::http(server.addr, "GET", "/api/v1/tickets/subjects", &headers, "").await;
    assert_eq!(names(&all), ["Falla Eléctrica", "Internet Lento"], "the file's catalog, not the built-in one");
    assert_eq!(all["data"]["subjects"][1]["label"], "Internet va lento", "the built-in wording fills in");
    drop(server);

    for (bad, why) in [
        ("[]", "empty"),
        (r#"[{"name": "X", "priority": "urgent"}]"#, "unknown variant"),
        (r#"[{"name": "X", "priority": "low", "wording": [{"label": "x"}]}]"#, "lang"),
        (r#"[{"name": "X""#, "EOF"),
    ] {
        std::fs::write(&file, bad).expect("write");
        let error = helpdesk_server::config::read_catalog(&file).expect_err(bad);
        assert!(error.contains("catalog.json") && error.contains(why), "{bad}: {error}");
    }
}
