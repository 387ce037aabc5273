//! Doors: their tokens, their brute-force counters, and the unlock decision, which is taken and
//! audited in one transaction.

use super::{BookingRecord, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone)]
pub struct DoorRecord {
    pub id: String,
    pub room_id: String,
    pub name: String,
    pub webhook_url: Option<String>,
    pub webhook_secret_enc: Option<Vec<u8>>,
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
        let factor = 1i32.checked_shl(over.min(30)).unwrap_or(i32::MAX);
        Some(
            self.first_lockout
                .checked_mul(factor)
                .unwrap_or(self.max_lockout)
                .min(self.max_lockout),
        )
    }
}

#[derive(Debug, Clone)]
pub enum UnlockOutcome {
    /// The code belongs to a live booking of this room inside its window: it is now checked in.
    Granted(Box<BookingRecord>),
    /// Wrong, expired, revoked or another room's code. `locked_until` is set when this failure
    /// started a lock-out.
    Refused { locked_until: Option<DateTime<Utc>> },
    /// The keypad is locked out; the code was not even looked at.
    Locked { until: DateTime<Utc> },
}

#[async_trait]
pub trait DoorStore: Send + Sync + 'static {
    async fn insert_door(&self, door: &DoorRecord, token_hash: &[u8], now: DateTime<Utc>) -> StoreResult<()>;
    /// The door with this id, if `token_hash` is its token's.
    async fn door_by_token(&self, door_id: &str, token_hash: &[u8]) -> StoreResult<Option<DoorRecord>>;
    async fn doors_of_room(&self, room_id: &str) -> StoreResult<Vec<DoorRecord>>;
    async fn set_door_token(&self, door_id: &str, token_hash: &[u8]) -> StoreResult<()>;
    /// Decides an unlock attempt: lock-out, code look-up, check-in and audit, atomically.
    /// `code_index` is `None` for input that cannot be a code at all (it still counts as a failure).
    async fn unlock(
        &self,
        door: &DoorRecord,
        code_index: Option<&[u8]>,
        now: DateTime<Utc>,
        policy: &DoorPolicy,
    ) -> StoreResult<UnlockOutcome>;
}

#[cfg(test)]
mod tests {
    use super::*;

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
