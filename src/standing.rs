//! Whether the signed-in person may book now, and if not, why: the seat map says so up front
//! rather than letting someone pick a seat, a day, a start and a duration only to be refused at
//! "book it". The same rule as the server's `bookings::may_book` (a suspension with a date
//! lasts until then; only a verified account books), so the two never disagree.

use chrono::{DateTime, FixedOffset};
use studyroom_api::{User, UserStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    MayBook,
    /// Signed up; a manager has not checked their ID yet.
    Pending,
    /// A manager refused the application (the account page says why, and takes a corrected one).
    Rejected,
    /// Suspended, until then when the suspension has an end.
    Suspended(Option<DateTime<FixedOffset>>),
}

pub fn standing(user: &User, now: DateTime<FixedOffset>) -> Standing {
    let until = user.suspended_until.filter(|u| *u > now);
    if user.status == UserStatus::Suspended || until.is_some() {
        return Standing::Suspended(until);
    }
    match user.status {
        UserStatus::Verified => Standing::MayBook,
        UserStatus::Rejected => Standing::Rejected,
        UserStatus::Pending | UserStatus::Suspended => Standing::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use studyroom_api::Role;

    fn at8(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap()
    }

    fn user(status: UserStatus, suspended_until: Option<&str>) -> User {
        User {
            id: "u".into(),
            phone_masked: "138****0000".into(),
            real_name_masked: "陈*雨".into(),
            id_number_masked: "310101********0012".into(),
            status,
            role: Role::Member,
            suspended_until: suspended_until.map(at8),
            status_reason: None,
            suspended_automatically: false,
            created_at: at8("2026-11-20T10:00:00"),
        }
    }

    #[test]
    fn only_a_verified_account_that_is_not_suspended_may_book() {
        let now = at8("2026-11-22T21:40:00");
        assert_eq!(
            standing(&user(UserStatus::Verified, None), now),
            Standing::MayBook
        );
        assert_eq!(standing(&user(UserStatus::Pending, None), now), Standing::Pending);
        assert_eq!(
            standing(&user(UserStatus::Rejected, None), now),
            Standing::Rejected
        );
    }

    #[test]
    fn a_suspension_says_until_when_and_ends_then() {
        let now = at8("2026-11-22T21:40:00");
        let until = "2026-11-29T21:40:00";
        assert_eq!(
            standing(&user(UserStatus::Suspended, Some(until)), now),
            Standing::Suspended(Some(at8(until)))
        );
        // A verified account with a running suspension date is suspended too, as on the server.
        assert_eq!(
            standing(&user(UserStatus::Verified, Some(until)), now),
            Standing::Suspended(Some(at8(until)))
        );
        assert_eq!(
            standing(&user(UserStatus::Verified, Some("2026-11-22T21:00:00")), now),
            Standing::MayBook
        );
        assert_eq!(
            standing(&user(UserStatus::Suspended, None), now),
            Standing::Suspended(None)
        );
    }
}
