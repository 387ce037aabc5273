//! Persistence behind one trait, so that SQLite (the embedded default) and PostgreSQL (several
//! instances) can each use their own typed driver. The store holds no HTTP types and no policy
//! beyond what must be atomic with the data.

mod sqlite;

pub use sqlite::SqliteStore;

use crate::throttle::ThrottlePolicy;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use studyroom_api::{Role, UserStatus};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("that phone number already has an account")]
    PhoneTaken,
    #[error("that ID number already has an account")]
    IdNumberTaken,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a stored row is not what the schema promises: {0}")]
    Corrupt(&'static str),
}

pub type StoreResult<T> = Result<T, StoreError>;

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
pub trait Store: Send + Sync + 'static {
    /// Creates an account; fails with `PhoneTaken` / `IdNumberTaken` when the blind index is in use.
    async fn insert_user(&self, user: &NewUser) -> StoreResult<()>;
    async fn user_by_id(&self, id: &str) -> StoreResult<Option<UserRecord>>;
    async fn user_by_phone(&self, phone_index: &[u8]) -> StoreResult<Option<UserRecord>>;
    /// Live (not erased) accounts, oldest first; all statuses when `status` is `None`.
    async fn users(&self, status: Option<UserStatus>) -> StoreResult<Vec<UserRecord>>;
    /// Moves a user to `to` if their status is one of `from`; `None` when they were not.
    async fn set_status(
        &self,
        id: &str,
        from: &[UserStatus],
        to: UserStatus,
        reason: Option<&str>,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserRecord>>;
    /// Makes the account behind `phone_index` a verified manager with this password.
    async fn promote_to_manager(&self, phone_index: &[u8], password_hash: &str) -> StoreResult<bool>;
    /// Destroys the personal data and every session of an account; the row stays, anonymous.
    async fn erase_user(&self, id: &str, now: DateTime<Utc>) -> StoreResult<()>;

    async fn insert_session(&self, token_hash: &[u8], user_id: &str, now: DateTime<Utc>) -> StoreResult<()>;
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
