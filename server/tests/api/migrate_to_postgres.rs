//! `migrate-to-postgres` (issue 10): a deployment's history, made through the API on SQLite, moved
//! into a database of its own in the throwaway cluster (`STUDYROOM_TEST_POSTGRES`, as in
//! `postgres_schema.rs`: without it these tests fail and say how to run them), then served from
//! PostgreSQL with the same key and checked through the API. Refusals leave the target as it was.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;
use std::process::Command;
use studyroom_server::crypto::SecretKey;
use studyroom_server::migrate_to_postgres::{MigrateError, migrate};

/// Every table the command copies.
const TABLES: [&str; 11] = [
    "users",
    "sessions",
    "login_throttle",
    "rooms",
    "seats",
    "bookings",
    "doors",
    "violations",
    "audit",
    "audit_head",
    "ticker_state",
];

/// What the history below made, to look for after the move.
struct History {
    room: Room,
    member: reqwest::Client,
    member_phone: String,
    /// Tomorrow morning, upcoming.
    upcoming: (String, String),
    /// Tonight, entered and then stepped out of: away.
    away: (String, String),
    late: reqwest::Client,
    late_violation: String,
}

/// A small deployment's life through the API: a manager, a room and its door, two verified members,
/// bookings, a door opened and a wrong code typed, a step out, a no-show (by the ticker) with its
/// violation appealed, and a failed login.
async fn make_history(app: &TestApp) -> History {
    let manager = app.manager().await;
    let room = app.demo_room().await;
    let (member, _, member_phone) = app.verified_member_with_phone().await;
    let upcoming = app
        .booked(
            &member,
            &room,
            "A1",
            "2026-11-23T10:00:00+08:00",
            "2026-11-23T12:00:00+08:00",
        )
        .await;
    let away = app
        .booked(
            &member,
            &room,
            "A2",
            "2026-11-22T21:30:00+08:00",
            "2026-11-22T23:00:00+08:00",
        )
        .await;
    assert_eq!(app.unlock(&room, &away.1).await.status(), StatusCode::OK);
    let r = app
        .post(&member, &format!("/api/bookings/{}/leave", away.0), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.unlock(&room, "000000").await.status(), StatusCode::FORBIDDEN);

    let (late, _) = app.verified_member().await;
    app.booked(
        &late,
        &room,
        "A3",
        "2026-11-22T21:30:00+08:00",
        "2026-11-22T22:00:00+08:00",
    )
    .await;
    app.clock.advance(Duration::minutes(16));
    app.tick().await;
    let list: Value = app.get(&late, "/api/me/violations").await.json().await.unwrap();
    let late_violation = list["violations"][0]["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            &late,
            &format!("/api/me/violations/{late_violation}/appeal"),
            &json!({"reason": "堵车了"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let wrong = json!({"phone": member_phone, "password": "not the password"});
    let r = app.post(&app.client(), "/api/auth/login", &wrong).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    drop(manager);
    History {
        room,
        member,
        member_phone,
        upcoming,
        away,
        late,
        late_violation,
    }
}

/// Rows per table of an SQLite file.
async fn sqlite_counts(app: &TestApp) -> Vec<i64> {
    let mut conn = sqlx::SqliteConnection::connect(&app.db_url).await.unwrap();
    let mut counts = Vec::new();
    for table in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        counts.push(n);
    }
    counts
}

/// Rows per table of a PostgreSQL database; a table that does not exist (yet) has none.
async fn postgres_counts(url: &str) -> Vec<i64> {
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    let mut counts = Vec::new();
    for table in TABLES {
        let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
            .bind(table)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let n: i64 = if exists {
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut conn)
                .await
                .unwrap()
        } else {
            0
        };
        counts.push(n);
    }
    counts
}

/// A server on the PostgreSQL database, with the SQLite deployment's key, at its clock's time.
async fn serve_postgres(url: &str, from: &TestApp) -> TestApp {
    let clock = studyroom_server::clock::TestClock::new(from.clock_now());
    spawn_app_on(
        tempfile::tempdir().unwrap(),
        url.to_owned(),
        from.key.clone(),
        clock,
        studyroom_server::ServerOptions::default(),
    )
    .await
}

/// A random key as hex, the form `STUDYROOM_SECRET_KEY` and key files hold.
fn hex_key() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

async fn audit_verdict(app: &TestApp, manager: &reqwest::Client) -> Value {
    let r = app.get(manager, "/api/admin/audit/verify").await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_migrated_deployment_serves_from_postgresql_as_it_did_from_sqlite() {
    let sqlite = spawn_sqlite_app(SecretKey::generate()).await;
    let history = make_history(&sqlite).await;
    let before = sqlite_counts(&sqlite).await;
    for (table, n) in TABLES.iter().zip(&before) {
        assert!(
            *n > 0,
            "the history leaves rows in every table, but not in {table}"
        );
    }
    let url = new_postgres_database().await;

    let summary = migrate(&sqlite.db_url, &url, &sqlite.key).await.unwrap();
    let copied: Vec<i64> = summary.counts.iter().map(|(_, n)| *n).collect();
    assert_eq!(copied, before, "the summary's counts");
    assert_eq!(postgres_counts(&url).await, before, "every table, row for row");
    assert_eq!(summary.audit_entries as i64, before[8]);

    let pg = serve_postgres(&url, &sqlite).await;
    // Sessions came along: the member's browser is still logged in.
    let r = pg.get(&history.member, "/api/me").await;
    assert_eq!(r.status(), StatusCode::OK, "the copied session");
    // The password and the phone's blind index work with the same key.
    let member = pg.log_in(&history.member_phone).await;
    let me: Value = pg.get(&member, "/api/me").await.json().await.unwrap();
    assert_eq!(me["user"]["status"], "verified", "{me}");
    // Bookings and their codes (decrypted with the key) are there.
    for (id, code) in [&history.upcoming, &history.away] {
        let body = pg.booking_state(&member, id).await;
        assert_eq!(body["access_code"]["code"], code.as_str(), "{body}");
    }
    assert_eq!(
        pg.booking_state(&member, &history.away.0).await["booking"]["state"],
        "away"
    );
    // The door (its token's hash) and the code's blind index: coming back in works.
    assert_eq!(
        pg.unlock(&history.room, &history.away.1).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        pg.booking_state(&member, &history.away.0).await["booking"]["state"],
        "active"
    );
    // The audit chain, with everything appended since, verifies.
    let manager = pg.log_in(MANAGER_PHONE).await;
    let verdict = audit_verdict(&pg, &manager).await;
    assert_eq!(verdict["ok"], true, "{verdict}");
    assert!(verdict["entries"].as_i64().unwrap() > before[8], "{verdict}");
    let appeals: Value = pg.get(&manager, "/api/admin/appeals").await.json().await.unwrap();
    assert!(appeals.to_string().contains(&history.late_violation), "{appeals}");

    // New rows on the migrated data: a booking, and a violation, whose id comes from the
    // identity sequence that the copy had to move past the copied ids.
    pg.booked(
        &member,
        &history.room,
        "A4",
        "2026-11-23T13:00:00+08:00",
        "2026-11-23T14:00:00+08:00",
    )
    .await;
    pg.booked(
        &history.late,
        &history.room,
        "A5",
        "2026-11-22T22:00:00+08:00",
        "2026-11-22T22:30:00+08:00",
    )
    .await;
    pg.clock.advance(Duration::minutes(30)); // 21:46 → 22:16: past 22:00 + 15
    pg.tick().await;
    let list: Value = pg
        .get(&history.late, "/api/me/violations")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = list["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{list}");
    assert_ne!(ids[0], ids[1]);
    let verdict = audit_verdict(&pg, &manager).await;
    assert_eq!(verdict["ok"], true, "{verdict}");
}

#[tokio::test]
async fn the_command_migrates_and_says_where_the_key_is_without_printing_it() {
    let hex = hex_key();
    let sqlite = spawn_sqlite_app(SecretKey::from_hex(&hex).unwrap()).await;
    let history = make_history(&sqlite).await;
    let key_file = sqlite.db_path.with_extension("key");
    std::fs::write(&key_file, &hex).unwrap();
    let url = new_postgres_database().await;

    let out = Command::new(env!("CARGO_BIN_EXE_studyroom-server"))
        .args(["migrate-to-postgres", "--from", &sqlite.db_url, "--to", &url])
        .env_remove("STUDYROOM_SECRET_KEY")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("STUDYROOM_SECRET_KEY"), "{stdout}");
    assert!(stdout.contains(&key_file.display().to_string()), "{stdout}");
    assert!(stdout.contains("verified"), "{stdout}");
    for secret in [&hex, &history.member_phone, &"张小明".to_owned()] {
        assert!(
            !stdout.contains(secret.as_str()) && !stderr.contains(secret.as_str()),
            "printed something it must not:\n{stdout}\n{stderr}"
        );
    }
    assert_eq!(postgres_counts(&url).await, sqlite_counts(&sqlite).await);

    let pg = serve_postgres(&url, &sqlite).await;
    let member = pg.log_in(&history.member_phone).await;
    let body = pg.booking_state(&member, &history.upcoming.0).await;
    assert_eq!(body["access_code"]["code"], history.upcoming.1.as_str());
    let manager = pg.log_in(MANAGER_PHONE).await;
    assert_eq!(audit_verdict(&pg, &manager).await["ok"], true);
}

#[tokio::test]
async fn the_command_refuses_bad_input_clearly_and_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite://{}", dir.path().join("none.db").display());
    // The URLs are checked before the cluster is reached: any PostgreSQL URL will do.
    let pg = "postgres://someone:hunter2@127.0.0.1:1/studyroom";
    let cases = [
        (pg.to_owned(), pg.to_owned(), "--from must be an SQLite URL"),
        (
            missing.clone(),
            "sqlite://x.db".to_owned(),
            "--to must be a PostgreSQL URL",
        ),
        (missing.clone(), pg.to_owned(), "no SQLite database at"),
    ];
    for (from, to, says) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_studyroom-server"))
            .args(["migrate-to-postgres", "--from", &from, "--to", &to])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{from} → {to}: {stderr}");
        assert!(stderr.contains(says), "{from} → {to}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("hunter2"), "the password echoed: {stderr}");
    }
    assert!(!dir.path().join("none.db").exists(), "nothing created");

    // A database without its key: refused, and no new key file made beside it.
    let sqlite = spawn_sqlite_app(SecretKey::generate()).await;
    let out = Command::new(env!("CARGO_BIN_EXE_studyroom-server"))
        .args(["migrate-to-postgres", "--from", &sqlite.db_url, "--to", pg])
        .env_remove("STUDYROOM_SECRET_KEY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no key"), "{stderr}");
    assert!(!sqlite.db_path.with_extension("key").exists());
}

#[tokio::test]
async fn a_target_that_holds_rows_is_refused_and_left_as_it_was() {
    let first = spawn_sqlite_app(SecretKey::generate()).await;
    make_history(&first).await;
    let url = new_postgres_database().await;
    migrate(&first.db_url, &url, &first.key).await.unwrap();
    let before = postgres_counts(&url).await;

    // Another deployment into the same database, and the same one a second time.
    let second = spawn_sqlite_app(SecretKey::generate()).await;
    second.verified_member().await;
    for app in [&second, &first] {
        let refused = migrate(&app.db_url, &url, &app.key).await.unwrap_err();
        assert!(matches!(refused, MigrateError::TargetNotEmpty(_)), "{refused}");
        assert!(refused.to_string().contains("users"), "{refused}");
    }
    assert_eq!(postgres_counts(&url).await, before);
    let pg = serve_postgres(&url, &first).await;
    let manager = pg.log_in(MANAGER_PHONE).await;
    assert_eq!(audit_verdict(&pg, &manager).await["ok"], true);
}

#[tokio::test]
async fn an_altered_audit_log_or_a_wrong_key_fails_the_migration_and_writes_nothing() {
    let sqlite = spawn_sqlite_app(SecretKey::generate()).await;
    make_history(&sqlite).await;
    let url = new_postgres_database().await;

    let wrong_key = SecretKey::generate();
    let refused = migrate(&sqlite.db_url, &url, &wrong_key).await.unwrap_err();
    assert!(matches!(refused, MigrateError::SourceChain(_)), "{refused}");
    assert!(postgres_counts(&url).await.iter().all(|n| *n == 0));

    sqlite
        .db()
        .await
        .execute("UPDATE audit SET detail = detail || ' ' WHERE seq = 2", &[])
        .await;
    let refused = migrate(&sqlite.db_url, &url, &sqlite.key).await.unwrap_err();
    assert!(matches!(refused, MigrateError::SourceChain(_)), "{refused}");
    assert!(refused.to_string().contains("seq 2"), "{refused}");
    assert_eq!(postgres_counts(&url).await, vec![0; TABLES.len()]);
}

/// A column added by a later migration that this command was not taught about would be left
/// behind without a word: the command refuses instead, before it writes anything.
#[tokio::test]
async fn a_column_the_command_does_not_know_is_refused_rather_than_left_behind() {
    let sqlite = spawn_sqlite_app(SecretKey::generate()).await;
    sqlite.verified_member().await;
    sqlite
        .db()
        .await
        .execute("ALTER TABLE users ADD COLUMN nickname TEXT", &[])
        .await;
    let url = new_postgres_database().await;
    let refused = migrate(&sqlite.db_url, &url, &sqlite.key).await.unwrap_err();
    assert!(matches!(refused, MigrateError::UnknownColumns(_)), "{refused}");
    assert!(refused.to_string().contains("users.nickname"), "{refused}");
    assert_eq!(postgres_counts(&url).await, vec![0; TABLES.len()]);
}
