//! The audit log as managers read it (`GET /api/admin/audit`, `GET /api/admin/audit/verify`).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub at: DateTime<FixedOffset>,
    /// `door_granted`, `member_suspended`, …
    pub kind: String,
    /// `user:<id>`, `door:<id>` or `system`.
    pub actor: String,
    /// Ids and masked values only.
    pub detail: String,
    /// This entry's link of the chain, hex.
    pub hash: String,
}

/// A page of the log, newest first; `next_before` asks for the page after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    #[serde(default)]
    pub next_before: Option<i64>,
}

/// What recomputing the chain found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditVerdict {
    pub ok: bool,
    pub entries: u64,
    /// The first entry that does not match (edited, inserted or deleted before it).
    #[serde(default)]
    pub first_bad_seq: Option<i64>,
    /// Entries were cut off the end: the head names a later entry than the last one there.
    pub truncated: bool,
    #[serde(default)]
    pub head_seq: Option<i64>,
}
