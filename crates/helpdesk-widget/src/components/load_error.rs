//! The view of a failed load: what went wrong, and a retry.

use leptos::prelude::*;

use crate::api::LoadError;
use crate::context::use_locale;

/// A failed load: a message the subscriber understands and a retry button.
#[component]
pub fn LoadErrorView(
    /// What failed.
    error: LoadError,
    /// Called when the subscriber asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let t = use_locale().t;
    view! {
        <div class="hd-error" role="alert">
            <p>{error.message(t)}</p>
            <button type="button" class="hd-button" on:click=move |_| on_retry.run(())>
                {t.retry}
            </button>
        </div>
    }
}
