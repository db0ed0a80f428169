//! The pieces of an end-to-end test: a demo server, a browser session, screenshots.

use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use helpdesk_e2e::webdriver::{self, Driver};
use helpdesk_server::store::SqliteStore;
use helpdesk_server::{AppState, ServerPolicy, Store, app, demo};
use serde_json::{Value, json};

pub(crate) use crate::faults::Fault;
use crate::faults::{Faults, faulty};
pub(crate) use crate::site::PageSetup;
use crate::site::prepare_site;

/// Which real browser drives the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Browser {
    Chromium,
    Firefox,
}

impl Browser {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Firefox => "firefox",
        }
    }
}

/// A host name that the test browsers resolve to 127.0.0.1 (Chromium by its host-resolver
/// rules, Firefox by `network.dns.localDomains`). Unlike `127.0.0.1` or `localhost`, a page
/// from it is not a secure context, as a portal served over plain HTTP is not.
pub(crate) const PLAIN_HTTP_HOST: &str = "portal.test";

pub(crate) fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A running helpdesk-server with demo data in a fresh SQLite file, serving the widget,
/// behind a layer that can inject faults into API answers.
pub(crate) struct DemoServer {
    pub(crate) addr: SocketAddr,
    /// The SQLite database the server uses, for reading it directly.
    db: SqliteStore,
    pub(crate) faults: Arc<Faults>,
    _db_dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl DemoServer {
    /// The demo server with the widget configured for `dialect` (`envelope`, `whmcs`, `crm`).
    pub(crate) async fn start_with_dialect(dialect: &'static str) -> Self {
        Self::start(PageSetup { dialect, ..PageSetup::default() }).await
    }

    /// The demo server with the widget configured for `dialect` and a bearer `token`.
    pub(crate) async fn start_with(dialect: &'static str, token: &'static str) -> Self {
        Self::start(PageSetup { dialect, token, ..PageSetup::default() }).await
    }

    /// The demo server with the page set up as asked.
    pub(crate) async fn start(setup: PageSetup) -> Self {
        let db_dir = tempfile::tempdir().expect("temp dir");
        let site = db_dir.path().join("site");
        prepare_site(&site, &setup);
        let db = SqliteStore::open(&db_dir.path().join("helpdesk.db")).expect("store");
        let mut policy = ServerPolicy::default();
        if let Some(max) = setup.max_tickets {
            policy.rules.zone.max_tickets = max;
        }
        if let Some(max) = setup.max_tickets_per_service {
            policy.rules.max_tickets_per_service = max;
        }
        let policy = Arc::new(policy);
        let now = chrono::Utc::now().with_timezone(&policy.timezone).naive_local();
        demo::seed_if_empty(&Store::new(db.clone()), now, policy.clone()).await.expect("demo data");
        let store = Store::new(db.clone());
        let state =
            AppState { staff_key: Some(Arc::from("e2e-staff-key")), demo: true, ..AppState::new(store, policy) };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let faults = Arc::new(Faults::default());
        let router = app(state, Some(site)).layer(axum::middleware::from_fn_with_state(faults.clone(), faulty));
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        Self { addr, db, faults, _db_dir: db_dir, task }
    }

    /// How many tickets the database holds.
    pub(crate) async fn ticket_count(&self) -> i64 {
        self.db.call(|c| Ok(c.query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))?)).await.expect("count")
    }

    /// The stored photos' sizes, `(ticket, width, height)`, oldest first.
    pub(crate) async fn photo_sizes(&self) -> Vec<(i64, i64, i64)> {
        self.db
            .call(|c| {
                let mut q = c.prepare("SELECT ticket_id, width, height FROM photos ORDER BY id")?;
                let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                Ok(rows.collect::<Result<Vec<_>, _>>()?)
            })
            .await
            .expect("photos")
    }

    /// Run statements on the database directly (a state the API cannot reach fast).
    pub(crate) async fn execute(&self, sql: &'static str) {
        self.db.call(move |c| Ok(c.execute_batch(sql)?)).await.expect("sql");
    }

    /// The standalone page.
    pub(crate) fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Another page of the site (`portal.html`, `host.html?scenario=…`).
    pub(crate) fn page(&self, path: &str) -> String {
        format!("http://{}/{path}", self.addr)
    }

    /// A page of the site as a plain-HTTP host name serves it: not a secure context.
    pub(crate) fn plain_http_page(&self, path: &str) -> String {
        format!("http://{PLAIN_HTTP_HOST}:{}/{path}", self.addr.port())
    }

    /// A new bearer token for `service_id`, issued with the staff key through the API.
    pub(crate) async fn issue_token(&self, service_id: u64) -> String {
        use std::io::{Read, Write};
        let body = json!({ "service_id": service_id }).to_string();
        let request = format!(
            "POST /api/v1/subscriber-tokens HTTP/1.1\r\nHost: {}\r\nX-API-Key: e2e-staff-key\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        let addr = self.addr;
        let answer = tokio::task::spawn_blocking(move || {
            let mut stream = TcpStream::connect(addr).expect("connect");
            stream.write_all(request.as_bytes()).expect("send");
            let mut answer = String::new();
            stream.read_to_string(&mut answer).expect("answer");
            answer
        })
        .await
        .expect("the token request");
        let (_, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
        let issued: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"));
        issued["data"]["token"].as_str().unwrap_or_else(|| panic!("no token issued: {answer}")).to_owned()
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A browser session; the driver process lives as long as it does.
pub(crate) struct Session {
    pub(crate) client: Client,
    pub(crate) browser: Browser,
    _driver: Driver,
}

/// Headless Firefox ESR, resolving [`PLAIN_HTTP_HOST`] to loopback.
fn firefox_capabilities() -> serde_json::Map<String, Value> {
    let Value::Object(caps) = json!({
        "moz:firefoxOptions": {
            "binary": "/usr/bin/firefox-esr", "args": ["-headless", "--width=1280", "--height=900"],
            "prefs": { "network.dns.localDomains": PLAIN_HTTP_HOST }
        }
    }) else {
        unreachable!("capabilities are an object")
    };
    caps
}

impl Session {
    /// A new session in `browser`. A free port is only free when it is picked: another process
    /// may take it before the driver binds it (the driver then dies, and the session cannot be
    /// made), so a driver that gives no session is started again on another port, three times.
    pub(crate) async fn start(browser: Browser) -> Self {
        let mut last = String::new();
        for _ in 0..3 {
            match Self::try_start(browser).await {
                Ok(session) => return session,
                Err(e) => last = e,
            }
        }
        panic!("{} session: {last}", browser.name());
    }

    async fn try_start(browser: Browser) -> Result<Self, String> {
        let (driver, port) = webdriver::start_driver(browser == Browser::Firefox).await?;
        let caps = match browser {
            Browser::Chromium => {
                webdriver::chromium_capabilities(&[format!("--host-resolver-rules=MAP {PLAIN_HTTP_HOST} 127.0.0.1")])
            }
            Browser::Firefox => firefox_capabilities(),
        };
        let client = webdriver::connect(port, caps).await?;
        Ok(Self { client, browser, _driver: driver })
    }

    /// The elements matching `css` inside the widget's shadow root (none before it exists).
    pub(crate) async fn find_all(&self, css: &str) -> Vec<fantoccini::elements::Element> {
        let Ok(host) = self.client.find(Locator::Css("helpdesk-widget")).await else { return Vec::new() };
        let Ok(root) = host.shadow_root().await else { return Vec::new() };
        root.find_all(Locator::Css(css)).await.unwrap_or_default()
    }

    /// Wait until `css` matches an element of the page itself (outside any widget); its text.
    pub(crate) async fn wait_page_text(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                return e.text().await.unwrap_or_default();
            }
            assert!(Instant::now() < deadline, "{}: no {css} in the page after 30 s", self.browser.name());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait until `css` matches at least `n` elements in the widget; return their texts.
    pub(crate) async fn wait_texts(&self, css: &str, n: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = self.find_all(css).await;
            if found.len() >= n {
                let mut texts = Vec::new();
                for e in found {
                    texts.push(e.text().await.unwrap_or_default());
                }
                return texts;
            }
            if Instant::now() > deadline {
                let shown = self
                    .script("return document.querySelector('helpdesk-widget')?.shadowRoot?.textContent ?? document.body.textContent")
                    .await;
                panic!("{}: no {n} × {css} after 30 s; the widget shows {shown}", self.browser.name());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Save screenshots at desktop and phone widths as
    /// `tests/artifacts/<browser>-<name>-{desktop,phone}.png`, leaving the desktop size.
    pub(crate) async fn screenshot(&self, name: &str) {
        let dir = workspace_root().join("tests").join("artifacts");
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        for (width, height, label) in [(390, 844, "phone"), (1280, 900, "desktop")] {
            self.client.set_window_size(width, height).await.expect("resize");
            tokio::time::sleep(Duration::from_millis(150)).await;
            let png = self.client.screenshot().await.expect("screenshot");
            std::fs::write(dir.join(format!("{}-{name}-{label}.png", self.browser.name())), png)
                .expect("write screenshot");
        }
    }

    /// The first element matching `css` in the widget, waiting for it.
    pub(crate) async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.wait_texts(css, 1).await;
        self.find_all(css).await.into_iter().next().expect("element")
    }

    /// Click the first element matching `css` in the widget, waiting for it.
    pub(crate) async fn click(&self, css: &str) {
        self.element(css).await.click().await.expect("click");
    }

    /// Type into the first element matching `css` in the widget.
    pub(crate) async fn type_into(&self, css: &str, text: &str) {
        self.element(css).await.send_keys(text).await.expect("type");
    }

    /// Choose an option of a `<select>` in the widget by value.
    pub(crate) async fn choose(&self, css: &str, value: &str) {
        self.element(css).await.select_by_value(value).await.expect("choose");
    }

    /// Run a script in the page with `root` bound to the widget's shadow root.
    pub(crate) async fn widget_script(&self, js: &str) -> Value {
        self.script(&format!("const root = document.querySelector('helpdesk-widget').shadowRoot;\n{js}")).await
    }

    /// Run a script in the page and return its value.
    pub(crate) async fn script(&self, js: &str) -> Value {
        self.client.execute(js, vec![]).await.expect("script")
    }

    /// Wait until the texts of `css` in the widget satisfy `ok`; return them.
    pub(crate) async fn wait_until(&self, css: &str, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut texts = Vec::new();
            for e in self.find_all(css).await {
                texts.push(e.text().await.unwrap_or_default());
            }
            if ok(&texts) {
                return texts;
            }
            assert!(
                Instant::now() < deadline,
                "{}: {css} never satisfied the condition; last {texts:?}",
                self.browser.name()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Wait until a page script returns `true`.
    pub(crate) async fn wait_for_script(&self, what: &str, js: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.script(js).await != Value::Bool(true) {
            assert!(Instant::now() < deadline, "{}: never {what}", self.browser.name());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The errors the page's probe recorded: uncaught exceptions, unhandled rejections and
    /// `console.error` calls.
    pub(crate) async fn page_errors(&self) -> Vec<String> {
        match self.script("return window.__errors || null").await {
            Value::Array(v) => v.into_iter().map(|x| x.as_str().unwrap_or_default().to_owned()).collect(),
            other => panic!("{}: the error probe did not run: {other}", self.browser.name()),
        }
    }

    /// The CSP violations the page's probe recorded.
    pub(crate) async fn csp_violations(&self) -> Vec<String> {
        match self.script("return window.__csp || null").await {
            Value::Array(v) => v.into_iter().map(|x| x.as_str().unwrap_or_default().to_owned()).collect(),
            other => panic!("{}: the CSP probe did not run: {other}", self.browser.name()),
        }
    }

    pub(crate) async fn close(self) {
        let _ = self.client.close().await;
    }
}
