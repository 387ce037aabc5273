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

#[async_trait]
pub trait RoomStore: Send + Sync + 'static {
    /// Creates a room with its seats in one transaction, with its audit entry.
    async fn insert_room(&self, room: &RoomRecord, seats: &[SeatRecord], audit: &NewEntry)
    -> StoreResult<()>;
    async fn rooms(&self) -> StoreResult<Vec<RoomRecord>>;
    async fn room(&self, id: &str) -> StoreResult<Option<RoomRecord>>;
    async fn room_by_name(&self, name: &str) -> StoreResult<Option<RoomRecord>>;
    /// A room's seats, in label order.
    async fn seats(&self, room_id: &str) -> StoreResult<Vec<SeatRecord>>;
    async fn seat(&self, id: &str) -> StoreResult<Option<SeatRecord>>;
}
