//! A room's live seat changes, from its server-sent event stream (`/api/rooms/{id}/events`, event
//! `seat`, data `{seat_id, state}`). After an error the browser's EventSource reconnects by
//! itself; each `open` (the first and every reconnect) calls `on_open`, so the page re-reads the
//! whole occupancy and whatever changed while the phone was in a tunnel is not left wrong. The
//! stream closes when the component that opened it goes away. [`follow`] does the same for any
//! stream and also says when it drops and comes back (the manager console shows it).

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use studyroom_api::room::SeatStatus;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

/// Follows a room for as long as the current component lives.
pub fn follow_room(room_id: &str, on_seat: impl Fn(SeatStatus) + 'static, on_open: impl Fn() + 'static) {
    follow_one(
        &format!("/api/rooms/{room_id}/events"),
        "seat",
        move |data| {
            // A message this build cannot read (a newer server's) is skipped, not fatal.
            if let Some(status) = crate::json::parse::<SeatStatus>(&data) {
                on_seat(status);
            }
        },
        on_open,
    );
}

/// Follows one named event of the stream at `url` for as long as the current component lives:
/// `on_data` gets each event's data, `on_open` runs on the first open and on every reconnect.
pub fn follow_one(url: &str, name: &str, on_data: impl Fn(String) + 'static, on_open: impl Fn() + 'static) {
    let Ok(source) = EventSource::new(url) else {
        return;
    };
    let listener = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(data) = ev.data().as_string() {
            on_data(data);
        }
    });
    let open = Closure::<dyn Fn()>::new(on_open);
    let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    source.set_onopen(Some(open.as_ref().unchecked_ref()));
    // Cleanups must be Send; the browser objects are not, but they never leave this thread.
    let held = SendWrapper::new((source, listener, open));
    on_cleanup(move || {
        let (source, _listener, _open) = held.take();
        source.close();
    });
}

/// What a stream followed with [`follow`] is doing, for the screen to say.
#[cfg(feature = "console")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Not open yet.
    Connecting,
    Open,
    /// Dropped; the browser is trying again by itself.
    Reconnecting,
    /// Dropped for good (the server refused it, say a session that ended): [`follow`]'s caller
    /// decides whether to open a new one.
    Closed,
}

#[cfg(feature = "console")]
/// Follows any of the server's event streams (`url`) for as long as the current component lives:
/// `on_event` gets each named event's data (`names`), and `link` says how the stream stands. Every
/// `Open` after the first means changes may have been missed: re-read what the stream keeps fresh.
pub fn follow(url: &str, names: &[&str], on_event: impl Fn(&str, String) + 'static, link: RwSignal<Link>) {
    let Ok(source) = EventSource::new(url) else {
        link.set(Link::Closed);
        return;
    };
    link.set(Link::Connecting);
    let on_event = std::rc::Rc::new(on_event);
    let listeners: Vec<_> = names
        .iter()
        .map(|name| {
            let (event, on_event) = (name.to_string(), on_event.clone());
            let listener = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
                if let Some(data) = ev.data().as_string() {
                    on_event(&event, data);
                }
            });
            let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listener
        })
        .collect();
    let open = Closure::<dyn Fn()>::new(move || {
        link.try_set(Link::Open);
    });
    let weak = source.clone();
    let error = Closure::<dyn Fn()>::new(move || {
        // CLOSED (2): the browser gave up; otherwise it is reconnecting by itself.
        let state = if weak.ready_state() == 2 {
            Link::Closed
        } else {
            Link::Reconnecting
        };
        link.try_set(state);
    });
    source.set_onopen(Some(open.as_ref().unchecked_ref()));
    source.set_onerror(Some(error.as_ref().unchecked_ref()));
    let held = SendWrapper::new((source, listeners, open, error));
    on_cleanup(move || {
        let (source, _listeners, _open, _error) = held.take();
        source.set_onerror(None);
        source.close();
    });
}
