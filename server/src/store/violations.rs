//! Violations: counted, appealed by the member, pardoned or upheld by a manager; each decision
//! audited in its own transaction.

use super::StoreResult;
use crate::audit::NewEntry;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use studyroom_api::violation::{AppealState, ViolationKind};

#[derive(Debug, Clone)]
pub struct ViolationRecord {
    pub id: i64,
    pub user_id: String,
    pub booking_id: String,
    pub room_id: String,
    pub seat_label: String,
    pub kind: ViolationKind,
    pub at: DateTime<Utc>,
    pub pardoned_at: Option<DateTime<Utc>>,
    pub appeal_text: Option<String>,
    pub appealed_at: Option<DateTime<Utc>>,
    pub appeal_state: Option<AppealState>,
    pub appeal_answer: Option<String>,
}

/// What a manager decides about a violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It no longer counts.
    Pardon,
    /// It stays; only an appeal waiting for an answer can be upheld.
    Uphold,
}

#[async_trait]
pub trait ViolationStore: Send + Sync + 'static {
    /// A person's violations, newest first.
    async fn violations_of_user(&self, user_id: &str) -> StoreResult<Vec<ViolationRecord>>;
    async fn violation(&self, id: i64) -> StoreResult<Option<ViolationRecord>>;
    /// How many of a person's violations since `since` still count (not pardoned).
    async fn counting_violations(&self, user_id: &str, since: DateTime<Utc>) -> StoreResult<u32>;
    /// Records the member's appeal, if the violation is theirs, not pardoned and not yet appealed.
    async fn appeal(
        &self,
        id: i64,
        user_id: &str,
        text: &str,
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<Option<ViolationRecord>>;
    /// A manager's decision: a pardon (any violation not yet pardoned; a pending appeal is answered
    /// with it) or upholding a pending appeal. `None` when there was nothing to decide.
    async fn decide_violation(
        &self,
        id: i64,
        verdict: Verdict,
        by: &str,
        reason: &str,
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<Option<ViolationRecord>>;
    /// Appeals waiting for a manager, oldest first.
    async fn pending_appeals(&self) -> StoreResult<Vec<ViolationRecord>>;
}
