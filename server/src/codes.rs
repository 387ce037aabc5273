//! Access codes: `code_length` digits drawn uniformly from the operating system's CSPRNG. Stored
//! only as a blind index (to find the booking at the door) and encrypted (to show its owner again).

use crate::crypto::Vault;
use rand::Rng;
use rand::rngs::OsRng;

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

#[cfg(test)]
mod tests {
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
