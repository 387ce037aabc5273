//! studyroom's manager console, `/admin`: what a community worker needs at the station (laptop,
//! 1280 wide) or on the go (tablet, 820): the verification queue and people, the live board,
//! rooms and doors, statistics, the audit log. Its own wasm (built by Trunk into `dist/admin/`),
//! so no renter's phone downloads it; what it shares with the other apps is in `ui/`.
//!
//! Only the browser build has the UI; natively this crate compiles just its plain logic, so
//! `cargo test` checks that without compiling Leptos for the host.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod board;
mod i18n;
mod people;
mod seat_plan;
mod stats_view;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message in the browser console is for whoever develops the app; release builds
    // leave the hook (and the formatting it pulls in) out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // index.html paints a static shell while the wasm downloads; the app replaces it.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "studyroom's manager console runs in a browser: start the server with `cargo xtask run` and open /admin."
    );
}
