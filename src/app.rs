//! The router: which page answers which path, inside the frame every page shares.

use crate::components::offline_banner::OfflineBanner;
use crate::components::top_bar::TopBar;
use crate::pages::{
    account::AccountPage, home::Home, login::LoginPage, not_found::NotFound, queue::QueuePage,
    signup::SignupPage,
};
use crate::state::{Auth, Locale};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_context(Locale::init());
    provide_context(Auth::init());
    view! {
        <Router>
            <TopBar/>
            <OfflineBanner/>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/signup") view=SignupPage/>
                    <Route path=path!("/account") view=AccountPage/>
                    <Route path=path!("/admin") view=QueuePage/>
                </Routes>
            </main>
        </Router>
    }
}
