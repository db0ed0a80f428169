//! Requests the views wait for: what a view loads, and what a form sends.
//!
//! Both are plain signals set from a spawned future, so every request in the widget shares
//! one small piece of machinery (Leptos' resources and actions instantiate a large async
//! state machine per payload type, which a widget measured in kilobytes cannot afford).
//! A result that arrives after its view is gone is dropped, never a panic.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::LoadError;

/// What a view loaded: `None` while loading, then the result.
pub type Loaded<T> = Option<Result<T, LoadError>>;

/// A load in progress or done; see [`load`].
#[derive(Debug)]
pub struct Load<T: 'static> {
    loaded: RwSignal<Loaded<T>>,
    again: Trigger,
}

impl<T: 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Load<T> {}

impl<T: Clone + Send + Sync + 'static> Load<T> {
    /// The result, tracked.
    #[must_use]
    pub fn get(self) -> Loaded<T> {
        self.loaded.get()
    }

    /// Read the result without cloning it, tracked.
    pub fn with<R>(self, f: impl FnOnce(&Loaded<T>) -> R) -> R {
        self.loaded.with(f)
    }

    /// The result, not tracked.
    #[must_use]
    pub fn get_untracked(self) -> Loaded<T> {
        self.loaded.get_untracked()
    }

    /// Load again (the retry button).
    pub fn reload(self) {
        self.again.notify();
    }

    /// Replace what was loaded (a reply or a close returns the updated value).
    pub fn set(self, value: T) {
        self.loaded.set(Some(Ok(value)));
    }
}

/// Start `fetch` now, again whenever a signal it reads changes, and on
/// [`Load::reload`]. The result shows `None` while a request is in flight, and only the
/// latest request's result is kept, so a slow old response never replaces a newer one.
pub fn load<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> Load<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, LoadError>> + 'static,
{
    let loaded = RwSignal::new(None);
    let again = Trigger::new();
    // Which request is the latest; not reactive, so a plain shared cell.
    let latest = Rc::new(Cell::new(0_u32));
    Effect::new(move |_| {
        again.track();
        let request = fetch();
        let generation = latest.get().wrapping_add(1);
        latest.set(generation);
        loaded.set(None);
        let latest = Rc::clone(&latest);
        leptos::task::spawn_local(async move {
            let result = request.await;
            if latest.get() == generation {
                loaded.try_set(Some(result));
            }
        });
    });
    Load { loaded, again }
}

/// Send one request of a form: nothing while `pending` holds (one click is one request);
/// otherwise `pending` holds until `request` is done, then `done` gets its result — unless
/// the form is gone by then.
pub fn send<T: 'static>(
    pending: RwSignal<bool>,
    request: impl Future<Output = T> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    if pending.get_untracked() {
        return;
    }
    pending.set(true);
    leptos::task::spawn_local(async move {
        let result = request.await;
        if pending.try_set(false).is_none() {
            done(result);
        }
    });
}
