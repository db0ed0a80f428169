//! Bytes before the list: what a subscriber downloads between clicking the launcher and
//! seeing their tickets, and how long that takes under DevTools' Slow 4G profile, next to
//! the time the same profile takes to download files of the published sizes of Chatwoot's
//! and Zendesk's widgets (reference lines); one headless Chromium run of
//! `cargo bench -p helpdesk-e2e --bench browser -- first-list` on the release build.

use super::Row;
use super::browser::browser_bench;
use crate::Result;
use crate::release::{build_release, release_dist};
use crate::tools::ensure_all;

/// The goal for the bytes before the list, gzipped.
const GOAL_BYTES: f64 = 100_000.0;

pub(crate) fn run() -> Result<Vec<Row>> {
    println!("xtask bench: bytes before the list, the release build under Slow 4G in headless Chromium");
    let tools = ensure_all()?;
    build_release(&tools)?;
    let result = browser_bench(&tools, "first-list", &[("HELPDESK_DIST", &release_dist())])?;
    let entries = result["entries"].as_array().cloned().unwrap_or_default();
    let mut bytes = 0.0;
    for e in &entries {
        let body = e["body"].as_f64().unwrap_or_default();
        bytes += body;
        println!("  {:>9} B  {}", body, e["name"].as_str().unwrap_or_default());
    }
    let ms = result["click_to_list_ms"].as_f64().ok_or("first-list: no time")?;
    let runs = result["runs"].as_u64().unwrap_or_default();
    let seconds = |ms: f64| format!("{:.2} s", ms / 1000.0);
    let mut rows = vec![Row::within(
        "bytes before the list, gzipped",
        format!("{:.1} KB", bytes / 1000.0),
        "the goal",
        format!("{:.0} KB", GOAL_BYTES / 1000.0),
        bytes / GOAL_BYTES,
        1.0,
    )];
    let benchmark = format!("click to list, Slow 4G, cache off (median of {runs})");
    for (file, who) in
        [("chatwoot-170KiB.bin", "Chatwoot's widget (170 KiB)"), ("zendesk-613KB.bin", "Zendesk's widget (613 KB)")]
    {
        let theirs = result["references"][file]["ms"].as_f64().ok_or("first-list: no reference time")?;
        rows.push(Row::faster(
            &benchmark,
            seconds(ms),
            &format!("download of {who} alone, same profile"),
            seconds(theirs),
            theirs / ms,
            f64::NAN,
        ));
    }
    Ok(rows)
}
