//! The door's writer: every unlock decision of the server goes through one task that takes the
//! decisions waiting at that moment (up to [`BATCH`]) and makes them in one `BEGIN IMMEDIATE`
//! transaction, each inside its own savepoint, then commits once and only then answers each door.
//! That is group commit: one fsync for many decisions instead of one each, so the door's rate is no
//! longer the disk's fsync rate, and still nothing is answered before it is durable. Decisions in
//! one batch see each other in order, exactly as if they had run one after another.

use super::audit::Tail;
use super::bookings::{SELECT, apply, booking_from_row, fetch};
use super::write_gate::WriteGate;
use super::{secs, time};
use crate::audit::{ChainKey, NewEntry};
use crate::store::{Change, DoorRecord, StoreError, StoreResult, UnlockOutcome};
use crate::throttle::ThrottlePolicy;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;
use std::collections::HashMap;
use studyroom_api::BookingState;
use tokio::sync::{mpsc, oneshot};

/// The most decisions made in one transaction.
const BATCH: usize = 128;

struct Job {
    door: DoorRecord,
    code_index: Option<Vec<u8>>,
    now: DateTime<Utc>,
    policy: ThrottlePolicy,
    reply: oneshot::Sender<StoreResult<UnlockOutcome>>,
}

/// The handle every unlock goes through.
pub(super) struct DoorWriter {
    jobs: mpsc::Sender<Job>,
}

impl DoorWriter {
    pub(super) fn spawn(writes: WriteGate, chain: ChainKey) -> Self {
        let (jobs, rx) = mpsc::channel(4096);
        tokio::spawn(run(writes, chain, rx));
        Self { jobs }
    }

    /// Decides one attempt; answers once the decision is committed.
    pub(super) async fn decide(
        &self,
        door: DoorRecord,
        code_index: Option<Vec<u8>>,
        now: DateTime<Utc>,
        policy: ThrottlePolicy,
    ) -> StoreResult<UnlockOutcome> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            door,
            code_index,
            now,
            policy,
            reply,
        };
        self.jobs
            .send(job)
            .await
            .map_err(|_| StoreError::Writer("the door writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Writer("the door writer dropped a decision".into()))?
    }
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
                // Nothing of the batch was committed: every door hears that it failed.
                let message = e.to_string();
                tracing::error!(error = %message, "a batch of door decisions failed");
                for job in batch.drain(..) {
                    let _ = job.reply.send(Err(StoreError::Writer(message.clone())));
                }
            }
        }
    }
}

/// What a batch carries from one decision to the next inside its transaction (which holds the
/// database's write lock, so nothing else changes these meanwhile): the audit chain's tail, and each
/// room's door failure count as last read or written.
#[derive(Clone)]
struct Carried {
    tail: Tail,
    rooms: HashMap<String, RoomCount>,
}

/// `rooms.door_failures`, `door_last_failure_at`, `door_locked_until`.
type RoomCount = (i64, Option<i64>, Option<i64>);

impl Carried {
    async fn start(conn: &mut SqliteConnection) -> StoreResult<Self> {
        Ok(Self {
            tail: Tail::read(conn).await?,
            rooms: HashMap::new(),
        })
    }

    async fn room_count(&mut self, conn: &mut SqliteConnection, room_id: &str) -> StoreResult<RoomCount> {
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
) -> StoreResult<Vec<StoreResult<UnlockOutcome>>> {
    // Almost always every decision goes through: decide them all in one transaction, carrying the
    // audit chain's tail in memory. If one fails (a database error), nothing of this attempt is
    // kept and the batch is decided again, each decision in its own savepoint, so that one failure
    // only fails its own door.
    let mut tx = writes.begin().await?;
    let mut carried = Carried::start(&mut tx).await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        match decide(&mut tx, chain, &mut carried, job).await {
            Ok(outcome) => outcomes.push(Ok(outcome)),
            Err(e) => {
                tracing::warn!(error = %e, "a door decision failed; deciding its batch one by one");
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
) -> StoreResult<Vec<StoreResult<UnlockOutcome>>> {
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

/// One unlock decision on a connection inside a write transaction: the room's lock-out, the code's
/// look-up, the check-in or the failure count, and the audit entry.
async fn decide(
    conn: &mut SqliteConnection,
    chain: &ChainKey,
    carried: &mut Carried,
    job: &Job,
) -> StoreResult<UnlockOutcome> {
    let (d, code_index, now, policy) = (&job.door, job.code_index.as_deref(), job.now, &job.policy);
    let actor = format!("door:{}", d.id);
    // The count is the room's, across all its doors: a second door is no second set of tries.
    let (failures, last_failure, locked_until) = carried.room_count(conn, &d.room_id).await?;
    let tail = &mut carried.tail;
    if let Some(until) = locked_until.map(time).transpose()?.filter(|u| *u > now) {
        tail.append(
            &mut *conn,
            chain,
            &NewEntry::new(
                now,
                "door_locked_out",
                &actor,
                format!("refused unseen until {}", until.to_rfc3339()),
            ),
        )
        .await?;
        return Ok(UnlockOutcome::Locked { until });
    }
    let found = match code_index {
        Some(index) => {
            let sql = format!(
                "{SELECT} WHERE b.room_id = ? AND b.code_index = ? AND b.state IN ('upcoming', 'active', 'away') \
                 AND b.code_from <= ? AND b.end_at > ? LIMIT 1"
            );
            let now_s = secs(now);
            sqlx::query(&sql)
                .bind(&d.room_id)
                .bind(index)
                .bind(now_s)
                .bind(now_s)
                .fetch_optional(&mut *conn)
                .await?
                .as_ref()
                .map(booking_from_row)
                .transpose()?
        }
        None => None,
    };
    if let Some(booking) = found {
        let change = match booking.state {
            BookingState::Upcoming => Some(Change {
                to: Some(BookingState::Active),
                checked_in_at: Some(now),
                ..Default::default()
            }),
            BookingState::Away => Some(Change {
                to: Some(BookingState::Active),
                away_until: Some(None),
                ..Default::default()
            }),
            // Already inside (a second tap, a friend let in): nothing about the seat changes.
            _ => None,
        };
        let detail = format!("granted booking {} seat {}", booking.id, booking.seat_label);
        tail.append(
            &mut *conn,
            chain,
            &NewEntry::new(now, "door_granted", &actor, detail),
        )
        .await?;
        let Some(change) = change else {
            return Ok(UnlockOutcome::Granted {
                booking: Box::new(booking),
                seat_changed: false,
            });
        };
        apply(&mut *conn, &booking, &change).await?;
        let updated = fetch(&mut *conn, &booking.id).await?.unwrap_or(booking);
        return Ok(UnlockOutcome::Granted {
            booking: Box::new(updated),
            seat_changed: true,
        });
    }
    let last_failure = last_failure.map(time).transpose()?;
    let (failures, locked_until) = policy.fail(u32::try_from(failures).unwrap_or(0), last_failure, now);
    sqlx::query(
        "UPDATE rooms SET door_failures = ?, door_last_failure_at = ?, door_locked_until = ? WHERE id = ?",
    )
    .bind(i64::from(failures))
    .bind(secs(now))
    .bind(locked_until.map(secs))
    .bind(&d.room_id)
    .execute(&mut *conn)
    .await?;
    carried.rooms.insert(
        d.room_id.clone(),
        (i64::from(failures), Some(secs(now)), locked_until.map(secs)),
    );
    let mut detail = format!("refused; room failures {failures}");
    if let Some(until) = locked_until {
        detail.push_str(&format!("; keypads locked until {}", until.to_rfc3339()));
    }
    carried
        .tail
        .append(
            &mut *conn,
            chain,
            &NewEntry::new(now, "door_refused", &actor, detail),
        )
        .await?;
    Ok(UnlockOutcome::Refused { locked_until })
}
