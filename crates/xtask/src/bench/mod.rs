//! `cargo xtask bench`: every benchmark next to the alternative a user would otherwise pick,
//! measured in the same run on the same machine, in one table of figures and ratios against
//! the goals (reported, never asserted: only wrong answers fail the bench).
//!
//! 1. Business days ([`business_days`]): helpdesk-core natively and in wasm under Node
//!    against python-holidays and numpy.
//! 2. helpdesk-server under load ([`load`]): durable creates against the disk's own fsync
//!    rate, and the list, over SQLite and over PostgreSQL with one, two and three instances.
//! 3. Rendering ([`render`]): the widget's list and thread against a hand-written vanilla-JS
//!    page with the same markup, in headless Chromium.
//! 4. Bytes before the list ([`first_list`]): what the launcher's click downloads before the
//!    tickets show, and the time under Slow 4G next to downloads of the alternatives' sizes.
//!
//! `cargo xtask bench calendar` also runs the core's calendar micro-benchmarks (divan);
//! `days`, `render`, `first-list` or `load` run only the benchmarks named.

mod browser;
mod business_days;
mod first_list;
mod load;
mod render;

use std::process::Command;

use crate::tools::run_ok;
use crate::{Result, root};

/// One line of the table: the product's figure next to the alternative's.
pub(crate) struct Row {
    benchmark: String,
    product: String,
    alternative: String,
    theirs: String,
    /// How the product's figure compares with the alternative's (see [`Goal`]).
    ratio: f64,
    goal: Goal,
}

/// What a row's ratio aims at.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Goal {
    /// The ratio is how many times better the product does; at least this.
    AtLeast(f64),
    /// The ratio is the product's figure over the alternative's (lower is better); at most this.
    AtMost(f64),
    /// A reference line.
    None,
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
        let goal = if goal.is_nan() { Goal::None } else { Goal::AtLeast(goal) };
        Self { benchmark: benchmark.into(), product, alternative: alternative.into(), theirs, ratio, goal }
    }

    /// A row where the product's figure (`ratio` = product / alternative, lower is better)
    /// should stay within `most` times the alternative's.
    pub(crate) fn within(
        benchmark: &str,
        product: String,
        alternative: &str,
        theirs: String,
        ratio: f64,
        most: f64,
    ) -> Self {
        Self {
            benchmark: benchmark.into(),
            product,
            alternative: alternative.into(),
            theirs,
            ratio,
            goal: Goal::AtMost(most),
        }
    }

    fn goal(&self) -> String {
        match self.goal {
            Goal::AtLeast(g) => format!("≥ {g}×"),
            Goal::AtMost(g) => format!("≤ {g}×"),
            Goal::None => String::new(),
        }
    }

    fn verdict(&self) -> &'static str {
        let met = match self.goal {
            Goal::AtLeast(g) => self.ratio >= g,
            Goal::AtMost(g) => self.ratio <= g,
            Goal::None => return "",
        };
        if met { "met" } else { "NOT met" }
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
        let goal = r.goal();
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
    // `days`, `render`, `first-list`, `load`: only those; none of them: all.
    let named: Vec<&str> =
        args.iter().map(String::as_str).filter(|a| ["days", "render", "first-list", "load"].contains(a)).collect();
    let wanted = |name: &str| named.is_empty() || named.contains(&name);
    let mut rows = Vec::new();
    if wanted("days") {
        rows.extend(business_days::run()?);
    }
    if wanted("render") {
        rows.extend(render::run()?);
    }
    if wanted("first-list") {
        rows.extend(first_list::run()?);
    }
    if wanted("load") {
        rows.extend(load::run()?);
    }
    print_table(&rows);
    Ok(())
}
