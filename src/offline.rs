//! What still works without a signal: the live booking, with its code, is kept on the phone, so a
//! renter standing at the door in a dead spot can still read the code to the keypad. Only the one
//! live booking is kept, and it is forgotten when it ends, on logout and on erasure. (The code is
//! the owner's own, on the owner's phone; it opens nothing outside its window.) The app itself
//! loads offline through the service worker in `public/sw.js`.

use leptos::prelude::window;
use studyroom_api::BookingWithCode;

const KEY: &str = "studyroom.live_booking";

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
