//! Standalone mode from an empty database: staff create zones, technicians and services (by
//! the API or a CSV import, all or nothing), and a subscriber opens the first ticket.

use std::sync::Arc;

use axum::http::StatusCode;
use helpdesk_server::store::{Backend, Page, SqliteStore};
use helpdesk_server::{AppState, ServerPolicy, Store};
use serde_json::json;

use crate::support::{STAFF_JSON, STAFF_KEY, assert_envelope, call, send};

/// A server over an empty database, outside demo mode.
fn empty() -> (AppState, SqliteStore) {
    let db = SqliteStore::in_memory().expect("store");
    let state = AppState {
        staff_key: Some(Arc::from(STAFF_KEY)),
        ..AppState::new(Store::new(db.clone()), Arc::new(ServerPolicy::default()))
    };
    (state, db)
}

#[tokio::test]
async fn from_an_empty_database_to_a_subscribers_first_ticket_through_the_staff_api() {
    let (state, _) = empty();
    let put = |path: &'static str, body: serde_json::Value| {
        let state = &state;
        async move { send(state, "PUT", path, &STAFF_JSON, body.to_string()).await }
    };
    let (status, env) = put("/api/v1/zones/7", json!({"name": "Norte"})).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    assert_envelope(&env, "zone_saved");
    let (status, _) = put("/api/v1/zones/7", json!({"name": "Zona Norte"})).await;
    assert_eq!(status, StatusCode::OK, "a second PUT updates");
    let (status, _) = put("/api/v1/technicians/3", json!({"name": "Diego"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let service = json!({"zone_id": 7, "technician_id": 3, "subscriber_name": "Ana Gómez"});
    let (status, env) = put("/api/v1/services/5001", service).await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    assert_envelope(&env, "service_saved");

    let (_, zones) = call(&state, "GET", "/api/v1/zones", &STAFF_JSON).await;
    assert_eq!(zones["data"]["zones"], json!([{"id": 7, "name": "Zona Norte"}]));
    let (_, techs) = call(&state, "GET", "/api/v1/technicians", &STAFF_JSON).await;
    assert_eq!(techs["data"]["technicians"], json!([{"id": 3, "name": "Diego"}]));
    let (_, services) = call(&state, "GET", "/api/v1/services?zone_id=7", &STAFF_JSON).await;
    assert_eq!(services["data"]["services"][0]["subscriber_name"], "Ana Gómez");
    assert_eq!(services["data"]["total"], 1);

    // The subscriber's first ticket.
    let (_, issued) =
        send(&state, "POST", "/api/v1/subscriber-tokens", &STAFF_JSON, json!({"service_id": 5001}).to_string()).await;
    let bearer = format!("Bearer {}", issued["data"]["token"].as_str().expect("token"));
    let ticket = json!({"subject": "Internet Lento", "description": "Lento en la noche"}).to_string();
    let (status, env) = send(
        &state,
        "POST",
        "/api/v1/tickets",
        &[("authorization", &bearer), ("content-type", "application/json")],
        ticket,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{env}");
    assert_eq!(env["data"]["ticket_id"], 1);
}

#[tokio::test]
async fn a_service_of_an_unknown_zone_or_technician_or_with_a_bad_field_saves_nothing() {
    let (state, db) = empty();
    let (status, _) = send(&state, "PUT", "/api/v1/zones/1", &STAFF_JSON, json!({"name": "Centro"}).to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
    for (path, body, why) in [
        ("/api/v1/services/9", json!({"zone_id": 2, "technician_id": 1, "subscriber_name": "x"}), "no zone 2"),
        ("/api/v1/services/9", json!({"zone_id": 1, "technician_id": 4, "subscriber_name": "x"}), "no technician 4"),
    ] {
        let (status, env) = send(&state, "PUT", path, &STAFF_JSON, body.to_string()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {env}");
        assert!(env.to_string().contains(why), "{path}: {env}");
    }
    for (path, body, why) in [
        ("/api/v1/services/9", json!({"zone_id": 1, "technician_id": 4, "subscriber_name": "  "}), "must not be empty"),
        ("/api/v1/services/9", json!({"zone_id": -1, "technician_id": 4, "subscriber_name": "x"}), "positive"),
        ("/api/v1/services/0", json!({"zone_id": 1, "technician_id": 4, "subscriber_name": "x"}), "positive"),
        ("/api/v1/zones/2", json!({"name": "n".repeat(201)}), "longer than 200"),
        ("/api/v1/zones/2", json!({"title": "x"}), "expected fields"),
    ] {
        let (status, env) = send(&state, "PUT", path, &STAFF_JSON, body.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {env}");
        assert!(env.to_string().contains(why), "{path}: {env}");
    }
    let (services, total) = db.services(None, Page { number: 1, size: 10 }).await.expect("services");
    assert_eq!((services.len(), total), (0, 0));
    // Subscribers manage nothing.
    let (status, _) = call(&state, "GET", "/api/v1/zones", &[("authorization", "Bearer nobody")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

const GOOD: &str = "service_id,subscriber_name,zone_id,zone_name,technician_id,technician_name
100,Ana Gómez,2,Norte,5,Diego
101,\"Díaz, Bruno\",2,Norte,5,Diego
200,Carla Ruiz,1,Centro,7,Elena
";

#[tokio::test]
async fn a_csv_import_writes_every_row_or_none_with_a_report_of_every_bad_row() {
    let (state, db) = empty();
    let batch = helpdesk_server::import::read(GOOD.as_bytes()).expect("a good file");
    assert_eq!((batch.services.len(), batch.zones.len(), batch.technicians.len()), (3, 2, 2));
    let dir = tempfile::tempdir().expect("dir");
    let good = dir.path().join("good.csv");
    std::fs::write(&good, GOOD).expect("write");
    let summary = helpdesk_server::import::run(&state.store, &good).await.expect("imported");
    assert_eq!(summary, "imported 3 services (3 new, 0 updated), 2 zones (2 new), 2 technicians (2 new)");
    assert_eq!(db.services(None, Page { number: 1, size: 10 }).await.expect("services").1, 3);
    // Semicolons, a BOM and an update of one line.
    let semi = "\u{feff}service_id;subscriber_name;zone_id;technician_id\n100;Ana María Gómez;2;5\n";
    std::fs::write(&good, semi).expect("write");
    let summary = helpdesk_server::import::run(&state.store, &good).await.expect("imported");
    assert!(summary.starts_with("imported 1 services (0 new, 1 updated)"), "{summary}");

    let bad = "service_id,subscriber_name,zone_id,zone_name,technician_id
300,Ok Row,1,Centro,7
abc,Bad Id,1,,7
301,,1,,7
300,Twice,1,,7
302,Renamed,1,Downtown,7
303,No Such Zone,9,,7
";
    let problems = helpdesk_server::import::read(bad.as_bytes()).expect_err("refused");
    let expected = [
        "line 3: service_id \"abc\"",
        "line 4: subscriber_name must not be empty",
        "line 5: service 300 appears again (first on line 2)",
        "line 6: zone 1 is named \"Downtown\" here but \"Centro\" on line 2",
    ];
    for e in expected {
        assert!(problems.iter().any(|p| p.starts_with(e)), "{e} not in {problems:?}");
    }
    // A row that reads well but names a zone that does not exist refuses the whole file.
    let unknown = "service_id,subscriber_name,zone_id,technician_id\n400,Fine,1,7\n401,Nowhere,9,7\n";
    std::fs::write(&good, unknown).expect("write");
    let problems = helpdesk_server::import::run(&state.store, &good).await.expect_err("refused");
    assert_eq!(problems, ["service 401: there is no zone 9"]);
    assert_eq!(db.services(None, Page { number: 1, size: 10 }).await.expect("services").1, 3, "nothing half-imported");
    let missing = helpdesk_server::import::read("service_id,zone_id\n1,2\n".as_bytes()).expect_err("refused");
    assert_eq!(missing, ["line 1: the header lacks subscriber_name, technician_id"]);
}

#[test]
fn the_import_command_reports_and_exits_non_zero_on_a_bad_file() {
    let dir = tempfile::tempdir().expect("dir");
    let (csv, db) = (dir.path().join("services.csv"), dir.path().join("helpdesk.db"));
    let import = |text: &str| {
        std::fs::write(&csv, text).expect("write");
        std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk-server"))
            .arg("--database")
            .arg(&db)
            .arg("import")
            .arg(&csv)
            .output()
            .expect("run")
    };
    let ok = import(GOOD);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("imported 3 services"));
    let bad = import("service_id,subscriber_name,zone_id,technician_id\nx,A,1,1\n");
    assert_eq!(bad.status.code(), Some(1));
    let report = String::from_utf8_lossy(&bad.stderr);
    assert!(report.contains("nothing was imported") && report.contains("line 2: service_id \"x\""), "{report}");
}
