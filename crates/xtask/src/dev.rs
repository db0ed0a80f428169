//! `cargo xtask dev`: the helpdesk on this machine, with demo data; with `--upstream wisphub`
//! (or `whmcs`), the server as the gateway in front of a simulated WispHub (`wisphub-sim`) or
//! WHMCS shop (`whmcs-sim`) holding the demo's subscriber and a few tickets; with
//! `--instances N`, N instances on PostgreSQL behind HAProxy ([`Cluster`]).

use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::cluster::Cluster;
use crate::tools::{self, run_ok};
use crate::{Result, root};

/// Where helpdesk-server listens (Trunk.toml's proxy points here).
const SERVER_ADDR: &str = "127.0.0.1:8787";
/// Where the simulated WispHub listens, and its key, with `--upstream wisphub`.
const WISPHUB_ADDR: &str = "127.0.0.1:8790";
const WISPHUB_KEY: &str = "dev-wisphub-key";
/// Where the simulated WHMCS listens, and its API credential, with `--upstream whmcs`.
const WHMCS_ADDR: &str = "127.0.0.1:8791";
const WHMCS_CREDENTIAL: (&str, &str) = ("dev-identifier", "dev-secret");

/// The back office the server runs in front of, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Upstream {
    WispHub,
    Whmcs,
}

impl Upstream {
    fn sim(self) -> &'static str {
        match self {
            Self::WispHub => "wisphub-sim",
            Self::Whmcs => "whmcs-sim",
        }
    }

    /// The simulator's command line, the server's flags in front of it, and what to try.
    fn commands(self) -> (Vec<String>, Vec<String>, String) {
        let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        match self {
            Self::WispHub => {
                let url = format!("http://{WISPHUB_ADDR}/api/");
                let sim = own(&["--bind", WISPHUB_ADDR, "--api-key", WISPHUB_KEY, "--with-tickets"]);
                let server = own(&["--upstream", "wisphub", "--upstream-url", &url, "--upstream-key", WISPHUB_KEY]);
                let hint = format!(
                    "helpdesk: wisphub-sim (a simulated WispHub) on {url}, key {WISPHUB_KEY:?};\n\
                     helpdesk: change a ticket there (curl -X PATCH -H 'Authorization: Api-Key {WISPHUB_KEY}' \\\n\
                     helpdesk:   -H 'Content-Type: application/json' -d '{{\"estado\": 2}}' {url}tickets/1/)\n\
                     helpdesk: and the widget shows it after the next sync (5 s)"
                );
                (sim, server, hint)
            }
            Self::Whmcs => {
                let (identifier, secret) = WHMCS_CREDENTIAL;
                let url = format!("http://{WHMCS_ADDR}/");
                let sim =
                    own(&["--bind", WHMCS_ADDR, "--identifier", identifier, "--secret", secret, "--with-tickets"]);
                let mut server = own(&["--upstream", "whmcs", "--upstream-url", &url]);
                server.extend(own(&[
                    "--whmcs-identifier",
                    identifier,
                    "--whmcs-secret",
                    secret,
                    "--whmcs-allow-close",
                ]));
                // whmcs-sim writes its dates at UTC+1 all year.
                server.extend(own(&["--whmcs-timezone", "Etc/GMT-1"]));
                let hint = format!(
                    "helpdesk: whmcs-sim (a simulated WHMCS shop) on {url}includes/api.php, credential {identifier:?} / {secret:?};\n\
                     helpdesk: answer as staff there (curl -d action=AddTicketReply -d ticketid=1 -d adminusername=Ana \\\n\
                     helpdesk:   -d message='Ya lo revisamos' -d identifier={identifier} -d secret={secret} \\\n\
                     helpdesk:   -d responsetype=json {url}includes/api.php)\n\
                     helpdesk: and the widget shows it when the ticket is next opened"
                );
                (sim, server, hint)
            }
        }
    }
}
/// Where `trunk serve` listens (Trunk.toml).
const PAGE_URL: &str = "http://127.0.0.1:8080/";

fn stop(children: &mut [(String, Child)]) {
    for (_, child) in children.iter_mut() {
        let _ = child.kill();
    }
    for (_, child) in children.iter_mut() {
        let _ = child.wait();
    }
}

/// What `cargo xtask dev` was asked for.
#[derive(Debug, Default)]
struct Options {
    upstream: Option<Upstream>,
    /// With a number, that many instances on PostgreSQL behind HAProxy.
    instances: Option<u16>,
}

fn options(args: &[String]) -> Result<Options> {
    let usage =
        || format!("cargo xtask dev takes `--upstream wisphub|whmcs` and `--instances N` (1 to 9), not {args:?}");
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        match (flag.as_str(), args.next().map(String::as_str)) {
            ("--upstream", Some("wisphub")) => options.upstream = Some(Upstream::WispHub),
            ("--upstream", Some("whmcs")) => options.upstream = Some(Upstream::Whmcs),
            ("--instances", Some(n)) => {
                options.instances = Some(n.parse().ok().filter(|n| (1..=9).contains(n)).ok_or_else(usage)?);
            }
            _ => return Err(usage()),
        }
    }
    Ok(options)
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let Options { upstream, instances } = options(args)?;
    let tools = tools::ensure_all()?;
    let mut build = vec!["build", "-p", "helpdesk-server"];
    if let Some(upstream) = upstream {
        build.extend(["-p", upstream.sim()]);
    }
    run_ok(Command::new("cargo").current_dir(root()).args(&build))?;
    let data = root().join("target").join("dev");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    // The gateway keeps its own database: its mirror is of that simulated back office only.
    let database = data.join(match upstream {
        None => "helpdesk.db".to_owned(),
        Some(upstream) => format!("gateway-{}.db", upstream.sim()),
    });

    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).map_err(|e| e.to_string())?;

    let bin = |name: &str| root().join("target").join("debug").join(name);
    let mut children = Vec::new();
    let mut server_args = vec!["--demo".to_owned()];
    let mut hint = None;
    if let Some(upstream) = upstream {
        let (sim_args, gateway_args, try_it) = upstream.commands();
        let sim = Command::new(bin(upstream.sim()))
            .args(&sim_args)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", upstream.sim()))?;
        children.push((upstream.sim().to_owned(), sim));
        server_args.extend(gateway_args);
        server_args.extend(["--sync-interval-seconds".to_owned(), "5".to_owned()]);
        hint = Some(try_it);
    }
    let mut cluster = None;
    let store = match instances {
        Some(n) => {
            let args: Vec<&str> = server_args.iter().map(String::as_str).collect();
            match Cluster::start(&bin("helpdesk-server"), &args, n, SERVER_ADDR, &data) {
                Ok(started) => cluster = Some(started),
                Err(e) => {
                    stop(&mut children);
                    return Err(e);
                }
            }
            format!("{n} instance(s) on PostgreSQL behind HAProxy")
        }
        None => {
            let mut server = Command::new(bin("helpdesk-server"));
            server.args(&server_args).args(["--bind", SERVER_ADDR, "--database"]).arg(&database);
            match server.spawn() {
                Ok(server) => children.push(("helpdesk-server".to_owned(), server)),
                Err(e) => {
                    stop(&mut children);
                    return Err(format!("cannot start helpdesk-server: {e}"));
                }
            }
            database.display().to_string()
        }
    };
    match tools::trunk(&tools).arg("serve").spawn() {
        Ok(trunk) => children.push(("trunk serve".to_owned(), trunk)),
        Err(e) => {
            stop(&mut children);
            return Err(format!("cannot start trunk serve: {e}"));
        }
    }
    if let Some(hint) = hint {
        println!("\n{hint}");
    }
    println!(
        "\nhelpdesk: helpdesk-server (demo data, {store}) on http://{SERVER_ADDR}/api/\n\
         helpdesk: open {PAGE_URL} once Trunk has built the widget (a minute or two the first time);\n\
         helpdesk: the demo customer portal embedding it is {PAGE_URL}portal.html\n\
         helpdesk: Ctrl-C stops them all\n"
    );
    let result = loop {
        if interrupted.load(Ordering::SeqCst) {
            break Ok(());
        }
        let clustered = cluster.iter_mut().flat_map(|c| c.children.iter_mut());
        if let Some((name, status)) = children
            .iter_mut()
            .chain(clustered)
            .find_map(|(name, c)| c.try_wait().ok().flatten().map(|s| (name.clone(), s)))
        {
            break Err(format!("{name} stopped ({status})"));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    stop(&mut children);
    drop(cluster);
    println!("helpdesk: stopped");
    result
}
