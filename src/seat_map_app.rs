//! The seat map's build of the phone app (this crate with the `seat-map` feature, built from
//! `seat-map/` into `dist/seat-map/`): a room's seat map, with its time picker, and the frame
//! around it, nothing else. The server serves it when a page is loaded at `/rooms/{id}` (a link
//! shared, the code on the room's door scanned, a reload), so a member's first visit to a seat
//! map downloads that page, not the whole app. Every link on it (the booking just made, the
//! account, home) loads its page from the server, which serves the whole app; the service worker,
//! installed with a session, has fetched that app's files in the background by then.
//!
//! One page needs no router: its room is the address's, for as long as the page is open.
//!
//! The page's static shell names the room (the server writes its name and address in for someone
//! signed in) and stands, the app hidden behind it, until the map is drawn or cannot be: the room
//! is there from the first paint, and no skeleton flashes between the two.

use crate::components::status_follower::StatusFollower;
use crate::components::top_bar::TopBar;
use crate::pages::elsewhere::Elsewhere;
use crate::pages::room::RoomView;
use crate::state::{Here, pathname, provide_member_state, remove_shell, require_sign_in};
use leptos::prelude::*;
use studyroom_api::pages::seat_map_room;
use ui::components::offline_banner::OfflineBanner;

#[component]
pub fn SeatMapApp() -> impl IntoView {
    provide_member_state();
    let path = pathname();
    provide_context(Here(RwSignal::new(path.clone())));
    require_sign_in();
    let page = match seat_map_room(&path) {
        Some(id) => view! { <RoomView id=id.to_owned()/> }.into_any(),
        None => {
            remove_shell();
            view! { <Elsewhere/> }.into_any()
        }
    };
    view! {
        <TopBar/>
        <StatusFollower/>
        <OfflineBanner note=crate::offline::banner_note()/>
        <main class="page">{page}</main>
    }
}
