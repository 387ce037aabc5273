//! `/rooms`: every room as a card with its free seats now. With only one room (the common case)
//! there is nothing to choose: straight to its seat map.

use crate::components::room_card::RoomCard;
use crate::state::{Auth, require_sign_in, tr, use_texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use studyroom_api::{ErrorCode, Room};
use ui::api::{self, ApiError};
use ui::components::empty_card::EmptyCard;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

/// How many cards follow their room live (see `RoomCard`'s `live`).
const LIVE_CARDS: usize = 3;

#[component]
pub fn RoomsPage() -> impl IntoView {
    require_sign_in();
    let t = use_texts();
    let auth = expect_context::<Auth>();
    let navigate = use_navigate();
    let rooms = RwSignal::new(None::<Vec<Room>>);
    let error = RwSignal::new(None::<ApiError>);
    let load = move || {
        error.set(None);
        spawn_local(async move {
            match api::rooms().await {
                Ok(list) => rooms.set(Some(list)),
                Err(e) => {
                    auth.note(&e);
                    error.set(Some(e));
                }
            }
        });
    };
    load();
    Effect::new(move |_| {
        let only = rooms.with(|r| match r.as_deref() {
            Some([room]) => Some(room.id.clone()),
            _ => None,
        });
        if let Some(id) = only {
            navigate(
                &format!("/rooms/{id}"),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    view! {
        <h1 class="page-title">{tr(|t| t.rooms_title)}</h1>
        {move || {
            if let Some(e) = error.get() {
                // Not verified yet (or suspended): the account page says why and what happens next.
                let to_account = e.is(ErrorCode::NotVerified) || e.is(ErrorCode::Suspended) || e.is(ErrorCode::Forbidden);
                return view! {
                    <ErrorCard message=e.text(t()) on_retry=move |()| load()>
                        <Show when=move || to_account>
                            <a class="button secondary" href="/account">{tr(|t| t.to_account)}</a>
                        </Show>
                    </ErrorCard>
                }.into_any();
            }
            match rooms.get() {
                // One room: the effect above is already on its way there.
                None => view! { <Skeleton lines=3/><Skeleton lines=3/> }.into_any(),
                Some(list) if list.len() == 1 => view! { <Skeleton lines=3/> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <EmptyCard id="rooms-empty" title=tr(|t| t.rooms_empty_title) body=tr(|t| t.rooms_empty_body)/>
                }.into_any(),
                Some(list) => list.into_iter().enumerate().map(|(i, room)| view! {
                    <RoomCard room=room live=i < LIVE_CARDS/>
                }).collect_view().into_any(),
            }
        }}
    }
}
