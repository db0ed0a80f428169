//! `cargo xtask dev --instances N`: the deployment of an ISP that outgrew one machine, on
//! this one: a throwaway PostgreSQL ([`TestPostgres`]), N helpdesk-server instances on it,
//! and HAProxy (Debian's, installed when missing) balancing them round robin on the address
//! a single server would have, with a health check on `/api/v1/health`.

use std::path::Path;
use std::process::{Child, Command};

use crate::Result;
use crate::postgres::TestPostgres;
use crate::tools::ensure_debian;

/// The first instance's port; the others follow.
const FIRST_PORT: u16 = 8811;

/// The running cluster: its processes, named (HAProxy last), and the database, stopped
/// after them.
pub(crate) struct Cluster {
    _postgres: TestPostgres,
    pub(crate) children: Vec<(String, Child)>,
}

/// HAProxy's configuration: `front` balanced over `instances`.
fn haproxy_config(front: &str, instances: &[String]) -> String {
    let mut cfg = format!(
        "global\n  maxconn 2000\n\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  \
         timeout server 60s\n\nfrontend helpdesk\n  bind {front}\n  default_backend instances\n\n\
         backend instances\n  balance roundrobin\n  option httpchk GET /api/v1/health\n  \
         http-response set-header X-Helpdesk-Instance %s\n"
    );
    for (i, addr) in instances.iter().enumerate() {
        cfg.push_str(&format!("  server instance{} {addr} check inter 1s\n", i + 1));
    }
    cfg
}

/// Wait until `addr` accepts connections (20 s at most).
fn listening(addr: &str) -> Result<()> {
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            return Err(format!("nothing listens on {addr}"));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Ok(())
}

impl Cluster {
    /// Start it: `server` is the binary, `args` its flags beside `--bind` and `--database`,
    /// `front` where HAProxy listens, `dir` where its configuration goes. The first instance
    /// starts alone, so that it alone seeds the demo data; the others find it.
    pub(crate) fn start(server: &Path, args: &[&str], instances: u16, front: &str, dir: &Path) -> Result<Self> {
        ensure_debian("haproxy")?;
        let postgres = TestPostgres::start()?;
        let url = postgres.database("helpdesk")?;
        let mut cluster = Self { _postgres: postgres, children: Vec::new() };
        let addrs: Vec<String> = (0..instances).map(|i| format!("127.0.0.1:{}", FIRST_PORT + i)).collect();
        for (i, addr) in addrs.iter().enumerate() {
            let child = Command::new(server)
                .args(args)
                .args(["--bind", addr, "--database", &url])
                .spawn()
                .map_err(|e| format!("cannot start helpdesk-server: {e}"))?;
            cluster.children.push((format!("helpdesk-server instance {}", i + 1), child));
            listening(addr)?;
        }
        let cfg = dir.join("haproxy.cfg");
        std::fs::write(&cfg, haproxy_config(front, &addrs)).map_err(|e| format!("{}: {e}", cfg.display()))?;
        let haproxy = Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&cfg)
            .spawn()
            .map_err(|e| format!("cannot start haproxy: {e}"))?;
        cluster.children.push(("haproxy".to_owned(), haproxy));
        listening(front)?;
        println!(
            "helpdesk: {instances} helpdesk-server instances on {} over PostgreSQL {url},\n\
             helpdesk: behind HAProxy on {front} (round robin; X-Helpdesk-Instance names the one that answered)",
            addrs.join(", ")
        );
        Ok(cluster)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for (_, child) in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::haproxy_config;

    #[test]
    fn haproxy_balances_every_instance_with_a_health_check() {
        let cfg = haproxy_config("127.0.0.1:8787", &["127.0.0.1:8788".into(), "127.0.0.1:8789".into()]);
        assert!(cfg.contains("bind 127.0.0.1:8787\n"), "{cfg}");
        assert!(cfg.contains("option httpchk GET /api/v1/health\n"), "{cfg}");
        assert!(cfg.contains("server instance1 127.0.0.1:8788 check"), "{cfg}");
        assert!(cfg.contains("server instance2 127.0.0.1:8789 check"), "{cfg}");
    }
}
