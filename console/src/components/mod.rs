//! The console's own pieces of its screens, one component per file (shared ones are in `ui`).

pub mod console_bar;
pub mod login_form;
pub mod room_board;
