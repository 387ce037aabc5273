//! Doors in SQLite, and the unlock decision: lock-out check, code look-up, check-in, failure count
//! and audit entry, all in one `BEGIN IMMEDIATE` transaction, so an answer the door received is
//! always on record and concurrent guesses cannot slip past the count.

use super::audit::{append, commit_audited};
use super::bookings::{SELECT, apply, booking_from_row, fetch};
use super::{SqliteStore, secs, time};
use crate::audit::NewEntry;
use crate::store::{Change, DoorRecord, DoorStore, StoreResult, UnlockOutcome};
use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use studyroom_api::BookingState;

const COLUMNS: &str = "id, room_id, name, webhook_url, webhook_secret, screen, created_at";

type DoorRow = (String, String, String, Option<String>, Option<Vec<u8>>, bool, i64);

fn door(
    (id, room_id, name, webhook_url, webhook_secret_enc, screen, created_at): DoorRow,
) -> StoreResult<DoorRecord> {
    Ok(DoorRecord {
        id,
        room_id,
        name,
        webhook_url,
        webhook_secret_enc,
        screen,
        created_at: time(created_at)?,
    })
}

#[async_trait]
impl DoorStore for SqliteStore {
    async fn insert_door(&self, d: &DoorRecord, token_hash: &[u8], audit: &NewEntry) -> StoreResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
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
        let sql =
            format!("SELECT {COLUMNS} FROM doors WHERE id = ? AND token_hash = ? AND revoked_at IS NULL");
        let row: Option<DoorRow> = sqlx::query_as(&sql)
            .bind(door_id)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(door).transpose()
    }

    async fn door(&self, door_id: &str) -> StoreResult<Option<DoorRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM doors WHERE id = ? AND revoked_at IS NULL");
        let row: Option<DoorRow> = sqlx::query_as(&sql)
            .bind(door_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(door).transpose()
    }

    async fn doors_of_room(&self, room_id: &str) -> StoreResult<Vec<DoorRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM doors WHERE room_id = ? AND revoked_at IS NULL ORDER BY created_at, id"
        );
        let rows: Vec<DoorRow> = sqlx::query_as(&sql).bind(room_id).fetch_all(&self.pool).await?;
        rows.into_iter().map(door).collect()
    }

    async fn set_door_token(&self, door_id: &str, token_hash: &[u8], audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let done = sqlx::query("UPDATE doors SET token_hash = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(token_hash)
            .bind(door_id)
            .execute(&mut *tx)
            .await?;
        commit_audited(tx, &self.chain, done.rows_affected(), audit).await
    }

    async fn update_door(&self, d: &DoorRecord, audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
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
        commit_audited(tx, &self.chain, done.rows_affected(), audit).await
    }

    async fn revoke_door(&self, door_id: &str, now: DateTime<Utc>, audit: &NewEntry) -> StoreResult<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        // The token hash is replaced by random bytes as well: nothing can ever match it again.
        let done = sqlx::query(
            "UPDATE doors SET revoked_at = ?, token_hash = randomblob(32) WHERE id = ? AND revoked_at IS NULL",
        )
        .bind(secs(now))
        .bind(door_id)
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
        let actor = format!("door:{}", d.id);
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        // The count is the room's, across all its doors: a second door is no second set of tries.
        let (failures, last_failure, locked_until): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT door_failures, door_last_failure_at, door_locked_until FROM rooms WHERE id = ?",
        )
        .bind(&d.room_id)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(until) = locked_until.map(time).transpose()?.filter(|u| *u > now) {
            append(
                &mut tx,
                &self.chain,
                &NewEntry::new(
                    now,
                    "door_locked_out",
                    &actor,
                    format!("refused unseen until {}", until.to_rfc3339()),
                ),
            )
            .await?;
            tx.commit().await?;
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
                    .fetch_optional(&mut *tx)
                    .await?
                    .as_ref()
                    .map(booking_from_row)
                    .transpose()?
            }
            None => None,
        };
        if let Some(booking) = found {
            let change = match booking.state {
                BookingState::Upcoming => Change {
                    to: Some(BookingState::Active),
                    checked_in_at: Some(now),
                    ..Default::default()
                },
                BookingState::Away => Change {
                    to: Some(BookingState::Active),
                    away_until: Some(None),
                    ..Default::default()
                },
                _ => Change::default(),
            };
            apply(&mut tx, &booking, &change).await?;
            let detail = format!("granted booking {} seat {}", booking.id, booking.seat_label);
            append(
                &mut tx,
                &self.chain,
                &NewEntry::new(now, "door_granted", &actor, detail),
            )
            .await?;
            let updated = fetch(&mut tx, &booking.id).await?.unwrap_or(booking);
            tx.commit().await?;
            return Ok(UnlockOutcome::Granted(Box::new(updated)));
        }
        let last_failure = last_failure.map(time).transpose()?;
        let (failures, locked_until) = policy.fail(u32::try_from(failures).unwrap_or(0), last_failure, now);
        sqlx::query(
            "UPDATE rooms SET door_failures = ?, door_last_failure_at = ?, door_locked_until = ? WHERE id = ?",
        )
        .bind(i64::from(failures))
        .bind(secs(now))
        .bind(locked_until.map(secs))
        .bind(&d.room_id)
        .execute(&mut *tx)
        .await?;
        let mut detail = format!("refused; room failures {failures}");
        if let Some(until) = locked_until {
            detail.push_str(&format!("; keypads locked until {}", until.to_rfc3339()));
        }
        append(
            &mut tx,
            &self.chain,
            &NewEntry::new(now, "door_refused", &actor, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(UnlockOutcome::Refused { locked_until })
    }
}
