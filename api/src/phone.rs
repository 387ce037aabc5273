//! A mainland China mobile number: 11 digits, `1[3-9]\d{9}`. A leading `+86` (or `86`, `0086`) and
//! the spaces or dashes people type between groups are accepted and stripped.

use std::fmt;

/// A phone number that is known to be valid; the only way to get one is [`Phone::parse`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing was typed.
    Empty,
    /// Not 11 digits starting with 13–19 once the country code and separators are removed.
    Format,
}

impl Phone {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        if compact.is_empty() {
            return Err(PhoneError::Empty);
        }
        let digits = ["+86", "0086"]
            .iter()
            .find_map(|p| compact.strip_prefix(p))
            .or_else(|| compact.strip_prefix("86").filter(|rest| rest.len() == 11))
            .unwrap_or(&compact);
        let b = digits.as_bytes();
        let valid = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        if valid {
            Ok(Self(digits.to_owned()))
        } else {
            Err(PhoneError::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****0000`: what may be shown on any screen.
    pub fn masked(&self) -> String {
        crate::mask::phone(&self.0)
    }
}

/// Debug shows the masked form: a phone number is personal information and must not reach logs.
impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_and_prefixed_mobile_numbers() {
        for input in [
            "13800138000",
            "+8613800138000",
            "008613800138000",
            "8613800138000",
            "138 0013 8000",
            "138-0013-8000",
        ] {
            assert_eq!(Phone::parse(input).unwrap().as_str(), "13800138000", "{input}");
        }
        assert!(Phone::parse("19912345678").is_ok());
    }

    #[test]
    fn refuses_what_is_not_a_mainland_mobile() {
        assert_eq!(Phone::parse(""), Err(PhoneError::Empty));
        for input in [
            "12800138000",
            "1380013800",
            "138001380001",
            "23800138000",
            "1380013800x",
            "+85213800138000",
            "１３８００１３８０００",
        ] {
            assert_eq!(Phone::parse(input), Err(PhoneError::Format), "{input}");
        }
    }

    #[test]
    fn debug_never_prints_the_whole_number() {
        let p = Phone::parse("13800138000").unwrap();
        assert_eq!(format!("{p:?}"), "Phone(138****8000)");
    }
}
