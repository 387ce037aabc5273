//! A room's live seat changes, from its server-sent event stream (`/api/rooms/{id}/events`, event
//! `seat`, data `{seat_id, state}`). After an error the browser's EventSource reconnects by
//! itself; each `open` (the first and every reconnect) calls `on_open`, so the page re-reads the
//! whole occupancy and whatever changed while the phone was in a tunnel is not left wrong. The
//! stream closes when the component that opened it goes away, and while its page is hidden in the
//! browser's back/forward cache (see [`open_while_shown`]). [`follow`] does the same for any
//! stream and also says when it drops and comes back (the manager console shows it).

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;
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
    let listener = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(data) = ev.data().as_string() {
            on_data(data);
        }
    });
    let open = Closure::<dyn Fn()>::new(on_open);
    let name = name.to_owned();
    open_while_shown(url, move |source| {
        let _ = source.add_event_listener_with_callback(&name, listener.as_ref().unchecked_ref());
        source.set_onopen(Some(open.as_ref().unchecked_ref()));
    });
}

/// Keeps an event stream for `url` open while the page is shown, for as long as the current
/// component lives; `attach` sets a new stream's listeners. A page left for another (`pagehide`)
/// closes it: the browser may keep the page in its back/forward cache, and a stream held there
/// would keep one of the few connections the browser opens to one server (six on HTTP/1.1) from
/// the page in front. When the page comes back (`pageshow`) a new stream opens, and its `open`
/// event tells the page to read again what changed meanwhile. Returns false when the browser
/// refused the stream.
fn open_while_shown(url: &str, attach: impl Fn(&EventSource) + 'static) -> bool {
    let Ok(first) = EventSource::new(url) else {
        return false;
    };
    attach(&first);
    let current = Rc::new(RefCell::new(Some(first)));
    let hide = {
        let current = Rc::clone(&current);
        Closure::<dyn Fn()>::new(move || {
            if let Some(source) = current.borrow_mut().take() {
                source.close();
            }
        })
    };
    let show = {
        let (current, url) = (Rc::clone(&current), url.to_owned());
        Closure::<dyn Fn()>::new(move || {
            // Also fired on the first load, when the stream is already open.
            let closed = current.borrow().is_none();
            if closed && let Ok(source) = EventSource::new(&url) {
                attach(&source);
                *current.borrow_mut() = Some(source);
            }
        })
    };
    let window = web_sys::window().expect("a browser window");
    let _ = window.add_event_listener_with_callback("pagehide", hide.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("pageshow", show.as_ref().unchecked_ref());
    // Cleanups must be Send; the browser objects are not, but they never leave this thread.
    let held = SendWrapper::new((window, current, hide, show));
    on_cleanup(move || {
        let (window, current, hide, show) = held.take();
        let _ = window.remove_event_listener_with_callback("pagehide", hide.as_ref().unchecked_ref());
        let _ = window.remove_event_listener_with_callback("pageshow", show.as_ref().unchecked_ref());
        if let Some(source) = current.borrow_mut().take() {
            source.close();
        }
    });
    true
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
    link.set(Link::Connecting);
    let on_event = Rc::new(on_event);
    let listeners: Vec<_> = names
        .iter()
        .map(|name| {
            let (event, on_event) = (name.to_string(), on_event.clone());
            let listener = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
                if let Some(data) = ev.data().as_string() {
                    on_event(&event, data);
                }
            });
            (name.to_string(), listener)
        })
        .collect();
    let open = Closure::<dyn Fn()>::new(move || {
        link.try_set(Link::Open);
    });
    // The stream the error is about: the one open now (a page back from the cache has a new one).
    let error = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        // CLOSED (2): the browser gave up; otherwise it is reconnecting by itself.
        let closed = ev
            .target()
            .and_then(|t| t.dyn_into::<EventSource>().ok())
            .is_some_and(|s| s.ready_state() == 2);
        link.try_set(if closed { Link::Closed } else { Link::Reconnecting });
    });
    let opened = open_while_shown(url, move |source| {
        for (name, listener) in &listeners {
            let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        source.set_onopen(Some(open.as_ref().unchecked_ref()));
        source.set_onerror(Some(error.as_ref().unchecked_ref()));
    });
    if !opened {
        link.set(Link::Closed);
    }
}
