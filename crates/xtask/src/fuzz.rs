//! `cargo xtask fuzz [target] [seconds]`: libFuzzer (cargo-fuzz, nightly) on the core's
//! parsers and rules. Without a target, every target runs for the given time (default 60 s).

use std::process::Command;

use crate::tools::{run_ok, which};
use crate::{Result, root};

const TARGETS: [&str; 5] = ["envelope", "whmcs", "crm", "catalog", "calendar"];

pub(crate) fn run(args: &[String]) -> Result<()> {
    if which("cargo-fuzz").is_none() {
        println!("xtask: installing cargo-fuzz from crates.io");
        run_ok(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    let (targets, seconds): (Vec<&str>, u64) = match args {
        [] => (TARGETS.to_vec(), 60),
        [t] if t.parse::<u64>().is_ok() => (TARGETS.to_vec(), t.parse().unwrap_or(60)),
        [t] => (vec![t.as_str()], 60),
        [t, s, ..] => (vec![t.as_str()], s.parse().map_err(|_| format!("{s:?} is not a number of seconds"))?),
    };
    for target in targets {
        if !TARGETS.contains(&target) {
            return Err(format!("unknown fuzz target {target:?}: one of {}", TARGETS.join(", ")));
        }
        println!("xtask fuzz: {target} for {seconds} s");
        run_ok(Command::new("cargo").current_dir(root().join("crates").join("helpdesk-core")).args([
            "+nightly",
            "fuzz",
            "run",
            target,
            "--",
            &format!("-max_total_time={seconds}"),
        ]))?;
    }
    Ok(())
}
