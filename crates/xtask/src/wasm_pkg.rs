//! `cargo xtask wasm-pkg`: helpdesk-core as a JavaScript package (ES module + wasm +
//! TypeScript declarations) in `target/helpdesk-wasm-pkg/`, usable from Node and browsers.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::release::gzip_len;
use crate::tools::{self, Tools, run_ok};
use crate::{Result, root};

/// Where the package is written.
pub(crate) fn pkg_dir() -> PathBuf {
    root().join("target").join("helpdesk-wasm-pkg")
}

/// How a wasm is optimised.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Optimise {
    /// For size, as the widget ships: profile `wasm-release`, `wasm-opt -Oz`.
    Size,
    /// For speed, as the JavaScript package ships (portals call its calendar in loops):
    /// profile `wasm-fast`, `wasm-opt -O3`.
    Speed,
}

/// Build `package` for the browser as `optimise` says, bind it for ES modules
/// (`wasm-bindgen --target web`) into `out` and run `wasm-opt` on it.
pub(crate) fn build_web(tools: &Tools, package: &str, out: &Path, optimise: Optimise) -> Result<()> {
    let (profile, level) = match optimise {
        Optimise::Size => ("wasm-release", "-Oz"),
        Optimise::Speed => ("wasm-fast", "-O3"),
    };
    run_ok(Command::new("cargo").current_dir(root()).args([
        "build",
        "-p",
        package,
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        profile,
    ]))?;
    let stem = package.replace('-', "_");
    let wasm = root().join(format!("target/wasm32-unknown-unknown/{profile}/{stem}.wasm"));
    run_ok(
        Command::new("wasm-bindgen")
            .env("PATH", tools.path_env())
            .arg(&wasm)
            .args(["--target", "web", "--out-dir"])
            .arg(out),
    )?;
    let bg = out.join(format!("{stem}_bg.wasm"));
    run_ok(Command::new(tools.wasm_opt_dir.join("wasm-opt")).arg(level).arg(&bg).arg("-o").arg(&bg))
}

/// Build the package; returns its directory.
pub(crate) fn build(tools: &Tools) -> Result<PathBuf> {
    let out = pkg_dir();
    build_web(tools, "helpdesk-wasm", &out, Optimise::Speed)?;
    let version = env!("CARGO_PKG_VERSION");
    let manifest = format!(
        r#"{{
  "name": "helpdesk-core",
  "version": "{version}",
  "description": "The helpdesk's rules (subject catalog, zone limit, business calendar, ticket parsers) as WebAssembly.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "helpdesk_wasm.js",
  "types": "helpdesk_wasm.d.ts",
  "files": ["helpdesk_wasm.js", "helpdesk_wasm.d.ts", "helpdesk_wasm_bg.wasm", "helpdesk_wasm_bg.wasm.d.ts"],
  "sideEffects": false
}}
"#
    );
    std::fs::write(out.join("package.json"), manifest).map_err(|e| e.to_string())?;
    Ok(out)
}

pub(crate) fn run() -> Result<()> {
    let tools = tools::ensure_all()?;
    let out = build(&tools)?;
    let wasm = std::fs::read(out.join("helpdesk_wasm_bg.wasm")).map_err(|e| e.to_string())?;
    let js = std::fs::read(out.join("helpdesk_wasm.js")).map_err(|e| e.to_string())?;
    println!("package: {}", out.display());
    println!("wasm: {} bytes, {} gzipped", wasm.len(), gzip_len(&wasm)?);
    println!("JS: {} bytes, {} gzipped", js.len(), gzip_len(&js)?);
    println!("use: import init, {{ addBusinessDays }} from \"helpdesk-core\"; await init();");
    Ok(())
}

/// The JS consumer test of the package, under `node --test`.
pub(crate) fn consumer_test(pkg: &std::path::Path) -> Command {
    let mut cmd = Command::new("node");
    cmd.current_dir(root())
        .args(["--test", "--test-reporter=tap", "crates/helpdesk-wasm/js/consumer.test.mjs"])
        .env("HELPDESK_WASM_PKG", pkg);
    cmd
}
