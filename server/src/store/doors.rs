//! Doors: their tokens, the room's brute-force counter, and the unlock decision, which is taken and
//! audited in one transaction.

use super::columns::Columns;
use super::{BookingRecord, Change, StoreResult};
use crate::audit::NewEntry;
use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use studyroom_api::BookingState;

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

/// The columns of `doors` that [`DoorRecord::from_row`] reads, as both stores select them.
pub(super) const DOOR_COLUMNS: &str = "id, room_id, name, webhook_url, webhook_secret, screen, created_at";

impl DoorRecord {
    /// One row of [`DOOR_COLUMNS`], from either database.
    pub(super) fn from_row(row: &impl Columns) -> StoreResult<Self> {
        Ok(Self {
            id: row.text("id")?,
            room_id: row.text("room_id")?,
            name: row.text("name")?,
            webhook_url: row.opt_text("webhook_url")?,
            webhook_secret_enc: row.opt_bytes("webhook_secret")?,
            screen: row.flag("screen")?,
            created_at: row.time("created_at")?,
        })
    }
}

/// What letting a booking's code in changes: an upcoming booking is checked in, one on a break is
/// back; one already inside (a second tap, a friend let in) changes nothing about the seat.
pub(super) fn entry_change(state: BookingState, now: DateTime<Utc>) -> Option<Change> {
    match state {
        BookingState::Upcoming => Some(Change {
            to: Some(BookingState::Active),
            checked_in_at: Some(now),
            ..Default::default()
        }),
        BookingState::Away => Some(Change {
            to: Some(BookingState::Active),
            away_until: Some(None),
            ..Default::default()
        }),
        _ => None,
    }
}

/// The audit entry of an attempt refused unseen: the room's keypads are locked out until `until`.
pub(super) fn locked_out_entry(d: &DoorRecord, now: DateTime<Utc>, until: DateTime<Utc>) -> NewEntry {
    let detail = format!("refused unseen until {}", until.to_rfc3339());
    NewEntry::new(now, "door_locked_out", door_actor(d), detail)
}

/// The audit entry of an attempt that let `booking` in.
pub(super) fn granted_entry(d: &DoorRecord, now: DateTime<Utc>, booking: &BookingRecord) -> NewEntry {
    let detail = format!("granted booking {} seat {}", booking.id, booking.seat_label);
    NewEntry::new(now, "door_granted", door_actor(d), detail)
}

/// The audit entry of a refused attempt, with the room's failure count and lock-out it led to.
pub(super) fn refused_entry(
    d: &DoorRecord,
    now: DateTime<Utc>,
    failures: u32,
    locked_until: Option<DateTime<Utc>>,
) -> NewEntry {
    let mut detail = format!("refused; room failures {failures}");
    if let Some(until) = locked_until {
        detail.push_str(&format!("; keypads locked until {}", until.to_rfc3339()));
    }
    NewEntry::new(now, "door_refused", door_actor(d), detail)
}

fn door_actor(d: &DoorRecord) -> String {
    format!("door:{}", d.id)
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
