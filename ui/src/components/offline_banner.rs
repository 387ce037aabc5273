//! A calm line at the top when the device has no connection, so a failed tap is not a mystery.
//! It says what still works where it shows (an app passes that as `note`: on a phone's booking,
//! the door code at the keypad); talk of forms waiting belongs only where there is a form.

use crate::state::use_texts;
use leptos::ev;
use leptos::prelude::*;

#[component]
pub fn OfflineBanner(
    /// What still works on this screen without a signal; without it, a general line.
    #[prop(optional, into)]
    note: Option<Signal<&'static str>>,
) -> impl IntoView {
    let t = use_texts();
    let online = RwSignal::new(window().navigator().on_line());
    let on = window_event_listener(ev::online, move |_| online.set(true));
    let off = window_event_listener(ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    let text = move || note.map_or_else(|| t().offline_banner, |n| n.get());
    view! {
        <Show when=move || !online.get()>
            <p class="banner offline" role="status" id="offline-banner">{text}</p>
        </Show>
    }
}
