//! The root component: provides the context values ([`crate::context`]) once and shows
//! one view at a time — the list, one ticket, the new-ticket form or (WHMCS) the lookup —
//! offering only what the configured back end can do.

use helpdesk_core::envelope::{Operations, ZoneStatus};
use helpdesk_core::policy::Policy;
use helpdesk_core::{StatusGroup, TicketId};
use leptos::prelude::*;

use crate::api::{ApiClient, LoadError};
use crate::clock;
use crate::components::{LoadErrorView, NewTicketForm, ReplyForm, StatusFilter, TicketDetail, TicketList};
use crate::config::WidgetConfig;
use crate::context::{ApiCtx, FocusCtx, LocaleCtx, use_api, use_focus, use_locale};
use crate::format::Locale;
use crate::host::Host;
use crate::i18n::Texts;
use crate::task::{load, send};

/// What takes focus when a view opens: its heading, or while it loads, the loading or
/// error message.
const VIEW_FOCUS: &str = ".hd-panel h2, .hd-panel .hd-loading, .hd-panel .hd-error";

/// Focus `selector` the first time `ready` holds (a view's heading once its data loaded).
pub fn focus_when(ready: impl Fn() -> bool + 'static, selector: &'static str) {
    let focus = use_focus();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let now = ready();
        if now {
            focus.focus(selector);
        }
        now
    });
}

/// What the widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The subscriber's tickets.
    List,
    /// One ticket and its thread.
    Ticket(TicketId),
    /// The form to open a ticket.
    New,
    /// Look a ticket up by its number (back ends without a list).
    Lookup,
}

/// What a view shows while it loads.
fn loading(t: &'static Texts) -> AnyView {
    view! { <p class="hd-loading" role="status" tabindex="-1">{t.loading}</p> }.into_any()
}

/// What a view shows when its load failed: the reason and a retry.
fn failed(error: LoadError, retry: Callback<()>) -> AnyView {
    view! { <LoadErrorView error=error on_retry=retry /> }.into_any()
}

/// The helpdesk.
#[component]
pub fn App(
    /// Where the API is, how it speaks and who the subscriber is.
    config: WidgetConfig,
    /// The loader's handle on the `<helpdesk-widget>` element: tokens and events. Without it
    /// the config's fixed token is used and no events are sent.
    #[prop(optional_no_strip)]
    host: Option<Host>,
) -> impl IntoView {
    let api = match host {
        Some(host) => ApiClient::with_host(&config, host),
        None => ApiClient::new(&config),
    };
    let caps = api.dialect.capabilities();
    let locale = Locale::new(&config.locale);
    provide_context(LocaleCtx(locale));
    provide_context(ApiCtx(api));
    let root = NodeRef::<leptos::html::Section>::new();
    let focus = FocusCtx(root);
    provide_context(focus);
    let view = RwSignal::new(if caps.list { View::List } else { View::Lookup });
    let t = locale.t;
    // Views change in place: move focus to the new view's heading, not on first render.
    Effect::new(move |previous: Option<View>| {
        let current = view.get();
        if previous.is_some_and(|p| p != current) {
            focus.focus(VIEW_FOCUS);
        }
        current
    });
    let open = Callback::new(move |id| view.set(View::Ticket(id)));
    let back = Callback::new(move |()| view.set(if caps.list { View::List } else { View::Lookup }));
    view! {
        <section class="hd-widget" lang=t.lang aria-label=t.title node_ref=root>
            <h1 class="hd-title">{t.title}</h1>
            <nav class="hd-nav" aria-label=t.navigation>
                {caps.list.then(|| view! {
                    <button type="button" class="hd-tab" aria-pressed=move || (view.get() == View::List).to_string()
                        on:click=move |_| view.set(View::List)>{t.my_tickets}</button>
                })}
                {caps.lookup.then(|| view! {
                    <button type="button" class="hd-tab" aria-pressed=move || (view.get() == View::Lookup).to_string()
                        on:click=move |_| view.set(View::Lookup)>{t.lookup}</button>
                })}
                {caps.create.then(|| view! {
                    <button type="button" class="hd-tab hd-tab--primary" aria-pressed=move || (view.get() == View::New).to_string()
                        on:click=move |_| view.set(View::New)>{format!("+ {}", t.new_ticket)}</button>
                })}
            </nav>
            {move || match view.get() {
                View::List => view! { <ListPanel on_open=open /> }.into_any(),
                View::Ticket(id) => view! { <DetailPanel id=id on_back=back /> }.into_any(),
                View::New => view! { <NewPanel on_created=open /> }.into_any(),
                View::Lookup => view! { <LookupPanel on_open=open /> }.into_any(),
            }}
        </section>
    }
}

/// Loads and shows the subscriber's tickets, filtered by status.
#[component]
fn ListPanel(
    /// Called with the id of the ticket to open.
    on_open: Callback<TicketId>,
) -> impl IntoView {
    let api = use_api();
    let t = use_locale().t;
    let filter = RwSignal::new(None::<StatusGroup>);
    let tickets = load(move || {
        let api = api.clone();
        let group = filter.get();
        async move { api.list(group).await }
    });
    view! {
        <section class="hd-panel" aria-labelledby="hd-list-heading">
            <h2 id="hd-list-heading" tabindex="-1">{t.my_tickets}</h2>
            <StatusFilter selected=filter />
            {move || match tickets.get() {
                None => loading(t),
                Some(Ok(list)) => view! { <TicketList tickets=list on_open=on_open filtered=filter.get().is_some() /> }.into_any(),
                Some(Err(e)) => failed(e, Callback::new(move |()| tickets.reload())),
            }}
        </section>
    }
}

/// Loads and shows one ticket with its thread, reply form and close button.
#[component]
fn DetailPanel(
    /// The ticket to show.
    id: TicketId,
    /// Called to go back.
    on_back: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let caps = api.dialect.capabilities();
    let t = use_locale().t;
    // What the server offers besides reading (a gateway: only what its back office can do),
    // read once with the first ticket shown.
    let operations = RwSignal::new(None::<Operations>);
    let fetch_api = api.clone();
    let loaded = load(move || {
        let api = fetch_api.clone();
        async move {
            if caps.reply || caps.close {
                operations.try_set(Some(api.operations().await));
            }
            api.thread(id).await
        }
    });
    let offered = move |pick: fn(Operations) -> bool| operations.get().is_some_and(pick);
    // A reply or a close returns the updated ticket; it replaces what was loaded.
    let closing = RwSignal::new(false);
    let close_error = RwSignal::new(None::<String>);
    let close = move || {
        let api = api.clone();
        send(closing, async move { api.close(id).await }, move |closed| match closed {
            Ok(Some(ticket)) => {
                close_error.set(None);
                if let Some(Ok(Some(mut thread))) = loaded.get_untracked() {
                    thread.ticket = ticket;
                    loaded.set(Some(thread));
                }
            }
            Ok(None) => close_error.set(None),
            Err(e) => close_error.set(Some(e.message(t))),
        });
    };
    focus_when(move || loaded.with(|l| matches!(l, Some(Ok(Some(_))))), ".hd-detail__subject");
    view! {
        <section class="hd-panel">
            {move || match loaded.get() {
                None => loading(t),
                Some(Ok(Some(thread))) => {
                    let open = thread.ticket.status.kind.group() != StatusGroup::Closed;
                    let ticket_id = thread.ticket.id;
                    let close = close.clone();
                    view! {
                        <TicketDetail thread=thread now=clock::now_local() on_back=on_back>
                            {move || (caps.reply && open && offered(|o| o.reply)).then(|| view! {
                                <ReplyForm ticket_id=ticket_id on_sent=Callback::new(move |th| loaded.set(Some(th))) />
                            })}
                            {move || (caps.close && open && offered(|o| o.close)).then(|| {
                                let close = close.clone();
                                view! {
                                <button type="button" class="hd-button hd-button--secondary"
                                    disabled=move || closing.get()
                                    on:click=move |_| close()>
                                    {t.close_ticket}
                                </button>
                                }
                            })}
                            {move || close_error.get().map(|message| view! {
                                <p class="hd-error" role="alert">{message}</p>
                            })}
                        </TicketDetail>
                    }.into_any()
                }
                Some(Ok(None)) => view! {
                    <div class="hd-error" role="alert">
                        <p>{t.not_found}</p>
                        <button type="button" class="hd-button" on:click=move |_| on_back.run(())>{t.back}</button>
                    </div>
                }.into_any(),
                Some(Err(e)) => failed(e, Callback::new(move |()| loaded.reload())),
            }}
        </section>
    }
}

/// What the new-ticket form needs before it opens.
#[derive(Debug, Clone)]
struct FormSetup {
    /// The rules in force.
    policy: Policy,
    /// The subscriber's zone's state, when the subscriber has a zone.
    zone: Option<ZoneStatus>,
}

/// Loads the policy and the zone's state, then shows the form.
#[component]
fn NewPanel(
    /// Called with the new ticket's id.
    on_created: Callback<TicketId>,
) -> impl IntoView {
    let api = use_api();
    let t = use_locale().t;
    let setup = load(move || {
        let api = api.clone();
        async move {
            let for_caller = api.policy().await?;
            let zone = match for_caller.zone_id {
                Some(z) => Some(api.zone_status(z).await?),
                None => None,
            };
            Ok::<_, LoadError>(FormSetup { policy: for_caller.policy, zone })
        }
    });
    focus_when(move || setup.with(|s| matches!(s, Some(Ok(_)))), ".hd-new h2");
    view! {
        <section class="hd-panel">
            {move || match setup.get() {
                None => loading(t),
                Some(Ok(FormSetup { policy, zone })) => view! { <NewTicketForm policy=policy zone=zone on_created=on_created /> }.into_any(),
                Some(Err(e)) => failed(e, Callback::new(move |()| setup.reload())),
            }}
        </section>
    }
}

/// Looks a ticket up by its number.
#[component]
fn LookupPanel(
    /// Called with the ticket to open.
    on_open: Callback<TicketId>,
) -> impl IntoView {
    let t = use_locale().t;
    let number = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match number.get_untracked().trim().trim_start_matches('#').parse::<TicketId>() {
            Ok(id) if id > 0 => {
                invalid.set(false);
                on_open.run(id);
            }
            _ => invalid.set(true),
        }
    };
    view! {
        <section class="hd-panel">
            <h2 tabindex="-1">{t.lookup}</h2>
            <form class="hd-form" on:submit=submit novalidate>
                <label for="hd-lookup">{t.lookup_label}</label>
                <input id="hd-lookup" class="hd-input" inputmode="numeric" autocomplete="off"
                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))
                    aria-invalid=move || invalid.get().to_string() />
                <p class="hd-field-error" role="alert">{move || invalid.get().then_some(t.not_found)}</p>
                <button type="submit" class="hd-button">{t.lookup}</button>
            </form>
        </section>
    }
}
