//! The WispHub client against the simulated WispHub over loopback: every page, the key's
//! refusal, creates, and each fault told apart (may the create have happened or not).

use std::time::Duration;

use helpdesk_server::upstream::UpstreamError;
use helpdesk_server::upstream::wisphub::{NewTicket, WispHub};
use wisphub_sim::{Fault, Rule, Sim};

const KEY: &str = "wisphub-test-key-0123456789";

async fn start() -> (Sim, String) {
    let mut sim = Sim::demo(KEY);
    sim.hang = Duration::from_secs(2);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sim.clone().serve(listener));
    (sim, base)
}

fn client(base: &str) -> WispHub {
    WispHub::new(base, KEY, Duration::from_millis(500)).expect("client")
}

fn ticket(reference: &str) -> NewTicket {
    NewTicket {
        servicio: 100,
        asunto: "Internet Lento".into(),
        tecnico: 5,
        descripcion: format!("Lento en la noche\n\n{reference}"),
        estado: 1,
        prioridad: 2,
        fecha_inicio: "26/02/2026 10:00".into(),
        fecha_final: "03/03/2026 10:00".into(),
    }
}

fn fault(sim: &Sim, route: &str, fault: Fault) {
    sim.faults.add(Rule { route: route.into(), fault, times: None, every: None });
}

#[tokio::test]
async fn every_page_is_read_with_next_rebuilt_on_the_configured_base() {
    let (sim, base) = start().await;
    sim.state().seed(200, "Internet Lento", 1, 700);
    for configured in [base.clone(), format!("{base}/api/"), format!("{base}/api")] {
        let all = client(&configured).all("/tickets/").await.expect("every page");
        assert_eq!(all.len(), 700, "{configured}");
    }
    assert_eq!(sim.faults.calls("GET /api/tickets/"), 9, "three pages each, none on api.wisphub.net");
    let wisphub = client(&base);
    let rebuilt = wisphub.rebuild("http://api.wisphub.net/api/tickets/?limit=300&offset=600").expect("link");
    assert_eq!(rebuilt.as_str(), format!("{base}/api/tickets/?limit=300&offset=600"));
    assert!(matches!(wisphub.rebuild("http://evil.example/steal?x=1"), Err(UpstreamError::BadLink(_))));
}

#[tokio::test]
async fn a_wrong_key_is_told_apart_and_never_shown() {
    let (_, base) = start().await;
    let wrong = WispHub::new(&base, "not-the-key", Duration::from_secs(1)).expect("client");
    let refused = wrong.all("/tickets/").await.expect_err("refused");
    assert_eq!(refused, UpstreamError::Refused);
    assert!(!refused.outcome_unknown());
    let shown = format!("{refused} {wrong:?} {:?}", client(&base));
    assert!(!shown.contains(KEY) && !shown.contains("not-the-key"), "{shown}");
    assert!(WispHub::new("ftp://x", KEY, Duration::from_secs(1)).is_err());
}

#[tokio::test]
async fn a_create_answers_its_id_and_is_found_again_by_its_reference() {
    let (sim, base) = start().await;
    let wisphub = client(&base);
    sim.state().seed(200, "Internet Lento", 1, 650);
    let id = wisphub.create(&ticket("[helpdesk ref HD-1]")).await.expect("created");
    assert_eq!(id, 651);
    assert_eq!(wisphub.find_by_reference("[helpdesk ref HD-1]").await.expect("read"), Some(651), "on the third page");
    assert_eq!(wisphub.find_by_reference("[helpdesk ref HD-2]").await.expect("read"), None);
    assert!(wisphub.ticket(651).await.expect("read").is_some());
    assert_eq!(wisphub.ticket(9999).await.expect("read"), None, "404 detail: no such ticket");
}

#[tokio::test]
async fn each_fault_of_a_create_says_whether_it_may_have_happened() {
    let (sim, base) = start().await;
    let wisphub = client(&base);
    let cases = [
        (Fault::Error500, true, false),
        (Fault::Error502AfterCommit, true, true),
        (Fault::DropAfterCommit, true, true),
        (Fault::GarbageAfterCommit, true, true),
        (Fault::HangAfterCommit, true, true),
        (Fault::Forbidden, false, false),
    ];
    for (i, (f, unknown, created)) in cases.into_iter().enumerate() {
        let reference = format!("[helpdesk ref F-{i}]");
        fault(&sim, "POST /api/tickets/", f);
        let e = wisphub.create(&ticket(&reference)).await.expect_err("a fault");
        assert_eq!(e.outcome_unknown(), unknown, "{f:?}: {e}");
        let found = wisphub.find_by_reference(&reference).await.expect("the list is readable");
        assert_eq!(found.is_some(), created, "{f:?}: adopt it when it exists, send again only when it does not");
    }
    fault(&sim, "GET /api/tickets/", Fault::Hang);
    assert_eq!(wisphub.all("/tickets/").await.expect_err("hangs"), UpstreamError::Timeout);
}

#[tokio::test]
async fn calls_to_wisphub_keep_to_the_configured_pace() {
    let (sim, base) = start().await;
    let wisphub = client(&base).with_rate_limit(20);
    let started = std::time::Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let wisphub = wisphub.clone();
        calls.spawn(async move { wisphub.ticket(1).await });
    }
    while let Some(call) = calls.join_next().await {
        call.expect("task").expect("answered");
    }
    assert_eq!(sim.faults.calls("GET /api/tickets/{id}/"), 50);
    // A burst of 20, then one every 50 ms: the other 30 cannot take less than 1.5 s.
    assert!(started.elapsed() >= Duration::from_millis(1_400), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_call_that_waits_too_long_for_its_turn_is_not_made() {
    let (sim, base) = start().await;
    // One call a second, each given 500 ms (so 2 s to wait for a turn): of ten at once, the
    // first three or so are made, the others refused without being sent.
    let wisphub = client(&base).with_rate_limit(1);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let wisphub = wisphub.clone();
        calls.spawn(async move { wisphub.ticket(1).await });
    }
    let mut throttled = 0;
    while let Some(call) = calls.join_next().await {
        match call.expect("task") {
            Err(UpstreamError::Throttled) => throttled += 1,
            other => assert!(matches!(other, Ok(None)), "{other:?}"),
        }
    }
    assert!(throttled > 0, "some waited too long");
    assert_eq!(sim.faults.calls("GET /api/tickets/{id}/"), 10 - throttled, "a throttled call is never sent");
    assert!(!UpstreamError::Throttled.outcome_unknown(), "nothing was sent, so nothing may have happened");
}
