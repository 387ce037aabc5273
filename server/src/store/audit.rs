//! The audit log's storage: appended in the same transaction as what it records, with the chain's
//! head moved forward in that transaction too.

use super::StoreResult;
use super::columns::Columns;
use crate::audit::{Entry, Head, NewEntry};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Which entries a manager is looking for; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// One kind (`door_refused`, `member_suspended`, …).
    pub kind: Option<String>,
    /// A person's or a door's id: entries they made, and entries about them.
    pub about: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Entries older than this seq (the page after the one that ended there).
    pub before: Option<i64>,
}

/// The columns of `audit` that [`entry_from_row`] reads, as both stores select them.
pub(super) const ENTRY_COLUMNS: &str = "seq, at, kind, actor, detail, hash";

/// One row of [`ENTRY_COLUMNS`], from either database.
pub(super) fn entry_from_row(row: &impl Columns) -> StoreResult<Entry> {
    Ok(Entry {
        seq: row.int("seq")?,
        at: row.time("at")?,
        kind: row.text("kind")?,
        actor: row.text("actor")?,
        detail: row.text("detail")?,
        hash: row.bytes("hash")?,
    })
}

#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    async fn append_audit(&self, entry: &NewEntry) -> StoreResult<()>;
    /// The newest `limit` entries that match `filter`, newest first.
    async fn audit_page(&self, filter: &AuditFilter, limit: u32) -> StoreResult<Vec<Entry>>;
    /// Every entry, oldest first, and the stored head (`None` before the first entry), read in one
    /// snapshot, to recompute the chain.
    async fn audit_chain(&self) -> StoreResult<(Vec<Entry>, Option<Head>)>;
}
