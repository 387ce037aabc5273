//! Reusable pieces of the screens, one component per file.

pub mod access_code;
pub mod door_opener;
pub mod empty_card;
pub mod error_card;
pub mod field;
pub mod icon;
pub mod keypad;
pub mod offline_banner;
pub mod presence_card;
pub mod qr_code;
pub mod qr_scanner;
pub mod room_card;
pub mod seat_map;
pub mod seat_strip;
pub mod skeleton;
pub mod status_card;
pub mod time_picker;
pub mod top_bar;
