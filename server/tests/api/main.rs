//! API tests: the real router on a real port over a fresh SQLite file, spoken to over HTTP.

mod helpers;

mod admin;
mod bad_input;
mod bookings;
mod doors;
mod erasure;
mod events;
mod login;
mod rooms;
mod sessions;
mod signup;
mod time_rules;
