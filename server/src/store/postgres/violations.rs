//! Violations in PostgreSQL. Each decision is one conditional `UPDATE`, which locks the row and
//! re-checks its condition, so an appeal and a pardon cannot cross.

use super::{PostgresStore, secs};
use crate::audit::NewEntry;
use crate::store::violations::SELECT;
use crate::store::{StoreResult, ViolationRecord, ViolationStore, ViolationVerdict};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

async fn fetch(conn: &mut sqlx::PgConnection, id: i64) -> StoreResult<Option<ViolationRecord>> {
    let sql = format!("{SELECT} WHERE v.id = $1");
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(ViolationRecord::from_row)
        .transpose()
}

#[async_trait]
impl ViolationStore for PostgresStore {
    async fn violations_of_user(&self, user_id: &str) -> StoreResult<Vec<ViolationRecord>> {
        let sql = format!("{SELECT} WHERE v.user_id = $1 ORDER BY v.at DESC, v.id DESC LIMIT 200");
        let rows = sqlx::query(&sql).bind(user_id).fetch_all(&self.pool).await?;
        rows.iter().map(ViolationRecord::from_row).collect()
    }

    async fn violation(&self, id: i64) -> StoreResult<Option<ViolationRecord>> {
        let mut conn = self.pool.acquire().await?;
        fetch(&mut conn, id).await
    }

    async fn counting_violations(&self, user_id: &str, since: DateTime<Utc>) -> StoreResult<u32> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM violations WHERE user_id = $1 AND at >= $2 AND pardoned_at IS NULL",
        )
        .bind(user_id)
        .bind(secs(since))
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn appeal(
        &self,
        id: i64,
        user_id: &str,
        text: &str,
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<Option<ViolationRecord>> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE violations SET appeal_text = $1, appealed_at = $2, appeal_state = 'pending' \
             WHERE id = $3 AND user_id = $4 AND appeal_state IS NULL AND pardoned_at IS NULL",
        )
        .bind(text)
        .bind(secs(now))
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        tx.audit(audit.clone());
        let updated = fetch(&mut tx, id).await?;
        tx.commit(&self.chain).await?;
        Ok(updated)
    }

    async fn decide_violation(
        &self,
        id: i64,
        verdict: ViolationVerdict,
        by: &str,
        reason: &str,
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<Option<ViolationRecord>> {
        let mut tx = self.begin().await?;
        let done = match verdict {
            // A pardon answers a pending appeal with the same words.
            ViolationVerdict::Pardon => sqlx::query(
                "UPDATE violations SET pardoned_at = $1, pardoned_by = $2, pardon_reason = $3, \
                 appeal_state = CASE WHEN appeal_state = 'pending' THEN 'pardoned' ELSE appeal_state END, \
                 appeal_answer = CASE WHEN appeal_state = 'pending' THEN $3 ELSE appeal_answer END \
                 WHERE id = $4 AND pardoned_at IS NULL",
            )
            .bind(secs(now))
            .bind(by)
            .bind(reason)
            .bind(id),
            ViolationVerdict::Uphold => sqlx::query(
                "UPDATE violations SET appeal_state = 'upheld', appeal_answer = $1 WHERE id = $2 AND appeal_state = 'pending'",
            )
            .bind(reason)
            .bind(id),
        }
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        tx.audit(audit.clone());
        let updated = fetch(&mut tx, id).await?;
        tx.commit(&self.chain).await?;
        Ok(updated)
    }

    async fn pending_appeals(&self) -> StoreResult<Vec<ViolationRecord>> {
        let sql = format!("{SELECT} WHERE v.appeal_state = 'pending' ORDER BY v.appealed_at, v.id LIMIT 200");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(ViolationRecord::from_row).collect()
    }
}
