//! Violations: counted, appealed by the member, pardoned or upheld by a manager; each decision
//! audited in its own transaction.

use super::columns::Columns;
use super::{StoreError, StoreResult};
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

/// The columns [`ViolationRecord::from_row`] reads, as both stores select them.
pub(super) const SELECT: &str = "SELECT v.id, v.user_id, v.booking_id, b.room_id, s.label AS seat_label, v.kind, v.at, \
     v.pardoned_at, v.appeal_text, v.appealed_at, v.appeal_state, v.appeal_answer \
     FROM violations v JOIN bookings b ON b.id = v.booking_id JOIN seats s ON s.id = b.seat_id";

impl ViolationRecord {
    /// One row of [`SELECT`], from either database.
    pub(super) fn from_row(row: &impl Columns) -> StoreResult<Self> {
        let kind = match row.text("kind")?.as_str() {
            "no_show" => ViolationKind::NoShow,
            "away_expired" => ViolationKind::AwayExpired,
            _ => return Err(StoreError::Corrupt("violations.kind")),
        };
        let appeal_state = match row.opt_text("appeal_state")?.as_deref() {
            None => None,
            Some("pending") => Some(AppealState::Pending),
            Some("pardoned") => Some(AppealState::Pardoned),
            Some("upheld") => Some(AppealState::Upheld),
            Some(_) => return Err(StoreError::Corrupt("violations.appeal_state")),
        };
        Ok(Self {
            id: row.int("id")?,
            user_id: row.text("user_id")?,
            booking_id: row.text("booking_id")?,
            room_id: row.text("room_id")?,
            seat_label: row.text("seat_label")?,
            kind,
            at: row.time("at")?,
            pardoned_at: row.opt_time("pardoned_at")?,
            appeal_text: row.opt_text("appeal_text")?,
            appealed_at: row.opt_time("appealed_at")?,
            appeal_state,
            appeal_answer: row.opt_text("appeal_answer")?,
        })
    }
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
