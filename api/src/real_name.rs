//! A real name as written on the resident ID card: 2–30 characters of CJK or other letters, the
//! middle dot `·` of minority and transliterated names, and spaces.

use std::fmt;

/// A real name that meets the rules, trimmed. Debug shows only the masked form.
#[derive(Clone, PartialEq, Eq)]
pub struct RealName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RealNameError {
    TooShort,
    TooLong,
    /// A digit, punctuation other than `·`, or an emoji.
    Character,
}

impl RealName {
    pub fn parse(input: &str) -> Result<Self, RealNameError> {
        // People type the dot in several look-alike forms; the ID card has one.
        let name: String = input
            .trim()
            .chars()
            .map(|c| {
                if matches!(c, '•' | '・' | '．' | '●') {
                    '·'
                } else {
                    c
                }
            })
            .collect();
        let count = name.chars().count();
        if count < 2 {
            return Err(RealNameError::TooShort);
        }
        if count > 30 {
            return Err(RealNameError::TooLong);
        }
        if !name.chars().all(|c| c.is_alphabetic() || c == '·' || c == ' ') {
            return Err(RealNameError::Character);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `张*明`: what members and door screens may see.
    pub fn masked(&self) -> String {
        crate::mask::name(&self.0)
    }
}

impl fmt::Debug for RealName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RealName({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_chinese_minority_and_latin_names() {
        for name in ["张明", "欧阳娜娜", "买买提·艾力", "John Smith", "  李雷 "] {
            assert!(RealName::parse(name).is_ok(), "{name}");
        }
        assert_eq!(RealName::parse("阿依•古丽").unwrap().as_str(), "阿依·古丽");
        assert_eq!(RealName::parse("  李雷 ").unwrap().as_str(), "李雷");
    }

    #[test]
    fn refuses_short_long_and_odd_names() {
        assert_eq!(RealName::parse("张").unwrap_err(), RealNameError::TooShort);
        assert_eq!(RealName::parse("   ").unwrap_err(), RealNameError::TooShort);
        assert_eq!(
            RealName::parse(&"张".repeat(31)).unwrap_err(),
            RealNameError::TooLong
        );
        for name in ["张3", "张明!", "张明😀", "<script>"] {
            assert_eq!(
                RealName::parse(name).unwrap_err(),
                RealNameError::Character,
                "{name}"
            );
        }
    }
}
