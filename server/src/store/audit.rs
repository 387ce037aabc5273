//! The audit log's storage: appended in the same transaction as what it records, with the chain's
//! head moved forward in that transaction too.

use super::StoreResult;
use crate::audit::{Entry, Head, NewEntry};
use async_trait::async_trait;

#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    async fn append_audit(&self, entry: &NewEntry) -> StoreResult<()>;
    /// The newest `limit` entries, newest first.
    async fn recent_audit(&self, limit: i64) -> StoreResult<Vec<Entry>>;
    /// Every entry, oldest first, and the stored head (`None` before the first entry), read in one
    /// snapshot, to recompute the chain.
    async fn audit_chain(&self) -> StoreResult<(Vec<Entry>, Option<Head>)>;
}
