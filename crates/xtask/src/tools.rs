//! Install the tools the build needs, each only when absent or of the wrong version, from
//! the registries only (crates.io, npm). Nothing is downloaded from anywhere else.

use std::path::PathBuf;
use std::process::Command;

use crate::{Result, root};

/// Trunk's version: 0.22 needs a newer rustc than the workspace's.
pub(crate) const TRUNK_VERSION: &str = "0.21.14";
/// binaryen (wasm-opt) from npm. Debian's binaryen 108 breaks the wasm-bindgen table export.
pub(crate) const BINARYEN_VERSION: &str = "132.0.0";
/// axe-core, the accessibility engine the end-to-end suite runs in each widget state.
pub(crate) const AXE_VERSION: &str = "4.11.0";
/// terser, the JavaScript minifier of the release build's scripts.
pub(crate) const TERSER_VERSION: &str = "5.51.4";
/// oha, the open-loop load generator of `cargo xtask bench` (a fixed rate of requests).
pub(crate) const OHA_VERSION: &str = "1.16.0";

/// Paths of the installed tools.
#[derive(Debug, Clone)]
pub(crate) struct Tools {
    /// Directory holding the right `wasm-opt`, to put first on PATH.
    pub(crate) wasm_opt_dir: PathBuf,
    /// The geckodriver binary.
    pub(crate) geckodriver: PathBuf,
    /// axe-core's `axe.min.js`.
    pub(crate) axe: PathBuf,
    /// terser's command.
    pub(crate) terser: PathBuf,
}

impl Tools {
    /// PATH with the right wasm-opt first.
    pub(crate) fn path_env(&self) -> std::ffi::OsString {
        let mut paths = vec![self.wasm_opt_dir.clone(), cargo_bin()];
        paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
        std::env::join_paths(paths).unwrap_or_default()
    }
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"), PathBuf::from)
}

fn cargo_bin() -> PathBuf {
    cargo_home().join("bin")
}

/// The first line `program --version` prints, if it runs.
fn version_of(program: &str) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_owned())
}

/// A server process a task started: killed and reaped when dropped.
pub(crate) struct Server(std::process::Child);

impl Server {
    /// Spawn `cmd` and wait (up to 20 s) until it accepts connections at `addr`.
    ///
    /// # Errors
    /// When it cannot be started or does not listen in time.
    pub(crate) fn start(cmd: &mut Command, addr: &str) -> Result<Self> {
        let name = cmd.get_program().to_string_lossy().into_owned();
        let server = Self(cmd.spawn().map_err(|e| format!("{name}: {e}"))?);
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(addr).is_err() {
            if started.elapsed() > std::time::Duration::from_secs(20) {
                return Err(format!("{name} did not start listening on {addr}"));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn run_ok(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{cmd:?} failed with {status}")) }
}

/// The version of `package` in Cargo.lock.
pub(crate) fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).ok_or_else(|| format!("{package} is not in Cargo.lock"))? + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(lock[start..start + end].to_owned())
}

fn ensure_wasm_target() -> Result<()> {
    let out =
        Command::new("rustup").args(["target", "list", "--installed"]).output().map_err(|e| format!("rustup: {e}"))?;
    if String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    println!("xtask: adding the wasm32-unknown-unknown target");
    run_ok(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// `cargo install` a crate when its binary is missing or reports another version.
pub(crate) fn ensure_cargo_tool(binary: &str, krate: &str, version: &str, locked: bool) -> Result<()> {
    let installed = version_of(binary).or_else(|| version_of(&cargo_bin().join(binary).to_string_lossy()));
    if installed.as_deref().is_some_and(|v| v.split_whitespace().any(|w| w.trim_start_matches('v') == version)) {
        return Ok(());
    }
    println!("xtask: installing {krate} {version} from crates.io (found: {installed:?})");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", krate, "--version", version]);
    if locked {
        cmd.arg("--locked");
    }
    run_ok(&mut cmd)
}

fn ensure_geckodriver() -> Result<PathBuf> {
    if let Some(found) = which("geckodriver") {
        return Ok(found);
    }
    println!("xtask: installing geckodriver from crates.io");
    run_ok(Command::new("cargo").args(["install", "geckodriver", "--locked"]))?;
    which("geckodriver").ok_or_else(|| "geckodriver did not install".into())
}

/// The program's path on PATH or in Cargo's bin directory.
pub(crate) fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .chain([cargo_bin()])
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// `program`, from Debian's package of the same name when it is missing (apt-get, with an
/// update of the package lists if the first attempt fails).
///
/// # Errors
/// When apt-get cannot install it.
pub(crate) fn ensure_debian(program: &str) -> Result<()> {
    if which(program).is_some() {
        return Ok(());
    }
    println!("xtask: installing {program} from Debian");
    run_ok(Command::new("apt-get").args(["install", "-y", "-qq", program])).or_else(|_| {
        run_ok(Command::new("apt-get").args(["update", "-qq"]))?;
        run_ok(Command::new("apt-get").args(["install", "-y", "-qq", program]))
    })
}

/// An npm package installed once into `~/.cache/helpdesk/<name>-<version>`; its prefix.
fn ensure_npm_package(name: &str, version: &str, marker: &str) -> Result<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"), PathBuf::from);
    let prefix = cache.join("helpdesk").join(format!("{name}-{version}"));
    if prefix.join("node_modules").join(marker).is_file() {
        return Ok(prefix);
    }
    println!("xtask: installing {name} {version} from npm into {}", prefix.display());
    std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
    run_ok(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("{name}@{version}")),
    )?;
    Ok(prefix)
}

fn ensure_wasm_opt() -> Result<PathBuf> {
    Ok(ensure_npm_package("binaryen", BINARYEN_VERSION, ".bin/wasm-opt")?.join("node_modules").join(".bin"))
}

fn ensure_terser() -> Result<PathBuf> {
    Ok(ensure_npm_package("terser", TERSER_VERSION, ".bin/terser")?.join("node_modules").join(".bin").join("terser"))
}

fn ensure_axe() -> Result<PathBuf> {
    Ok(ensure_npm_package("axe-core", AXE_VERSION, "axe-core/axe.min.js")?
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js"))
}

/// Install whatever is missing and return where the tools are.
pub(crate) fn ensure_all() -> Result<Tools> {
    ensure_wasm_target()?;
    // wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock; it installs without
    // --locked (one of its locked dependencies is newer than the registry has).
    ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &locked_version("wasm-bindgen")?, false)?;
    ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    let wasm_opt_dir = ensure_wasm_opt()?;
    let geckodriver = ensure_geckodriver()?;
    let axe = ensure_axe()?;
    let terser = ensure_terser()?;
    Ok(Tools { wasm_opt_dir, geckodriver, axe, terser })
}

/// A `trunk` command with PATH set so that it finds the right wasm-bindgen and wasm-opt,
/// and never checks for updates.
pub(crate) fn trunk(tools: &Tools) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.current_dir(root()).env("PATH", tools.path_env()).env("TRUNK_SKIP_VERSION_CHECK", "true");
    cmd
}
