//! The bar on every page: the app's name (home), the signed-in person's places (their live
//! booking first, when there is one), the language switch. On the door kiosk the name leads
//! nowhere: a passer-by tapping it would take the door's screen away to the login page.

use crate::state::{Auth, LiveBooking, Locale, tr};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use studyroom_api::Role;

#[component]
pub fn TopBar() -> impl IntoView {
    let Locale(lang) = expect_context::<Locale>();
    let auth = expect_context::<Auth>();
    let live = expect_context::<LiveBooking>();
    let pathname = use_location().pathname;
    let at_door = move || pathname.with(|p| p == "/door");
    let is_manager = move || {
        auth.user
            .with(|u| u.as_ref().is_some_and(|u| u.role == Role::Manager))
    };
    let booking_href = move || {
        live.booking
            .with(|b| b.as_ref().map(|b| format!("/bookings/{}", b.id)))
    };
    view! {
        <header class="top-bar">
            <Show when=at_door fallback=|| view! { <a class="brand" href="/">{tr(|t| t.app_name)}</a> }>
                <span class="brand">{tr(|t| t.app_name)}</span>
            </Show>
            <nav>
                <Show when=is_manager>
                    <a href="/admin" id="nav-queue">{tr(|t| t.nav_queue)}</a>
                </Show>
                {move || match booking_href() {
                    Some(href) => view! {
                        <a href=href id="nav-booking" class="nav-booking">{tr(|t| t.nav_booking)}</a>
                    }.into_any(),
                    None if auth.is_verified_member() => view! {
                        <a href="/rooms" id="nav-rooms">{tr(|t| t.nav_rooms)}</a>
                    }.into_any(),
                    None => ().into_any(),
                }}
                <Show when=move || auth.user.with(Option::is_some)>
                    <a href="/account" id="nav-account">{tr(|t| t.nav_account)}</a>
                </Show>
                <button class="lang" id="lang-switch" on:click=move |_| lang.update(|l| *l = l.other())>
                    {tr(|t| t.other_language)}
                </button>
            </nav>
        </header>
    }
}
