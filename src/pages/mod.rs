//! One page per route.

pub mod account;
pub mod booking;
pub mod elsewhere;
pub mod home;
pub mod login;
pub mod not_found;
pub mod room;
pub mod rooms;
pub mod signup;
pub mod welcome;
