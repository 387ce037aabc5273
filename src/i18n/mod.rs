//! The app's words, one constant per language. A plain struct of `&'static str` is compile-checked
//! (a string missing in one language is a compile error) and costs almost nothing in the wasm,
//! unlike an ICU-backed i18n crate (measured +21 KB brotli; see shared/TOOLCHAIN.md).

mod en;
mod zh;

pub use en::EN;
pub use zh::ZH;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// The code kept in localStorage and put on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// Every string on every screen. `{}` marks where a number or time goes.
pub struct Texts {
    pub app_name: &'static str,
    /// The name of the *other* language, on the switch.
    pub other_language: &'static str,
    pub nav_account: &'static str,
    pub nav_queue: &'static str,
    pub busy: &'static str,
    pub retry: &'static str,
    pub cancel: &'static str,
    pub offline_banner: &'static str,
    pub not_found: &'static str,
    pub back_home: &'static str,

    pub login_title: &'static str,
    pub login_sub: &'static str,
    pub phone_label: &'static str,
    pub password_label: &'static str,
    pub login_button: &'static str,
    pub to_signup: &'static str,

    pub signup_title: &'static str,
    pub signup_sub: &'static str,
    pub real_name_label: &'static str,
    pub real_name_hint: &'static str,
    pub id_label: &'static str,
    pub id_hint: &'static str,
    pub id_remaining: &'static str,
    pub id_x_button: &'static str,
    pub password_hint: &'static str,
    pub consent_text: &'static str,
    pub signup_button: &'static str,
    pub to_login: &'static str,

    pub err_phone: &'static str,
    pub err_password_short: &'static str,
    pub err_password_long: &'static str,
    pub err_name_length: &'static str,
    pub err_name_chars: &'static str,
    pub err_id_length: &'static str,
    pub err_id_chars: &'static str,
    pub err_id_birth: &'static str,
    pub err_id_checksum: &'static str,
    pub err_consent: &'static str,
    pub err_phone_taken: &'static str,
    pub err_id_taken: &'static str,
    pub err_bad_credentials: &'static str,
    pub err_too_many_minutes: &'static str,
    pub err_network: &'static str,
    pub err_generic: &'static str,
    pub err_unauthenticated: &'static str,
    pub err_forbidden: &'static str,
    pub err_reason_required: &'static str,
    pub err_invalid_state: &'static str,

    pub err_not_verified: &'static str,
    pub err_suspended: &'static str,
    pub err_seat_taken: &'static str,
    pub err_overlapping_booking: &'static str,
    pub err_invalid_time: &'static str,
    pub err_too_long: &'static str,
    pub err_too_far_ahead: &'static str,
    pub err_outside_window: &'static str,
    pub err_code_invalid: &'static str,
    pub err_door_locked_minutes: &'static str,
    pub err_invalid_room: &'static str,
    pub err_not_found: &'static str,
    pub err_booking_changed: &'static str,
    pub err_presence_required: &'static str,
    pub err_cross_site: &'static str,
    pub err_server_busy: &'static str,

    /// Days and times. `{}` order: `month_day` month then day; `time_on_day` time then day.
    pub day_today: &'static str,
    pub day_tomorrow: &'static str,
    /// `None` where the language has no short word for it: the date is used instead.
    pub day_after_tomorrow: Option<&'static str>,
    pub day_yesterday: &'static str,
    pub next_day: &'static str,
    pub months: [&'static str; 12],
    pub month_day: &'static str,
    pub time_on_day: &'static str,
    /// Between the parts of a spoken description ("A3，靠窗，空闲").
    pub clause_sep: &'static str,
    /// Between the items of a list ("靠窗、有插座").
    pub list_sep: &'static str,

    pub nav_rooms: &'static str,
    pub nav_booking: &'static str,
    pub rooms_title: &'static str,
    /// Free seats, then all seats.
    pub seats_free_now: &'static str,
    pub rooms_empty_title: &'static str,
    pub rooms_empty_body: &'static str,
    pub to_account: &'static str,
    pub all_rooms: &'static str,

    pub map_hint: &'static str,
    pub map_empty_title: &'static str,
    pub map_empty_body: &'static str,
    pub map_label: &'static str,
    pub window_band: &'static str,
    pub table_label: &'static str,
    pub seat_free: &'static str,
    pub seat_booked: &'static str,
    pub seat_occupied: &'static str,
    pub seat_away: &'static str,
    /// On a seat free now but booked later today: the time it is booked from.
    pub seat_later: &'static str,
    /// The legend's word for those seats.
    pub seat_later_legend: &'static str,
    /// What a screen reader says for them: the time it is booked from.
    pub seat_later_spoken: &'static str,
    pub feature_window: &'static str,
    pub feature_power: &'static str,
    pub feature_accessible: &'static str,
    pub feature_quiet: &'static str,
    pub feature_lamp: &'static str,

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
    pub book_confirm: &'static str,

    pub booking_title: &'static str,
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

    pub kiosk_pair_title: &'static str,
    pub kiosk_pair_body: &'static str,
    pub pair_door_id: &'static str,
    pub pair_token: &'static str,
    pub pair_save: &'static str,
    pub pair_missing: &'static str,
    pub pair_checking: &'static str,
    pub pair_refused: &'static str,
    pub kiosk_presence_title: &'static str,
    pub kiosk_presence_how: &'static str,
    pub kiosk_presence_qr: &'static str,
    pub kiosk_presence_loading: &'static str,
    pub kiosk_presence_offline: &'static str,
    pub kiosk_locked_title: &'static str,
    /// The time left, as a countdown.
    pub kiosk_locked_left: &'static str,
    pub kiosk_locked_phone: &'static str,
    pub unpair_title: &'static str,
    pub unpair_phone: &'static str,
    pub unpair_not_manager: &'static str,
    pub kiosk_prompt: &'static str,
    pub kiosk_typed: &'static str,
    pub kiosk_open: &'static str,
    pub key_delete: &'static str,
    pub key_clear: &'static str,
    pub kiosk_granted: &'static str,
    pub kiosk_granted_plain: &'static str,
    pub kiosk_refused: &'static str,
    pub kiosk_unpaired: &'static str,
    pub kiosk_unpair: &'static str,
    pub kiosk_unpair_confirm: &'static str,

    pub account_title: &'static str,
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
    pub check_status: &'static str,
    pub identity_heading: &'static str,
    pub name_row: &'static str,
    pub id_row: &'static str,
    pub phone_row: &'static str,
    pub identity_note: &'static str,
    pub language_heading: &'static str,
    pub logout: &'static str,
    pub logout_all: &'static str,
    pub logout_all_body: &'static str,
    pub delete_heading: &'static str,
    pub delete_body: &'static str,
    pub delete_button: &'static str,
    pub delete_password: &'static str,
    pub delete_confirm: &'static str,

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
    pub shortcuts_hint: &'static str,
    pub decided_approved: &'static str,
    pub decided_rejected: &'static str,
}

/// Fills the `{}` of a text.
pub fn fill(text: &str, value: impl std::fmt::Display) -> String {
    text.replacen("{}", &value.to_string(), 1)
}
