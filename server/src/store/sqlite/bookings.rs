//! Bookings in SQLite. The overlap rules are checked inside the `BEGIN IMMEDIATE` transaction that
//! inserts, so concurrent requests for one seat queue on the write lock and exactly one wins.

use super::audit::{Tail, append};
use super::writer::{Done, Work, mismatch};
use super::{SqliteStore, secs, time};
use crate::audit::{ChainKey, NewEntry};
use crate::store::bookings::{LIVE, SELECT, all, all_that_decode, may_book, revocation};
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

/// Applies `change` to booking `id` on a connection inside a write transaction.
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    booking: &BookingRecord,
    change: &Change,
) -> StoreResult<()> {
    let (set_away, away) = match change.away_until {
        Some(value) => (true, value.map(secs)),
        None => (false, None),
    };
    sqlx::query(
        "UPDATE bookings SET state = COALESCE(?1, state), checked_in_at = COALESCE(?2, checked_in_at), \
         away_until = CASE WHEN ?3 THEN ?4 ELSE away_until END, \
         code_index = CASE WHEN ?5 THEN NULL ELSE code_index END, \
         code_enc = CASE WHEN ?5 THEN NULL ELSE code_enc END, \
         ended_at = COALESCE(?6, ended_at) WHERE id = ?7",
    )
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
        sqlx::query("INSERT INTO violations (user_id, booking_id, kind, at) VALUES (?, ?, ?, ?)")
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

/// Makes a booking on a connection inside the writer's transaction (`writer.rs`), unless the person
/// may not book or something it must not meet is there. Whatever must hold under concurrency is
/// checked here, under the write lock, never by a read-then-check in the caller.
pub(super) async fn insert(
    conn: &mut SqliteConnection,
    chain: &ChainKey,
    tail: &mut Tail,
    b: &NewBookingRecord,
    audit: &NewEntry,
) -> StoreResult<InsertOutcome> {
    let (start, end) = (secs(b.start), secs(b.end));
    // Everything the booking must not meet, read in one query under the write lock (each query
    // is a hand-off to SQLite's thread): the person's standing (a suspension or erasure that
    // commits first is seen here, one that comes later revokes this booking with the others),
    // the seat's live bookings, the person's, and a live code of the room in the same window.
    let checks = format!(
        "SELECT u.status, u.suspended_until, u.erased_at, \
         EXISTS (SELECT 1 FROM bookings WHERE seat_id = ?2 AND state IN {LIVE} AND start_at < ?3 AND end_at > ?4), \
         EXISTS (SELECT 1 FROM bookings WHERE user_id = ?1 AND state IN {LIVE} AND start_at < ?3 AND end_at > ?4), \
         EXISTS (SELECT 1 FROM bookings WHERE room_id = ?5 AND code_index = ?6 AND state IN {LIVE} \
                 AND code_from < ?3 AND end_at > ?7) \
         FROM users u WHERE u.id = ?1"
    );
    type Checks = (String, Option<i64>, Option<i64>, bool, bool, bool);
    let found: Option<Checks> = sqlx::query_as(&checks)
        .bind(&b.user_id)
        .bind(&b.seat_id)
        .bind(end)
        .bind(start)
        .bind(&b.room_id)
        .bind(&b.code_index)
        .bind(secs(b.code_from))
        .fetch_optional(&mut *conn)
        .await?;
    let Some((status, until, erased, seat_taken, overlapping, code_clash)) = found else {
        return Ok(InsertOutcome::NotAllowed);
    };
    if !may_book(&status, until, erased, b.booked_at) {
        return Ok(InsertOutcome::NotAllowed);
    }
    if seat_taken {
        return Ok(InsertOutcome::SeatTaken);
    }
    if overlapping {
        return Ok(InsertOutcome::Overlapping);
    }
    if code_clash {
        return Ok(InsertOutcome::CodeClash);
    }
    sqlx::query(
        "INSERT INTO bookings (id, room_id, seat_id, user_id, start_at, end_at, booked_at, state, code_from, \
         code_index, code_enc) VALUES (?, ?, ?, ?, ?, ?, ?, 'upcoming', ?, ?, ?)",
    )
    .bind(&b.id)
    .bind(&b.room_id)
    .bind(&b.seat_id)
    .bind(&b.user_id)
    .bind(start)
    .bind(end)
    .bind(secs(b.booked_at))
    .bind(secs(b.code_from))
    .bind(&b.code_index)
    .bind(&b.code_enc)
    .execute(&mut *conn)
    .await?;
    tail.append(chain, audit);
    Ok(InsertOutcome::Inserted)
}

/// Applies `change` to booking `id` if it is in one of `from`, with its audit entry, on a
/// connection inside the writer's transaction. The booking as it now is, or `None` if it was not
/// in one of `from`.
pub(super) async fn change(
    conn: &mut SqliteConnection,
    chain: &ChainKey,
    tail: &mut Tail,
    id: &str,
    from: &[BookingState],
    change: &Change,
    audit: &NewEntry,
) -> StoreResult<Option<BookingRecord>> {
    let Some(current) = fetch(conn, id).await?.filter(|b| from.contains(&b.state)) else {
        return Ok(None);
    };
    apply(conn, &current, change).await?;
    tail.append(chain, audit);
    fetch(conn, id).await
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
        sqlx::query(
            "INSERT INTO ticker_state (id, last_tick_at) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET last_tick_at = ?1",
        )
        .bind(secs(at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
