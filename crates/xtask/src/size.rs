//! `cargo xtask size`: the widget's bytes, raw and gzipped, against the budget.
//!
//! The release build ships every asset precompressed next to itself (`helpdesk-widget_bg.wasm.gz`
//! …), written once by Zopfli: standard gzip streams that any browser decodes, smaller than
//! a server compressing on the fly. helpdesk-server sends them as they are
//! (`Content-Encoding: gzip`), as `gzip_static` does for nginx. The budget is checked on
//! those files, the bytes a subscriber downloads; zlib's level 9 is printed beside them for
//! servers that compress on the fly.

use std::path::Path;

use crate::Result;
use crate::release::{build_release, gz_path, gzip_len, release_dist};
use crate::tools;

/// Budget for the widget's wasm + JS glue, gzipped (bytes).
const BUDGET_WIDGET_GZ: u64 = 150 * 1024;
/// Budget for the loader a portal page loads up front (`web/helpdesk.js`), gzipped.
const BUDGET_LOADER_GZ: u64 = 5 * 1024;
/// Budget for the forms' photo keeper the loader fetches with the wasm
/// (`web/helpdesk-photos.js`), gzipped.
const BUDGET_PHOTOS_GZ: u64 = 2 * 1024;

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

pub(crate) fn run() -> Result<()> {
    let tools = tools::ensure_all()?;
    build_release(&tools)?;
    check(&release_dist())
}

/// Print the sizes of the loader, its photo keeper, the JS glue and the wasm, and fail over a
/// budget.
pub(crate) fn check(dist: &Path) -> Result<()> {
    let loader = sizes(dist, "helpdesk.js")?;
    let photos = sizes(dist, "helpdesk-photos.js")?;
    let js = sizes(dist, "helpdesk-widget.js")?;
    let wasm = sizes(dist, "helpdesk-widget_bg.wasm")?;
    let line = |what: &str, s: &Sizes| {
        println!("{what}: {} bytes, {} gzipped as shipped (zlib level 9: {})", s.raw, s.shipped, s.zlib);
    };
    line("widget loader (helpdesk.js, up front)", &loader);
    line("the loader's photo keeper (helpdesk-photos.js, with the wasm)", &photos);
    line("widget JS glue", &js);
    line("widget wasm", &wasm);
    let total = wasm.shipped + js.shipped;
    println!("loader: {} bytes gzipped (budget {BUDGET_LOADER_GZ})", loader.shipped);
    println!("photo keeper: {} bytes gzipped (budget {BUDGET_PHOTOS_GZ})", photos.shipped);
    println!(
        "widget wasm + JS glue: {total} bytes gzipped as shipped (budget {BUDGET_WIDGET_GZ}; zlib level 9: {})",
        wasm.zlib + js.zlib
    );
    let mut over = Vec::new();
    if loader.shipped > BUDGET_LOADER_GZ {
        over.push(format!("the loader is {} bytes gzipped, over {BUDGET_LOADER_GZ}", loader.shipped));
    }
    if photos.shipped > BUDGET_PHOTOS_GZ {
        over.push(format!("the photo keeper is {} bytes gzipped, over {BUDGET_PHOTOS_GZ}", photos.shipped));
    }
    if total > BUDGET_WIDGET_GZ {
        over.push(format!("the widget is {total} bytes gzipped, over {BUDGET_WIDGET_GZ}"));
    }
    if over.is_empty() { Ok(()) } else { Err(over.join("; ")) }
}
