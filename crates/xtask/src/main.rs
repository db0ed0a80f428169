//! All automation of the helpdesk workspace, in Rust: `cargo xtask <task>`; `cargo xtask help`
//! lists the tasks (the table [`TASKS`] is the one list of them).

mod bench;
mod browsers;
mod cluster;
mod conformance;
mod dev;
mod fuzz;
mod postgres;
mod release;
mod size;
mod test;
mod tidy;
mod tools;
mod wasm_pkg;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One task: its name on the command line, its arguments, what it does, and the code.
struct Task {
    name: &'static str,
    args: &'static str,
    about: &'static str,
    run: fn(&[String]) -> Result<()>,
}

/// Every task, in the order `cargo xtask help` lists them.
const TASKS: &[Task] = &[
    Task {
        name: "dev",
        args: "[--upstream wisphub|whmcs] [--instances N]",
        about: "install missing tools, run helpdesk-server (demo data) and trunk serve; with `--upstream wisphub` \
                (or `whmcs`), helpdesk-server as the gateway in front of a simulated WispHub (wisphub-sim) or \
                WHMCS shop (whmcs-sim), with tickets; with `--instances N`, N helpdesk-server instances on a \
                throwaway PostgreSQL behind HAProxy (from Debian), as a deployment beyond one machine",
        run: dev::run,
    },
    Task {
        name: "test",
        args: "",
        about: "everything, in order: rustfmt, tidy, clippy (native + wasm32), native tests, wasm tests in \
                Chromium and Firefox, the helpdesk-wasm package's Node consumer, the release build and its \
                size budget, end-to-end browser tests; ends with `N passed, M failed`",
        run: |_| test::run(),
    },
    Task {
        name: "size",
        args: "",
        about: "trunk build --release, precompressed; the widget's raw and gzipped sizes against the budget",
        run: |_| size::run(),
    },
    Task {
        name: "tidy",
        args: "",
        about: "the conventions a machine can check: no import cycles, one room for the wasm host in the core, \
                a `//!` line in every module, no file over 400 lines, no forbidden dependency, kilobyte figures \
                only in ARCHITECTURE.md, ARCHITECTURE.md's paths and crate sections true",
        run: |_| tidy::run(),
    },
    Task {
        name: "bench",
        args: "[calendar] [days|render|first-list|load]...",
        about: "benchmarks next to the alternatives, in one table of figures and ratios against the goals: business \
                days natively and in wasm under Node against python-holidays and numpy; the widget's rendering \
                against vanilla JS in headless Chromium; the bytes and the Slow 4G time from the launcher's \
                click to the list; durable creates against the disk's fsync rate and the \
                list, over SQLite and over PostgreSQL with 1, 2 and 3 instances (wrk, oha); with `calendar`, the \
                core's calendar micro-benchmarks (divan) too; naming some runs only those",
        run: bench::run,
    },
    Task {
        name: "conformance",
        args: "",
        about: "Schemathesis (PyPI, into target/conformance) against the served OpenAPI document, every check, \
                as staff and as a subscriber; fails on any failure",
        run: |_| conformance::run(),
    },
    Task {
        name: "wasm-pkg",
        args: "",
        about: "helpdesk-core for JavaScript (ES module, wasm, TypeScript types) into target/helpdesk-wasm-pkg",
        run: |_| wasm_pkg::run(),
    },
    Task {
        name: "fuzz",
        args: "[target] [seconds]",
        about: "the core's fuzz targets (cargo-fuzz, nightly); every target for 60 s by default",
        run: fuzz::run,
    },
    Task {
        name: "tools",
        args: "",
        about: "install only what is missing: the wasm32 target, wasm-bindgen-cli, Trunk, wasm-opt (binaryen), \
                axe-core, geckodriver",
        run: |_| tools::ensure_all().map(|_| ()),
    },
    Task { name: "help", args: "", about: "this list", run: |_| help() },
];

fn help() -> Result<()> {
    println!("{}", usage());
    Ok(())
}

/// The usage text, from [`TASKS`]: each task with its arguments, then its description
/// wrapped to 100 columns.
fn usage() -> String {
    const INDENT: usize = 12;
    let names = TASKS.iter().map(|t| t.name).collect::<Vec<_>>().join("|");
    let mut text = format!("usage: cargo xtask <{names}>\n");
    for task in TASKS {
        let head = format!("  {} {}", task.name, task.args);
        let mut line = if head.trim_end().len() < INDENT - 1 {
            format!("{:<INDENT$}", head.trim_end())
        } else {
            text.push_str(&format!("\n{}", head.trim_end()));
            " ".repeat(INDENT)
        };
        let mut empty = true;
        for word in task.about.split_whitespace() {
            if !empty && line.len() + 1 + word.len() > 100 {
                text.push_str(&format!("\n{}", line.trim_end()));
                line = " ".repeat(INDENT);
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        }
        text.push_str(&format!("\n{line}"));
    }
    text
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("help", String::as_str);
    let name = if name == "--help" || name == "-h" { "help" } else { name };
    let Some(task) = TASKS.iter().find(|t| t.name == name) else {
        eprintln!("xtask: unknown task {name:?}\n\n{}", usage());
        return ExitCode::FAILURE;
    };
    match (task.run)(args.get(1..).unwrap_or_default()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {name}: {e}");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_lists_every_task_once_with_its_arguments() {
        let text = usage();
        for task in TASKS {
            let (inline, alone) = (format!("  {} ", task.name), format!("  {}", task.name));
            let heads = text.lines().filter(|l| l.starts_with(&inline) || *l == alone).count();
            assert_eq!(heads, 1, "{}: {text}", task.name);
            assert!(text.contains(task.about.split_whitespace().last().unwrap_or_default()), "{text}");
        }
        assert!(text.contains("fuzz [target] [seconds]"), "{text}");
        assert!(text.lines().all(|l| l.len() <= 100), "{text}");
    }
}
