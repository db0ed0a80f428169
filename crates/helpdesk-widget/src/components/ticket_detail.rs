use helpdesk_core::Ticket;
use leptos::prelude::*;

use crate::components::StatusBadge;
use crate::format::date_time;
use crate::i18n::ES;

/// One ticket: subject, status, priority, dates and the latest staff answer.
#[component]
pub fn TicketDetail(
    /// The ticket to show.
    ticket: Ticket,
    /// Called when the subscriber goes back to the list.
    on_back: Callback<()>,
) -> impl IntoView {
    let t = ES;
    let end = ticket.end_date.map(date_time);
    view! {
        <article class="hd-detail" data-ticket-id=ticket.id.to_string()>
            <button type="button" class="hd-link" on:click=move |_| on_back.run(())>
                {format!("← {}", t.back)}
            </button>
            <h2 class="hd-detail__subject">{ticket.subject}</h2>
            <dl class="hd-facts">
                <dt>{t.ticket}</dt>
                <dd>{format!("#{}", ticket.id)}</dd>
                <dt>{t.status}</dt>
                <dd><StatusBadge status=ticket.status /></dd>
                <dt>{t.priority}</dt>
                <dd>{t.priority_label(&ticket.priority)}</dd>
                <dt>{t.created}</dt>
                <dd>{date_time(ticket.created_at)}</dd>
                {end.map(|e| view! { <dt>{t.estimated_resolution}</dt> <dd>{e}</dd> })}
            </dl>
            <section class="hd-answer">
                <h3>{t.latest_answer}</h3>
                {match ticket.answer {
                    Some(answer) => view! { <p class="hd-answer__text">{answer}</p> }.into_any(),
                    None => view! { <p class="hd-muted">{t.no_answer}</p> }.into_any(),
                }}
            </section>
        </article>
    }
}
