//! A calm line at the top when the phone has no connection, so a failed tap is not a mystery.

use crate::state::use_texts;
use leptos::ev;
use leptos::prelude::*;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let t = use_texts();
    let online = RwSignal::new(window().navigator().on_line());
    let on = window_event_listener(ev::online, move |_| online.set(true));
    let off = window_event_listener(ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    view! {
        <Show when=move || !online.get()>
            <p class="banner offline" role="status">{move || t().offline_banner}</p>
        </Show>
    }
}
