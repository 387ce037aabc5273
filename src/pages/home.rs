//! `/`: sends each person where they belong: a member with a live booking to that booking, a
//! verified member to the rooms (and, with one room, on to its seat map), a member still waiting
//! for verification to their account, managers to the console; a visitor reads what the room is
//! (see [`Welcome`]).

use crate::offline;
use crate::pages::welcome::Welcome;
use crate::state::{Auth, Clock, LiveBooking, use_texts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use studyroom_api::Role;
use ui::api;
use ui::components::error_card::ErrorCard;
use ui::components::skeleton::Skeleton;

#[component]
pub fn Home() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let clock = expect_context::<Clock>();
    let live = expect_context::<LiveBooking>();
    let navigate = use_navigate();
    // Answers that arrive after the person has gone elsewhere must not pull them back.
    let here = StoredValue::new(());
    Effect::new(move |_| {
        if !auth.checked.get() {
            return;
        }
        // No signal: the booking kept on the phone is what the renter needs (its code).
        if auth.unreachable.get() {
            if let Some(kept) = offline::recall().filter(|k| k.booking.end > clock.now()) {
                navigate(
                    &format!("/bookings/{}", kept.booking.id),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
            return;
        }
        let go = {
            let navigate = navigate.clone();
            move |target: &str| {
                navigate(
                    target,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                )
            }
        };
        match auth.user.with(|u| u.as_ref().map(|u| u.role)) {
            // The console is another wasm: a page load of its own, not a route of this app.
            Some(Role::Manager) => {
                let _ = window().location().replace("/admin");
            }
            // Asked here rather than read from `LiveBooking`, so a booking made on another device
            // (or before this login) is never skipped on the way.
            Some(Role::Member) if auth.is_verified_member() => spawn_local(async move {
                let target = match api::my_bookings().await {
                    Ok(list) => live.set_from(&list, clock).map(|id| format!("/bookings/{id}")),
                    Err(_) => None,
                };
                if here.try_get_value().is_some() {
                    // `/rooms` goes on to the seat map itself when there is only one room.
                    go(target.as_deref().unwrap_or("/rooms"));
                }
            }),
            Some(Role::Member) => go("/account"),
            // A visitor stays here and reads what the room is.
            None => {}
        }
    });
    let visitor = move || auth.checked.get() && !auth.unreachable.get() && auth.user.with(Option::is_none);
    // No signal and nothing kept on the phone: say so, rather than a skeleton that never ends.
    let stranded = move || auth.checked.get() && auth.unreachable.get();
    let t = use_texts();
    view! {
        <Show when=visitor fallback=move || view! {
            <Show when=stranded fallback=|| view! { <Skeleton/> }>
                <ErrorCard message=Signal::derive(move || t().common.err_network.to_owned())
                    on_retry=Callback::new(move |()| auth.refresh())/>
            </Show>
        }>
            <Welcome/>
        </Show>
    }
}
