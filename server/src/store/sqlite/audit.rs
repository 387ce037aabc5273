//! The audit log in SQLite. Appends always run inside a `BEGIN IMMEDIATE` transaction, so two
//! writers can never read the same previous hash, and the head moves in that same transaction.

use super::{SqliteStore, secs};
use crate::audit::{ChainKey, Entry, Head, NewEntry, Verdict};
use crate::store::audit::{ENTRY_COLUMNS, entry_from_row};
use crate::store::{AuditFilter, AuditStore, StoreResult};
use async_trait::async_trait;
use rusqlite::OptionalExtension;
use sqlx::SqliteConnection;

/// Appends `entry` on a connection that is inside a write transaction.
pub(super) async fn append(conn: &mut SqliteConnection, key: &ChainKey, entry: &NewEntry) -> StoreResult<()> {
    let mut tail = Tail::read(conn).await?;
    tail.append(key, entry);
    tail.save(conn, key).await
}

/// The end of the chain inside one write transaction: read once, advanced by each entry, and
/// written before commit: the entries, then the head. The writer (`writer/`) carries one through a
/// whole batch of decisions on its own connection; the other writes read and save one here, through
/// sqlx. Nothing in a transaction reads the audit table between append and save, and it all commits
/// or none of it does.
pub(super) struct Tail {
    seq: i64,
    hash: Vec<u8>,
    unsaved: Vec<AuditRow>,
}

/// Where a [`Tail`] stood, to go back to when the decision after it is undone (the writer's
/// one-by-one fallback): the entries appended since are dropped, and none is copied to keep it.
pub(super) struct TailMark {
    seq: i64,
    hash: Vec<u8>,
    unsaved: usize,
}

/// `seq, at, kind, actor, detail, hash` of an entry not yet written.
struct AuditRow(i64, i64, &'static str, String, String, Vec<u8>);

const TAIL: &str = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
const INSERT_ENTRY: &str = "INSERT INTO audit (seq, at, kind, actor, detail, hash) VALUES (?, ?, ?, ?, ?, ?)";
const SET_HEAD: &str = "INSERT INTO audit_head (id, seq, mac) VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET seq = ?1, mac = ?2";

impl Tail {
    fn at(prev: Option<(i64, Vec<u8>)>) -> Self {
        let (seq, hash) = prev.unwrap_or((0, Vec::new()));
        Self {
            seq,
            hash,
            unsaved: Vec::new(),
        }
    }

    pub(super) async fn read(conn: &mut SqliteConnection) -> StoreResult<Self> {
        Ok(Self::at(sqlx::query_as(TAIL).fetch_optional(&mut *conn).await?))
    }

    pub(super) fn mark(&self) -> TailMark {
        TailMark {
            seq: self.seq,
            hash: self.hash.clone(),
            unsaved: self.unsaved.len(),
        }
    }

    /// Back to `mark`, as if what was appended since had not been.
    pub(super) fn back_to(&mut self, mark: TailMark) {
        self.seq = mark.seq;
        self.hash = mark.hash;
        self.unsaved.truncate(mark.unsaved);
    }

    /// [`Tail::read`] on the writer's own connection.
    pub(super) fn read_sync(conn: &rusqlite::Connection) -> StoreResult<Self> {
        let prev = conn
            .prepare_cached(TAIL)?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        Ok(Self::at(prev))
    }

    /// Chains `entry` on; saving the tail writes it.
    pub(super) fn append(&mut self, key: &ChainKey, entry: &NewEntry) {
        let seq = self.seq + 1;
        let at = secs(entry.at);
        let hash = key.hash(&self.hash, seq, at, entry.kind, &entry.actor, &entry.detail);
        self.unsaved.push(AuditRow(
            seq,
            at,
            entry.kind,
            entry.actor.clone(),
            entry.detail.clone(),
            hash.clone(),
        ));
        self.seq = seq;
        self.hash = hash;
    }

    /// Writes the entries appended since the last save and moves the head (kept apart from the
    /// entries, keyed, so that cutting the newest entries off shows) to this tail. Must run in the
    /// same transaction as whatever the entries record.
    pub(super) async fn save(&mut self, conn: &mut SqliteConnection, key: &ChainKey) -> StoreResult<()> {
        if self.unsaved.is_empty() {
            return Ok(());
        }
        for AuditRow(seq, at, kind, actor, detail, hash) in self.unsaved.drain(..) {
            sqlx::query(INSERT_ENTRY)
                .bind(seq)
                .bind(at)
                .bind(kind)
                .bind(actor)
                .bind(detail)
                .bind(hash)
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query(SET_HEAD)
            .bind(self.seq)
            .bind(key.head_mac(self.seq, &self.hash))
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// [`Tail::save`] on the writer's own connection.
    pub(super) fn save_sync(&mut self, conn: &rusqlite::Connection, key: &ChainKey) -> StoreResult<()> {
        if self.unsaved.is_empty() {
            return Ok(());
        }
        let mut insert = conn.prepare_cached(INSERT_ENTRY)?;
        for AuditRow(seq, at, kind, actor, detail, hash) in self.unsaved.drain(..) {
            insert.execute(rusqlite::params![seq, at, kind, actor, detail, hash])?;
        }
        conn.prepare_cached(SET_HEAD)?
            .execute(rusqlite::params![self.seq, key.head_mac(self.seq, &self.hash)])?;
        Ok(())
    }
}

/// Ends a write transaction that changed `rows` rows: if it changed any, its audit entry is written
/// in it and it commits (`true`); if not, it is dropped, so nothing is written (`false`).
pub(super) async fn commit_audited(
    mut tx: super::write_gate::WriteTx,
    key: &ChainKey,
    rows: u64,
    audit: &NewEntry,
) -> StoreResult<bool> {
    if rows == 0 {
        return Ok(false);
    }
    append(&mut tx, key, audit).await?;
    tx.commit().await?;
    Ok(true)
}

async fn all(conn: &mut SqliteConnection) -> StoreResult<Vec<Entry>> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM audit ORDER BY seq");
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    rows.iter().map(entry_from_row).collect()
}

/// Every entry, oldest first, and the head, on a connection the caller has put in one read
/// transaction (the store's `audit_chain`, and `migrate-to-postgres` reading its source).
pub(crate) async fn chain_in(conn: &mut SqliteConnection) -> StoreResult<(Vec<Entry>, Option<Head>)> {
    let entries = all(conn).await?;
    let head: Option<(i64, Vec<u8>)> = sqlx::query_as("SELECT seq, mac FROM audit_head WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    Ok((entries, head.map(|(seq, mac)| Head { seq, mac })))
}

/// A log written before the chain was keyed (plain SHA-256, no head) is chained again under the
/// key, once, and the upgrade itself is recorded with what the old chain's check found.
pub(super) async fn upgrade_to_keyed_chain(store: &SqliteStore) -> StoreResult<()> {
    let mut tx = store.writes.begin().await?;
    let has_head: Option<i64> = sqlx::query_scalar("SELECT seq FROM audit_head")
        .fetch_optional(&mut *tx)
        .await?;
    let entries = all(&mut tx).await?;
    if has_head.is_some() || entries.is_empty() {
        return Ok(());
    }
    let old_check = crate::audit::verify_unkeyed(&entries);
    let mut prev = Vec::new();
    for e in &entries {
        let hash = store
            .chain
            .hash(&prev, e.seq, e.at.timestamp(), &e.kind, &e.actor, &e.detail);
        sqlx::query("UPDATE audit SET hash = ? WHERE seq = ?")
            .bind(&hash)
            .bind(e.seq)
            .execute(&mut *tx)
            .await?;
        prev = hash;
    }
    // The entry below moves the head past the re-chained entries.
    let detail = match old_check {
        Verdict::BrokenAt(seq) => format!("chain keyed at upgrade; the old chain was broken at seq {seq}"),
        _ => "chain keyed at upgrade; the old chain was intact".to_owned(),
    };
    let now = chrono::Utc::now();
    append(
        &mut tx,
        &store.chain,
        &NewEntry::new(now, "audit_chain_keyed", "system", detail),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn append_audit(&self, entry: &NewEntry) -> StoreResult<()> {
        let mut tx = self.writes.begin().await?;
        append(&mut tx, &self.chain, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit_page(&self, f: &AuditFilter, limit: u32) -> StoreResult<Vec<Entry>> {
        // Ids are 32 hex digits, so "about" matches an actor exactly or an id inside a detail.
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM audit \
             WHERE (?1 IS NULL OR kind = ?1) \
             AND (?2 IS NULL OR actor = 'user:' || ?2 OR actor = 'door:' || ?2 OR instr(detail, ?2) > 0) \
             AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4) AND (?5 IS NULL OR seq < ?5) \
             ORDER BY seq DESC LIMIT ?6"
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
        // One read transaction: an append between the two reads would look like a cut end.
        let mut tx = self.pool.begin().await?;
        let chain = chain_in(&mut tx).await?;
        tx.commit().await?;
        Ok(chain)
    }
}

#[cfg(test)]
mod tests {
    use super::Tail;
    use crate::audit::{ChainKey, NewEntry, Verdict, verify};
    use crate::store::{AuditStore, SqliteStore};

    /// The writer's fallback undoes a failed decision by going back to a mark: what was appended
    /// after it is gone, what came before stays, and the chain saved from there verifies.
    #[tokio::test]
    async fn going_back_to_a_mark_drops_what_came_after_and_the_chain_still_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.db");
        let key = || ChainKey::new([5; 32]);
        let store = SqliteStore::connect(&format!("sqlite://{}", file.display()), key())
            .await
            .unwrap();
        let (before, _) = store.audit_chain().await.unwrap();
        let entry = |detail: &str| NewEntry::new(chrono::Utc::now(), "door_refused", "test", detail);

        let mut conn = rusqlite::Connection::open(&file).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
        let tx = conn.transaction().unwrap();
        let mut tail = Tail::read_sync(&tx).unwrap();
        tail.append(&key(), &entry("kept 1"));
        let mark = tail.mark();
        tail.append(&key(), &entry("undone 1"));
        tail.append(&key(), &entry("undone 2"));
        tail.back_to(mark);
        tail.append(&key(), &entry("kept 2"));
        tail.save_sync(&tx, &key()).unwrap();
        tx.commit().unwrap();

        let (entries, head) = store.audit_chain().await.unwrap();
        let added: Vec<&str> = entries[before.len()..]
            .iter()
            .map(|e| e.detail.as_str())
            .collect();
        assert_eq!(added, ["kept 1", "kept 2"]);
        assert_eq!(verify(&key(), &entries, head.as_ref()), Verdict::Intact);
    }
}
