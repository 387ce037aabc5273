//! The audit log's storage: appended in the same transaction as what it records.

use super::StoreResult;
use crate::audit::{Entry, NewEntry};
use async_trait::async_trait;

#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    async fn append_audit(&self, entry: &NewEntry) -> StoreResult<()>;
    /// The newest `limit` entries, newest first.
    async fn recent_audit(&self, limit: i64) -> StoreResult<Vec<Entry>>;
    /// Every entry, oldest first, to recompute the chain.
    async fn all_audit(&self) -> StoreResult<Vec<Entry>>;
}
