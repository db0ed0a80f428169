//! Known outages over the API: staff declare and end one; the subscriber of the zone sees it,
//! says it happens to them too (never a ticket), and the zone-limit answer names it. Every
//! mistake answered in the envelope.

use serde_json::{Value, json};

use crate::support::{STAFF_JSON, SUBSCRIBER, SUBSCRIBER_JSON, assert_envelope, call, demo_state, send};

const SUB: [(&str, &str); 1] = [("authorization", SUBSCRIBER)];

/// A request and the status it must get: method, path, headers, body, status.
type Case<'a> = (&'a str, String, &'a [(&'a str, &'a str)], String, u16);

#[tokio::test]
async fn a_declared_outage_is_shown_joined_named_by_the_zone_limit_and_ended() {
    let demo = demo_state().await;
    let declare =
        json!({"zone_id": 2, "message": "Corte de fibra en la troncal norte.", "estimated_end": "2026-02-26 18:00"});
    let (status, declared) = send(&demo, "POST", "/api/v1/outages", &STAFF_JSON, declare.to_string()).await;
    assert_eq!(status, 201, "{declared}");
    assert_envelope(&declared, "outage_declared");
    let id = declared["data"]["outage_id"].as_u64().expect("id");
    assert_eq!(declared["data"]["estimated_end"], "2026-02-26 18:00");

    let (_, listed) = call(&demo, "GET", "/api/v1/outages", &SUB).await;
    assert_envelope(&listed, "outages_listed");
    // The core's reader reads back what the core's writer wrote.
    let read = helpdesk_core::envelope::parse_outages_response(&listed.to_string()).expect("outages");
    assert_eq!((read.len(), read[0].id, read[0].joined), (1, id, false), "{listed}");
    assert_eq!(read[0].estimated_end.map(|e| e.to_string()), Some("2026-02-26 18:00:00".to_owned()));
    for _ in 0..3 {
        let (status, joined) =
            send(&demo, "POST", &format!("/api/v1/outages/{id}/reports"), &SUBSCRIBER_JSON, "").await;
        assert_eq!(status, 200, "{joined}");
        assert_envelope(&joined, "outage_joined");
        assert_eq!((joined["data"]["joined"].as_bool(), joined["data"]["reports"].as_u64()), (Some(true), Some(1)));
    }
    let tickets_before = crate::support::ticket_count(&demo).await;

    // The zone fills up: the answer names the outage instead of only the limit.
    let mut full = Value::Null;
    for i in 0..10 {
        let body =
            json!({"service_id": 100, "subject": "No Tiene Internet", "description": format!("sin servicio {i}")});
        let (_, answer) = send(&demo, "POST", "/api/v1/tickets", &STAFF_JSON, body.to_string()).await;
        if answer["action"] == "zone_ticket_limit_reached" {
            full = answer;
            break;
        }
    }
    assert_eq!(full["data"]["outage"]["outage_id"], id, "{full}");
    let message = full["message"].as_str().unwrap_or_default();
    assert!(message.contains("known outage") && message.contains("Corte de fibra"), "{message}");
    assert!(
        crate::support::ticket_count(&demo).await > tickets_before,
        "the reports opened no ticket; the creates did"
    );

    let (status, ended) = send(&demo, "POST", &format!("/api/v1/outages/{id}/end"), &STAFF_JSON, "").await;
    assert_eq!(status, 200, "{ended}");
    assert_envelope(&ended, "outage_ended");
    assert_eq!(ended["data"]["services"], json!([100]), "the service told when it ends");
    let (_, listed) = call(&demo, "GET", "/api/v1/outages", &SUB).await;
    assert_eq!(listed["data"]["outages"], json!([]));
    let (status, again) = send(&demo, "POST", &format!("/api/v1/outages/{id}/end"), &STAFF_JSON, "").await;
    assert_eq!(status, 409, "{again}");
    let (status, late) = send(&demo, "POST", &format!("/api/v1/outages/{id}/reports"), &SUBSCRIBER_JSON, "").await;
    assert_eq!(status, 409, "{late}");
}

#[tokio::test]
async fn outage_mistakes_are_answered_in_the_envelope() {
    let demo = demo_state().await;
    let other_zone = json!({"zone_id": 1, "message": "Mantenimiento"}).to_string();
    let (_, other) = send(&demo, "POST", "/api/v1/outages", &STAFF_JSON, other_zone).await;
    let other = other["data"]["outage_id"].as_u64().expect("declared");
    let cases: [Case<'_>; 10] = [
        ("POST", "/api/v1/outages".into(), &STAFF_JSON, json!({"zone_id": 2, "message": "   "}).to_string(), 422),
        (
            "POST",
            "/api/v1/outages".into(),
            &STAFF_JSON,
            json!({"zone_id": 2, "message": "x", "estimated_end": "mañana"}).to_string(),
            422,
        ),
        ("POST", "/api/v1/outages".into(), &STAFF_JSON, json!({"zone_id": 99, "message": "x"}).to_string(), 404),
        (
            "POST",
            "/api/v1/outages".into(),
            &STAFF_JSON,
            json!({"zone_id": 2, "message": "x", "extra": 1}).to_string(),
            422,
        ),
        ("POST", "/api/v1/outages".into(), &SUBSCRIBER_JSON, json!({"zone_id": 2, "message": "x"}).to_string(), 403),
        ("POST", format!("/api/v1/outages/{other}/reports"), &SUBSCRIBER_JSON, String::new(), 404),
        ("POST", format!("/api/v1/outages/{other}/reports"), &STAFF_JSON, String::new(), 403),
        ("POST", format!("/api/v1/outages/{other}/end"), &SUBSCRIBER_JSON, String::new(), 403),
        ("POST", "/api/v1/outages/abc/end".into(), &STAFF_JSON, String::new(), 422),
        ("GET", "/api/v1/outages?zone_id=1".into(), &SUBSCRIBER_JSON, String::new(), 403),
    ];
    for (method, path, headers, body, expected) in cases {
        let (status, answer) = send(&demo, method, &path, headers, body.clone()).await;
        assert_eq!(status.as_u16(), expected, "{method} {path} {body}: {answer}");
        assert!(answer["action"].is_string() && answer["message"].is_string(), "{answer}");
    }
    let (_, staff) = call(&demo, "GET", "/api/v1/outages?zone_id=1", &[("x-api-key", crate::support::STAFF_KEY)]).await;
    assert_eq!(staff["data"]["outages"][0]["outage_id"], other);
}
