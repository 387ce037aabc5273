//! `studyroom-server bench-bookings` (hidden, for `cargo xtask bench --load`): many members booking
//! and cancelling at a fixed rate against a running server. oha sends one fixed request; a booking
//! needs a member, a seat and a time of its own and a cancel needs the booking it made, so this is a
//! client of its own. Latency is measured from when each request was due (latency-corrected, as oha
//! does), so a server that falls behind shows it.
//!
//! Each member books one random slot in the coming days, then cancels it on their next turn. Two
//! members may draw the same seat and slot: the 409s that follow (`seat_taken`) are expected and
//! counted apart from errors.

use chrono::{Datelike, Duration as Days, FixedOffset, TimeZone, Utc};
use rand::Rng;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use studyroom_api::id_number::check_char;

pub struct Target {
    pub base: String,
    pub room: String,
    /// A manager's session cookie (`name=value`), to verify the members this makes.
    pub manager_cookie: String,
}

pub struct Outcome {
    pub sent: usize,
    /// Due but not sent: every member was still waiting for their last answer.
    pub not_sent: usize,
    pub seconds: f64,
    pub ok: usize,
    pub conflicts: usize,
    pub other: usize,
    /// The statuses of `other` (0: no answer), with their counts.
    pub other_codes: Vec<(u16, usize)>,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

#[derive(Default)]
struct Member {
    cookie: String,
    busy: bool,
    booking: Option<String>,
}

const PASSWORD: &str = "bench password 1";

/// A made-up but valid resident ID number; `n` keeps them apart.
fn id_number(n: usize) -> String {
    let first17 = format!(
        "3101041998{:02}{:02}{:03}",
        1 + n % 12,
        1 + (n / 12) % 28,
        n % 1000
    );
    let bytes: [u8; 17] = first17.as_bytes().try_into().expect("17 digits");
    format!("{first17}{}", check_char(&bytes))
}

async fn get_json(client: &reqwest::Client, url: &str, cookie: &str) -> Result<Value, String> {
    let response = client
        .get(url)
        .header("cookie", cookie)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    response.json().await.map_err(|e| e.to_string())
}

async fn signed_up_member(
    client: &reqwest::Client,
    target: &Target,
    n: usize,
    salt: u32,
) -> Result<String, String> {
    let phone = format!("136{:04}{:04}", salt % 10_000, n);
    let body = json!({"phone": phone, "password": PASSWORD, "real_name": "陈小雨",
        "id_number": id_number(n + salt as usize), "consent": true});
    let r = client
        .post(format!("{}/api/auth/signup", target.base))
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !r.status().is_success() {
        return Err(format!("signup {n}: {}", r.status()));
    }
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .ok_or("no session cookie")?
        .to_owned();
    let me = get_json(client, &format!("{}/api/me", target.base), &cookie).await?;
    let id = me["user"]["id"].as_str().ok_or("no user id")?;
    let verified = client
        .post(format!("{}/api/admin/users/{id}/verify", target.base))
        .header("cookie", &target.manager_cookie)
        .json(&json!({"approve": true}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !verified.status().is_success() {
        return Err(format!("verify {n}: {}", verified.status()));
    }
    Ok(cookie)
}

/// What a random booking may be: the room's seats, slot, offset and how far ahead it books.
struct Shape {
    seats: Vec<String>,
    slot_minutes: i64,
    advance_days: i64,
    offset: FixedOffset,
}

impl Shape {
    fn random_booking(&self) -> Value {
        let mut rng = rand::thread_rng();
        let today = Utc::now().with_timezone(&self.offset).date_naive();
        // From tomorrow on: no slot is already past, whatever the time of day.
        let day = today + Days::days(rng.gen_range(1..self.advance_days.max(2)));
        let slots = 24 * 60 / self.slot_minutes;
        let midnight = self
            .offset
            .with_ymd_and_hms(day.year(), day.month(), day.day(), 0, 0, 0)
            .single()
            .expect("a fixed offset has one midnight");
        let start = midnight + Days::minutes(rng.gen_range(0..slots) * self.slot_minutes);
        let end = start + Days::minutes(self.slot_minutes);
        let seat = &self.seats[rng.gen_range(0..self.seats.len())];
        json!({"seat_id": seat, "start": start.to_rfc3339(), "end": end.to_rfc3339()})
    }
}

async fn shape(client: &reqwest::Client, target: &Target, cookie: &str) -> Result<Shape, String> {
    let room = get_json(
        client,
        &format!("{}/api/rooms/{}", target.base, target.room),
        cookie,
    )
    .await?;
    let room = &room["room"];
    let seats = room["seats"]
        .as_array()
        .ok_or("no seats")?
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    let offset = room["utc_offset"]
        .as_str()
        .and_then(studyroom_api::room::parse_utc_offset)
        .and_then(FixedOffset::east_opt)
        .ok_or("no offset")?;
    Ok(Shape {
        seats,
        slot_minutes: room["rules"]["slot_minutes"].as_i64().ok_or("no slot")?,
        advance_days: room["rules"]["advance_days"].as_i64().ok_or("no advance_days")?,
        offset,
    })
}

pub async fn run(target: Target, rate: u32, seconds: u32, members: usize) -> Result<Outcome, String> {
    let client = reqwest::Client::new();
    // Phones and ID numbers of this run differ from any earlier run's on the same database.
    let salt = rand::thread_rng().gen_range(0..10_000);
    let mut made = Vec::with_capacity(members);
    for chunk in (0..members).collect::<Vec<_>>().chunks(8) {
        let signups = chunk.iter().map(|n| signed_up_member(&client, &target, *n, salt));
        for cookie in futures_util::future::join_all(signups).await {
            made.push(Member {
                cookie: cookie?,
                ..Default::default()
            });
        }
    }
    let shape = Arc::new(shape(&client, &target, &made[0].cookie).await?);
    let members = Arc::new(made.into_iter().map(Mutex::new).collect::<Vec<_>>());
    let total = (rate * seconds) as usize;
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    let mut next = 0usize;
    // Due while every member still waited for an answer: the server is that far behind.
    let mut not_sent = 0;
    for i in 0..total {
        let due = started + Duration::from_secs_f64(i as f64 / f64::from(rate));
        tokio::time::sleep_until(due.into()).await;
        // The next member with nothing in flight (a member waits for their own answer).
        let Some(who) = (0..members.len())
            .map(|k| (next + k) % members.len())
            .find(|m| !members[*m].lock().expect("member").busy)
        else {
            not_sent += 1;
            continue;
        };
        next = who + 1;
        let (request, cancel) = {
            let mut m = members[who].lock().expect("member");
            m.busy = true;
            let request = match &m.booking {
                Some(id) => client
                    .post(format!("{}/api/bookings/{id}/cancel", target.base))
                    .json(&json!({})),
                None => client
                    .post(format!("{}/api/bookings", target.base))
                    .json(&shape.random_booking()),
            };
            (request.header("cookie", &m.cookie), m.booking.is_some())
        };
        let members = Arc::clone(&members);
        tasks.push(tokio::spawn(async move {
            let answer = request.send().await;
            let ms = due.elapsed().as_secs_f64() * 1000.0;
            let (status, made) = match answer {
                Ok(answer) => {
                    let status = answer.status().as_u16();
                    let body: Value = answer.json().await.unwrap_or_default();
                    (status, body["booking"]["id"].as_str().map(str::to_owned))
                }
                Err(_) => (0, None),
            };
            // The member is free again only once their booking (or its end) is noted.
            let mut m = members[who].lock().expect("member");
            match (cancel, status) {
                (true, 200..=299) => m.booking = None,
                (false, 201) => m.booking = made,
                _ => {}
            }
            m.busy = false;
            (status, ms)
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    let (mut ok, mut conflicts, mut other) = (0, 0, 0);
    let mut other_codes = std::collections::BTreeMap::new();
    for task in tasks {
        let (status, ms) = task.await.map_err(|e| e.to_string())?;
        match status {
            200..=299 => ok += 1,
            409 => conflicts += 1,
            _ => {
                other += 1;
                *other_codes.entry(status).or_insert(0usize) += 1;
            }
        }
        if ms.is_finite() {
            latencies.push(ms);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let pct = |p| crate::bench::percentile(&latencies, p);
    Ok(Outcome {
        sent: total - not_sent,
        not_sent,
        seconds,
        ok,
        conflicts,
        other,
        other_codes: other_codes.into_iter().collect(),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: latencies.last().copied().unwrap_or(f64::NAN),
    })
}
