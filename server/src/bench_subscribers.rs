//! `studyroom-server bench-subscribers` (hidden, for `cargo xtask bench --load`): holds many
//! subscribers to one room's event stream against a running server, reads what they cost the
//! server in memory (its resident set before and after, from /proc), then books a seat and times
//! how long the change takes to reach every subscriber. A client in Rust, because a Python asyncio
//! client on the same two cores measured itself more than the server.

use std::sync::Arc;
use std::time::{Duration, Instant};
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
    pub server_cpu_ms: f64,
    pub client_cpu_ms: f64,
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

/// CPU time (user and system) process `pid` has used, ms: `/proc/{pid}/stat`'s utime and stime, in
/// clock ticks (100 a second on Linux).
fn cpu_ms(pid: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // The command's name (in parentheses) may hold spaces: count fields after it.
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
            Some((ticks(11)? + ticks(12)?) * 10.0)
        })
        .unwrap_or(f64::NAN)
}

pub async fn run(target: Target, count: usize) -> Result<Outcome, String> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .map_err(|e| e.to_string())?;
    let rss_before_kib = rss_kib(target.server_pid);
    let url = format!("{}/api/rooms/{}/events", target.base, target.room);
    let wanted = format!("\"seat_id\":\"{}\",\"state\":\"booked\"", target.seat);
    // Everyone connected (or failed) before the change is made; then each waits for it.
    let connected = Arc::new(Barrier::new(count + 1));
    // Each subscriber tells what it saw as soon as it knows, then stays connected (as a phone
    // does) until all have told: hanging up at once put 19,500 closes inside the fan-out timed.
    let (told, mut tellings) = tokio::sync::mpsc::unbounded_channel::<(bool, Option<Duration>)>();
    let (all_told, hang_up) = tokio::sync::watch::channel(false);
    let started = Arc::new(std::sync::OnceLock::<Instant>::new());
    let mut tasks = Vec::with_capacity(count);
    for _ in 0..count {
        let (client, url, cookie, wanted) =
            (client.clone(), url.clone(), target.cookie.clone(), wanted.clone());
        let (connected, started) = (connected.clone(), started.clone());
        let (told, mut hang_up) = (told.clone(), hang_up.clone());
        tasks.push(tokio::spawn(async move {
            let outcome = subscribe(client, url, cookie, wanted, connected, started).await;
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
    let (server_cpu_before, client_cpu_before) = (cpu_ms(&server), cpu_ms("self"));
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
    let server_cpu_ms = cpu_ms(&server) - server_cpu_before;
    let client_cpu_ms = cpu_ms("self") - client_cpu_before;
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
        server_cpu_ms,
        client_cpu_ms,
    })
}

/// One subscriber: opens the stream, waits for everyone to be connected, then reads until the
/// change shows (or a minute passes). Says whether it was connected and how long after the change
/// it saw it; the response comes back with it, so that the connection stays open.
async fn subscribe(
    client: reqwest::Client,
    url: String,
    cookie: String,
    wanted: String,
    connected: Arc<Barrier>,
    started: Arc<std::sync::OnceLock<Instant>>,
) -> (bool, Option<Duration>, Option<reqwest::Response>) {
    let response = client.get(&url).header("cookie", cookie).send().await;
    connected.wait().await;
    let mut response = match response {
        Ok(r) if r.status().is_success() => r,
        _ => return (false, None, None),
    };
    let mut seen = String::new();
    let deadline = tokio::time::sleep(Duration::from_secs(60));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            chunk = response.chunk() => match chunk {
                Ok(Some(bytes)) => {
                    seen.push_str(&String::from_utf8_lossy(&bytes));
                    if seen.contains(&wanted) {
                        let at = started.get().map(|t| t.elapsed());
                        return (true, at, Some(response));
                    }
                    // Keep only the tail: the match may straddle two chunks.
                    if seen.len() > 4096 {
                        seen.drain(..seen.len() - 512);
                    }
                }
                _ => return (true, None, None),
            },
            _ = &mut deadline => return (true, None, Some(response)),
        }
    }
}
