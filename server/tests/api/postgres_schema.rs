//! PostgreSQL's schema (issue 10): the database itself refuses double bookings, through the
//! exclusion constraints of `migrations/postgres`. These tests speak plain SQL to a database of
//! their own in the throwaway cluster that `cargo xtask test` starts (its URL comes in
//! `STUDYROOM_TEST_POSTGRES`), beneath any store; the PostgreSQL store's answers to the same
//! refusals are tested through the API (`bookings.rs`, with `STUDYROOM_TEST_BACKEND=postgres`).

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Connection, Executor};
use std::str::FromStr;

/// 2026-11-23 09:00 UTC, in the Unix seconds the schema keeps; bookings below are hours from it.
const NINE: i64 = 1_795_424_400;
const HOUR: i64 = 3600;

/// A database of this test's own, migrated, with two people, a room and two seats in it.
struct TestDb {
    server: PgConnectOptions,
    name: String,
    pool: PgPool,
}

impl TestDb {
    async fn new() -> Self {
        let url = std::env::var("STUDYROOM_TEST_POSTGRES").unwrap_or_else(|_| {
            panic!(
                "STUDYROOM_TEST_POSTGRES is not set: run the tests through `cargo xtask test` (or \
                 `cargo xtask with-postgres cargo nextest run …`), which starts a throwaway PostgreSQL"
            )
        });
        let server = PgConnectOptions::from_str(&url).expect("STUDYROOM_TEST_POSTGRES is a postgres:// URL");
        // Tests run side by side in one cluster: the process id and the clock keep names apart.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("studyroom_test_{}_{nanos}", std::process::id());
        let mut admin = PgConnection::connect_with(&server).await.unwrap();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        admin.close().await.unwrap();

        let pool = PgPoolOptions::new()
            .max_connections(2)
            .connect_with(server.clone().database(&name))
            .await
            .unwrap();
        sqlx::migrate!("migrations/postgres").run(&pool).await.unwrap();
        pool.execute(
            "INSERT INTO users (id, role, status, created_at) VALUES \
                 ('ann', 'member', 'verified', 0), ('bo', 'member', 'verified', 0); \
             INSERT INTO rooms (id, name, address, utc_offset_secs, slot_minutes, max_booking_minutes, \
                 advance_days, early_entry_minutes, no_show_grace_minutes, leave_minutes, code_length, created_at) \
                 VALUES ('room', '静心角', '徐汇区', 28800, 30, 240, 7, 10, 15, 30, 6, 0); \
             INSERT INTO seats (id, room_id, label, x, y, features) VALUES \
                 ('s1', 'room', '1', 0, 0, ''), ('s2', 'room', '2', 1, 0, '')",
        )
        .await
        .unwrap();
        Self { server, name, pool }
    }

    /// Books `seat` for `user` over [start, end), in `state`; a refusal comes back as the error.
    async fn book(
        &self,
        id: &str,
        seat: &str,
        user: &str,
        start: i64,
        end: i64,
        state: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO bookings (id, room_id, seat_id, user_id, start_at, end_at, booked_at, state, code_from) \
             VALUES ($1, 'room', $2, $3, $4, $5, 0, $6, $4 - 600)",
        )
        .bind(id)
        .bind(seat)
        .bind(user)
        .bind(start)
        .bind(end)
        .bind(state)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    async fn drop_database(self) {
        self.pool.close().await;
        let mut admin = PgConnection::connect_with(&self.server).await.unwrap();
        admin
            .execute(format!("DROP DATABASE {} WITH (FORCE)", self.name).as_str())
            .await
            .unwrap();
        admin.close().await.unwrap();
    }
}

/// The name of the constraint that refused `result`, which must be a refusal.
fn refused_by(result: Result<(), sqlx::Error>) -> String {
    match result {
        Err(sqlx::Error::Database(e)) => e
            .constraint()
            .unwrap_or_else(|| panic!("refused, but by no constraint: {e}"))
            .to_owned(),
        Err(e) => panic!("not a refusal by the database: {e}"),
        Ok(()) => panic!("accepted, but should have been refused"),
    }
}

#[tokio::test]
async fn the_database_refuses_a_second_live_booking_of_a_seat_that_overlaps_the_first() {
    let db = TestDb::new().await;
    db.book("b1", "s1", "ann", NINE, NINE + 2 * HOUR, "upcoming")
        .await
        .unwrap();
    // Another person, so only the seat can be what clashes; each live state counts.
    for (id, state) in [("b2", "upcoming"), ("b3", "active"), ("b4", "away")] {
        let refused = db.book(id, "s1", "bo", NINE + HOUR, NINE + 3 * HOUR, state).await;
        assert_eq!(refused_by(refused), "bookings_seat_no_overlap", "{state}");
    }
    let inside = db
        .book("b5", "s1", "bo", NINE + HOUR / 2, NINE + HOUR, "upcoming")
        .await;
    assert_eq!(
        refused_by(inside),
        "bookings_seat_no_overlap",
        "a booking inside another"
    );
    db.drop_database().await;
}

#[tokio::test]
async fn a_booking_that_only_touches_another_of_the_same_seat_is_accepted() {
    let db = TestDb::new().await;
    db.book("b1", "s1", "ann", NINE, NINE + 2 * HOUR, "upcoming")
        .await
        .unwrap();
    db.book("after", "s1", "bo", NINE + 2 * HOUR, NINE + 3 * HOUR, "upcoming")
        .await
        .expect("ends and starts meet: [start, end) does not overlap");
    db.book("before", "s1", "bo", NINE - HOUR, NINE, "upcoming")
        .await
        .expect("one ends when the other starts");
    db.drop_database().await;
}

#[tokio::test]
async fn a_cancelled_booking_blocks_nothing() {
    let db = TestDb::new().await;
    db.book("gone", "s1", "ann", NINE, NINE + 2 * HOUR, "cancelled")
        .await
        .unwrap();
    db.book("seat", "s1", "bo", NINE, NINE + 2 * HOUR, "upcoming")
        .await
        .expect("the seat of a cancelled booking is free");
    db.book("person", "s2", "ann", NINE, NINE + 2 * HOUR, "upcoming")
        .await
        .expect("the person of a cancelled booking is free");
    db.drop_database().await;
}

#[tokio::test]
async fn the_database_refuses_one_persons_overlapping_live_bookings_of_two_seats() {
    let db = TestDb::new().await;
    db.book("b1", "s1", "ann", NINE, NINE + 2 * HOUR, "active")
        .await
        .unwrap();
    let refused = db
        .book("b2", "s2", "ann", NINE + HOUR, NINE + 3 * HOUR, "upcoming")
        .await;
    assert_eq!(refused_by(refused), "bookings_person_no_overlap");
    db.book("b3", "s2", "ann", NINE + 2 * HOUR, NINE + 3 * HOUR, "upcoming")
        .await
        .expect("the next slot of the same person, on another seat");
    db.drop_database().await;
}

#[tokio::test]
async fn a_booking_that_stops_being_live_frees_its_seat() {
    let db = TestDb::new().await;
    db.book("b1", "s1", "ann", NINE, NINE + 2 * HOUR, "upcoming")
        .await
        .unwrap();
    sqlx::query("UPDATE bookings SET state = 'no_show' WHERE id = 'b1'")
        .execute(&db.pool)
        .await
        .unwrap();
    db.book("b2", "s1", "bo", NINE, NINE + 2 * HOUR, "upcoming")
        .await
        .expect("a no-show's seat is free again");
    // And a dead booking cannot come back to life over a live one.
    let revived = sqlx::query("UPDATE bookings SET state = 'upcoming' WHERE id = 'b1'")
        .execute(&db.pool)
        .await
        .map(drop);
    assert_eq!(refused_by(revived), "bookings_seat_no_overlap");
    db.drop_database().await;
}

#[tokio::test]
async fn running_the_migrations_a_second_time_changes_nothing() {
    let db = TestDb::new().await;
    db.book("b1", "s1", "ann", NINE, NINE + 2 * HOUR, "upcoming")
        .await
        .unwrap();
    let applied = || async {
        sqlx::query_as::<_, (i64, Vec<u8>)>("SELECT version, checksum FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&db.pool)
            .await
            .unwrap()
    };
    let before = applied().await;
    sqlx::migrate!("migrations/postgres").run(&db.pool).await.unwrap();
    assert_eq!(applied().await, before, "each migration applied once");
    let (bookings,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bookings")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(bookings, 1, "the data still there");
    let refused = db.book("b2", "s1", "bo", NINE, NINE + HOUR, "upcoming").await;
    assert_eq!(
        refused_by(refused),
        "bookings_seat_no_overlap",
        "the constraints still hold"
    );
    db.drop_database().await;
}
