//! The phone app's own words, one constant per language, compile-checked like the shared ones in
//! `ui::i18n` (a string missing in one language is a compile error). In two parts, because a
//! struct of strings takes all of its strings into every wasm that names it: [`VisitorTexts`], the
//! words of the visitor's pages and of the frame (all the visitor's build names), and [`Texts`],
//! the member's screens. `Texts` derefs to `VisitorTexts`, which derefs to the shared words, so
//! `t.retry`, `t.signup_title` and `t.picker_day` read alike on a member's screen.

mod en;
mod zh;

pub use en::{EN, EN_MAP, EN_VISITOR};
pub use ui::i18n::Lang;
#[cfg(target_arch = "wasm32")]
pub use ui::i18n::fill;
pub use zh::{ZH, ZH_MAP, ZH_VISITOR};

/// The words of the pages a visitor sees (welcome, login, signup) and of the frame around every
/// page (titles, the offline banner): all the visitor's build takes. `{}` marks where a number goes.
pub struct VisitorTexts {
    /// The words the apps share.
    pub common: &'static ui::i18n::Texts,
    pub login_sub: &'static str,
    pub to_signup: &'static str,
    pub err_password_empty: &'static str,

    /// The offline banner, by what still works where it shows (see `frame::Place::offline_note`).
    pub offline_booking: &'static str,
    pub offline_form: &'static str,
    pub offline_kept_booking: &'static str,
    pub offline_other: &'static str,

    pub signup_title: &'static str,
    pub signup_sub: &'static str,
    pub real_name_label: &'static str,
    pub real_name_hint: &'static str,
    pub id_label: &'static str,
    pub id_hint: &'static str,
    pub id_remaining: &'static str,
    pub id_x_button: &'static str,
    /// Under a complete ID number whose check character matches.
    pub id_valid: &'static str,
    pub password_hint: &'static str,
    pub consent_text: &'static str,
    pub signup_button: &'static str,
    pub to_login: &'static str,
    /// The other pages' titles, for the tab's title (`frame::Place::title`).
    pub rooms_title: &'static str,
    pub map_label: &'static str,
    pub booking_title: &'static str,
    pub account_title: &'static str,

    pub welcome_title: &'static str,
    pub welcome_lead: &'static str,
    pub welcome_open: &'static str,
    pub welcome_step_1: &'static str,
    pub welcome_step_2: &'static str,
    pub welcome_step_3: &'static str,
    pub welcome_signup: &'static str,
    pub welcome_login: &'static str,
}

/// The words of a room's seat map (the map, the picker, what stands in the way of booking) and of
/// the member's places in the top bar: with the frame's, all the seat map's build names. `{}`
/// marks where a number or time goes.
pub struct MapTexts {
    /// The visitor's pages' and the frame's words, which these read through as their own.
    pub visitor: &'static VisitorTexts,

    pub nav_account: &'static str,
    pub nav_console: &'static str,
    pub nav_rooms: &'static str,
    pub nav_booking: &'static str,
    pub to_account: &'static str,
    pub all_rooms: &'static str,
    pub map_hint: &'static str,
    pub map_empty_title: &'static str,
    pub map_empty_body: &'static str,
    /// The map's hint for someone who already has a booking.
    pub map_hint_more: &'static str,
    /// Seat label: the member's live booking, above the map.
    pub mine_title: &'static str,
    pub mine_link: &'static str,
    pub mine_one_at_a_time: &'static str,
    pub gate_pending_title: &'static str,
    pub gate_pending_body: &'static str,
    pub gate_rejected_title: &'static str,
    pub gate_rejected_body: &'static str,
    pub gate_suspended_title: &'static str,
    /// When the suspension ends.
    pub gate_suspended_until: &'static str,
    pub gate_suspended_body: &'static str,
    pub gate_account: &'static str,
    pub seat_named: &'static str,
    pub picker_day: &'static str,
    pub picker_start: &'static str,
    pub picker_now: &'static str,
    pub picker_length: &'static str,
    pub picker_hours: &'static str,
    pub picker_minutes: &'static str,
    pub picker_taken: &'static str,
    pub picker_from_now_until: &'static str,
    /// Start, then end.
    pub picker_from_until: &'static str,
    pub picker_full: &'static str,
    pub picker_pick_start: &'static str,
    pub picker_pick_length: &'static str,
    pub picker_other_seat: &'static str,
    /// The rest of today's starts.
    pub picker_more_today: &'static str,
    /// The rest of another day's starts.
    pub picker_more_day: &'static str,
    pub picker_fewer: &'static str,
    /// A range of the member's own booking, then its seat.
    pub picker_mine: &'static str,
    /// Under a duration chip: the end it gives.
    pub picker_until: &'static str,
    pub picker_fit_taken: &'static str,
    pub picker_fit_mine: &'static str,
    pub picker_fit_too_long: &'static str,
    pub book_confirm: &'static str,
}

/// The words of the member's other screens (rooms, booking, account). `{}` marks where a number or
/// time goes.
pub struct Texts {
    /// The seat map's words, and through them the visitor's pages' and the frame's, which these
    /// read through as their own.
    pub map: &'static MapTexts,

    pub back_home: &'static str,
    pub err_booking_changed: &'static str,

    /// Free seats, then all seats.
    pub seats_free_now: &'static str,
    pub rooms_empty_title: &'static str,
    pub rooms_empty_body: &'static str,

    pub code_label: &'static str,
    pub code_valid: &'static str,
    pub code_revoked: &'static str,
    pub qr_label: &'static str,
    pub opens_in: &'static str,
    pub time_left: &'static str,
    pub hold_left: &'static str,
    pub state_upcoming: &'static str,
    pub state_open: &'static str,
    pub state_active: &'static str,
    pub state_away: &'static str,
    pub state_completed: &'static str,
    pub state_cancelled: &'static str,
    pub state_no_show: &'static str,
    pub hold_note: &'static str,
    pub grace_note: &'static str,
    /// The door opens at a time more than an hour away.
    pub opens_at: &'static str,
    /// The booking ends more than an hour from now.
    pub ends_at: &'static str,
    pub held_until: &'static str,
    /// The no-show deadline as a time.
    pub check_in_by: &'static str,
    /// How long a step out holds the seat, in minutes.
    pub leave_note: &'static str,
    pub checkout_question: &'static str,
    pub checkout_yes: &'static str,
    pub checkout_keep: &'static str,
    /// Under the state of a finished booking.
    pub booking_over: &'static str,
    /// No signal at the door: the code (spaced) goes on the keypad.
    pub door_offline: &'static str,
    pub open_door: &'static str,
    pub door_opened: &'static str,
    pub door_which: &'static str,
    pub presence_label: &'static str,
    pub presence_hint: &'static str,
    pub presence_short: &'static str,
    pub scan_button: &'static str,
    pub scan_stop: &'static str,
    pub scan_hint: &'static str,
    pub scan_failed: &'static str,
    pub camera_label: &'static str,
    pub door_no_screen: &'static str,
    /// Minutes to wait.
    pub err_open_too_many: &'static str,
    pub leave: &'static str,
    pub checkout: &'static str,
    pub cancel_booking: &'static str,
    pub cancel_question: &'static str,
    pub cancel_yes: &'static str,
    pub cancel_keep: &'static str,
    pub booking_missing_title: &'static str,
    pub booking_missing_body: &'static str,
    pub book_a_seat: &'static str,
    pub book_another: &'static str,
    pub refresh_failed: &'static str,
    pub role_manager: &'static str,
    pub status_pending_title: &'static str,
    pub status_pending_body: &'static str,
    pub status_verified_title: &'static str,
    pub status_verified_body: &'static str,
    pub status_rejected_title: &'static str,
    pub status_rejected_reason: &'static str,
    pub status_rejected_next: &'static str,
    pub status_suspended_title: &'static str,
    pub status_suspended_body: &'static str,
    pub status_where_heading: &'static str,
    pub status_bring: &'static str,
    pub status_verified_go: &'static str,
    pub status_rejected_meaning: &'static str,
    pub reapply_heading: &'static str,
    pub reapply_button: &'static str,
    pub status_suspended_reason: &'static str,
    pub status_suspended_auto: &'static str,
    pub violations_heading: &'static str,
    pub violations_note: &'static str,
    pub violation_no_show: &'static str,
    pub violation_away_expired: &'static str,
    pub violation_counts: &'static str,
    pub violation_lapsed: &'static str,
    pub violation_pardoned: &'static str,
    pub appeal_button: &'static str,
    pub appeal_label: &'static str,
    pub appeal_send: &'static str,
    pub appeal_pending: &'static str,
    pub appeal_upheld: &'static str,
    pub appeal_pardoned: &'static str,
    pub err_appeal_empty: &'static str,
    pub err_appeal_long: &'static str,
    pub check_status: &'static str,
    pub identity_heading: &'static str,
    pub identity_note: &'static str,
    pub language_heading: &'static str,
    pub logout_all: &'static str,
    pub logout_all_body: &'static str,
    pub delete_heading: &'static str,
    pub delete_body: &'static str,
    pub delete_button: &'static str,
    pub delete_password: &'static str,
    pub delete_confirm: &'static str,
}

impl std::ops::Deref for VisitorTexts {
    type Target = ui::i18n::Texts;

    fn deref(&self) -> &ui::i18n::Texts {
        self.common
    }
}

impl std::ops::Deref for MapTexts {
    type Target = VisitorTexts;

    fn deref(&self) -> &VisitorTexts {
        self.visitor
    }
}

impl std::ops::Deref for Texts {
    type Target = MapTexts;

    fn deref(&self) -> &MapTexts {
        self.map
    }
}

impl ui::i18n::Words for VisitorTexts {
    fn of(lang: Lang) -> &'static Self {
        match lang {
            Lang::Zh => &ZH_VISITOR,
            Lang::En => &EN_VISITOR,
        }
    }
}

impl ui::i18n::Words for MapTexts {
    fn of(lang: Lang) -> &'static Self {
        match lang {
            Lang::Zh => &ZH_MAP,
            Lang::En => &EN_MAP,
        }
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
