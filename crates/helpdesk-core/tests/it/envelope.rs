//! The envelope's readers and writers: the seeds' bodies, leniency, hostile bodies, round trips.

use helpdesk_core::envelope::{parse_ticket_list_response, parse_ticket_response, ticket_to_wire};
use helpdesk_core::{ParseError, PriorityLevel, StatusKind, TicketLookup};

/// The example body of seed 000, with the documented end_date corrected by the rule.
const SEED_000: &str = r#"{
  "ok": true, "type": "success", "action": "ticket_found",
  "data": { "ticket_id": 50, "subject": "Falla Masiva", "created_at": "2026-02-26 10:00",
            "end_date": "2026-03-03 10:00", "status_ticket": "Abierto", "priority": "3",
            "answer_text": null },
  "message": null, "meta": null }"#;

fn found(body: &str) -> helpdesk_core::Ticket {
    match parse_ticket_response(body) {
        Ok(TicketLookup::Found(t)) => t,
        other => panic!("expected a ticket, got {other:?}"),
    }
}

#[test]
fn seed_000_ticket_parses_into_the_normalised_model() {
    let t = found(SEED_000);
    assert_eq!(t.id, 50);
    assert_eq!(t.subject, "Falla Masiva");
    assert_eq!(t.status.kind, StatusKind::Open);
    assert_eq!(t.status.label, "Abierto");
    assert_eq!(t.priority.level, Some(PriorityLevel::High));
    assert_eq!(t.created_at.to_string(), "2026-02-26 10:00:00");
    assert_eq!(t.end_date.map(|d| d.to_string()).as_deref(), Some("2026-03-03 10:00:00"));
    assert_eq!(t.answer, None);
}

#[test]
fn not_found_comes_with_ok_true_and_null_data() {
    let body = r#"{"ok":true,"type":"info","action":"ticket_not_found","data":null,"message":null,"meta":null}"#;
    assert_eq!(parse_ticket_response(body), Ok(TicketLookup::NotFound));
}

#[test]
fn branching_is_on_action_not_on_ok() {
    // A found ticket with ok:false still is a found ticket; an error action with ok:true is still an error.
    let odd = SEED_000.replace("\"ok\": true", "\"ok\": false");
    assert_eq!(found(&odd).id, 50);
    let err = r#"{"ok":true,"type":"error","action":"unauthorized","data":null,"message":"token expired"}"#;
    assert_eq!(
        parse_ticket_response(err),
        Err(ParseError::Rejected { action: "unauthorized".into(), message: Some("token expired".into()) })
    );
}

#[test]
fn numbers_given_as_strings_and_strings_as_numbers_are_accepted() {
    let body = SEED_000
        .replace("\"ticket_id\": 50", "\"ticket_id\": \"50\"")
        .replace("\"priority\": \"3\"", "\"priority\": 3");
    let t = found(&body);
    assert_eq!((t.id, t.priority.level), (50, Some(PriorityLevel::High)));
}

#[test]
fn missing_optional_fields_and_extra_keys_degrade_gracefully() {
    let body = r#"{"action":"ticket_found","data":{"ticket_id":1,"subject":"x","created_at":"2026-01-02 08:00","surprise":[1,2]}}"#;
    let t = found(body);
    assert_eq!((t.end_date, t.answer, t.status.kind), (None, None, StatusKind::Other));
}

#[test]
fn hostile_bodies_are_errors_not_panics() {
    let deep = "[".repeat(10_000);
    for body in ["", "<html><body>502 Bad Gateway</body></html>", "null", "[]", "{}", "{\"action\":7}", &deep] {
        assert!(parse_ticket_response(body).is_err(), "{body:.40}");
    }
    let negative = SEED_000.replace("\"ticket_id\": 50", "\"ticket_id\": -5");
    assert!(matches!(parse_ticket_response(&negative), Err(ParseError::InvalidField { field: "ticket_id", .. })));
    let bad_date = SEED_000.replace("2026-02-26 10:00", "26/02/2026");
    assert!(matches!(parse_ticket_response(&bad_date), Err(ParseError::InvalidField { field: "created_at", .. })));
    let no_subject = SEED_000.replace("\"subject\": \"Falla Masiva\",", "");
    assert_eq!(parse_ticket_response(&no_subject), Err(ParseError::MissingField("subject")));
}

#[test]
fn wire_form_round_trips() {
    let t = found(SEED_000);
    let body = serde_json::json!({"ok": true, "type": "success", "action": "ticket_found", "data": ticket_to_wire(&t)});
    assert_eq!(found(&body.to_string()), t);
}

#[test]
fn list_parses_and_rejects_other_actions() {
    let t = found(SEED_000);
    let body = serde_json::json!({"ok": true, "type": "success", "action": "tickets_listed",
        "data": {"tickets": [ticket_to_wire(&t)], "total": "1", "page": 1, "per_page": 20}});
    let page = parse_ticket_list_response(&body.to_string()).expect("page");
    assert_eq!((page.tickets.len(), page.total, page.per_page), (1, 1, 20));
    assert!(parse_ticket_list_response(SEED_000).is_err());
}

#[test]
fn field_errors_read_as_messages_whatever_shape_the_back_end_writes() {
    use helpdesk_core::envelope::{CreateOutcome, parse_create_response};
    let body = r#"{"ok": false, "type": "error", "action": "ticket_creation_failed", "message": "Invalid",
        "data": {"errors": {"subject": ["Required.", "Not in the catalog."], "description": "Too short.",
                            "zone": 7, "odd": null, "nested": {"a": 1}},
                 "closest_subjects": ["Internet Lento"]}, "meta": null}"#;
    let Ok(CreateOutcome::Failed { errors, closest_subjects, message }) = parse_create_response(body) else {
        panic!("a refused creation");
    };
    let read: Vec<(&str, &str)> = errors.iter().map(|(f, m)| (f.as_str(), m.as_str())).collect();
    assert_eq!(
        read,
        [("description", "Too short."), ("subject", "Required. Not in the catalog."), ("zone", "7")],
        "in field order; null and objects carry no message, so no entry"
    );
    assert_eq!(closest_subjects, ["Internet Lento"]);
    assert_eq!(message.as_deref(), Some("Invalid"));
}

/// The same bodies as the widget's browser test of `JSON.parse`: natively read by
/// serde_json, with the same outcome (ids beyond 2^53 aside, which the browser refuses).
#[test]
fn bodies_read_natively_as_in_the_browser() {
    let body = |id: &str| {
        format!(
            r#"{{"ok": true, "type": "success", "action": "ticket_found", "data": {{"ticket_id": {id},
            "subject": "Antena Da\u00f1ada", "created_at": "2026-02-26 10:00", "status_ticket": "Abierto", "priority": 3,
            "answer_text": null, "extra": {{"nested": [1, 2.5, -3, true, null, {{}}]}}}}, "message": null, "meta": null}}"#
        )
    };
    assert_eq!(found(&body("50")).id, 50);
    assert_eq!(found(&body("\"50\"")).id, 50);
    let subject = |json: &str| found(&body("50").replace(r#""Antena Da\u00f1ada""#, json)).subject;
    assert_eq!(
        [subject("12"), subject("-3"), subject("2.5"), subject("0.1"), subject("1e-7")],
        ["12", "-3", "2.5", "0.1", "1e-7"],
        "numbers where text belongs read as their text"
    );
    assert!(matches!(parse_ticket_response(&body("-5")), Err(ParseError::InvalidField { field: "ticket_id", .. })));
    let nested = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(matches!(parse_ticket_response(&nested), Err(ParseError::NotJson(_))), "nested past the limit");
    assert!(matches!(parse_ticket_response("<html>"), Err(ParseError::NotJson(_))));
}

#[test]
fn a_tickets_place_in_the_back_office_round_trips_and_is_absent_when_standalone() {
    use helpdesk_core::envelope::ticket_to_wire;
    use helpdesk_core::{BackOffice, Priority, Status, Ticket};
    let mut ticket = Ticket {
        id: 3,
        subject: "Internet Lento".into(),
        status: Status::from_label("Abierto"),
        priority: Priority::from_label("2"),
        created_at: "2026-02-26T10:00:00".parse().expect("date"),
        end_date: None,
        answer: None,
        back_office: None,
        unread: false,
    };
    assert!(ticket_to_wire(&ticket).get("back_office_ticket").is_none(), "standalone: the seed's shape");
    for (state, wire) in
        [(BackOffice::Pending, serde_json::json!("pending")), (BackOffice::Filed(812), serde_json::json!(812))]
    {
        ticket.back_office = Some(state);
        let data = ticket_to_wire(&ticket);
        assert_eq!(data["back_office_ticket"], wire);
        let body = serde_json::json!({"ok": true, "type": "success", "action": "ticket_found", "data": data});
        assert_eq!(found(&body.to_string()).back_office, Some(state));
    }
}

#[test]
fn unread_is_written_only_when_true_and_read_back() {
    use helpdesk_core::envelope::ticket_to_wire;
    use helpdesk_core::{Priority, Status, Ticket};
    let mut ticket = Ticket {
        id: 4,
        subject: "Internet Lento".into(),
        status: Status::from_label("En Progreso"),
        priority: Priority::from_label("2"),
        created_at: "2026-02-26T10:00:00".parse().expect("date"),
        end_date: None,
        answer: Some("Revisamos su antena".into()),
        back_office: None,
        unread: false,
    };
    assert!(ticket_to_wire(&ticket).get("unread").is_none(), "read tickets keep the seed's shape");
    ticket.unread = true;
    let data = ticket_to_wire(&ticket);
    assert_eq!(data["unread"], true);
    let body = serde_json::json!({"ok": true, "type": "success", "action": "ticket_found", "data": data});
    assert!(found(&body.to_string()).unread);
}
