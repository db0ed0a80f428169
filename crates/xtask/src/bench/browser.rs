//! The browser benchmarks of `tests/bench/` (`cargo bench -p helpdesk-e2e --bench browser`),
//! run by name, and the one line of JSON each prints (`BENCH <json>`).

use std::process::Command;

use crate::tools::Tools;
use crate::{Result, browsers, root};

/// The `BENCH <json>` line of a browser benchmark's output.
pub(crate) fn bench_line(stdout: &str) -> Result<serde_json::Value> {
    let line = stdout.lines().find_map(|l| l.strip_prefix("BENCH ")).ok_or("the browser bench printed no result")?;
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("the browser bench's result: {e}"))?;
    match value.get("error") {
        Some(error) => Err(format!("the browser bench failed: {error}\n{value:#}")),
        None => Ok(value),
    }
}

/// Run `cargo bench -p helpdesk-e2e --bench browser -- <name>` with `envs`; its result.
pub(crate) fn browser_bench(tools: &Tools, name: &str, envs: &[(&str, &std::path::Path)]) -> Result<serde_json::Value> {
    browsers::require()?;
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root())
        .args(["bench", "-q", "-p", "helpdesk-e2e", "--bench", "browser", "--", name])
        .env("CHROMEDRIVER", browsers::CHROMEDRIVER)
        .env("GECKODRIVER", &tools.geckodriver);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.stderr(std::process::Stdio::inherit()).output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("the browser bench `{name}` failed:\n{stdout}"));
    }
    bench_line(&stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_line_is_read_and_a_reported_error_fails() {
        let ok = bench_line("noise\nBENCH {\"medians\":{}}\n").expect("a result");
        assert!(ok["medians"].is_object());
        assert!(bench_line("nothing here").is_err());
        let failed = bench_line("BENCH {\"error\":\"the list differs\"}").expect_err("an error");
        assert!(failed.contains("the list differs"), "{failed}");
    }
}
