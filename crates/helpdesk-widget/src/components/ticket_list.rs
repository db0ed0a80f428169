//! The subscriber's tickets, each a button that opens it.

use helpdesk_core::{Ticket, TicketId};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::StatusBadge;
use crate::context::use_locale;
use crate::format::date_time;

/// The subscriber's tickets, in the order given (newest first); an empty state when there
/// are none. Each ticket is a button that opens it, marked when staff answered or moved it
/// since the subscriber last opened it.
#[component]
pub fn TicketList(
    /// The tickets to show.
    tickets: Vec<Ticket>,
    /// Called with the id of the ticket the subscriber opens.
    on_open: Callback<TicketId>,
    /// Whether a status filter is applied (the empty state then says so).
    #[prop(optional)]
    filtered: bool,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t;
    if tickets.is_empty() {
        return view! { <p class="hd-empty">{if filtered { t.empty_filtered } else { t.empty }}</p> }.into_any();
    }
    let items = tickets
        .into_iter()
        .map(|ticket| {
            let id = ticket.id;
            let end = ticket.end_date.map(|e| date_time(locale, e));
            view! {
                <li>
                    <button type="button" class="hd-ticket" data-ticket-id=id.to_string()>
                        <span class="hd-ticket__subject">{ticket.subject}</span>
                        <StatusBadge status=ticket.status />
                        {ticket.unread.then(|| view! { <span class="hd-ticket__new">{t.new_answer}</span> })}
                        <span class="hd-ticket__meta">
                            {format!(
                                "{} #{id} · {} {} · {} {}",
                                t.ticket,
                                t.priority,
                                t.priority_label(&ticket.priority),
                                t.created,
                                date_time(locale, ticket.created_at)
                            )}
                        </span>
                        {end.map(|e| view! {
                            <span class="hd-ticket__meta">{format!("{} {e}", t.estimated_resolution)}</span>
                        })}
                    </button>
                </li>
            }
        })
        .collect_view();
    // One listener for the list, as a long list needs: the ticket is the clicked button's.
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some(id) = clicked_ticket(&ev) {
            on_open.run(id);
        }
    };
    view! { <ul class="hd-list" on:click=on_click>{items}</ul> }.into_any()
}

/// The ticket whose button `ev` happened in (its innermost target, inside the shadow root).
fn clicked_ticket(ev: &web_sys::MouseEvent) -> Option<TicketId> {
    let target = ev.composed_path().get(0).dyn_into::<web_sys::Element>().ok()?;
    let button = target.closest(".hd-ticket").ok()??;
    button.get_attribute("data-ticket-id")?.parse().ok()
}
