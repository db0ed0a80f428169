//! Bytes and time before the list: the release widget (`$HELPDESK_DIST`) served by
//! helpdesk-server in demo mode over a real SQLite file, its launcher clicked in headless
//! Chromium under DevTools' Slow 4G profile, cache off, until the subscriber's tickets show;
//! what was downloaded meanwhile; and, under the same profile from the same server, the
//! download of files of the published sizes of Chatwoot's (170 KiB) and Zendesk's (613 KB)
//! widgets, as reference lines.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use helpdesk_server::store::SqliteStore;
use helpdesk_server::{AppState, ServerPolicy, Store, app, demo};
use serde_json::{Value, json};

use crate::chromium::{Chromium, serve};

/// DevTools' Slow 4G preset: 562.5 ms of latency, 1.6 Mbit/s down and 750 kbit/s up, each
/// at 90 % (bytes per second).
const SLOW_4G: (f64, f64, f64) = (562.5, 1_600_000.0 / 8.0 * 0.9, 750_000.0 / 8.0 * 0.9);
/// The published sizes of the alternatives' widgets, downloaded as reference lines.
const REFERENCES: [(&str, usize); 2] = [("chatwoot-170KiB.bin", 170 * 1024), ("zendesk-613KB.bin", 613_000)];
/// Repetitions; the median is reported.
const RUNS: usize = 5;

/// A DevTools protocol command sent through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.0, "params": self.1 }).to_string()))
    }
}

/// Bytes no compression shrinks (xorshift), so a file's size is what goes over the wire.
fn incompressible(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

/// The release build with a page holding the launcher, and the reference files.
fn prepare_site(site: &Path) {
    let dist = std::env::var_os("HELPDESK_DIST").map(PathBuf::from).expect("HELPDESK_DIST: the release build");
    std::fs::create_dir_all(site).expect("site dir");
    for entry in std::fs::read_dir(dist).expect("dist") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, site.join(path.file_name().expect("name"))).expect("copy");
    }
    let page = r#"<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Portal</title>
<link rel="stylesheet" href="page.css"><script type="module" src="helpdesk.js"></script></head>
<body><helpdesk-widget api-base="" token="demo-subscriber-token"></helpdesk-widget></body></html>"#;
    std::fs::write(site.join("launcher.html"), page).expect("page");
    for (name, len) in REFERENCES {
        std::fs::write(site.join(name), incompressible(len)).expect("reference file");
    }
}

/// Click the launcher; resolve with the time until the first ticket shows and what was
/// downloaded meanwhile.
const CLICK_TO_LIST: &str = r"
const done = arguments[arguments.length - 1];
const root = document.querySelector('helpdesk-widget').shadowRoot;
performance.setResourceTimingBufferSize(1000);
const start = performance.now();
root.querySelector('.hd-launcher').click();
const check = () => {
  if (!root.querySelector('.hd-list li')) return requestAnimationFrame(check);
  const ms = performance.now() - start;
  const entries = performance.getEntriesByType('resource').filter((e) => e.startTime >= start)
    .map((e) => ({ name: new URL(e.name).pathname, transfer: e.transferSize, body: e.encodedBodySize }));
  done({ ms, entries });
};
check();
";

/// Download `arguments[0]`, uncached; resolve with the time it took.
const DOWNLOAD: &str = r"
const done = arguments[arguments.length - 1];
const start = performance.now();
fetch(arguments[0], { cache: 'no-store' }).then((r) => r.arrayBuffer())
  .then((b) => done({ ms: performance.now() - start, bytes: b.byteLength }), (e) => done({ error: String(e) }));
";

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 { xs[n / 2] } else { f64::midpoint(xs[n / 2 - 1], xs[n / 2]) }
}

pub(crate) async fn run() -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    prepare_site(&site);
    let db = SqliteStore::open(&dir.path().join("helpdesk.db")).expect("store");
    let policy = Arc::new(ServerPolicy::default());
    let now = chrono::Utc::now().with_timezone(&policy.timezone).naive_local();
    demo::seed_if_empty(&Store::new(db.clone()), now, policy.clone()).await.expect("demo data");
    let state = AppState { demo: true, ..AppState::new(Store::new(db), policy) };
    let addr = serve(app(state, Some(site))).await;

    let chromium = Chromium::start().await;
    let client = &chromium.client;
    let (latency, down, up) = SLOW_4G;
    client.issue_cmd(Cdp("Network.enable", json!({}))).await.expect("Network.enable");
    client.issue_cmd(Cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))).await.expect("cache off");
    client
        .issue_cmd(Cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": latency, "downloadThroughput": down, "uploadThroughput": up }),
        ))
        .await
        .expect("Slow 4G");
    let (mut times, mut last) = (Vec::new(), Value::Null);
    for _ in 0..RUNS {
        client.goto(&format!("http://{addr}/launcher.html")).await.expect("open the page");
        let ready = "return !!document.querySelector('helpdesk-widget')?.shadowRoot?.querySelector('.hd-launcher')";
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while client.execute(ready, vec![]).await.expect("script") != Value::Bool(true) {
            assert!(std::time::Instant::now() < deadline, "no launcher within 60 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let r = client.execute_async(CLICK_TO_LIST, vec![]).await.expect("click to list");
        times.push(r["ms"].as_f64().expect("a time"));
        last = r;
    }
    let mut references = serde_json::Map::new();
    for (name, len) in REFERENCES {
        let mut ms = Vec::new();
        for _ in 0..RUNS {
            let r = client.execute_async(DOWNLOAD, vec![json!(format!("/{name}"))]).await.expect("download");
            assert_eq!(r["bytes"].as_u64(), Some(len as u64), "{name}: {r}");
            ms.push(r["ms"].as_f64().expect("a time"));
        }
        references.insert(name.to_owned(), json!({ "bytes": len, "ms": median(ms) }));
    }
    chromium.close().await;
    json!({
        "profile": { "latency_ms": latency, "down_bytes_per_s": down, "up_bytes_per_s": up },
        "runs": RUNS,
        "click_to_list_ms": median(times),
        "entries": last["entries"],
        "references": references,
    })
}
