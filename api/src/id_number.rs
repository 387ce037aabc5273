//! The 18-character resident identity number of GB 11643-1999: a 6-digit region, an 8-digit birth
//! date, a 3-digit sequence and a MOD 11-2 check character (a digit or `X`).

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// An ID number that passed every rule, upper-cased. Debug shows only the masked form: the full
/// number is sensitive personal information and must never reach a log line.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

/// Why an ID number was refused, precise enough for the form to say what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    /// Not 18 characters.
    Length,
    /// A character that is not a digit (or, in the last place, `X`).
    Character,
    /// The birth date (characters 7–14) is not a real date, is before 1900 or is in the future.
    BirthDate,
    /// The last character does not match the other 17: a typo somewhere.
    Checksum,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character that the first 17 digits call for.
pub fn check_char(first17: &[u8; 17]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

impl IdNumber {
    /// Checks every rule; `today` bounds the birth date (the server passes its clock's date, the
    /// phone its own).
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, IdNumberError> {
        let id = input.trim().to_ascii_uppercase();
        let b = id.as_bytes();
        if id.chars().count() != 18 {
            return Err(IdNumberError::Length);
        }
        if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(IdNumberError::Character);
        }
        let birth = birth_date(&id).ok_or(IdNumberError::BirthDate)?;
        if birth > today || birth.year() < 1900 {
            return Err(IdNumberError::BirthDate);
        }
        let first17: &[u8; 17] = b[..17].try_into().expect("length checked above");
        if check_char(first17) != char::from(b[17]) {
            return Err(IdNumberError::Checksum);
        }
        Ok(Self(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `110105********002X`.
    pub fn masked(&self) -> String {
        crate::mask::id_number(&self.0)
    }
}

fn birth_date(id: &str) -> Option<NaiveDate> {
    let n = |r: std::ops::Range<usize>| id.get(r)?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(n(6..10)? as i32, n(10..12)?, n(12..14)?)
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    /// Completes 17 digits with their correct check character.
    fn with_check(first17: &str) -> String {
        let b: &[u8; 17] = first17.as_bytes().try_into().unwrap();
        format!("{first17}{}", check_char(b))
    }

    #[test]
    fn accepts_the_examples_of_the_standard() {
        // The worked example of GB 11643-1999, with an X check character.
        assert!(IdNumber::parse("11010519491231002X", today()).is_ok());
        // The other example's checksum is right, but nobody born in 1880 signs up: a typo.
        assert_eq!(
            IdNumber::parse("440524188001010014", today()),
            Err(IdNumberError::BirthDate)
        );
    }

    #[test]
    fn a_lower_case_x_is_stored_upper_case() {
        let id = IdNumber::parse("11010519491231002x", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn accepts_generated_numbers_including_a_leap_day() {
        for first17 in ["31010119900307123", "44030120000229456", "51010219851111001"] {
            let id = with_check(first17);
            assert!(IdNumber::parse(&id, today()).is_ok(), "{id}");
        }
    }

    #[test]
    fn refuses_a_wrong_check_character() {
        assert_eq!(
            IdNumber::parse("110105194912310021", today()),
            Err(IdNumberError::Checksum)
        );
        assert_eq!(
            IdNumber::parse("440524198001010015", today()),
            Err(IdNumberError::Checksum)
        );
        // One digit swapped in the middle breaks the checksum too.
        assert_eq!(
            IdNumber::parse("11010519491213002X", today()),
            Err(IdNumberError::Checksum)
        );
    }

    #[test]
    fn refuses_impossible_and_future_birth_dates() {
        for first17 in [
            "31010119900230123",
            "31010119901301123",
            "31010119900000123",
            "44030119000229456",
            "31010118990101123",
        ] {
            let id = with_check(first17);
            assert_eq!(
                IdNumber::parse(&id, today()),
                Err(IdNumberError::BirthDate),
                "{id}"
            );
        }
        let tomorrow = with_check("31010120261127123");
        assert_eq!(IdNumber::parse(&tomorrow, today()), Err(IdNumberError::BirthDate));
        let born_today = with_check("31010120261126123");
        assert!(IdNumber::parse(&born_today, today()).is_ok());
    }

    #[test]
    fn refuses_wrong_length_and_characters() {
        assert_eq!(IdNumber::parse("", today()), Err(IdNumberError::Length));
        assert_eq!(
            IdNumber::parse("11010519491231002", today()),
            Err(IdNumberError::Length)
        );
        assert_eq!(
            IdNumber::parse("11010519491231002XX", today()),
            Err(IdNumberError::Length)
        );
        assert_eq!(
            IdNumber::parse("1101051949123100X2", today()),
            Err(IdNumberError::Character)
        );
        assert_eq!(
            IdNumber::parse("11010519491231002Y", today()),
            Err(IdNumberError::Character)
        );
        assert_eq!(
            IdNumber::parse("１１０１０５１９４９１２３１００２X", today()),
            Err(IdNumberError::Character)
        );
    }

    #[test]
    fn debug_never_prints_the_whole_number() {
        let id = IdNumber::parse("11010519491231002X", today()).unwrap();
        assert_eq!(format!("{id:?}"), "IdNumber(110105********002X)");
    }
}
