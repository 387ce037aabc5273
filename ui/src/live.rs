//! A room's live seat changes, from its server-sent event stream (`/api/rooms/{id}/events`, event
//! `seat`, data `{seat_id, state}`). After an error the browser's EventSource reconnects by
//! itself; each `open` (the first and every reconnect) calls `on_open`, so the page re-reads the
//! whole occupancy and whatever changed while the phone was in a tunnel is not left wrong. The
//! stream closes when the component that opened it goes away.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use studyroom_api::room::SeatStatus;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

/// Follows a room for as long as the current component lives.
pub fn follow_room(room_id: &str, on_seat: impl Fn(SeatStatus) + 'static, on_open: impl Fn() + 'static) {
    let Ok(source) = EventSource::new(&format!("/api/rooms/{room_id}/events")) else {
        return;
    };
    let seat = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        // A message this build cannot read (a newer server's) is skipped, not fatal.
        if let Some(status) = ev
            .data()
            .as_string()
            .and_then(|data| serde_json::from_str::<SeatStatus>(&data).ok())
        {
            on_seat(status);
        }
    });
    let open = Closure::<dyn Fn()>::new(on_open);
    let _ = source.add_event_listener_with_callback("seat", seat.as_ref().unchecked_ref());
    source.set_onopen(Some(open.as_ref().unchecked_ref()));
    // Cleanups must be Send; the browser objects are not, but they never leave this thread.
    let held = SendWrapper::new((source, seat, open));
    on_cleanup(move || {
        let (source, _seat, _open) = held.take();
        source.close();
    });
}
