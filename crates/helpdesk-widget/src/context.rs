//! Every value the widget shares through Leptos' context: each a newtype with its
//! accessor, provided once by [`crate::app::App`]. Components read them here (`use_api()`,
//! `use_locale()`…), never from the root component.

use leptos::html::Section;
use leptos::prelude::*;

use crate::api::ApiClient;
use crate::format::Locale;
use crate::i18n::ES;

/// The API client of the subscriber.
#[derive(Debug, Clone)]
pub struct ApiCtx(pub ApiClient);

/// The API client; panics outside [`crate::app::App`] (a test provides its own).
#[must_use]
pub fn use_api() -> ApiClient {
    expect_context::<ApiCtx>().0
}

/// The subscriber's language: texts, dates and numbers.
#[derive(Debug, Clone, Copy)]
pub struct LocaleCtx(pub Locale);

/// The subscriber's language; Spanish where none is provided.
#[must_use]
pub fn use_locale() -> Locale {
    use_context::<LocaleCtx>().map_or(Locale { t: &ES, tag: "es" }, |c| c.0)
}

/// Where focus goes when a view opens: the widget's root section.
#[derive(Debug, Clone, Copy)]
pub struct FocusCtx(pub NodeRef<Section>);

impl FocusCtx {
    /// Move keyboard focus to the first element matching `selector` once the view has
    /// rendered (views change without a page load, so focus must follow).
    pub fn focus(self, selector: &'static str) {
        let root = self.0;
        request_animation_frame(move || {
            let target = root
                .get_untracked()
                .and_then(|r| r.query_selector(selector).ok().flatten())
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
            if let Some(el) = target {
                let _ = el.focus();
            }
        });
    }
}

/// Where focus goes; panics outside [`crate::app::App`].
#[must_use]
pub fn use_focus() -> FocusCtx {
    expect_context::<FocusCtx>()
}
