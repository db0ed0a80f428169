//! The widget over the gateway over a simulated WHMCS shop, in Chromium and Firefox: the
//! client's list and a thread with the staff reply marked (never the staff note), a reply
//! that reaches WHMCS, and a close that closes it there.

use std::sync::Arc;
use std::time::Duration;

use chrono_tz::Tz;
use helpdesk_server::mirror::Gateway;
use helpdesk_server::store::SqliteStore;
use helpdesk_server::upstream::whmcs::Whmcs;
use helpdesk_server::upstream::whmcs_office::WhmcsOffice;
use helpdesk_server::upstream::whmcs_read::Shop;
use helpdesk_server::{AppState, ServerPolicy, Store, app};
use whmcs_sim::Sim;

use crate::support::{Browser, PageSetup, Session};

/// The gateway's sync and delivery interval in these tests.
const SYNC: Duration = Duration::from_secs(1);

/// Poll `done` every 200 ms for at most ten seconds.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    for _ in 0..50 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("never: {what}");
}

async fn list_thread_reply_and_close_a_whmcs_ticket(browser: Browser) {
    let sim = Sim::demo("e2e-identifier", "e2e-secret-0123");
    let id = {
        let mut s = sim.state();
        let (id, _, _) = s.open(1, 1, "Correo caído", "No recibo correos desde ayer.", "High");
        assert!(s.reply(id, "Demo Admin", "Estamos revisando el servidor de correo."));
        assert!(s.note(id, "Demo Admin", "Nota interna: cliente moroso."));
        id
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let served = sim.clone();
    let mut tasks = vec![tokio::spawn(async move { served.serve(listener).await.expect("sim") })];

    let dir = tempfile::tempdir().expect("dir");
    let store = Store::new(SqliteStore::open(&dir.path().join("gateway.db")).expect("store"));
    let policy = Arc::new(ServerPolicy::default());
    let client = Whmcs::direct(&base, "e2e-identifier", "e2e-secret-0123", Duration::from_secs(2)).expect("client");
    // The simulated shop writes its dates at UTC+1, as Rome in winter.
    let shop = Shop { timezone: Tz::Europe__Rome, isp_timezone: Tz::America__Bogota, closed: vec!["Closed".into()] };
    let office = WhmcsOffice { client, department: 1, shop, allow_close: true };
    // WHMCS lists no threads: a thread is read when it is opened (its copy older than 0 s).
    let gateway = Arc::new(Gateway::new(office).with_bounds(SYNC, Duration::ZERO));
    assert!(gateway.sync_service(&store, &policy, 1).await.expect("client 1 from WHMCS"));
    let token = helpdesk_server::secret::random_token().expect("token");
    let expires = chrono::Utc::now() + chrono::Duration::hours(1);
    store.insert_token(helpdesk_server::auth::token_hash(&token), 1, expires).await.expect("token");
    let site = dir.path().join("site");
    crate::site::prepare_site(&site, &PageSetup { token: Box::leak(token.into_boxed_str()), ..PageSetup::default() });
    gateway.sync_tickets(&store, &policy).await.expect("first sync");
    tasks.push(gateway.clone().spawn(store.clone(), policy.clone(), SYNC));
    tasks.push(helpdesk_server::delivery::spawn(
        store.clone(),
        gateway.back_office.clone(),
        SYNC,
        Duration::from_secs(10),
    ));
    let state = AppState { upstream: Some(gateway), ..AppState::new(store, policy) };
    let server = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/", server.local_addr().expect("addr"));
    let router = app(state, Some(site));
    tasks.push(tokio::spawn(async move { axum::serve(server, router).await.expect("serve") }));

    let s = Session::start(browser).await;
    s.client.goto(&url).await.expect("open the page");
    assert_eq!(s.wait_texts(".hd-ticket__subject", 1).await, ["Correo caído"], "{browser:?}");
    s.click(".hd-list li:nth-child(1) .hd-ticket").await;
    let staff = s.wait_texts(".hd-message--staff .hd-message__text", 1).await;
    assert_eq!(staff, ["Estamos revisando el servidor de correo."], "{browser:?}: the staff reply, marked as staff's");
    let all = s.wait_texts(".hd-message__text", 2).await;
    assert!(!all.iter().any(|m| m.contains("moroso")), "{browser:?}: never the note: {all:?}");
    s.type_into("#hd-reply-text", "Sigo sin recibir correos.").await;
    s.click(".hd-reply button[type=submit]").await;
    s.wait_until(".hd-message--subscriber .hd-message__text", |t| t.len() == 2).await;
    let replied = || {
        sim.state().tickets.iter().any(|t| t.id == id && t.replies.iter().any(|r| r.message.starts_with("Sigo sin")))
    };
    eventually("the reply reaches WHMCS", replied).await;
    s.screenshot("whmcs-replied").await;
    s.click(".hd-button--secondary").await;
    s.wait_until(".hd-detail .hd-badge", |t| t == ["Cerrado"]).await;
    assert_eq!(sim.state().tickets[0].status, "Closed", "{browser:?}: closed in WHMCS");
    assert!(s.page_errors().await.is_empty(), "{:?}", s.page_errors().await);
    s.close().await;
    tasks.iter().for_each(tokio::task::JoinHandle::abort);
}
in_both_browsers!(list_thread_reply_and_close_a_whmcs_ticket);
