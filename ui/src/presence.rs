//! The door's presence code: six digits that the kiosk on the wall shows and changes every 30 s,
//! and that the app's "open door" must send, proving the renter stands at that door. Here: how a
//! typed or scanned code is cleaned up, how the kiosk shows it, and when the kiosk asks for the
//! next one. Plain functions of an explicit `now`, tested natively.

use chrono::{DateTime, FixedOffset, Utc};

/// A presence code has this many digits.
pub const LENGTH: usize = 6;
/// How long a code changes after (the server's step).
pub const STEP_SECONDS: i64 = 30;
/// The server accepts the current code and the one before it, so a code stays good for at least
/// one whole step after it was fetched, whatever the kiosk's clock says. The kiosk stops showing a
/// code it could not replace after this long.
pub const GOOD_FOR_MS: u64 = STEP_SECONDS as u64 * 1000;
/// When the kiosk's clock and the server's disagree, it asks this often instead: a code shown is
/// then never older than this, well inside [`GOOD_FOR_MS`].
pub const POLL_MS: u64 = 10_000;

/// What someone typed, as the code to send: digits only (a Chinese keyboard may give full-width
/// ones), at most six.
pub fn typed(input: &str) -> String {
    input
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
            _ => None,
        })
        .take(LENGTH)
        .collect()
}

/// A scanned QR's text, if it is a presence code (the kiosk's QR holds just the six digits).
pub fn from_scan(raw: &str) -> Option<String> {
    let raw = raw.trim();
    (raw.len() == LENGTH && raw.bytes().all(|b| b.is_ascii_digit())).then(|| raw.to_owned())
}

/// `482 073`: two groups of three, read off from a step away.
pub fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 1);
    for (i, c) in code.chars().enumerate() {
        if i > 0 && i % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// How long the kiosk waits before asking for the next code, given when the current one stops
/// being current. A kiosk clock that agrees with the server's asks just after the step turns; one
/// a little ahead asks again soon; one far off (or the server's clock under test) polls.
pub fn refresh_delay_ms(valid_until: DateTime<FixedOffset>, now: DateTime<Utc>) -> u64 {
    let left = (valid_until.with_timezone(&Utc) - now).num_milliseconds();
    match left {
        1..=31_000 => left as u64 + 500,
        -5_000..=0 => 1_000,
        _ => POLL_MS,
    }
}

/// After `failures` failed asks in a row: 1, 2, 4, 8, 16 s, then every 30 s.
pub fn retry_delay_ms(failures: u32) -> u64 {
    match failures {
        0..=5 => 1_000 << failures.saturating_sub(1),
        _ => 30_000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn typed_codes_keep_six_digits() {
        assert_eq!(typed("482 073"), "482073");
        assert_eq!(typed("４８２０７３"), "482073");
        assert_eq!(typed("12345678"), "123456");
        assert_eq!(typed("12a"), "12");
        assert_eq!(typed(""), "");
    }

    #[test]
    fn only_a_six_digit_scan_is_a_code() {
        assert_eq!(from_scan(" 482073\n"), Some("482073".into()));
        assert_eq!(from_scan("48207"), None);
        assert_eq!(from_scan("https://example.com/482073"), None);
        assert_eq!(from_scan("４８２０７３"), None);
    }

    #[test]
    fn the_code_reads_in_two_groups() {
        assert_eq!(spaced("482073"), "482 073");
        assert_eq!(spaced("48"), "48");
    }

    #[test]
    fn the_kiosk_asks_again_when_the_step_turns() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 13, 40, 10).unwrap();
        let at = |s: i64| (now + chrono::TimeDelta::milliseconds(s)).fixed_offset();
        assert_eq!(refresh_delay_ms(at(20_000), now), 20_500);
        // A little ahead of the server: the same code came back; ask again soon.
        assert_eq!(refresh_delay_ms(at(-1_500), now), 1_000);
        // Far off either way: poll.
        assert_eq!(refresh_delay_ms(at(-3_600_000), now), POLL_MS);
        assert_eq!(refresh_delay_ms(at(86_400_000), now), POLL_MS);
    }

    #[test]
    fn failed_asks_back_off_to_half_a_minute() {
        let delays: Vec<u64> = (1..=8).map(retry_delay_ms).collect();
        assert_eq!(
            delays,
            [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
        );
        assert_eq!(retry_delay_ms(0), 1_000);
    }
}
