//! A throwaway PostgreSQL server for the tests and benchmarks: Debian's `postgresql` package,
//! a cluster initialised into a temporary directory, run as the unprivileged `postgres` user on
//! a free loopback port, stopped and removed on drop. No containers, no downloads.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Result;

/// A running cluster; [`TestPostgres::url`] reaches it as the `postgres` superuser.
pub(crate) struct TestPostgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
}

impl TestPostgres {
    /// initdb and start a new cluster; an error names what is missing or what failed.
    pub(crate) fn start() -> Result<Self> {
        let bin = newest_bin().ok_or(
            "PostgreSQL is not installed: no /usr/lib/postgresql/<version>/bin/initdb \
             (`apt-get install postgresql`; .ci/run does it)",
        )?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free loopback port: {e}"))?
            .port();
        let dir = std::env::temp_dir().join(format!("helpdesk-postgres-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let cluster = Self { bin, dir, port };
        cluster.hand_to_postgres_user()?;
        let data = cluster.dir.join("data");
        cluster.run(
            "initdb",
            cluster
                .command("initdb")
                .args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C", "-D"])
                .arg(&data),
        )?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on",
            cluster.dir.display()
        );
        cluster.run(
            "pg_ctl start",
            cluster
                .command("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(cluster.dir.join("server.log"))
                .args(["-o", &options, "-w", "-t", "60", "start"]),
        )?;
        Ok(cluster)
    }

    /// Where the cluster keeps its files.
    pub(crate) fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// The connection URL (TCP on loopback, trust authentication).
    pub(crate) fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A new, empty database `name` (a plain identifier): its URL.
    ///
    /// # Errors
    /// When `createdb` fails (the name taken, the server gone).
    pub(crate) fn database(&self, name: &str) -> Result<String> {
        let port = self.port.to_string();
        self.run("createdb", self.command("createdb").args(["-h", "127.0.0.1", "-p", &port, "-U", "postgres", name]))?;
        Ok(format!("postgres://postgres@127.0.0.1:{}/{name}", self.port))
    }

    /// A binary of the installed version, run as `postgres` when this process is root
    /// (PostgreSQL refuses to run as root).
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if is_root() {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    }

    fn run(&self, what: &str, cmd: &mut Command) -> Result<()> {
        let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            Err(format!(
                "{what} failed: {}{}\n{log}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// As root, the directory belongs to `postgres`; otherwise it already belongs to us.
    fn hand_to_postgres_user(&self) -> Result<()> {
        if !is_root() {
            return Ok(());
        }
        let ok = Command::new("chown").arg("postgres:postgres").arg(&self.dir).status().is_ok_and(|s| s.success());
        if ok { Ok(()) } else { Err(format!("cannot chown {} to the postgres user", self.dir.display())) }
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let _ = self.command("pg_ctl").arg("-D").arg(self.dir.join("data")).args(["-m", "immediate", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// `/usr/lib/postgresql/<newest version>/bin`, where Debian installs the server.
fn newest_bin() -> Option<PathBuf> {
    let versions = std::fs::read_dir(Path::new("/usr/lib/postgresql")).ok()?;
    versions
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").exists())
        .max_by_key(|(v, _)| *v)
        .map(|(_, bin)| bin)
}

#[cfg(test)]
mod tests {
    use super::TestPostgres;

    #[test]
    fn a_cluster_listens_on_loopback_until_dropped_and_leaves_nothing_behind() {
        let pg = TestPostgres::start().expect("PostgreSQL starts");
        let addr = format!("127.0.0.1:{}", pg.port);
        assert!(pg.url().ends_with(&format!("@{addr}/postgres")), "{}", pg.url());
        assert!(std::net::TcpStream::connect(&addr).is_ok(), "it accepts connections on {addr}");
        let url = pg.database("bench_a").expect("createdb");
        assert!(url.ends_with(&format!("@{addr}/bench_a")), "{url}");
        assert!(pg.database("bench_a").is_err(), "a name taken is an error");
        let dir = pg.dir.clone();
        drop(pg);
        assert!(!dir.exists(), "{} removed", dir.display());
        assert!(std::net::TcpStream::connect(&addr).is_err(), "stopped");
    }
}
