//! Support shared by the end-to-end tests (`e2e/`) and the browser benchmarks (`bench/`).

pub mod webdriver;
