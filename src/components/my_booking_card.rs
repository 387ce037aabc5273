//! Above the seat map, for someone who already has a live booking: which seat and when, a way to
//! it (its code), and that one booking at a time is the rule, so the map does not read as if
//! they had none. Their seat on the map is marked too.

use crate::i18n::fill;
use crate::state::{map_tr, use_map_texts};
use chrono::NaiveDate;
use leptos::prelude::*;
use studyroom_api::Booking;
use ui::when;

#[component]
pub fn MyBookingCard(
    /// The member's live booking (the app's home).
    booking: Booking,
    /// The room's today, to name the booking's day.
    #[prop(into)]
    today: Signal<NaiveDate>,
) -> impl IntoView {
    let t = use_map_texts();
    let href = format!("/bookings/{}", booking.id);
    let (start, end, label) = (booking.start, booking.end, booking.seat_label);
    view! {
        <section class="card my-booking" id="my-booking-card" aria-labelledby="my-booking-title">
            <span class="mine-badge" aria-hidden="true">"★"</span>
            <div>
                <h2 id="my-booking-title">{move || fill(t().mine_title, &label)}</h2>
                <p class="my-booking-when" id="my-booking-when">
                    {move || when::range_with_day(start, end, today.get(), t())}
                </p>
                <a class="link my-booking-link" href=href id="my-booking-link">{map_tr(|t| t.mine_link)}" →"</a>
                <p class="note">{map_tr(|t| t.mine_one_at_a_time)}</p>
            </div>
        </section>
    }
}
