//! The console's own pieces of its screens, one component per file (shared ones are in `ui`).

pub mod appeals;
pub mod console_bar;
pub mod doors;
pub mod login_form;
pub mod person_search;
pub mod queue;
pub mod room_board;
pub mod seat_editor;
