//! Rooms and seats in PostgreSQL. Room edits take turns on an advisory lock (names are unique by
//! a check, as in SQLite, not by an index), and an edit locks its room's row `FOR UPDATE`, which
//! waits for the bookings being made in it (their foreign key holds the row `FOR KEY SHARE`) and
//! holds off new ones, so a seat cannot be removed while a booking lands on it.

use super::{PostgresStore, secs};
use crate::audit::NewEntry;
use crate::store::rooms::{ROOM_COLUMNS, SEAT_COLUMNS, busy_seat_disturbed, kept_seats, seats_by_id};
use crate::store::{RoomEdit, RoomRecord, RoomStore, SeatRecord, StoreError, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Writes a room's row, new or existing (its creation time stays as it was).
async fn save_room(conn: &mut sqlx::PgConnection, room: &RoomRecord) -> StoreResult<()> {
    let r = &room.rules;
    sqlx::query(
        "INSERT INTO rooms (id, name, address, verification, utc_offset_secs, slot_minutes, max_booking_minutes, \
         advance_days, early_entry_minutes, no_show_grace_minutes, leave_minutes, code_length, created_at, \
         auto_suspend_violations, auto_suspend_within_days, auto_suspend_days) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
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
    .bind(i64::from(room.utc_offset_secs))
    .bind(i64::from(r.slot_minutes))
    .bind(i64::from(r.max_booking_minutes))
    .bind(i64::from(r.advance_days))
    .bind(i64::from(r.early_entry_minutes))
    .bind(i64::from(r.no_show_grace_minutes))
    .bind(i64::from(r.leave_minutes))
    .bind(i64::from(r.code_length))
    .bind(secs(room.created_at))
    .bind(i64::from(r.auto_suspend_violations))
    .bind(i64::from(r.auto_suspend_within_days))
    .bind(i64::from(r.auto_suspend_days))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Room creations and edits take turns (until the transaction ends): the name check cannot be
/// crossed by another edit.
async fn take_rooms_turn(conn: &mut sqlx::PgConnection) -> StoreResult<()> {
    /// "rooms" in ASCII; any constant other than the audit chain's would do.
    const ROOMS_LOCK: i64 = 0x0072_6f6f_6d73;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(ROOMS_LOCK)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[async_trait]
impl RoomStore for PostgresStore {
    async fn insert_room(
        &self,
        room: &RoomRecord,
        seats: &[SeatRecord],
        audit: &NewEntry,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        take_rooms_turn(&mut tx).await?;
        let taken = sqlx::query("SELECT 1 FROM rooms WHERE name = $1")
            .bind(&room.name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::RoomNameTaken);
        }
        save_room(&mut tx, room).await?;
        for seat in seats {
            sqlx::query(
                "INSERT INTO seats (id, room_id, label, x, y, features) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&seat.id)
            .bind(&room.id)
            .bind(&seat.label)
            .bind(seat.x)
            .bind(seat.y)
            .bind(seat.features_text())
            .execute(&mut *tx)
            .await?;
        }
        tx.audit(audit.clone());
        tx.commit(&self.chain).await?;
        Ok(())
    }

    async fn update_room(
        &self,
        room: &RoomRecord,
        seats: &[SeatRecord],
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<RoomEdit> {
        let mut tx = self.begin().await?;
        take_rooms_turn(&mut tx).await?;
        let exists = sqlx::query("SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE")
            .bind(&room.id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(RoomEdit::NoSuchRoom);
        }
        let taken = sqlx::query("SELECT 1 FROM rooms WHERE name = $1 AND id <> $2")
            .bind(&room.name)
            .bind(&room.id)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(RoomEdit::NameTaken);
        }
        let sql = format!("SELECT {SEAT_COLUMNS} FROM seats WHERE room_id = $1 AND removed_at IS NULL");
        let rows = sqlx::query(&sql).bind(&room.id).fetch_all(&mut *tx).await?;
        let current = seats_by_id(&rows)?;
        // Seats with bookings that have not ended: they must stay where they are.
        let busy: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT seat_id FROM bookings WHERE room_id = $1 AND state IN ('upcoming', 'active', 'away') AND end_at > $2",
        )
        .bind(&room.id)
        .bind(secs(now))
        .fetch_all(&mut *tx)
        .await?;
        let kept = kept_seats(seats, &current);
        // A seat that is not one of the room's seats in place must be new: an id that exists
        // anywhere else (another room's seat, a removed one) is refused.
        for seat in seats.iter().filter(|s| !current.contains_key(&s.id)) {
            let known = sqlx::query("SELECT 1 FROM seats WHERE id = $1")
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
            sqlx::query("UPDATE seats SET removed_at = $1 WHERE id = $2")
                .bind(secs(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        // Labels may be swapped between kept seats: park them on their ids first.
        for id in kept.keys() {
            sqlx::query("UPDATE seats SET label = id WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        for seat in seats {
            // Both statements take all six parameters: PostgreSQL refuses one it is not given a use for.
            let sql = if kept.contains_key(seat.id.as_str()) {
                "UPDATE seats SET label = $2, x = $3, y = $4, features = $5 WHERE id = $1 AND room_id = $6"
            } else {
                "INSERT INTO seats (id, room_id, label, x, y, features) VALUES ($1, $6, $2, $3, $4, $5)"
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
        tx.audit(audit.clone());
        tx.commit(&self.chain).await?;
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
        let sql = format!("SELECT {ROOM_COLUMNS} FROM rooms WHERE id = $1");
        sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(RoomRecord::from_row)
            .transpose()
    }

    async fn room_by_name(&self, name: &str) -> StoreResult<Option<RoomRecord>> {
        let sql = format!("SELECT {ROOM_COLUMNS} FROM rooms WHERE name = $1");
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
            "SELECT {SEAT_COLUMNS} FROM seats WHERE room_id = $1 AND removed_at IS NULL ORDER BY y, x, label"
        );
        let rows = sqlx::query(&sql).bind(room_id).fetch_all(&self.pool).await?;
        rows.iter().map(SeatRecord::from_row).collect()
    }

    async fn seat(&self, id: &str) -> StoreResult<Option<SeatRecord>> {
        let sql = format!("SELECT {SEAT_COLUMNS} FROM seats WHERE id = $1 AND removed_at IS NULL");
        sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(SeatRecord::from_row)
            .transpose()
    }
}
