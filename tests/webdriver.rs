//! Starting a WebDriver (chromedriver or geckodriver) and a session in it, for the
//! end-to-end tests and the browser benchmarks.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Map, Value};

/// The flags of headless Chromium as root on a machine with a closed network.
pub const CHROMIUM_ARGS: [&str; 10] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
];

/// Debian's Chromium with [`CHROMIUM_ARGS`] and `extra` flags, as WebDriver capabilities.
#[must_use]
pub fn chromium_capabilities(extra: &[String]) -> Map<String, Value> {
    let args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| (*a).to_owned()).chain(extra.iter().cloned()).collect();
    let mut options = Map::new();
    options.insert("binary".into(), "/usr/bin/chromium".into());
    options.insert("args".into(), args.into());
    Map::from_iter([("goog:chromeOptions".to_owned(), Value::Object(options))])
}

/// A port that was free when asked.
#[must_use]
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port()
}

/// A WebDriver process, killed on drop.
#[derive(Debug)]
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The driver's path: `var` when set, else `fallback`.
fn driver_path(var: &str, fallback: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(fallback), PathBuf::from)
}

/// `chromedriver` (`$CHROMEDRIVER`, else Debian's) or, for `firefox`, `geckodriver`
/// (`$GECKODRIVER`, else from `PATH`), on a free port.
///
/// # Errors
/// When the driver does not listen within 30 s.
pub async fn start_driver(firefox: bool) -> Result<(Driver, u16), String> {
    let port = free_port();
    let mut cmd = if firefox {
        let mut c = Command::new(driver_path("GECKODRIVER", "geckodriver"));
        c.args(["--port", &port.to_string()]);
        c
    } else {
        let mut c = Command::new(driver_path("CHROMEDRIVER", "/usr/bin/chromedriver"));
        c.arg(format!("--port={port}"));
        c
    };
    let child =
        cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().map_err(|e| format!("start the WebDriver: {e}"))?;
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() >= deadline {
            return Err("the WebDriver did not start".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok((driver, port))
}

/// A session with `capabilities` in the driver listening on `port`.
///
/// # Errors
/// When the driver gives no session.
pub async fn connect(port: u16, capabilities: Map<String, Value>) -> Result<Client, String> {
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .map_err(|e| e.to_string())
}
