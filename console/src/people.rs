//! People as the console words them (status, booking states, violations), and the date a
//! suspension ends. Plain functions, tested natively.

use crate::i18n::Texts;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
use studyroom_api::violation::{AppealState, Violation, ViolationKind};
use studyroom_api::{BookingState, UserStatus};

/// The clock the console shows people's dates on (the server's display clock, Shanghai).
pub fn display_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("a valid offset")
}

pub fn status_word(status: UserStatus, t: &Texts) -> &'static str {
    match status {
        UserStatus::Pending => t.status_pending,
        UserStatus::Verified => t.status_verified,
        UserStatus::Rejected => t.status_rejected,
        UserStatus::Suspended => t.status_suspended,
    }
}

pub fn booking_state_word(state: BookingState, t: &Texts) -> &'static str {
    match state {
        BookingState::Upcoming => t.booking_upcoming,
        BookingState::Active => t.booking_active,
        BookingState::Away => t.booking_away,
        BookingState::Completed => t.booking_completed,
        BookingState::Cancelled => t.booking_cancelled,
        BookingState::NoShow => t.booking_no_show,
    }
}

pub fn violation_kind_word(kind: ViolationKind, t: &Texts) -> &'static str {
    match kind {
        ViolationKind::NoShow => t.kind_no_show,
        ViolationKind::AwayExpired => t.kind_away_expired,
    }
}

/// Where a violation stands: pardoned, still counting, or lapsed; and its appeal, if any.
pub fn violation_standing(v: &Violation, t: &Texts) -> &'static str {
    if v.pardoned {
        t.violation_pardoned
    } else if v.counts {
        t.violation_counts
    } else {
        t.violation_lapsed
    }
}

pub fn appeal_word(state: AppealState, t: &Texts) -> &'static str {
    match state {
        AppealState::Pending => t.appeal_pending,
        AppealState::Pardoned => t.appeal_pardoned,
        AppealState::Upheld => t.appeal_upheld,
    }
}

/// A suspension "until" a day includes that day: it ends as the day does (23:59:59, which is
/// also how the member's phone tells it).
pub fn suspend_until(day: NaiveDate) -> Option<DateTime<FixedOffset>> {
    display_offset()
        .from_local_datetime(&day.and_hms_opt(23, 59, 59)?)
        .single()
}

/// The day a new suspension form proposes: a week from today.
pub fn default_suspend_day(now: DateTime<Utc>) -> NaiveDate {
    (now.with_timezone(&display_offset()) + TimeDelta::days(7)).date_naive()
}

/// `2026-11-29 21:40`, on the display clock.
pub fn date_time(at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&display_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The last day of a suspension that ends at `until` (the day before, when it ends at midnight).
pub fn last_day(until: DateTime<FixedOffset>) -> NaiveDate {
    (until.with_timezone(&display_offset()) - TimeDelta::seconds(1)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};

    #[test]
    fn a_suspension_until_a_day_includes_it() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let until = suspend_until(day).unwrap();
        assert_eq!(until.to_rfc3339(), "2026-11-29T23:59:59+08:00");
        assert_eq!(last_day(until), day);
        let midnight = DateTime::parse_from_rfc3339("2026-11-30T00:00:00+08:00").unwrap();
        assert_eq!(last_day(midnight), day);
    }

    #[test]
    fn the_form_proposes_a_week() {
        // 21:40 in Shanghai on the 22nd is 13:40 UTC.
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 13, 40, 0).unwrap();
        assert_eq!(
            default_suspend_day(now),
            NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
        );
        // 00:30 in Shanghai is still the previous day in UTC.
        let late = Utc.with_ymd_and_hms(2026, 11, 22, 16, 30, 0).unwrap();
        assert_eq!(
            default_suspend_day(late),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
    }

    #[test]
    fn every_state_has_a_word_in_both_languages() {
        for t in [&ZH, &EN] {
            for s in [
                UserStatus::Pending,
                UserStatus::Verified,
                UserStatus::Rejected,
                UserStatus::Suspended,
            ] {
                assert!(!status_word(s, t).is_empty());
            }
            assert_ne!(
                booking_state_word(BookingState::NoShow, t),
                booking_state_word(BookingState::Cancelled, t)
            );
            assert_ne!(
                violation_kind_word(ViolationKind::NoShow, t),
                violation_kind_word(ViolationKind::AwayExpired, t)
            );
        }
    }
}
