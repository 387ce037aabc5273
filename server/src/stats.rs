//! A room's statistics for a date range: utilization by weekday and hour (the fraction of the
//! room's seat-hours someone sat in), peak hour, no-show rate, average stay, bookings and people per
//! day, busiest seats. The database does the grouping (see `store/sqlite/stats.rs`); this module
//! turns seconds into fractions on the room's clock.

use crate::error::ApiError;
use crate::local_time::day_bounds;
use crate::state::AppState;
use crate::store::RoomRecord;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use studyroom_api::stats::{DayStats, RoomStats, SeatUse};

/// The longest range one request may ask for.
pub const MAX_DAYS: i64 = 400;

/// `from`/`to` (`YYYY-MM-DD`, inclusive) on the room's clock; the last 30 days by default.
pub fn range(
    room: &RoomRecord,
    from: Option<&str>,
    to: Option<&str>,
    now: chrono::DateTime<Utc>,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let parse = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .filter(|d| (2000..=2200).contains(&d.year()))
            .ok_or(ApiError::BadRequest("dates are YYYY-MM-DD"))
    };
    let today = crate::local_time::local(now, room.utc_offset_secs).date_naive();
    let to = to
        .filter(|s| !s.is_empty())
        .map(parse)
        .transpose()?
        .unwrap_or(today);
    let from = from
        .filter(|s| !s.is_empty())
        .map(parse)
        .transpose()?
        .unwrap_or(to - Duration::days(29));
    if from > to || (to - from).num_days() >= MAX_DAYS {
        return Err(ApiError::BadRequest(
            "from must not be after to, and the range at most 400 days",
        ));
    }
    Ok((from, to))
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

pub async fn room_stats(
    state: &AppState,
    room: &RoomRecord,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<RoomStats, ApiError> {
    let offset = room.utc_offset_secs;
    let (start, _) = day_bounds(from, offset);
    let (_, end) = day_bounds(to, offset);
    let rows = state
        .store
        .room_stats(&room.id, start, end, offset, state.clock.now())
        .await?;
    let seats = state.store.seats(&room.id).await?.len().max(1) as f64;
    // How many times each weekday (Monday first) occurs in the range: each brings 24 hours.
    let mut days_per_weekday = [0u32; 7];
    let mut d = from;
    while d <= to {
        days_per_weekday[d.weekday().num_days_from_monday() as usize] += 1;
        d += Duration::days(1);
    }
    let mut heatmap = vec![vec![0.0; 24]; 7];
    let mut by_hour = [0i64; 24];
    for (sunday_first, hour, used) in rows.heat {
        let (wd, hour) = (((sunday_first + 6) % 7) as usize, (hour % 24) as usize);
        let capacity = f64::from(days_per_weekday[wd]) * seats * 3600.0;
        if capacity > 0.0 {
            heatmap[wd][hour] = round((used as f64 / capacity).min(1.0), 3);
        }
        by_hour[hour] += used;
    }
    let peak_hour = by_hour
        .iter()
        .enumerate()
        .filter(|(_, used)| **used > 0)
        .max_by_key(|(h, used)| (**used, std::cmp::Reverse(*h)))
        .map(|(h, _)| h as u32);
    let t = rows.totals;
    Ok(RoomStats {
        from: from.format("%Y-%m-%d").to_string(),
        to: to.format("%Y-%m-%d").to_string(),
        heatmap,
        peak_hour,
        no_show_rate: if t.decided == 0 {
            0.0
        } else {
            round(t.no_shows as f64 / t.decided as f64, 3)
        },
        avg_stay_minutes: if t.stays == 0 {
            0.0
        } else {
            round(t.stay_seconds as f64 / t.stays as f64 / 60.0, 1)
        },
        bookings: t.bookings,
        unique_people: t.people,
        per_day: rows
            .per_day
            .into_iter()
            .map(|(date, bookings, people)| DayStats {
                date,
                bookings,
                people,
            })
            .collect(),
        busiest_seats: rows
            .busiest
            .into_iter()
            .map(|(seat_id, label, used)| SeatUse {
                seat_id,
                label,
                hours: round(used as f64 / 3600.0, 1),
            })
            .collect(),
    })
}
