//! The phone's own pieces of its screens, one component per file (shared ones are in `ui`).

pub mod access_code;
pub mod booking_gate;
pub mod door_opener;
pub mod id_number_field;
pub mod lazy_time_picker;
pub mod my_booking_card;
pub mod qr_scanner;
pub mod reapply_form;
pub mod room_card;
pub mod seat_map;
pub mod seat_strip;
pub mod status_card;
pub mod status_follower;
pub mod time_picker;
pub mod top_bar;
pub mod verification_places;
pub mod violation_list;
