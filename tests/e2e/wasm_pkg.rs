//! The helpdesk-wasm package, imported by a plain page as a portal's script would, in real
//! browsers: every export answers, and bad input throws an `Error` instead of trapping.

use std::path::PathBuf;

use crate::support::{Browser, Session};

const PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>helpdesk-core in the browser</title>
<script type="module" src="./check.mjs"></script></head><body><output id="result">running</output></body></html>"#;

const CHECK: &str = r#"
import init, * as core from "./helpdesk_wasm.js";
const out = document.getElementById("result");
try {
  await init();
  const results = {
    subjects: core.subjectCatalog().length,
    workday: core.addBusinessDays("2025-12-31T10:00", 3, "CO"),
    estimate: core.estimateResolution("2026-02-26T15:00:00Z", { timezone: "America/Bogota" }).end_date,
    rome: core.estimateResolution("2026-07-01T08:00:00Z", { timezone: "Europe/Rome", calendar: { country: "IT" } }).created_at,
    nfd: core.validateSubject("Antena Dan\u0303ada").name,
    zone: core.zoneAllows(3).decision,
    holidays: core.holidays("PE", 2026).length,
  };
  try { core.validateSubject("Falla Masiva"); results.thrown = "nothing"; }
  catch (e) { results.thrown = e instanceof Error ? "Error" : typeof e; }
  out.textContent = JSON.stringify(results);
} catch (e) {
  out.textContent = "failed: " + e;
}
"#;

fn package() -> PathBuf {
    let dir = std::env::var_os("HELPDESK_WASM_PKG")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/helpdesk-wasm-pkg"), PathBuf::from);
    assert!(
        dir.join("helpdesk_wasm.js").is_file(),
        "no helpdesk-wasm package in {}: run `cargo xtask test` (or `cargo xtask wasm-pkg`)",
        dir.display()
    );
    dir
}

async fn the_package_works_in(browser: Browser) {
    let site = tempfile::tempdir().expect("temp dir");
    for file in ["helpdesk_wasm.js", "helpdesk_wasm_bg.wasm"] {
        std::fs::copy(package().join(file), site.path().join(file)).expect("copy the package");
    }
    std::fs::write(site.path().join("index.html"), PAGE).expect("page");
    std::fs::write(site.path().join("check.mjs"), CHECK).expect("script");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(site.path()));
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    let s = Session::start(browser).await;
    s.client.goto(&format!("http://{addr}/index.html")).await.expect("open the page");
    let text = loop {
        let text = s.wait_page_text("#result").await;
        if text != "running" {
            break text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let results: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{browser:?}: the page reported {text:?}"));
    assert_eq!(
        results,
        serde_json::json!({
            "subjects": 31,
            "workday": "2026-01-06T10:00:00",
            "estimate": "2026-03-03T10:00:00",
            "rome": "2026-07-01T10:00:00",
            "nfd": "Antena Dañada",
            "zone": "blocked",
            "holidays": 17, // Peru 2026, Easter Sunday included
            "thrown": "Error",
        }),
        "{browser:?}"
    );
    s.close().await;
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_runs_the_helpdesk_wasm_package() {
    the_package_works_in(Browser::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_runs_the_helpdesk_wasm_package() {
    the_package_works_in(Browser::Firefox).await;
}
