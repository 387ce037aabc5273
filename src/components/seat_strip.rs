//! A room's seats as a row of small marks on its card: the free ones hollow, the taken ones
//! filled. Decoration beside the "7 / 12 free now" that says the same in words.

use leptos::prelude::*;
use studyroom_api::SeatState;

#[component]
pub fn SeatStrip(
    /// Each seat's state now, in the room's order.
    #[prop(into)]
    states: Signal<Vec<SeatState>>,
) -> impl IntoView {
    view! {
        <div class="seat-strip" aria-hidden="true">
            {move || {
                states
                    .get()
                    .into_iter()
                    .map(|s| view! { <span class=format!("dot {}", s.as_str())></span> })
                    .collect_view()
            }}
        </div>
    }
}
