//! The reply to one's own ticket.

use helpdesk_core::{Thread, TicketId};
use leptos::prelude::*;

use crate::context::{use_api, use_locale};
use crate::task::send;

/// A reply to one's own ticket, with up to 3 photos (the loader picks, shrinks and uploads
/// them; photos alone are a reply too). What was typed stays on any error; photos that did
/// not go up stay picked, and the loader says so beside them.
#[component]
pub fn ReplyForm(
    /// The ticket replied to.
    ticket_id: TicketId,
    /// Called with the updated thread once the reply is stored.
    on_sent: Callback<Thread>,
) -> impl IntoView {
    let t = use_locale().t;
    let api = use_api();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let key = ticket_id.to_string();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let message = text.get_untracked().trim().to_owned();
        // Photos go up by themselves (the loader shows how); photos alone are a reply too.
        let photos = api.attach(&key, ticket_id);
        if message.is_empty() {
            error.set((photos == 0).then(|| t.reply_required.to_owned()));
            return;
        }
        let api = api.clone();
        send(sending, async move { api.reply(ticket_id, &message).await }, move |replied| match replied {
            Ok(Some(thread)) => {
                text.set(String::new());
                error.set(None);
                on_sent.run(thread);
            }
            Ok(None) => error.set(Some(t.not_found.to_owned())),
            Err(e) => error.set(Some(e.message(t))),
        });
    };
    view! {
        <form class="hd-form hd-reply" on:submit=submit novalidate>
            <label for="hd-reply-text">{t.reply_label}</label>
            <textarea
                id="hd-reply-text"
                class="hd-input"
                rows="3"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby="hd-reply-error"
            ></textarea>
            <p id="hd-reply-error" class="hd-field-error" role="alert">{move || error.get()}</p>
            <div class="hd-photos" data-photos=ticket_id.to_string()></div>
            <button type="submit" class="hd-button" disabled=move || sending.get()>
                {move || if sending.get() { t.sending } else { t.send_reply }}
            </button>
        </form>
    }
}
