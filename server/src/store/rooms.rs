//! Rooms and their seats.

use super::StoreResult;
use crate::audit::NewEntry;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
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
