//! The browsers and drivers the wasm and end-to-end suites run in: Debian's Chromium,
//! chromedriver and Firefox ESR (`.ci/run` installs them; geckodriver comes from `tools`).

use std::path::{Path, PathBuf};

use crate::{Result, root};

/// Debian's Chromium.
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver, matching [`CHROMIUM`].
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Firefox ESR.
pub(crate) const FIREFOX: &str = "/usr/bin/firefox-esr";

/// Flags for Chromium as root on a machine with a closed network.
pub(crate) const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Fail, saying what to install, unless the browsers and chromedriver are there.
pub(crate) fn require() -> Result<()> {
    let missing: Vec<_> = [CHROMIUM, CHROMEDRIVER, FIREFOX].into_iter().filter(|p| !Path::new(p).exists()).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("missing {missing:?}: apt-get install -y chromium chromium-driver firefox-esr"))
    }
}

/// The capabilities of headless Chromium and Firefox, as wasm-bindgen-test-runner reads them.
fn webdriver_json() -> String {
    let args = CHROMIUM_ARGS.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
    format!(
        r#"{{
  "goog:chromeOptions": {{ "binary": "{CHROMIUM}", "args": [{args}] }},
  "moz:firefoxOptions": {{ "binary": "{FIREFOX}", "args": ["-headless"] }}
}}"#
    )
}

/// Write [`webdriver_json`] to `target/xtask/webdriver.json`; its path.
pub(crate) fn write_webdriver_json() -> Result<PathBuf> {
    let dir = root().join("target").join("xtask");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("webdriver.json");
    std::fs::write(&path, webdriver_json()).map_err(|e| e.to_string())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webdriver_json_names_both_browsers_and_every_chromium_flag() {
        let json = webdriver_json();
        assert!(json.contains("\"binary\": \"/usr/bin/chromium\""), "{json}");
        assert!(json.contains("\"binary\": \"/usr/bin/firefox-esr\""), "{json}");
        assert!(CHROMIUM_ARGS.iter().all(|a| json.contains(&format!("\"{a}\""))), "{json}");
    }
}
