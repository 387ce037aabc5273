//! One write transaction at a time, queued in the process. SQLite has one writer; when several
//! connections asked for the write lock at once, the losers waited in SQLite's busy handler, which
//! sleeps 1, 2, 5, 10… ms between tries: at 400 bookings a second p99 reached half a second with the
//! disk idle. Waiting here instead is a fair queue that wakes each writer the moment the previous
//! one commits. Every `BEGIN IMMEDIATE` of the store goes through [`WriteGate::begin`]; another
//! process writing the same file (a command-line tool) still meets SQLite's own lock.

use super::super::StoreResult;
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone)]
pub(super) struct WriteGate {
    pool: SqlitePool,
    turn: Arc<Mutex<()>>,
}

/// A write transaction holding the process's turn to write until it commits or is dropped.
pub(super) struct WriteTx {
    tx: Transaction<'static, Sqlite>,
    _turn: OwnedMutexGuard<()>,
}

impl WriteGate {
    pub(super) fn new(pool: SqlitePool) -> Self {
        Self {
            pool,
            turn: Arc::default(),
        }
    }

    /// The turn to write, for the writer's own thread (`writer/`), which begins its transactions on
    /// its own connection.
    pub(super) fn blocking_turn(&self) -> OwnedMutexGuard<()> {
        Arc::clone(&self.turn).blocking_lock_owned()
    }

    pub(super) async fn begin(&self) -> StoreResult<WriteTx> {
        let turn = Arc::clone(&self.turn).lock_owned().await;
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx, _turn: turn })
    }
}

impl WriteGate {
    /// `query` written on its own, in its turn: the same statement run straight on a pool
    /// connection would meet the writer's lock in SQLite's busy handler, and make the writer meet
    /// its own (a session's "last seen" once a minute was enough to put 40–80 ms stalls in the
    /// booking tail). Returns the rows it changed.
    pub(super) async fn execute<'q>(
        &self,
        query: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let done = query.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}

impl WriteTx {
    pub(super) async fn commit(self) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for WriteTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}
