//! `/rooms/:id`: the seat map of one room, live, and the time picker for the seat tapped. Above
//! the map, what stands in the way of booking: a card for someone who may not book (pending,
//! rejected, suspended: why and until when, and seats that do not open a picker), or for someone
//! who already has a booking (which seat and when, a link to it; their seat marked on the map,
//! their booked times marked in the picker).

use crate::components::booking_gate::{BookingGate, GATE_ID};
use crate::components::lazy_time_picker::{self, LazyTimePicker};
use crate::components::my_booking_card::MyBookingCard;
use crate::components::seat_map::SeatMap;
use crate::slots::{self, room_offset};
use crate::standing::{Standing, standing};
use crate::state::{Auth, Clock, LiveBooking, map_tr, remove_shell, require_sign_in, use_map_texts, use_now};
use leptos::prelude::*;
use leptos::task::spawn_local;
#[cfg(not(feature = "without-router"))]
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;
use std::time::Duration;
use studyroom_api::room::Occupancy;
use studyroom_api::{ErrorCode, Room};
use ui::api::{self, ApiError};
use ui::components::empty_card::EmptyCard;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;
use ui::live::follow_room;
use ui::seat_layout::SeatNow;

#[cfg(not(feature = "without-router"))]
#[component]
pub fn RoomPage() -> impl IntoView {
    require_sign_in();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // A new id is a new room: start afresh (and close the old room's stream).
    move || view! { <RoomView id=id.get()/> }
}

/// The seat map of the room `id`: the seat map's build shows one, named by its address.
#[component]
pub fn RoomView(id: String) -> impl IntoView {
    let t = use_map_texts();
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
    // Bumped whenever the server's clock is learnt again, so "today" follows it at once.
    let synced = RwSignal::new(0u32);
    let apply = move |o: Occupancy| {
        clock.sync(o.at);
        synced.update(|n| *n += 1);
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
    // The room and who sits where, asked at once: on a weak signal each round trip is what the
    // map waits for. The seats' states are read on the room's clock, so the room goes first.
    let load = {
        let id = id.clone();
        move || {
            error.set(None);
            let id = id.clone();
            spawn_local(async move {
                match futures::future::join(api::room(&id), api::occupancy(&id)).await {
                    (Ok(r), Ok(o)) => {
                        room.set(Some(r));
                        apply(o);
                    }
                    (Err(e), _) | (_, Err(e)) => {
                        auth.note(&e);
                        error.set(Some(e));
                    }
                }
            });
        }
    };
    load();

    // The room's clock (for "today" and a suspension's end), once the room is known.
    let tick = use_now(Duration::from_secs(30));
    let room_now = Memo::new(move |_| {
        tick.track();
        synced.track();
        let now = clock.now();
        match room.with(|r| r.as_ref().map(|r| room_offset(&r.utc_offset))) {
            Some(o) => now.with_timezone(&o),
            None => now.fixed_offset(),
        }
    });
    let today = Memo::new(move |_| room_now.get().date_naive());
    // May this person book at all? Unknown until the server has said who is signed in.
    let standing_now = Memo::new(move |_| {
        auth.user
            .with(|u| u.as_ref().map(|u| standing(u, room_now.get())))
    });
    let bookable = Signal::derive(move || standing_now.get() == Some(Standing::MayBook));
    // Their own bookings: the live one is shown above the map and marked on it, and the times of
    // all live ones are marked in the picker (the server refuses a second booking at once). The
    // frame's live booking asks for them; asked again for every map, so they are fresh.
    let live = expect_context::<LiveBooking>();
    Effect::new(move |_| {
        if bookable.get() {
            live.refresh(clock);
        }
    });
    let bookings_in = move || live.list.with(Option::is_some);
    // The map is first drawn once what shows above it is known too (why someone may not book, the
    // booking they have, the hint): drawn later, each would push the map down under a thumb. The
    // page asks for all of it at once (the server's preload), so this waits for no round trip of
    // its own. Once drawn it stays: later changes are shown in place.
    let drawn = RwSignal::new(false);
    Effect::new(move |_| {
        if !drawn.get_untracked() && ready.get() && auth.checked.get() && (!bookable.get() || bookings_in()) {
            drawn.set(true);
        }
    });
    // Once the map is drawn for someone who may book, the picker comes down while they choose a
    // seat (in the seat map's build it is fetched apart from the map).
    let picker_asked = StoredValue::new(false);
    Effect::new(move |_| {
        if ready.get() && bookable.get() && !picker_asked.get_value() {
            picker_asked.set_value(true);
            lazy_time_picker::preload();
        }
    });
    let my_live = Memo::new(move |_| {
        live.list
            .with(|list| ui::when::live_booking(list.as_deref().unwrap_or_default(), room_now.get()).cloned())
    });
    let room_id = id.clone();
    let my_seat = Signal::derive(move || {
        my_live.with(|b| {
            b.as_ref()
                .filter(|b| b.room_id == room_id)
                .map(|b| b.seat_id.clone())
        })
    });
    let mine = Signal::derive(move || {
        live.list
            .with(|list| slots::mine_of(list.as_deref().unwrap_or_default(), room_now.get()))
    });
    // A tap on a seat by someone who may not book brings the reason back into view.
    let show_gate = move |()| {
        if let Some(card) = document().get_element_by_id(GATE_ID) {
            card.scroll_into_view();
            if let Ok(card) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(card) {
                let _ = card.focus();
            }
        }
    };

    // The seat map's build keeps its page's shell (which names the room) until the map is drawn
    // or cannot be; elsewhere it is gone already.
    Effect::new(move |_| {
        if error.with(Option::is_some) || (drawn.get() && room.with(Option::is_some)) {
            remove_shell();
        }
    });

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

    view! {
        {move || {
            if let Some(e) = error.get() {
                let to_account = e.is(ErrorCode::NotVerified) || e.is(ErrorCode::Suspended);
                let retry = load.clone();
                return view! {
                    <ErrorCard message=e.text(t()) on_retry=move |()| retry()>
                        {if to_account {
                            view! { <a class="button secondary" href="/account">{map_tr(|t| t.to_account)}</a> }.into_any()
                        } else {
                            view! { <a class="button secondary" href="/rooms">{map_tr(|t| t.all_rooms)}</a> }.into_any()
                        }}
                    </ErrorCard>
                }.into_any();
            }
            let (Some(r), true) = (room.get(), drawn.get()) else {
                return view! { <Skeleton lines=1/><Skeleton lines=6/> }.into_any();
            };
            let seats = r.seats.clone().unwrap_or_default();
            if seats.is_empty() {
                return view! {
                    <h1 class="page-title">{r.name.clone()}</h1>
                    <EmptyCard id="map-empty" title=map_tr(|t| t.map_empty_title) body=map_tr(|t| t.map_empty_body)>
                        <a class="button secondary" href="/rooms">{map_tr(|t| t.all_rooms)}</a>
                    </EmptyCard>
                }.into_any();
            }
            let picker_seats = seats.clone();
            view! {
                <div class="room-head">
                    <h1 class="page-title" id="room-name">{r.name.clone()}</h1>
                    <p class="sub">{r.address.clone()}</p>
                </div>
                {move || match standing_now.get() {
                    Some(Standing::MayBook) | None => None,
                    Some(s) => {
                        let s = match s {
                            // Told on the room's clock.
                            Standing::Suspended(until) => Standing::Suspended(
                                until.map(|u| u.with_timezone(room_now.get_untracked().offset())),
                            ),
                            s => s,
                        };
                        Some(view! { <BookingGate standing=s today=today/> })
                    }
                }}
                {move || my_live.get().map(|b| view! { <MyBookingCard booking=b today=today/> })}
                <section class="card map-card">
                    <Show when=move || bookable.get()>
                        <p class="map-hint">
                            {move || if my_live.with(Option::is_some) { t().map_hint_more } else { t().map_hint }}
                        </p>
                    </Show>
                    <SeatMap seats=seats states=states selected=selected mine=my_seat bookable=bookable
                        on_blocked=show_gate/>
                </section>
                {move || selected.get().filter(|_| bookable.get()).and_then(|i| picker_seats.get(i).cloned()).map(|seat| {
                    let seat_id = seat.id.clone();
                    let seat_state = Signal::derive(move || {
                        states.with(|s| s.get(&seat_id).cloned().unwrap_or(SeatNow::FREE))
                    });
                    view! {
                        <LazyTimePicker room=r.clone() seat=seat seat_state=seat_state mine=mine
                            on_close=move |()| selected.set(None)/>
                    }
                })}
            }.into_any()
        }}
    }
}
