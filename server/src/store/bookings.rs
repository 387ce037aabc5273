//! Bookings and their access codes. Whatever must hold under concurrency (one live booking per seat
//! and time, one per person and time, unique live codes per room) is checked inside one write
//! transaction here, never by a read-then-check in the caller.

use super::StoreResult;
use crate::audit::NewEntry;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use studyroom_api::BookingState;

#[derive(Debug, Clone)]
pub struct BookingRecord {
    pub id: String,
    pub room_id: String,
    pub seat_id: String,
    pub seat_label: String,
    pub user_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub booked_at: DateTime<Utc>,
    pub state: BookingState,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub away_until: Option<DateTime<Utc>>,
    /// When the code starts to open the door (`start - early_entry_minutes`).
    pub code_from: DateTime<Utc>,
    /// The code, encrypted; `None` once revoked.
    pub code_enc: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct NewBookingRecord {
    pub id: String,
    pub room_id: String,
    pub seat_id: String,
    pub user_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub booked_at: DateTime<Utc>,
    pub code_from: DateTime<Utc>,
    pub code_index: Vec<u8>,
    pub code_enc: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted,
    /// The seat has a live booking overlapping this time.
    SeatTaken,
    /// The person has a live booking overlapping this time.
    Overlapping,
    /// The drawn code is live at this room in an overlapping window: draw again.
    CodeClash,
    /// The person may not book (any more): not verified, suspended or erased, as read inside the
    /// booking's own transaction, so a suspension cannot cross it.
    NotAllowed,
}

/// Where a page of a person's bookings (newest first) starts: before this (start, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingCursor {
    pub start: DateTime<Utc>,
    pub id: String,
}

/// A state change of a booking, applied only if its state is one of the expected ones.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub to: Option<BookingState>,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// `Some(None)` clears it.
    pub away_until: Option<Option<DateTime<Utc>>>,
    pub revoke_code: bool,
    pub ended_at: Option<DateTime<Utc>>,
    /// A fairness violation to record against the person (`no_show`, `away_expired`).
    pub violation: Option<&'static str>,
}

#[async_trait]
pub trait BookingStore: Send + Sync + 'static {
    async fn insert_booking(
        &self,
        booking: &NewBookingRecord,
        audit: &NewEntry,
    ) -> StoreResult<InsertOutcome>;
    async fn booking(&self, id: &str) -> StoreResult<Option<BookingRecord>>;
    /// A page of a person's bookings, newest first, before `before`.
    async fn bookings_of_user(
        &self,
        user_id: &str,
        before: Option<&BookingCursor>,
        limit: u32,
    ) -> StoreResult<Vec<BookingRecord>>;
    /// Live bookings of a room that overlap `[from, to)`.
    async fn live_bookings(
        &self,
        room_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<BookingRecord>>;
    /// Applies `change` if the booking is in one of `from`, writing `audit` in the same transaction.
    async fn change_booking(
        &self,
        id: &str,
        from: &[BookingState],
        change: &Change,
        audit: &NewEntry,
    ) -> StoreResult<Option<BookingRecord>>;
    /// Live bookings whose time rule has come due at `now`: not entered by the grace deadline, not
    /// back by `away_until`, or past their end. A row that does not decode is logged and skipped,
    /// so one bad row never stops the rules for everyone else.
    async fn due_bookings(&self, now: DateTime<Utc>) -> StoreResult<Vec<BookingRecord>>;
    /// When the time rules last ran (`None` on a new database).
    async fn last_tick(&self) -> StoreResult<Option<DateTime<Utc>>>;
    async fn set_last_tick(&self, at: DateTime<Utc>) -> StoreResult<()>;
}
