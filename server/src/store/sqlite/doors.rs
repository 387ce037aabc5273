//! Doors in SQLite. The unlock decision (lock-out check, code look-up, check-in, failure count and
//! audit entry) is made inside one write transaction by the writer (`writer/decide.rs`, group
//! commit), so an answer the door received is always on record and concurrent guesses cannot slip
//! past the count.

use super::audit::{append, commit_audited};
use super::writer::{Done, Work, mismatch};
use super::{SqliteStore, secs};
use crate::audit::NewEntry;
use crate::store::doors::DOOR_COLUMNS;
use crate::store::{DoorRecord, DoorStore, StoreResult, UnlockOutcome};
use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

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
