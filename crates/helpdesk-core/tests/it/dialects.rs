//! The WHMCS and ISP-CRM parsers on the seeds' bodies, their quirks and hostile bodies.

use helpdesk_core::dialect::crm::parse_customer_tickets;
use helpdesk_core::dialect::whmcs::parse_get_ticket;
use helpdesk_core::{Author, ParseError, PriorityLevel, StatusKind};

use crate::fixture;

#[test]
fn seed_002_ticket_parses_with_its_thread_and_notes_apart() {
    let t = parse_get_ticket(&fixture("whmcs_get_ticket.json")).expect("seed 002");
    let ticket = &t.thread.ticket;
    assert_eq!((ticket.id, ticket.subject.as_str()), (1, "This is a sample ticket"));
    assert_eq!(t.thread.number.as_deref(), Some("516757"));
    assert_eq!((ticket.status.kind, ticket.status.label.as_str()), (StatusKind::Closed, "Closed"));
    assert_eq!(ticket.priority.level, Some(PriorityLevel::Normal));
    assert_eq!(ticket.created_at.to_string(), "2016-01-01 06:26:29");
    let authors: Vec<Author> = t.thread.messages.iter().map(|m| m.author).collect();
    assert_eq!(authors, [Author::Subscriber, Author::Staff, Author::Subscriber]);
    assert_eq!(t.thread.messages[1].name, "Demo Admin");
    assert!(ticket.answer.as_deref().is_some_and(|a| a.contains("first ticket reply by an admin")));
    assert_eq!(t.staff_notes.len(), 1);
    assert_eq!(t.staff_notes[0].text, "This is a ticket note");
    let public = serde_json::to_string(&t.thread).expect("json");
    assert!(!public.contains("This is a ticket note"), "staff notes leaked into the thread");
}

#[test]
fn whmcs_numbers_as_numbers_and_a_single_reply_object_are_accepted() {
    let body = r#"{"result":"success","ticketid":7,"subject":"x","status":"Customer-Reply","priority":"High",
        "date":"2026-01-02 08:00:00","replies":{"reply":{"replyid":0,"date":"2026-01-02 08:00:00","message":"hola","admin":""}}}"#;
    let t = parse_get_ticket(body).expect("parse");
    assert_eq!((t.thread.ticket.id, t.thread.messages.len()), (7, 1));
    assert_eq!(t.thread.ticket.status.kind, StatusKind::CustomerReply);
    assert!(t.staff_notes.is_empty() && t.thread.ticket.answer.is_none());
}

#[test]
fn whmcs_error_result_keeps_its_message() {
    let err = parse_get_ticket(r#"{"result":"error","message":"Ticket ID Not Found"}"#).expect_err("error");
    assert_eq!(err, ParseError::Rejected { action: "error".into(), message: Some("Ticket ID Not Found".into()) });
}

#[test]
fn seed_003_list_parses_and_its_401_404_and_bare_bodies_are_errors() {
    let tickets = parse_customer_tickets(&fixture("crm_tickets.json"), |t| t.naive_utc()).expect("seed 003");
    assert_eq!(tickets.len(), 2);
    assert_eq!((tickets[0].id, tickets[0].status.kind), (101, StatusKind::Open));
    assert_eq!((tickets[1].id, tickets[1].status.kind), (102, StatusKind::Closed));
    assert_eq!(tickets[0].priority.level, Some(PriorityLevel::High));
    let to_bogota = |t: chrono::DateTime<chrono::Utc>| t.naive_utc() - chrono::Duration::hours(5);
    let local = parse_customer_tickets(&fixture("crm_tickets.json"), to_bogota).expect("seed 003");
    assert_eq!(local[0].created_at.to_string(), "2023-12-01 05:00:00");
    for (body, message) in [
        (r#"{"success": false, "message": "Unauthorized"}"#, "Unauthorized"),
        (r#"{"success": false, "message": "Subscriber not found"}"#, "Subscriber not found"),
        (r#"{"message": "Server Error"}"#, "Server Error"),
    ] {
        match parse_customer_tickets(body, |t| t.naive_utc()) {
            Err(ParseError::Rejected { message: Some(m), .. }) => assert_eq!(m, message),
            other => panic!("{body}: {other:?}"),
        }
    }
}

/// Hostile bodies for every parser: each must be an error value, never a panic.
fn hostile_bodies() -> Vec<String> {
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let deep_obj = format!("{}{}", r#"{"a":"#.repeat(3000), "}".repeat(3000));
    vec![
        String::new(),
        " ".into(),
        "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>".into(),
        "null".into(),
        "true".into(),
        "42".into(),
        "\"ticket\"".into(),
        "[]".into(),
        "{}".into(),
        "{\"".into(),
        "\u{feff}{}".into(),
        deep,
        deep_obj,
        r#"{"ok":true,"action":"ticket_found","data":{"ticket_id":"abc","subject":"x","created_at":"2026-01-01 00:00"}}"#.into(),
        r#"{"ok":true,"action":"ticket_found","data":{"ticket_id":1,"subject":["x"],"created_at":"2026-01-01 00:00"}}"#.into(),
        r#"{"ok":true,"action":"ticket_found","data":{"ticket_id":1e40,"subject":"x","created_at":"2026-01-01 00:00"}}"#.into(),
        r#"{"ok":true,"action":"ticket_found","data":{"ticket_id":1,"subject":"x","created_at":"2026-02-30 10:00"}}"#.into(),
        r#"{"result":"success","ticketid":"1","subject":"x","date":null}"#.into(),
        r#"{"result":"success","ticketid":"1","subject":"x","date":"2016-01-01 06:26:29","replies":{"reply":[{"date":"yesterday"}]}}"#.into(),
        r#"{"success":true,"data":{"ticket_id":1}}"#.into(),
        r#"{"success":true,"data":[{"ticket_id":1,"subject":"x","created_at":"2023-13-01T00:00:00Z"}]}"#.into(),
        r#"{"success":"true","data":[]}"#.into(),
    ]
}

#[test]
fn hostile_bodies_are_errors_for_every_parser() {
    for body in hostile_bodies() {
        let short: String = body.chars().take(60).collect();
        assert!(helpdesk_core::envelope::parse_ticket_response(&body).is_err(), "envelope accepted {short:?}");
        assert!(helpdesk_core::envelope::parse_ticket_list_response(&body).is_err(), "list accepted {short:?}");
        assert!(parse_get_ticket(&body).is_err(), "whmcs accepted {short:?}");
        assert!(parse_customer_tickets(&body, |t| t.naive_utc()).is_err(), "crm accepted {short:?}");
    }
}

#[test]
fn seed_000_body_as_documented_still_parses() {
    // The document's end_date is wrong by the rule (see the seeds' README); the parser reads
    // what the back end says and does not invent another date.
    let t = match helpdesk_core::envelope::parse_ticket_response(&fixture("envelope_ticket_found.json")) {
        Ok(helpdesk_core::TicketLookup::Found(t)) => t,
        other => panic!("{other:?}"),
    };
    assert_eq!(t.end_date.map(|d| d.to_string()).as_deref(), Some("2026-02-28 10:00:00"));
}
