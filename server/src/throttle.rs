//! The login throttle's policy: a few free failures per account, then a lock-out that doubles with
//! every further failure up to a cap. Keyed on the phone number (through the blind index), never on
//! the client address: renters of one building often share one public address.

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
        let factor = 1i32.checked_shl(over.min(30)).unwrap_or(i32::MAX);
        Some(
            self.first_lockout
                .checked_mul(factor)
                .unwrap_or(self.max_lockout)
                .min(self.max_lockout),
        )
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
}
