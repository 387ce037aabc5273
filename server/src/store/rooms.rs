//! Rooms and their seats.

use super::columns::Columns;
use super::{StoreError, StoreResult};
use crate::audit::NewEntry;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use studyroom_api::{Rules, SeatFeature};

#[derive(Debug, Clone)]
pub struct RoomRecord {
    pub id: String,
    pub name: String,
    pub address: String,
    /// Where, when and with what people get verified.
    pub verification: String,
    pub utc_offset_secs: i32,
    pub rules: Rules,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct SeatRecord {
    pub id: String,
    pub room_id: String,
    pub label: String,
    pub x: i32,
    pub y: i32,
    pub features: Vec<SeatFeature>,
}

/// The columns of `rooms` that [`RoomRecord::from_row`] reads, as both stores select them.
pub(super) const ROOM_COLUMNS: &str = "id, name, address, verification, utc_offset_secs, slot_minutes, max_booking_minutes, advance_days, \
     early_entry_minutes, no_show_grace_minutes, leave_minutes, code_length, created_at, \
     auto_suspend_violations, auto_suspend_within_days, auto_suspend_days";

/// The columns of `seats` that [`SeatRecord::from_row`] reads.
pub(super) const SEAT_COLUMNS: &str = "id, room_id, label, x, y, features";

#[cfg(test)]
impl RoomRecord {
    /// A room named 东厢 in Shanghai with the default rules, for the stores' own tests.
    pub fn for_tests(id: &str, created_at: DateTime<Utc>) -> Self {
        Self {
            id: id.into(),
            name: "东厢".into(),
            address: String::new(),
            verification: String::new(),
            utc_offset_secs: 8 * 3600,
            rules: Default::default(),
            created_at,
        }
    }
}

impl RoomRecord {
    /// One row of [`ROOM_COLUMNS`], from either database.
    pub(super) fn from_row(row: &impl Columns) -> StoreResult<Self> {
        let n = |c: &str| -> StoreResult<u32> {
            u32::try_from(row.int(c)?).map_err(|_| StoreError::Corrupt("negative rule"))
        };
        Ok(Self {
            id: row.text("id")?,
            name: row.text("name")?,
            address: row.text("address")?,
            verification: row.text("verification")?,
            utc_offset_secs: row.int32("utc_offset_secs", "rooms.utc_offset_secs")?,
            rules: Rules {
                slot_minutes: n("slot_minutes")?,
                max_booking_minutes: n("max_booking_minutes")?,
                advance_days: n("advance_days")?,
                early_entry_minutes: n("early_entry_minutes")?,
                no_show_grace_minutes: n("no_show_grace_minutes")?,
                leave_minutes: n("leave_minutes")?,
                code_length: n("code_length")?,
                auto_suspend_violations: n("auto_suspend_violations")?,
                auto_suspend_within_days: n("auto_suspend_within_days")?,
                auto_suspend_days: n("auto_suspend_days")?,
            },
            created_at: row.time("created_at")?,
        })
    }
}

impl SeatRecord {
    /// One row of [`SEAT_COLUMNS`], from either database.
    pub(super) fn from_row(row: &impl Columns) -> StoreResult<Self> {
        Ok(Self {
            id: row.text("id")?,
            room_id: row.text("room_id")?,
            label: row.text("label")?,
            x: row.int32("x", "seats.x")?,
            y: row.int32("y", "seats.y")?,
            features: row
                .text("features")?
                .split(',')
                .filter_map(SeatFeature::parse)
                .collect(),
        })
    }

    /// The features as the `features` column keeps them: comma-separated.
    pub(super) fn features_text(&self) -> String {
        let features: Vec<&str> = self.features.iter().map(|f| f.as_str()).collect();
        features.join(",")
    }
}

/// Rows of [`SEAT_COLUMNS`] by seat id, from either database.
pub(super) fn seats_by_id<R: Columns>(rows: &[R]) -> StoreResult<HashMap<String, SeatRecord>> {
    rows.iter()
        .map(|row| SeatRecord::from_row(row).map(|s| (s.id.clone(), s)))
        .collect()
}

/// What an edit keeps of a room's seats in place (`current`, by id): its seats that are among them.
pub(super) fn kept_seats<'a>(
    seats: &'a [SeatRecord],
    current: &HashMap<String, SeatRecord>,
) -> HashMap<&'a str, &'a SeatRecord> {
    seats
        .iter()
        .filter(|s| current.contains_key(&s.id))
        .map(|s| (s.id.as_str(), s))
        .collect()
}

/// The label of a seat with live bookings (`busy`) that the edit would remove or move, if any:
/// such a seat may be relabelled, nothing more.
pub(super) fn busy_seat_disturbed(
    current: &HashMap<String, SeatRecord>,
    kept: &HashMap<&str, &SeatRecord>,
    busy: &[String],
) -> Option<String> {
    for id in busy {
        let Some(old) = current.get(id) else { continue };
        match kept.get(id.as_str()) {
            None => return Some(old.label.clone()),
            Some(new) if (new.x, new.y) != (old.x, old.y) => return Some(old.label.clone()),
            Some(_) => {}
        }
    }
    None
}

/// What came of an edit of a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomEdit {
    Saved,
    NoSuchRoom,
    NameTaken,
    /// A seat id that is not one of this room's seats.
    UnknownSeat,
    /// This seat (by label) has live bookings and the edit would move or remove it.
    SeatInUse(String),
}

#[async_trait]
pub trait RoomStore: Send + Sync + 'static {
    /// Creates a room with its seats in one transaction, with its audit entry.
    async fn insert_room(&self, room: &RoomRecord, seats: &[SeatRecord], audit: &NewEntry)
    -> StoreResult<()>;
    /// Saves a room's settings and its whole seat layout in one transaction: seats whose id is
    /// kept are updated, new ones inserted, missing ones removed (their history stays). A seat with
    /// live bookings (not yet ended at `now`) may be relabelled but not moved or removed.
    async fn update_room(
        &self,
        room: &RoomRecord,
        seats: &[SeatRecord],
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<RoomEdit>;
    async fn rooms(&self) -> StoreResult<Vec<RoomRecord>>;
    async fn room(&self, id: &str) -> StoreResult<Option<RoomRecord>>;
    async fn room_by_name(&self, name: &str) -> StoreResult<Option<RoomRecord>>;
    /// A room's seats in place (not removed), top to bottom.
    async fn seats(&self, room_id: &str) -> StoreResult<Vec<SeatRecord>>;
    async fn seat(&self, id: &str) -> StoreResult<Option<SeatRecord>>;
}
