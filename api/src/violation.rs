//! Fairness violations (not entering a booked seat, not coming back from a break), the appeals a
//! member makes against them and a manager's pardon, as on the wire.

use crate::user::AdminUser;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// Booked, never came in within the grace.
    NoShow,
    /// Stepped out and did not come back in time.
    AwayExpired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealState {
    /// Waiting for a manager.
    Pending,
    /// The manager pardoned the violation.
    Pardoned,
    /// The manager kept the violation, with an answer.
    Upheld,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appeal {
    pub text: String,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub at: DateTime<FixedOffset>,
    pub state: AppealState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    pub id: String,
    pub kind: ViolationKind,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub at: DateTime<FixedOffset>,
    pub booking_id: String,
    pub seat_label: String,
    /// Pardoned violations no longer count towards an automatic suspension.
    pub pardoned: bool,
    /// Still within the room's counting window and not pardoned.
    pub counts: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<Appeal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViolationList {
    pub violations: Vec<Violation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViolationResponse {
    pub violation: Violation,
}

/// `POST /api/me/violations/{id}/appeal`, `POST /api/admin/violations/{id}/pardon` and
/// `…/uphold`: one sentence of reason (or answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub reason: String,
}

/// An appeal waiting in the manager's People screen, with who made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingAppeal {
    pub violation: Violation,
    pub user: AdminUser,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealList {
    pub appeals: Vec<PendingAppeal>,
}
