//! Rooms and seats in SQLite.

use super::audit::append;
use super::{SqliteStore, secs};
use crate::audit::NewEntry;
use crate::store::rooms::{ROOM_COLUMNS, SEAT_COLUMNS, busy_seat_disturbed, kept_seats, seats_by_id};
use crate::store::{RoomEdit, RoomRecord, RoomStore, SeatRecord, StoreError, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Writes a room's row, new or existing (its creation time stays as it was).
async fn save_room(conn: &mut sqlx::SqliteConnection, room: &RoomRecord) -> StoreResult<()> {
    let r = &room.rules;
    sqlx::query(
        "INSERT INTO rooms (id, name, address, verification, utc_offset_secs, slot_minutes, max_booking_minutes, \
         advance_days, early_entry_minutes, no_show_grace_minutes, leave_minutes, code_length, created_at, \
         auto_suspend_violations, auto_suspend_within_days, auto_suspend_days) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, \
         verification = excluded.verification, utc_offset_secs = excluded.utc_offset_secs, \
         slot_minutes = excluded.slot_minutes, max_booking_minutes = excluded.max_booking_minutes, \
         advance_days = excluded.advance_days, early_entry_minutes = excluded.early_entry_minutes, \
         no_show_grace_minutes = excluded.no_show_grace_minutes, leave_minutes = excluded.leave_minutes, \
         code_length = excluded.code_length, auto_suspend_violations = excluded.auto_suspend_violations, \
         auto_suspend_within_days = excluded.auto_suspend_within_days, auto_suspend_days = excluded.auto_suspend_days",
    )
    .bind(&room.id)
    .bind(&room.name)
    .bind(&room.address)
    .bind(&room.verification)
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
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl RoomStore for SqliteStore {
    async fn insert_room(
        &self,
        room: &RoomRecord,
        seats: &[SeatRecord],
        audit: &NewEntry,
    ) -> StoreResult<()> {
        let mut tx = self.writes.begin().await?;
        let taken = sqlx::query("SELECT 1 FROM rooms WHERE name = ?")
            .bind(&room.name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::RoomNameTaken);
        }
        save_room(&mut tx, room).await?;
        for seat in seats {
            sqlx::query("INSERT INTO seats (id, room_id, label, x, y, features) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(&seat.id)
                .bind(&room.id)
                .bind(&seat.label)
                .bind(seat.x)
                .bind(seat.y)
                .bind(seat.features_text())
                .execute(&mut *tx)
                .await?;
        }
        append(&mut tx, &self.chain, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_room(
        &self,
        room: &RoomRecord,
        seats: &[SeatRecord],
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<RoomEdit> {
        let mut tx = self.writes.begin().await?;
        let exists = sqlx::query("SELECT 1 FROM rooms WHERE id = ?")
            .bind(&room.id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(RoomEdit::NoSuchRoom);
        }
        let taken = sqlx::query("SELECT 1 FROM rooms WHERE name = ? AND id <> ?")
            .bind(&room.name)
            .bind(&room.id)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(RoomEdit::NameTaken);
        }
        let sql = format!("SELECT {SEAT_COLUMNS} FROM seats WHERE room_id = ? AND removed_at IS NULL");
        let rows = sqlx::query(&sql).bind(&room.id).fetch_all(&mut *tx).await?;
        let current = seats_by_id(&rows)?;
        // Seats with bookings that have not ended: they must stay where they are.
        let busy: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT seat_id FROM bookings WHERE room_id = ? AND state IN ('upcoming', 'active', 'away') AND end_at > ?",
        )
        .bind(&room.id)
        .bind(secs(now))
        .fetch_all(&mut *tx)
        .await?;
        let kept = kept_seats(seats, &current);
        // A seat that is not one of the room's seats in place must be new: an id that exists
        // anywhere else (another room's seat, a removed one) is refused.
        for seat in seats.iter().filter(|s| !current.contains_key(&s.id)) {
            let known = sqlx::query("SELECT 1 FROM seats WHERE id = ?")
                .bind(&seat.id)
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_some() {
                return Ok(RoomEdit::UnknownSeat);
            }
        }
        if let Some(label) = busy_seat_disturbed(&current, &kept, &busy) {
            return Ok(RoomEdit::SeatInUse(label));
        }
        save_room(&mut tx, room).await?;
        // Removed first, so that a label freed by one seat can be taken by another in the same edit.
        for id in current.keys().filter(|id| !kept.contains_key(id.as_str())) {
            sqlx::query("UPDATE seats SET removed_at = ? WHERE id = ?")
                .bind(secs(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        // Labels may be swapped between kept seats: park them on their ids first.
        for id in kept.keys() {
            sqlx::query("UPDATE seats SET label = id WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        for seat in seats {
            let sql = if kept.contains_key(seat.id.as_str()) {
                "UPDATE seats SET label = ?2, x = ?3, y = ?4, features = ?5 WHERE id = ?1"
            } else {
                "INSERT INTO seats (id, room_id, label, x, y, features) VALUES (?1, ?6, ?2, ?3, ?4, ?5)"
            };
            sqlx::query(sql)
                .bind(&seat.id)
                .bind(&seat.label)
                .bind(seat.x)
                .bind(seat.y)
                .bind(seat.features_text())
                .bind(&room.id)
                .execute(&mut *tx)
                .await?;
        }
        append(&mut tx, &self.chain, audit).await?;
        tx.commit().await?;
        Ok(RoomEdit::Saved)
    }

    async fn rooms(&self) -> StoreResult<Vec<RoomRecord>> {
        let sql = format!("SELECT {ROOM_COLUMNS} FROM rooms ORDER BY created_at, name");
        sqlx::query(&sql)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(RoomRecord::from_row)
            .collect()
    }

    async fn room(&self, id: &str) -> StoreResult<Option<RoomRecord>> {
        let sql = format!("SELECT {ROOM_COLUMNS} FROM rooms WHERE id = ?");
        sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(RoomRecord::from_row)
            .transpose()
    }

    async fn room_by_name(&self, name: &str) -> StoreResult<Option<RoomRecord>> {
        let sql = format!("SELECT {ROOM_COLUMNS} FROM rooms WHERE name = ?");
        sqlx::query(&sql)
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(RoomRecord::from_row)
            .transpose()
    }

    async fn seats(&self, room_id: &str) -> StoreResult<Vec<SeatRecord>> {
        let sql = format!(
            "SELECT {SEAT_COLUMNS} FROM seats WHERE room_id = ? AND removed_at IS NULL ORDER BY y, x, label"
        );
        let rows = sqlx::query(&sql).bind(room_id).fetch_all(&self.pool).await?;
        rows.iter().map(SeatRecord::from_row).collect()
    }

    async fn seat(&self, id: &str) -> StoreResult<Option<SeatRecord>> {
        let sql = format!("SELECT {SEAT_COLUMNS} FROM seats WHERE id = ? AND removed_at IS NULL");
        sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(SeatRecord::from_row)
            .transpose()
    }
}
