//! A room's seats as a row of small marks on its card: the free ones hollow (dotted when booked
//! later today), the taken ones filled. Decoration beside the "7 / 12 free now" that says the
//! same in words.

use leptos::prelude::*;
use studyroom_api::SeatState;
use studyroom_api::room::SeatStatus;

/// The mark's class: the state now, or `later` for a free seat booked later today.
fn look(seat: &SeatStatus) -> &'static str {
    match seat.state {
        SeatState::Free if seat.next_start.is_some() => "later",
        state => state.as_str(),
    }
}

#[component]
pub fn SeatStrip(
    /// Each seat now, in the room's order.
    #[prop(into)]
    seats: Signal<Vec<SeatStatus>>,
) -> impl IntoView {
    view! {
        <div class="seat-strip" aria-hidden="true">
            {move || {
                seats.with(|seats| {
                    seats
                        .iter()
                        .map(|s| view! { <span class=format!("dot {}", look(s))></span> })
                        .collect_view()
                })
            }}
        </div>
    }
}
