//! `/rooms/:id`: the seat map of one room, live, and the time picker for the seat tapped.

use crate::components::seat_map::SeatMap;
use crate::components::time_picker::TimePicker;
use crate::slots::room_offset;
use crate::state::{Auth, Clock, require_sign_in, tr, use_texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;
use studyroom_api::room::Occupancy;
use studyroom_api::{ErrorCode, Room};
use ui::api::{self, ApiError};
use ui::components::empty_card::EmptyCard;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;
use ui::live::follow_room;
use ui::seat_layout::SeatNow;

#[component]
pub fn RoomPage() -> impl IntoView {
    require_sign_in();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // A new id is a new room: start afresh (and close the old room's stream).
    move || view! { <RoomView id=id.get()/> }
}

#[component]
fn RoomView(id: String) -> impl IntoView {
    let t = use_texts();
    let auth = expect_context::<Auth>();
    let clock = expect_context::<Clock>();
    let room = RwSignal::new(None::<Room>);
    let states = RwSignal::new(HashMap::<String, SeatNow>::new());
    // The map waits for the first occupancy: showing every seat free until then would be a lie.
    let ready = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let selected = RwSignal::new(None::<usize>);

    // Times on the map are told on the room's clock.
    let offset = move || room.with_untracked(|r| r.as_ref().map(|r| room_offset(&r.utc_offset)));
    let apply = move |o: Occupancy| {
        clock.sync(o.at);
        let offset = offset();
        states.set(
            o.seats
                .iter()
                .map(|s| (s.seat_id.clone(), SeatNow::from_status(s, offset)))
                .collect(),
        );
        // Set once: re-rendering the map on every reconnect would drop the picker's choices.
        if ready.try_get_untracked() == Some(false) {
            ready.set(true);
        }
    };
    let load_occupancy = {
        let id = id.clone();
        move || {
            let id = id.clone();
            spawn_local(async move {
                match api::occupancy(&id).await {
                    Ok(o) => apply(o),
                    Err(e) => {
                        auth.note(&e);
                        error.set(Some(e));
                    }
                }
            });
        }
    };
    let load = {
        let (id, load_occupancy) = (id.clone(), load_occupancy.clone());
        move || {
            error.set(None);
            let (id, load_occupancy) = (id.clone(), load_occupancy.clone());
            spawn_local(async move {
                match api::room(&id).await {
                    Ok(r) => {
                        room.set(Some(r));
                        load_occupancy();
                    }
                    Err(e) => {
                        auth.note(&e);
                        error.set(Some(e));
                    }
                }
            });
        }
    };
    load();
    follow_room(
        &id,
        move |change| {
            let now = SeatNow::from_status(&change, offset());
            states.update(|s| {
                s.insert(change.seat_id, now);
            });
        },
        // Every (re)connect: read the whole room again, so nothing missed while away stays wrong.
        load_occupancy,
    );

    // Bring the picker into view on a phone, where it opens below the map.
    Effect::new(move |_| {
        if selected.get().is_some() {
            request_animation_frame(|| {
                if let Some(el) = document().get_element_by_id("time-picker") {
                    el.scroll_into_view();
                }
            });
        }
    });

    view! {
        {move || {
            if let Some(e) = error.get() {
                let to_account = e.is(ErrorCode::NotVerified) || e.is(ErrorCode::Suspended);
                let retry = load.clone();
                return view! {
                    <ErrorCard message=e.text(t()) on_retry=move |()| retry()>
                        {if to_account {
                            view! { <a class="button secondary" href="/account">{tr(|t| t.to_account)}</a> }.into_any()
                        } else {
                            view! { <a class="button secondary" href="/rooms">{tr(|t| t.all_rooms)}</a> }.into_any()
                        }}
                    </ErrorCard>
                }.into_any();
            }
            let (Some(r), true) = (room.get(), ready.get()) else {
                return view! { <Skeleton lines=1/><Skeleton lines=6/> }.into_any();
            };
            let seats = r.seats.clone().unwrap_or_default();
            if seats.is_empty() {
                return view! {
                    <h1 class="page-title">{r.name.clone()}</h1>
                    <EmptyCard id="map-empty" title=tr(|t| t.map_empty_title) body=tr(|t| t.map_empty_body)>
                        <a class="button secondary" href="/rooms">{tr(|t| t.all_rooms)}</a>
                    </EmptyCard>
                }.into_any();
            }
            let picker_seats = seats.clone();
            view! {
                <div class="room-head">
                    <h1 class="page-title" id="room-name">{r.name.clone()}</h1>
                    <p class="sub">{r.address.clone()}</p>
                </div>
                <section class="card map-card">
                    <p class="map-hint">{tr(|t| t.map_hint)}</p>
                    <SeatMap seats=seats states=states selected=selected/>
                </section>
                {move || selected.get().and_then(|i| picker_seats.get(i).cloned()).map(|seat| {
                    let seat_id = seat.id.clone();
                    let seat_state = Signal::derive(move || {
                        states.with(|s| s.get(&seat_id).cloned().unwrap_or(SeatNow::FREE))
                    });
                    view! {
                        <TimePicker room=r.clone() seat=seat seat_state=seat_state
                            on_close=move |()| selected.set(None)/>
                    }
                })}
            }.into_any()
        }}
    }
}
