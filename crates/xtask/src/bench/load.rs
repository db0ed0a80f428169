//! `cargo xtask bench`: the benchmarks, reported as figures (never asserted as limits).
//!
//! 1. helpdesk-core's calendar (divan).
//! 2. helpdesk-server under load (wrk, from Debian): ticket creation and the subscriber's
//!    list, against a release build over a fresh SQLite file on loopback.

use std::process::{Command, Stdio};

use crate::tools::{Server, run_ok, which};
use crate::{Result, root};

const ADDR: &str = "127.0.0.1:8799";
const STAFF_KEY: &str = "bench-staff-key-0123456789";
const SECONDS: &str = "10";

/// Each wrk request creates a ticket (for service 200, zone 1) with its own idempotency key.
const CREATE_LUA: &str = r#"
-- Each wrk thread numbers its own requests; keys are unique across threads.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  counter = 0
end
request = function()
  counter = counter + 1
  local body = '{"service_id": 200, "subject": "Internet Lento", "description": "carga ' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/tickets", {
    ["X-API-Key"] = "bench-staff-key-0123456789",
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. tid .. "-" .. counter,
  }, body)
end
"#;

fn ensure_wrk() -> Result<()> {
    if which("wrk").is_some() {
        return Ok(());
    }
    println!("xtask: installing wrk from Debian");
    run_ok(Command::new("apt-get").args(["install", "-y", "-qq", "wrk"])).or_else(|_| {
        run_ok(Command::new("apt-get").args(["update", "-qq"]))?;
        run_ok(Command::new("apt-get").args(["install", "-y", "-qq", "wrk"]))
    })
}

/// Requests/s and the 99th percentile latency from wrk's `--latency` report.
fn figures(report: &str) -> (String, String) {
    let find = |prefix: &str| {
        report
            .lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(|rest| rest.trim().to_owned()))
            .unwrap_or_else(|| "?".to_owned())
    };
    (find("Requests/sec:"), find("99%"))
}

fn wrk(label: &str, args: &[&str]) -> Result<()> {
    let out = Command::new("wrk")
        .args(["--latency", "-t2", "-c32", "-d", SECONDS])
        .args(args)
        .output()
        .map_err(|e| format!("wrk: {e}"))?;
    let report = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || report.contains("Non-2xx") {
        println!("{report}");
    }
    let (rps, p99) = figures(&report);
    println!("{label}: {rps} requests/s, p99 {p99} (wrk -t2 -c32 -d{SECONDS}s)");
    Ok(())
}

fn server_load() -> Result<()> {
    ensure_wrk()?;
    run_ok(Command::new("cargo").current_dir(root()).args(["build", "--release", "-p", "helpdesk-server"]))?;
    let dir = root().join("target").join("bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let _server = Server::start(
        Command::new(root().join("target/release/helpdesk-server"))
            .args([
                "--demo",
                "--bind",
                ADDR,
                "--staff-key",
                STAFF_KEY,
                "--max-tickets",
                "100000000",
                "--max-tickets-per-service",
                "0",
                "--database",
            ])
            .arg(dir.join("bench.db"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null()),
        ADDR,
    )?;
    let script = dir.join("create.lua");
    std::fs::write(&script, CREATE_LUA).map_err(|e| e.to_string())?;
    let url = format!("http://{ADDR}");
    wrk("POST /api/v1/tickets (create, idempotency key each)", &["-s", &script.to_string_lossy(), &url])?;
    wrk(
        "GET /api/v1/tickets (subscriber list, 20 per page)",
        &["-H", "Authorization: Bearer demo-subscriber-token", &format!("{url}/api/v1/tickets")],
    )?;
    Ok(())
}

pub(crate) fn run() -> Result<()> {
    run_ok(Command::new("cargo").current_dir(root()).args(["bench", "-p", "helpdesk-core", "--bench", "calendar"]))?;
    server_load()
}
