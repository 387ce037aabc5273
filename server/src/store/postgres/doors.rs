//! Doors in PostgreSQL. The unlock decision (lock-out check, code look-up, check-in, failure count
//! and audit entry) is one transaction per attempt (the SQLite store batches them; here one each
//! is fine for now), so an answer the door received is always on record. The room's failure count
//! is locked (`FOR NO KEY UPDATE`) before it is read, so concurrent guesses at several doors of one
//! room cannot slip past the count; the booking a code opens is locked before it is checked in.

use super::audit::commit_audited;
use super::bookings::{apply, fetch};
use super::{PostgresStore, WriteTx, secs, time};
use crate::audit::NewEntry;
use crate::store::bookings::SELECT;
use crate::store::doors::{DOOR_COLUMNS, entry_change, granted_entry, locked_out_entry, refused_entry};
use crate::store::{BookingRecord, DoorRecord, DoorStore, StoreResult, UnlockOutcome};
use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl DoorStore for PostgresStore {
    async fn insert_door(&self, d: &DoorRecord, token_hash: &[u8], audit: &NewEntry) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO doors (id, room_id, name, token_hash, webhook_url, webhook_secret, screen, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
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
        tx.audit(audit.clone());
        tx.commit(&self.chain).await
    }

    async fn door_by_token(&self, door_id: &str, token_hash: &[u8]) -> StoreResult<Option<DoorRecord>> {
        // Asked of the database every time: another instance may have rotated or revoked the token
        // (see the module header of `postgres/mod.rs`).
        let sql = format!(
            "SELECT {DOOR_COLUMNS} FROM doors WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(door_id)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(DoorRecord::from_row).transpose()
    }

    async fn door(&self, door_id: &str) -> StoreResult<Option<DoorRecord>> {
        let sql = format!("SELECT {DOOR_COLUMNS} FROM doors WHERE id = $1 AND revoked_at IS NULL");
        let row = sqlx::query(&sql).bind(door_id).fetch_optional(&self.pool).await?;
        row.as_ref().map(DoorRecord::from_row).transpose()
    }

    async fn doors_of_room(&self, room_id: &str) -> StoreResult<Vec<DoorRecord>> {
        let sql = format!(
            "SELECT {DOOR_COLUMNS} FROM doors WHERE room_id = $1 AND revoked_at IS NULL ORDER BY created_at, id"
        );
        let rows = sqlx::query(&sql).bind(room_id).fetch_all(&self.pool).await?;
        rows.iter().map(DoorRecord::from_row).collect()
    }

    async fn set_door_token(&self, door_id: &str, token_hash: &[u8], audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE doors SET token_hash = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(token_hash)
            .bind(door_id)
            .execute(&mut *tx)
            .await?;
        commit_audited(tx, &self.chain, done.rows_affected(), audit).await
    }

    async fn update_door(&self, d: &DoorRecord, audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE doors SET name = $1, webhook_url = $2, webhook_secret = $3, screen = $4 WHERE id = $5 AND revoked_at IS NULL",
        )
        .bind(&d.name)
        .bind(&d.webhook_url)
        .bind(&d.webhook_secret_enc)
        .bind(d.screen)
        .bind(&d.id)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, &self.chain, done.rows_affected(), audit).await
    }

    async fn revoke_door(&self, door_id: &str, now: DateTime<Utc>, audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        // The token hash is replaced by random bytes as well: nothing can ever match it again.
        let random: [u8; 32] = rand::random();
        let done = sqlx::query(
            "UPDATE doors SET revoked_at = $1, token_hash = $3 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(secs(now))
        .bind(door_id)
        .bind(&random[..])
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, &self.chain, done.rows_affected(), audit).await
    }

    async fn unlock(
        &self,
        d: &DoorRecord,
        code_index: Option<&[u8]>,
        now: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<UnlockOutcome> {
        let mut tx = self.begin().await?;
        let outcome = decide_unlock(&mut tx, d, code_index, now, policy).await?;
        tx.commit(&self.chain).await?;
        Ok(outcome)
    }
}

/// `rooms.door_failures`, `door_last_failure_at`, `door_locked_until`.
type RoomCount = (i64, Option<i64>, Option<i64>);

/// One unlock decision in `tx`: the room's lock-out, the code's look-up, the check-in or the
/// failure count, and the audit entry.
async fn decide_unlock(
    tx: &mut WriteTx,
    d: &DoorRecord,
    code_index: Option<&[u8]>,
    now: DateTime<Utc>,
    policy: &ThrottlePolicy,
) -> StoreResult<UnlockOutcome> {
    // The count is the room's, across all its doors: a second door is no second set of tries.
    let (failures, last_failure, locked_until): RoomCount = sqlx::query_as(
        "SELECT door_failures, door_last_failure_at, door_locked_until FROM rooms WHERE id = $1 FOR NO KEY UPDATE",
    )
    .bind(&d.room_id)
    .fetch_one(&mut **tx)
    .await?;
    if let Some(until) = locked_until.map(time).transpose()?.filter(|u| *u > now) {
        tx.audit(locked_out_entry(d, now, until));
        return Ok(UnlockOutcome::Locked { until });
    }
    let found = match code_index {
        Some(index) => {
            let sql = format!(
                "{SELECT} WHERE b.room_id = $1 AND b.code_index = $2 AND b.state IN ('upcoming', 'active', 'away') \
                 AND b.code_from <= $3 AND b.end_at > $3 LIMIT 1 FOR NO KEY UPDATE OF b"
            );
            sqlx::query(&sql)
                .bind(&d.room_id)
                .bind(index)
                .bind(secs(now))
                .fetch_optional(&mut **tx)
                .await?
                .as_ref()
                .map(BookingRecord::from_row)
                .transpose()?
        }
        None => None,
    };
    if let Some(booking) = found {
        let change = entry_change(booking.state, now);
        tx.audit(granted_entry(d, now, &booking));
        let Some(change) = change else {
            return Ok(UnlockOutcome::Granted {
                booking: Box::new(booking),
                seat_changed: false,
            });
        };
        apply(tx, &booking, &change).await?;
        let updated = fetch(tx, &booking.id).await?.unwrap_or(booking);
        return Ok(UnlockOutcome::Granted {
            booking: Box::new(updated),
            seat_changed: true,
        });
    }
    let last_failure = last_failure.map(time).transpose()?;
    let (failures, locked_until) = policy.fail(u32::try_from(failures).unwrap_or(0), last_failure, now);
    sqlx::query(
        "UPDATE rooms SET door_failures = $1, door_last_failure_at = $2, door_locked_until = $3 WHERE id = $4",
    )
    .bind(i64::from(failures))
    .bind(secs(now))
    .bind(locked_until.map(secs))
    .bind(&d.room_id)
    .execute(&mut **tx)
    .await?;
    tx.audit(refused_entry(d, now, failures, locked_until));
    Ok(UnlockOutcome::Refused { locked_until })
}
