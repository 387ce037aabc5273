//! The store's writer for what comes fast and many at once: a door's unlock decision, a booking
//! made, a booking changed (cancel, check-out, leave). A thread of its own, with a connection of
//! its own, takes the work waiting at that moment (up to [`BATCH`]) and does it in one
//! `BEGIN IMMEDIATE` transaction, then commits once and only then answers each caller. That is
//! group commit: one commit and fsync for many writes, and one audit chain tail and one head update
//! carried through the batch, so the rate is no longer what one transaction each costs, and still
//! nothing is answered before it is durable. Work in one batch sees the work before it, exactly as
//! if each had run alone in turn.
//!
//! Why a thread and rusqlite rather than a task and sqlx: sqlx runs each SQLite connection on a
//! thread of its own and hands every statement to it and back, two context switches a statement.
//! Under load those hand-offs, not SQLite, were most of the server's time (see BENCHMARKS.md). Here
//! the statements run where the batch is decided; the only hand-offs left are the work arriving
//! and the answers leaving, once a batch. The writer takes the process's turn to write
//! (`write_gate.rs`) like every other write, so it never meets SQLite's busy handler.

mod decide;

use super::audit::{Tail, TailMark};
use super::write_gate::WriteGate;
use crate::audit::{ChainKey, NewEntry};
use crate::store::{
    BookingRecord, Change, DoorRecord, InsertOutcome, NewBookingRecord, StoreError, StoreResult,
    UnlockOutcome,
};
use crate::throttle::ThrottlePolicy;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;
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

/// The handle all such writes go through. Dropping it (with the store) ends the thread once the
/// work already sent is done.
pub(super) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Opens the writer's connection to the database file at `path` (already created and migrated)
    /// and starts its thread.
    pub(super) fn spawn(path: &Path, writes: WriteGate, chain: ChainKey) -> StoreResult<Self> {
        let conn = Connection::open(path)?;
        // The pool's connections are opened the same way (`mod.rs`); WAL is the file's own mode.
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(32);
        // As on the pool's connections: the checkpointer copies the log back, not a commit here.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        conn.pragma_update(None, "journal_size_limit", super::checkpointer::LOG_KEPT_BYTES)?;
        let (jobs, rx) = mpsc::channel(4096);
        std::thread::Builder::new()
            .name("studyroom-writer".into())
            .spawn(move || run(conn, &writes, &chain, rx))
            .map_err(|e| StoreError::Writer(format!("could not start the writer: {e}")))?;
        Ok(Self { jobs })
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

/// The answer of a kind other than the work's: a bug in this module, never a caller's doing.
pub(super) fn mismatch() -> StoreError {
    StoreError::Writer("the writer answered with another kind of outcome".into())
}

fn run(mut conn: Connection, writes: &WriteGate, chain: &ChainKey, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(BATCH);
    while rx.blocking_recv_many(&mut batch, BATCH) > 0 {
        let decided = {
            let _turn = writes.blocking_turn();
            decide_batch(&mut conn, chain, &batch)
        };
        match decided {
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
/// room's door failure count as last read or changed. Both are written when the batch ends
/// ([`Carried::save`]), in the same transaction.
pub(super) struct Carried {
    pub(super) tail: Tail,
    rooms: HashMap<String, RoomCount>,
    /// Rooms whose count changed in this batch.
    changed_rooms: HashSet<String>,
}

/// What [`Carried::mark`] keeps.
struct CarriedMark {
    tail: TailMark,
    rooms: HashMap<String, RoomCount>,
    changed_rooms: HashSet<String>,
}

/// `rooms.door_failures`, `door_last_failure_at`, `door_locked_until`.
pub(super) type RoomCount = (i64, Option<i64>, Option<i64>);

impl Carried {
    fn start(conn: &Connection) -> StoreResult<Self> {
        Ok(Self {
            tail: Tail::read_sync(conn)?,
            rooms: HashMap::new(),
            changed_rooms: HashSet::new(),
        })
    }

    pub(super) fn room_count(&mut self, conn: &Connection, room_id: &str) -> StoreResult<RoomCount> {
        if let Some(count) = self.rooms.get(room_id) {
            return Ok(*count);
        }
        let count: RoomCount = conn
            .prepare_cached(
                "SELECT door_failures, door_last_failure_at, door_locked_until FROM rooms WHERE id = ?",
            )?
            .query_row([room_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?
            .ok_or(StoreError::Corrupt("a door of a room that does not exist"))?;
        self.rooms.insert(room_id.to_owned(), count);
        Ok(count)
    }

    /// A failed try at one of `room_id`'s doors left its count at `count`.
    pub(super) fn failed(&mut self, room_id: &str, count: RoomCount) {
        self.rooms.insert(room_id.to_owned(), count);
        self.changed_rooms.insert(room_id.to_owned());
    }

    /// Where the batch stands, to go back to if the next decision fails: the tail by a mark (the
    /// batch's entries so far are not copied for each decision); the rooms' counts, a few numbers
    /// per room the batch touched, whole.
    fn mark(&self) -> CarriedMark {
        CarriedMark {
            tail: self.tail.mark(),
            rooms: self.rooms.clone(),
            changed_rooms: self.changed_rooms.clone(),
        }
    }

    /// Back to `mark`, as if the decisions since had not been made (their savepoint is rolled back).
    fn back_to(&mut self, mark: CarriedMark) {
        self.tail.back_to(mark.tail);
        self.rooms = mark.rooms;
        self.changed_rooms = mark.changed_rooms;
    }

    /// Writes what the batch changed: the rooms' counts, the audit entries and the chain's head.
    fn save(&mut self, conn: &Connection, chain: &ChainKey) -> StoreResult<()> {
        let mut update = conn.prepare_cached(
            "UPDATE rooms SET door_failures = ?, door_last_failure_at = ?, door_locked_until = ? WHERE id = ?",
        )?;
        for room_id in self.changed_rooms.drain() {
            let (failures, last_failure, locked_until) = self.rooms[&room_id];
            update.execute(rusqlite::params![failures, last_failure, locked_until, room_id])?;
        }
        self.tail.save_sync(conn, chain)
    }
}

fn decide_batch(
    conn: &mut Connection,
    chain: &ChainKey,
    batch: &[Job],
) -> StoreResult<Vec<StoreResult<Done>>> {
    // Almost always every piece goes through: do them all in one transaction, carrying the audit
    // chain's tail in memory. If one fails (a database error), nothing of this attempt is kept and
    // the batch is done again, each piece in its own savepoint, so that one failure only fails its
    // own caller.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut carried = Carried::start(&tx)?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        match decide(&tx, chain, &mut carried, &job.work) {
            Ok(outcome) => outcomes.push(Ok(outcome)),
            Err(e) => {
                tracing::warn!(error = %e, "a write failed; doing its batch one by one");
                tx.rollback()?;
                return decide_one_by_one(conn, chain, batch);
            }
        }
    }
    carried.save(&tx, chain)?;
    tx.commit()?;
    Ok(outcomes)
}

fn decide_one_by_one(
    conn: &mut Connection,
    chain: &ChainKey,
    batch: &[Job],
) -> StoreResult<Vec<StoreResult<Done>>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut carried = Carried::start(&tx)?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        tx.execute_batch("SAVEPOINT decision")?;
        let mark = carried.mark();
        let outcome = decide(&tx, chain, &mut carried, &job.work);
        if outcome.is_err() {
            tx.execute_batch("ROLLBACK TO SAVEPOINT decision")?;
            carried.back_to(mark);
        }
        tx.execute_batch("RELEASE SAVEPOINT decision")?;
        outcomes.push(outcome);
    }
    carried.save(&tx, chain)?;
    tx.commit()?;
    Ok(outcomes)
}

fn decide(conn: &Connection, chain: &ChainKey, carried: &mut Carried, work: &Work) -> StoreResult<Done> {
    Ok(match work {
        Work::Unlock {
            door,
            code_index,
            now,
            policy,
        } => Done::Unlock(decide::unlock(
            conn,
            chain,
            carried,
            door,
            code_index.as_deref(),
            *now,
            policy,
        )?),
        Work::InsertBooking { booking, audit } => Done::InsertBooking(decide::insert_booking(
            conn,
            chain,
            &mut carried.tail,
            booking,
            audit,
        )?),
        Work::ChangeBooking {
            id,
            from,
            change,
            audit,
        } => Done::ChangeBooking(
            decide::change_booking(conn, chain, &mut carried.tail, id, from, change, audit)?.map(Box::new),
        ),
    })
}

#[cfg(test)]
mod tests {
    use crate::audit::{ChainKey, NewEntry, Verdict, verify};
    use crate::store::{
        AuditStore, BookingStore, InsertOutcome, NewBookingRecord, NewUser, PeopleStore, RoomRecord,
        RoomStore, SeatRecord, SqliteStore,
    };
    use chrono::{Duration, TimeZone, Utc};
    use studyroom_api::{Role, UserStatus};

    fn booking(n: u8, seat_id: &str, user_id: &str) -> NewBookingRecord {
        let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap() + Duration::hours(i64::from(n));
        NewBookingRecord {
            id: format!("b{n}"),
            room_id: "r1".into(),
            seat_id: seat_id.into(),
            user_id: user_id.into(),
            start,
            end: start + Duration::minutes(30),
            booked_at: start - Duration::days(1),
            code_from: start,
            code_index: vec![n],
            code_enc: vec![n],
        }
    }

    /// Pieces sent at once share a batch, and its audit entries are written when the batch ends.
    /// A piece the database refuses (here a seat that does not exist) must fail alone: the batch
    /// is done again one piece at a time, and the entries of the others, and only theirs, are
    /// chained without a gap.
    #[tokio::test]
    async fn a_piece_that_fails_fails_alone_and_the_chain_holds_exactly_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let key = || ChainKey::new([7; 32]);
        let url = format!("sqlite://{}", dir.path().join("w.db").display());
        let store = SqliteStore::connect(&url, key()).await.unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let room = RoomRecord::for_tests("r1", now);
        let seat = SeatRecord {
            id: "s1".into(),
            room_id: "r1".into(),
            label: "1".into(),
            x: 0,
            y: 0,
            features: Vec::new(),
        };
        store
            .insert_room(&room, &[seat], &NewEntry::new(now, "room_created", "test", "r1"))
            .await
            .unwrap();
        let user = NewUser {
            id: "u1".into(),
            role: Role::Member,
            status: UserStatus::Verified,
            phone_index: vec![1],
            phone_enc: vec![1],
            real_name_enc: None,
            id_number_index: None,
            id_number_enc: None,
            password_hash: String::new(),
            created_at: now,
        };
        store.insert_user(&user, None).await.unwrap();
        let (before, _) = store.audit_chain().await.unwrap();

        let pieces = [
            booking(1, "s1", "u1"),
            booking(2, "no such seat", "u1"),
            booking(3, "s1", "u1"),
        ];
        let entries: Vec<NewEntry> = pieces
            .iter()
            .map(|b| NewEntry::new(now, "booking_created", "u1", &b.id))
            .collect();
        let outcomes = futures::future::join_all(
            pieces
                .iter()
                .zip(&entries)
                .map(|(b, e)| store.insert_booking(b, e)),
        )
        .await;

        assert!(
            matches!(outcomes[0], Ok(InsertOutcome::Inserted)),
            "{:?}",
            outcomes[0]
        );
        assert!(
            outcomes[1].is_err(),
            "a booking of a seat that does not exist: {:?}",
            outcomes[1]
        );
        assert!(
            matches!(outcomes[2], Ok(InsertOutcome::Inserted)),
            "{:?}",
            outcomes[2]
        );
        assert!(store.booking("b1").await.unwrap().is_some());
        assert!(store.booking("b2").await.unwrap().is_none());
        assert!(store.booking("b3").await.unwrap().is_some());
        let (entries, head) = store.audit_chain().await.unwrap();
        let added: Vec<&str> = entries[before.len()..]
            .iter()
            .map(|e| e.detail.as_str())
            .collect();
        assert_eq!(added, ["b1", "b3"]);
        assert_eq!(verify(&key(), &entries, head.as_ref()), Verdict::Intact);
    }
}
