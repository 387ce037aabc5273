//! Brute-force policies. Logins: a few free failures per account, then a lock-out that doubles with
//! every further failure up to a cap, keyed on the phone number (through the blind index), never on
//! the client address: renters of one building often share one public address. Doors: the same
//! doubling per door, with failures that leak away over time (see the README's arithmetic).

use chrono::Duration;

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures allowed before the first lock-out.
    pub free_failures: u32,
    pub first_lockout: Duration,
    pub max_lockout: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            free_failures: 5,
            first_lockout: Duration::minutes(1),
            max_lockout: Duration::hours(1),
        }
    }
}

impl ThrottlePolicy {
    /// How long to lock after the `failures`-th failure in a row (`None`: not yet).
    pub fn lockout_after(&self, failures: u32) -> Option<Duration> {
        let over = failures.checked_sub(self.free_failures)?;
        Some(doubling(self.first_lockout, self.max_lockout, over))
    }
}

/// `first`, doubled `steps` times, never more than `max`.
fn doubling(first: Duration, max: Duration, steps: u32) -> Duration {
    let factor = 1i32.checked_shl(steps.min(30)).unwrap_or(i32::MAX);
    first.checked_mul(factor).unwrap_or(max).min(max)
}

/// How a door resists guessing. Failures leak away one per `decay` without a new failure; past
/// `free_failures` each failure locks the keypad, for `first_lockout` doubling up to `max_lockout`.
/// Issuing codes never resets the count, nor does a granted code (or a renter with a live code
/// could reset it for a guesser standing behind them). README, "The door", has the arithmetic.
#[derive(Debug, Clone, Copy)]
pub struct DoorPolicy {
    pub free_failures: u32,
    pub first_lockout: Duration,
    pub max_lockout: Duration,
    pub decay: Duration,
}

impl Default for DoorPolicy {
    fn default() -> Self {
        Self {
            free_failures: 5,
            first_lockout: Duration::minutes(1),
            max_lockout: Duration::hours(1),
            decay: Duration::minutes(20),
        }
    }
}

impl DoorPolicy {
    /// The failure count after leaking for the time since the last failure.
    pub fn decayed(&self, failures: u32, since_last: Duration) -> u32 {
        let leaked = since_last.num_seconds().max(0) / self.decay.num_seconds().max(1);
        failures.saturating_sub(u32::try_from(leaked).unwrap_or(u32::MAX))
    }

    /// The lock-out after the `failures`-th failure, if any.
    pub fn lockout_after(&self, failures: u32) -> Option<Duration> {
        let over = failures.checked_sub(self.free_failures + 1)?;
        Some(doubling(self.first_lockout, self.max_lockout, over))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_free_failures_and_doubles_to_the_cap() {
        let p = ThrottlePolicy::default();
        assert_eq!(p.lockout_after(4), None);
        assert_eq!(p.lockout_after(5), Some(Duration::minutes(1)));
        assert_eq!(p.lockout_after(6), Some(Duration::minutes(2)));
        assert_eq!(p.lockout_after(8), Some(Duration::minutes(8)));
        assert_eq!(p.lockout_after(11), Some(Duration::hours(1)));
        assert_eq!(p.lockout_after(1000), Some(Duration::hours(1)));
    }

    #[test]
    fn failures_leak_away_and_lockouts_double_to_the_cap() {
        let p = DoorPolicy::default();
        assert_eq!(p.decayed(5, Duration::minutes(19)), 5);
        assert_eq!(p.decayed(5, Duration::minutes(40)), 3);
        assert_eq!(p.decayed(2, Duration::hours(24)), 0);
        assert_eq!(p.lockout_after(5), None);
        assert_eq!(p.lockout_after(6), Some(Duration::minutes(1)));
        assert_eq!(p.lockout_after(7), Some(Duration::minutes(2)));
        assert_eq!(p.lockout_after(12), Some(Duration::hours(1)));
    }
}
