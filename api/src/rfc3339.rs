//! Reading the wire's times (`2026-11-26T10:50:00+08:00`, RFC 3339) in the browser apps.
//!
//! chrono's own `FromStr` goes through its general format parser (`parse_internal`, about 10 KB
//! of wasm with its helpers) to accept a relaxed RFC 3339; the server only ever sends the strict
//! form, which a few lines read. The wire types use these functions through
//! `#[cfg_attr(target_arch = "wasm32", serde(deserialize_with = …))]`: the server keeps chrono's
//! parser, and what it accepts does not change. The tests hold the two to the same answers.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Deserializer, de::Error};

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with `t` or a space for `T` and `z` for `Z` as
/// RFC 3339 allows; `None` for anything else or a date or time that does not exist.
pub fn parse(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    let digits = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0, |n: u32, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if b.len() < 20 || separators.iter().any(|&(at, c)| b[at] != c) || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(0, 4)? as i32, digits(5, 7)?, digits(8, 10)?)?;
    let (hour, minute, mut second) = (digits(11, 13)?, digits(14, 16)?, digits(17, 19)?);
    let mut nano = 0;
    let mut rest = &b[19..];
    if let [b'.', fraction @ ..] = rest {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        // Nanoseconds are the first nine digits; chrono drops the rest too.
        for (place, &c) in fraction[..len.min(9)].iter().enumerate() {
            nano += u32::from(c - b'0') * 10u32.pow(8 - place as u32);
        }
        rest = &fraction[len..];
    }
    // A leap second, as chrono keeps it: the 59th second, a second longer.
    if second == 60 {
        second = 59;
        nano += 1_000_000_000;
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(b.len() - 5, b.len() - 3)?, digits(b.len() - 2, b.len())?);
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i32;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    FixedOffset::east_opt(offset)?
        .from_local_datetime(&date.and_time(time))
        .single()
}

/// serde's `deserialize_with` for a time.
pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
    let s = String::deserialize(d)?;
    parse(&s).ok_or_else(|| D::Error::custom("not an RFC 3339 time"))
}

/// serde's `deserialize_with` for a time that may be absent or null (the field also needs
/// `#[serde(default)]`).
pub fn optional_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    match Option::<String>::deserialize(d)? {
        Some(s) => parse(&s)
            .map(Some)
            .ok_or_else(|| D::Error::custom("not an RFC 3339 time")),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What chrono's `FromStr` (the server's parser) makes of `s`.
    fn chrono(s: &str) -> Option<DateTime<FixedOffset>> {
        s.parse().ok()
    }

    #[test]
    fn what_the_server_sends_reads_as_chrono_reads_it() {
        for s in [
            "2026-11-26T10:50:00+08:00",
            "2026-11-26T10:50:00-05:30",
            "2026-11-26T10:50:00+05:45",
            "2026-11-26T02:50:00+00:00",
            "2026-11-26T02:50:00Z",
            "2026-11-26t02:50:00z",
            "2026-11-26 02:50:00Z",
            "2026-11-26T10:50:00.5+08:00",
            "2026-11-26T10:50:00.123+08:00",
            "2026-11-26T10:50:00.123456789+08:00",
            "2026-11-26T10:50:00.1234567891234+08:00",
            "2024-02-29T23:59:59+08:00",
            "2016-12-31T23:59:60Z",
            "2026-12-31T23:59:59-14:00",
            "1999-01-01T00:00:00+23:59",
        ] {
            let ours = parse(s);
            assert!(ours.is_some(), "{s}");
            assert_eq!(ours, chrono(s), "{s}");
            // Same instant and the same offset, down to the nanosecond.
            assert_eq!(
                ours.map(|t| t.to_rfc3339()),
                chrono(s).map(|t| t.to_rfc3339()),
                "{s}"
            );
        }
    }

    #[test]
    fn what_is_not_a_time_is_refused_like_chrono_refuses_it() {
        for s in [
            "",
            "2026-11-26",
            "2026-11-26T10:50:00",
            "2026-11-26T10:50+08:00",
            "2026-02-29T10:50:00+08:00",
            "2026-11-31T10:50:00+08:00",
            "2026-13-01T10:50:00+08:00",
            "2026-11-26T24:00:00+08:00",
            "2026-11-26T10:60:00+08:00",
            "2026-11-26T10:50:61+08:00",
            "2026-11-26T10:50:00.+08:00",
            "2026-11-26T10:50:00+08:0",
            "2026-11-26T10:50:00+24:00",
            "2026-11-26X10:50:00+08:00",
            "2026/11/26T10:50:00+08:00",
            "2026-1a-26T10:50:00+08:00",
            "2026-11-26T10:50:00Zjunk",
        ] {
            assert_eq!(parse(s), None, "{s}");
            assert_eq!(chrono(s), None, "{s}");
        }
    }

    /// chrono's `FromStr` is relaxed beyond RFC 3339; the server never sends these forms.
    #[test]
    fn chronos_relaxed_forms_are_not_read() {
        for s in ["2026-11-26T10:50:00 +08:00", "2026-11-26T10:50:00+08:00 "] {
            assert_eq!(parse(s), None, "{s}");
            assert!(chrono(s).is_some(), "{s}");
        }
    }
}
