//! Keeps a signed-in member's status fresh by itself: follows `/api/me/events` and asks for the
//! whole person again when the server says their status changed (a manager verified, rejected,
//! suspended or reinstated them) and after every reconnect, in case a change was missed. A phone
//! left on "waiting for verification" turns to "verified" without anyone tapping refresh.

use crate::state::Auth;
use leptos::prelude::*;
use studyroom_api::{Role, UserStatus};
use ui::live::follow_one;

/// Mounted once, in the app's frame.
#[component]
pub fn StatusFollower() -> impl IntoView {
    let auth = expect_context::<Auth>();
    // One stream while a member waits (pending, rejected, suspended), wherever they are. None for
    // a verified member, whose account page asks again on arrival and on focus instead: with a
    // stream open there, Chromium on plain HTTP/1.1 was seen holding the page's other requests
    // (a log out) back for seconds, and a verified member rarely waits for news. A new person (or
    // none) closes it.
    let member = Memo::new(move |_| {
        auth.user.with(|u| {
            u.as_ref()
                .filter(|u| u.role == Role::Member && u.status != UserStatus::Verified)
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
