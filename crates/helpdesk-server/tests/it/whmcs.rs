//! The WHMCS client against the simulated shop over loopback, directly (`includes/api.php`)
//! and through Keliweb (OAuth2): every page of a client's tickets, threads with their notes,
//! opens, replies and closes, each refusal told apart, tokens renewed, credentials never shown.

use std::time::Duration;

use helpdesk_server::upstream::UpstreamError;
use helpdesk_server::upstream::whmcs::Whmcs;
use serde_json::json;
use whmcs_sim::{Fault, Rule, Sim};

async fn start() -> (Sim, String) {
    let sim = Sim::demo("whmcs-identifier", "whmcs-secret-0123");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sim.clone().serve(listener));
    (sim, base)
}

fn direct(base: &str) -> Whmcs {
    Whmcs::direct(base, "whmcs-identifier", "whmcs-secret-0123", Duration::from_secs(2)).expect("client")
}

fn keliweb(base: &str) -> Whmcs {
    let client = ("keliweb-client", "keliweb-client-secret");
    Whmcs::keliweb(base, client, ("shop@example.it", "keliweb-password"), Duration::from_secs(2)).expect("client")
}

#[tokio::test]
async fn every_page_of_a_clients_tickets_is_read_directly_and_through_keliweb() {
    let (sim, base) = start().await;
    {
        let mut s = sim.state();
        for i in 0..230 {
            s.open(1 + i % 2, 1, &format!("caso {i}"), "texto", "Low");
        }
    }
    for whmcs in [direct(&base), keliweb(&base)] {
        let tickets = whmcs.tickets_of(1).await.expect("a list");
        assert_eq!(tickets.len(), 115, "{whmcs:?}: two pages of 100 and one of 15");
        assert!(tickets.iter().all(|t| t["userid"] == "1"), "only the client's");
        assert_eq!(tickets[0]["subject"], "caso 228", "newest first");
    }
    assert_eq!(sim.keliweb.issued(), 1, "one token for the three pages");
}

#[tokio::test]
async fn open_reply_read_and_close_a_ticket() {
    let (sim, base) = start().await;
    let whmcs = direct(&base);
    let (id, tid) = whmcs.open(1, 2, "Sin conexión", "Desde ayer", "High").await.expect("opened");
    whmcs.reply(id, 2, "Sigue igual").await.expect("replied");
    assert!(sim.state().note(id, "Demo Admin", "Nota interna"));
    let ticket = whmcs.ticket(id).await.expect("read").expect("exists");
    assert_eq!(
        (&ticket["tid"], &ticket["priority"], &ticket["status"]),
        (&json!(tid), &json!("High"), &json!("Customer-Reply"))
    );
    assert_eq!(ticket["replies"]["reply"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        ticket["notes"]["note"][0]["message"], "Nota interna",
        "the client reads notes; the gateway must drop them"
    );
    whmcs.set_status(id, "Closed").await.expect("closed");
    assert_eq!(sim.state().tickets[0].status, "Closed");
    assert_eq!(whmcs.ticket(999).await, Ok(None));
}

#[tokio::test]
async fn each_refusal_is_told_apart_and_never_shows_the_credential() {
    let (sim, base) = start().await;
    let wrong = Whmcs::direct(&base, "whmcs-identifier", "not-the-secret", Duration::from_secs(2)).expect("client");
    assert_eq!(wrong.probe().await, Err(UpstreamError::Refused));
    sim.ip_refused.store(true, std::sync::atomic::Ordering::SeqCst);
    let refused = direct(&base).probe().await.expect_err("refused");
    assert!(matches!(&refused, UpstreamError::AddressRefused(m) if m.starts_with("Invalid IP")), "{refused:?}");
    assert!(refused.to_string().contains("allowlist"), "{refused}");
    sim.ip_refused.store(false, std::sync::atomic::Ordering::SeqCst);
    let rejected = direct(&base).open(1, 9, "s", "m", "Low").await.expect_err("no such client");
    assert!(matches!(&rejected, UpstreamError::NotFound), "{rejected:?}");
    let rejected = direct(&base).open(1, 1, "s", "m", "Urgent").await.expect_err("no such priority");
    assert!(
        matches!(&rejected, UpstreamError::Rejected { status: 200, detail } if detail.contains("Invalid Priority")),
        "{rejected:?}"
    );
    sim.faults.add(Rule {
        route: "POST /includes/api.php OpenTicket".into(),
        fault: Fault::DropAfterCommit,
        times: Some(1),
        every: None,
    });
    let unknown = direct(&base).open(1, 1, "s", "m", "Low").await.expect_err("cut");
    assert!(unknown.outcome_unknown(), "{unknown:?}");
    for text in
        [format!("{:?}", direct(&base)), format!("{:?}", keliweb(&base)), refused.to_string(), unknown.to_string()]
    {
        for secret in ["whmcs-secret-0123", "keliweb-client-secret", "keliweb-password"] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}

#[tokio::test]
async fn a_keliweb_token_is_renewed_after_a_401_and_a_wrong_user_is_refused() {
    let (sim, base) = start().await;
    let whmcs = keliweb(&base);
    whmcs.probe().await.expect("first token");
    sim.keliweb.expire_access_tokens();
    whmcs.probe().await.expect("renewed after the 401, the call made again");
    assert_eq!(sim.keliweb.issued(), 2);
    // A token that expires within a minute is renewed before it is used.
    *sim.keliweb.access_ttl.lock().expect("ttl") = Duration::from_secs(30);
    sim.keliweb.expire_access_tokens();
    whmcs.probe().await.expect("renewed");
    whmcs.probe().await.expect("renewed again: it expires within a minute");
    assert_eq!(sim.keliweb.issued(), 4);
    let wrong = Whmcs::keliweb(
        &base,
        ("keliweb-client", "keliweb-client-secret"),
        ("shop@example.it", "nope"),
        Duration::from_secs(2),
    )
    .expect("client");
    assert_eq!(wrong.probe().await, Err(UpstreamError::Refused));
}
