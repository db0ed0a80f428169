//! The root component: provides the API client and switches between the list and a ticket.

use helpdesk_core::{TicketId, TicketLookup};
use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::{LoadErrorView, TicketDetail, TicketList};
use crate::config::WidgetConfig;
use crate::i18n::ES;

/// The API client, provided once to every component.
#[derive(Debug, Clone)]
pub struct ApiCtx(pub ApiClient);

/// The helpdesk: the subscriber's ticket list, or one ticket.
#[component]
pub fn App(
    /// Where the API is and who the subscriber is.
    config: WidgetConfig,
) -> impl IntoView {
    provide_context(ApiCtx(ApiClient::new(&config)));
    let selected = RwSignal::new(None::<TicketId>);
    let t = ES;
    view! {
        <main class="hd-widget" lang="es">
            <h1 class="hd-title">{t.title}</h1>
            {move || match selected.get() {
                None => view! { <ListPanel on_open=Callback::new(move |id| selected.set(Some(id))) /> }.into_any(),
                Some(id) => view! { <DetailPanel id=id on_back=Callback::new(move |()| selected.set(None)) /> }.into_any(),
            }}
        </main>
    }
}

/// Loads and shows the subscriber's tickets.
#[component]
fn ListPanel(
    /// Called with the id of the ticket to open.
    on_open: Callback<TicketId>,
) -> impl IntoView {
    let api = expect_context::<ApiCtx>().0;
    let t = ES;
    let tickets = LocalResource::new(move || {
        let api = api.clone();
        async move { api.list_tickets().await }
    });
    view! {
        <section class="hd-panel" aria-labelledby="hd-list-heading">
            <h2 id="hd-list-heading">{t.my_tickets}</h2>
            {move || match tickets.get() {
                None => view! { <p class="hd-loading" role="status">{t.loading}</p> }.into_any(),
                Some(Ok(page)) => view! { <TicketList tickets=page.tickets on_open=on_open /> }.into_any(),
                Some(Err(e)) => view! {
                    <LoadErrorView error=e on_retry=Callback::new(move |()| tickets.refetch()) />
                }.into_any(),
            }}
        </section>
    }
}

/// Loads and shows one ticket.
#[component]
fn DetailPanel(
    /// The ticket to show.
    id: TicketId,
    /// Called to go back to the list.
    on_back: Callback<()>,
) -> impl IntoView {
    let api = expect_context::<ApiCtx>().0;
    let t = ES;
    let ticket = LocalResource::new(move || {
        let api = api.clone();
        async move { api.ticket(id).await }
    });
    view! {
        <section class="hd-panel">
            {move || match ticket.get() {
                None => view! { <p class="hd-loading" role="status">{t.loading}</p> }.into_any(),
                Some(Ok(TicketLookup::Found(found))) => view! { <TicketDetail ticket=found on_back=on_back /> }.into_any(),
                Some(Ok(TicketLookup::NotFound)) => view! {
                    <div class="hd-error" role="alert">
                        <p>{t.not_found}</p>
                        <button type="button" class="hd-button" on:click=move |_| on_back.run(())>{t.back}</button>
                    </div>
                }.into_any(),
                Some(Err(e)) => view! {
                    <LoadErrorView error=e on_retry=Callback::new(move |()| ticket.refetch()) />
                }.into_any(),
            }}
        </section>
    }
}
