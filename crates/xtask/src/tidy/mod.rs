//! `cargo xtask tidy`: the workspace's conventions that a machine can check, over the whole
//! repository; every violation printed with its file and line.
//!
//! The checks are pure functions over `(path, text)` in the submodules; this module only
//! walks the repository and runs `cargo metadata`.

mod architecture;
mod cycles;
mod deps;
mod files;
mod lex;

use std::path::Path;
use std::process::Command;

use crate::{Result, root};

/// A broken convention, at a file and line (1-based; paths relative to the repository).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Violation {
    pub(crate) path: String,
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// Folders never walked: build outputs and installed packages.
const SKIPPED_DIRS: [&str; 3] = ["target", "node_modules", ".git"];
/// The product's files outside `crates/` checked for kilobyte figures.
const PRODUCT_FILES: [&str; 4] = ["index.html", "Trunk.toml", ".cargo/config.toml", "Cargo.toml"];
/// Crates exempt from the kilobyte rule: xtask reports and enforces the sizes.
const SIZE_REPORTERS: [&str; 1] = ["xtask"];

/// Every file under `dir` (relative to `root`, with `/`), skipping [`SKIPPED_DIRS`].
fn walk(root: &Path, dir: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else { return };
    let mut entries: Vec<_> = entries.filter_map(std::result::Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if dir.is_empty() { name.clone() } else { format!("{dir}/{name}") };
        if entry.path().is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                walk(root, &rel, out);
            }
        } else {
            out.push(rel);
        }
    }
}

/// `(path, text)` of each file of `paths` that is UTF-8 text.
fn read(root: &Path, paths: impl IntoIterator<Item = String>) -> Vec<(String, String)> {
    paths.into_iter().filter_map(|p| Some((p.clone(), std::fs::read_to_string(root.join(&p)).ok()?))).collect()
}

/// The folders of `crates/`.
fn crate_dirs(root: &Path) -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}

/// The package name a manifest declares, or `fallback`.
fn package_name(manifest: &str, fallback: &str) -> String {
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = \"")?.split('"').next().map(str::to_owned))
        .unwrap_or_else(|| fallback.to_owned())
}

/// Every violation in the repository at `root`.
pub(crate) fn violations(root: &Path) -> Result<Vec<Violation>> {
    let mut all = Vec::new();
    walk(root, "crates", &mut all);
    walk(root, "tests", &mut all);
    let sources = read(root, all.iter().filter(|p| p.ends_with(".rs")).cloned());
    let mut found = Vec::new();
    for (path, text) in &sources {
        found.extend(files::doc_line(path, text));
        found.extend(files::length(path, text, files::LONG_FILES));
        found.extend(files::wasm_room(path, text));
    }

    let crates = crate_dirs(root);
    // Each crate's modules; the end-to-end crate's library is `tests/lib.rs`, and a folder of
    // `tests/` holding a `main.rs` is a test binary of its own (skipped, like `crates/*/tests`).
    let mut module_trees: Vec<(String, String)> =
        crates.iter().map(|c| (format!("crates/{c}"), format!("crates/{c}/src/"))).collect();
    module_trees.push(("tests".to_owned(), "tests/".to_owned()));
    let test_binaries: Vec<String> = all
        .iter()
        .filter_map(|p| p.strip_prefix("tests/")?.strip_suffix("/main.rs").map(|d| format!("tests/{d}/")))
        .collect();
    for (dir, src) in &module_trees {
        let manifest = std::fs::read_to_string(root.join(dir).join("Cargo.toml")).unwrap_or_default();
        let krate = package_name(&manifest, dir);
        let mine: Vec<(String, String)> = sources
            .iter()
            .filter(|(p, _)| p.starts_with(src.as_str()) && !test_binaries.iter().any(|t| p.starts_with(t.as_str())))
            .cloned()
            .collect();
        found.extend(cycles::check(&krate, src, &mine));
    }

    let mut product: Vec<String> = PRODUCT_FILES.iter().map(|p| (*p).to_owned()).collect();
    for c in crates.iter().filter(|c| !SIZE_REPORTERS.contains(&c.as_str())) {
        product.push(format!("crates/{c}/Cargo.toml"));
        product.extend(all.iter().filter(|p| p.starts_with(&format!("crates/{c}/src/"))).cloned());
    }
    let mut web = Vec::new();
    walk(root, "web", &mut web);
    product.extend(web.into_iter().filter(|p| [".js", ".css", ".html"].iter().any(|e| p.ends_with(e))));
    for (path, text) in read(root, product) {
        found.extend(files::kb_figures(&path, &text));
    }

    found.extend(forbidden_dependencies(root)?);

    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).map_err(|e| format!("ARCHITECTURE.md: {e}"))?;
    let mut bases: Vec<String> =
        crates.iter().flat_map(|c| [format!("crates/{c}/"), format!("crates/{c}/src/")]).collect();
    bases.extend(["tests/".to_owned(), "web/".to_owned()]);
    found.extend(architecture::check(&doc, &crates, &bases, &|p: &str| root.join(p).exists()));

    found.sort();
    found.dedup();
    Ok(found)
}

/// [`deps::FORBIDDEN`] over `cargo metadata`, located at the first hop's declaration.
fn forbidden_dependencies(root: &Path) -> Result<Vec<Violation>> {
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .args(["metadata", "--format-version", "1"])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let prefix = format!("{}/", root.display());
    Ok(deps::check(&metadata, deps::FORBIDDEN)?
        .into_iter()
        .map(|c| {
            let path = c.manifest.strip_prefix(&prefix).unwrap_or(&c.manifest).to_owned();
            let manifest = std::fs::read_to_string(&c.manifest).unwrap_or_default();
            let line = c.chain.get(1).map_or(1, |first| deps::declaring_line(&manifest, first));
            let message = format!(
                "{} must not depend on {}: {}",
                c.krate,
                c.chain.last().map_or("", String::as_str),
                c.chain.join(" -> ")
            );
            Violation { path, line, message }
        })
        .collect())
}

/// `cargo xtask tidy`: print every violation; fail if there is one.
pub(crate) fn run() -> Result<()> {
    let found = violations(&root())?;
    for v in &found {
        println!("{v}");
    }
    if found.is_empty() {
        println!("tidy: the conventions hold");
        Ok(())
    } else {
        Err(format!("{} violations of the conventions", found.len()))
    }
}
