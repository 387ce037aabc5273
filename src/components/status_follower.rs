//! Keeps a signed-in member's status fresh by itself: follows `/api/me/events` and asks for the
//! whole person again when the server says their status changed (a manager verified, rejected,
//! suspended or reinstated them) and after every reconnect, in case a change was missed. A phone
//! left on "waiting for verification" turns to "verified" without anyone tapping refresh.

use crate::state::Auth;
use leptos::prelude::*;
use studyroom_api::Role;
use ui::live::follow_one;

/// Mounted once, in the app's frame.
#[component]
pub fn StatusFollower() -> impl IntoView {
    let auth = expect_context::<Auth>();
    // One stream per signed-in member; a new person (or none) closes it.
    let member = Memo::new(move |_| {
        auth.user.with(|u| {
            u.as_ref()
                .filter(|u| u.role == Role::Member)
                .map(|u| u.id.clone())
        })
    });
    move || member.get().map(|_| view! { <Follow/> })
}

#[component]
fn Follow() -> impl IntoView {
    let auth = expect_context::<Auth>();
    // The first open follows the answer the app already has; only reconnects may have missed one.
    let opened = StoredValue::new(false);
    follow_one(
        "/api/me/events",
        "status",
        move |_| auth.refresh(),
        move || {
            if opened.get_value() {
                auth.refresh();
            }
            opened.set_value(true);
        },
    );
}
