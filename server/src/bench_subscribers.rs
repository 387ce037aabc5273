//! `studyroom-server bench-subscribers` (hidden, for `cargo xtask bench --load`): holds many
//! subscribers to one room's event stream against a running server, reads what they cost the
//! server in memory (its resident set before and after, from /proc), then books a seat and times
//! how long the change takes to reach every subscriber. A client in Rust, because a Python asyncio
//! client on the same two cores measured itself more than the server.

use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Barrier;

/// What the bench needs to know of the running server.
pub struct Target {
    pub base: String,
    pub room: String,
    pub seat: String,
    /// A verified member's session cookie (`name=value`).
    pub cookie: String,
    /// The booking to make: `{seat_id, start, end}` as JSON.
    pub booking: String,
    pub server_pid: u32,
}

pub struct Outcome {
    pub subscribers: usize,
    pub connected: usize,
    pub rss_before_kib: u64,
    pub rss_after_kib: u64,
    pub reached: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// CPU time from the booking to the last subscriber reached: the server's, and this client's.
    pub server_cpu: Cpu,
    pub client_cpu: Cpu,
}

/// The resident set of process `pid`, KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time a process has used, ms: in its own code (user) and in the kernel's on its behalf
/// (system: for a server sending on loopback, that is both ends' TCP).
#[derive(Debug, Clone, Copy, Default)]
pub struct Cpu {
    pub user_ms: f64,
    pub system_ms: f64,
}

impl std::ops::Sub for Cpu {
    type Output = Cpu;
    fn sub(self, earlier: Cpu) -> Cpu {
        Cpu {
            user_ms: self.user_ms - earlier.user_ms,
            system_ms: self.system_ms - earlier.system_ms,
        }
    }
}

/// The CPU time process `pid` has used so far: `/proc/{pid}/stat`'s utime and stime, in clock
/// ticks (100 a second on Linux).
fn cpu(pid: &str) -> Cpu {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // The command's name (in parentheses) may hold spaces: count fields after it.
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ms = |i: usize| Some(fields.get(i)?.parse::<f64>().ok()? * 10.0);
            Some(Cpu {
                user_ms: ms(11)?,
                system_ms: ms(12)?,
            })
        })
        .unwrap_or(Cpu {
            user_ms: f64::NAN,
            system_ms: f64::NAN,
        })
}

pub async fn run(target: Target, count: usize) -> Result<Outcome, String> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .map_err(|e| e.to_string())?;
    let rss_before_kib = rss_kib(target.server_pid);
    let address = target
        .base
        .strip_prefix("http://")
        .ok_or("the bench speaks plain HTTP to the server")?
        .trim_end_matches('/');
    let head: Arc<str> = format!(
        "GET /api/rooms/{}/events HTTP/1.1\r\nHost: {address}\r\nCookie: {}\r\n\
         Accept: text/event-stream\r\n\r\n",
        target.room, target.cookie
    )
    .into();
    let address: Arc<str> = address.into();
    let wanted: Arc<str> = format!("\"seat_id\":\"{}\",\"state\":\"booked\"", target.seat).into();
    // Everyone connected (or failed) before the change is made; then each waits for it.
    let connected = Arc::new(Barrier::new(count + 1));
    // Each subscriber tells what it saw as soon as it knows, then stays connected (as a phone
    // does) until all have told: hanging up at once put 19,500 closes inside the fan-out timed.
    let (told, mut tellings) = tokio::sync::mpsc::unbounded_channel::<(bool, Option<Duration>)>();
    let (all_told, hang_up) = tokio::sync::watch::channel(false);
    let started = Arc::new(std::sync::OnceLock::<Instant>::new());
    let mut tasks = Vec::with_capacity(count);
    for _ in 0..count {
        let (address, head, wanted) = (address.clone(), head.clone(), wanted.clone());
        let (connected, started) = (connected.clone(), started.clone());
        let (told, mut hang_up) = (told.clone(), hang_up.clone());
        tasks.push(tokio::spawn(async move {
            let outcome = subscribe(address, head, wanted, connected, started).await;
            let _ = told.send((outcome.0, outcome.1));
            drop(told);
            let _ = hang_up.wait_for(|all| *all).await;
            drop(outcome);
        }));
        // Connecting 20,000 at once would only measure the accept queue: a few at a time.
        if tasks.len() % 500 == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    drop(told);
    connected.wait().await;
    // Let the server settle (snapshots sent, buffers trimmed) before reading its memory.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after_kib = rss_kib(target.server_pid);
    let server = target.server_pid.to_string();
    let (server_cpu_before, client_cpu_before) = (cpu(&server), cpu("self"));
    let _ = started.set(Instant::now());
    let booked = client
        .post(format!("{}/api/bookings", target.base))
        .header("cookie", &target.cookie)
        .header("content-type", "application/json")
        .body(target.booking.clone())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !booked.status().is_success() {
        return Err(format!(
            "the booking that makes the change failed: {}",
            booked.status()
        ));
    }
    let mut delays = Vec::with_capacity(count);
    let mut live = 0;
    // One telling from each (a task that failed drops its sender: then the channel ends early).
    for _ in 0..count {
        let Some((was_connected, delay)) = tellings.recv().await else {
            break;
        };
        live += usize::from(was_connected);
        if let Some(d) = delay {
            delays.push(d.as_secs_f64() * 1000.0);
        }
    }
    let server_cpu = cpu(&server) - server_cpu_before;
    let client_cpu = cpu("self") - client_cpu_before;
    let _ = all_told.send(true);
    for task in tasks {
        let _ = task.await;
    }
    delays.sort_by(f64::total_cmp);
    let pct = |p| crate::bench::percentile(&delays, p);
    Ok(Outcome {
        subscribers: count,
        connected: live,
        rss_before_kib,
        rss_after_kib,
        reached: delays.len(),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: delays.last().copied().unwrap_or(f64::NAN),
        server_cpu,
        client_cpu,
    })
}

/// One subscriber: opens the stream, waits for everyone to be connected, then reads until the
/// change shows (or a minute passes). Says whether it was connected and how long after the change
/// it saw it; the connection comes back with it, so that it stays open.
///
/// A bare connection rather than an HTTP client: a phone's EventSource is one connection reading
/// lines, and a client library's tasks and channels for each of 20,000 streams, on the same two
/// cores as the server, were as much CPU as the server's own fan-out (BENCHMARKS.md).
async fn subscribe(
    address: Arc<str>,
    head: Arc<str>,
    wanted: Arc<str>,
    connected: Arc<Barrier>,
    started: Arc<std::sync::OnceLock<Instant>>,
) -> (bool, Option<Duration>, Option<TcpStream>) {
    let opened = open(&address, &head).await;
    connected.wait().await;
    let Some((mut stream, mut seen)) = opened else {
        return (false, None, None);
    };
    let mut buffer = [0u8; 2048];
    let deadline = tokio::time::sleep(Duration::from_secs(60));
    tokio::pin!(deadline);
    loop {
        if memmem(&seen, wanted.as_bytes()) {
            let at = started.get().map(|t| t.elapsed());
            return (true, at, Some(stream));
        }
        // Only a tail that may hold the start of a match straddling two reads is looked at again.
        let keep = seen.len().min(wanted.len() - 1);
        seen.drain(..seen.len() - keep);
        tokio::select! {
            read = stream.read(&mut buffer) => match read {
                Ok(0) | Err(_) => return (true, None, None),
                Ok(n) => seen.extend_from_slice(&buffer[..n]),
            },
            _ = &mut deadline => return (true, None, Some(stream)),
        }
    }
}

/// Connects, asks for the stream and reads until its answer's head: the connection and what came
/// after the head, if the answer was 200.
async fn open(address: &str, head: &str) -> Option<(TcpStream, Vec<u8>)> {
    let mut stream = TcpStream::connect(address).await.ok()?;
    stream.write_all(head.as_bytes()).await.ok()?;
    let mut seen = Vec::with_capacity(1024);
    let mut buffer = [0u8; 1024];
    let end = loop {
        if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 || seen.len() > 16 * 1024 {
            return None;
        }
        seen.extend_from_slice(&buffer[..n]);
    };
    if !seen.starts_with(b"HTTP/1.1 200") {
        return None;
    }
    Some((stream, seen.split_off(end)))
}

fn memmem(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
