//! The widget over the gateway over a simulated WispHub, each in Chromium and Firefox: the
//! subscriber's list (a ticket opened in WispHub included), a new ticket and its WispHub
//! number, and a status change and a staff answer made in WispHub shown after the sync.

use std::sync::Arc;
use std::time::Duration;

use helpdesk_server::mirror::Gateway;
use helpdesk_server::store::SqliteStore;
use helpdesk_server::upstream::wisphub::WispHub;
use helpdesk_server::{AppState, ServerPolicy, Store, app};
use wisphub_sim::Sim;

use crate::support::{Browser, PageSetup, Session};

const KEY: &str = "e2e-wisphub-key-0123456";
/// The gateway's sync interval in these tests.
const SYNC: Duration = Duration::from_secs(1);

/// The gateway with its background sync and delivery, the simulated WispHub behind it, and
/// the site whose widget holds a token for WispHub's service 100.
struct GatewayStack {
    sim: Sim,
    addr: std::net::SocketAddr,
    _dir: tempfile::TempDir,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl GatewayStack {
    async fn start() -> Self {
        let sim = Sim::demo(KEY);
        sim.state().seed(100, "Antena Dañada", 1, 1); // opened by staff in WispHub
        let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", sim_listener.local_addr().expect("addr"));
        let served = sim.clone();
        let mut tasks = vec![tokio::spawn(async move { served.serve(sim_listener).await.expect("sim") })];

        let dir = tempfile::tempdir().expect("dir");
        let store = Store::new(SqliteStore::open(&dir.path().join("gateway.db")).expect("store"));
        let policy = Arc::new(ServerPolicy::default());
        let wisphub = WispHub::new(&base, KEY, Duration::from_secs(2)).expect("client");
        // A ticket is re-read on its own only after an hour: what the widget shows comes from the sync.
        let gateway = Arc::new(Gateway::new(wisphub).with_bounds(SYNC, Duration::from_secs(3600)));
        gateway.sync_service(&store, &policy, 100).await.expect("service 100 from WispHub");
        let token = helpdesk_server::secret::random_token().expect("token");
        let expires = chrono::Utc::now() + chrono::Duration::hours(1);
        store.insert_token(helpdesk_server::auth::token_hash(&token), 100, expires).await.expect("token");

        let site = dir.path().join("site");
        crate::site::prepare_site(
            &site,
            &PageSetup { token: Box::leak(token.into_boxed_str()), ..PageSetup::default() },
        );
        tasks.push(gateway.clone().spawn(store.clone(), policy.clone(), SYNC));
        tasks.push(helpdesk_server::delivery::spawn(
            store.clone(),
            gateway.back_office.clone(),
            SYNC,
            Duration::from_secs(10),
        ));
        let state = AppState {
            staff_key: Some(Arc::from("e2e-staff-key")),
            upstream: Some(gateway),
            ..AppState::new(store, policy)
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = app(state, Some(site));
        tasks.push(tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") }));
        Self { sim, addr, _dir: dir, tasks }
    }
}

impl Drop for GatewayStack {
    fn drop(&mut self) {
        self.tasks.iter().for_each(tokio::task::JoinHandle::abort);
    }
}

/// Reload the page until `css` shows a text `ok` accepts (each reload reads the gateway
/// again), for at most ten sync intervals.
async fn reload_until(s: &Session, url: &str, css: &str, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
    let mut last = Vec::new();
    for _ in 0..10 {
        s.client.goto(url).await.expect("open the page");
        last = s.wait_texts(css, 1).await;
        if ok(&last) {
            return last;
        }
        tokio::time::sleep(SYNC).await;
    }
    panic!("{css} never showed what was expected: {last:?}");
}

async fn the_widget_shows_wisphubs_tickets_number_status_and_answers(browser: Browser) {
    let stack = GatewayStack::start().await;
    let url = format!("http://{}/", stack.addr);
    let s = Session::start(browser).await;
    reload_until(&s, &url, ".hd-ticket__subject", |t| t == ["Antena Dañada"]).await;

    // A new ticket: on its way, then WispHub's number.
    s.click(".hd-tab--primary").await;
    s.choose("#hd-subject", "Internet Lento").await;
    s.type_into("#hd-description", "Desde ayer no hay señal en la casa.").await;
    s.click("button[type=submit]").await;
    assert_eq!(s.wait_texts(".hd-detail__subject", 1).await, ["Internet Lento"]);
    let number = loop {
        if let Some(t) = stack.sim.state().tickets.iter().find(|t| t.asunto == "Internet Lento") {
            break t.id;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    s.click(".hd-nav .hd-tab").await;
    let subjects = reload_until(&s, &url, ".hd-ticket__subject", |t| t.len() == 2).await;
    assert_eq!(subjects, ["Internet Lento", "Antena Dañada"], "{browser:?}: newest first");
    s.click(".hd-list li:nth-child(1) .hd-ticket").await;
    assert_eq!(s.wait_texts(".hd-back-office", 1).await, [format!("#{number}")], "{browser:?}: WispHub's number");
    assert!(s.find_all(".hd-reply textarea, .hd-button--secondary").await.is_empty(), "no reply or close offered");
    s.screenshot("gateway-filed").await;

    // Staff work in WispHub: the widget shows both after the sync.
    {
        let mut sim = stack.sim.state();
        sim.tickets.iter_mut().filter(|t| t.id == number).for_each(|t| t.estado = 2);
        assert!(sim.answer(number, "Diego Torres", "Un técnico va en camino.", "01/12/2026 09:30"));
    }
    let badges = reload_until(&s, &url, ".hd-badge", |b| b.first().is_some_and(|b| b == "En progreso")).await;
    assert_eq!(badges[0], "En progreso", "{browser:?}");
    s.click(".hd-list li:nth-child(1) .hd-ticket").await;
    let messages = s.wait_texts(".hd-message__text", 2).await;
    assert!(messages.iter().any(|m| m == "Un técnico va en camino."), "{browser:?}: {messages:?}");
    assert_eq!(s.wait_texts(".hd-message--staff", 1).await.len(), 1);
    s.screenshot("gateway-answered").await;
    assert!(s.page_errors().await.is_empty(), "{:?}", s.page_errors().await);
    s.close().await;
}
in_both_browsers!(the_widget_shows_wisphubs_tickets_number_status_and_answers);
