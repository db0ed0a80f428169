//! The pieces of an end-to-end test: a demo server, a browser session, screenshots.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use helpdesk_server::{AppState, ServerPolicy, Store, app};
use serde_json::{Value, json};

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

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The widget bundle built by Trunk.
fn dist() -> PathBuf {
    let dir = std::env::var_os("HELPDESK_DIST")
        .map_or_else(|| workspace_root().join("target").join("dist-release"), PathBuf::from);
    assert!(
        dir.join("index.html").is_file(),
        "no widget build in {}: run `cargo xtask test`, which builds it with Trunk",
        dir.display()
    );
    dir
}

/// A running helpdesk-server with demo data in a fresh SQLite file, serving the widget.
pub(crate) struct DemoServer {
    pub(crate) addr: SocketAddr,
    pub(crate) state: AppState,
    _db_dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl DemoServer {
    /// The demo server with the widget configured for `dialect` (`envelope`, `whmcs`, `crm`).
    pub(crate) async fn start_with_dialect(dialect: &str) -> Self {
        Self::start_with(dialect, "demo-subscriber-token").await
    }

    /// The demo server with the widget configured for `dialect` and a bearer `token`.
    pub(crate) async fn start_with(dialect: &str, token: &str) -> Self {
        let db_dir = tempfile::tempdir().expect("temp dir");
        let site = db_dir.path().join("site");
        std::fs::create_dir_all(&site).expect("site dir");
        for entry in std::fs::read_dir(dist()).expect("dist") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, site.join(path.file_name().expect("name"))).expect("copy");
        }
        let index = std::fs::read_to_string(site.join("index.html")).expect("index");
        let configured = index.replace(
            r#""token": "demo-subscriber-token"}"#,
            &format!(r#""token": "{token}", "dialect": "{dialect}"}}"#),
        );
        assert!(configured != index, "the page's configuration was not found");
        std::fs::write(site.join("index.html"), configured).expect("index");
        let store = Store::open(&db_dir.path().join("helpdesk.db")).expect("store");
        let policy = Arc::new(ServerPolicy::default());
        let now = chrono::Utc::now().with_timezone(&policy.timezone).naive_local();
        store.seed_demo_if_empty(now, policy.clone()).await.expect("demo data");
        let state =
            AppState { staff_key: Some(Arc::from("e2e-staff-key")), demo: true, ..AppState::new(store, policy) };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = app(state.clone(), Some(site));
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        Self { addr, state, _db_dir: db_dir, task }
    }

    /// How many tickets the database holds.
    pub(crate) async fn ticket_count(&self) -> i64 {
        self.state
            .store
            .sqlite()
            .expect("SQLite store")
            .call(|c| Ok(c.query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))?))
            .await
            .expect("count")
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port()
}

/// A WebDriver process (chromedriver or geckodriver), killed on drop.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A browser session; the driver process lives as long as it does.
pub(crate) struct Session {
    pub(crate) client: Client,
    pub(crate) browser: Browser,
    _driver: Driver,
}

fn driver_path(var: &str, fallback: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(fallback), PathBuf::from)
}

impl Session {
    pub(crate) async fn start(browser: Browser) -> Self {
        let port = free_port();
        let mut cmd = match browser {
            Browser::Chromium => {
                let mut c = Command::new(driver_path("CHROMEDRIVER", "/usr/bin/chromedriver"));
                c.arg(format!("--port={port}"));
                c
            }
            Browser::Firefox => {
                let mut c = Command::new(driver_path("GECKODRIVER", "geckodriver"));
                c.args(["--port", &port.to_string()]);
                c
            }
        };
        let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start the WebDriver");
        let driver = Driver(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "{} WebDriver did not start", browser.name());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let caps: Value = match browser {
            Browser::Chromium => json!({
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--disable-quic", "--no-first-run", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--window-size=1280,900"]
                }
            }),
            Browser::Firefox => json!({
                "moz:firefoxOptions": { "binary": "/usr/bin/firefox-esr", "args": ["-headless", "--width=1280", "--height=900"] }
            }),
        };
        let Value::Object(caps) = caps else { unreachable!("capabilities are an object") };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("{} session: {e}", browser.name()));
        Self { client, browser, _driver: driver }
    }

    /// Wait until `css` matches at least `n` elements; return their texts.
    pub(crate) async fn wait_texts(&self, css: &str, n: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = self.client.find_all(Locator::Css(css)).await.expect("find");
            if found.len() >= n {
                let mut texts = Vec::new();
                for e in found {
                    texts.push(e.text().await.expect("text"));
                }
                return texts;
            }
            assert!(Instant::now() < deadline, "{}: no {n} × {css} after 30 s", self.browser.name());
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

    /// Click the first element matching `css`, waiting for it.
    pub(crate) async fn click(&self, css: &str) {
        self.wait_texts(css, 1).await;
        self.client.find(Locator::Css(css)).await.expect("element").click().await.expect("click");
    }

    /// Type into the first element matching `css`.
    pub(crate) async fn type_into(&self, css: &str, text: &str) {
        self.wait_texts(css, 1).await;
        self.client.find(Locator::Css(css)).await.expect("element").send_keys(text).await.expect("type");
    }

    /// Choose an option of a `<select>` by value.
    pub(crate) async fn choose(&self, css: &str, value: &str) {
        self.wait_texts(css, 1).await;
        self.client.find(Locator::Css(css)).await.expect("select").select_by_value(value).await.expect("choose");
    }

    /// Run a script in the page and return its value.
    pub(crate) async fn script(&self, js: &str) -> Value {
        self.client.execute(js, vec![]).await.expect("script")
    }

    /// Wait until the texts of `css` satisfy `ok`; return them.
    pub(crate) async fn wait_until(&self, css: &str, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut texts = Vec::new();
            for e in self.client.find_all(Locator::Css(css)).await.expect("find") {
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

    pub(crate) async fn close(self) {
        let _ = self.client.close().await;
    }
}
