//! Persistence behind one trait, so that SQLite (the embedded default) and PostgreSQL (for several
//! instances: `crate::instances`) can each use their own typed driver. The store holds no HTTP
//! types and no policy beyond what must be atomic with the data.

mod audit;
mod bookings;
mod columns;
mod doors;
mod kept;
mod people;
mod postgres;
mod rooms;
mod sqlite;
mod stats;
mod violations;

pub use audit::{AuditFilter, AuditStore};
pub use bookings::{BookingCursor, BookingRecord, BookingStore, Change, InsertOutcome, NewBookingRecord};
pub(crate) use columns::Columns;
pub use doors::{DoorRecord, DoorStore, UnlockOutcome};
pub use people::{Attempt, NewUser, PeopleStore, SessionPolicy, StatusChange, UserCursor, UserRecord};
pub use postgres::PostgresStore;
/// The audit chain read on a connection already in a transaction (for `migrate-to-postgres`).
pub(crate) use postgres::audit_chain_in as postgres_audit_chain;
pub use rooms::{RoomEdit, RoomRecord, RoomStore, SeatRecord};
pub(crate) use sqlite::audit_chain_in as sqlite_audit_chain;
pub use sqlite::{SeedSize, SqliteStore};
pub use stats::{ExportRow, StatsRows, StatsStore, Totals};
pub use violations::{Verdict as ViolationVerdict, ViolationRecord, ViolationStore};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("that phone number already has an account")]
    PhoneTaken,
    #[error("that ID number already has an account")]
    IdNumberTaken,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// From the SQLite writer's own connection (`sqlite/writer/`), which is not sqlx's.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("that room name is taken")]
    RoomNameTaken,
    #[error("a stored row is not what the schema promises: {0}")]
    Corrupt(&'static str),
    #[error("door decisions: {0}")]
    Writer(String),
    #[error("{0}")]
    Unsupported(&'static str),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the server stores, whatever the database.
pub trait Store:
    PeopleStore + RoomStore + BookingStore + DoorStore + AuditStore + ViolationStore + StatsStore
{
}

impl<T: PeopleStore + RoomStore + BookingStore + DoorStore + AuditStore + ViolationStore + StatsStore> Store
    for T
{
}
