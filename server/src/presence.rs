//! Presence codes: what a door's kiosk shows, so that the app's "open door" proves the person is
//! standing at that door. Time-based one-time codes as in RFC 6238 (30-second steps, dynamic
//! truncation to 6 digits), with HMAC-SHA256 under a per-door secret derived from the server's key.
//! The current and the previous step are accepted: a code read off the screen just before it
//! changes still works.

use crate::crypto::Vault;
use chrono::{DateTime, Duration, Utc};

pub const STEP_SECS: i64 = 30;
pub const DIGITS: u32 = 6;

fn step_of(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(STEP_SECS)
}

fn code_at(vault: &Vault, door_id: &str, step: i64) -> String {
    let mac = vault.presence_mac(door_id, step);
    // RFC 4226 dynamic truncation.
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let bin =
        u32::from_be_bytes([mac[offset], mac[offset + 1], mac[offset + 2], mac[offset + 3]]) & 0x7fff_ffff;
    format!("{:0width$}", bin % 10u32.pow(DIGITS), width = DIGITS as usize)
}

/// The code a door's kiosk shows at `now`, and when the next one replaces it.
pub fn current(vault: &Vault, door_id: &str, now: DateTime<Utc>) -> (String, DateTime<Utc>) {
    let step = step_of(now);
    let until =
        DateTime::from_timestamp((step + 1) * STEP_SECS, 0).unwrap_or(now + Duration::seconds(STEP_SECS));
    (code_at(vault, door_id, step), until)
}

/// Whether `typed` is the door's code now or one step ago. Compared in constant time.
pub fn check(vault: &Vault, door_id: &str, now: DateTime<Utc>, typed: &str) -> bool {
    let typed = typed.trim();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let step = step_of(now);
    [step, step - 1].into_iter().fold(false, |ok, s| {
        let expected = code_at(vault, door_id, s);
        let same = expected
            .bytes()
            .zip(typed.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        ok | same
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SecretKey;

    #[test]
    fn a_code_holds_for_its_step_and_the_next_then_expires() {
        let vault = Vault::new(&SecretKey::generate());
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let (code, until) = current(&vault, "d1", t);
        assert_eq!(code.len(), 6);
        assert_eq!(until.timestamp() % STEP_SECS, 0);
        assert!(check(&vault, "d1", t, &code));
        assert!(check(&vault, "d1", until, &code), "one step later it still opens");
        assert!(!check(&vault, "d1", until + Duration::seconds(STEP_SECS), &code));
        assert!(!check(&vault, "d2", t, &code) || current(&vault, "d2", t).0 == code);
        assert!(!check(&vault, "d1", t, "12345"));
        assert!(!check(&vault, "d1", t, "abcdef"));
    }

    #[test]
    fn codes_change_every_step_and_differ_per_door() {
        let vault = Vault::new(&SecretKey::generate());
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let codes: std::collections::HashSet<String> = (0..50)
            .map(|i| current(&vault, "d1", t + Duration::seconds(STEP_SECS * i)).0)
            .collect();
        assert!(codes.len() > 45);
        let doors: std::collections::HashSet<String> =
            (0..50).map(|i| current(&vault, &format!("d{i}"), t).0).collect();
        assert!(doors.len() > 45);
    }
}
