//! The SQLite store: one file, WAL, `synchronous=FULL` (an acknowledged signup or booking survives a
//! power cut), and `BEGIN IMMEDIATE` for every read-then-write transaction so that concurrent writers
//! queue on the lock instead of failing with `SQLITE_BUSY_SNAPSHOT`. Write transactions take turns
//! in the process (`write_gate.rs`); door decisions and booking writes are batched, many to a
//! commit, by a thread with its own connection (`writer/`); the write-ahead log is copied back by
//! another (`checkpointer.rs`), never by a commit on a request's path; sessions and door tokens are
//! kept in memory (`../kept.rs`).

mod audit;
mod bookings;
mod checkpointer;
mod doors;
mod people;
mod rooms;
mod seed;
mod stats;
mod violations;
mod write_gate;
mod writer;

use super::StoreResult;
use super::kept::Kept;
use crate::audit::ChainKey;
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub(crate) use audit::chain_in as audit_chain_in;
pub use seed::SeedSize;

pub struct SqliteStore {
    pub(super) pool: SqlitePool,
    /// The audit chain's key: appends happen inside the store's transactions.
    pub(super) chain: ChainKey,
    /// Every write transaction takes its turn here.
    writes: write_gate::WriteGate,
    /// Unlock decisions and booking writes go through it (group commit).
    writer: writer::Writer,
    /// Copies the write-ahead log back into the file (no connection of the store does it on commit).
    _checkpointer: checkpointer::Checkpointer,
    /// Sessions (by token hash) with their person, as signed-in requests look them up; the people
    /// methods keep it true.
    sessions: Kept<Vec<u8>, super::people::SessionRow>,
    /// Doors (by id) with their token's hash, as unlocks authenticate; the door methods keep it true.
    door_tokens: Kept<String, (Vec<u8>, crate::store::DoorRecord)>,
}

pub(super) fn secs(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(super) use super::columns::time;

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://path`) and migrates it.
    pub async fn connect(url: &str, chain: ChainKey) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?;
        let path = options.get_filename().to_path_buf();
        if path == std::path::Path::new(":memory:") {
            return Err(super::StoreError::Unsupported(
                "an in-memory SQLite database: the store opens several connections to one file",
            ));
        }
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // The checkpointer copies the log back, off every request's path.
            .pragma("wal_autocheckpoint", "0")
            .pragma("journal_size_limit", checkpointer::LOG_KEPT_BYTES.to_string());
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        let writes = write_gate::WriteGate::new(pool.clone());
        let writer = writer::Writer::spawn(&path, writes.clone(), chain.clone())?;
        let checkpointer = checkpointer::Checkpointer::spawn(&path)?;
        let store = Self {
            _checkpointer: checkpointer,
            writes,
            pool,
            chain,
            writer,
            sessions: Kept::new(Duration::from_secs(60), 50_000),
            door_tokens: Kept::new(Duration::from_secs(60), 10_000),
        };
        audit::upgrade_to_keyed_chain(&store).await?;
        Ok(store)
    }

    /// A consistent copy of the whole database at `to` while the server keeps running
    /// (`VACUUM INTO`). `to` must not exist, or be empty.
    pub async fn backup(&self, to: &std::path::Path) -> StoreResult<()> {
        sqlx::query("VACUUM INTO ?")
            .bind(to.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::SqliteStore;
    use crate::store::{RoomRecord, RoomStore};

    #[tokio::test]
    async fn a_backup_is_a_working_database_with_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        let key = || crate::audit::ChainKey::new([1; 32]);
        let store = SqliteStore::connect(
            &format!("sqlite://{}", dir.path().join("live.db").display()),
            key(),
        )
        .await
        .unwrap();
        let room = RoomRecord::for_tests("r1", chrono::Utc::now());
        let audit = crate::audit::NewEntry::new(room.created_at, "room_created", "test", "r1");
        store.insert_room(&room, &[], &audit).await.unwrap();
        let copy = dir.path().join("copy.db");
        store.backup(&copy).await.unwrap();
        let restored = SqliteStore::connect(&format!("sqlite://{}", copy.display()), key())
            .await
            .unwrap();
        assert_eq!(restored.room("r1").await.unwrap().unwrap().name, "东厢");
    }

    /// A write outside the writer (the ticker's mark, a session's "last seen", the login
    /// throttle's reset) waits for the process's turn to write like every write transaction,
    /// rather than going straight to SQLite, whose busy handler sleeps 1, 2, 5, 10… ms while the
    /// writer holds its lock, and makes the writer sleep in turn (BENCHMARKS.md: the booking tail).
    #[tokio::test]
    async fn a_write_outside_the_writer_waits_for_its_turn() {
        use crate::store::{BookingStore, PeopleStore};
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(
            SqliteStore::connect(
                &format!("sqlite://{}", dir.path().join("live.db").display()),
                crate::audit::ChainKey::new([1; 32]),
            )
            .await
            .unwrap(),
        );
        type Write = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;
        let (tick, throttle, session) = (store.clone(), store.clone(), store.clone());
        let writes: [(&str, Write); 3] = [
            (
                "the ticker's mark",
                Box::pin(async move { tick.set_last_tick(chrono::Utc::now()).await.unwrap() }),
            ),
            (
                "a login throttle's reset",
                Box::pin(async move { throttle.login_succeeded(b"someone").await.unwrap() }),
            ),
            (
                "a person's sessions ended",
                Box::pin(async move { session.delete_sessions_of_user("u1").await.map(drop).unwrap() }),
            ),
        ];
        for (what, write) in writes {
            let gate = store.writes.clone();
            let held = tokio::task::spawn_blocking(move || gate.blocking_turn())
                .await
                .unwrap();
            let mut write = tokio::spawn(write);
            let waited = tokio::time::timeout(std::time::Duration::from_millis(200), &mut write).await;
            assert!(waited.is_err(), "{what} went ahead while another held the turn");
            drop(held);
            write.await.unwrap();
        }
        assert!(store.last_tick().await.unwrap().is_some());
    }
}
