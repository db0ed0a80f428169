//! `cargo xtask bench`: every benchmark next to the alternative a user would otherwise pick,
//! measured in the same run on the same machine, in one table of figures and ratios against
//! the goals (reported, never asserted: only wrong answers fail the bench).
//!
//! 1. Business days ([`business_days`]): helpdesk-core natively and in wasm under Node
//!    against python-holidays and numpy.
//! 2. helpdesk-server under load ([`load`]): durable creates against the disk's own fsync
//!    rate, and the list, over SQLite and over PostgreSQL with one, two and three instances.
//!
//! `cargo xtask bench calendar` also runs the core's calendar micro-benchmarks (divan).

mod business_days;
mod load;

use std::process::Command;

use crate::tools::run_ok;
use crate::{Result, root};

/// One line of the table: the product's figure next to the alternative's.
pub(crate) struct Row {
    benchmark: String,
    product: String,
    alternative: String,
    theirs: String,
    /// How many times better the product does (higher is better).
    ratio: f64,
    /// The ratio the product aims at (NaN: none, a reference line).
    goal: f64,
}

impl Row {
    /// A row where the product's figure should be `goal` times the alternative's (or more).
    pub(crate) fn faster(
        benchmark: &str,
        product: String,
        alternative: &str,
        theirs: String,
        ratio: f64,
        goal: f64,
    ) -> Self {
        Self { benchmark: benchmark.into(), product, alternative: alternative.into(), theirs, ratio, goal }
    }

    fn verdict(&self) -> &'static str {
        match (self.goal.is_nan(), self.ratio >= self.goal) {
            (true, _) => "",
            (false, true) => "met",
            (false, false) => "NOT met",
        }
    }
}

fn print_table(rows: &[Row]) {
    let width = |f: fn(&Row) -> usize, title: &str| rows.iter().map(f).chain([title.len()]).max().unwrap_or(0);
    let b = width(|r| r.benchmark.chars().count(), "benchmark");
    let p = width(|r| r.product.chars().count(), "helpdesk");
    let a = width(|r| r.alternative.chars().count(), "alternative");
    let t = width(|r| r.theirs.chars().count(), "theirs");
    println!(
        "\n{:<b$}  {:>p$}  {:<a$}  {:>t$}  {:>9}  {:>7}",
        "benchmark", "helpdesk", "alternative", "theirs", "ratio", "goal"
    );
    for r in rows {
        let goal = if r.goal.is_nan() { String::new() } else { format!("≥ {}×", r.goal) };
        let ratio = if r.ratio.is_nan() { String::new() } else { format!("{:.1}×", r.ratio) };
        println!(
            "{:<b$}  {:>p$}  {:<a$}  {:>t$}  {:>9}  {:>7}  {}",
            r.benchmark,
            r.product,
            r.alternative,
            r.theirs,
            ratio,
            goal,
            r.verdict()
        );
    }
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    if args.iter().any(|a| a == "calendar") {
        run_ok(Command::new("cargo").current_dir(root()).args([
            "bench",
            "-p",
            "helpdesk-core",
            "--bench",
            "calendar",
        ]))?;
    }
    let mut rows = business_days::run()?;
    rows.extend(load::run()?);
    print_table(&rows);
    Ok(())
}
