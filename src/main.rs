//! studyroom's phone app for renters: client-side rendered Leptos, built by Trunk into `dist/app/`
//! and embedded in the server binary. The manager console (`console/`, at `/admin`) and the door
//! kiosk (`kiosk/`, at `/door`) are wasm bundles of their own, so a renter downloads neither; what
//! the three share is in `ui/`. Built with the `visitor` feature (`visitor/`, into `dist/visitor/`)
//! it is the visitor's pages alone: what a first visit to `/`, `/login` or `/signup` downloads;
//! with the `seat-map` feature (`seat-map/`, into `dist/seat-map/`), a room's seat map alone: what
//! loading `/rooms/{id}` downloads.
//!
//! Only the browser build has the UI; natively this crate compiles just its plain logic (words,
//! slots, who may book), so `cargo test` can check that without compiling Leptos for the host.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
// The visitor's and the seat map's builds leave most pages out: their code is compiled but never
// linked.
#![cfg_attr(feature = "without-router", allow(dead_code, unused_imports))]

mod frame;
mod i18n;
mod slots;
mod standing;

#[cfg(all(target_arch = "wasm32", not(feature = "without-router")))]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod offline;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod scan;
#[cfg(all(target_arch = "wasm32", feature = "seat-map"))]
mod seat_map_app;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(all(target_arch = "wasm32", feature = "visitor"))]
mod visitor;

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message in the browser console is for whoever develops the app; release builds
    // leave the hook (and the formatting it pulls in) out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // index.html paints a static shell while the wasm downloads; the app replaces it at once, but
    // for the seat map's, whose shell names the room and stands until the map is drawn
    // (`pages::room`).
    #[cfg(not(feature = "seat-map"))]
    state::remove_shell();
    #[cfg(not(feature = "without-router"))]
    leptos::mount::mount_to_body(app::App);
    #[cfg(feature = "visitor")]
    leptos::mount::mount_to_body(visitor::VisitorApp);
    #[cfg(feature = "seat-map")]
    leptos::mount::mount_to_body(seat_map_app::SeatMapApp);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("studyroom's web app runs in a browser: start it with `cargo xtask run`.");
}
