//! `cargo xtask conformance`: Schemathesis (from PyPI, into a virtual environment under
//! `target/conformance/` when missing) against the OpenAPI document the server serves,
//! with every check on (`-c all`), once as staff and once as the demo subscriber. It ends
//! with the case counts and fails when Schemathesis reports any failure.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::tools::{Server, run_ok};
use crate::{Result, root};

const ADDR: &str = "127.0.0.1:8798";
const STAFF_KEY: &str = "conformance-staff-key-0123456789";

/// `target/conformance/venv/bin/st`, installed when missing.
fn schemathesis(dir: &Path) -> Result<std::path::PathBuf> {
    let venv = dir.join("venv");
    let st = venv.join("bin").join("st");
    if !st.exists() {
        println!("installing Schemathesis from PyPI into {}", venv.display());
        run_ok(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        run_ok(Command::new(venv.join("bin").join("pip")).args(["install", "--quiet", "schemathesis"]))?;
    }
    Ok(st)
}

/// One Schemathesis run with `headers`: its summary line.
fn run_as(st: &Path, who: &str, headers: &[&str]) -> Result<(String, bool)> {
    let mut cmd = Command::new(st);
    // Schemathesis keeps its cache in the working directory: keep it under target/.
    cmd.current_dir(st.ancestors().nth(3).unwrap_or(Path::new(".")));
    cmd.args(["run", &format!("http://{ADDR}/api/openapi.json"), "-c", "all", "-w", "2"]);
    for h in headers {
        cmd.args(["-H", h]);
    }
    let out = cmd.stderr(Stdio::inherit()).output().map_err(|e| format!("{}: {e}", st.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    let cases = text.lines().find(|l| l.contains(" generated, ")).unwrap_or("no case count").trim().to_owned();
    Ok((format!("{who}: {cases}"), out.status.success()))
}

pub(crate) fn run() -> Result<()> {
    let dir = root().join("target").join("conformance");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let st = schemathesis(&dir)?;
    run_ok(Command::new("cargo").current_dir(root()).args(["build", "-p", "helpdesk-server"]))?;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("conformance.db{suffix}")));
    }
    // Room for every generated ticket, no rate limit: what is checked is the contract.
    let _server = Server::start(
        Command::new(root().join("target/debug/helpdesk-server"))
            .args(["--demo", "--bind", ADDR, "--staff-key", STAFF_KEY, "--rate-limit-per-minute", "0"])
            .args(["--max-tickets", "1000000", "--max-tickets-per-service", "0", "--database"])
            .arg(dir.join("conformance.db"))
            .env("RUST_LOG", "error"),
        ADDR,
    )?;
    let staff_key = format!("X-API-Key: {STAFF_KEY}");
    let bearer = "Authorization: Bearer demo-subscriber-token";
    let (staff, staff_ok) = run_as(&st, "staff key and subscriber token", &[&staff_key, bearer])?;
    let (subscriber, subscriber_ok) = run_as(&st, "subscriber token only", &[bearer])?;
    println!("\nSchemathesis, every check:\n  {staff}\n  {subscriber}");
    if staff_ok && subscriber_ok { Ok(()) } else { Err("Schemathesis reported failures".into()) }
}
