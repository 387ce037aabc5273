//! The router: which page answers which path, inside the frame every page shares. (The visitor's
//! build has its own, in `visitor.rs`.)

use crate::components::status_follower::StatusFollower;
use crate::components::top_bar::TopBar;
use crate::pages::{
    account::AccountPage, booking::BookingPage, home::Home, login::LoginPage, not_found::NotFound,
    room::RoomPage, rooms::RoomsPage, signup::SignupPage,
};
use crate::state::provide_member_state;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use ui::components::offline_banner::OfflineBanner;

/// The whole phone app (`dist/app`): what the server serves to anyone signed in, and on every
/// path but the visitor's three to anyone.
#[component]
pub fn App() -> impl IntoView {
    provide_member_state();
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
