//! The pieces of the screens that more than one app shows, one component per file.

pub mod empty_card;
pub mod error_card;
pub mod field;
pub mod icon;
pub mod offline_banner;
pub mod qr_code;
pub mod skeleton;
