//! The rendering benchmark: the widget's own list and thread components (`widget-bench`,
//! built as the widget ships) against a hand-written vanilla-JS page with the same markup
//! (`tests/bench/render/`), in one headless Chromium run of
//! `cargo bench -p helpdesk-e2e --bench browser -- render`. The page checks that both give
//! the same DOM; a difference fails the bench.

use super::Row;
use super::browser::browser_bench;
use crate::tools::ensure_all;
use crate::{Result, root, wasm_pkg};

/// The widget may take at most this many times the vanilla page's time.
const GOAL: f64 = 1.3;

fn ms(v: f64) -> String {
    if v < 10.0 { format!("{v:.2} ms") } else { format!("{v:.1} ms") }
}

pub(crate) fn run() -> Result<Vec<Row>> {
    println!("xtask bench: rendering, the widget against vanilla JS in headless Chromium");
    let tools = ensure_all()?;
    let pkg = root().join("target").join("bench").join("render-pkg");
    wasm_pkg::build_web(&tools, "widget-bench", &pkg, wasm_pkg::Optimise::Size)?;
    let result = browser_bench(&tools, "render", &[("HELPDESK_RENDER_PKG", &pkg)])?;
    let figure = |who: &str, what: &str| -> Result<f64> {
        result["medians"][who][what].as_f64().ok_or_else(|| format!("render: no median {who}.{what} in {result}"))
    };
    let count = |what: &str| result["counts"][what].as_u64().unwrap_or_default();
    let browser = result["userAgent"]
        .as_str()
        .and_then(|ua| ua.split(' ').find(|p| p.starts_with("HeadlessChrome/") || p.starts_with("Chrome/")))
        .unwrap_or("Chromium")
        .replace("HeadlessChrome/", "Chromium ")
        .replace("Chrome/", "Chromium ");
    let runs = result["runs"].as_u64().unwrap_or_default();
    let alternative = format!("vanilla JS, same markup ({browser}, median of {runs})");
    let mut rows = Vec::new();
    for (what, benchmark) in [
        ("list", format!("first render, list of {} tickets", count("list"))),
        ("filter", format!("re-render, status filter ({} shown)", count("filtered"))),
        ("thread", format!("first render, thread of {} messages", count("messages"))),
    ] {
        let (ours, theirs) = (figure("helpdesk", what)?, figure("vanilla", what)?);
        rows.push(Row::within(&benchmark, ms(ours), &alternative, ms(theirs), ours / theirs, GOAL));
    }
    Ok(rows)
}
