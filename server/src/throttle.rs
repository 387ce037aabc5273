//! Brute-force policies: one shape for logins, presence codes and doors. A few free failures, then a
//! lock-out that doubles with every further failure up to a cap; failures leak away one per `decay`
//! without a new failure, so a lock-out is an inconvenience that wears off, never a standing denial.
//! Logins key on the phone number typed (through its blind index), presence codes on the person,
//! doors on the room: never on the client address, since renters of one building often share one.
//!
//! [`ThrottlePolicy::max_guesses`] computes, exactly, the most failures the policy lets through in a
//! window: the number the README's door arithmetic and the code-length rule rest on.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures in a row that lock nothing; the next one starts the first lock-out.
    pub free_failures: u32,
    pub first_lockout: Duration,
    pub max_lockout: Duration,
    /// One failure leaks away per `decay` without a new failure.
    pub decay: Duration,
}

impl ThrottlePolicy {
    /// Logins and presence codes: the fifth failure in a row locks for a minute.
    pub fn login() -> Self {
        Self {
            free_failures: 4,
            first_lockout: Duration::minutes(1),
            max_lockout: Duration::hours(1),
            decay: Duration::minutes(20),
        }
    }

    /// A room's doors: five wrong codes are free (fat fingers), the sixth locks the keypads.
    pub fn door() -> Self {
        Self {
            free_failures: 5,
            ..Self::login()
        }
    }

    /// The failure count after leaking for the time since the last failure.
    pub fn decayed(&self, failures: u32, since_last: Duration) -> u32 {
        let leaked = since_last.num_seconds().max(0) / self.decay.num_seconds().max(1);
        failures.saturating_sub(u32::try_from(leaked).unwrap_or(u32::MAX))
    }

    /// How long to lock after the `failures`-th failure in a row (`None`: not yet).
    pub fn lockout_after(&self, failures: u32) -> Option<Duration> {
        let over = failures.checked_sub(self.free_failures + 1)?;
        let factor = 1i32.checked_shl(over.min(30)).unwrap_or(i32::MAX);
        Some(
            self.first_lockout
                .checked_mul(factor)
                .unwrap_or(self.max_lockout)
                .min(self.max_lockout),
        )
    }

    /// A failure at `now`, given the count on record and when its last failure was: the new count
    /// and the lock-out it starts, if any.
    pub fn fail(
        &self,
        failures: u32,
        last_failure: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> (u32, Option<DateTime<Utc>>) {
        let since = last_failure.map_or(Duration::zero(), |t| now - t);
        let failures = self.decayed(failures, since).saturating_add(1);
        (failures, self.lockout_after(failures).map(|d| now + d))
    }

    /// The most failures this policy lets through in any `window`, for an attacker who times
    /// every guess perfectly, starting from a clean count. Exact, by dynamic programming over
    /// whole minutes: every duration of the policy is whole minutes, and the best next guess
    /// always falls at the end of a lock-out or at a whole number of `decay` periods.
    pub fn max_guesses(&self, window: Duration) -> u64 {
        let minutes = |d: Duration| usize::try_from(d.num_minutes()).unwrap_or(0);
        let (w, decay) = (minutes(window), minutes(self.decay).max(1));
        // Counts past the point where the lock-out reaches its cap only make things worse for the
        // attacker; this ceiling is far above any count an optimal attacker reaches.
        let cap = self.free_failures as usize + 64;
        let lock = |c: usize| self.lockout_after(c as u32).map_or(0, minutes);
        // best[t][c]: guesses still possible after a guess at minute t that left the count at c.
        let mut best = vec![vec![0u64; cap + 2]; w + 1];
        for t in (0..w).rev() {
            for c in (1..=cap).rev() {
                let mut most = 0;
                for k in 0..=(w - t) / decay {
                    let next = t + (decay * k).max(lock(c));
                    if next >= w || (next - t) / decay != k {
                        continue;
                    }
                    let after = (c.saturating_sub(k) + 1).min(cap + 1);
                    let later = if after > cap { 0 } else { best[next][after] };
                    most = most.max(1 + later);
                }
                best[t][c] = most;
            }
        }
        if w == 0 { 0 } else { 1 + best[0][1] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_free_failures_and_doubles_to_the_cap() {
        let p = ThrottlePolicy::login();
        assert_eq!(p.lockout_after(4), None);
        assert_eq!(p.lockout_after(5), Some(Duration::minutes(1)));
        assert_eq!(p.lockout_after(6), Some(Duration::minutes(2)));
        assert_eq!(p.lockout_after(8), Some(Duration::minutes(8)));
        assert_eq!(p.lockout_after(11), Some(Duration::hours(1)));
        assert_eq!(p.lockout_after(1000), Some(Duration::hours(1)));
        let d = ThrottlePolicy::door();
        assert_eq!(d.lockout_after(5), None);
        assert_eq!(d.lockout_after(6), Some(Duration::minutes(1)));
        assert_eq!(d.lockout_after(12), Some(Duration::hours(1)));
    }

    #[test]
    fn failures_leak_away() {
        let p = ThrottlePolicy::door();
        assert_eq!(p.decayed(5, Duration::minutes(19)), 5);
        assert_eq!(p.decayed(5, Duration::minutes(40)), 3);
        assert_eq!(p.decayed(2, Duration::hours(24)), 0);
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
        assert_eq!(p.fail(5, Some(now - Duration::minutes(20)), now), (5, None));
        assert_eq!(
            p.fail(5, Some(now - Duration::minutes(19)), now),
            (6, Some(now + Duration::minutes(1)))
        );
    }

    #[test]
    fn the_most_guesses_a_day_is_computed_exactly() {
        let day = Duration::hours(24);
        let door = ThrottlePolicy::door().max_guesses(day);
        // One guess per decay period never raises the count (72 a day), plus the free ones, plus
        // what a burst at the end of the day buys with lock-outs the attacker never waits out.
        assert!(door >= 77, "{door}");
        assert_eq!(door, DOOR_GUESSES_PER_DAY);
        // A shorter window is checked by hand: in 10 minutes, five free failures at once, then the
        // sixth (locks 1 min), seventh (2 min later; locks 2), eighth (at 3; locks 4): at minute 7
        // the ninth locks 8, and the window has ended.
        assert_eq!(ThrottlePolicy::door().max_guesses(Duration::minutes(10)), 9);
        // A harsher policy lets fewer through.
        let harsh = ThrottlePolicy {
            decay: Duration::hours(1),
            ..ThrottlePolicy::door()
        };
        assert!(harsh.max_guesses(day) < door);
    }

    /// The figure quoted in the README.
    const DOOR_GUESSES_PER_DAY: u64 = 81;
}
