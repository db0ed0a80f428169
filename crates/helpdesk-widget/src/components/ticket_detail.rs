//! One ticket with its facts and its public thread (or the staff's latest answer).

use chrono::NaiveDateTime;
use helpdesk_core::{Author, BackOffice, StatusGroup, Thread};
use leptos::prelude::*;

use crate::components::StatusBadge;
use crate::components::status_badge::own_label;
use crate::context::use_locale;
use crate::format::{Locale, date_time, date_time_and_short, iso};

/// One ticket: subject, status, priority, dates (and whether the estimate has passed), then
/// its thread in order with the subscriber's and the staff's messages told apart. When the
/// back end gives no thread, the latest answer stands alone. Staff notes never reach here:
/// a [`Thread`] cannot hold them.
#[component]
pub fn TicketDetail(
    /// The ticket and its public messages.
    thread: Thread,
    /// "Now" in local time, to say whether the estimated resolution has passed.
    now: NaiveDateTime,
    /// Called when the subscriber goes back to the list.
    on_back: Callback<()>,
    /// Reply form and close button, when the back end supports them.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t;
    let ticket = thread.ticket;
    let when = move |at: NaiveDateTime| moment(locale, at);
    let overdue = ticket.end_date.is_some_and(|e| e < now) && ticket.status.kind.group() != StatusGroup::Closed;
    let end = ticket.end_date.map(|e| {
        let late = overdue;
        let overdue = overdue.then(|| format!(" ({})", t.overdue));
        view! {
            <div class="hd-fact hd-fact--due">
                <dt>{t.estimated_resolution}</dt>
                <dd class:hd-overdue=late>{when(e)}{overdue}</dd>
            </div>
        }
    });
    let number = thread.number.unwrap_or_else(|| ticket.id.to_string());
    // In front of the ISP's back office: on its way, or the number its technicians see.
    let back_office = ticket.back_office.map(|b| {
        let shown = match b {
            BackOffice::Pending => t.back_office_pending.to_owned(),
            BackOffice::Filed(n) => format!("#{n}"),
        };
        view! { <div class="hd-fact"><dt>{t.back_office}</dt><dd class="hd-back-office">{shown}</dd></div> }
    });
    let status_label = t.status_label(&ticket.status);
    let own =
        own_label(&status_label, &ticket.status).map(|l| view! { <span class="hd-muted">{format!(" ({l})")}</span> });
    let messages = if thread.messages.is_empty() {
        match ticket.answer {
            Some(answer) => view! {
                <section class="hd-answer">
                    <h3>{t.latest_answer}</h3>
                    <p class="hd-answer__text">{answer}</p>
                </section>
            }
            .into_any(),
            None => view! { <p class="hd-muted">{t.no_answer}</p> }.into_any(),
        }
    } else {
        let items = thread
            .messages
            .into_iter()
            .map(|m| {
                // Who wrote it, written once with its separator.
                let (class, who) = match m.author {
                    Author::Subscriber => ("hd-message hd-message--subscriber", format!("{} · ", t.you)),
                    Author::Staff if m.name.is_empty() => ("hd-message hd-message--staff", format!("{} · ", t.support)),
                    Author::Staff => ("hd-message hd-message--staff", format!("{} · {} · ", t.support, m.name)),
                };
                view! {
                    <li class=class>
                        <p class="hd-message__meta">{who}<time datetime=iso(m.date)>{date_time(locale, m.date)}</time></p>
                        <p class="hd-message__text">{m.text}</p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="hd-thread" aria-label=t.conversation>
                <h3>{t.conversation}</h3>
                <ol class="hd-messages">{items}</ol>
            </section>
        }
        .into_any()
    };
    view! {
        <article class="hd-detail" data-ticket-id=ticket.id.to_string()>
            <button type="button" class="hd-link" on:click=move |_| on_back.run(())>
                {format!("← {}", t.back)}
            </button>
            <h2 class="hd-detail__subject" tabindex="-1">{ticket.subject}</h2>
            // On a phone the facts run on as two lines (CSS): the labels the values speak for
            // themselves are there for screen readers only, and the dates lose their year.
            <dl class="hd-facts">
                <div class="hd-fact hd-fact--id"><dt>{t.ticket}</dt><dd>{format!("#{number}")}</dd></div>
                {back_office}
                <div class="hd-fact hd-fact--status"><dt>{t.status}</dt><dd><StatusBadge status=ticket.status />{own}</dd></div>
                <div class="hd-fact"><dt>{t.priority}</dt><dd>{t.priority_label(&ticket.priority)}</dd></div>
                <div class="hd-fact hd-fact--created"><dt>{t.created}</dt><dd>{when(ticket.created_at)}</dd></div>
                {end}
            </dl>
            {messages}
            {children.map(|c| c())}
        </article>
    }
}

/// A moment of the ticket: in full, and without its year for a phone's line (hidden from
/// screen readers, which read the full one).
fn moment(locale: Locale, at: NaiveDateTime) -> impl IntoView {
    let (long, short) = date_time_and_short(locale, at);
    view! {
        <time datetime=iso(at)>
            <span class="hd-long">{long}</span>
            <span class="hd-short" aria-hidden="true">{short}</span>
        </time>
    }
}
