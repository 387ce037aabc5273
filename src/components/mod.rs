//! Reusable pieces of the screens, one component per file.

pub mod field;
pub mod offline_banner;
pub mod skeleton;
pub mod status_card;
pub mod top_bar;
