//! `cargo xtask bench --load`: the release server under fixed-rate load from `oha` (latency
//! corrected), on an empty database and on a copy of the large history that `bench --server` seeds,
//! so that the table shows whether latency grows with history. Measured: a door unlocking with a
//! live code, and the seat map (`/api/rooms/{id}` and its occupancy). Setup goes through the real
//! HTTP API with curl, as a door controller or a phone would.

use crate::shell::{Result, output};
use crate::tools;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// How long each rate is held.
const SECONDS: &str = "10s";
const MANAGER_PHONE: &str = "13900000009";
const PASSWORD: &str = "bench password 1";

/// One row of the table: what was asked, at what rate, and what came back.
struct Row {
    what: &'static str,
    database: &'static str,
    rate: u32,
    achieved: f64,
    p50_ms: f64,
    p99_ms: f64,
    ok_share: f64,
}

/// Which rows to measure: all of them by default; `--only door,map,bookings,streams` and
/// `--empty-only` give a quick look at one part after a change there.
pub struct Selection {
    only: Option<Vec<String>>,
    empty_only: bool,
}

impl Selection {
    pub fn from_args(args: &[String]) -> Self {
        let only = args
            .iter()
            .position(|a| a == "--only")
            .and_then(|i| args.get(i + 1))
            .map(|list| list.split(',').map(str::to_owned).collect());
        Self {
            only,
            empty_only: args.iter().any(|a| a == "--empty-only"),
        }
    }

    fn wants(&self, part: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|parts| parts.iter().any(|p| p == part))
    }
}

pub fn run(binary: &Path, history: &Path, selection: &Selection) -> Result {
    tools::ensure_oha()?;
    let mut rows = Vec::new();
    let empty = tempdir("empty")?;
    let seeded = tempdir("history")?;
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", history.display()));
        if from.exists() {
            std::fs::copy(&from, seeded.join(format!("bench.db{suffix}"))).map_err(|e| e.to_string())?;
        }
    }
    for (database, dir) in [("empty", &empty), ("1M bookings", &seeded)] {
        if selection.empty_only && database != "empty" {
            continue;
        }
        let server = Server::start(binary, dir)?;
        let result = measure(&server, database, &mut rows, selection);
        drop(server);
        result?;
    }
    let _ = std::fs::remove_dir_all(&empty);
    let _ = std::fs::remove_dir_all(&seeded);
    println!(
        "\n{:<34} {:<12} {:>7} {:>9} {:>9} {:>9} {:>6}",
        "request", "database", "rate/s", "got/s", "p50 ms", "p99 ms", "ok"
    );
    for r in &rows {
        println!(
            "{:<34} {:<12} {:>7} {:>9.0} {:>9.2} {:>9.2} {:>5.1}%",
            r.what,
            r.database,
            r.rate,
            r.achieved,
            r.p50_ms,
            r.p99_ms,
            r.ok_share * 100.0
        );
    }
    Ok(())
}

/// Writes out what the page cache still holds before a row is measured. The release build just
/// before leaves about 500 MB dirty; the kernel writes it back some 30 s later, and a commit's
/// fsync that meets that writeback waited 100–250 ms: the booking row's p99 measured the build,
/// not the server.
fn settle() {
    let _ = Command::new("sync").status();
}

fn tempdir(name: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("studyroom-load-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

/// The release server on a free port over `dir/bench.db`, with the demo room and its door.
pub struct Server {
    child: Child,
    binary: PathBuf,
    pub base: String,
    door: String,
    token: String,
    dir: PathBuf,
}

impl Server {
    pub fn start(binary: &Path, dir: &Path) -> Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let url = format!("sqlite://{}", dir.join("bench.db").display());
        let log = dir.join("serve.log");
        let mut child = Command::new(binary)
            .args([
                "serve",
                "--demo",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &url,
            ])
            .env("STUDYROOM_SECRET_KEY", bench_key())
            // The subscribers' row opens all its streams as one member.
            .env("STUDYROOM_STREAMS_PER_PERSON", "100000")
            .env("RUST_LOG", "warn")
            .stdout(std::fs::File::create(&log).map_err(|e| e.to_string())?)
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let base = format!("http://127.0.0.1:{port}");
        let ready = (0..600).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            curl(&["-sf", &format!("{base}/api/health")]).is_some()
        });
        if !ready {
            let _ = child.kill();
            return Err("the server did not start".into());
        }
        let printed = std::fs::read_to_string(&log).map_err(|e| e.to_string())?;
        let after = |marker: &str| {
            printed
                .split(marker)
                .nth(1)
                .and_then(|rest| rest.split([',', ' ', '\n']).next())
                .map(str::to_owned)
        };
        let (Some(door), Some(token)) = (after("id "), after("token ")) else {
            let _ = child.kill();
            return Err(format!("no door in the demo's output: {printed}"));
        };
        let mut create = Command::new(binary);
        create
            .args([
                "create-manager",
                "--phone",
                MANAGER_PHONE,
                "--password-stdin",
                "--database-url",
                &url,
            ])
            .env("STUDYROOM_SECRET_KEY", bench_key())
            .stdin(Stdio::piped())
            .stdout(Stdio::null());
        let mut manager = create.spawn().map_err(|e| e.to_string())?;
        use std::io::Write;
        manager
            .stdin
            .take()
            .ok_or("no stdin")?
            .write_all(PASSWORD.as_bytes())
            .map_err(|e| e.to_string())?;
        manager.wait().map_err(|e| e.to_string())?;
        Ok(Self {
            child,
            binary: binary.to_owned(),
            base,
            door,
            token,
            dir: dir.to_owned(),
        })
    }

    /// Logs in (or signs up, then is verified by the manager) and returns the session cookie.
    fn session(&self, phone: &str, signup: Option<&str>) -> Result<String> {
        let jar = self.dir.join(format!("{phone}.cookies"));
        let body = match signup {
            Some(id_number) => format!(
                r#"{{"phone":"{phone}","password":"{PASSWORD}","real_name":"陈小雨","id_number":"{id_number}","consent":true}}"#
            ),
            None => format!(r#"{{"phone":"{phone}","password":"{PASSWORD}"}}"#),
        };
        let path = if signup.is_some() { "signup" } else { "login" };
        self.post_json(None, &format!("/api/auth/{path}"), &body, Some(&jar))
            .ok_or(format!("{path} as {phone} failed"))?;
        let cookie = std::fs::read_to_string(&jar)
            .map_err(|e| e.to_string())?
            .lines()
            .find_map(|l| {
                let fields: Vec<_> = l.split('\t').collect();
                (fields.len() == 7).then(|| format!("{}={}", fields[5], fields[6]))
            })
            .ok_or("no session cookie")?;
        Ok(cookie)
    }

    fn post_json(
        &self,
        cookie: Option<&str>,
        path: &str,
        body: &str,
        jar: Option<&Path>,
    ) -> Option<serde_json::Value> {
        let url = format!("{}{path}", self.base);
        let mut args = vec!["-sf", "-H", "content-type: application/json", "-d", body];
        let header;
        if let Some(c) = cookie {
            header = format!("cookie: {c}");
            args.extend(["-H", &header]);
        }
        let jar_path;
        if let Some(j) = jar {
            jar_path = j.display().to_string();
            args.extend(["-c", &jar_path]);
        }
        args.push(&url);
        serde_json::from_str(&curl(&args)?).ok()
    }

    fn get_json(&self, cookie: &str, path: &str) -> Option<serde_json::Value> {
        let header = format!("cookie: {cookie}");
        serde_json::from_str(&curl(&["-sf", "-H", &header, &format!("{}{path}", self.base)])?).ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many subscribers: the issue asks for 20,000, but a process may hold at most `ulimit -Hn`
/// open files (20,000 on the build machines, and raising it needs a privilege their containers
/// lack); the server needs a few beyond its sockets, so it holds a few hundred fewer.
fn subscriber_count() -> usize {
    let hard = output(Command::new("sh").args(["-c", "ulimit -Hn"]))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(20_000);
    20_000.min(hard.saturating_sub(500))
}

fn bench_key() -> &'static str {
    crate::bench::BENCH_KEY
}

fn curl(args: &[&str]) -> Option<String> {
    output(Command::new("curl").args(args))
}

/// Signs a member up, has the manager verify them, and returns their session cookie.
fn verified_member(server: &Server, manager: &str, phone: &str, id_number: &str) -> Result<String> {
    let member = server.session(phone, Some(id_number))?;
    let me = server.get_json(&member, "/api/me").ok_or("no /api/me")?;
    let id = me["user"]["id"].as_str().ok_or("no user id")?;
    server
        .post_json(
            Some(manager),
            &format!("/api/admin/users/{id}/verify"),
            r#"{"approve":true}"#,
            None,
        )
        .ok_or("verify failed")?;
    Ok(member)
}

/// A verified member's session cookie (`name=value`) and the demo room's id.
pub fn member_and_room(server: &Server, manager: &str) -> Result<(String, String)> {
    // 11010519491231002X: a valid resident ID (checksum and date), made up.
    let member = verified_member(server, manager, "13700001234", "11010519491231002X")?;
    let rooms = server.get_json(&member, "/api/rooms").ok_or("no rooms")?;
    let room = rooms["rooms"]
        .as_array()
        .and_then(|all| all.iter().find(|r| r["name"] == "阅心书斋"))
        .and_then(|r| r["id"].as_str())
        .ok_or("no demo room")?
        .to_owned();
    Ok((member, room))
}

/// The manager's session cookie.
pub fn manager(server: &Server) -> Result<String> {
    server.session(MANAGER_PHONE, None)
}

/// A member with a live booking in the demo room (for its code), the room's id, then each load.
fn measure(server: &Server, database: &'static str, rows: &mut Vec<Row>, selection: &Selection) -> Result {
    let manager = manager(server)?;
    let (member, room) = member_and_room(server, &manager)?;
    let detail = server
        .get_json(&member, &format!("/api/rooms/{room}"))
        .ok_or("no room")?;
    let seat = detail["room"]["seats"][0]["id"].as_str().ok_or("no seat")?;
    let (start, end) = now_slot()?;
    let booked = server
        .post_json(
            Some(&member),
            "/api/bookings",
            &format!(r#"{{"seat_id":"{seat}","start":"{start}","end":"{end}"}}"#),
            None,
        )
        .ok_or("booking failed")?;
    let code = booked["access_code"]["code"].as_str().ok_or("no code")?;

    let unlock = format!("{}/api/doors/{}/unlock", server.base, server.door);
    let bearer = format!("authorization: Bearer {}", server.token);
    let body = format!(r#"{{"code":"{code}"}}"#);
    for rate in [1000, 3000].into_iter().filter(|_| selection.wants("door")) {
        rows.push(oha(
            "door unlock, live code",
            database,
            rate,
            &[
                "-m",
                "POST",
                "-H",
                &bearer,
                "-H",
                "content-type: application/json",
                "-d",
                &body,
                &unlock,
            ],
        )?);
    }
    let cookie = format!("cookie: {member}");
    for (what, path) in [
        ("seat map: GET /api/rooms/{id}", format!("/api/rooms/{room}")),
        (
            "seat map: GET …/occupancy",
            format!("/api/rooms/{room}/occupancy"),
        ),
    ]
    .into_iter()
    .filter(|_| selection.wants("map"))
    {
        rows.push(oha(
            what,
            database,
            5000,
            &["-H", &cookie, &format!("{}{path}", server.base)],
        )?);
    }
    if selection.wants("bookings") {
        rows.push(bookings(server, database, &manager, &room)?);
    }
    if selection.wants("streams") {
        subscribers(server, database, &manager, &room, &detail, &start, &end)?;
    }
    Ok(())
}

/// The value after `name` in a bench command's one-line output.
fn field(out: &str, name: &str) -> f64 {
    let words: Vec<&str> = out.split_whitespace().collect();
    words
        .iter()
        .position(|w| *w == name)
        .and_then(|i| words.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// 200 members booking a random slot and cancelling it, 1,000 requests a second in all, through
/// the server's own client (`bench-bookings`): every request needs its own member and time.
fn bookings(server: &Server, database: &'static str, manager: &str, room: &str) -> Result<Row> {
    let rate = 1000;
    settle();
    let out = output(
        Command::new(&server.binary)
            .args(["bench-bookings", "--base", &server.base, "--room", room])
            .args(["--manager-cookie", manager, "--rate", &rate.to_string()])
            .args(["--seconds", SECONDS.trim_end_matches('s'), "--members", "200"]),
    )
    .ok_or("bench-bookings failed (its error is above)")?;
    let f = |name| field(&out, name);
    let answered = f("ok") + f("conflicts");
    println!(
        "  booking and cancelling @ {rate}/s on {database}: {:.0} ok, {:.0} expected 409s, {:.0} other, \
         {:.0} not sent (all 200 members still waiting)",
        f("ok"),
        f("conflicts"),
        f("other"),
        f("not_sent")
    );
    Ok(Row {
        what: "booking + cancel (409 expected)",
        database,
        rate,
        achieved: answered / f("seconds"),
        p50_ms: f("p50_ms"),
        p99_ms: f("p99_ms"),
        ok_share: answered / (f("sent") + f("not_sent")),
    })
}

/// 20,000 subscribers to the room's event stream: the server's memory for them, and how long one
/// seat change (a second member booking the next seat) takes to reach them all.
#[allow(clippy::too_many_arguments)]
fn subscribers(
    server: &Server,
    database: &str,
    manager: &str,
    room: &str,
    detail: &serde_json::Value,
    start: &str,
    end: &str,
) -> Result {
    let booker = verified_member(server, manager, "13700005678", "110105194912310038")?;
    let seat = detail["room"]["seats"][1]["id"]
        .as_str()
        .ok_or("no second seat")?;
    let booking = format!(r#"{{"seat_id":"{seat}","start":"{start}","end":"{end}"}}"#);
    let pid = server.child.id().to_string();
    settle();
    let out = output(
        Command::new(&server.binary)
            .args([
                "bench-subscribers",
                "--base",
                &server.base,
                "--room",
                room,
                "--seat",
                seat,
            ])
            .args(["--cookie", &booker, "--booking", &booking, "--server-pid", &pid])
            .args(["--count", &subscriber_count().to_string()]),
    )
    .ok_or("bench-subscribers failed (its error is above)")?;
    let field = |name| field(&out, name);
    let count = field("connected");
    let per_kib = (field("rss_after_kib") - field("rss_before_kib")) / count;
    println!(
        "event stream on {database}: {count:.0} of {:.0} subscribers connected, {per_kib:.1} KiB of server memory each; \
         one change reached {:.0} of them, p50 {:.0} ms, p99 {:.0} ms, slowest {:.0} ms; \
         CPU from the change to the last one reached: server {:.0} ms (kernel {:.0}), client {:.0} ms (kernel {:.0})",
        field("subscribers"),
        field("reached"),
        field("p50_ms"),
        field("p99_ms"),
        field("max_ms"),
        field("server_user_ms") + field("server_system_ms"),
        field("server_system_ms"),
        field("client_user_ms") + field("client_system_ms"),
        field("client_system_ms")
    );
    Ok(())
}

/// The current half hour on Shanghai's clock and four hours on, as the API takes them.
fn now_slot() -> Result<(String, String)> {
    let script = "import datetime as d\n\
        n=d.datetime.now(d.timezone(d.timedelta(hours=8)))\n\
        s=n.replace(minute=n.minute//30*30,second=0,microsecond=0)\n\
        print(s.isoformat(), (s+d.timedelta(hours=4)).isoformat())";
    let out = output(Command::new("python3").args(["-c", script])).ok_or("python3 is needed")?;
    let mut parts = out.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some(s), Some(e)) => Ok((s.to_owned(), e.to_owned())),
        _ => Err("no time".into()),
    }
}

/// `oha` at a fixed `rate` for [`SECONDS`], latency-corrected, as one row.
fn oha(what: &'static str, database: &'static str, rate: u32, args: &[&str]) -> Result<Row> {
    settle();
    let rate_text = rate.to_string();
    let out = output(
        Command::new(tools::cargo_bin().join("oha"))
            .args([
                "-z",
                SECONDS,
                "-q",
                &rate_text,
                "-c",
                "64",
                "--latency-correction",
                "--no-tui",
            ])
            .args(["--output-format", "json"])
            .args(args),
    )
    .ok_or(format!("oha failed on {what}"))?;
    let json: serde_json::Value = serde_json::from_str(&out).map_err(|e| e.to_string())?;
    let pct = |p: &str| json["latencyPercentiles"][p].as_f64().unwrap_or(f64::NAN) * 1000.0;
    let codes = &json["statusCodeDistribution"];
    let total: f64 = codes
        .as_object()
        .map(|m| m.values().filter_map(|v| v.as_f64()).sum())
        .unwrap_or(0.0);
    let ok: f64 = codes
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| k.starts_with('2'))
                .filter_map(|(_, v)| v.as_f64())
                .sum()
        })
        .unwrap_or(0.0);
    eprintln!("  {what} @ {rate}/s on {database}: done");
    Ok(Row {
        what,
        database,
        rate,
        achieved: json["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
        p50_ms: pct("p50"),
        p99_ms: pct("p99"),
        ok_share: if total > 0.0 { ok / total } else { 0.0 },
    })
}
