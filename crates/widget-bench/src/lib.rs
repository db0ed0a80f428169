//! # widget-bench
//!
//! The widget's own components mounted on a given API answer, for the rendering benchmark
//! of `cargo xtask bench`: the list panel ([`StatusFilter`] over [`TicketList`]) and one
//! ticket ([`TicketDetail`]) with its thread. A mount reads the body as the widget reads a
//! response (helpdesk-core's parsers, newest first), renders it, and stays until its
//! [`Mounted`] handle is freed. The hand-written vanilla-JS page the benchmark compares it
//! with (`tests/bench/render/vanilla.js`) reads the same bodies and must produce the same
//! markup. [`sample_list`] and [`sample_thread`] write those bodies. Never shipped.

use std::any::Any;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use helpdesk_core::envelope::{parse_thread_response, thread_to_wire, ticket_to_wire};
use helpdesk_core::{Action, Author, Envelope, Message, Priority, Status, StatusGroup, Thread, Ticket, TicketId};
use helpdesk_widget::api::read_list;
use helpdesk_widget::components::{StatusFilter, TicketDetail, TicketList};
use helpdesk_widget::context::{LocaleCtx, use_locale};
use helpdesk_widget::format::Locale;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// The subscriber's language in the benchmark.
const LOCALE: &str = "es-CO";

/// A mounted view; freeing it (`free()` in JavaScript) unmounts it.
#[wasm_bindgen]
pub struct Mounted(#[allow(dead_code)] Box<dyn Any>);

impl std::fmt::Debug for Mounted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mounted")
    }
}

/// "Now" for the thread's overdue mark: 2026-12-01 12:00, fixed so both pages agree.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1).and_then(|d| d.and_hms_opt(12, 0, 0)).unwrap_or_default()
}

/// The list panel on a `tickets_listed` body, with its status filter (applied to the
/// tickets read, as the widget shows the server's answer for that filter).
///
/// # Errors
/// When the body is not a list the widget would show.
#[wasm_bindgen(js_name = mountList)]
pub fn mount_list(container: HtmlElement, body: &str) -> Result<Mounted, JsError> {
    let tickets = read_list(200, body).map_err(|e| JsError::new(&format!("{e:?}")))?;
    let handle = leptos::mount::mount_to(container, move || {
        provide_context(LocaleCtx(Locale::new(LOCALE)));
        view! { <ListPanel tickets=tickets /> }
    });
    Ok(Mounted(Box::new(handle)))
}

/// One ticket and its thread on a `thread_found` body.
///
/// # Errors
/// When the body is not a thread the widget would show.
#[wasm_bindgen(js_name = mountThread)]
pub fn mount_thread(container: HtmlElement, body: &str) -> Result<Mounted, JsError> {
    let thread = parse_thread_response(body).map_err(|e| JsError::new(&e.to_string()))?;
    let handle = leptos::mount::mount_to(container, move || {
        provide_context(LocaleCtx(Locale::new(LOCALE)));
        view! {
            <section class="hd-panel">
                <TicketDetail thread=thread now=now() on_back=Callback::new(|()| ()) />
            </section>
        }
    });
    Ok(Mounted(Box::new(handle)))
}

/// The widget's list panel, as `app.rs` lays it out, over tickets already read.
#[component]
fn ListPanel(tickets: Vec<Ticket>) -> impl IntoView {
    let t = use_locale().t;
    let filter = RwSignal::new(None::<StatusGroup>);
    let on_open = Callback::new(|_: TicketId| ());
    view! {
        <section class="hd-panel" aria-labelledby="hd-list-heading">
            <h2 id="hd-list-heading" tabindex="-1">{t.my_tickets}</h2>
            <StatusFilter selected=filter />
            {move || {
                let group = filter.get();
                let shown: Vec<Ticket> =
                    tickets.iter().filter(|t| group.is_none_or(|g| t.status.kind.group() == g)).cloned().collect();
                view! { <TicketList tickets=shown on_open=on_open filtered=group.is_some() /> }
            }}
        </section>
    }
}

/// A small deterministic generator (64-bit LCG), so every run renders the same data.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const SUBJECTS: [&str; 6] = [
    "Internet lento",
    "Sin servicio de Internet",
    "Cambio de contraseña del WiFi",
    "Intermitencia en la conexión por las noches",
    "Facturación",
    "Traslado de servicio",
];
const STATUSES: [&str; 4] = ["Abierto", "En progreso", "Resuelto", "Cerrado"];

/// The first ticket's opening time; later tickets are older.
fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 30).and_then(|d| d.and_hms_opt(18, 40, 0)).unwrap_or_default()
}

fn sample_ticket(rng: &mut Lcg, i: u64) -> Ticket {
    #[allow(clippy::cast_possible_wrap)] // i is below a few thousand
    let created_at = start() - Duration::minutes(i as i64 * 97);
    Ticket {
        id: 10_000 - i,
        subject: SUBJECTS[usize::try_from(rng.below(6)).unwrap_or(0)].to_owned(),
        status: Status::from_label(STATUSES[usize::try_from(rng.below(4)).unwrap_or(0)]),
        priority: Priority::from_label(&(1 + rng.below(4)).to_string()),
        created_at,
        end_date: (rng.below(5) != 0).then(|| created_at + Duration::days(3)),
        answer: None,
        back_office: None,
        unread: rng.below(7) == 0,
    }
}

/// A `tickets_listed` body of `n` tickets, newest first, as helpdesk-server writes it.
#[wasm_bindgen(js_name = sampleList)]
#[must_use]
pub fn sample_list(n: u32) -> String {
    let mut rng = Lcg(0x5eed);
    let tickets: Vec<_> = (0..u64::from(n)).map(|i| ticket_to_wire(&sample_ticket(&mut rng, i))).collect();
    let data = serde_json::json!({ "tickets": tickets, "total": n, "page": 1, "per_page": n });
    serde_json::to_string(&Envelope::new(Action::TicketsListed, Some(data), None)).unwrap_or_default()
}

/// A `thread_found` body: one overdue ticket and `n` messages, the subscriber's and
/// support's in turn, as helpdesk-server writes it.
#[wasm_bindgen(js_name = sampleThread)]
#[must_use]
pub fn sample_thread(n: u32) -> String {
    let mut rng = Lcg(0x7ead);
    let mut ticket = sample_ticket(&mut rng, 40);
    ticket.status = Status::from_label("En progreso");
    let messages = (0..u64::from(n))
        .map(|i| {
            #[allow(clippy::cast_possible_wrap)] // i is below a few thousand
            let date = ticket.created_at + Duration::minutes(i as i64 * 11);
            let words = 1 + rng.below(4);
            let text = (0..words).map(|_| "El módem parpadea en rojo desde esta mañana.").collect::<Vec<_>>().join(" ");
            let staff = i % 2 == 1;
            Message {
                id: i + 1,
                author: if staff { Author::Staff } else { Author::Subscriber },
                name: if staff && rng.below(2) == 0 { "Carolina".to_owned() } else { String::new() },
                date,
                text,
            }
        })
        .collect();
    let thread = Thread { ticket, number: None, messages };
    serde_json::to_string(&Envelope::new(Action::ThreadFound, Some(thread_to_wire(&thread)), None)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use helpdesk_core::envelope::parse_ticket_list_response;

    use super::*;

    #[test]
    fn the_samples_are_what_the_widget_reads_and_mix_every_case() {
        let list = parse_ticket_list_response(&sample_list(1000)).expect("a list");
        assert_eq!(list.tickets.len(), 1000);
        for group in [StatusGroup::Open, StatusGroup::InProgress, StatusGroup::Closed] {
            assert!(list.tickets.iter().filter(|t| t.status.kind.group() == group).count() > 150, "{group:?}");
        }
        assert!(list.tickets.iter().any(|t| t.unread) && list.tickets.iter().any(|t| t.end_date.is_none()));
        let thread = parse_thread_response(&sample_thread(500)).expect("a thread");
        assert_eq!(thread.messages.len(), 500);
        assert!(thread.ticket.end_date.is_some_and(|e| e < now()), "the thread's ticket is overdue");
        assert!(thread.messages.iter().any(|m| m.author == Author::Staff && m.name.is_empty()));
        assert!(thread.messages.iter().any(|m| m.author == Author::Staff && !m.name.is_empty()));
        assert_eq!(sample_list(3), sample_list(3), "deterministic");
    }
}
