//! `/admin/rooms`: the rooms, each leading to its settings, seats and doors; and a new one.

use crate::i18n::fill;
use crate::state::{tr, use_texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::Room;
use ui::api;
use ui::components::empty_card::EmptyCard;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

#[component]
pub fn RoomsPage() -> impl IntoView {
    let t = use_texts();
    let rooms = RwSignal::new(None::<Vec<Room>>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        error.set(None);
        spawn_local(async move {
            match api::rooms().await {
                Ok(list) => {
                    rooms.try_set(Some(list));
                }
                Err(e) => {
                    error.try_set(Some(e.text(t())));
                }
            }
        });
    };
    load();
    view! {
        <div class="page-head">
            <h1 class="page-title">{tr(|t| t.rooms_title)}</h1>
            <a class="button primary small" href="/admin/rooms/new" id="room-new">{tr(|t| t.room_new)}</a>
        </div>
        {move || {
            if let Some(message) = error.get() {
                return view! { <ErrorCard message=message on_retry=move |()| load()/> }.into_any();
            }
            let Some(list) = rooms.get() else {
                return view! { <Skeleton lines=4/> }.into_any();
            };
            if list.is_empty() {
                return view! {
                    <EmptyCard id="rooms-empty" title=tr(|t| t.rooms_none_title) body=tr(|t| t.rooms_none_body)>
                        <a class="button primary" href="/admin/rooms/new">{tr(|t| t.room_new)}</a>
                    </EmptyCard>
                }.into_any();
            }
            view! {
                <ul class="room-list">
                    {list.into_iter().map(|r| view! {
                        <li class="card room-item" data-room-id=r.id.clone()>
                            <div>
                                <h2><a href=format!("/admin/rooms/{}", r.id)>{r.name.clone()}</a></h2>
                                <p class="sub">{r.address.clone()}</p>
                            </div>
                            <p class="room-item-seats">{move || fill(t().room_seats_count, r.seats_total)}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
