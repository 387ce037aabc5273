//! End-to-end tests: the real server (with the web app embedded by `cargo xtask test`) and headless
//! Chromium at phone size, in Chinese, driven through ChromeDriver. Screenshots go to
//! `target/screenshots/` to be looked at. `serving` checks how the embedded app is served.

mod harness;

mod account;
mod booking_loop;
mod booking_polish;
mod console_audit;
mod console_live;
mod console_people;
mod console_rooms;
mod console_stats;
mod door;
mod live_streams;
mod narrow;
mod offline;
mod seat_map_build;
mod serving;
mod signup_and_verification;
mod waiting;
