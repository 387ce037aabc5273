//! The bar on every page: the app's name (home), the signed-in person's places (their live
//! booking first, when there is one), the language switch. A manager also gets the way to the
//! console, which is another wasm: the link loads it as a page of its own (`rel="external"`), not
//! as a route of this app.

use crate::state::{Auth, LiveBooking, Locale, tr};
use leptos::prelude::*;

#[component]
pub fn TopBar() -> impl IntoView {
    let Locale(lang) = expect_context::<Locale>();
    let auth = expect_context::<Auth>();
    let live = expect_context::<LiveBooking>();
    let booking_href = move || {
        live.booking
            .with(|b| b.as_ref().map(|b| format!("/bookings/{}", b.id)))
    };
    view! {
        <header class="top-bar">
            <a class="brand" href="/">{tr(|t| t.app_name)}</a>
            <nav>
                <Show when=move || auth.is_manager()>
                    <a href="/admin" rel="external" id="nav-queue">{tr(|t| t.nav_console)}</a>
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
