//! Doors: their tokens, the room's brute-force counter, and the unlock decision, which is taken and
//! audited in one transaction.

use super::{BookingRecord, StoreResult};
use crate::audit::NewEntry;
use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct DoorRecord {
    pub id: String,
    pub room_id: String,
    pub name: String,
    pub webhook_url: Option<String>,
    pub webhook_secret_enc: Option<Vec<u8>>,
    /// Has a kiosk screen that shows presence codes (so the app can open it).
    pub screen: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub enum UnlockOutcome {
    /// The code belongs to a live booking of this room inside its window: it is now checked in.
    /// `seat_changed`: the booking was checked in or came back from a break by this entry (not
    /// already inside), so the seat's state changed.
    Granted {
        booking: Box<BookingRecord>,
        seat_changed: bool,
    },
    /// Wrong, expired, revoked or another room's code. `locked_until` is set when this failure
    /// started a lock-out of the room's doors.
    Refused { locked_until: Option<DateTime<Utc>> },
    /// The room's keypads are locked out; the code was not even looked at.
    Locked { until: DateTime<Utc> },
}

#[async_trait]
pub trait DoorStore: Send + Sync + 'static {
    /// Creates a door, writing `audit` in the same transaction.
    async fn insert_door(&self, door: &DoorRecord, token_hash: &[u8], audit: &NewEntry) -> StoreResult<()>;
    /// The (not revoked) door with this id, if `token_hash` is its token's.
    async fn door_by_token(&self, door_id: &str, token_hash: &[u8]) -> StoreResult<Option<DoorRecord>>;
    /// A door that has not been revoked.
    async fn door(&self, door_id: &str) -> StoreResult<Option<DoorRecord>>;
    /// A room's doors that have not been revoked, oldest first.
    async fn doors_of_room(&self, room_id: &str) -> StoreResult<Vec<DoorRecord>>;
    /// Gives a door a new token (the old one stops working at once); `false` if there is no such
    /// live door. The room's failure count is not touched.
    async fn set_door_token(&self, door_id: &str, token_hash: &[u8], audit: &NewEntry) -> StoreResult<bool>;
    /// Saves a door's name, webhook (URL and encrypted secret) and screen flag; `false` if there is
    /// no such live door.
    async fn update_door(&self, door: &DoorRecord, audit: &NewEntry) -> StoreResult<bool>;
    /// Revokes a door: its token stops working and it leaves every list; the row stays for the
    /// audit log's sake. `false` if there is no such live door.
    async fn revoke_door(&self, door_id: &str, now: DateTime<Utc>, audit: &NewEntry) -> StoreResult<bool>;
    /// Decides an unlock attempt: the room's lock-out, code look-up, check-in and audit, atomically.
    /// `code_index` is `None` for input that cannot be a code at all (it still counts as a failure).
    async fn unlock(
        &self,
        door: &DoorRecord,
        code_index: Option<&[u8]>,
        now: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<UnlockOutcome>;
}
