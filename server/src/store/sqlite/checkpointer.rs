//! Copies the write-ahead log back into the database file, on a thread of its own, a few times a
//! second. SQLite's default is that the commit which finds the log over 1,000 pages does the copy
//! itself, fsync of the database file included: under load that commit (a door decision or a
//! booking, and every caller in its batch) waited 100–200 ms, which was the whole p99 of booking
//! at 1,000/s (see BENCHMARKS.md). So the store's connections never checkpoint
//! (`wal_autocheckpoint = 0`) and this thread does, `PASSIVE`: it never blocks a writer or a
//! reader, and takes what it can. Once the log is all copied, the next writer starts it again
//! from the beginning, so it stays as small as a fraction of a second's writes. A burst, or a long
//! read (an export, a year's statistics) that keeps old pages in use until it ends, can grow the
//! file far past that; every connection has `journal_size_limit` ([`LOG_KEPT_BYTES`]), so the next
//! restart of the log cuts the file back instead of keeping its largest size for good.

use crate::store::{StoreError, StoreResult};
use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// How often the log is copied back.
const EVERY: Duration = Duration::from_millis(250);

/// What the log file is cut back to when it starts again (`journal_size_limit`): far more than a
/// busy second's writes, far less than a burst can leave.
pub(super) const LOG_KEPT_BYTES: i64 = 64 * 1024 * 1024;

/// Runs while it is kept; dropping it (with the store) stops the thread after one last copy.
pub(super) struct Checkpointer {
    _stop: mpsc::Sender<()>,
}

impl Checkpointer {
    pub(super) fn spawn(path: &Path) -> StoreResult<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_size_limit", LOG_KEPT_BYTES)?;
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("studyroom-checkpoint".into())
            .spawn(move || {
                loop {
                    let last = matches!(stopped.recv_timeout(EVERY), Err(RecvTimeoutError::Disconnected));
                    if let Err(e) = checkpoint(&conn) {
                        tracing::warn!(error = %e, "copying the write-ahead log into the database failed");
                    }
                    if last {
                        return;
                    }
                }
            })
            .map_err(|e| StoreError::Writer(format!("could not start the checkpointer: {e}")))?;
        Ok(Self { _stop: stop })
    }
}

/// One passive checkpoint: `(busy, frames in the log, frames copied)`, as SQLite reports it.
fn checkpoint(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
    })
}

#[cfg(test)]
mod tests {
    use crate::audit::{ChainKey, NewEntry};
    use crate::store::{AuditStore, SqliteStore};
    use std::time::{Duration, Instant};

    /// No connection of the store copies the log back on commit, so the database file grows only
    /// if the checkpointer runs: a megabyte of audit entries must reach it while the store is open.
    #[tokio::test]
    async fn the_log_reaches_the_database_file_with_no_commit_copying_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.db");
        let store = SqliteStore::connect(&format!("sqlite://{}", file.display()), ChainKey::new([3; 32]))
            .await
            .unwrap();
        let autocheckpoint: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(
            autocheckpoint, 0,
            "a pool connection would copy the log back on commit"
        );
        let kept: i64 = sqlx::query_scalar("PRAGMA journal_size_limit")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(
            kept,
            super::LOG_KEPT_BYTES,
            "a burst's log would keep its size for good"
        );
        let before = std::fs::metadata(&file).unwrap().len();
        let detail = "x".repeat(4_000);
        for _ in 0..250 {
            let entry = NewEntry::new(chrono::Utc::now(), "door_refused", "test", detail.clone());
            store.append_audit(&entry).await.unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::fs::metadata(&file).unwrap().len() < before + 1_000_000 {
            assert!(Instant::now() < deadline, "the log was not copied back in 10 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
