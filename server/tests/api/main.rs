//! API tests: the real router on a real port over a fresh SQLite file, spoken to over HTTP.

mod helpers;

mod admin;
mod bad_input;
mod erasure;
mod login;
mod sessions;
mod signup;
