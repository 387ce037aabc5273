//! A large, realistic history for benchmarks (`studyroom-server bench-seed`): rooms of seats,
//! verified members and a year of past bookings, written in big transactions straight to the
//! tables. Never used by the running service.

use super::{SqliteStore, secs};
use crate::store::{NewUser, StoreResult};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// What to make.
#[derive(Debug, Clone, Copy)]
pub struct SeedSize {
    pub rooms: usize,
    pub seats: usize,
    pub bookings: usize,
}

impl SqliteStore {
    /// Rooms named `bench-0001…` with `seats` seats each, and `bookings` past bookings spread over
    /// the year before `now` among `members` (already inserted). Deterministic for a given size.
    pub async fn seed_history(
        &self,
        size: SeedSize,
        members: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<String>> {
        let mut rng = StdRng::seed_from_u64(20261127);
        let mut tx = self.writes.begin().await?;
        let mut rooms = Vec::with_capacity(size.rooms);
        let mut seats: Vec<(String, String)> = Vec::with_capacity(size.rooms * size.seats);
        for r in 0..size.rooms {
            let room_id = format!("{:032x}", 0xbe_0000_0000u64 + r as u64);
            sqlx::query(
                "INSERT INTO rooms (id, name, address, utc_offset_secs, slot_minutes, max_booking_minutes, advance_days, \
                 early_entry_minutes, no_show_grace_minutes, leave_minutes, code_length, created_at) \
                 VALUES (?, ?, '', 28800, 30, 240, 3, 15, 15, 30, 9, ?)",
            )
            .bind(&room_id)
            .bind(format!("bench-{:04}", r + 1))
            .bind(secs(now - Duration::days(400)))
            .execute(&mut *tx)
            .await?;
            for s in 0..size.seats {
                let seat_id = format!("{:032x}", 0x5ea7_0000_0000u64 + (r * size.seats + s) as u64);
                sqlx::query(
                    "INSERT INTO seats (id, room_id, label, x, y, features) VALUES (?, ?, ?, ?, ?, '')",
                )
                .bind(&seat_id)
                .bind(&room_id)
                .bind(format!("S{}", s + 1))
                .bind((s % 10) as i64)
                .bind((s / 10) as i64)
                .execute(&mut *tx)
                .await?;
                seats.push((seat_id, room_id.clone()));
            }
            rooms.push(room_id);
        }
        tx.commit().await?;
        // Bookings: each seat walks forward through the year with gaps, so none overlap.
        let per_seat = size.bookings.div_ceil(seats.len().max(1));
        let year = Duration::days(365).num_seconds();
        let start_of_year = secs(now) - year;
        let mut made = 0usize;
        let mut tx = self.writes.begin().await?;
        'seats: for (i, (seat_id, room_id)) in seats.iter().enumerate() {
            let step = year / per_seat.max(1) as i64;
            for k in 0..per_seat {
                if made == size.bookings {
                    break 'seats;
                }
                let start = (start_of_year + k as i64 * step + rng.gen_range(0..step / 4)) / 1800 * 1800;
                let end = start + 1800 * rng.gen_range(2..=8);
                let roll: u32 = rng.gen_range(0..100);
                let (state, checked_in, ended) = match roll {
                    0..=84 => (
                        "completed",
                        Some(start + rng.gen_range(0..900)),
                        Some(end - rng.gen_range(0..1800)),
                    ),
                    85..=94 => ("no_show", None, Some(start + 900)),
                    _ => ("cancelled", None, Some(start - 3600)),
                };
                let user = &members[(i * 7 + k * 13) % members.len()];
                sqlx::query(
                    "INSERT INTO bookings (id, room_id, seat_id, user_id, start_at, end_at, booked_at, state, checked_in_at, \
                     ended_at, code_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(format!("{:016x}{:016x}", i, k))
                .bind(room_id)
                .bind(seat_id)
                .bind(user)
                .bind(start)
                .bind(end)
                .bind(start - 86_400)
                .bind(state)
                .bind(checked_in)
                .bind(ended)
                .bind(start - 900)
                .execute(&mut *tx)
                .await?;
                made += 1;
                if made.is_multiple_of(20_000) {
                    tx.commit().await?;
                    tx = self.writes.begin().await?;
                }
            }
        }
        tx.commit().await?;
        Ok(rooms)
    }

    /// Verified members in one transaction (they share one password hash: hashing each would take
    /// minutes and measures nothing).
    pub async fn seed_members(&self, users: &[NewUser]) -> StoreResult<()> {
        let mut tx = self.writes.begin().await?;
        for u in users {
            sqlx::query(
                "INSERT INTO users (id, role, status, phone_index, phone_enc, real_name_enc, id_number_index, \
                 id_number_enc, password_hash, created_at) VALUES (?, 'member', 'verified', ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&u.id)
            .bind(&u.phone_index)
            .bind(&u.phone_enc)
            .bind(&u.real_name_enc)
            .bind(&u.id_number_index)
            .bind(&u.id_number_enc)
            .bind(&u.password_hash)
            .bind(secs(u.created_at))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
