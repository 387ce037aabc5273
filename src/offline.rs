//! What still works without a signal: the live booking, with its code, is kept on the phone, so a
//! renter standing at the door in a dead spot can still read the code to the keypad. Only the one
//! live booking is kept, and it is forgotten when it ends, on logout and on erasure. (The code is
//! the owner's own, on the owner's phone; it opens nothing outside its window.) The app itself
//! loads offline through the service worker in `public/sw.js`.
//!
//! The top bar keeps its places offline too: the phone remembers who was signed in as one word
//! (manager, member, verified member: `frame::Who`), nothing about the person, forgotten as soon
//! as the server says nobody is signed in. And the offline banner says what still works here.

use crate::frame::{Place, Who};
use crate::state::{Clock, use_path, use_visitor_texts};
use leptos::prelude::*;
use studyroom_api::{BookingWithCode, User};

const KEY: &str = "studyroom.live_booking";
const WHO_KEY: &str = "studyroom.who";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Keeps a live booking that has a code; anything else makes the phone forget the kept one (if it
/// is this booking).
pub fn remember(b: &BookingWithCode) {
    let Some(s) = storage() else { return };
    if b.booking.state.is_live() && b.access_code.is_some() {
        if let Some(json) = ui::json::stringify(b) {
            let _ = s.set_item(KEY, &json);
        }
    } else if recall().is_some_and(|kept| kept.booking.id == b.booking.id) {
        forget();
    }
}

/// The kept booking, if any.
pub fn recall() -> Option<BookingWithCode> {
    let json = storage()?.get_item(KEY).ok().flatten()?;
    ui::json::parse(&json)
}

pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}

/// Remembers who is signed in (`None`: nobody, so forget).
pub fn remember_who(user: Option<&User>) {
    let Some(s) = storage() else { return };
    let _ = match user {
        Some(u) => s.set_item(WHO_KEY, Who::of(u).code()),
        None => s.remove_item(WHO_KEY),
    };
}

/// Who was signed in when the server last said.
pub fn recall_who() -> Option<Who> {
    Who::from_code(&storage()?.get_item(WHO_KEY).ok().flatten()?)
}

/// The kept booking, if it has not ended by `clock`.
pub fn recall_live(clock: Clock) -> Option<BookingWithCode> {
    recall().filter(|kept| kept.booking.end > clock.now())
}

/// What the offline banner says on the current page (see `Place::offline_note`).
pub fn banner_note() -> Signal<&'static str> {
    let clock = expect_context::<Clock>();
    note_for_page(move || recall_live(clock).is_some())
}

/// The same for the visitor's build: a phone nobody is signed in on keeps no booking.
#[cfg(feature = "visitor")]
pub fn visitor_banner_note() -> Signal<&'static str> {
    note_for_page(|| false)
}

fn note_for_page(kept_booking: impl Fn() -> bool + Send + Sync + 'static) -> Signal<&'static str> {
    let path = use_path();
    let t = use_visitor_texts();
    Signal::derive(move || {
        let place = path.with(|p| Place::of(p));
        place.offline_note(kept_booking(), t())
    })
}
