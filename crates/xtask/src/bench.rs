//! `cargo xtask bench`: the benchmarks, reported as figures (never asserted as limits).

use std::process::Command;

use crate::tools::run_ok;
use crate::{Result, root};

pub(crate) fn run() -> Result<()> {
    run_ok(Command::new("cargo").current_dir(root()).args(["bench", "-p", "helpdesk-core", "--bench", "calendar"]))
}
