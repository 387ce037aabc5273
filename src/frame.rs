//! What the frame around every page says and offers, as plain functions tested natively: which
//! page a path is, the tab's title for it, what the offline banner says still works there, and
//! which places the top bar offers to whom (also offline, from what the phone remembers).

use crate::i18n::VisitorTexts;
use studyroom_api::{Role, User, UserStatus};

/// The pages of the phone app, as the router knows them (`app.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Home,
    Login,
    Signup,
    Account,
    Rooms,
    Room,
    Booking,
    Unknown,
}

impl Place {
    pub fn of(path: &str) -> Self {
        let mut parts = path.trim_matches('/').split('/');
        match (parts.next().unwrap_or(""), parts.next(), parts.next()) {
            ("", None, _) => Place::Home,
            ("login", None, _) => Place::Login,
            ("signup", None, _) => Place::Signup,
            ("account", None, _) => Place::Account,
            ("rooms", None, _) => Place::Rooms,
            ("rooms", Some(id), None) if !id.is_empty() => Place::Room,
            ("bookings", Some(id), None) if !id.is_empty() => Place::Booking,
            _ => Place::Unknown,
        }
    }

    /// The tab's title: the page, then the app (`登录 · 社区自习室`); home is the app alone. A tab
    /// among others, or the list of open pages, then says which page this is.
    pub fn title(self, t: &VisitorTexts) -> String {
        let page = match self {
            Place::Home => return t.app_name.to_owned(),
            Place::Login => t.login_title,
            Place::Signup => t.signup_title,
            Place::Account => t.account_title,
            Place::Rooms => t.rooms_title,
            Place::Room => t.map_label,
            Place::Booking => t.booking_title,
            Place::Unknown => t.not_found,
        };
        format!("{page} · {}", t.app_name)
    }

    /// What the offline banner says here: what still works without a signal. The door code works
    /// at the keypad whatever the phone's signal; a form keeps what was typed; anywhere else the
    /// screen may be out of date, and a booking kept on the phone is one tap away.
    pub fn offline_note(self, kept_booking: bool, t: &VisitorTexts) -> &'static str {
        match self {
            Place::Booking => t.offline_booking,
            Place::Login | Place::Signup => t.offline_form,
            _ if kept_booking => t.offline_kept_booking,
            _ => t.offline_other,
        }
    }
}

/// Who the top bar is for, which is all the phone keeps about the person for when it has no
/// signal (their name, ID and phone stay on the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Manager,
    /// A member a manager has not verified (yet, or any more): only their account.
    Member,
    VerifiedMember,
}

impl Who {
    pub fn of(user: &User) -> Self {
        match (user.role, user.status) {
            (Role::Manager, _) => Who::Manager,
            (Role::Member, UserStatus::Verified) => Who::VerifiedMember,
            (Role::Member, _) => Who::Member,
        }
    }

    /// As kept in localStorage.
    pub fn code(self) -> &'static str {
        match self {
            Who::Manager => "manager",
            Who::Member => "member",
            Who::VerifiedMember => "verified",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Who::Manager, Who::Member, Who::VerifiedMember]
            .into_iter()
            .find(|w| w.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};

    #[test]
    fn paths_name_their_pages() {
        assert_eq!(Place::of("/"), Place::Home);
        assert_eq!(Place::of("/login"), Place::Login);
        assert_eq!(Place::of("/signup/"), Place::Signup);
        assert_eq!(Place::of("/rooms"), Place::Rooms);
        assert_eq!(Place::of("/rooms/r1"), Place::Room);
        assert_eq!(Place::of("/bookings/b7"), Place::Booking);
        assert_eq!(Place::of("/bookings"), Place::Unknown);
        assert_eq!(Place::of("/rooms/r1/seats"), Place::Unknown);
        assert_eq!(Place::of("/nowhere"), Place::Unknown);
    }

    #[test]
    fn the_title_names_the_page_then_the_app_in_the_chosen_language() {
        assert_eq!(Place::Home.title(&ZH), "社区自习室");
        assert_eq!(Place::Login.title(&ZH), "登录 · 社区自习室");
        assert_eq!(Place::Booking.title(&ZH), "我的预约 · 社区自习室");
        assert_eq!(Place::Signup.title(&EN), "Sign up · Study Room");
        assert_eq!(Place::Room.title(&EN), "Seat map · Study Room");
    }

    #[test]
    fn offline_the_banner_says_what_still_works_where_it_is() {
        // On a booking: the code, at the keypad.
        assert!(Place::Booking.offline_note(true, &ZH).contains("门口键盘"));
        // Only forms keep what was typed.
        assert!(Place::Signup.offline_note(false, &ZH).contains("填好的"));
        for place in [Place::Home, Place::Rooms, Place::Room, Place::Account] {
            for t in [&ZH, &EN] {
                assert_ne!(place.offline_note(false, t), t.offline_form);
                assert_eq!(place.offline_note(true, t), t.offline_kept_booking);
            }
        }
        assert!(EN.offline_booking.contains("keypad"));
    }

    #[test]
    fn who_is_kept_as_a_word_and_read_back() {
        for who in [Who::Manager, Who::Member, Who::VerifiedMember] {
            assert_eq!(Who::from_code(who.code()), Some(who));
        }
        assert_eq!(Who::from_code("someone"), None);
    }
}
