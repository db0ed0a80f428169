//! # helpdesk-widget
//!
//! The subscriber-facing helpdesk: a Leptos (client-side rendered) UI that lists the
//! subscriber's tickets, shows one, and opens new ones. Every rule comes from
//! [`helpdesk_core`]; every request goes through [`api::ApiClient`]; configuration comes
//! from the host page at run time ([`config::WidgetConfig`]). Server text is only ever
//! rendered as text, never as HTML.
//!
//! The page embeds it with `web/helpdesk.js`, which defines `<helpdesk-widget>`, renders
//! its launcher and shell in a Shadow DOM, fetches this wasm on first use, and calls
//! [`mount`].

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod config;
pub mod context;
pub mod draft;
pub mod format;
pub mod host;
pub mod i18n;
pub mod task;

use leptos::prelude::*;

/// Mount the widget into `container` (inside the host element's shadow root).
pub fn mount(container: web_sys::HtmlElement, config: config::WidgetConfig, host: Option<host::Host>) {
    // Development builds report a panic's message in the console. Release builds leave out
    // its formatting machinery (see ARCHITECTURE.md, "Size"); the widget does not panic on
    // any input.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to(container, move || view! { <app::App config=config host=host /> }).forget();
}
