//! One room on the rooms list: its name and address, how many seats are free now, and a small
//! strip of its seats that follows the room live.

use crate::components::seat_strip::SeatStrip;
use crate::i18n::fill;
use crate::state::use_texts;
use leptos::prelude::*;
use leptos::task::spawn_local;
use studyroom_api::room::SeatStatus;
use studyroom_api::{Room, SeatState};
use ui::api;
use ui::live::follow_room;

#[component]
pub fn RoomCard(
    room: Room,
    /// Follow the room's event stream. Each stream holds a connection open, and a browser allows
    /// only a few per server over HTTP/1.1: the list follows its first rooms and reads the rest once.
    live: bool,
) -> impl IntoView {
    let t = use_texts();
    let seats = RwSignal::new(None::<Vec<SeatStatus>>);
    let id = room.id.clone();
    let load = {
        let id = id.clone();
        move || {
            let id = id.clone();
            spawn_local(async move {
                if let Ok(o) = api::occupancy(&id).await {
                    seats.set(Some(o.seats));
                }
            });
        }
    };
    load();
    if live {
        let on_seat = move |change: SeatStatus| {
            seats.update(|list| {
                if let Some(s) = list.iter_mut().flatten().find(|s| s.seat_id == change.seat_id) {
                    s.state = change.state;
                    s.next_start = change.next_start;
                }
            });
        };
        follow_room(&id, on_seat, load);
    }
    let total = room.seats_total;
    let free = move || {
        seats.with(|s| match s {
            Some(list) => list.iter().filter(|s| s.state == SeatState::Free).count() as u32,
            None => room.seats_free,
        })
    };
    let strip = Signal::derive(move || seats.get().unwrap_or_default());
    view! {
        <a class="card room-card" id=format!("room-{id}") href=format!("/rooms/{id}")>
            <h2>{room.name}</h2>
            <p class="address">{room.address}</p>
            <p class="free-count">{move || fill(&fill(t().seats_free_now, free()), total)}</p>
            <SeatStrip seats=strip/>
        </a>
    }
}
