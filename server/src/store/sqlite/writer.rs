//! The store's writer for what comes fast and many at once: a door's unlock decision, a booking
//! made, a booking changed (cancel, check-out, leave). One task takes the work waiting at that
//! moment (up to [`BATCH`]) and does it in one `BEGIN IMMEDIATE` transaction, then commits once and
//! only then answers each caller. That is group commit: one commit and fsync for many writes, and
//! one audit chain tail and one head update carried through the batch, so the rate is no longer
//! what one transaction each costs, and still nothing is answered before it is durable. Work in one
//! batch sees the work before it, exactly as if each had run alone in turn.

use super::audit::Tail;
use super::write_gate::WriteGate;
use crate::audit::{ChainKey, NewEntry};
use crate::store::{
    BookingRecord, Change, DoorRecord, InsertOutcome, NewBookingRecord, StoreError, StoreResult,
    UnlockOutcome,
};
use crate::throttle::ThrottlePolicy;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;
use std::collections::HashMap;
use studyroom_api::BookingState;
use tokio::sync::{mpsc, oneshot};

/// The most pieces of work done in one transaction.
const BATCH: usize = 128;

pub(super) enum Work {
    Unlock {
        door: DoorRecord,
        code_index: Option<Vec<u8>>,
        now: DateTime<Utc>,
        policy: ThrottlePolicy,
    },
    InsertBooking {
        booking: NewBookingRecord,
        audit: NewEntry,
    },
    ChangeBooking {
        id: String,
        from: Vec<BookingState>,
        change: Change,
        audit: NewEntry,
    },
}

pub(super) enum Done {
    Unlock(UnlockOutcome),
    InsertBooking(InsertOutcome),
    ChangeBooking(Option<Box<BookingRecord>>),
}

struct Job {
    work: Work,
    reply: oneshot::Sender<StoreResult<Done>>,
}

/// The handle all such writes go through.
pub(super) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub(super) fn spawn(writes: WriteGate, chain: ChainKey) -> Self {
        let (jobs, rx) = mpsc::channel(4096);
        tokio::spawn(run(writes, chain, rx));
        Self { jobs }
    }

    /// Does `work`; answers once it is committed.
    pub(super) async fn write(&self, work: Work) -> StoreResult<Done> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { work, reply })
            .await
            .map_err(|_| StoreError::Writer("the writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Writer("the writer dropped a piece of work".into()))?
    }
}

/// The answer of a kind other than the work's: a bug in this file, never a caller's doing.
pub(super) fn mismatch() -> StoreError {
    StoreError::Writer("the writer answered with another kind of outcome".into())
}

async fn run(writes: WriteGate, chain: ChainKey, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut batch, BATCH).await > 0 {
        match decide_batch(&writes, &chain, &batch).await {
            Ok(outcomes) => {
                for (job, outcome) in batch.drain(..).zip(outcomes) {
                    let _ = job.reply.send(outcome);
                }
            }
            Err(e) => {
                // Nothing of the batch was committed: every caller hears that it failed.
                let message = e.to_string();
                tracing::error!(error = %message, "a batch of writes failed");
                for job in batch.drain(..) {
                    let _ = job.reply.send(Err(StoreError::Writer(message.clone())));
                }
            }
        }
    }
}

/// What a batch carries from one piece of work to the next inside its transaction (which holds the
/// database's write lock, so nothing else changes these meanwhile): the audit chain's tail, and each
/// room's door failure count as last read or written.
#[derive(Clone)]
pub(super) struct Carried {
    pub(super) tail: Tail,
    pub(super) rooms: HashMap<String, RoomCount>,
}

/// `rooms.door_failures`, `door_last_failure_at`, `door_locked_until`.
pub(super) type RoomCount = (i64, Option<i64>, Option<i64>);

impl Carried {
    async fn start(conn: &mut SqliteConnection) -> StoreResult<Self> {
        Ok(Self {
            tail: Tail::read(conn).await?,
            rooms: HashMap::new(),
        })
    }

    pub(super) async fn room_count(
        &mut self,
        conn: &mut SqliteConnection,
        room_id: &str,
    ) -> StoreResult<RoomCount> {
        if let Some(count) = self.rooms.get(room_id) {
            return Ok(*count);
        }
        let count: RoomCount = sqlx::query_as(
            "SELECT door_failures, door_last_failure_at, door_locked_until FROM rooms WHERE id = ?",
        )
        .bind(room_id)
        .fetch_one(&mut *conn)
        .await?;
        self.rooms.insert(room_id.to_owned(), count);
        Ok(count)
    }
}

async fn decide_batch(
    writes: &WriteGate,
    chain: &ChainKey,
    batch: &[Job],
) -> StoreResult<Vec<StoreResult<Done>>> {
    // Almost always every piece goes through: do them all in one transaction, carrying the audit
    // chain's tail in memory. If one fails (a database error), nothing of this attempt is kept and
    // the batch is done again, each piece in its own savepoint, so that one failure only fails its
    // own caller.
    let mut tx = writes.begin().await?;
    let mut carried = Carried::start(&mut tx).await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        match decide(&mut tx, chain, &mut carried, job).await {
            Ok(outcome) => outcomes.push(Ok(outcome)),
            Err(e) => {
                tracing::warn!(error = %e, "a write failed; doing its batch one by one");
                tx.rollback().await?;
                return decide_one_by_one(writes, chain, batch).await;
            }
        }
    }
    carried.tail.save(&mut tx, chain).await?;
    tx.commit().await?;
    Ok(outcomes)
}

async fn decide_one_by_one(
    writes: &WriteGate,
    chain: &ChainKey,
    batch: &[Job],
) -> StoreResult<Vec<StoreResult<Done>>> {
    let mut tx = writes.begin().await?;
    let mut carried = Carried::start(&mut tx).await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        sqlx::query("SAVEPOINT decision").execute(&mut *tx).await?;
        let before = carried.clone();
        let outcome = decide(&mut tx, chain, &mut carried, job).await;
        if outcome.is_err() {
            sqlx::query("ROLLBACK TO SAVEPOINT decision")
                .execute(&mut *tx)
                .await?;
            carried = before;
        }
        sqlx::query("RELEASE SAVEPOINT decision")
            .execute(&mut *tx)
            .await?;
        outcomes.push(outcome);
    }
    carried.tail.save(&mut tx, chain).await?;
    tx.commit().await?;
    Ok(outcomes)
}

async fn decide(
    conn: &mut SqliteConnection,
    chain: &ChainKey,
    carried: &mut Carried,
    job: &Job,
) -> StoreResult<Done> {
    Ok(match &job.work {
        Work::Unlock {
            door,
            code_index,
            now,
            policy,
        } => Done::Unlock(
            super::doors::decide_unlock(conn, chain, carried, door, code_index.as_deref(), *now, policy)
                .await?,
        ),
        Work::InsertBooking { booking, audit } => Done::InsertBooking(
            super::bookings::insert(conn, chain, &mut carried.tail, booking, audit).await?,
        ),
        Work::ChangeBooking {
            id,
            from,
            change,
            audit,
        } => Done::ChangeBooking(
            super::bookings::change(conn, chain, &mut carried.tail, id, from, change, audit)
                .await?
                .map(Box::new),
        ),
    })
}
