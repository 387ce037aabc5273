//! `/admin`: the people screen, the console's home. Finding someone at the top; the verification
//! queue, and the appeals waiting beside it. Both follow the admin event stream
//! (`/api/admin/events`): a new sign-up or appeal shows up without a reload.

use crate::components::appeals::Appeals;
use crate::components::person_search::PersonSearch;
use crate::components::queue::Queue;
use crate::state::tr;
use leptos::prelude::*;
use studyroom_api::user::UserEvent;
use ui::live::{Link, follow};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let user_news = RwSignal::new(0u32);
    let appeal_news = RwSignal::new(0u32);
    let link = RwSignal::new(Link::Connecting);
    let was_open = StoredValue::new(false);
    follow(
        "/api/admin/events",
        &["user", "appeal"],
        move |name, data| {
            if name == "appeal" {
                appeal_news.update(|n| *n += 1);
            } else if ui::json::parse::<UserEvent>(&data).is_some() {
                user_news.update(|n| *n += 1);
            }
        },
        link,
    );
    // Back after a drop: whatever happened meanwhile is read again.
    Effect::new(move |_| {
        if link.get() == Link::Open {
            if was_open.get_value() {
                user_news.update(|n| *n += 1);
                appeal_news.update(|n| *n += 1);
            }
            was_open.set_value(true);
        }
    });
    view! {
        <div class="page-head">
            <h1 class="page-title">{tr(|t| t.people_title)}</h1>
        </div>
        <PersonSearch/>
        <div class="people-grid">
            <section class="queue-column" aria-labelledby="queue-heading">
                <h2 id="queue-heading">{tr(|t| t.queue_title)}</h2>
                <Queue news=user_news/>
            </section>
            <section class="appeals-column" aria-labelledby="appeals-heading">
                <h2 id="appeals-heading">{tr(|t| t.appeals_title)}</h2>
                <Appeals news=appeal_news/>
            </section>
        </div>
    }
}
