//! The visitor's build of the phone app (this crate with the `visitor` feature, built from
//! `visitor/` into `dist/visitor/`): the welcome, login and signup pages and nothing else. The
//! server serves it on `/`, `/login` and `/signup` to a browser without a session cookie, so that a
//! renter's first visit downloads those three pages, not the seat map, the picker and the booking.
//!
//! Three pages need no router: this build follows the address itself (`state::Here`), moving between
//! its pages in place on a link's click and on Back and Forward. Leaving leptos_router out is
//! about a tenth of this build's wasm (BENCHMARKS.md).

use crate::components::top_bar::VisitorBar;
use crate::pages::elsewhere::Elsewhere;
use crate::pages::{login::LoginPage, signup::SignupPage, welcome::Welcome};
use crate::state::{Auth, Here, Locale, pathname};
use leptos::ev;
use leptos::prelude::*;
use studyroom_api::pages::VISITOR_PATHS;
use ui::components::offline_banner::OfflineBanner;
use wasm_bindgen::{JsCast, JsValue};

/// The visitor's three pages. Any other path (the rooms after a login, the account after a
/// signup, the console) is loaded from the server as a page, which then serves the whole app.
#[component]
pub fn VisitorApp() -> impl IntoView {
    provide_context(Locale::init());
    // The server chose this build because the browser has no session: nobody to ask about.
    provide_context(Auth::signed_out());
    let here = RwSignal::new(pathname());
    provide_context(Here(here));
    follow_links_in_place(here);
    let page = move || match here.read().as_str() {
        "/" => view! { <Welcome/> }.into_any(),
        "/login" => view! { <LoginPage/> }.into_any(),
        "/signup" => view! { <SignupPage/> }.into_any(),
        _ => view! { <Elsewhere/> }.into_any(),
    };
    view! {
        <VisitorBar/>
        <OfflineBanner note=crate::offline::visitor_banner_note()/>
        <main class="page">{page}</main>
    }
}

/// Whether this build has the page at `path`: the rule the server serves this build by.
fn is_ours(path: &str) -> bool {
    VISITOR_PATHS.contains(&path)
}

/// A plain click on a link to one of this build's pages shows that page in place and adds it to
/// the history, as a router would; Back and Forward show the page of the address they go to.
/// Every other click (another page, a new tab, a modifier key, a download) is the browser's.
fn follow_links_in_place(here: RwSignal<String>) {
    window_event_listener(ev::click, move |ev| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.shift_key()
        {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        if !is_ours(&href) || link.has_attribute("target") || link.has_attribute("download") {
            return;
        }
        ev.prevent_default();
        if here.with_untracked(|path| *path == href) {
            return;
        }
        let _ = window()
            .history()
            .and_then(|history| history.push_state_with_url(&JsValue::NULL, "", Some(&href)));
        window().scroll_to_with_x_and_y(0.0, 0.0);
        here.set(href);
    });
    window_event_listener(ev::popstate, move |_| here.set(pathname()));
}
