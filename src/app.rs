//! The router: which page answers which path, inside the frame every page shares. (The visitor's
//! build has its own, in `visitor.rs`.)

use crate::components::status_follower::StatusFollower;
use crate::components::top_bar::TopBar;
use crate::pages::{
    account::AccountPage, booking::BookingPage, home::Home, login::LoginPage, not_found::NotFound,
    room::RoomPage, rooms::RoomsPage, signup::SignupPage,
};
use crate::state::{Auth, Clock, LiveBooking, Locale};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use ui::components::offline_banner::OfflineBanner;

/// What every page of the whole app shares: the language, the person, the server's clock, the
/// live booking.
fn provide_state() {
    provide_context(Locale::init());
    let auth = Auth::init();
    let clock = Clock::init();
    provide_context(auth);
    provide_context(clock);
    provide_context(LiveBooking::init(auth, clock));
}

/// The whole phone app (`dist/app`): what the server serves to anyone signed in, and on every
/// path but the visitor's three to anyone.
#[component]
pub fn App() -> impl IntoView {
    provide_state();
    view! {
        <Router>
            <TopBar/>
            <StatusFollower/>
            <OfflineBanner note=crate::offline::banner_note()/>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/signup") view=SignupPage/>
                    <Route path=path!("/account") view=AccountPage/>
                    <Route path=path!("/rooms") view=RoomsPage/>
                    <Route path=path!("/rooms/:id") view=RoomPage/>
                    <Route path=path!("/bookings/:id") view=BookingPage/>
                </Routes>
            </main>
        </Router>
    }
}
