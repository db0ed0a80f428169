//! The widget's release build, as `size` and `test` use it: `trunk build --release` into
//! `target/dist-release/`, the scripts a portal page loads (the loader and the wasm's JS
//! glue) minified by terser, then every asset precompressed next to itself by Zopfli.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::tools::{self, Tools, run_ok};
use crate::{Result, root};

/// The assets a browser fetches, by extension: these are precompressed.
const COMPRESSED: [&str; 5] = ["wasm", "js", "css", "html", "json"];

/// The release build of the widget, where `test` and `size` find it.
pub(crate) fn release_dist() -> PathBuf {
    root().join("target").join("dist-release")
}

/// `trunk build --release` into [`release_dist`].
pub(crate) fn trunk_build_release(tools: &Tools) -> Command {
    let mut cmd = tools::trunk(tools);
    cmd.arg("build").arg("--release").arg("--dist").arg(release_dist());
    cmd
}

/// The scripts of the release build that terser minifies in place.
const MINIFIED: [&str; 3] = ["helpdesk.js", "helpdesk-photos.js", "helpdesk-widget.js"];

/// The release build, minified and precompressed, as `test` and `size` use it.
pub(crate) fn build_release(tools: &Tools) -> Result<()> {
    run_ok(&mut trunk_build_release(tools))?;
    minify(tools, &release_dist())?;
    precompress(&release_dist())
}

/// Minify the ES modules of [`MINIFIED`] in `dist` in place: names of exports and object
/// keys (the wasm's imports) are kept, local names shortened, comments dropped.
fn minify(tools: &Tools, dist: &Path) -> Result<()> {
    for name in MINIFIED {
        let path = dist.join(name);
        run_ok(
            Command::new(&tools.terser)
                .arg(&path)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&path)
                .env("PATH", tools.path_env()),
        )?;
    }
    Ok(())
}

/// The length of `bytes` gzipped by zlib's best level (what a server compressing on the fly
/// sends at most).
pub(crate) fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(enc.finish().map_err(|e| e.to_string())?.len() as u64)
}

/// `path` with `.gz` appended: where its precompressed copy is.
pub(crate) fn gz_path(path: &Path) -> PathBuf {
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
