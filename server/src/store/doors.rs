//! Doors: their tokens, their brute-force counters, and the unlock decision, which is taken and
//! audited in one transaction.

use super::{BookingRecord, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use crate::throttle::DoorPolicy;

#[derive(Debug, Clone)]
pub struct DoorRecord {
    pub id: String,
    pub room_id: String,
    pub name: String,
    pub webhook_url: Option<String>,
    pub webhook_secret_enc: Option<Vec<u8>>,
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
