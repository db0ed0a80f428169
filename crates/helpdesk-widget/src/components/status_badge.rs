//! A ticket's status as a badge, coloured by its group.

use helpdesk_core::{Status, StatusGroup};
use leptos::prelude::*;

use crate::context::use_locale;

/// A status badge: the status in the subscriber's language, coloured by its group. When
/// the back end's own label says something else, it stays available as the badge's title
/// (and next to it in the ticket's facts).
#[component]
pub fn StatusBadge(
    /// The ticket's status.
    status: Status,
) -> impl IntoView {
    let t = use_locale().t;
    let class = match status.kind.group() {
        StatusGroup::Open => "hd-badge hd-badge--open",
        StatusGroup::InProgress => "hd-badge hd-badge--progress",
        StatusGroup::Closed => "hd-badge hd-badge--closed",
    };
    let label = t.status_label(&status);
    let own = own_label(&label, &status).map(str::to_owned);
    view! { <span class=class title=own data-status=status.label>{label}</span> }
}

/// The back end's own label when it differs from the translated one.
#[must_use]
pub fn own_label<'a>(translated: &str, status: &'a Status) -> Option<&'a str> {
    (!translated.eq_ignore_ascii_case(status.label.trim())).then_some(status.label.as_str())
}
