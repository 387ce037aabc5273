//! The bar on every page: the app's name (home), the signed-in person's places (their live
//! booking first, when there is one), the language switch. A manager also gets the way to the
//! console, which is another wasm: the link loads it as a page of its own (`rel="external"`), not
//! as a route of this app.
//!
//! Without a signal the server cannot say who is signed in, so the bar offers the places of the
//! person the phone last knew (`offline::recall_who`) and the booking kept on the phone: an
//! offline reload keeps its links. It also keeps the tab's title on the page and the language.

use crate::frame::{Place, Who};
use crate::offline;
use crate::state::{Auth, Clock, LiveBooking, Locale, map_tr, use_path, use_visitor_texts, visitor_tr};
use leptos::prelude::*;

#[component]
pub fn TopBar() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let clock = expect_context::<Clock>();
    let live = expect_context::<LiveBooking>();
    follow_title();

    // Keep who is signed in for a reload without a signal; forget it once the server says nobody is.
    Effect::new(move |_| {
        if auth.checked.get() && !auth.unreachable.get() {
            auth.user.with(|u| offline::remember_who(u.as_ref()));
        }
    });
    let offline = move || auth.unreachable.get() && auth.user.with(Option::is_none);
    let who = Memo::new(move |_| {
        auth.user
            .with(|u| u.as_ref().map(Who::of))
            .or_else(|| offline().then(offline::recall_who).flatten())
    });
    let booking_href = move || {
        live.booking
            .with(|b| b.as_ref().map(|b| b.id.clone()))
            .or_else(|| {
                offline()
                    .then(|| offline::recall_live(clock).map(|k| k.booking.id))
                    .flatten()
            })
            .map(|id| format!("/bookings/{id}"))
    };
    view! {
        <header class="top-bar">
            <a class="brand" href="/">{map_tr(|t| t.app_name)}</a>
            <nav>
                <Show when=move || who.get() == Some(Who::Manager)>
                    <a href="/admin" rel="external" id="nav-queue">{map_tr(|t| t.nav_console)}</a>
                </Show>
                {move || match booking_href() {
                    Some(href) => view! {
                        <a href=href id="nav-booking" class="nav-booking">{map_tr(|t| t.nav_booking)}</a>
                    }.into_any(),
                    None if who.get() == Some(Who::VerifiedMember) => view! {
                        <a href="/rooms" id="nav-rooms">{map_tr(|t| t.nav_rooms)}</a>
                    }.into_any(),
                    None => ().into_any(),
                }}
                <Show when=move || who.with(Option::is_some)>
                    <a href="/account" id="nav-account">{map_tr(|t| t.nav_account)}</a>
                </Show>
                <LangSwitch/>
            </nav>
        </header>
    }
}

/// The bar of the visitor's build (`VisitorApp`), where nobody is signed in: the app's name and the
/// language switch.
#[cfg(feature = "visitor")]
#[component]
pub fn VisitorBar() -> impl IntoView {
    follow_title();
    view! {
        <header class="top-bar">
            <a class="brand" href="/">{visitor_tr(|t| t.app_name)}</a>
            <nav><LangSwitch/></nav>
        </header>
    }
}

/// The tab's title follows the page and the language.
fn follow_title() {
    let t = use_visitor_texts();
    let path = use_path();
    Effect::new(move |_| {
        let title = path.with(|p| Place::of(p)).title(t());
        document().set_title(&title);
    });
}

/// The switch names the other language in that language, and says so to a screen reader.
#[component]
fn LangSwitch() -> impl IntoView {
    let Locale(lang) = expect_context::<Locale>();
    view! {
        <button class="lang" id="lang-switch" lang=move || lang.get().other().code()
            on:click=move |_| lang.update(|l| *l = l.other())>
            {visitor_tr(|t| t.other_language)}
        </button>
    }
}
