//! A headless Chromium session for the benchmarks, and the files they serve it.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use fantoccini::Client;
use helpdesk_e2e::webdriver::{self, Driver};
use serde_json::Value;

/// Headless Chromium, with `gc()` exposed so a page can collect between repetitions.
pub(crate) struct Chromium {
    pub(crate) client: Client,
    _driver: Driver,
}

impl Chromium {
    pub(crate) async fn start() -> Self {
        let (driver, port) = webdriver::start_driver(false).await.expect("chromedriver");
        let caps = webdriver::chromium_capabilities(&["--js-flags=--expose-gc".to_owned()]);
        let client = webdriver::connect(port, caps).await.expect("a Chromium session");
        Self { client, _driver: driver }
    }

    /// The page's `globalThis.benchResult` once it is set, within `limit`.
    pub(crate) async fn result(&self, limit: Duration) -> Value {
        let deadline = Instant::now() + limit;
        loop {
            let r =
                self.client.execute("return globalThis.benchResult ?? null", vec![]).await.expect("read the result");
            if !r.is_null() {
                return r;
            }
            assert!(Instant::now() < deadline, "no result within {limit:?}");
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    pub(crate) async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// Serve `router` on a free loopback port until the process ends.
pub(crate) async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    addr
}
