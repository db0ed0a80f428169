//! `cargo xtask bench`: the benchmarks, reported as figures (never asserted as limits).
//!
//! 1. helpdesk-core's calendar (divan).
//! 2. helpdesk-server under load ([`load`]): creates and lists over SQLite and over
//!    PostgreSQL with one, two and three instances, in one table.

mod load;

use std::process::Command;

use crate::tools::run_ok;
use crate::{Result, root};

pub(crate) fn run() -> Result<()> {
    run_ok(Command::new("cargo").current_dir(root()).args(["bench", "-p", "helpdesk-core", "--bench", "calendar"]))?;
    load::run()
}
