//! What two or more of studyroom's three web apps share (the renter's phone app, the manager
//! console at `/admin`, the door kiosk at `/door`; each its own wasm, so none downloads another's
//! screens): the one typed HTTP client, the compile-checked words, the state every app provides,
//! the components more than one app shows, and plain logic (times, seat-map geometry, presence
//! codes, QR) with native unit tests.
//!
//! Only the browser build has the UI; natively this crate compiles just its plain logic, so
//! `cargo test` checks that without compiling Leptos for the host.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

pub mod forms;
pub mod i18n;
pub mod presence;
pub mod qr;
pub mod seat_layout;
pub mod when;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod json;
#[cfg(target_arch = "wasm32")]
pub mod live;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod timer;
