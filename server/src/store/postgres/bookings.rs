//! Bookings in PostgreSQL. The database itself refuses a seat booked twice and a person in two
//! places at once (the exclusion constraints of `migrations/postgres`), so of two concurrent
//! requests for one seat exactly one wins whatever the timing; the checks before the insert only
//! give the usual answer without an error in the usual case. A booking's row is locked
//! (`FOR UPDATE`) before any change that depends on its state.

use super::{PostgresStore, WriteTx, broken_constraint, secs, time};
use crate::audit::NewEntry;
use crate::store::bookings::{LIVE, SELECT, all, all_that_decode, clash, may_book, revocation};
use crate::store::{
    BookingCursor, BookingRecord, BookingStore, Change, InsertOutcome, NewBookingRecord, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use studyroom_api::BookingState;

pub(super) async fn fetch(conn: &mut PgConnection, id: &str) -> StoreResult<Option<BookingRecord>> {
    let sql = format!("{SELECT} WHERE b.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(BookingRecord::from_row)
        .transpose()
}

/// [`fetch`], locking the booking's row until the transaction ends: a change that depends on its
/// state (cancel, check-in, a time rule) must not cross another one.
pub(super) async fn fetch_for_update(
    conn: &mut PgConnection,
    id: &str,
) -> StoreResult<Option<BookingRecord>> {
    let sql = format!("{SELECT} WHERE b.id = $1 FOR NO KEY UPDATE OF b");
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
    conn: &mut PgConnection,
    booking: &BookingRecord,
    change: &Change,
) -> StoreResult<()> {
    let (set_away, away) = match change.away_until {
        Some(value) => (true, value.map(secs)),
        None => (false, None),
    };
    sqlx::query(
        "UPDATE bookings SET state = COALESCE($1, state), checked_in_at = COALESCE($2, checked_in_at), \
         away_until = CASE WHEN $3 THEN $4 ELSE away_until END, \
         code_index = CASE WHEN $5 THEN NULL ELSE code_index END, \
         code_enc = CASE WHEN $5 THEN NULL ELSE code_enc END, \
         ended_at = COALESCE($6, ended_at) WHERE id = $7",
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
        sqlx::query("INSERT INTO violations (user_id, booking_id, kind, at) VALUES ($1, $2, $3, $4)")
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
    tx: &mut WriteTx,
    user_id: &str,
    now: DateTime<Utc>,
    why: &str,
) -> StoreResult<Vec<BookingRecord>> {
    let sql =
        format!("{SELECT} WHERE b.user_id = $1 AND b.state IN {LIVE} ORDER BY b.id FOR NO KEY UPDATE OF b");
    let live = all(sqlx::query(&sql).bind(user_id).fetch_all(&mut **tx).await?)?;
    let mut changed = Vec::with_capacity(live.len());
    for b in live {
        let (change, entry) = revocation(&b, now, why);
        apply(tx, &b, &change).await?;
        tx.audit(entry);
        changed.push(b);
    }
    Ok(changed)
}

/// What the database said when the insert broke an exclusion constraint: the same outcomes the
/// SQLite store finds by its checks.
fn refused_by(e: &sqlx::Error) -> Option<InsertOutcome> {
    match broken_constraint(e)? {
        "bookings_seat_no_overlap" => Some(InsertOutcome::SeatTaken),
        "bookings_person_no_overlap" => Some(InsertOutcome::Overlapping),
        _ => None,
    }
}

/// Makes a booking in `tx`, unless the person may not book or something it must not meet is there.
async fn insert(tx: &mut WriteTx, b: &NewBookingRecord, audit: &NewEntry) -> StoreResult<InsertOutcome> {
    let (start, end) = (secs(b.start), secs(b.end));
    // The person's standing, locked FOR SHARE until this commits: a suspension or erasure (which
    // locks the row to change it) either committed first and is seen here, or waits for this
    // booking and then revokes it with the others.
    let standing: Option<(String, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT status, suspended_until, erased_at FROM users WHERE id = $1 FOR SHARE")
            .bind(&b.user_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((status, until, erased)) = standing else {
        return Ok(InsertOutcome::NotAllowed);
    };
    if !may_book(&status, until, erased, b.booked_at) {
        return Ok(InsertOutcome::NotAllowed);
    }
    // The code clash has no constraint (codes are blind indexes compared within a window): it
    // stays a check, made after taking turns with any booking that drew the same code at this
    // room (an advisory lock on their hash, held to the end of the transaction), so that one of
    // two such bookings sees the other. Any other pair of bookings never waits here.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1 || encode($2, 'hex'), 0))")
        .bind(&b.room_id)
        .bind(&b.code_index)
        .execute(&mut **tx)
        .await?;
    // The usual case answered without an error; a race between these reads and the insert is
    // settled by the exclusion constraints below.
    let checks = format!(
        "SELECT \
         EXISTS (SELECT 1 FROM bookings WHERE seat_id = $2 AND state IN {LIVE} AND start_at < $3 AND end_at > $4), \
         EXISTS (SELECT 1 FROM bookings WHERE user_id = $1 AND state IN {LIVE} AND start_at < $3 AND end_at > $4), \
         EXISTS (SELECT 1 FROM bookings WHERE room_id = $5 AND code_index = $6 AND state IN {LIVE} \
                 AND code_from < $3 AND end_at > $7)"
    );
    let (seat_taken, overlapping, code_clash): (bool, bool, bool) = sqlx::query_as(&checks)
        .bind(&b.user_id)
        .bind(&b.seat_id)
        .bind(end)
        .bind(start)
        .bind(&b.room_id)
        .bind(&b.code_index)
        .bind(secs(b.code_from))
        .fetch_one(&mut **tx)
        .await?;
    if let Some(refused) = clash(seat_taken, overlapping, code_clash) {
        return Ok(refused);
    }
    let inserted = sqlx::query(
        "INSERT INTO bookings (id, room_id, seat_id, user_id, start_at, end_at, booked_at, state, code_from, \
         code_index, code_enc) VALUES ($1, $2, $3, $4, $5, $6, $7, 'upcoming', $8, $9, $10)",
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
    .execute(&mut **tx)
    .await;
    if let Err(e) = &inserted
        && let Some(outcome) = refused_by(e)
    {
        // The transaction is aborted; dropping it rolls it back.
        return Ok(outcome);
    }
    inserted?;
    tx.audit(audit.clone());
    Ok(InsertOutcome::Inserted)
}

#[async_trait]
impl BookingStore for PostgresStore {
    async fn insert_booking(&self, b: &NewBookingRecord, audit: &NewEntry) -> StoreResult<InsertOutcome> {
        let mut tx = self.begin().await?;
        let outcome = insert(&mut tx, b, audit).await?;
        if outcome == InsertOutcome::Inserted {
            tx.commit(&self.chain).await?;
        }
        Ok(outcome)
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
            "{SELECT} WHERE b.user_id = $1 AND ($2::BIGINT IS NULL OR (b.start_at, b.id) < ($2, $3)) \
             ORDER BY b.start_at DESC, b.id DESC LIMIT $4"
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
            "{SELECT} WHERE b.room_id = $1 AND b.state IN {LIVE} AND b.start_at < $2 AND b.end_at > $3 ORDER BY b.start_at"
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
        let mut tx = self.begin().await?;
        let Some(current) = fetch_for_update(&mut tx, id)
            .await?
            .filter(|b| from.contains(&b.state))
        else {
            return Ok(None);
        };
        apply(&mut tx, &current, change).await?;
        tx.audit(audit.clone());
        let changed = fetch(&mut tx, id).await?;
        tx.commit(&self.chain).await?;
        Ok(changed)
    }

    async fn due_bookings(&self, now: DateTime<Utc>) -> StoreResult<Vec<BookingRecord>> {
        let sql = format!(
            "{SELECT} JOIN rooms r ON r.id = b.room_id WHERE b.state IN {LIVE} AND (b.end_at <= $1 \
             OR (b.state = 'upcoming' AND GREATEST(b.start_at, b.booked_at) + r.no_show_grace_minutes * 60 <= $1) \
             OR (b.state = 'away' AND b.away_until <= $1)) ORDER BY b.end_at"
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
            "INSERT INTO ticker_state (id, last_tick_at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET last_tick_at = $1",
        )
        .bind(secs(at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
