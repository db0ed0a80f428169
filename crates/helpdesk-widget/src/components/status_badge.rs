use helpdesk_core::{Status, StatusGroup};
use leptos::prelude::*;

/// A status badge: the back end's own label, coloured by the normalised group.
#[component]
pub fn StatusBadge(
    /// The ticket's status.
    status: Status,
) -> impl IntoView {
    let class = match status.kind.group() {
        StatusGroup::Open => "hd-badge hd-badge--open",
        StatusGroup::InProgress => "hd-badge hd-badge--progress",
        StatusGroup::Closed => "hd-badge hd-badge--closed",
    };
    view! { <span class=class>{status.label}</span> }
}
