//! Access codes: `code_length` digits drawn uniformly from the operating system's CSPRNG. Stored
//! only as a blind index (to find the booking at the door) and encrypted (to show its owner again).

use crate::crypto::Vault;
use rand::Rng;
use rand::rngs::OsRng;
use studyroom_api::Rules;

pub fn generate(length: u32) -> String {
    (0..length)
        .map(|_| char::from(b'0' + OsRng.gen_range(0..10u8)))
        .collect()
}

/// The look-up key of a code at one room: the same digits at another room are another key.
pub fn index(vault: &Vault, room_id: &str, code: &str) -> Vec<u8> {
    vault.blind_index("code", &format!("{room_id}:{code}"))
}

pub fn context(booking_id: &str) -> String {
    format!("bookings/{booking_id}/code")
}

/// The most codes of a room that open its doors at one instant: on every seat, the booking in
/// progress, plus the later ones whose early-entry window has already begun (bookings of a seat do
/// not overlap and last at least a slot, so at most `ceil(early / slot)` of those).
pub fn max_open_at_once(seats: usize, rules: &Rules) -> u64 {
    let early = u64::from(rules.early_entry_minutes);
    let slot = u64::from(rules.slot_minutes.max(1));
    seats as u64 * (1 + early.div_ceil(slot))
}

/// The fewest digits (never below 8) for which a stranger's chance to open the room in a day stays
/// at most 1 in 10,000: codes open at once × wrong codes let through a day / 10^digits ≤ 10^-4.
pub fn min_length(seats: usize, rules: &Rules, guesses_per_day: u64) -> u32 {
    let worst = u128::from(max_open_at_once(seats, rules)) * u128::from(guesses_per_day) * 10_000;
    let mut digits = 8;
    while 10u128.pow(digits) < worst {
        digits += 1;
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigger_rooms_and_longer_early_entry_need_longer_codes() {
        let rules = Rules::default();
        assert_eq!(max_open_at_once(16, &rules), 32);
        assert_eq!(min_length(16, &rules, 100), 8);
        // 32 × 100 × 10^4 = 3.2 × 10^7: 8 digits; 500 seats × 2 × 100 × 10^4 = 10^9: 9 digits.
        assert_eq!(min_length(500, &rules, 100), 9);
        let early = Rules {
            early_entry_minutes: 240,
            slot_minutes: 15,
            ..rules
        };
        assert_eq!(max_open_at_once(1, &early), 17);
        assert_eq!(min_length(500, &early, 100), 10);
    }

    #[test]
    fn codes_are_digits_of_the_asked_length_and_vary() {
        let codes: Vec<String> = (0..50).map(|_| super::generate(8)).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 8 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert!(distinct.len() > 45);
        // Every digit turns up in every place over enough draws: no place is stuck.
        let many: Vec<String> = (0..2000).map(|_| super::generate(8)).collect();
        for place in 0..8 {
            let digits: std::collections::HashSet<u8> = many.iter().map(|c| c.as_bytes()[place]).collect();
            assert_eq!(digits.len(), 10, "place {place}");
        }
    }
}
