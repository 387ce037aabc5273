//! Bookings in SQLite. The overlap rules are checked inside the `BEGIN IMMEDIATE` transaction that
//! inserts, so concurrent requests for one seat queue on the write lock and exactly one wins.

use super::audit::append;
use super::writer::{Done, Work, mismatch};
use super::{SqliteStore, secs, time};
use crate::audit::{ChainKey, NewEntry};
use crate::store::bookings::{LIVE, SELECT, all, all_that_decode, revocation};
use crate::store::{
    BookingCursor, BookingRecord, BookingStore, Change, InsertOutcome, NewBookingRecord, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;
use studyroom_api::BookingState;

pub(super) async fn fetch(conn: &mut SqliteConnection, id: &str) -> StoreResult<Option<BookingRecord>> {
    let sql = format!("{SELECT} WHERE b.id = ?");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(BookingRecord::from_row)
        .transpose()
}

/// Applies a [`Change`] to one booking: its parameters are `to`, `checked_in_at`, whether to set
/// `away_until` and to what ([`away_of`]), whether to revoke the code, `ended_at`, and the id.
pub(super) const APPLY: &str = "UPDATE bookings SET state = COALESCE(?1, state), checked_in_at = COALESCE(?2, checked_in_at), \
     away_until = CASE WHEN ?3 THEN ?4 ELSE away_until END, \
     code_index = CASE WHEN ?5 THEN NULL ELSE code_index END, \
     code_enc = CASE WHEN ?5 THEN NULL ELSE code_enc END, \
     ended_at = COALESCE(?6, ended_at) WHERE id = ?7";

/// The violation a change records: `user_id, booking_id, kind, at`.
pub(super) const RECORD_VIOLATION: &str =
    "INSERT INTO violations (user_id, booking_id, kind, at) VALUES (?, ?, ?, ?)";

/// Whether a change sets `away_until`, and to what (`None` clears it).
pub(super) fn away_of(change: &Change) -> (bool, Option<i64>) {
    match change.away_until {
        Some(value) => (true, value.map(secs)),
        None => (false, None),
    }
}

/// Applies `change` to booking `id` on a connection inside a write transaction.
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    booking: &BookingRecord,
    change: &Change,
) -> StoreResult<()> {
    let (set_away, away) = away_of(change);
    sqlx::query(APPLY)
        .bind(change.to.map(BookingState::as_str))
        .bind(change.checked_in_at.map(secs))
        .bind(set_away)
        .bind(away)
        .bind(change.revoke_code)
        .bind(change.ended_at.map(secs))
        .bind(&booking.id)
        .execute(&mut *conn)
        .await?;
    if let Some(kind) = change.violation {
        sqlx::query(RECORD_VIOLATION)
            .bind(&booking.user_id)
            .bind(&booking.id)
            .bind(kind)
            .bind(secs(change.violation_at(booking)))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Cancels (not yet entered) or ends (inside) every live booking of a person and revokes the
/// codes, each audited, on a connection inside a write transaction. Returns what it changed.
pub(super) async fn revoke_live_of_user(
    conn: &mut SqliteConnection,
    chain: &ChainKey,
    user_id: &str,
    now: DateTime<Utc>,
    why: &str,
) -> StoreResult<Vec<BookingRecord>> {
    let sql = format!("{SELECT} WHERE b.user_id = ? AND b.state IN {LIVE}");
    let live = all(sqlx::query(&sql).bind(user_id).fetch_all(&mut *conn).await?)?;
    let mut changed = Vec::with_capacity(live.len());
    for b in live {
        let (change, entry) = revocation(&b, now, why);
        apply(conn, &b, &change).await?;
        append(conn, chain, &entry).await?;
        changed.push(b);
    }
    Ok(changed)
}

#[async_trait]
impl BookingStore for SqliteStore {
    async fn insert_booking(&self, b: &NewBookingRecord, audit: &NewEntry) -> StoreResult<InsertOutcome> {
        let work = Work::InsertBooking {
            booking: b.clone(),
            audit: audit.clone(),
        };
        match self.writer.write(work).await? {
            Done::InsertBooking(outcome) => Ok(outcome),
            _ => Err(mismatch()),
        }
    }

    async fn booking(&self, id: &str) -> StoreResult<Option<BookingRecord>> {
        let mut conn = self.pool.acquire().await?;
        fetch(&mut conn, id).await
    }

    async fn bookings_of_user(
        &self,
        user_id: &str,
        before: Option<&BookingCursor>,
        limit: u32,
    ) -> StoreResult<Vec<BookingRecord>> {
        let sql = format!(
            "{SELECT} WHERE b.user_id = ?1 AND (?2 IS NULL OR (b.start_at, b.id) < (?2, ?3)) \
             ORDER BY b.start_at DESC, b.id DESC LIMIT ?4"
        );
        sqlx::query(&sql)
            .bind(user_id)
            .bind(before.map(|c| secs(c.start)))
            .bind(before.map(|c| c.id.as_str()))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map(all)?
    }

    async fn live_bookings(
        &self,
        room_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<BookingRecord>> {
        let sql = format!(
            "{SELECT} WHERE b.room_id = ? AND b.state IN {LIVE} AND b.start_at < ? AND b.end_at > ? ORDER BY b.start_at"
        );
        sqlx::query(&sql)
            .bind(room_id)
            .bind(secs(to))
            .bind(secs(from))
            .fetch_all(&self.pool)
            .await
            .map(all)?
    }

    async fn change_booking(
        &self,
        id: &str,
        from: &[BookingState],
        change: &Change,
        audit: &NewEntry,
    ) -> StoreResult<Option<BookingRecord>> {
        let work = Work::ChangeBooking {
            id: id.to_owned(),
            from: from.to_vec(),
            change: change.clone(),
            audit: audit.clone(),
        };
        match self.writer.write(work).await? {
            Done::ChangeBooking(changed) => Ok(changed.map(|b| *b)),
            _ => Err(mismatch()),
        }
    }

    async fn due_bookings(&self, now: DateTime<Utc>) -> StoreResult<Vec<BookingRecord>> {
        let sql = format!(
            "{SELECT} JOIN rooms r ON r.id = b.room_id WHERE b.state IN {LIVE} AND (b.end_at <= ?1 \
             OR (b.state = 'upcoming' AND MAX(b.start_at, b.booked_at) + r.no_show_grace_minutes * 60 <= ?1) \
             OR (b.state = 'away' AND b.away_until <= ?1)) ORDER BY b.end_at"
        );
        let rows = sqlx::query(&sql).bind(secs(now)).fetch_all(&self.pool).await?;
        Ok(all_that_decode(&rows))
    }

    async fn last_tick(&self) -> StoreResult<Option<DateTime<Utc>>> {
        let at: Option<i64> = sqlx::query_scalar("SELECT last_tick_at FROM ticker_state WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        at.map(time).transpose()
    }

    async fn set_last_tick(&self, at: DateTime<Utc>) -> StoreResult<()> {
        self.writes
            .execute(
                sqlx::query(
                    "INSERT INTO ticker_state (id, last_tick_at) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET last_tick_at = ?1",
                )
                .bind(secs(at)),
            )
            .await?;
        Ok(())
    }
}
