//! Rooms, their seats and their rules, as on the wire.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// What a seat offers; shown as small icons and words on the seat map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatFeature {
    Window,
    Power,
    Accessible,
    Quiet,
    Lamp,
}

impl SeatFeature {
    pub const ALL: [SeatFeature; 5] = [
        Self::Window,
        Self::Power,
        Self::Accessible,
        Self::Quiet,
        Self::Lamp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Window => "window",
            Self::Power => "power",
            Self::Accessible => "accessible",
            Self::Quiet => "quiet",
            Self::Lamp => "lamp",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A seat at a position of the room's grid (x to the right, y down; one unit is one seat).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seat {
    pub id: String,
    pub label: String,
    pub x: i32,
    pub y: i32,
    #[serde(default)]
    pub features: Vec<SeatFeature>,
}

/// How a room runs. The defaults are the contract's.
///
/// The server refuses a rule it does not know; the browser apps read rooms whatever a newer server
/// adds (serde-wasm-bindgen never showed them unknown keys; the apps' own JSON reader does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct Rules {
    pub slot_minutes: u32,
    pub max_booking_minutes: u32,
    pub advance_days: u32,
    pub early_entry_minutes: u32,
    pub no_show_grace_minutes: u32,
    pub leave_minutes: u32,
    pub code_length: u32,
    /// This many counting violations (0: never)…
    pub auto_suspend_violations: u32,
    /// …within this many days…
    pub auto_suspend_within_days: u32,
    /// …suspend booking for this many days.
    pub auto_suspend_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            slot_minutes: 30,
            max_booking_minutes: 240,
            advance_days: 3,
            early_entry_minutes: 15,
            no_show_grace_minutes: 15,
            leave_minutes: 30,
            code_length: 8,
            auto_suspend_violations: 3,
            auto_suspend_within_days: 30,
            auto_suspend_days: 7,
        }
    }
}

/// Why a room's rules were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesError {
    /// `slot_minutes` must divide a day (5, 10, 15, 20, 30, 60…).
    Slot,
    /// `max_booking_minutes` must be a positive multiple of the slot, at most a day.
    MaxBooking,
    /// `advance_days` 0–30, `early_entry_minutes`, `no_show_grace_minutes` and `leave_minutes` 0–240;
    /// automatic suspension after 0–20 violations within 1–365 days, for 1–90 days.
    Range,
    /// Codes must have 8 to 12 digits: shorter ones are guessable at the door (see the README); the
    /// server may ask for more in a big room.
    CodeLength,
}

impl Rules {
    pub fn validate(&self) -> Result<(), RulesError> {
        if !(5..=240).contains(&self.slot_minutes) || !1440u32.is_multiple_of(self.slot_minutes) {
            return Err(RulesError::Slot);
        }
        if self.max_booking_minutes == 0
            || self.max_booking_minutes > 1440
            || !self.max_booking_minutes.is_multiple_of(self.slot_minutes)
        {
            return Err(RulesError::MaxBooking);
        }
        let minutes = [
            self.early_entry_minutes,
            self.no_show_grace_minutes,
            self.leave_minutes,
        ];
        if self.advance_days > 30 || minutes.iter().any(|m| *m > 240) {
            return Err(RulesError::Range);
        }
        if !(8..=12).contains(&self.code_length) {
            return Err(RulesError::CodeLength);
        }
        if self.auto_suspend_violations > 20
            || !(1..=365).contains(&self.auto_suspend_within_days)
            || !(1..=90).contains(&self.auto_suspend_days)
        {
            return Err(RulesError::Range);
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Room {
    pub id: String,
    pub name: String,
    pub address: String,
    /// Where and when a manager checks people's ID cards, and what to bring, in the manager's
    /// words (`社区服务站一楼，周一至周五 9:00–17:00，带身份证`); shown to people waiting.
    #[serde(default)]
    pub verification: String,
    /// `+08:00`: the room's clock for slots and "today".
    pub utc_offset: String,
    pub seats_total: u32,
    pub seats_free: u32,
    pub rules: Rules,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<Vec<Seat>>,
    /// The room's doors that have a kiosk screen (with `seats`, in `GET /api/rooms/{id}`): the app's
    /// "open door" asks for the presence code one of them shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doors: Option<Vec<crate::booking::Door>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomList {
    pub rooms: Vec<Room>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomResponse {
    pub room: Room,
}

/// A seat's state now, for maps and live boards. Never colour alone on screen: each has a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatState {
    /// Nobody holds it now (it may be booked later: see `SeatStatus::next_start`).
    Free,
    /// Held now by a booking whose person has not come in yet.
    Booked,
    Occupied,
    Away,
}

impl SeatState {
    /// The snake_case word on the wire (also handy as a CSS class).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Free => "free",
            Self::Booked => "booked",
            Self::Occupied => "occupied",
            Self::Away => "away",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatStatus {
    pub seat_id: String,
    /// The state now.
    pub state: SeatState,
    /// When a seat that is free now is next booked, later in the room's day (the map draws it
    /// dotted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::rfc3339::optional_time")
    )]
    pub next_start: Option<DateTime<FixedOffset>>,
}

/// `GET /api/rooms/{id}/occupancy`, and the data of each `seat` server-sent event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occupancy {
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub at: DateTime<FixedOffset>,
    pub seats: Vec<SeatStatus>,
}

/// One seat on the manager's live board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveSeat {
    pub seat_id: String,
    pub label: String,
    pub state: SeatState,
    /// `张*明`: who holds the seat now (occupied, away, or booked and not yet in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupant_masked: Option<String>,
    /// Since when: the check-in, or the booking's start when not in yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::rfc3339::optional_time")
    )]
    pub since: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::rfc3339::optional_time")
    )]
    pub away_until: Option<DateTime<FixedOffset>>,
}

/// `GET /api/admin/rooms/{id}/live`: who is inside now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveBoard {
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub at: DateTime<FixedOffset>,
    /// People in the room now (stepped-out ones are not).
    pub headcount: u32,
    pub seats: Vec<LiveSeat>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Busy {
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub end: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatAvailability {
    pub seat_id: String,
    pub busy: Vec<Busy>,
}

/// `GET /api/rooms/{id}/availability?date=YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Availability {
    pub date: String,
    pub seats: Vec<SeatAvailability>,
}

/// A seat of `POST /api/admin/rooms`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSeat {
    /// The seat being kept (moved, relabelled) when a room is edited; absent for a new seat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub label: String,
    pub x: i32,
    pub y: i32,
    #[serde(default)]
    pub features: Vec<SeatFeature>,
}

/// `POST /api/admin/rooms`, and `PUT /api/admin/rooms/{id}` (the whole room: its settings, and its
/// seats, where a seat with an `id` is kept and one left out is removed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRoom {
    pub name: String,
    #[serde(default)]
    pub address: String,
    /// Where, when and with what people get verified (at most 200 characters).
    #[serde(default)]
    pub verification: String,
    #[serde(default)]
    pub utc_offset: Option<String>,
    #[serde(default)]
    pub rules: Option<Rules>,
    pub seats: Vec<NewSeat>,
}

/// Parses `+08:00` / `-05:30` into seconds east of UTC.
pub fn parse_utc_offset(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 6 || b[3] != b':' || !matches!(b[0], b'+' | b'-') {
        return None;
    }
    let h: i32 = s.get(1..3)?.parse().ok()?;
    let m: i32 = s.get(4..6)?.parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    let secs = h * 3600 + m * 60;
    Some(if b[0] == b'-' { -secs } else { secs })
}

/// Seconds east of UTC → `+08:00`.
pub fn format_utc_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_are_valid_and_odd_ones_are_not() {
        assert!(Rules::default().validate().is_ok());
        let bad = |f: fn(&mut Rules)| {
            let mut r = Rules::default();
            f(&mut r);
            r.validate()
        };
        assert_eq!(bad(|r| r.slot_minutes = 7), Err(RulesError::Slot));
        assert_eq!(bad(|r| r.max_booking_minutes = 45), Err(RulesError::MaxBooking));
        assert_eq!(bad(|r| r.advance_days = 31), Err(RulesError::Range));
        assert_eq!(bad(|r| r.code_length = 6), Err(RulesError::CodeLength));
    }

    #[test]
    fn offsets_round_trip() {
        assert_eq!(parse_utc_offset("+08:00"), Some(28_800));
        assert_eq!(parse_utc_offset("-05:30"), Some(-19_800));
        assert_eq!(parse_utc_offset("08:00"), None);
        assert_eq!(parse_utc_offset("+15:00"), None);
        assert_eq!(format_utc_offset(28_800), "+08:00");
        assert_eq!(format_utc_offset(-19_800), "-05:30");
    }

    #[test]
    fn partial_rules_take_the_defaults() {
        let r: Rules = serde_json::from_str(r#"{"slot_minutes": 60, "max_booking_minutes": 180}"#).unwrap();
        assert_eq!(r.slot_minutes, 60);
        assert_eq!(r.code_length, 8);
    }
}

/// `GET /api/welcome`, the one answer for visitors who are not signed in: what the rooms are and
/// where, so the first screen can say it before anyone shares a phone number. Nothing live (no
/// seats, no occupancy) and no ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Welcome {
    pub rooms: Vec<WelcomeRoom>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WelcomeRoom {
    pub name: String,
    pub address: String,
    /// Where and when people get verified, as [`Room::verification`].
    pub verification: String,
}
