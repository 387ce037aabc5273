//! People in SQLite: accounts, sessions, the login throttle.

use super::audit::append;
use super::bookings::revoke_live_of_user;
use super::{SqliteStore, secs, time};
use crate::audit::NewEntry;
use crate::store::people::{SessionRow, USER_COLUMNS};
use crate::store::{
    Attempt, BookingRecord, NewUser, PeopleStore, SessionPolicy, StatusChange, StoreError, StoreResult,
    UserCursor, UserRecord,
};
use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use studyroom_api::UserStatus;

#[async_trait]
impl PeopleStore for SqliteStore {
    async fn insert_user(&self, u: &NewUser, audit: Option<&NewEntry>) -> StoreResult<()> {
        let mut tx = self.writes.begin().await?;
        let phone_taken = sqlx::query("SELECT 1 FROM users WHERE phone_index = ?")
            .bind(&u.phone_index)
            .fetch_optional(&mut *tx)
            .await?;
        if phone_taken.is_some() {
            return Err(StoreError::PhoneTaken);
        }
        if let Some(index) = &u.id_number_index {
            let id_taken = sqlx::query("SELECT 1 FROM users WHERE id_number_index = ?")
                .bind(index)
                .fetch_optional(&mut *tx)
                .await?;
            if id_taken.is_some() {
                return Err(StoreError::IdNumberTaken);
            }
        }
        sqlx::query(
            "INSERT INTO users (id, role, status, phone_index, phone_enc, real_name_enc, id_number_index, \
             id_number_enc, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&u.id)
        .bind(u.role.as_str())
        .bind(u.status.as_str())
        .bind(&u.phone_index)
        .bind(&u.phone_enc)
        .bind(&u.real_name_enc)
        .bind(&u.id_number_index)
        .bind(&u.id_number_enc)
        .bind(&u.password_hash)
        .bind(secs(u.created_at))
        .execute(&mut *tx)
        .await?;
        if let Some(entry) = audit {
            append(&mut tx, &self.chain, entry).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(UserRecord::from_row).transpose()
    }

    async fn user_by_phone(&self, phone_index: &[u8]) -> StoreResult<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE phone_index = ?");
        let row = sqlx::query(&sql)
            .bind(phone_index)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(UserRecord::from_row).transpose()
    }

    async fn users(
        &self,
        status: Option<UserStatus>,
        after: Option<&UserCursor>,
        limit: u32,
    ) -> StoreResult<Vec<UserRecord>> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users WHERE erased_at IS NULL AND (?1 IS NULL OR status = ?1) \
             AND (?2 IS NULL OR (created_at, id) > (?2, ?3)) ORDER BY created_at, id LIMIT ?4"
        );
        let rows = sqlx::query(&sql)
            .bind(status.map(UserStatus::as_str))
            .bind(after.map(|c| secs(c.created_at)))
            .bind(after.map(|c| c.id.as_str()))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(UserRecord::from_row).collect()
    }

    async fn users_by_ids(&self, ids: &[&str]) -> StoreResult<Vec<UserRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // One query, the ids as a JSON array: no statement built per list length.
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id IN (SELECT value FROM json_each(?))");
        let ids = serde_json::to_string(ids).map_err(|_| StoreError::Corrupt("user ids"))?;
        let rows = sqlx::query(&sql).bind(ids).fetch_all(&self.pool).await?;
        rows.iter().map(UserRecord::from_row).collect()
    }

    async fn set_status(
        &self,
        id: &str,
        from: &[UserStatus],
        to: &StatusChange<'_>,
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<Option<(UserRecord, Vec<BookingRecord>)>> {
        let mut tx = self.writes.begin().await?;
        let current: Option<String> = sqlx::query_scalar(
            "SELECT status FROM users WHERE id = ? AND erased_at IS NULL AND role = 'member'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let allowed = current
            .as_deref()
            .and_then(UserStatus::parse)
            .is_some_and(|s| from.contains(&s));
        if !allowed {
            return Ok(None);
        }
        sqlx::query(
            "UPDATE users SET status = ?, status_reason = ?, suspended_until = ?, decided_at = ?, decided_by = ?, \
             suspended_auto = ? WHERE id = ?",
        )
        .bind(to.status.as_str())
        .bind(to.reason)
        .bind(to.suspended_until.map(secs))
        .bind(secs(now))
        .bind(to.by)
        .bind(to.automatic)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        append(&mut tx, &self.chain, audit).await?;
        let revoked = if to.revoke_codes {
            revoke_live_of_user(&mut tx, &self.chain, id, now, "account suspended").await?
        } else {
            Vec::new()
        };
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        self.sessions.forget_where(|s| s.user.id == *id);
        Ok(Some((UserRecord::from_row(&row)?, revoked)))
    }

    async fn reapply(
        &self,
        id: &str,
        real_name_enc: &[u8],
        id_number_index: &[u8],
        id_number_enc: &[u8],
        audit: &NewEntry,
    ) -> StoreResult<Option<UserRecord>> {
        let mut tx = self.writes.begin().await?;
        let taken = sqlx::query("SELECT 1 FROM users WHERE id_number_index = ? AND id <> ?")
            .bind(id_number_index)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::IdNumberTaken);
        }
        let done = sqlx::query(
            "UPDATE users SET real_name_enc = ?, id_number_index = ?, id_number_enc = ?, status = 'pending', \
             status_reason = NULL WHERE id = ? AND status = 'rejected' AND erased_at IS NULL",
        )
        .bind(real_name_enc)
        .bind(id_number_index)
        .bind(id_number_enc)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        append(&mut tx, &self.chain, audit).await?;
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        self.sessions.forget_where(|s| s.user.id == *id);
        UserRecord::from_row(&row).map(Some)
    }

    async fn lift_expired_suspensions(&self, now: DateTime<Utc>) -> StoreResult<Vec<String>> {
        let mut tx = self.writes.begin().await?;
        // Only verified members are ever suspended, so the end of one returns them to verified.
        let ids: Vec<String> = sqlx::query_scalar(
            "UPDATE users SET status = 'verified', status_reason = NULL, suspended_until = NULL, decided_at = ?1, \
             decided_by = 'system', suspended_auto = 0 WHERE status = 'suspended' AND suspended_until <= ?1 RETURNING id",
        )
        .bind(secs(now))
        .fetch_all(&mut *tx)
        .await?;
        for id in &ids {
            let entry = NewEntry::new(
                now,
                "suspension_ended",
                "system",
                format!("user {id}: its time was up"),
            );
            append(&mut tx, &self.chain, &entry).await?;
        }
        tx.commit().await?;
        for id in &ids {
            self.sessions.forget_where(|s| s.user.id == *id);
        }
        Ok(ids)
    }

    async fn promote_to_manager(
        &self,
        phone_index: &[u8],
        password_hash: &str,
        audit: &NewEntry,
    ) -> StoreResult<Option<String>> {
        let mut tx = self.writes.begin().await?;
        let id: Option<String> = sqlx::query_scalar(
            "UPDATE users SET role = 'manager', status = 'verified', password_hash = ? \
             WHERE phone_index = ? AND erased_at IS NULL RETURNING id",
        )
        .bind(password_hash)
        .bind(phone_index)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = &id {
            let mut entry = audit.clone();
            entry.detail = format!("user {id}: {}", entry.detail);
            append(&mut tx, &self.chain, &entry).await?;
        }
        tx.commit().await?;
        if let Some(id) = &id {
            self.sessions.forget_where(|s| s.user.id == *id);
        }
        Ok(id)
    }

    async fn erase_user(
        &self,
        id: &str,
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<Vec<BookingRecord>> {
        let mut tx = self.writes.begin().await?;
        let revoked = revoke_live_of_user(&mut tx, &self.chain, id, now, "account erased").await?;
        sqlx::query(
            "UPDATE users SET phone_index = NULL, phone_enc = NULL, real_name_enc = NULL, \
             id_number_index = NULL, id_number_enc = NULL, password_hash = NULL, status_reason = NULL, \
             erased_at = ? WHERE id = ?",
        )
        .bind(secs(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        append(&mut tx, &self.chain, audit).await?;
        tx.commit().await?;
        self.sessions.forget_where(|s| s.user.id == *id);
        Ok(revoked)
    }

    async fn insert_session(
        &self,
        token_hash: &[u8],
        user_id: &str,
        now: DateTime<Utc>,
        audit: Option<&NewEntry>,
    ) -> StoreResult<()> {
        let mut tx = self.writes.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(secs(now))
        .bind(secs(now))
        .execute(&mut *tx)
        .await?;
        if let Some(entry) = audit {
            append(&mut tx, &self.chain, entry).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn delete_sessions_of_user(&self, user_id: &str) -> StoreResult<u64> {
        let done = self
            .writes
            .execute(sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(user_id))
            .await?;
        self.sessions.forget_where(|s| s.user.id == *user_id);
        Ok(done)
    }

    async fn prune(
        &self,
        now: DateTime<Utc>,
        sessions: SessionPolicy,
        throttle: &ThrottlePolicy,
    ) -> StoreResult<u64> {
        let now_s = secs(now);
        let idle = sessions.idle.num_seconds();
        let absolute = sessions.absolute.num_seconds();
        let gone = self
            .writes
            .execute(
                sqlx::query("DELETE FROM sessions WHERE last_seen_at <= ?1 - ?2 OR created_at <= ?1 - ?3")
                    .bind(now_s)
                    .bind(idle)
                    .bind(absolute),
            )
            .await?;
        // A row whose failures have all leaked away and whose lock has ended says nothing any more.
        let stale = self
            .writes
            .execute(
                sqlx::query(
                    "DELETE FROM login_throttle WHERE (locked_until IS NULL OR locked_until <= ?1) \
                     AND (last_failure_at IS NULL OR last_failure_at + failures * ?2 <= ?1)",
                )
                .bind(now_s)
                .bind(throttle.decay.num_seconds()),
            )
            .await?;
        Ok(gone + stale)
    }

    async fn session_user(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
        policy: SessionPolicy,
    ) -> StoreResult<Option<UserRecord>> {
        let generation = self.sessions.generation();
        let session = match self.sessions.get(token_hash) {
            Some(kept) => kept,
            None => {
                let Some(row) = sqlx::query(&SessionRow::query("?"))
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?
                else {
                    return Ok(None);
                };
                let read = SessionRow::from_row(&row)?;
                self.sessions.keep(generation, token_hash.to_vec(), read.clone());
                read
            }
        };
        if session.expired(now, policy) {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        if session.stale_seen(now) {
            self.writes
                .execute(
                    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
                        .bind(secs(now))
                        .bind(token_hash),
                )
                .await?;
            self.sessions.update(token_hash, |s| s.seen = now);
        }
        Ok(Some(session.user))
    }

    async fn delete_session(&self, token_hash: &[u8]) -> StoreResult<()> {
        self.writes
            .execute(sqlx::query("DELETE FROM sessions WHERE token_hash = ?").bind(token_hash))
            .await?;
        // After the delete: a look-up in between still finds the row and must not keep it.
        self.sessions.forget(token_hash);
        Ok(())
    }

    async fn login_attempt(
        &self,
        key: &[u8],
        now: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt> {
        let mut tx = self.writes.begin().await?;
        let row: Option<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE key = ?",
        )
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        let (failures, last_failure, locked_until) = row.unwrap_or((0, None, None));
        if let Some(until) = locked_until.map(time).transpose()?.filter(|until| *until > now) {
            return Ok(Attempt::Locked { until });
        }
        let last_failure = last_failure.map(time).transpose()?;
        let (failures, locks_until) = policy.fail(u32::try_from(failures).unwrap_or(0), last_failure, now);
        sqlx::query(
            "INSERT INTO login_throttle (key, failures, last_failure_at, locked_until) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (key) DO UPDATE SET failures = ?2, last_failure_at = ?3, locked_until = ?4",
        )
        .bind(key)
        .bind(i64::from(failures))
        .bind(secs(now))
        .bind(locks_until.map(secs))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Attempt::Allowed { locks_until })
    }

    async fn login_succeeded(&self, key: &[u8]) -> StoreResult<()> {
        self.writes
            .execute(sqlx::query("DELETE FROM login_throttle WHERE key = ?").bind(key))
            .await?;
        Ok(())
    }
}
