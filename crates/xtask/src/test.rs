//! `cargo xtask test`: every check and suite, in order, with one closing summary line.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::postgres::TestPostgres;
use crate::release::{build_release, release_dist};
use crate::tools::{self, Tools};
use crate::{Result, browsers, root, size, tidy, wasm_pkg};

/// Counts over everything that ran: each check (fmt, clippy, build) counts as one, each
/// test as one.
#[derive(Debug, Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failed_steps: Vec<String>,
}

impl Tally {
    /// Run a check; it counts as one test. Returns whether it passed.
    fn check(&mut self, name: &str, cmd: &mut Command) -> bool {
        banner(name);
        let ok = cmd.status().is_ok_and(|s| s.success());
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.failed_steps.push(name.to_owned());
        }
        ok
    }

    /// Count a step done in this process; it counts as one test. Returns whether it passed.
    fn result(&mut self, name: &str, outcome: Result<()>) -> bool {
        banner(name);
        match outcome {
            Ok(()) => {
                self.passed += 1;
                true
            }
            Err(e) => {
                eprintln!("{name}: {e}");
                self.failed += 1;
                self.failed_steps.push(name.to_owned());
                false
            }
        }
    }

    /// Run a test suite, echoing its output and adding up its `test result:` lines. A suite
    /// that fails without reporting a failed test (a build error) counts as one failure.
    fn tests(&mut self, name: &str, cmd: &mut Command) {
        banner(name);
        let (mut passed, mut failed) = (0, 0);
        let ok = match cmd.stdout(Stdio::piped()).spawn() {
            Ok(mut child) => {
                if let Some(out) = child.stdout.take() {
                    for line in BufReader::new(out).lines().map_while(std::io::Result::ok) {
                        println!("{line}");
                        if let Some((p, f)) = parse_result(&line) {
                            passed += p;
                            failed += f;
                        }
                        // node --test (TAP): "# pass N" and "# fail N".
                        if let Some(n) = line.strip_prefix("# pass ").and_then(|n| n.trim().parse::<u64>().ok()) {
                            passed += n;
                        }
                        if let Some(n) = line.strip_prefix("# fail ").and_then(|n| n.trim().parse::<u64>().ok()) {
                            failed += n;
                        }
                    }
                }
                child.wait().is_ok_and(|s| s.success())
            }
            Err(e) => {
                eprintln!("cannot run {cmd:?}: {e}");
                false
            }
        };
        if !ok && failed == 0 {
            failed = 1;
        }
        println!("xtask: {name}: {passed} passed, {failed} failed");
        self.passed += passed;
        self.failed += failed;
        if failed > 0 {
            self.failed_steps.push(name.to_owned());
        }
    }
}

fn banner(name: &str) {
    println!("\n==== xtask test: {name}");
}

/// `(passed, failed)` from a libtest or wasm-bindgen-test summary line.
fn parse_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| {
        rest.split([';', '.'])
            .filter_map(|part| part.trim().strip_suffix(word))
            .find_map(|n| n.trim().parse::<u64>().ok())
    };
    Some((count(" passed")?, count(" failed").unwrap_or(0)))
}

fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root()).args(args);
    cmd
}

fn wasm_tests(tools: &Tools, webdriver_json: &Path) -> Command {
    let mut cmd =
        cargo(&["test", "--target", "wasm32-unknown-unknown", "-p", "helpdesk-widget", "-p", "helpdesk-wasm"]);
    cmd.env("PATH", tools.path_env())
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", webdriver_json)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    cmd
}

/// Where the wasm suites find a real helpdesk-server (demo data, CORS open to the test
/// runner's page). Fixed, because the suites are compiled with it.
pub(crate) const WASM_TEST_SERVER: &str = "127.0.0.1:18787";

/// A demo helpdesk-server over a fresh database for the wasm suites; stopped on drop.
struct TestServer(std::process::Child);

impl TestServer {
    fn start() -> Result<Self> {
        let dir = root().join("target").join("xtask");
        let db = dir.join("wasm-suite.db");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let status = cargo(&["build", "-p", "helpdesk-server"]).status().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("helpdesk-server does not build".into());
        }
        let child = Command::new(root().join("target").join("debug").join("helpdesk-server"))
            .args([
                "--demo",
                "--cors-origins",
                "*",
                "--rate-limit-per-minute",
                "0",
                "--bind",
                WASM_TEST_SERVER,
                "--database",
            ])
            .arg(&db)
            .env("RUST_LOG", "warn")
            .spawn()
            .map_err(|e| format!("helpdesk-server: {e}"))?;
        let server = Self(child);
        let deadline = Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(WASM_TEST_SERVER).is_err() {
            if Instant::now() > deadline {
                return Err(format!("helpdesk-server did not start on {WASM_TEST_SERVER}"));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(server)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn run() -> Result<()> {
    let started = Instant::now();
    let tools = tools::ensure_all()?;
    browsers::require()?;
    let webdriver_json = browsers::write_webdriver_json()?;
    let mut tally = Tally::default();

    tally.check("rustfmt", cargo(&["fmt", "--all", "--check"]).env("PATH", tools.path_env()));
    tally.result("tidy (cargo xtask tidy)", tidy::run());
    tally.check("clippy (native)", &mut cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]));
    tally.check(
        "clippy (wasm32)",
        &mut cargo(&[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "helpdesk-core",
            "-p",
            "helpdesk-wasm",
            "-p",
            "helpdesk-widget",
            "-p",
            "widget-bench",
            // Library, binaries and tests; the benchmarks are native only.
            "--lib",
            "--bins",
            "--tests",
            "--",
            "-D",
            "warnings",
        ]),
    );
    banner("PostgreSQL for the store's conformance suite and the multi-instance tests");
    let postgres = TestPostgres::start();
    let mut native = cargo(&["test", "--workspace", "--exclude", "helpdesk-e2e"]);
    match &postgres {
        Ok(pg) => {
            println!("PostgreSQL on {}", pg.url());
            native.env("HELPDESK_TEST_POSTGRES", pg.url());
        }
        Err(e) => {
            eprintln!("{e}");
            tally.failed += 1;
            tally.failed_steps.push("PostgreSQL".to_owned());
        }
    }
    tally.tests("native tests", &mut native);
    drop(postgres);
    let server = TestServer::start();
    if let Err(e) = &server {
        eprintln!("{e}");
        tally.failed += 1;
        tally.failed_steps.push("demo server for the wasm suites".to_owned());
    }
    tally.tests(
        "wasm tests in headless Chromium",
        wasm_tests(&tools, &webdriver_json).env("CHROMEDRIVER", browsers::CHROMEDRIVER).env_remove("GECKODRIVER"),
    );
    tally.tests(
        "wasm tests in headless Firefox",
        wasm_tests(&tools, &webdriver_json).env("GECKODRIVER", &tools.geckodriver).env_remove("CHROMEDRIVER"),
    );
    drop(server);
    banner("helpdesk-wasm package (cargo xtask wasm-pkg)");
    let pkg = wasm_pkg::build(&tools);
    match &pkg {
        Ok(pkg) => tally
            .tests("JavaScript consumer of the helpdesk-wasm package (node --test)", &mut wasm_pkg::consumer_test(pkg)),
        Err(e) => {
            eprintln!("{e}");
            tally.failed += 1;
            tally.failed_steps.push("helpdesk-wasm package".to_owned());
        }
    }
    if tally.result("trunk build --release, precompressed", build_release(&tools)) {
        tally.result("size budget (cargo xtask size)", size::check(&release_dist()));
        tally.tests(
            "end-to-end tests in headless Chromium and Firefox",
            cargo(&["test", "-p", "helpdesk-e2e"])
                .env("HELPDESK_DIST", release_dist())
                .env("HELPDESK_WASM_PKG", wasm_pkg::pkg_dir())
                .env("GECKODRIVER", &tools.geckodriver)
                .env("CHROMEDRIVER", browsers::CHROMEDRIVER)
                .env("HELPDESK_AXE", &tools.axe),
        );
    }

    println!("\nxtask test: finished in {:.0} s", started.elapsed().as_secs_f64());
    if !tally.failed_steps.is_empty() {
        println!("xtask test: failing steps: {}", tally.failed_steps.join(", "));
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 { Ok(()) } else { Err(format!("{} failed", tally.failed)) }
}

#[cfg(test)]
mod tests {
    use super::parse_result;

    #[test]
    fn reads_libtest_and_wasm_bindgen_test_summaries() {
        let libtest = "test result: ok. 18 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 55.49s";
        assert_eq!(parse_result(libtest), Some((18, 0)));
        let wasm = "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 filtered out; finished in 0.10s";
        assert_eq!(parse_result(wasm), Some((3, 1)));
        assert_eq!(parse_result("running 4 tests"), None);
    }
}
