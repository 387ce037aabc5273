//! What statistics and exports read: aggregates computed by the database over a room's bookings,
//! and bookings in pages for a streamed export.

use super::StoreResult;
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
