//! studyroom's web app: phone-first, client-side rendered Leptos, built by Trunk into `dist/` and
//! embedded in the server binary.
//!
//! Only the browser build has the UI; natively this crate compiles just its plain logic (forms,
//! words, slots and times, seat-map geometry, the kiosk keypad, the door's presence code, the QR),
//! so `cargo test` can check that without compiling Leptos for the host.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod door_entry;
mod forms;
mod i18n;
mod presence;
mod qr;
mod seat_layout;
mod slots;
mod when;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod live;
#[cfg(target_arch = "wasm32")]
mod offline;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod scan;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // index.html paints a static shell while the wasm downloads; the app replaces it.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("studyroom's web app runs in a browser: start it with `cargo xtask run`.");
}
