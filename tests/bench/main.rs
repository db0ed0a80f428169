//! Benchmarks in headless Chromium, run by `cargo xtask bench` (which builds what they load
//! and reads the line `BENCH <json>` each prints):
//!
//! - `render` ([`render`]): the widget's list of 1,000 tickets and a thread of 500 messages
//!   against a hand-written vanilla-JS page rendering the same markup.
//! - `first-list` ([`first_list`]): the bytes and the time from the launcher's click to the
//!   list under Slow 4G, next to downloads of the alternatives' widget sizes.
//!
//! `cargo bench -p helpdesk-e2e --bench browser -- render` runs one by name.

mod chromium;
mod first_list;
mod render;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let names: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wanted = |name: &str| names.is_empty() || names.iter().any(|n| n == name);
    if wanted("render") {
        println!("BENCH {}", render::run().await);
    }
    if wanted("first-list") {
        println!("BENCH {}", first_list::run().await);
    }
}
