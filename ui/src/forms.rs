//! What the forms say about a field as it is typed (the same rules the server runs, from
//! `studyroom-api`) and about an error code the server answered, in the words of the current
//! language. Plain functions, tested natively.

use crate::i18n::Texts;
use chrono::NaiveDate;
use studyroom_api::{
    ErrorCode, IdNumber, IdNumberError, Password, PasswordError, Phone, RealName, RealNameError,
};

pub fn phone_error(input: &str, t: &Texts) -> Option<&'static str> {
    Phone::parse(input).err().map(|_| t.err_phone)
}

pub fn password_error(input: &str, t: &Texts) -> Option<&'static str> {
    Password::parse(input).err().map(|e| match e {
        PasswordError::TooShort => t.err_password_short,
        PasswordError::TooLong => t.err_password_long,
    })
}

pub fn real_name_error(input: &str, t: &Texts) -> Option<&'static str> {
    RealName::parse(input).err().map(|e| match e {
        RealNameError::TooShort | RealNameError::TooLong => t.err_name_length,
        RealNameError::Character => t.err_name_chars,
    })
}

/// What the ID field says while it is being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdFeedback {
    /// Nothing typed yet: show the hint.
    Empty,
    /// Well-formed so far; this many characters to go.
    Remaining(usize),
    /// Something is wrong already (a letter in the middle, or a complete number that fails).
    Error(&'static str),
    /// A complete, valid number.
    Valid,
}

pub fn id_feedback(input: &str, today: NaiveDate, t: &Texts) -> IdFeedback {
    let id = input.trim();
    let len = id.chars().count();
    if len == 0 {
        return IdFeedback::Empty;
    }
    let bad_char = id
        .chars()
        .enumerate()
        .any(|(i, c)| !(c.is_ascii_digit() || (i == 17 && matches!(c, 'x' | 'X'))));
    if bad_char {
        return IdFeedback::Error(t.err_id_chars);
    }
    if len < 18 {
        return IdFeedback::Remaining(18 - len);
    }
    match IdNumber::parse(id, today) {
        Ok(_) => IdFeedback::Valid,
        Err(IdNumberError::Length) => IdFeedback::Error(t.err_id_length),
        Err(IdNumberError::Character) => IdFeedback::Error(t.err_id_chars),
        Err(IdNumberError::BirthDate) => IdFeedback::Error(t.err_id_birth),
        Err(IdNumberError::Checksum) => IdFeedback::Error(t.err_id_checksum),
    }
}

/// The field to bring the person to after a submit: the first, in the form's order, that has an
/// error. `fields` are the fields' ids in the order the form shows them, each with whether it has one.
pub fn first_error(fields: &[(&'static str, bool)]) -> Option<&'static str> {
    fields.iter().find(|(_, error)| *error).map(|(id, _)| *id)
}

/// A lock-out in whole minutes, from `Retry-After` seconds (at least one).
pub fn lockout_minutes(retry_after_secs: Option<u64>) -> u64 {
    retry_after_secs.unwrap_or(60).div_ceil(60).max(1)
}

/// The sentence for an error code from the server. `retry_after_secs` comes from `Retry-After`.
pub fn server_error_text(code: ErrorCode, retry_after_secs: Option<u64>, t: &Texts) -> String {
    let text = match code {
        ErrorCode::InvalidPhone => t.err_phone,
        ErrorCode::InvalidPassword => t.err_password_short,
        ErrorCode::InvalidRealName => t.err_name_chars,
        ErrorCode::InvalidIdNumber => t.err_id_checksum,
        ErrorCode::ConsentRequired => t.err_consent,
        ErrorCode::PhoneTaken => t.err_phone_taken,
        ErrorCode::IdNumberTaken => t.err_id_taken,
        ErrorCode::BadCredentials => t.err_bad_credentials,
        ErrorCode::Unauthenticated => t.err_unauthenticated,
        ErrorCode::Forbidden => t.err_forbidden,
        ErrorCode::ReasonRequired => t.err_reason_required,
        ErrorCode::InvalidState => t.err_invalid_state,
        ErrorCode::NotFound => t.err_not_found,
        ErrorCode::NotVerified => t.err_not_verified,
        ErrorCode::Suspended => t.err_suspended,
        ErrorCode::SeatTaken => t.err_seat_taken,
        ErrorCode::OverlappingBooking => t.err_overlapping_booking,
        ErrorCode::InvalidTime => t.err_invalid_time,
        ErrorCode::TooLong => t.err_too_long,
        ErrorCode::TooFarAhead => t.err_too_far_ahead,
        ErrorCode::OutsideWindow => t.err_outside_window,
        ErrorCode::CodeInvalid => t.err_code_invalid,
        ErrorCode::InvalidRoom => t.err_invalid_room,
        ErrorCode::PresenceRequired => t.err_presence_required,
        ErrorCode::CrossSite => t.err_cross_site,
        ErrorCode::ServerBusy => t.err_server_busy,
        ErrorCode::TooManyAttempts | ErrorCode::DoorLockedOut => {
            let minutes = lockout_minutes(retry_after_secs);
            let text = if code == ErrorCode::DoorLockedOut {
                t.err_door_locked_minutes
            } else {
                t.err_too_many_minutes
            };
            return crate::i18n::fill(text, minutes);
        }
        _ => t.err_generic,
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn the_id_field_counts_down_then_checks_the_last_character() {
        assert_eq!(id_feedback("", today(), &ZH), IdFeedback::Empty);
        assert_eq!(id_feedback("110105", today(), &ZH), IdFeedback::Remaining(12));
        assert_eq!(
            id_feedback("11010519491231002", today(), &ZH),
            IdFeedback::Remaining(1)
        );
        assert_eq!(id_feedback("11010519491231002x", today(), &ZH), IdFeedback::Valid);
        assert_eq!(
            id_feedback("110105194912310021", today(), &ZH),
            IdFeedback::Error(ZH.err_id_checksum)
        );
        assert_eq!(
            id_feedback("110105194902310027", today(), &EN),
            IdFeedback::Error(EN.err_id_birth)
        );
    }

    #[test]
    fn a_letter_before_the_last_place_is_flagged_at_once() {
        assert_eq!(
            id_feedback("1101X5", today(), &ZH),
            IdFeedback::Error(ZH.err_id_chars)
        );
        assert_eq!(
            id_feedback("1101051949123100211", today(), &ZH),
            IdFeedback::Error(ZH.err_id_length)
        );
    }

    #[test]
    fn field_errors_follow_the_shared_rules() {
        assert_eq!(phone_error("1380013800", &ZH), Some(ZH.err_phone));
        assert_eq!(phone_error("+86 138 0013 8000", &ZH), None);
        assert_eq!(password_error("1234567", &EN), Some(EN.err_password_short));
        assert_eq!(real_name_error("张3", &ZH), Some(ZH.err_name_chars));
        assert_eq!(real_name_error("张", &ZH), Some(ZH.err_name_length));
        assert_eq!(real_name_error("买买提·艾力", &ZH), None);
    }

    #[test]
    fn a_submit_goes_to_the_first_field_with_an_error_in_the_forms_order() {
        let fields = [("phone", false), ("real_name", true), ("id_number", true)];
        assert_eq!(first_error(&fields), Some("real_name"));
        assert_eq!(first_error(&[("phone", false), ("password", false)]), None);
    }

    #[test]
    fn a_lockout_is_told_in_whole_minutes() {
        assert_eq!(lockout_minutes(Some(61)), 2);
        assert_eq!(lockout_minutes(Some(0)), 1);
        assert_eq!(lockout_minutes(None), 1);
        assert_eq!(
            server_error_text(ErrorCode::TooManyAttempts, Some(61), &ZH),
            "试错次数太多，请 2 分钟后再试"
        );
        assert_eq!(
            server_error_text(ErrorCode::TooManyAttempts, Some(60), &EN),
            "Too many tries. Try again in 1 min"
        );
        assert_eq!(server_error_text(ErrorCode::Other, None, &ZH), ZH.err_generic);
        assert_eq!(
            server_error_text(ErrorCode::DoorLockedOut, Some(300), &ZH),
            "输错太多次了，请 5 分钟后再试"
        );
        assert_eq!(
            server_error_text(ErrorCode::DoorLockedOut, None, &EN),
            "Too many wrong codes. Try again in 1 min"
        );
    }

    #[test]
    fn a_stale_screen_code_says_to_type_the_one_showing_now() {
        assert_eq!(
            server_error_text(ErrorCode::PresenceRequired, None, &ZH),
            "门上屏幕的码已变或输错了，请输入屏幕上现在的码"
        );
    }

    #[test]
    fn booking_errors_say_what_to_do_next() {
        assert_eq!(
            server_error_text(ErrorCode::SeatTaken, None, &ZH),
            "这个座位刚被别人订了，换一个吧"
        );
        assert_eq!(
            server_error_text(ErrorCode::SeatTaken, None, &EN),
            "Someone just took this seat — pick another"
        );
        for code in [
            ErrorCode::NotVerified,
            ErrorCode::Suspended,
            ErrorCode::OverlappingBooking,
            ErrorCode::InvalidTime,
            ErrorCode::TooLong,
            ErrorCode::TooFarAhead,
            ErrorCode::OutsideWindow,
            ErrorCode::CodeInvalid,
            ErrorCode::InvalidRoom,
            ErrorCode::PresenceRequired,
            ErrorCode::CrossSite,
            ErrorCode::ServerBusy,
        ] {
            for t in [&ZH, &EN] {
                assert_ne!(server_error_text(code, None, t), t.err_generic, "{code:?}");
            }
        }
    }
}
