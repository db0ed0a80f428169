//! End-to-end tests: the widget as `trunk build --release` produced it, served by the real
//! helpdesk-server over a real SQLite file, driven in headless Chromium and Firefox through
//! WebDriver. Screenshots land in `tests/artifacts/`.
//!
//! `cargo xtask test` builds the widget and the helpdesk-wasm package and sets
//! `HELPDESK_DIST`, `HELPDESK_WASM_PKG`, `CHROMEDRIVER` and `GECKODRIVER`.

#[macro_use]
mod macros {
    /// Declare one test per browser for a journey.
    macro_rules! in_both_browsers {
        ($journey:ident) => {
            mod $journey {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn chromium() {
                    super::$journey(crate::support::Browser::Chromium).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn firefox() {
                    super::$journey(crate::support::Browser::Firefox).await;
                }
            }
        };
    }
}

mod accessibility;
mod embedding;
mod faults;
mod gateway;
mod gateway_whmcs;
mod hearing_back;
mod journeys;
mod keyboard;
mod outages;
mod phone;
mod photos;
mod privacy;
mod site;
mod support;
mod wasm_pkg;
