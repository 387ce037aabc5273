//! The kiosk's own pieces of its screen, one component per file.

pub mod keypad;
pub mod presence_card;
