//! `cargo xtask size`: the widget's bytes, raw and gzipped, against the budget.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::Result;
use crate::test::{release_dist, trunk_build_release};
use crate::tools::{self, run_ok};

/// Budget for the widget's wasm + JS glue, gzipped (bytes).
const BUDGET_WIDGET_GZ: u64 = 150 * 1024;
/// Budget for the loader a portal page loads up front (`web/helpdesk.js`), gzipped.
const BUDGET_LOADER_GZ: u64 = 5 * 1024;

pub(crate) fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(enc.finish().map_err(|e| e.to_string())?.len() as u64)
}

/// Raw and gzipped size of one file of the build.
fn sizes(dist: &Path, name: &str) -> Result<(u64, u64)> {
    let path = dist.join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((bytes.len() as u64, gzip_len(&bytes)?))
}

pub(crate) fn run() -> Result<()> {
    let tools = tools::ensure_all()?;
    run_ok(&mut trunk_build_release(&tools))?;
    check(&release_dist())
}

/// Print the sizes of the loader, the JS glue and the wasm, and fail over a budget.
pub(crate) fn check(dist: &Path) -> Result<()> {
    let (loader, loader_gz) = sizes(dist, "helpdesk.js")?;
    let (js, js_gz) = sizes(dist, "helpdesk-widget.js")?;
    let (wasm, wasm_gz) = sizes(dist, "helpdesk-widget_bg.wasm")?;
    println!("widget loader (helpdesk.js): {loader} bytes, {loader_gz} gzipped (budget {BUDGET_LOADER_GZ})");
    println!("widget JS glue: {js} bytes, {js_gz} gzipped");
    println!("widget wasm: {wasm} bytes, {wasm_gz} gzipped");
    let total = wasm_gz + js_gz;
    println!("widget wasm + JS glue: {total} bytes gzipped (budget {BUDGET_WIDGET_GZ})");
    let mut over = Vec::new();
    if loader_gz > BUDGET_LOADER_GZ {
        over.push(format!("the loader is {loader_gz} bytes gzipped, over {BUDGET_LOADER_GZ}"));
    }
    if total > BUDGET_WIDGET_GZ {
        over.push(format!("the widget is {total} bytes gzipped, over {BUDGET_WIDGET_GZ}"));
    }
    if over.is_empty() { Ok(()) } else { Err(over.join("; ")) }
}
