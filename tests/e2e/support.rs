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
    _db_dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl DemoServer {
    pub(crate) async fn start() -> Self {
        let db_dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&db_dir.path().join("helpdesk.db")).expect("store");
        let policy = Arc::new(ServerPolicy::default());
        let now = chrono::Utc::now().with_timezone(&policy.timezone).naive_local();
        store.seed_demo_if_empty(now, policy.clone()).await.expect("demo data");
        let state =
            AppState { staff_key: Some(Arc::from("e2e-staff-key")), demo: true, ..AppState::new(store, policy) };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = app(state, Some(dist()));
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        Self { addr, _db_dir: db_dir, task }
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

    /// Save a screenshot as `tests/artifacts/<browser>-<name>.png`.
    pub(crate) async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = workspace_root().join("tests").join("artifacts");
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        std::fs::write(dir.join(format!("{}-{name}.png", self.browser.name())), png).expect("write screenshot");
    }

    pub(crate) async fn close(self) {
        let _ = self.client.close().await;
    }
}
