//! The visitor's build of the phone app (this crate with the `visitor` feature, built from
//! `visitor/` into `dist/visitor/`): the welcome, login and signup pages and nothing else. The
//! server serves it on `/`, `/login` and `/signup` to a browser without a session cookie, so that a
//! renter's first visit downloads those three pages, not the seat map, the picker and the booking.

use crate::components::top_bar::VisitorBar;
use crate::pages::{login::LoginPage, signup::SignupPage, welcome::Welcome};
use crate::state::{Auth, Locale};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use ui::components::offline_banner::OfflineBanner;
use ui::components::skeleton::Skeleton;

/// The visitor's three pages. Any other path this app is sent to (the rooms after a login, the
/// account after a signup) is loaded from the server as a page, which then serves the whole app.
#[component]
pub fn VisitorApp() -> impl IntoView {
    provide_context(Locale::init());
    // The server chose this build because the browser has no session: nobody to ask about.
    provide_context(Auth::signed_out());
    view! {
        <Router>
            <VisitorBar/>
            <OfflineBanner note=crate::offline::visitor_banner_note()/>
            <main class="page">
                <Routes fallback=Elsewhere>
                    <Route path=path!("/") view=Welcome/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/signup") view=SignupPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// A path the visitor's build does not have: the address bar already shows it, so loading it
/// from the server brings the whole app, which has it. (The server serves this build on the
/// visitor's three paths only, and this build has all three: a reload never comes back here.)
#[component]
fn Elsewhere() -> impl IntoView {
    let _ = window().location().reload();
    view! { <Skeleton/> }
}
