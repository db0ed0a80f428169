//! helpdesk-server under load (wrk, from Debian): durable ticket creation and the
//! subscriber's list, against a release build on loopback, over SQLite and over PostgreSQL
//! with one, two and three instances sharing the database. With several instances each has
//! its own wrk, with its share of the connections, as clients spread by a load balancer.
//! Every 201 is on disk, so the creates are set against what the disk itself does in the same
//! run: a loop of write + fdatasync on the same filesystem, as fsyncs per second. The list is
//! also measured open-loop (oha, from crates.io): its latency at a fixed 500 requests/s.

use std::io::Write as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::Row;
use crate::postgres::TestPostgres;
use crate::tools::{OHA_VERSION, Server, ensure_cargo_tool, ensure_debian, run_ok};
use crate::{Result, root};

const STAFF_KEY: &str = "bench-staff-key-0123456789";
const SECONDS: &str = "10";
/// Connections in all, shared between the instances.
const CONNECTIONS: usize = 30;
/// The bench's directory: 20 zones of 50 services (ids 10000 + zone × 100 + n).
const ZONES: std::ops::RangeInclusive<u32> = 11..=30;
const SERVICES_PER_ZONE: u32 = 50;

/// Each wrk request creates a ticket for the next of the bench's 1,000 services with an
/// idempotency key of its own (the wrk process's prefix, its thread, its counter).
const CREATE_LUA: &str = r#"
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  counter = 0
  prefix = args[1] or "w"
end
request = function()
  counter = counter + 1
  local zone = 11 + (counter + tid * 7) % 20
  local service = 10000 + zone * 100 + 1 + math.floor(counter / 20) % 50
  local body = '{"service_id": ' .. service .. ', "subject": "Internet Lento", "description": "carga ' .. prefix .. '-' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/tickets", {
    ["X-API-Key"] = "bench-staff-key-0123456789",
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. prefix .. "-" .. tid .. "-" .. counter,
  }, body)
end
"#;

/// What wrk measured: requests/s, the 99th percentile latency in ms, and whether any answer
/// was not 2xx (or a socket failed).
#[derive(Debug, Clone, Copy, Default)]
struct Figures {
    requests_per_second: f64,
    p99_ms: f64,
    errors: bool,
}

/// The figures of one wrk `--latency` report.
fn figures(report: &str) -> Figures {
    let find = |prefix: &str| report.lines().find_map(|l| l.trim().strip_prefix(prefix).map(|r| r.trim().to_owned()));
    let p99_ms = find("99%").and_then(|t| duration_ms(&t)).unwrap_or(f64::NAN);
    Figures {
        requests_per_second: find("Requests/sec:").and_then(|t| t.parse().ok()).unwrap_or(f64::NAN),
        p99_ms,
        errors: report.contains("Non-2xx") || report.contains("Socket errors"),
    }
}

/// wrk's durations: `850.00us`, `12.34ms`, `1.02s`, `2.00m`.
fn duration_ms(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let n: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

/// One wrk per address at once, the connections shared: the requests/s summed, the worst p99.
fn wrk(addrs: &[String], path: &str, extra: &[&str]) -> Result<Figures> {
    let per = (CONNECTIONS / addrs.len()).max(1).to_string();
    let children: Vec<(usize, Child)> = addrs
        .iter()
        .enumerate()
        .map(|(i, addr)| {
            Command::new("wrk")
                .args(["--latency", "-t1", "-c", &per, "-d", SECONDS])
                .args(extra)
                .arg(format!("http://{addr}{path}"))
                .args(["--", &format!("i{i}")])
                .stdout(Stdio::piped())
                .spawn()
                .map(|c| (i, c))
                .map_err(|e| format!("wrk: {e}"))
        })
        .collect::<Result<_>>()?;
    let mut total = Figures::default();
    for (i, child) in children {
        let out = child.wait_with_output().map_err(|e| format!("wrk: {e}"))?;
        let report = String::from_utf8_lossy(&out.stdout);
        let one = figures(&report);
        if one.errors || !out.status.success() {
            println!("wrk on instance {}:\n{report}", i + 1);
        }
        total.requests_per_second += one.requests_per_second;
        total.p99_ms = total.p99_ms.max(one.p99_ms);
        total.errors |= one.errors;
    }
    Ok(total)
}

/// The bench's services as a CSV file for `helpdesk-server import`.
fn directory_csv(path: &Path) -> Result<()> {
    let mut csv = String::from("service_id,subscriber_name,zone_id,zone_name,technician_id,technician_name\n");
    for zone in ZONES {
        for n in 1..=SERVICES_PER_ZONE {
            let id = 10_000 + zone * 100 + n;
            csv.push_str(&format!("{id},Abonado {id},{zone},Zona {zone},5,Diego Torres\n"));
        }
    }
    std::fs::write(path, csv).map_err(|e| format!("{}: {e}", path.display()))
}

/// `instances` release servers in demo mode over `database`, the bench's services imported,
/// on consecutive ports from 8801. The first starts alone (it seeds the demo data).
fn start(database: &str, instances: u16, csv: &Path) -> Result<(Vec<Server>, Vec<String>)> {
    let binary = root().join("target/release/helpdesk-server");
    let serve = |addr: &str| {
        let mut cmd = Command::new(&binary);
        cmd.args(["--demo", "--bind", addr, "--staff-key", STAFF_KEY, "--database", database])
            .args(["--max-tickets", "100000000", "--max-tickets-per-service", "0", "--rate-limit-per-minute", "0"])
            .env("RUST_LOG", "error")
            .stdout(Stdio::null());
        cmd
    };
    let addrs: Vec<String> = (0..instances).map(|i| format!("127.0.0.1:{}", 8801 + i)).collect();
    let mut servers = vec![Server::start(&mut serve(&addrs[0]), &addrs[0])?];
    run_ok(Command::new(&binary).args(["--database", database, "import"]).arg(csv).stdout(Stdio::null()))?;
    for addr in &addrs[1..] {
        servers.push(Server::start(&mut serve(addr), addr)?);
    }
    Ok((servers, addrs))
}

/// The fixed rate of the open-loop list, shared by the instances.
const LIST_RATE: usize = 500;

/// oha at [`LIST_RATE`] requests/s in all on `path` of every address at once for
/// [`SECONDS`]: the worst p99 in ms, and whether every answer was a 200.
fn oha(addrs: &[String], path: &str, header: &str) -> Result<(f64, bool)> {
    let (rate, connections) = ((LIST_RATE / addrs.len()).to_string(), (CONNECTIONS / addrs.len()).max(1).to_string());
    let children: Vec<Child> = addrs
        .iter()
        .map(|addr| {
            Command::new("oha")
                .args(["-z", &format!("{SECONDS}s"), "-q", &rate, "-c", &connections, "--latency-correction"])
                .args(["--no-tui", "--output-format", "json", "-H", header])
                .arg(format!("http://{addr}{path}"))
                .stdout(Stdio::piped())
                .spawn()
                .map_err(|e| format!("oha: {e}"))
        })
        .collect::<Result<_>>()?;
    let (mut p99_ms, mut all_ok) = (0.0_f64, true);
    for child in children {
        let out = child.wait_with_output().map_err(|e| format!("oha: {e}"))?;
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).map_err(|e| format!("oha's report: {e}"))?;
        p99_ms = p99_ms.max(report["latencyPercentiles"]["p99"].as_f64().unwrap_or(f64::NAN) * 1000.0);
        let codes = report["statusCodeDistribution"].as_object().cloned().unwrap_or_default();
        all_ok &= report["summary"]["successRate"].as_f64() == Some(1.0) && codes.keys().all(|c| c == "200");
    }
    Ok((p99_ms, all_ok))
}

/// The disk's own limit: appends of 4 KiB, each followed by fdatasync, for two seconds in a
/// file of `dir`, as fsyncs per second.
fn fsyncs_per_second(dir: &Path) -> Result<f64> {
    let path = dir.join("fsync.probe");
    let mut file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let block = [0x5a_u8; 4096];
    let (started, mut count) = (Instant::now(), 0_u32);
    while started.elapsed() < Duration::from_secs(2) {
        file.write_all(&block).and_then(|()| file.sync_data()).map_err(|e| format!("{}: {e}", path.display()))?;
        count += 1;
    }
    let rate = f64::from(count) / started.elapsed().as_secs_f64();
    drop(file);
    let _ = std::fs::remove_file(&path);
    Ok(rate)
}

pub(crate) fn run() -> Result<Vec<Row>> {
    ensure_debian("wrk")?;
    ensure_cargo_tool("oha", "oha", OHA_VERSION, true)?;
    run_ok(Command::new("cargo").current_dir(root()).args(["build", "--release", "-p", "helpdesk-server"]))?;
    let dir = root().join("target").join("bench").join("load");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let script = dir.join("create.lua");
    std::fs::write(&script, CREATE_LUA).map_err(|e| e.to_string())?;
    let csv = dir.join("services.csv");
    directory_csv(&csv)?;
    let postgres = TestPostgres::start()?;
    let sqlite = dir.join("bench.db").to_string_lossy().into_owned();
    let setups = [("SQLite", sqlite, 1), ("PostgreSQL", postgres.database("bench1")?, 1)];
    let setups = setups
        .into_iter()
        .chain([("PostgreSQL", postgres.database("bench2")?, 2), ("PostgreSQL", postgres.database("bench3")?, 3)]);
    let mut rows = Vec::new();
    for (store, database, instances) in setups {
        println!("xtask bench: {store}, {instances} instance(s)");
        let (servers, addrs) = start(&database, instances, &csv)?;
        let create = wrk(&addrs, "/", &["-s", &script.to_string_lossy()])?;
        let list = wrk(&addrs, "/api/v1/tickets", &["-H", "Authorization: Bearer demo-subscriber-token"])?;
        let (paced_p99, paced_ok) = oha(&addrs, "/api/v1/tickets", "Authorization: Bearer demo-subscriber-token")?;
        drop(servers);
        // The disk's limit, measured right after, on the filesystem the store writes to.
        let disk = fsyncs_per_second(if store == "SQLite" { &dir } else { postgres.data_dir() })?;
        let mark = |f: &Figures| if f.errors { " (some answer not 2xx)" } else { "" };
        let setup = format!("{store}, {instances} instance{}", if instances == 1 { "" } else { "s" });
        rows.push(Row::faster(
            &format!("durable creates, {setup}"),
            format!("{:.0}/s, p99 {:.1} ms{}", create.requests_per_second, create.p99_ms, mark(&create)),
            "the disk: write + fdatasync loop",
            format!("{disk:.0} fsyncs/s"),
            create.requests_per_second / disk,
            1.0,
        ));
        rows.push(Row::faster(
            &format!("the list, {setup}"),
            format!("{:.0}/s, p99 {:.1} ms{}", list.requests_per_second, list.p99_ms, mark(&list)),
            &format!("closed loop: wrk, {CONNECTIONS} connections, {SECONDS} s"),
            String::new(),
            f64::NAN,
            f64::NAN,
        ));
        rows.push(Row::faster(
            &format!("the list at {LIST_RATE}/s, {setup}"),
            format!("p99 {paced_p99:.1} ms{}", if paced_ok { "" } else { " (some answer not 200)" }),
            &format!("open loop: oha, {LIST_RATE} requests/s, {SECONDS} s"),
            String::new(),
            f64::NAN,
            f64::NAN,
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::{duration_ms, figures};

    #[test]
    fn reads_wrk_reports() {
        assert_eq!(duration_ms("850.00us"), Some(0.85));
        assert_eq!(duration_ms("12.5ms"), Some(12.5));
        assert_eq!(duration_ms("1.5s"), Some(1500.0));
        assert_eq!(duration_ms("fast"), None);
        let report = "  Latency Distribution\n     50%    1.00ms\n     99%    4.25ms\nRequests/sec:   1234.56\n";
        let f = figures(report);
        assert_eq!((f.requests_per_second, f.p99_ms, f.errors), (1234.56, 4.25, false));
        assert!(figures("  Non-2xx or 3xx responses: 3\nRequests/sec: 1.0\n").errors);
    }
}
