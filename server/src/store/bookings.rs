//! Bookings and their access codes. Whatever must hold under concurrency (one live booking per seat
//! and time, one per person and time, unique live codes per room) is checked inside one write
//! transaction here, never by a read-then-check in the caller.

use super::columns::Columns;
use super::{StoreError, StoreResult};
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

/// The columns [`BookingRecord::from_row`] reads, as both stores select them (`b` the booking,
/// `s` its seat).
pub(super) const SELECT: &str = "SELECT b.id, b.room_id, b.seat_id, s.label AS seat_label, b.user_id, b.start_at, \
     b.end_at, b.booked_at, b.state, b.checked_in_at, b.away_until, b.code_from, b.code_enc \
     FROM bookings b JOIN seats s ON s.id = b.seat_id";

/// The states of a live booking, as an SQL list.
pub(super) const LIVE: &str = "('upcoming', 'active', 'away')";

impl BookingRecord {
    /// One row of [`SELECT`], from either database.
    pub(super) fn from_row(row: &impl Columns) -> StoreResult<Self> {
        Ok(Self {
            id: row.text("id")?,
            room_id: row.text("room_id")?,
            seat_id: row.text("seat_id")?,
            seat_label: row.text("seat_label")?,
            user_id: row.text("user_id")?,
            start: row.time("start_at")?,
            end: row.time("end_at")?,
            booked_at: row.time("booked_at")?,
            state: BookingState::parse(&row.text("state")?).ok_or(StoreError::Corrupt("bookings.state"))?,
            checked_in_at: row.opt_time("checked_in_at")?,
            away_until: row.opt_time("away_until")?,
            code_from: row.time("code_from")?,
            code_enc: row.opt_bytes("code_enc")?,
        })
    }
}

/// Every row of [`SELECT`]; one that does not decode fails them all.
pub(super) fn all<R: Columns>(rows: Vec<R>) -> StoreResult<Vec<BookingRecord>> {
    rows.iter().map(BookingRecord::from_row).collect()
}

/// The rows of [`SELECT`] that decode; one that does not is logged and skipped, so that one bad row
/// never stops the time rules for everyone else.
pub(super) fn all_that_decode<R: Columns>(rows: &[R]) -> Vec<BookingRecord> {
    rows.iter()
        .filter_map(|row| match BookingRecord::from_row(row) {
            Ok(b) => Some(b),
            Err(error) => {
                let id = row.text("id").unwrap_or_default();
                tracing::error!(booking = %id, %error, "skipping a booking row that does not decode");
                None
            }
        })
        .collect()
}

/// Whether a person of this standing (`users.status`, `suspended_until`, `erased_at`) may make a
/// booking at `booked_at`.
pub(super) fn may_book(
    status: &str,
    suspended_until: Option<i64>,
    erased_at: Option<i64>,
    booked_at: DateTime<Utc>,
) -> bool {
    status == "verified" && erased_at.is_none() && suspended_until.is_none_or(|u| u <= booked_at.timestamp())
}

/// What a new booking meets, as both stores' checks read it under the write lock: the seat has a
/// live booking then, the person has one, the room has a live code equal to the new one. The
/// outcome that refuses it, in that order, or `None` if nothing does.
pub(super) fn clash(seat_taken: bool, overlapping: bool, code_clash: bool) -> Option<InsertOutcome> {
    if seat_taken {
        Some(InsertOutcome::SeatTaken)
    } else if overlapping {
        Some(InsertOutcome::Overlapping)
    } else if code_clash {
        Some(InsertOutcome::CodeClash)
    } else {
        None
    }
}

/// How a live booking ends when its person loses it (suspended, erased): cancelled if not yet
/// entered, completed if inside, its code revoked either way; with the audit entry that says why.
pub(super) fn revocation(b: &BookingRecord, now: DateTime<Utc>, why: &str) -> (Change, NewEntry) {
    let to = if b.state == BookingState::Upcoming {
        BookingState::Cancelled
    } else {
        BookingState::Completed
    };
    let change = Change {
        to: Some(to),
        revoke_code: true,
        ended_at: Some(now),
        away_until: Some(None),
        ..Default::default()
    };
    let detail = format!("booking {} seat {}: {why}", b.id, b.seat_label);
    (change, NewEntry::new(now, "code_revoked", "system", detail))
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

impl NewBookingRecord {
    /// The booking as [`BookingStore::insert_booking`] stores it, once it answered `Inserted`: what
    /// the answer to the booking shows, without reading back the row just written.
    pub fn as_inserted(&self, seat_label: &str) -> BookingRecord {
        BookingRecord {
            id: self.id.clone(),
            room_id: self.room_id.clone(),
            seat_id: self.seat_id.clone(),
            seat_label: seat_label.to_owned(),
            user_id: self.user_id.clone(),
            start: self.start,
            end: self.end,
            booked_at: self.booked_at,
            state: BookingState::Upcoming,
            checked_in_at: None,
            away_until: None,
            code_from: self.code_from,
            code_enc: Some(self.code_enc.clone()),
        }
    }
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

impl Change {
    /// When the violation it records happened: when the booking ended or was entered (late), else
    /// at its end.
    pub(super) fn violation_at(&self, booking: &BookingRecord) -> DateTime<Utc> {
        self.ended_at.or(self.checked_in_at).unwrap_or(booking.end)
    }
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
