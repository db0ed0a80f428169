//! The new-ticket form: catalog subject, description, photos, live estimate, zone limit, draft.

use std::cell::Cell;
use std::rc::Rc;

use helpdesk_core::catalog::Subject;
use helpdesk_core::envelope::{CreateOutcome, ZoneStatus};
use helpdesk_core::policy::Policy;
use helpdesk_core::{PriorityLevel, TicketId};
use leptos::prelude::*;

use crate::api::LoadError;
use crate::clock;
use crate::context::{use_api, use_locale};
use crate::draft::Draft;
use crate::format::{date_time, number};
use crate::task::send;

/// A submit's text and the idempotency key it was sent with.
struct Sent {
    key: String,
    subject: String,
    description: String,
}

/// Open a ticket: a subject from the catalog (grouped by priority, each in the subscriber's
/// words with its help text; searched by their own words in the core's order; free text is
/// impossible), a required description, the estimated resolution shown live (computed by
/// helpdesk-core with the server's policy), and the zone checked before submitting.
///
/// One click is one ticket: the submit is disabled while in flight and carries an
/// `Idempotency-Key` that a retry of the same text reuses. Server field errors show next to
/// their fields; nothing typed is lost on any error, nor on a reload: the draft is kept in
/// `localStorage` until the ticket is opened. Up to 3 photos go with it: the loader picks and
/// shrinks them here and uploads them once the ticket is open, beside the ticket's own
/// picker, which keeps them with a message when they do not go up.
#[component]
pub fn NewTicketForm(
    /// The rules in force (catalog, calendar, timezone, zone limit, text limit).
    policy: Policy,
    /// The zone's state when the form opened, if known.
    zone: Option<ZoneStatus>,
    /// Called with the new ticket's id.
    on_created: Callback<TicketId>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.t;
    let api = use_api();
    // The subscriber's draft, once the policy named the subscriber (none before).
    let mut saved = api.drafts().map(|key| Draft::load(&key)).unwrap_or_default();
    if !policy.catalog.contains(&saved.subject) {
        saved.subject.clear();
    }
    let subject = RwSignal::new(saved.subject);
    let search = RwSignal::new(String::new());
    let description = RwSignal::new(saved.description);
    let drafts = api.clone();
    Effect::new(move |_| {
        let draft = Draft { subject: subject.get(), description: description.get() };
        // Asked at every save: once the subscriber's token is refused, nothing is kept.
        if let Some(key) = drafts.drafts() {
            draft.save(&key);
        }
    });
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let summary = RwSignal::new(None::<String>);
    // The zone-limit message, once the zone is known to be full; naming the zone's known
    // outage (shown above the widget) when it has one.
    let outage = zone.is_some_and(|z| z.outage);
    let zone_full = move |max: u64| {
        let full = t.zone_full(&number(locale, max));
        if outage { format!("{full} {}", t.zone_full_outage) } else { full }
    };
    let blocked = RwSignal::new(zone.filter(|z| z.is_blocked).map(|z| zone_full(z.max_tickets)));
    // The text last sent with its idempotency key: the key is reused only while the text is
    // unchanged. Not reactive: only the submit reads it. A `Cell`, taken and put back, so no
    // borrow is ever held while JavaScript runs.
    let sent = Rc::new(Cell::new(None::<Sent>));
    // The limit the server enforces on the description.
    let max_chars = policy.max_text_chars;

    // Each subject as (the catalog's exact name, what the subscriber reads in their language).
    let worded = |s: &Subject| (s.name.clone(), s.label_in(t.lang).to_owned());
    let groups: Vec<(PriorityLevel, Vec<(String, String)>)> =
        [PriorityLevel::VeryHigh, PriorityLevel::High, PriorityLevel::Normal, PriorityLevel::Low]
            .into_iter()
            .map(|p| (p, policy.catalog.subjects().iter().filter(|s| s.priority == p).map(worded).collect()))
            .collect();
    let catalog = StoredValue::new(policy.catalog.clone());
    // The help text of the chosen subject, in the subscriber's language.
    let help = move || {
        let chosen = subject.get();
        catalog.with_value(|c| c.get(&chosen).and_then(|s| s.wording_in(t.lang)).map(|w| w.help.clone()))
    };
    let estimate_policy = policy;
    let tick = Trigger::new();
    let ticker = set_interval_with_handle(move || tick.notify(), std::time::Duration::from_secs(30)).ok();
    on_cleanup(move || {
        if let Some(handle) = ticker {
            handle.clear();
        }
    });
    // Recomputed when the clock ticks; it has one reader, so no memo.
    let estimate = move || {
        tick.track();
        estimate_policy.estimate(clock::now_utc(), &clock::BrowserClock).ok().map(|e| e.end_date)
    };

    let sending = RwSignal::new(false);
    let sent_by_create = Rc::clone(&sent);
    let api_of_create = api.clone();
    let created = move |outcome: Result<CreateOutcome, LoadError>| match outcome {
        Ok(CreateOutcome::Created(ticket)) => {
            sent_by_create.set(None);
            if let Some(key) = api_of_create.drafts() {
                Draft::clear(&key);
            }
            api_of_create.attach("new", ticket.id);
            on_created.run(ticket.id);
        }
        Ok(CreateOutcome::ZoneLimitReached { max_tickets, .. }) => blocked.set(Some(zone_full(max_tickets))),
        Ok(CreateOutcome::ServiceLimitReached { max_tickets, .. }) => {
            blocked.set(Some(t.line_full(&number(locale, max_tickets))));
        }
        Ok(CreateOutcome::Failed { message, errors: fields, closest_subjects }) => {
            let mut fields = fields;
            if let Some((_, subject_error)) = fields.iter_mut().find(|(f, _)| f == "subject")
                && !closest_subjects.is_empty()
            {
                *subject_error = format!("{subject_error} {} {}", t.did_you_mean, closest_subjects.join(", "));
            }
            errors.set(fields);
            summary.set(Some(message.unwrap_or_else(|| t.check_fields.to_owned())));
        }
        Err(e) => summary.set(Some(e.message(t))),
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let (s, d) = (subject.get_untracked(), description.get_untracked().trim().to_owned());
        let mut local = Vec::new();
        if s.is_empty() {
            local.push(("subject".to_owned(), t.subject_required.to_owned()));
        }
        if d.is_empty() {
            local.push(("description".to_owned(), t.description_required.to_owned()));
        }
        if !local.is_empty() {
            errors.set(local);
            summary.set(Some(t.check_fields.to_owned()));
            return;
        }
        errors.set(Vec::new());
        summary.set(None);
        let key = match sent.take() {
            Some(Sent { key, subject, description }) if subject == s && description == d => key,
            _ => clock::new_key(),
        };
        sent.set(Some(Sent { key: key.clone(), subject: s.clone(), description: d.clone() }));
        let api = api.clone();
        let created = created.clone();
        send(sending, async move { api.create(&s, &d, &key).await }, created);
    };
    let field_error =
        move |field: &'static str| move || errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()));
    let field_invalid =
        move |field: &'static str| move || errors.with(|e| e.iter().any(|(f, _)| f == field)).to_string();

    view! {
        <form class="hd-form hd-new" on:submit=submit novalidate>
            <h2 tabindex="-1">{t.new_ticket}</h2>
            {move || blocked.get().map(|message| view! {
                <div class="hd-error hd-zone-full" role="alert">
                    <p>{message}</p>
                </div>
            })}
            {move || summary.get().map(|s| view! { <p class="hd-error" role="alert">{s}</p> })}

            <label for="hd-subject-search">{t.subject_search}</label>
            <input
                id="hd-subject-search"
                class="hd-input"
                type="search"
                autocomplete="off"
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
            />
            <label for="hd-subject">{t.subject}</label>
            <select
                id="hd-subject"
                class="hd-input"
                prop:value=move || subject.get()
                on:change=move |ev| subject.set(event_target_value(&ev))
                aria-invalid=field_invalid("subject")
                aria-describedby="hd-subject-help hd-subject-error"
            >
                <option value="">{t.choose_subject}</option>
                {move || {
                    let query = search.get();
                    // Grouped by priority in catalog order; or, searched, what the subscriber's
                    // words describe, best first (the core's ranking), with the subject already
                    // chosen, so that the choice stays visible.
                    let sections: Vec<(&'static str, Vec<(String, String)>)> = if query.trim().is_empty() {
                        groups.iter().map(|(p, subjects)| (t.priority_group(*p), subjects.clone())).collect()
                    } else {
                        let chosen = subject.get_untracked();
                        let mut shown: Vec<(String, String)> =
                            catalog.with_value(|c| c.search(&query, t.lang).into_iter().map(worded).collect());
                        if !chosen.is_empty() && !shown.iter().any(|(n, _)| *n == chosen) {
                            shown.extend(catalog.with_value(|c| c.get(&chosen).map(worded)));
                        }
                        vec![(t.best_matches, shown)]
                    };
                    sections
                        .into_iter()
                        .filter(|(_, subjects)| !subjects.is_empty())
                        .map(|(heading, subjects)| view! {
                            <optgroup label=heading>
                                {subjects.into_iter().map(|(name, label)| view! { <option value=name>{label}</option> }).collect_view()}
                            </optgroup>
                        })
                        .collect_view()
                }}
            </select>
            <p id="hd-subject-help" class="hd-help">{help}</p>
            <p id="hd-subject-error" class="hd-field-error">{field_error("subject")}</p>

            <label for="hd-description">{t.description}</label>
            <textarea
                id="hd-description"
                class="hd-input"
                rows="5"
                maxlength=max_chars
                prop:value=move || description.get()
                on:input=move |ev| description.set(event_target_value(&ev))
                aria-invalid=field_invalid("description")
                aria-describedby="hd-description-error"
            ></textarea>
            <p id="hd-description-error" class="hd-field-error">{field_error("description")}</p>
            <div class="hd-photos" data-photos="new"></div>

            <p class="hd-estimate" aria-live="polite">
                {move || estimate().map(|e| format!("{} {}", t.estimated_resolution_if_now, date_time(locale, e)))}
            </p>
            <button type="submit" class="hd-button" disabled=move || sending.get() || blocked.get().is_some()>
                {move || if sending.get() { t.sending } else { t.create }}
            </button>
        </form>
    }
}
