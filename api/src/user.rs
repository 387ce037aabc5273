//! The User object as it crosses the wire: masked identity only, never the full ID number, never a
//! password hash. Managers get [`AdminUser`], which adds the unmasked real name.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// Signed up; a manager has not checked the identity yet.
    Pending,
    Verified,
    Rejected,
    Suspended,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Verified => "verified",
            Self::Rejected => "rejected",
            Self::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Verified, Self::Rejected, Self::Suspended]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Manager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Manager => "manager",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Member, Self::Manager]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A person, as they and the other screens may see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub phone_masked: String,
    pub real_name_masked: String,
    pub id_number_masked: String,
    pub status: UserStatus,
    pub role: Role,
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::rfc3339::optional_time")
    )]
    pub suspended_until: Option<DateTime<FixedOffset>>,
    /// Why a manager rejected or suspended the account, shown to its owner.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// Suspended automatically for too many violations (the app explains it in the reader's
    /// language; `status_reason` is then empty).
    #[serde(default)]
    pub suspended_automatically: bool,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub created_at: DateTime<FixedOffset>,
}

/// A person as a manager sees them in the verification queue: the full real name, to compare with
/// the ID card, but still only the masked ID number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminUser {
    #[serde(flatten)]
    pub user: User,
    pub real_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserResponse {
    pub user: User,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminUserList {
    pub users: Vec<AdminUser>,
    /// Pass as `?cursor=` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `POST /api/admin/users/{id}/verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    pub approve: bool,
    /// Required when rejecting: the person reads it.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/admin/users/{id}/suspend`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspendRequest {
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub until: DateTime<FixedOffset>,
    pub reason: String,
}

/// `GET /api/admin/users/{id}`: a person's page for managers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminPerson {
    pub user: AdminUser,
    /// Newest first, at most 50.
    pub bookings: Vec<crate::booking::Booking>,
    pub violations: Vec<crate::violation::Violation>,
}

/// The data of an `user` event on `GET /api/admin/events`: someone signed up or their status
/// changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserEvent {
    pub id: String,
    pub status: UserStatus,
}

/// The data of an `appeal` event on `GET /api/admin/events`: a member appealed a violation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealEvent {
    pub violation_id: String,
}
