//! The apps' words, one constant per language. A plain struct of `&'static str` is compile-checked
//! (a string missing in one language is a compile error) and costs almost nothing in the wasm,
//! unlike an ICU-backed i18n crate (measured +21 KB brotli; see shared/TOOLCHAIN.md).
//!
//! [`Texts`] holds the words the apps share; each app keeps its own words in its own struct (see
//! [`Words`]), because a struct of strings takes all of its strings into every wasm that names it.

mod en;
mod zh;

pub use en::EN;
pub use zh::ZH;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// One app's words in both languages: `Texts` here, and each app's own struct.
pub trait Words: Sync + 'static {
    fn of(lang: Lang) -> &'static Self;
}

impl Words for Texts {
    fn of(lang: Lang) -> &'static Self {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

impl Lang {
    pub fn texts(self) -> &'static Texts {
        Texts::of(self)
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

/// The words two or more of the apps share: the server's errors, days and times, seat states and
/// features, the login form, the frame. Each app has its own struct for the rest, which derefs
/// to this one, so that a phone never downloads the console's words nor the console the phone's.
/// `{}` marks where a number or time goes.
pub struct Texts {
    pub app_name: &'static str,
    /// The name of the *other* language, on the switch.
    pub other_language: &'static str,
    pub busy: &'static str,
    pub retry: &'static str,
    pub cancel: &'static str,
    /// The offline banner where an app says nothing more precise about what still works.
    pub offline_banner: &'static str,
    pub not_found: &'static str,

    pub login_title: &'static str,
    pub phone_label: &'static str,
    pub password_label: &'static str,
    pub login_button: &'static str,

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
    /// A moment on another day as said aloud: the day first ("明天 08:45") or the time first
    /// ("08:45 tomorrow").
    pub day_before_time: bool,
    /// Between the parts of a spoken description ("A3，靠窗，空闲").
    pub clause_sep: &'static str,
    /// Between the items of a list ("靠窗、有插座").
    pub list_sep: &'static str,
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
    /// On the member's own seat (with a mark: shape + word, never colour alone).
    pub seat_mine: &'static str,
    /// What a screen reader says for it.
    pub seat_mine_spoken: &'static str,
    pub feature_window: &'static str,
    pub feature_power: &'static str,
    pub feature_accessible: &'static str,
    pub feature_quiet: &'static str,
    pub feature_lamp: &'static str,
    pub name_row: &'static str,
    pub id_row: &'static str,
    pub phone_row: &'static str,
    pub logout: &'static str,
}

/// Fills the `{}` of a text.
pub fn fill(text: &str, value: impl std::fmt::Display) -> String {
    text.replacen("{}", &value.to_string(), 1)
}
