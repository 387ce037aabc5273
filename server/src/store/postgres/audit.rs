//! The audit log in PostgreSQL. Entries are appended when their transaction commits
//! (`WriteTx::commit`), under a transaction-scoped advisory lock, so two writers never read the
//! same previous hash and the chain never forks; the head moves in that same transaction.

use super::{PostgresStore, secs};
use crate::audit::{ChainKey, Entry, Head, NewEntry};
use crate::store::audit::{ENTRY_COLUMNS, entry_from_row};
use crate::store::{AuditFilter, AuditStore, StoreResult};
use async_trait::async_trait;
use sqlx::PgConnection;

/// The advisory lock that guards the chain's end ("studyrm" in ASCII, any constant would do).
const CHAIN_LOCK: i64 = 0x0073_7475_6479_726d;

/// The end of the chain inside one write transaction, read under the chain's lock: advanced by
/// each entry, and its head written once before commit.
pub(super) struct Tail {
    seq: i64,
    hash: Vec<u8>,
}

impl Tail {
    /// Takes the chain's lock (held until the transaction ends) and reads its end. A head row
    /// cannot be locked before the first entry exists, hence an advisory lock rather than
    /// `audit_head … FOR UPDATE`.
    pub(super) async fn lock(conn: &mut PgConnection) -> StoreResult<Self> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CHAIN_LOCK)
            .execute(&mut *conn)
            .await?;
        // READ COMMITTED: this statement's snapshot is taken after the lock was granted, so it
        // sees the entries of the transaction that held it before.
        let prev: Option<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut *conn)
                .await?;
        let (seq, hash) = prev.unwrap_or((0, Vec::new()));
        Ok(Self { seq, hash })
    }

    pub(super) async fn append(
        &mut self,
        conn: &mut PgConnection,
        key: &ChainKey,
        entry: &NewEntry,
    ) -> StoreResult<()> {
        let seq = self.seq + 1;
        let at = secs(entry.at);
        let hash = key.hash(&self.hash, seq, at, entry.kind, &entry.actor, &entry.detail);
        sqlx::query("INSERT INTO audit (seq, at, kind, actor, detail, hash) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(seq)
            .bind(at)
            .bind(entry.kind)
            .bind(&entry.actor)
            .bind(&entry.detail)
            .bind(&hash)
            .execute(&mut *conn)
            .await?;
        self.seq = seq;
        self.hash = hash;
        Ok(())
    }

    /// Moves the head (kept apart from the entries, keyed, so that cutting the newest entries off
    /// shows) to this tail. Must run in the same transaction as the appends.
    pub(super) async fn save(&self, conn: &mut PgConnection, key: &ChainKey) -> StoreResult<()> {
        if self.seq == 0 {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO audit_head (id, seq, mac) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET seq = $1, mac = $2",
        )
        .bind(self.seq)
        .bind(key.head_mac(self.seq, &self.hash))
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

/// Ends a write transaction that changed `rows` rows: if it changed any, its audit entry is written
/// in it and it commits (`true`); if not, it is dropped, so nothing is written (`false`).
pub(super) async fn commit_audited(
    mut tx: super::WriteTx,
    key: &ChainKey,
    rows: u64,
    audit: &NewEntry,
) -> StoreResult<bool> {
    if rows == 0 {
        return Ok(false);
    }
    tx.audit(audit.clone());
    tx.commit(key).await?;
    Ok(true)
}

#[async_trait]
impl AuditStore for PostgresStore {
    async fn append_audit(&self, entry: &NewEntry) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.audit(entry.clone());
        tx.commit(&self.chain).await
    }

    async fn audit_page(&self, f: &AuditFilter, limit: u32) -> StoreResult<Vec<Entry>> {
        // Ids are 32 hex digits, so "about" matches an actor exactly or an id inside a detail.
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM audit \
             WHERE ($1::TEXT IS NULL OR kind = $1) \
             AND ($2::TEXT IS NULL OR actor = 'user:' || $2 OR actor = 'door:' || $2 OR strpos(detail, $2) > 0) \
             AND ($3::BIGINT IS NULL OR at >= $3) AND ($4::BIGINT IS NULL OR at < $4) \
             AND ($5::BIGINT IS NULL OR seq < $5) ORDER BY seq DESC LIMIT $6"
        );
        let rows = sqlx::query(&sql)
            .bind(f.kind.as_deref())
            .bind(f.about.as_deref())
            .bind(f.from.map(secs))
            .bind(f.to.map(secs))
            .bind(f.before)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(entry_from_row).collect()
    }

    async fn audit_chain(&self) -> StoreResult<(Vec<Entry>, Option<Head>)> {
        // One snapshot for both reads (REPEATABLE READ): an append between them would look like a
        // cut end.
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
        let chain = chain_in(&mut tx).await?;
        tx.commit().await?;
        Ok(chain)
    }
}

/// Every entry, oldest first, and the head, on a connection the caller has put in one snapshot
/// (the store's `audit_chain`, and `migrate-to-postgres` checking its copy before it commits).
pub(crate) async fn chain_in(conn: &mut PgConnection) -> StoreResult<(Vec<Entry>, Option<Head>)> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM audit ORDER BY seq");
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    let entries = rows.iter().map(entry_from_row).collect::<StoreResult<Vec<_>>>()?;
    let head: Option<(i64, Vec<u8>)> = sqlx::query_as("SELECT seq, mac FROM audit_head WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    Ok((entries, head.map(|(seq, mac)| Head { seq, mac })))
}
