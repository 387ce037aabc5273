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
