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

pub(crate) fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(enc.finish().map_err(|e| e.to_string())?.len() as u64)
}

/// Raw and gzipped sizes of the dist files with this extension.
fn sizes(dist: &Path, ext: &str) -> Result<(u64, u64)> {
    let mut raw = 0;
    let mut gz = 0;
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == ext) {
            let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
            raw += bytes.len() as u64;
            gz += gzip_len(&bytes)?;
        }
    }
    Ok((raw, gz))
}

pub(crate) fn run() -> Result<()> {
    let tools = tools::ensure_all()?;
    run_ok(&mut trunk_build_release(&tools))?;
    let dist = release_dist();
    let (wasm, wasm_gz) = sizes(&dist, "wasm")?;
    let (js, js_gz) = sizes(&dist, "js")?;
    println!("widget wasm: {wasm} bytes, {wasm_gz} gzipped");
    println!("widget JS glue: {js} bytes, {js_gz} gzipped");
    let total = wasm_gz + js_gz;
    println!("widget wasm + JS: {total} bytes gzipped (budget {BUDGET_WIDGET_GZ})");
    if total > BUDGET_WIDGET_GZ {
        return Err(format!("the widget is {total} bytes gzipped, over the budget of {BUDGET_WIDGET_GZ}"));
    }
    Ok(())
}
