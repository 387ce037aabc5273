//! Which of the phone app's pages a lighter build of its own also has. The server picks the
//! build a page is loaded with by these rules, and the build shows the page by the same rules: a
//! build sent a path it does not have loads the page again, so the two disagreeing would reload
//! for ever. Both read this one definition.

/// The visitor's build (`visitor/`: the welcome, login and signup pages), exactly as the browser's
/// address reads them: `//login` or `/login/` are not among them.
pub const VISITOR_PATHS: [&str; 3] = ["/", "/login", "/signup"];

/// The room whose seat map a path shows (`/rooms/{id}`, as the whole app's router reads
/// `/rooms/:id`), for the seat map's build (`room/`). `/rooms`, `/rooms/` and anything deeper
/// are not a seat map.
pub fn seat_map_room(path: &str) -> Option<&str> {
    path.strip_prefix("/rooms/")
        .filter(|id| !id.is_empty() && !id.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seat_map_is_one_room_under_rooms() {
        assert_eq!(seat_map_room("/rooms/r1"), Some("r1"));
        assert_eq!(seat_map_room("/rooms/8f3a-11"), Some("8f3a-11"));
        for other in [
            "/rooms",
            "/rooms/",
            "/rooms/r1/",
            "/rooms/r1/seats",
            "//rooms/r1",
            "/bookings/b1",
            "/",
        ] {
            assert_eq!(seat_map_room(other), None, "{other}");
        }
    }
}
