//! What a visitor who is not signed in sees first at `/`: what the room is, where, that it is open
//! day and night, how it works in three steps, and the two ways in (sign up, log in). The rooms
//! come from the public `GET /api/welcome`; without an answer the page still says the rest.

use crate::state::use_visitor_texts;
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::room::WelcomeRoom;
use ui::api;

#[component]
pub fn Welcome() -> impl IntoView {
    let t = use_visitor_texts();
    let rooms = RwSignal::new(Vec::<WelcomeRoom>::new());
    spawn_local(async move {
        if let Ok(welcome) = api::welcome().await {
            rooms.try_set(welcome.rooms);
        }
    });
    let room_cards = move || {
        rooms.with(|rooms| {
            rooms
                .iter()
                .map(|r| {
                    view! {
                        <li class="welcome-room">
                            <strong>{r.name.clone()}</strong>
                            <span>{r.address.clone()}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let steps = move || {
        let t = t();
        [t.welcome_step_1, t.welcome_step_2, t.welcome_step_3]
            .into_iter()
            .map(|step| view! { <li>{step}</li> })
            .collect_view()
    };
    view! {
        <section class="welcome" id="welcome">
            <h1>{move || t().welcome_title}</h1>
            <p class="lead">{move || t().welcome_lead}</p>
            <p class="open-now"><span aria-hidden="true">"●"</span>{move || t().welcome_open}</p>
            <ul class="welcome-rooms">{room_cards}</ul>
            <ol class="steps">{steps}</ol>
            <div class="welcome-actions">
                <a class="button primary" id="welcome-signup" href="/signup">{move || t().welcome_signup}</a>
                <a class="button secondary" id="welcome-login" href="/login">{move || t().welcome_login}</a>
            </div>
        </section>
    }
}
