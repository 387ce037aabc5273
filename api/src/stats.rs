//! A room's statistics for a date range (`GET /api/admin/rooms/{id}/stats?from=&to=`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayStats {
    /// `YYYY-MM-DD` on the room's clock.
    pub date: String,
    pub bookings: u64,
    pub people: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatUse {
    pub seat_id: String,
    pub label: String,
    /// Hours someone sat there (check-in to leaving) in the range.
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomStats {
    pub from: String,
    pub to: String,
    /// `heatmap[weekday][hour]`: the fraction of the room's seat-hours used, weekday 0 = Monday,
    /// hours on the room's clock.
    pub heatmap: Vec<Vec<f64>>,
    /// The hour of the day (room's clock) with the most use, if any.
    pub peak_hour: Option<u32>,
    /// No-shows among bookings whose time has come (cancelled ones aside).
    pub no_show_rate: f64,
    pub avg_stay_minutes: f64,
    /// Bookings made for the range, cancelled ones aside.
    pub bookings: u64,
    pub unique_people: u64,
    pub per_day: Vec<DayStats>,
    /// The most used seats, most first (at most 10).
    pub busiest_seats: Vec<SeatUse>,
}
