//! Keeps a signed-in member's status fresh by itself: follows `/api/me/events` and asks for the
//! whole person again when the server says their status changed (a manager verified, rejected,
//! suspended or reinstated them) and after every reconnect, in case a change was missed. A phone
//! left on "waiting for verification" turns to "verified" without anyone tapping refresh.

use crate::state::Auth;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use studyroom_api::{Role, UserStatus};
use ui::live::follow_one;

/// Mounted once, in the app's frame.
#[component]
pub fn StatusFollower() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let path = use_location().pathname;
    // One stream while it matters: while a member waits (pending, rejected, suspended) wherever
    // they are, and on their account page whatever their status (a suspension shows at once).
    // Not for a verified member elsewhere: a phone on plain HTTP/1.1 has six connections to the
    // server, and the map already holds one. A new person (or none) closes it.
    let member = Memo::new(move |_| {
        let on_account = path.with(|p| p.starts_with("/account"));
        auth.user.with(|u| {
            u.as_ref()
                .filter(|u| u.role == Role::Member && (u.status != UserStatus::Verified || on_account))
                .map(|u| u.id.clone())
        })
    });
    move || member.get().map(|_| view! { <Follow/> })
}

#[component]
fn Follow() -> impl IntoView {
    let auth = expect_context::<Auth>();
    // The first open follows the answer the app already has; only reconnects may have missed one.
    // A plain cell, not a reactive value: the browser may report an open after this component is
    // gone, and a disposed reactive value would panic (and a panic stops the whole app).
    let opened = std::rc::Rc::new(std::cell::Cell::new(false));
    follow_one(
        "/api/me/events",
        "status",
        move |_| auth.refresh(),
        move || {
            if opened.replace(true) {
                auth.refresh();
            }
        },
    );
}
