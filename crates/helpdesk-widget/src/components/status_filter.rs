//! The list's status filter: all, open, in progress, closed.

use helpdesk_core::StatusGroup;
use leptos::prelude::*;

use crate::context::use_locale;

/// Tabs that filter the list by status group: all, open, in progress, closed.
#[component]
pub fn StatusFilter(
    /// The selected group (`None` for all); the filter writes it.
    selected: RwSignal<Option<StatusGroup>>,
) -> impl IntoView {
    let t = use_locale().t;
    let options = [
        (None, t.all),
        (Some(StatusGroup::Open), t.group(StatusGroup::Open)),
        (Some(StatusGroup::InProgress), t.group(StatusGroup::InProgress)),
        (Some(StatusGroup::Closed), t.group(StatusGroup::Closed)),
    ];
    view! {
        <div class="hd-filter" role="group" aria-label=t.filter_label>
            {options
                .into_iter()
                .map(|(group, label)| {
                    view! {
                        <button
                            type="button"
                            class="hd-filter__option"
                            aria-pressed=move || (selected.get() == group).to_string()
                            on:click=move |_| selected.set(group)
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
