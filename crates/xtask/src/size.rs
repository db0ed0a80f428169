//! `cargo xtask size`: the widget's bytes, raw and gzipped, against the budget.
//!
//! The release build ships every asset precompressed next to itself (`helpdesk-widget_bg.wasm.gz`
//! …), written once by Zopfli: standard gzip streams that any browser decodes, smaller than
//! a server compressing on the fly. helpdesk-server sends them as they are
//! (`Content-Encoding: gzip`), as `gzip_static` does for nginx. The budget is checked on
//! those files, the bytes a subscriber downloads; zlib's level 9 is printed beside them for
//! servers that compress on the fly.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::Result;
use crate::test::{release_dist, trunk_build_release};
use crate::tools::{self, run_ok};

/// Budget for the widget's wasm + JS glue, gzipped (bytes).
const BUDGET_WIDGET_GZ: u64 = 150 * 1024;
/// Budget for the loader a portal page loads up front (`web/helpdesk.js`), gzipped.
const BUDGET_LOADER_GZ: u64 = 5 * 1024;
/// The assets a browser fetches, by extension: these are precompressed.
const COMPRESSED: [&str; 5] = ["wasm", "js", "css", "html", "json"];

/// The length of `bytes` gzipped by zlib's best level (what a server compressing on the fly
/// sends at most).
pub(crate) fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(enc.finish().map_err(|e| e.to_string())?.len() as u64)
}

/// `path` with `.gz` appended: where its precompressed copy is.
fn gz_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

/// Write `<file>.gz` next to every asset of `dist` (recursively), compressed by Zopfli.
pub(crate) fn precompress(dist: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let wanted = path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSED.contains(&e));
        if !wanted {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut gz = Vec::new();
        zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, bytes.as_slice(), &mut gz)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let target = gz_path(&path);
        std::fs::write(&target, gz).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// One file of the build: raw bytes, its shipped `.gz`, and zlib level 9 for comparison.
struct Sizes {
    raw: u64,
    shipped: u64,
    zlib: u64,
}

fn sizes(dist: &Path, name: &str) -> Result<Sizes> {
    let path = dist.join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let gz = gz_path(&path);
    let shipped = std::fs::metadata(&gz)
        .map_err(|e| format!("{}: {e} (the release build writes it: cargo xtask size)", gz.display()))?
        .len();
    Ok(Sizes { raw: bytes.len() as u64, shipped, zlib: gzip_len(&bytes)? })
}

/// The release build, precompressed, as `test` and `size` use it.
pub(crate) fn build_release(tools: &tools::Tools) -> Result<()> {
    run_ok(&mut trunk_build_release(tools))?;
    precompress(&release_dist())
}

pub(crate) fn run() -> Result<()> {
    let tools = tools::ensure_all()?;
    build_release(&tools)?;
    check(&release_dist())
}

/// Print the sizes of the loader, the JS glue and the wasm, and fail over a budget.
pub(crate) fn check(dist: &Path) -> Result<()> {
    let loader = sizes(dist, "helpdesk.js")?;
    let js = sizes(dist, "helpdesk-widget.js")?;
    let wasm = sizes(dist, "helpdesk-widget_bg.wasm")?;
    let line = |what: &str, s: &Sizes| {
        println!("{what}: {} bytes, {} gzipped as shipped (zlib level 9: {})", s.raw, s.shipped, s.zlib);
    };
    line("widget loader (helpdesk.js)", &loader);
    line("widget JS glue", &js);
    line("widget wasm", &wasm);
    let total = wasm.shipped + js.shipped;
    println!("loader: {} bytes gzipped (budget {BUDGET_LOADER_GZ})", loader.shipped);
    println!(
        "widget wasm + JS glue: {total} bytes gzipped as shipped (budget {BUDGET_WIDGET_GZ}; zlib level 9: {})",
        wasm.zlib + js.zlib
    );
    let mut over = Vec::new();
    if loader.shipped > BUDGET_LOADER_GZ {
        over.push(format!("the loader is {} bytes gzipped, over {BUDGET_LOADER_GZ}", loader.shipped));
    }
    if total > BUDGET_WIDGET_GZ {
        over.push(format!("the widget is {total} bytes gzipped, over {BUDGET_WIDGET_GZ}"));
    }
    if over.is_empty() { Ok(()) } else { Err(over.join("; ")) }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn precompressed_assets_are_gzip_that_decodes_to_the_original() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let nested = dir.join("assets");
        std::fs::create_dir_all(&nested).expect("dir");
        let text = "fn main() { println!(\"helpdesk\"); }\n".repeat(200);
        std::fs::write(dir.join("app.js"), &text).expect("write");
        std::fs::write(nested.join("style.css"), "body { color: red }").expect("write");
        std::fs::write(dir.join("notes.txt"), "not an asset").expect("write");
        precompress(&dir).expect("precompress");

        let gz = std::fs::read(dir.join("app.js.gz")).expect("app.js.gz");
        let mut decoded = String::new();
        flate2::read::GzDecoder::new(gz.as_slice()).read_to_string(&mut decoded).expect("gzip");
        assert_eq!(decoded, text);
        assert!((gz.len() as u64) <= gzip_len(text.as_bytes()).expect("zlib"), "no larger than zlib's best");
        assert!(nested.join("style.css.gz").exists(), "subdirectories too");
        assert!(!dir.join("notes.txt.gz").exists(), "only what a browser fetches");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
