//! People: accounts (personal data encrypted), sessions and the login throttle.

use super::columns::Columns;
use super::{BookingRecord, StoreError, StoreResult};
use crate::audit::NewEntry;
use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use studyroom_api::{Role, UserStatus};

/// A user row as stored: personal data still encrypted.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: String,
    pub role: Role,
    pub status: UserStatus,
    pub status_reason: Option<String>,
    pub suspended_until: Option<DateTime<Utc>>,
    pub phone_enc: Option<Vec<u8>>,
    pub real_name_enc: Option<Vec<u8>>,
    pub id_number_enc: Option<Vec<u8>>,
    pub password_hash: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Erased accounts keep an anonymous row so that history stays consistent.
    pub erased: bool,
    /// Suspended by the violation rule.
    pub suspended_automatically: bool,
}

/// The columns of `users` that [`UserRecord::from_row`] reads, as both stores select them.
pub(super) const USER_COLUMNS: &str = "id, role, status, status_reason, suspended_until, phone_enc, real_name_enc, \
     id_number_enc, password_hash, created_at, erased_at, suspended_auto";

impl UserRecord {
    /// One row of [`USER_COLUMNS`], from either database.
    pub(super) fn from_row(row: &impl Columns) -> StoreResult<Self> {
        Ok(Self {
            id: row.text("id")?,
            role: Role::parse(&row.text("role")?).ok_or(StoreError::Corrupt("users.role"))?,
            status: UserStatus::parse(&row.text("status")?).ok_or(StoreError::Corrupt("users.status"))?,
            status_reason: row.opt_text("status_reason")?,
            suspended_until: row.opt_time("suspended_until")?,
            phone_enc: row.opt_bytes("phone_enc")?,
            real_name_enc: row.opt_bytes("real_name_enc")?,
            id_number_enc: row.opt_bytes("id_number_enc")?,
            password_hash: row.opt_text("password_hash")?,
            created_at: row.time("created_at")?,
            erased: row.opt_int("erased_at")?.is_some(),
            suspended_automatically: row.flag("suspended_auto")?,
        })
    }
}

/// A session with its person, as `session_user` reads it in either store.
#[derive(Debug, Clone)]
pub(super) struct SessionRow {
    pub user: UserRecord,
    pub created: DateTime<Utc>,
    pub seen: DateTime<Utc>,
}

impl SessionRow {
    /// The query for the session behind one token hash; `param` is the backend's placeholder.
    pub fn query(param: &str) -> String {
        let user_columns: Vec<String> = USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect();
        format!(
            "SELECT s.created_at AS s_created, s.last_seen_at AS s_seen, {} FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = {param}",
            user_columns.join(", ")
        )
    }

    pub fn from_row(row: &impl Columns) -> StoreResult<Self> {
        Ok(Self {
            user: UserRecord::from_row(row)?,
            created: row.time("s_created")?,
            seen: row.time("s_seen")?,
        })
    }

    /// Whether `policy` has ended this session by `now` (idle too long, or too old).
    pub fn expired(&self, now: DateTime<Utc>, policy: SessionPolicy) -> bool {
        now - self.created >= policy.absolute || now - self.seen >= policy.idle
    }

    /// Whether its last use is worth writing down (a minute's slack: refreshing on every request
    /// would turn every read into a write).
    pub fn stale_seen(&self, now: DateTime<Utc>) -> bool {
        now - self.seen >= Duration::minutes(1)
    }
}

/// Everything needed to create an account. Managers made on the command line have no real name or
/// ID number.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: String,
    pub role: Role,
    pub status: UserStatus,
    pub phone_index: Vec<u8>,
    pub phone_enc: Vec<u8>,
    pub real_name_enc: Option<Vec<u8>>,
    pub id_number_index: Option<Vec<u8>>,
    pub id_number_enc: Option<Vec<u8>>,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

/// A decision about a member: verified, rejected (with a reason), suspended (until, with a reason).
#[derive(Debug, Clone)]
pub struct StatusChange<'a> {
    pub status: UserStatus,
    pub reason: Option<&'a str>,
    pub suspended_until: Option<DateTime<Utc>>,
    /// The manager who decided.
    pub by: &'a str,
    /// Cancel the person's live bookings and revoke their codes in the same transaction, so no
    /// booking can slip in between (suspension).
    pub revoke_codes: bool,
    /// A suspension by the violation rule rather than by a manager.
    pub automatic: bool,
}

/// Where a page of the people list starts: after this (created_at, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCursor {
    pub created_at: DateTime<Utc>,
    pub id: String,
}

/// How long a session lives: it ends after `idle` without use, and after `absolute` in any case.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::days(7),
            absolute: Duration::days(30),
        }
    }
}

/// The answer to "may this login attempt go ahead?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Go ahead. If it fails, the account is locked until `locks_until` (when set).
    Allowed { locks_until: Option<DateTime<Utc>> },
    /// Locked out until then; the password is not even checked.
    Locked { until: DateTime<Utc> },
}

#[async_trait]
pub trait PeopleStore: Send + Sync + 'static {
    /// Creates an account; fails with `PhoneTaken` / `IdNumberTaken` when the blind index is in use.
    /// `audit`, when given, is written in the same transaction.
    async fn insert_user(&self, user: &NewUser, audit: Option<&NewEntry>) -> StoreResult<()>;
    async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRecord>>;
    async fn user_by_phone(&self, phone_index: &[u8]) -> StoreResult<Option<UserRecord>>;
    /// A page of live (not erased) accounts, oldest first, after `after`; all statuses when
    /// `status` is `None`.
    async fn users(
        &self,
        status: Option<UserStatus>,
        after: Option<&UserCursor>,
        limit: u32,
    ) -> StoreResult<Vec<UserRecord>>;
    /// The accounts with these ids, in one query (live boards).
    async fn users_by_ids(&self, ids: &[&str]) -> StoreResult<Vec<UserRecord>>;
    /// Moves a member to `to` (with its reason and, for suspensions, its end) if their status is
    /// one of `from`, writing `audit` in the same transaction; `None` when they were not. Returns
    /// the bookings it cancelled when `to.revoke_codes`.
    async fn set_status(
        &self,
        id: &str,
        from: &[UserStatus],
        to: &StatusChange<'_>,
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<Option<(UserRecord, Vec<BookingRecord>)>>;
    /// Ends the suspensions whose time is up, each audited; returns whose.
    async fn lift_expired_suspensions(&self, now: DateTime<Utc>) -> StoreResult<Vec<String>>;
    /// A rejected person's corrected name and ID number, back to pending for a new look; `None`
    /// when they were not rejected. Fails with `IdNumberTaken` when another account has that ID.
    async fn reapply(
        &self,
        id: &str,
        real_name_enc: &[u8],
        id_number_index: &[u8],
        id_number_enc: &[u8],
        audit: &NewEntry,
    ) -> StoreResult<Option<UserRecord>>;
    /// Makes the account behind `phone_index` a verified manager with this password.
    async fn promote_to_manager(
        &self,
        phone_index: &[u8],
        password_hash: &str,
        audit: &NewEntry,
    ) -> StoreResult<Option<String>>;
    /// Destroys the personal data and every session of an account, and cancels its live bookings
    /// (codes revoked), in one transaction; the row stays, anonymous. Returns the cancelled bookings.
    async fn erase_user(
        &self,
        id: &str,
        now: DateTime<Utc>,
        audit: &NewEntry,
    ) -> StoreResult<Vec<BookingRecord>>;

    /// Starts a session; `audit`, when given (manager logins), in the same transaction.
    async fn insert_session(
        &self,
        token_hash: &[u8],
        user_id: &str,
        now: DateTime<Utc>,
        audit: Option<&NewEntry>,
    ) -> StoreResult<()>;
    /// Ends every session of a person ("log out everywhere"); returns how many.
    async fn delete_sessions_of_user(&self, user_id: &str) -> StoreResult<u64>;
    /// Deletes expired sessions and throttle rows that have leaked to nothing and lock nothing.
    async fn prune(
        &self,
        now: DateTime<Utc>,
        sessions: SessionPolicy,
        throttle: &ThrottlePolicy,
    ) -> StoreResult<u64>;
    /// The user behind a live session, refreshing its idle timer; an expired session is deleted.
    async fn session_user(
        &self,
        token_hash: &[u8],
        now: DateTime<Utc>,
        policy: SessionPolicy,
    ) -> StoreResult<Option<UserRecord>>;
    async fn delete_session(&self, token_hash: &[u8]) -> StoreResult<()>;

    /// Counts a login attempt against `key` atomically, before the password is checked, so that
    /// concurrent guesses cannot slip past the limit.
    async fn login_attempt(
        &self,
        key: &[u8],
        now: DateTime<Utc>,
        policy: &ThrottlePolicy,
    ) -> StoreResult<Attempt>;
    /// A successful login forgets the failures.
    async fn login_succeeded(&self, key: &[u8]) -> StoreResult<()>;
}
