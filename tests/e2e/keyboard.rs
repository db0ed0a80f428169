//! The keyboard, as a subscriber uses it: keys pressed wherever focus is, and what has focus.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};

use crate::support::Session;

/// Press keys one after another, wherever focus is (as a keyboard would).
pub(crate) async fn press(s: &Session, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for key in keys {
        actions = actions.then(KeyAction::Down { value: *key }).then(KeyAction::Up { value: *key });
    }
    s.client.perform_actions(actions).await.expect("keys");
    tokio::time::sleep(Duration::from_millis(150)).await;
}

/// The focused element inside the widget: `tag.class|text`.
pub(crate) async fn focused(s: &Session) -> String {
    let v = s
        .script(
            "const a = document.querySelector('helpdesk-widget')?.shadowRoot?.activeElement; \
             return a ? a.tagName.toLowerCase() + '.' + [...a.classList].join('.') + '|' + a.textContent.trim() : '';",
        )
        .await;
    v.as_str().unwrap_or_default().to_owned()
}
