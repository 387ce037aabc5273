//! The door kiosk's keypad: which key does what (on screen or on a physical keyboard), how the
//! typed code grows and shrinks, how long an answer stays on screen, and how a kiosk left alone
//! tidies itself up for the next person.

/// Codes have 8 to 10 digits (`Rules::code_length`); more is never a code.
pub const MAX_DIGITS: usize = 10;
/// Fewer digits than the shortest code cannot open anything: the Open key waits.
pub const MIN_DIGITS: usize = 8;
/// How long a granted/refused/locked answer stays before the keypad is fresh for the next person.
pub const RESULT_SECONDS: u64 = 5;
/// Half-typed digits are forgotten after this long without a key: the next person must not find
/// (or finish) someone else's code.
pub const FORGET_TYPED_SECONDS: u64 = 8;
/// A kiosk nobody has touched for this long goes back to Chinese and closes the manager's form.
pub const IDLE_SECONDS: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Digit(char),
    Delete,
    Clear,
    Open,
}

/// A physical keyboard's key (`KeyboardEvent.key`): digits (the number row and the keypad both
/// give "0"–"9"), Backspace/Delete, Escape to clear, Enter to open.
pub fn key_from_keyboard(key: &str) -> Option<Key> {
    match key {
        "Backspace" | "Delete" => Some(Key::Delete),
        "Escape" => Some(Key::Clear),
        "Enter" => Some(Key::Open),
        _ => {
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_digit() => Some(Key::Digit(c)),
                _ => None,
            }
        }
    }
}

/// Applies a key to the typed code. Returns true when the code should be sent.
pub fn press(code: &mut String, key: Key) -> bool {
    match key {
        Key::Digit(c) if code.len() < MAX_DIGITS => code.push(c),
        Key::Digit(_) => {}
        Key::Delete => {
            code.pop();
        }
        Key::Clear => code.clear(),
        Key::Open => return code.len() >= MIN_DIGITS,
    }
    false
}

/// The dots of the display: how many are filled, and how many to draw (at least the usual eight).
pub fn dots(typed: usize) -> (usize, usize) {
    (typed, typed.max(MIN_DIGITS))
}

/// A lock-out's length in seconds, from `Retry-After` (a minute when the header is missing).
pub fn lockout_seconds(retry_after_secs: Option<u64>) -> u64 {
    retry_after_secs.unwrap_or(60).max(1)
}

/// Whole seconds left of a lock-out with `ms_left` milliseconds to go (a part second counts).
pub fn seconds_left(ms_left: i64) -> i64 {
    (ms_left.max(0) + 999) / 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_a_physical_keyboard() {
        assert_eq!(key_from_keyboard("7"), Some(Key::Digit('7')));
        assert_eq!(key_from_keyboard("Enter"), Some(Key::Open));
        assert_eq!(key_from_keyboard("Backspace"), Some(Key::Delete));
        assert_eq!(key_from_keyboard("Escape"), Some(Key::Clear));
        assert_eq!(key_from_keyboard("a"), None);
        assert_eq!(key_from_keyboard("F5"), None);
        assert_eq!(key_from_keyboard("٣"), None);
    }

    #[test]
    fn the_code_grows_to_ten_digits_and_opens_from_eight() {
        let mut code = String::new();
        for c in "4820731".chars() {
            assert!(!press(&mut code, Key::Digit(c)));
        }
        assert!(!press(&mut code, Key::Open), "seven digits are not a code");
        press(&mut code, Key::Digit('5'));
        assert!(press(&mut code, Key::Open));
        for _ in 0..5 {
            press(&mut code, Key::Digit('9'));
        }
        assert_eq!(code, "4820731599");
        press(&mut code, Key::Delete);
        assert_eq!(code, "482073159");
        press(&mut code, Key::Clear);
        assert_eq!(code, "");
        press(&mut code, Key::Delete);
        assert_eq!(code, "");
    }

    #[test]
    fn the_display_and_the_lockout_read_plainly() {
        assert_eq!(dots(3), (3, 8));
        assert_eq!(dots(10), (10, 10));
    }

    #[test]
    fn a_lockout_counts_down_in_whole_seconds() {
        assert_eq!(lockout_seconds(Some(300)), 300);
        assert_eq!(lockout_seconds(None), 60);
        assert_eq!(lockout_seconds(Some(0)), 1);
        assert_eq!(seconds_left(10_000), 10);
        assert_eq!(seconds_left(9_500), 10);
        assert_eq!(seconds_left(999), 1);
        assert_eq!(seconds_left(0), 0);
        assert_eq!(seconds_left(-2_000), 0);
    }
}
