//! The audit log in SQLite. Appends always run inside a `BEGIN IMMEDIATE` transaction, so two
//! writers can never read the same previous hash.

use super::{SqliteStore, secs, time};
use crate::audit::{Entry, NewEntry, chain_hash};
use crate::store::{AuditStore, StoreResult};
use async_trait::async_trait;
use sqlx::SqliteConnection;

/// Appends `entry` on a connection that is inside a write transaction.
pub(super) async fn append(conn: &mut SqliteConnection, entry: &NewEntry) -> StoreResult<()> {
    let prev: Option<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let (prev_seq, prev_hash) = prev.unwrap_or((0, Vec::new()));
    let seq = prev_seq + 1;
    let at = secs(entry.at);
    let hash = chain_hash(&prev_hash, seq, at, entry.kind, &entry.actor, &entry.detail);
    sqlx::query("INSERT INTO audit (seq, at, kind, actor, detail, hash) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(seq)
        .bind(at)
        .bind(entry.kind)
        .bind(&entry.actor)
        .bind(&entry.detail)
        .bind(hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

type Row = (i64, i64, String, String, String, Vec<u8>);

fn entry((seq, at, kind, actor, detail, hash): Row) -> StoreResult<Entry> {
    Ok(Entry {
        seq,
        at: time(at)?,
        kind,
        actor,
        detail,
        hash,
    })
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn append_audit(&self, entry: &NewEntry) -> StoreResult<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        append(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recent_audit(&self, limit: i64) -> StoreResult<Vec<Entry>> {
        let rows: Vec<Row> =
            sqlx::query_as("SELECT seq, at, kind, actor, detail, hash FROM audit ORDER BY seq DESC LIMIT ?")
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(entry).collect()
    }

    async fn all_audit(&self) -> StoreResult<Vec<Entry>> {
        let rows: Vec<Row> =
            sqlx::query_as("SELECT seq, at, kind, actor, detail, hash FROM audit ORDER BY seq")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(entry).collect()
    }
}
