//! All automation of the helpdesk workspace, in Rust: `cargo xtask <task>`.
//!
//! - `dev`: install missing tools, start helpdesk-server (demo data) and `trunk serve`.
//! - `test`: every check and test suite, with one closing `N passed, M failed` line.
//! - `size`: build the widget for release and print its gzipped sizes against the budget.
//! - `bench`: the benchmarks, as figures.
//! - `wasm-pkg`: helpdesk-core as a JavaScript package with TypeScript types.
//! - `fuzz`: the core's fuzz targets.
//! - `tools`: only install what is missing.

mod bench;
mod dev;
mod fuzz;
mod size;
mod test;
mod tools;
mod wasm_pkg;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <dev|test|size|bench|wasm-pkg|fuzz|tools>

  dev    install missing tools, run helpdesk-server (demo data) and trunk serve
  test   fmt, clippy (native + wasm32), native tests, wasm tests in Chromium and
         Firefox, end-to-end browser tests; prints `N passed, M failed`
  size   trunk build --release and print the widget's raw and gzipped sizes
  bench  benchmarks as figures: the core's calendar (divan), the server under load (wrk)
  wasm-pkg  build helpdesk-core for JavaScript into target/helpdesk-wasm-pkg
  fuzz [target] [seconds]  run the core's fuzz targets (cargo-fuzz, nightly)
  tools  install the wasm target, wasm-bindgen-cli, Trunk, wasm-opt, geckodriver";

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "dev" => dev::run(),
        "test" => test::run(),
        "size" => size::run(),
        "bench" => bench::run(),
        "wasm-pkg" => wasm_pkg::run(),
        "fuzz" => fuzz::run(&std::env::args().skip(2).collect::<Vec<_>>()),
        "tools" => tools::ensure_all().map(|_| ()),
        _ => {
            println!("{USAGE}");
            return if task.is_empty() || task == "help" || task == "--help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The error of a task: a message for the person running it.
pub(crate) type Result<T, E = String> = std::result::Result<T, E>;

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
