//! Doors in SQLite. The unlock decision (lock-out check, code look-up, check-in, failure count and
//! audit entry) is made inside one write transaction by the door writer (`writer.rs`, group
//! commit), so an answer the door received is always on record and concurrent guesses cannot slip
//! past the count.

use super::audit::{append, commit_audited};
use super::bookings::{apply, fetch};
use super::writer::{Carried, Done, Work, mismatch};
use super::{SqliteStore, secs, time};
use crate::audit::{ChainKey, NewEntry};
use crate::store::bookings::SELECT;
use crate::store::doors::{DOOR_COLUMNS, entry_change, granted_entry, locked_out_entry, refused_entry};
use crate::store::{BookingRecord, DoorRecord, DoorStore, StoreResult, UnlockOutcome};
use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

#[async_trait]
impl DoorStore for SqliteStore {
    async fn insert_door(&self, d: &DoorRecord, token_hash: &[u8], audit: &NewEntry) -> StoreResult<()> {
        let mut tx = self.writes.begin().await?;
        sqlx::query(
            "INSERT INTO doors (id, room_id, name, token_hash, webhook_url, webhook_secret, screen, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&d.id)
        .bind(&d.room_id)
        .bind(&d.name)
        .bind(token_hash)
        .bind(&d.webhook_url)
        .bind(&d.webhook_secret_enc)
        .bind(d.screen)
        .bind(secs(d.created_at))
        .execute(&mut *tx)
        .await?;
        append(&mut tx, &self.chain, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn door_by_token(&self, door_id: &str, token_hash: &[u8]) -> StoreResult<Option<DoorRecord>> {
        // Only a right token is kept; a wrong one always asks the database (a stale entry can
        // never let an old token in: rotating or revoking forgets it).
        if let Some((kept_hash, d)) = self.door_tokens.get(door_id)
            && kept_hash == token_hash
        {
            return Ok(Some(d));
        }
        let generation = self.door_tokens.generation();
        let sql = format!(
            "SELECT {DOOR_COLUMNS} FROM doors WHERE id = ? AND token_hash = ? AND revoked_at IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(door_id)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        let found = row.as_ref().map(DoorRecord::from_row).transpose()?;
        if let Some(d) = &found {
            self.door_tokens
                .keep(generation, door_id.to_owned(), (token_hash.to_vec(), d.clone()));
        }
        Ok(found)
    }

    async fn door(&self, door_id: &str) -> StoreResult<Option<DoorRecord>> {
        let sql = format!("SELECT {DOOR_COLUMNS} FROM doors WHERE id = ? AND revoked_at IS NULL");
        let row = sqlx::query(&sql).bind(door_id).fetch_optional(&self.pool).await?;
        row.as_ref().map(DoorRecord::from_row).transpose()
    }

    async fn doors_of_room(&self, room_id: &str) -> StoreResult<Vec<DoorRecord>> {
        let sql = format!(
            "SELECT {DOOR_COLUMNS} FROM doors WHERE room_id = ? AND revoked_at IS NULL ORDER BY created_at, id"
        );
        let rows = sqlx::query(&sql).bind(room_id).fetch_all(&self.pool).await?;
        rows.iter().map(DoorRecord::from_row).collect()
    }

    async fn set_door_token(&self, door_id: &str, token_hash: &[u8], audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.writes.begin().await?;
        let done = sqlx::query("UPDATE doors SET token_hash = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(token_hash)
            .bind(door_id)
            .execute(&mut *tx)
            .await?;
        let changed = commit_audited(tx, &self.chain, done.rows_affected(), audit).await;
        self.door_tokens.forget(door_id);
        changed
    }

    async fn update_door(&self, d: &DoorRecord, audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.writes.begin().await?;
        let done = sqlx::query(
            "UPDATE doors SET name = ?, webhook_url = ?, webhook_secret = ?, screen = ? WHERE id = ? AND revoked_at IS NULL",
        )
        .bind(&d.name)
        .bind(&d.webhook_url)
        .bind(&d.webhook_secret_enc)
        .bind(d.screen)
        .bind(&d.id)
        .execute(&mut *tx)
        .await?;
        let changed = commit_audited(tx, &self.chain, done.rows_affected(), audit).await;
        self.door_tokens.forget(d.id.as_str());
        changed
    }

    async fn revoke_door(&self, door_id: &str, now: DateTime<Utc>, audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.writes.begin().await?;
        // The token hash is replaced by random bytes as well: nothing can ever match it again.
        let done = sqlx::query(
            "UPDATE doors SET revoked_at = ?, token_hash = randomblob(32) WHERE id = ? AND revoked_at IS NULL",
        )
        .bind(secs(now))
        .bind(door_id)
        .execute(&mut *tx)
        .await?;
        let changed = commit_audited(tx, &self.chain, done.rows_affected(), audit).await;
        self.door_tokens.forget(door_id);
        changed
    }

    async fn unlock(
        &self,
        d: &DoorRecord,
        code_index: Option<&[u8]>,
        now: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<UnlockOutcome> {
        let work = Work::Unlock {
            door: d.clone(),
            code_index: code_index.map(<[u8]>::to_vec),
            now,
            policy: *policy,
        };
        match self.writer.write(work).await? {
            Done::Unlock(outcome) => Ok(outcome),
            _ => Err(mismatch()),
        }
    }
}

/// One unlock decision on a connection inside the writer's transaction: the room's lock-out, the code's
/// look-up, the check-in or the failure count, and the audit entry.
pub(super) async fn decide_unlock(
    conn: &mut SqliteConnection,
    chain: &ChainKey,
    carried: &mut Carried,
    d: &DoorRecord,
    code_index: Option<&[u8]>,
    now: DateTime<Utc>,
    policy: &ThrottlePolicy,
) -> StoreResult<UnlockOutcome> {
    // The count is the room's, across all its doors: a second door is no second set of tries.
    let (failures, last_failure, locked_until) = carried.room_count(conn, &d.room_id).await?;
    let tail = &mut carried.tail;
    if let Some(until) = locked_until.map(time).transpose()?.filter(|u| *u > now) {
        tail.append(chain, &locked_out_entry(d, now, until));
        return Ok(UnlockOutcome::Locked { until });
    }
    let found = match code_index {
        Some(index) => {
            let sql = format!(
                "{SELECT} WHERE b.room_id = ? AND b.code_index = ? AND b.state IN ('upcoming', 'active', 'away') \
                 AND b.code_from <= ? AND b.end_at > ? LIMIT 1"
            );
            let now_s = secs(now);
            sqlx::query(&sql)
                .bind(&d.room_id)
                .bind(index)
                .bind(now_s)
                .bind(now_s)
                .fetch_optional(&mut *conn)
                .await?
                .as_ref()
                .map(BookingRecord::from_row)
                .transpose()?
        }
        None => None,
    };
    if let Some(booking) = found {
        let change = entry_change(booking.state, now);
        tail.append(chain, &granted_entry(d, now, &booking));
        let Some(change) = change else {
            return Ok(UnlockOutcome::Granted {
                booking: Box::new(booking),
                seat_changed: false,
            });
        };
        apply(&mut *conn, &booking, &change).await?;
        let updated = fetch(&mut *conn, &booking.id).await?.unwrap_or(booking);
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
