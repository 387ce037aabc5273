//! One page per route of the console.

pub mod audit;
pub mod live;
pub mod not_found;
pub mod people;
pub mod person;
pub mod room;
pub mod rooms;
pub mod stats;
