//! The rendering benchmark: the widget's own list and thread components (`widget-bench`,
//! built as the widget ships) against a hand-written vanilla-JS page with the same markup
//! (`tests/bench/render/`), in one headless Chromium run of
//! `cargo bench -p helpdesk-e2e --bench browser -- render`. The page checks that both give
//! the same DOM; a difference fails the bench.

use std::process::Command;

use super::Row;
use crate::tools::{Tools, ensure_all};
use crate::{Result, browsers, root, wasm_pkg};

/// The widget may take at most this many times the vanilla page's time.
const GOAL: f64 = 1.3;

/// The `BENCH <json>` line of a browser benchmark's output.
pub(crate) fn bench_line(stdout: &str) -> Result<serde_json::Value> {
    let line = stdout.lines().find_map(|l| l.strip_prefix("BENCH ")).ok_or("the browser bench printed no result")?;
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("the browser bench's result: {e}"))?;
    match value.get("error") {
        Some(error) => Err(format!("the browser bench failed: {error}\n{value:#}")),
        None => Ok(value),
    }
}

/// Run `cargo bench -p helpdesk-e2e --bench browser -- <name>` with `envs`; its result.
pub(crate) fn browser_bench(tools: &Tools, name: &str, envs: &[(&str, &std::path::Path)]) -> Result<serde_json::Value> {
    browsers::require()?;
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root())
        .args(["bench", "-q", "-p", "helpdesk-e2e", "--bench", "browser", "--", name])
        .env("CHROMEDRIVER", browsers::CHROMEDRIVER)
        .env("GECKODRIVER", &tools.geckodriver);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.stderr(std::process::Stdio::inherit()).output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("the browser bench `{name}` failed:\n{stdout}"));
    }
    bench_line(&stdout)
}

fn ms(v: f64) -> String {
    if v < 10.0 { format!("{v:.2} ms") } else { format!("{v:.1} ms") }
}

pub(crate) fn run() -> Result<Vec<Row>> {
    println!("xtask bench: rendering, the widget against vanilla JS in headless Chromium");
    let tools = ensure_all()?;
    let pkg = root().join("target").join("bench").join("render-pkg");
    wasm_pkg::build_web(&tools, "widget-bench", &pkg)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_line_is_read_and_a_reported_error_fails() {
        let ok = bench_line("noise\nBENCH {\"medians\":{}}\n").expect("a result");
        assert!(ok["medians"].is_object());
        assert!(bench_line("nothing here").is_err());
        let failed = bench_line("BENCH {\"error\":\"the list differs\"}").expect_err("an error");
        assert!(failed.contains("the list differs"), "{failed}");
    }
}
