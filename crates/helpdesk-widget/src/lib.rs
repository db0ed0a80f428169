//! # helpdesk-widget
//!
//! The subscriber-facing helpdesk: a Leptos (client-side rendered) UI that lists the
//! subscriber's tickets and shows one. Every rule comes from [`helpdesk_core`]; every
//! request goes through [`api::ApiClient`]; configuration comes from the host page at run
//! time ([`config::WidgetConfig`]). Server text is only ever rendered as text, never as HTML.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod config;
pub mod format;
pub mod i18n;

use leptos::prelude::*;

/// Mount the widget into `<body>` with the configuration found in the page.
pub fn start() {
    console_error_panic_hook::set_once();
    let config = config::WidgetConfig::from_document();
    leptos::mount::mount_to_body(move || view! { <app::App config=config /> });
}
