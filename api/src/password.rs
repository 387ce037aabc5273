//! A password as typed at signup: at least 8 characters, and not absurdly long (hashing a
//! megabyte-long password with Argon2 would be a cheap way to burn the server's CPU).

use std::fmt;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// A password that meets the rules. Never printed: Debug shows a placeholder.
#[derive(Clone)]
pub struct Password(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
}

impl Password {
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        match input.chars().count() {
            n if n < MIN_CHARS => Err(PasswordError::TooShort),
            n if n > MAX_CHARS => Err(PasswordError::TooLong),
            _ => Ok(Self(input.to_owned())),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules_count_characters_not_bytes() {
        assert_eq!(Password::parse("1234567").unwrap_err(), PasswordError::TooShort);
        assert!(Password::parse("12345678").is_ok());
        assert!(Password::parse("自习室自习室自习").is_ok());
        assert_eq!(
            Password::parse(&"a".repeat(129)).unwrap_err(),
            PasswordError::TooLong
        );
    }

    #[test]
    fn debug_hides_the_password() {
        assert!(!format!("{:?}", Password::parse("hunter2hunter2").unwrap()).contains("hunter2"));
    }
}
