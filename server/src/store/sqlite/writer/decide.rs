//! The writer's pieces of work, each on the writer's connection inside its batch's transaction:
//! an unlock decision, a booking made, a booking changed. Statements are prepared once and kept
//! (`prepare_cached`); their SQL is shared with the store's other writes where both run it
//! (`../bookings.rs`).

use super::Carried;
use crate::audit::{ChainKey, NewEntry};
use crate::store::bookings::{LIVE, SELECT, clash, may_book};
use crate::store::doors::{entry_change, granted_entry, locked_out_entry, refused_entry};
use crate::store::sqlite::audit::Tail;
use crate::store::sqlite::bookings::{APPLY, RECORD_VIOLATION, away_of};
use crate::store::sqlite::{secs, time};
use crate::store::{
    BookingRecord, Change, DoorRecord, InsertOutcome, NewBookingRecord, StoreResult, UnlockOutcome,
};
use crate::throttle::ThrottlePolicy;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use studyroom_api::BookingState;

/// One unlock decision: the room's lock-out, the code's look-up, the check-in or the failure
/// count, and the audit entry.
pub(super) fn unlock(
    conn: &Connection,
    chain: &ChainKey,
    carried: &mut Carried,
    d: &DoorRecord,
    code_index: Option<&[u8]>,
    now: DateTime<Utc>,
    policy: &ThrottlePolicy,
) -> StoreResult<UnlockOutcome> {
    // The count is the room's, across all its doors: a second door is no second set of tries.
    let (failures, last_failure, locked_until) = carried.room_count(conn, &d.room_id)?;
    if let Some(until) = locked_until.map(time).transpose()?.filter(|u| *u > now) {
        carried.tail.append(chain, &locked_out_entry(d, now, until));
        return Ok(UnlockOutcome::Locked { until });
    }
    let found = match code_index {
        Some(index) => {
            let now_s = secs(now);
            conn.prepare_cached(&format!(
                "{SELECT} WHERE b.room_id = ? AND b.code_index = ? AND b.state IN {LIVE} \
                 AND b.code_from <= ? AND b.end_at > ? LIMIT 1"
            ))?
            .query_row(params![d.room_id, index, now_s, now_s], |row| {
                Ok(BookingRecord::from_row(row))
            })
            .optional()?
            .transpose()?
        }
        None => None,
    };
    if let Some(booking) = found {
        carried.tail.append(chain, &granted_entry(d, now, &booking));
        let Some(change) = entry_change(booking.state, now) else {
            return Ok(UnlockOutcome::Granted {
                booking: Box::new(booking),
                seat_changed: false,
            });
        };
        apply(conn, &booking, &change)?;
        let updated = fetch(conn, &booking.id)?.unwrap_or(booking);
        return Ok(UnlockOutcome::Granted {
            booking: Box::new(updated),
            seat_changed: true,
        });
    }
    let last_failure = last_failure.map(time).transpose()?;
    let (failures, locked_until) = policy.fail(u32::try_from(failures).unwrap_or(0), last_failure, now);
    carried.failed(
        &d.room_id,
        (i64::from(failures), Some(secs(now)), locked_until.map(secs)),
    );
    carried
        .tail
        .append(chain, &refused_entry(d, now, failures, locked_until));
    Ok(UnlockOutcome::Refused { locked_until })
}

/// Makes a booking, unless the person may not book or something it must not meet is there.
/// Whatever must hold under concurrency is checked here, under the write lock, never by a
/// read-then-check in the caller.
pub(super) fn insert_booking(
    conn: &Connection,
    chain: &ChainKey,
    tail: &mut Tail,
    b: &NewBookingRecord,
    audit: &NewEntry,
) -> StoreResult<InsertOutcome> {
    let (start, end) = (secs(b.start), secs(b.end));
    // Everything the booking must not meet, in one query: the person's standing (a suspension or
    // erasure that commits first is seen here, one that comes later revokes this booking with the
    // others), the seat's live bookings, the person's, and a live code of the room in the same
    // window.
    let checks = format!(
        "SELECT u.status, u.suspended_until, u.erased_at, \
         EXISTS (SELECT 1 FROM bookings WHERE seat_id = ?2 AND state IN {LIVE} AND start_at < ?3 AND end_at > ?4), \
         EXISTS (SELECT 1 FROM bookings WHERE user_id = ?1 AND state IN {LIVE} AND start_at < ?3 AND end_at > ?4), \
         EXISTS (SELECT 1 FROM bookings WHERE room_id = ?5 AND code_index = ?6 AND state IN {LIVE} \
                 AND code_from < ?3 AND end_at > ?7) \
         FROM users u WHERE u.id = ?1"
    );
    type Checks = (String, Option<i64>, Option<i64>, bool, bool, bool);
    let found: Option<Checks> = conn
        .prepare_cached(&checks)?
        .query_row(
            params![
                b.user_id,
                b.seat_id,
                end,
                start,
                b.room_id,
                b.code_index,
                secs(b.code_from)
            ],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let Some((status, until, erased, seat_taken, overlapping, code_clash)) = found else {
        return Ok(InsertOutcome::NotAllowed);
    };
    if !may_book(&status, until, erased, b.booked_at) {
        return Ok(InsertOutcome::NotAllowed);
    }
    if let Some(refused) = clash(seat_taken, overlapping, code_clash) {
        return Ok(refused);
    }
    conn.prepare_cached(
        "INSERT INTO bookings (id, room_id, seat_id, user_id, start_at, end_at, booked_at, state, code_from, \
         code_index, code_enc) VALUES (?, ?, ?, ?, ?, ?, ?, 'upcoming', ?, ?, ?)",
    )?
    .execute(params![
        b.id,
        b.room_id,
        b.seat_id,
        b.user_id,
        start,
        end,
        secs(b.booked_at),
        secs(b.code_from),
        b.code_index,
        b.code_enc
    ])?;
    tail.append(chain, audit);
    Ok(InsertOutcome::Inserted)
}

/// Applies `change` to booking `id` if it is in one of `from`, with its audit entry. The booking
/// as it now is, or `None` if it was not in one of `from`.
pub(super) fn change_booking(
    conn: &Connection,
    chain: &ChainKey,
    tail: &mut Tail,
    id: &str,
    from: &[BookingState],
    change: &Change,
    audit: &NewEntry,
) -> StoreResult<Option<BookingRecord>> {
    let Some(current) = fetch(conn, id)?.filter(|b| from.contains(&b.state)) else {
        return Ok(None);
    };
    apply(conn, &current, change)?;
    tail.append(chain, audit);
    fetch(conn, id)
}

fn fetch(conn: &Connection, id: &str) -> StoreResult<Option<BookingRecord>> {
    conn.prepare_cached(&format!("{SELECT} WHERE b.id = ?"))?
        .query_row([id], |row| Ok(BookingRecord::from_row(row)))
        .optional()?
        .transpose()
}

/// `../bookings.rs`'s `apply`, on this connection.
fn apply(conn: &Connection, booking: &BookingRecord, change: &Change) -> StoreResult<()> {
    let (set_away, away) = away_of(change);
    conn.prepare_cached(APPLY)?.execute(params![
        change.to.map(BookingState::as_str),
        change.checked_in_at.map(secs),
        set_away,
        away,
        change.revoke_code,
        change.ended_at.map(secs),
        booking.id
    ])?;
    if let Some(kind) = change.violation {
        conn.prepare_cached(RECORD_VIOLATION)?.execute(params![
            booking.user_id,
            booking.id,
            kind,
            secs(change.violation_at(booking))
        ])?;
    }
    Ok(())
}
