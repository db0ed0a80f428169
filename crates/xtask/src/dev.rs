//! `cargo xtask dev`: the helpdesk on this machine, with demo data; with `--upstream wisphub`,
//! the server as the gateway in front of a simulated WispHub (`wisphub-sim`) holding the demo's
//! subscribers and a few tickets.

use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::tools::{self, run_ok};
use crate::{Result, root};

/// Where helpdesk-server listens (Trunk.toml's proxy points here).
const SERVER_ADDR: &str = "127.0.0.1:8787";
/// Where the simulated WispHub listens, and its key, with `--upstream wisphub`.
const SIM_ADDR: &str = "127.0.0.1:8790";
const SIM_KEY: &str = "dev-wisphub-key";
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

pub(crate) fn run(args: &[String]) -> Result<()> {
    let upstream = match args {
        [] => false,
        [flag, kind] if flag == "--upstream" && kind == "wisphub" => true,
        _ => return Err(format!("cargo xtask dev takes nothing or `--upstream wisphub`, not {args:?}")),
    };
    let tools = tools::ensure_all()?;
    let mut build = vec!["build", "-p", "helpdesk-server"];
    if upstream {
        build.extend(["-p", "wisphub-sim"]);
    }
    run_ok(Command::new("cargo").current_dir(root()).args(&build))?;
    let data = root().join("target").join("dev");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    // The gateway keeps its own database: its mirror is of the simulated WispHub only.
    let database = data.join(if upstream { "gateway.db" } else { "helpdesk.db" });

    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).map_err(|e| e.to_string())?;

    let bin = |name: &str| root().join("target").join("debug").join(name);
    let mut children = Vec::new();
    let mut server = Command::new(bin("helpdesk-server"));
    server.args(["--demo", "--bind", SERVER_ADDR, "--database"]).arg(&database);
    if upstream {
        let sim = Command::new(bin("wisphub-sim"))
            .args(["--bind", SIM_ADDR, "--api-key", SIM_KEY, "--with-tickets"])
            .spawn()
            .map_err(|e| format!("cannot start wisphub-sim: {e}"))?;
        children.push(sim);
        let url = format!("http://{SIM_ADDR}/api/");
        server.args(["--upstream", "wisphub", "--upstream-url", &url, "--upstream-key", SIM_KEY]);
        server.args(["--sync-interval-seconds", "5"]);
    }
    let server = match server.spawn() {
        Ok(server) => server,
        Err(e) => {
            stop(&mut children);
            return Err(format!("cannot start helpdesk-server: {e}"));
        }
    };
    children.push(server);
    match tools::trunk(&tools).arg("serve").spawn() {
        Ok(trunk) => children.push(trunk),
        Err(e) => {
            stop(&mut children);
            return Err(format!("cannot start trunk serve: {e}"));
        }
    }
    if upstream {
        println!(
            "\nhelpdesk: wisphub-sim (a simulated WispHub) on http://{SIM_ADDR}/api/, key {SIM_KEY:?};\n\
             helpdesk: change a ticket there (curl -X PATCH -H 'Authorization: Api-Key {SIM_KEY}' \\\n\
             helpdesk:   -H 'Content-Type: application/json' -d '{{\"estado\": 2}}' http://{SIM_ADDR}/api/tickets/1/)\n\
             helpdesk: and the widget shows it after the next sync (5 s)"
        );
    }
    println!(
        "\nhelpdesk: helpdesk-server (demo data, {}) on http://{SERVER_ADDR}/api/\n\
         helpdesk: open {PAGE_URL} once Trunk has built the widget (a minute or two the first time);\n\
         helpdesk: the demo customer portal embedding it is {PAGE_URL}portal.html\n\
         helpdesk: Ctrl-C stops them all\n",
        database.display()
    );
    let result = loop {
        if interrupted.load(Ordering::SeqCst) {
            break Ok(());
        }
        if let Some((i, status)) =
            children.iter_mut().enumerate().find_map(|(i, c)| c.try_wait().ok().flatten().map(|s| (i, s)))
        {
            let names: &[&str] = if upstream {
                &["wisphub-sim", "helpdesk-server", "trunk serve"]
            } else {
                &["helpdesk-server", "trunk serve"]
            };
            let name = names.get(i).copied().unwrap_or("a process");
            break Err(format!("{name} stopped ({status})"));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    stop(&mut children);
    println!("helpdesk: stopped");
    result
}
