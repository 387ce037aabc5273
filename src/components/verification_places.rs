//! Where and when verification happens, in each room's manager's words ("社区服务站一楼…，带身份证"),
//! and what to bring: for people waiting, and for those whose application was turned down.

use crate::state::use_texts;
use leptos::prelude::*;
use studyroom_api::room::WelcomeRoom;

#[component]
pub fn VerificationPlaces(
    /// The rooms, as `GET /api/welcome` tells them.
    #[prop(into)]
    rooms: Signal<Vec<WelcomeRoom>>,
) -> impl IntoView {
    let t = use_texts();
    let places = move || {
        rooms.with(|rooms| {
            rooms
                .iter()
                .filter(|r| !r.verification.is_empty())
                .map(|r| {
                    view! {
                        <li><strong>{r.name.clone()}</strong><span>{r.verification.clone()}</span></li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" id="verification-places">
            <h2>{move || t().status_where_heading}</h2>
            <ul class="places">{places}</ul>
            <p class="note">{move || t().status_bring}</p>
        </section>
    }
}
