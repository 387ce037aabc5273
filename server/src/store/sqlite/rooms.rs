//! Rooms and seats in SQLite.

use super::audit::append;
use super::{SqliteStore, secs, time};
use crate::audit::NewEntry;
use crate::store::{RoomRecord, RoomStore, SeatRecord, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use studyroom_api::{Rules, SeatFeature};

const ROOM_COLUMNS: &str = "id, name, address, utc_offset_secs, slot_minutes, max_booking_minutes, advance_days, \
     early_entry_minutes, no_show_grace_minutes, leave_minutes, code_length, created_at, \
     auto_suspend_violations, auto_suspend_within_days, auto_suspend_days";

fn room_from_row(row: &SqliteRow) -> StoreResult<RoomRecord> {
    let n = |c: &str| -> StoreResult<u32> {
        u32::try_from(row.try_get::<i64, _>(c)?).map_err(|_| StoreError::Corrupt("negative rule"))
    };
    Ok(RoomRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        address: row.try_get("address")?,
        utc_offset_secs: row.try_get("utc_offset_secs")?,
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
        created_at: time(row.try_get("created_at")?)?,
    })
}

fn seat_from_row(row: &SqliteRow) -> StoreResult<SeatRecord> {
    let features: String = row.try_get("features")?;
    Ok(SeatRecord {
        id: row.try_get("id")?,
        room_id: row.try_get("room_id")?,
        label: row.try_get("label")?,
        x: row.try_get("x")?,
        y: row.try_get("y")?,
        features: features.split(',').filter_map(SeatFeature::parse).collect(),
    })
}

#[async_trait]
impl RoomStore for SqliteStore {
    async fn insert_room(
        &self,
        room: &RoomRecord,
        seats: &[SeatRecord],
        audit: &NewEntry,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let taken = sqlx::query("SELECT 1 FROM rooms WHERE name = ?")
            .bind(&room.name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::RoomNameTaken);
        }
        let r = &room.rules;
        sqlx::query(
            "INSERT INTO rooms (id, name, address, utc_offset_secs, slot_minutes, max_booking_minutes, advance_days, \
             early_entry_minutes, no_show_grace_minutes, leave_minutes, code_length, created_at, \
             auto_suspend_violations, auto_suspend_within_days, auto_suspend_days) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&room.id)
        .bind(&room.name)
        .bind(&room.address)
        .bind(room.utc_offset_secs)
        .bind(r.slot_minutes)
        .bind(r.max_booking_minutes)
        .bind(r.advance_days)
        .bind(r.early_entry_minutes)
        .bind(r.no_show_grace_minutes)
        .bind(r.leave_minutes)
        .bind(r.code_length)
        .bind(secs(room.created_at))
        .bind(r.auto_suspend_violations)
        .bind(r.auto_suspend_within_days)
        .bind(r.auto_suspend_days)
        .execute(&mut *tx)
        .await?;
        for seat in seats {
            let features: Vec<&str> = seat.features.iter().map(|f| f.as_str()).collect();
            sqlx::query("INSERT INTO seats (id, room_id, label, x, y, features) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(&seat.id)
                .bind(&room.id)
                .bind(&seat.label)
                .bind(seat.x)
                .bind(seat.y)
                .bind(features.join(","))
                .execute(&mut *tx)
                .await?;
        }
        append(&mut tx, &self.chain, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn rooms(&self) -> StoreResult<Vec<RoomRecord>> {
        let sql = format!("SELECT {ROOM_COLUMNS} FROM rooms ORDER BY created_at, name");
        sqlx::query(&sql)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(room_from_row)
            .collect()
    }

    async fn room(&self, id: &str) -> StoreResult<Option<RoomRecord>> {
        let sql = format!("SELECT {ROOM_COLUMNS} FROM rooms WHERE id = ?");
        sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(room_from_row)
            .transpose()
    }

    async fn room_by_name(&self, name: &str) -> StoreResult<Option<RoomRecord>> {
        let sql = format!("SELECT {ROOM_COLUMNS} FROM rooms WHERE name = ?");
        sqlx::query(&sql)
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(room_from_row)
            .transpose()
    }

    async fn seats(&self, room_id: &str) -> StoreResult<Vec<SeatRecord>> {
        let rows = sqlx::query(
            "SELECT id, room_id, label, x, y, features FROM seats WHERE room_id = ? ORDER BY y, x, label",
        )
        .bind(room_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(seat_from_row).collect()
    }

    async fn seat(&self, id: &str) -> StoreResult<Option<SeatRecord>> {
        sqlx::query("SELECT id, room_id, label, x, y, features FROM seats WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(seat_from_row)
            .transpose()
    }
}
