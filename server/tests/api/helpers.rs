//! `spawn_app()` and the small vocabulary the API tests share.

use chrono::{TimeZone, Utc};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use studyroom_api::id_number::check_char;
use studyroom_api::{Password, Phone, UserStatus};
use studyroom_server::audit::NewEntry;
use studyroom_server::clock::{Clock, TestClock};
use studyroom_server::crypto::SecretKey;
use studyroom_server::store::StatusChange;
use studyroom_server::ticker::Ticker;
use studyroom_server::{AppState, ServerOptions, accounts};

pub struct TestApp {
    pub base: String,
    pub clock: TestClock,
    pub state: AppState,
    /// The SQLite file (with PostgreSQL, a path where nothing is).
    pub db_path: std::path::PathBuf,
    /// The database's URL, whichever the backend.
    pub db_url: String,
    /// The key it was opened with (a second instance over the same database must share it).
    pub key: SecretKey,
    pub ticker: tokio::sync::Mutex<Ticker>,
    _dir: tempfile::TempDir,
}

pub const PASSWORD: &str = "correct horse 1";
pub const MANAGER_PHONE: &str = "13900000001";

/// Starts the real router on port 0 over a fresh database, with a clock that only tests move.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(ServerOptions::default()).await
}

/// Whether this run of the suite is against PostgreSQL (`STUDYROOM_TEST_BACKEND=postgres`, as the
/// second run of `cargo xtask test` does) rather than SQLite.
pub fn on_postgres() -> bool {
    std::env::var("STUDYROOM_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

/// A fresh, empty database of this test's own in the throwaway cluster at
/// `STUDYROOM_TEST_POSTGRES`. It is not dropped: the cluster goes away with the run.
pub async fn new_postgres_database() -> String {
    use sqlx::{Connection, Executor};
    use std::str::FromStr;
    let url = std::env::var("STUDYROOM_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "STUDYROOM_TEST_POSTGRES is not set: run the tests through `cargo xtask test` (or \
             `cargo xtask with-postgres …`), which starts a throwaway PostgreSQL"
        )
    });
    let server = sqlx::postgres::PgConnectOptions::from_str(&url).unwrap();
    // Tests run side by side in one cluster: the process id, a counter and the clock keep names apart.
    static DATABASES: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!(
        "studyroom_api_{}_{}_{nanos}",
        std::process::id(),
        DATABASES.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect_with(&server).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    admin.close().await.unwrap();
    let (base, _) = url.split_once('?').unwrap_or((&url, ""));
    let (cluster, _) = base.rsplit_once('/').unwrap();
    format!("{cluster}/{name}")
}

/// [`spawn_app`] with server options (say, webhooks allowed to reach a receiver on loopback).
pub async fn spawn_app_with(options: ServerOptions) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = if on_postgres() {
        new_postgres_database().await
    } else {
        format!("sqlite://{}", dir.path().join("studyroom.db").display())
    };
    spawn_app_on(dir, url, SecretKey::generate(), new_clock(), options).await
}

/// The clock every app starts with: 2026-11-22 13:30 UTC (21:30 in the demo room).
pub fn new_clock() -> TestClock {
    TestClock::new(Utc.with_ymd_and_hms(2026, 11, 22, 13, 30, 0).unwrap())
}

/// An app on SQLite whatever `STUDYROOM_TEST_BACKEND` says, with a key the test knows (for
/// `migrate_to_postgres`, which moves an SQLite deployment).
pub async fn spawn_sqlite_app(key: SecretKey) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("studyroom.db").display());
    spawn_app_on(dir, url, key, new_clock(), ServerOptions::default()).await
}

/// The real router on port 0 over the database at `url`, opened (and migrated) with `key`.
pub async fn spawn_app_on(
    dir: tempfile::TempDir,
    url: String,
    key: SecretKey,
    clock: TestClock,
    options: ServerOptions,
) -> TestApp {
    let db_path = dir.path().join("studyroom.db");
    let state = studyroom_server::open(&url, &key, Arc::new(clock.clone()), options)
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = studyroom_server::router(state.clone());
    tokio::spawn(studyroom_server::serve::serve(
        listener,
        router,
        Default::default(),
        std::future::pending(),
    ));
    TestApp {
        base,
        clock,
        state,
        db_path,
        db_url: url,
        key,
        ticker: tokio::sync::Mutex::new(Ticker::default()),
        _dir: dir,
    }
}

impl TestApp {
    /// Another instance of the server over the same (PostgreSQL) database, with the same key and
    /// clock, on a port of its own: what a second server behind a load balancer is.
    pub async fn another_instance(&self) -> TestApp {
        spawn_app_on(
            tempfile::tempdir().unwrap(),
            self.db_url.clone(),
            self.key.clone(),
            self.clock.clone(),
            self.state.options,
        )
        .await
    }
}

static NEXT: AtomicU32 = AtomicU32::new(1);

/// A valid resident ID number, different on every call.
pub fn new_id_number() -> String {
    let seq = NEXT.fetch_add(1, Ordering::Relaxed);
    let first17 = format!(
        "3101011995{:02}{:02}{:03}",
        1 + seq % 12,
        1 + seq % 28,
        seq % 1000
    );
    let check = check_char(first17.as_bytes().try_into().unwrap());
    format!("{first17}{check}")
}

/// A valid phone number, different on every call.
pub fn new_phone() -> String {
    format!("137{:08}", NEXT.fetch_add(1, Ordering::Relaxed))
}

pub fn signup_body(phone: &str, id_number: &str) -> Value {
    json!({"phone": phone, "password": PASSWORD, "real_name": "张小明", "id_number": id_number, "consent": true})
}

pub async fn error_code(response: Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
        .to_owned()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that keeps cookies, like a browser.
    pub fn client(&self) -> Client {
        Client::builder().cookie_store(true).build().unwrap()
    }

    pub async fn post(&self, client: &Client, path: &str, body: &Value) -> Response {
        client.post(self.url(path)).json(body).send().await.unwrap()
    }

    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.unwrap()
    }

    /// A fresh member who signed up (and so is logged in); returns their client and user id.
    pub async fn member(&self) -> (Client, String, String) {
        let client = self.client();
        let phone = new_phone();
        let r = self
            .post(
                &client,
                "/api/auth/signup",
                &signup_body(&phone, &new_id_number()),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let body: Value = r.json().await.unwrap();
        (client, body["user"]["id"].as_str().unwrap().to_owned(), phone)
    }

    /// A logged-in manager, created the way `create-manager` does it.
    pub async fn manager(&self) -> Client {
        let phone = Phone::parse(MANAGER_PHONE).unwrap();
        let password = Password::parse(PASSWORD).unwrap();
        accounts::create_manager(
            &*self.state.store,
            &self.state.vault,
            &self.state.hasher,
            &phone,
            &password,
            Utc::now(),
        )
        .await
        .unwrap();
        let client = self.client();
        let r = self
            .post(
                &client,
                "/api/auth/login",
                &json!({"phone": MANAGER_PHONE, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        client
    }
}

/// The demo room and its door, as `serve --demo` makes them.
#[derive(Clone)]
pub struct Room {
    pub id: String,
    pub door_id: String,
    pub door_token: String,
}

impl TestApp {
    /// A fresh member whom a manager has verified.
    pub async fn verified_member(&self) -> (Client, String) {
        let (client, id, _) = self.verified_member_with_phone().await;
        (client, id)
    }

    /// A new session for the member with this phone number (sessions end after a week idle).
    pub async fn log_in(&self, phone: &str) -> Client {
        let client = self.client();
        let r = self
            .post(
                &client,
                "/api/auth/login",
                &json!({"phone": phone, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        client
    }

    /// A new session for `phone` from a login of its own, as a script or a device holds it: the
    /// cookie to send by hand (`name=value`), in no client's cookie jar.
    pub async fn session_cookie(&self, phone: &str) -> String {
        let login = reqwest::Client::new()
            .post(self.url("/api/auth/login"))
            .json(&json!({"phone": phone, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::OK);
        let cookie = login.headers()["set-cookie"].to_str().unwrap();
        cookie.split(';').next().unwrap().to_owned()
    }

    /// [`TestApp::verified_member`], with their phone number.
    pub async fn verified_member_with_phone(&self) -> (Client, String, String) {
        let (client, id, phone) = self.member().await;
        let change = StatusChange {
            status: UserStatus::Verified,
            reason: None,
            suspended_until: None,
            by: "test",
            revoke_codes: false,
            automatic: false,
        };
        let audit = NewEntry::new(Utc::now(), "member_verified", "test", format!("user {id}"));
        self.state
            .store
            .set_status(&id, &[UserStatus::Pending], &change, Utc::now(), &audit)
            .await
            .unwrap()
            .unwrap();
        (client, id, phone)
    }

    pub async fn demo_room(&self) -> Room {
        let (door_id, door_token) = studyroom_server::demo::seed(&self.state).await.unwrap();
        let room = self
            .state
            .store
            .room_by_name(studyroom_server::demo::ROOM_NAME)
            .await
            .unwrap()
            .unwrap();
        Room {
            id: room.id,
            door_id,
            door_token,
        }
    }

    pub async fn seat(&self, room_id: &str, label: &str) -> String {
        let seats = self.state.store.seats(room_id).await.unwrap();
        seats
            .into_iter()
            .find(|s| s.label == label)
            .unwrap_or_else(|| panic!("no seat {label}"))
            .id
    }

    /// Books `label` from `start` to `end` (local times like `2026-11-22T22:00:00+08:00`).
    pub async fn book(&self, client: &Client, room: &Room, label: &str, start: &str, end: &str) -> Response {
        let seat_id = self.seat(&room.id, label).await;
        self.post(
            client,
            "/api/bookings",
            &json!({"seat_id": seat_id, "start": start, "end": end}),
        )
        .await
    }

    /// Books and returns the booking id and its code; panics unless it worked.
    pub async fn booked(
        &self,
        client: &Client,
        room: &Room,
        label: &str,
        start: &str,
        end: &str,
    ) -> (String, String) {
        let r = self.book(client, room, label, start, end).await;
        let status = r.status();
        let body: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (
            body["booking"]["id"].as_str().unwrap().to_owned(),
            body["access_code"]["code"].as_str().unwrap().to_owned(),
        )
    }

    pub async fn unlock(&self, room: &Room, code: &str) -> Response {
        reqwest::Client::new()
            .post(self.url(&format!("/api/doors/{}/unlock", room.door_id)))
            .bearer_auth(&room.door_token)
            .json(&json!({"code": code}))
            .send()
            .await
            .unwrap()
    }

    /// The state of seat `label` now, as the occupancy endpoint says.
    pub async fn seat_state(&self, client: &Client, room: &Room, label: &str) -> String {
        self.seat_status(client, room, label).await["state"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Seat `label` as the occupancy endpoint shows it (`state`, `next_start`).
    pub async fn seat_status(&self, client: &Client, room: &Room, label: &str) -> Value {
        let seat_id = self.seat(&room.id, label).await;
        let body: Value = self
            .get(client, &format!("/api/rooms/{}/occupancy", room.id))
            .await
            .json()
            .await
            .unwrap();
        let seats = body["seats"].as_array().unwrap();
        seats
            .iter()
            .find(|s| s["seat_id"] == seat_id.as_str())
            .unwrap()
            .clone()
    }

    pub async fn booking_state(&self, client: &Client, id: &str) -> Value {
        self.get(client, &format!("/api/bookings/{id}"))
            .await
            .json()
            .await
            .unwrap()
    }

    /// Runs the booking time rules as of the test clock.
    pub async fn tick(&self) {
        self.ticker.lock().await.tick(&self.state).await.unwrap();
    }

    /// As if the server stopped after its last tick and starts again now.
    pub async fn restart_ticker(&self) {
        *self.ticker.lock().await = Ticker::resume(&self.state).await.unwrap();
    }

    /// A raw connection to the test database, for what no endpoint shows.
    pub async fn db(&self) -> Db {
        // By the URL, not the suite's backend: `migrate_to_postgres` runs SQLite apps on both.
        if self.db_url.starts_with("postgres") {
            Db::Postgres(sqlx::PgPool::connect(&self.db_url).await.unwrap())
        } else {
            Db::Sqlite(sqlx::SqlitePool::connect(&self.db_url).await.unwrap())
        }
    }

    pub fn clock_now(&self) -> chrono::DateTime<Utc> {
        self.clock.now()
    }

    /// The presence code a door's kiosk shows now.
    pub fn presence(&self, door_id: &str) -> String {
        studyroom_server::presence::current(&self.state.vault, door_id, self.clock.now()).0
    }

    /// The app's open door with the kiosk's current presence code.
    pub async fn open_door(&self, client: &Client, room: &Room, booking_id: &str) -> Response {
        let body = json!({"door_id": room.door_id, "presence": self.presence(&room.door_id)});
        self.post(client, &format!("/api/bookings/{booking_id}/open-door"), &body)
            .await
    }

    pub async fn violations(&self, user_id: &str) -> i64 {
        self.db()
            .await
            .scalar(
                "SELECT COUNT(*) FROM violations WHERE user_id = ?",
                &[user_id.into()],
            )
            .await
    }
}

/// The test database, raw, whichever the backend: SQL written with SQLite's `?` / `?N`
/// placeholders, which become `$N` for PostgreSQL.
pub enum Db {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// A value bound to a placeholder.
pub enum Arg {
    Text(String),
    Int(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Self::Text(s.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

/// `?` and `?N` as PostgreSQL's `$N`.
fn dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut next = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '?' {
            out.push(c);
            continue;
        }
        out.push('$');
        if chars.peek().is_some_and(char::is_ascii_digit) {
            continue;
        }
        next += 1;
        out.push_str(&next.to_string());
    }
    out
}

macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Arg::Text(s) => q.bind(s.clone()),
                Arg::Int(n) => q.bind(*n),
            };
        }
        q
    }};
}

impl Db {
    /// Runs a statement.
    pub async fn execute(&self, sql: &str, args: &[Arg]) {
        match self {
            Db::Sqlite(pool) => {
                bind_all!(sqlx::query(sql), args).execute(pool).await.unwrap();
            }
            Db::Postgres(pool) => {
                let sql = dollars(sql);
                bind_all!(sqlx::query(&sql), args).execute(pool).await.unwrap();
            }
        }
    }

    /// A query's one integer (a count, a seq).
    pub async fn scalar(&self, sql: &str, args: &[Arg]) -> i64 {
        match self {
            Db::Sqlite(pool) => bind_all!(sqlx::query_scalar(sql), args)
                .fetch_one(pool)
                .await
                .unwrap(),
            Db::Postgres(pool) => {
                let sql = dollars(sql);
                bind_all!(sqlx::query_scalar(&sql), args)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        }
    }

    /// A query's one text.
    pub async fn text(&self, sql: &str, args: &[Arg]) -> String {
        match self {
            Db::Sqlite(pool) => bind_all!(sqlx::query_scalar(sql), args)
                .fetch_one(pool)
                .await
                .unwrap(),
            Db::Postgres(pool) => {
                let sql = dollars(sql);
                bind_all!(sqlx::query_scalar(&sql), args)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        }
    }
}

/// `count` wrong codes typed at the room's door at the same moment, guess `i` through
/// `apps[i % apps.len()]` (several instances of one server, or one); how many were answered 403
/// (looked at, rather than refused by a lock-out), and every answer.
pub async fn wrong_codes_at_once(apps: &[&TestApp], room: &Room, count: usize) -> (usize, Vec<StatusCode>) {
    let guesses = (0..count).map(|i| {
        let url = apps[i % apps.len()].url(&format!("/api/doors/{}/unlock", room.door_id));
        let token = room.door_token.clone();
        async move {
            Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&json!({"code": format!("{i:08}")}))
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let statuses = futures::future::join_all(guesses).await;
    let looked_at = statuses.iter().filter(|s| **s == StatusCode::FORBIDDEN).count();
    (looked_at, statuses)
}
