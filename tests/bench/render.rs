//! The rendering benchmark: `render/harness.js` in headless Chromium, timing the widget's own
//! components (the `widget-bench` package, `$HELPDESK_RENDER_PKG`) against the hand-written
//! `render/vanilla.js` on the same 1,000 tickets and 500 messages; its result as JSON.

use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use serde_json::Value;
use tower_http::services::{ServeDir, ServeFile};

use crate::chromium::{Chromium, serve};

pub(crate) async fn run() -> Value {
    let pkg = std::env::var_os("HELPDESK_RENDER_PKG")
        .map(PathBuf::from)
        .expect("HELPDESK_RENDER_PKG: the widget-bench package, which `cargo xtask bench` builds");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let router = Router::new()
        .nest_service("/pkg", ServeDir::new(pkg))
        .route_service("/widget.css", ServeFile::new(root.join("../web/widget.css")))
        .fallback_service(ServeDir::new(root.join("bench/render")));
    let addr = serve(router).await;
    let chromium = Chromium::start().await;
    chromium.client.goto(&format!("http://{addr}/index.html?tickets=1000&messages=500&runs=50")).await.expect("open");
    let result = chromium.result(Duration::from_secs(900)).await;
    chromium.close().await;
    result
}
