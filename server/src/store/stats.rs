//! What statistics and exports read: aggregates computed by the database over a room's bookings,
//! and bookings in pages for a streamed export.

use super::StoreResult;
use super::columns::Columns;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Totals over a range.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    /// Not cancelled.
    pub bookings: u64,
    pub people: u64,
    pub no_shows: u64,
    /// Completed or no-show: bookings whose time came.
    pub decided: u64,
    /// Sum of stays (check-in to leaving), seconds, and how many stays.
    pub stay_seconds: i64,
    pub stays: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatsRows {
    pub totals: Totals,
    /// `(YYYY-MM-DD, bookings, people)`, by day on the room's clock.
    pub per_day: Vec<(String, u64, u64)>,
    /// `(seat id, label, seconds used)`, most first.
    pub busiest: Vec<(String, String, i64)>,
    /// `(weekday 0 = Sunday, hour, seconds used)` on the room's clock.
    pub heat: Vec<(u32, u32, i64)>,
}

/// One booking as the export writes it (identity still encrypted).
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: String,
    pub room_name: String,
    pub seat_label: String,
    pub user_id: String,
    pub real_name_enc: Option<Vec<u8>>,
    pub phone_enc: Option<Vec<u8>>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub state: String,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub utc_offset_secs: i32,
}

/// A count from the database as a `u64` (never negative; 0 if it were).
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Totals {
    /// The totals row (`bookings`, `people`, `no_shows`, `decided`, `stay`, `stays`), from either
    /// database.
    pub(super) fn from_row(row: &impl Columns) -> StoreResult<Self> {
        Ok(Self {
            bookings: count(row.int("bookings")?),
            people: count(row.int("people")?),
            no_shows: count(row.int("no_shows")?),
            decided: count(row.int("decided")?),
            stay_seconds: row.int("stay")?,
            stays: count(row.int("stays")?),
        })
    }
}

/// A row of [`StatsRows::per_day`] (`day`, `n`, `people`).
pub(super) fn day_from_row(row: &impl Columns) -> StoreResult<(String, u64, u64)> {
    Ok((row.text("day")?, count(row.int("n")?), count(row.int("people")?)))
}

/// A row of [`StatsRows::busiest`] (`seat_id`, `label`, `used`).
pub(super) fn seat_use_from_row(row: &impl Columns) -> StoreResult<(String, String, i64)> {
    Ok((row.text("seat_id")?, row.text("label")?, row.int("used")?))
}

/// A row of [`StatsRows::heat`] (`wd`, `hr`, `used`).
pub(super) fn hour_from_row(row: &impl Columns) -> StoreResult<(u32, u32, i64)> {
    Ok((
        u32::try_from(row.int("wd")?).unwrap_or(0),
        u32::try_from(row.int("hr")?).unwrap_or(0),
        row.int("used")?,
    ))
}

/// The columns and joins [`ExportRow::from_row`] reads (`b` the booking, `r` its room, `s` its
/// seat, `u` its person), as both stores select them; each adds its own `WHERE`.
pub(super) const EXPORT_SELECT: &str = "SELECT b.id, r.name AS room_name, s.label AS seat_label, b.user_id, \
     u.real_name_enc, u.phone_enc, b.start_at, b.end_at, b.state, b.checked_in_at, b.ended_at, r.utc_offset_secs \
     FROM bookings b JOIN rooms r ON r.id = b.room_id JOIN seats s ON s.id = b.seat_id \
     JOIN users u ON u.id = b.user_id";

impl ExportRow {
    /// One row of [`EXPORT_SELECT`], from either database.
    pub(super) fn from_row(row: &impl Columns) -> StoreResult<Self> {
        Ok(Self {
            id: row.text("id")?,
            room_name: row.text("room_name")?,
            seat_label: row.text("seat_label")?,
            user_id: row.text("user_id")?,
            real_name_enc: row.opt_bytes("real_name_enc")?,
            phone_enc: row.opt_bytes("phone_enc")?,
            start: row.time("start_at")?,
            end: row.time("end_at")?,
            state: row.text("state")?,
            checked_in_at: row.opt_time("checked_in_at")?,
            ended_at: row.opt_time("ended_at")?,
            utc_offset_secs: row.int32("utc_offset_secs", "rooms.utc_offset_secs")?,
        })
    }
}

#[async_trait]
pub trait StatsStore: Send + Sync + 'static {
    /// Aggregates of the bookings of `room_id` that start in `[from, to)`, with days and hours on
    /// a clock `offset_secs` east of UTC. Stays still going count up to `now`.
    async fn room_stats(
        &self,
        room_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        offset_secs: i32,
        now: DateTime<Utc>,
    ) -> StoreResult<StatsRows>;
    /// A page of bookings starting in `[from, to)` (of one room, or all), oldest first, after
    /// `(start, id)`.
    async fn export_page(
        &self,
        room_id: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        after: Option<&(DateTime<Utc>, String)>,
        limit: u32,
    ) -> StoreResult<Vec<ExportRow>>;
}
