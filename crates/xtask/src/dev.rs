//! `cargo xtask dev`: the helpdesk on this machine, with demo data.

use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::tools::{self, run_ok};
use crate::{Result, root};

/// Where helpdesk-server listens (Trunk.toml's proxy points here).
const SERVER_ADDR: &str = "127.0.0.1:8787";
/// Where `trunk serve` listens (Trunk.toml).
const PAGE_URL: &str = "http://127.0.0.1:8080/";

fn stop(children: &mut [Child]) {
    for child in children.iter_mut() {
        let _ = child.kill();
    }
    for child in children.iter_mut() {
        let _ = child.wait();
    }
}

pub(crate) fn run() -> Result<()> {
    let tools = tools::ensure_all()?;
    run_ok(Command::new("cargo").current_dir(root()).args(["build", "-p", "helpdesk-server"]))?;
    let data = root().join("target").join("dev");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let database = data.join("helpdesk.db");

    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).map_err(|e| e.to_string())?;

    let server = Command::new(root().join("target").join("debug").join("helpdesk-server"))
        .args(["--demo", "--bind", SERVER_ADDR, "--database"])
        .arg(&database)
        .spawn()
        .map_err(|e| format!("cannot start helpdesk-server: {e}"))?;
    let mut children = vec![server];
    match tools::trunk(&tools).arg("serve").spawn() {
        Ok(trunk) => children.push(trunk),
        Err(e) => {
            stop(&mut children);
            return Err(format!("cannot start trunk serve: {e}"));
        }
    }
    println!(
        "\nhelpdesk: helpdesk-server (demo data, {}) on http://{SERVER_ADDR}/api/\n\
         helpdesk: open {PAGE_URL} once Trunk has built the widget (a minute or two the first time);\n\
         helpdesk: the demo customer portal embedding it is {PAGE_URL}portal.html\n\
         helpdesk: Ctrl-C stops both\n",
        database.display()
    );
    let result = loop {
        if interrupted.load(Ordering::SeqCst) {
            break Ok(());
        }
        if let Some((i, status)) =
            children.iter_mut().enumerate().find_map(|(i, c)| c.try_wait().ok().flatten().map(|s| (i, s)))
        {
            let name = if i == 0 { "helpdesk-server" } else { "trunk serve" };
            break Err(format!("{name} stopped ({status})"));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    stop(&mut children);
    println!("helpdesk: stopped");
    result
}
