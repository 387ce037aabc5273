//! The manager console's own words, one constant per language, compile-checked like the shared ones in
//! `ui::i18n` (a string missing in one language is a compile error). Each `Texts` derefs to the
//! shared words, so `t.retry` and `t.queue_title` read alike.

mod en;
mod zh;

pub use en::EN;
pub use ui::i18n::Lang;
#[cfg(target_arch = "wasm32")]
pub use ui::i18n::fill;
pub use zh::ZH;

/// Every string of this app's own screens. `{}` marks where a number or time goes.
pub struct Texts {
    /// The words the apps share.
    pub common: &'static ui::i18n::Texts,
    pub queue_title: &'static str,
    pub queue_left: &'static str,
    pub queue_empty_title: &'static str,
    pub queue_empty_body: &'static str,
    pub queue_signed_up: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub reject_reason_label: &'static str,
    pub reject_reasons: &'static [&'static str],
    pub reject_send: &'static str,
    pub decided_approved: &'static str,
    pub decided_rejected: &'static str,

    // The frame
    pub console_name: &'static str,
    pub nav_label: &'static str,
    pub tools_label: &'static str,
    pub nav_people: &'static str,
    pub to_phone_app: &'static str,
    pub console_login_sub: &'static str,
    pub not_manager_title: &'static str,
    pub not_manager_body: &'static str,

    // The live board
    pub nav_live: &'static str,
    pub board_title: &'static str,
    pub board_rooms_label: &'static str,
    pub board_all: &'static str,
    pub board_inside: &'static str,
    pub board_total: &'static str,
    pub board_map_label: &'static str,
    pub since_in: &'static str,
    pub since_booked: &'static str,
    pub held_left: &'static str,
    pub link_connecting: &'static str,
    pub link_open: &'static str,
    pub link_reconnecting: &'static str,
    pub link_back: &'static str,
    pub link_closed: &'static str,
    pub reconnect: &'static str,
    pub roster_title: &'static str,
    pub roster_count: &'static str,
    pub roster_empty: &'static str,
    pub roster_seat: &'static str,
    pub roster_name: &'static str,
    pub roster_since: &'static str,
    pub roster_state: &'static str,
    pub print_roster: &'static str,
    pub printed_at: &'static str,
    pub rooms_none_title: &'static str,
    pub rooms_none_body: &'static str,
    pub nav_rooms: &'static str,

    // People: the queue, appeals, search, a person's page
    pub people_title: &'static str,
    pub undo: &'static str,
    pub undo_hint: &'static str,
    pub shortcuts_undo: &'static str,
    pub appeals_title: &'static str,
    pub appeals_empty_title: &'static str,
    pub appeals_empty_body: &'static str,
    pub appeal_said: &'static str,
    pub appeal_answer_label: &'static str,
    pub pardon: &'static str,
    pub uphold: &'static str,
    pub pardoned_note: &'static str,
    pub upheld_note: &'static str,
    pub kind_no_show: &'static str,
    pub kind_away_expired: &'static str,
    pub search_label: &'static str,
    pub search_button: &'static str,
    pub search_empty: &'static str,
    pub search_results: &'static str,
    pub col_name: &'static str,
    pub col_phone: &'static str,
    pub col_status: &'static str,
    pub col_signed_up: &'static str,
    pub status_pending: &'static str,
    pub status_verified: &'static str,
    pub status_rejected: &'static str,
    pub status_suspended: &'static str,
    pub person_back: &'static str,
    pub suspended_until: &'static str,
    pub status_reason_row: &'static str,
    pub suspend_title: &'static str,
    pub suspend_body: &'static str,
    pub suspend_until_label: &'static str,
    pub suspend_reason_label: &'static str,
    pub suspend_submit: &'static str,
    pub suspend_not_possible: &'static str,
    pub reinstate: &'static str,
    pub reinstated_note: &'static str,
    pub suspended_note: &'static str,
    pub bookings_title: &'static str,
    pub bookings_empty: &'static str,
    pub col_seat: &'static str,
    pub col_when: &'static str,
    pub col_state: &'static str,
    pub booking_upcoming: &'static str,
    pub booking_active: &'static str,
    pub booking_away: &'static str,
    pub booking_completed: &'static str,
    pub booking_cancelled: &'static str,
    pub booking_no_show: &'static str,
    pub violations_title: &'static str,
    pub violations_empty: &'static str,
    pub violation_counts: &'static str,
    pub violation_lapsed: &'static str,
    pub violation_pardoned: &'static str,
    pub appeal_pending: &'static str,
    pub appeal_pardoned: &'static str,
    pub appeal_upheld: &'static str,
    pub pardon_reason_label: &'static str,
}

impl std::ops::Deref for Texts {
    type Target = ui::i18n::Texts;

    fn deref(&self) -> &ui::i18n::Texts {
        self.common
    }
}

impl ui::i18n::Words for Texts {
    fn of(lang: Lang) -> &'static Self {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}
