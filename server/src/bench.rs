//! What `cargo xtask bench` asks of the server binary: a large history to measure against
//! (`bench-seed`), and the time of a year's statistics for one room (`bench-stats`). Timings live
//! here and in xtask, never in tests.

use crate::crypto::Vault;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{NewUser, SeedSize, SqliteStore};
use chrono::{Duration, Utc};
use studyroom_api::id_number::check_char;
use studyroom_api::{Role, UserStatus};

/// A valid resident ID number and a phone number for member `n`.
fn identity(n: usize) -> (String, String) {
    let first17 = format!("3101011990{:02}{:02}{:03}", 1 + n % 12, 1 + n % 28, n % 1000);
    let id = format!(
        "{first17}{}",
        check_char(first17.as_bytes().try_into().expect("17 digits"))
    );
    (id, format!("15{:09}", n))
}

/// Seeds `members` verified members and the rooms and bookings of `size`; returns the room ids.
pub async fn seed(
    store: &SqliteStore,
    vault: &Vault,
    size: SeedSize,
    members: usize,
) -> Result<Vec<String>, ApiError> {
    let now = Utc::now();
    let hash = crate::password::Hasher::new(1)
        .hash("bench password 1".into())
        .await?;
    let mut users = Vec::with_capacity(members);
    for n in 0..members {
        let id = format!("{:032x}", 0x0ae0_0000_0000u64 + n as u64);
        let (id_number, phone) = identity(n);
        let context = |c: &str| format!("users/{id}/{c}");
        users.push(NewUser {
            role: Role::Member,
            status: UserStatus::Verified,
            phone_index: vault.blind_index("phone", &phone),
            phone_enc: vault.encrypt(&context("phone"), &phone),
            real_name_enc: Some(vault.encrypt(&context("real_name"), "陈小雨")),
            id_number_index: Some(vault.blind_index("id_number", &format!("{id_number}-{n}"))),
            id_number_enc: Some(vault.encrypt(&context("id_number"), &id_number)),
            password_hash: hash.clone(),
            created_at: now - Duration::days(400),
            id,
        });
    }
    store.seed_members(&users).await?;
    let ids: Vec<String> = users.into_iter().map(|u| u.id).collect();
    Ok(store.seed_history(size, &ids, now).await?)
}

/// How long a year of statistics for the first bench room takes, in milliseconds (best of 3).
pub async fn time_stats(state: &AppState) -> Result<f64, ApiError> {
    let room = state
        .store
        .room_by_name("bench-0001")
        .await?
        .ok_or(ApiError::BadRequest("run bench-seed first"))?;
    let today = crate::local_time::local(state.clock.now(), room.utc_offset_secs).date_naive();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = std::time::Instant::now();
        crate::stats::room_stats(state, &room, today - Duration::days(364), today).await?;
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(best)
}

/// The `p` quantile (0–1) of `sorted` values, nearest rank; NaN when there are none. The load
/// clients (`bench_bookings.rs`, `bench_subscribers.rs`) report with it.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1))
        .copied()
        .unwrap_or(f64::NAN)
}
