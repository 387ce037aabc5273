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
    let started = Arc::new(std::sync::OnceLock::<Instant>::new());
    let mut tasks = Vec::with_capacity(count);
    for _ in 0..count {
        let (client, url, cookie, wanted) =
            (client.clone(), url.clone(), target.cookie.clone(), wanted.clone());
        let (connected, started) = (connected.clone(), started.clone());
        tasks.push(tokio::spawn(async move {
            let response = client.get(&url).header("cookie", cookie).send().await;
            let ok = response.as_ref().is_ok_and(|r| r.status().is_success());
            connected.wait().await;
            let Ok(mut response) = response else {
                return (false, None);
            };
            if !ok {
                return (false, None);
            }
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
                                return (true, at);
                            }
                            // Keep only the tail: the match may straddle two chunks.
                            if seen.len() > 4096 {
                                seen.drain(..seen.len() - 512);
                            }
                        }
                        _ => return (true, None),
                    },
                    _ = &mut deadline => return (true, None),
                }
            }
        }));
        // Connecting 20,000 at once would only measure the accept queue: a few at a time.
        if tasks.len() % 500 == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    connected.wait().await;
    // Let the server settle (snapshots sent, buffers trimmed) before reading its memory.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after_kib = rss_kib(target.server_pid);
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
    for task in tasks {
        if let Ok((was_connected, delay)) = task.await {
            live += usize::from(was_connected);
            if let Some(d) = delay {
                delays.push(d.as_secs_f64() * 1000.0);
            }
        }
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
    })
}
