//! Bookings, access codes and the door, as on the wire.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    /// Booked, not entered yet.
    Upcoming,
    /// Entered (checked in), in the room.
    Active,
    /// Stepped out; the seat is held until `away_until`.
    Away,
    Completed,
    Cancelled,
    NoShow,
}

impl BookingState {
    pub const ALL: [BookingState; 6] = [
        Self::Upcoming,
        Self::Active,
        Self::Away,
        Self::Completed,
        Self::Cancelled,
        Self::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Active => "active",
            Self::Away => "away",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Still holds its seat (and its code, within the window).
    pub fn is_live(self) -> bool {
        matches!(self, Self::Upcoming | Self::Active | Self::Away)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    pub id: String,
    pub room_id: String,
    pub seat_id: String,
    pub seat_label: String,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub end: DateTime<FixedOffset>,
    pub state: BookingState,
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::rfc3339::optional_time")
    )]
    pub checked_in_at: Option<DateTime<FixedOffset>>,
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::rfc3339::optional_time")
    )]
    pub away_until: Option<DateTime<FixedOffset>>,
    /// An upcoming booking lapses (no-show) unless entered by then: `max(start, booked_at)` plus
    /// the room's grace. Only the server knows when it was booked, so it says when that is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::rfc3339::optional_time")
    )]
    pub check_in_by: Option<DateTime<FixedOffset>>,
}

/// The digits that open the door, and when they do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessCode {
    pub code: String,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub valid_from: DateTime<FixedOffset>,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub valid_until: DateTime<FixedOffset>,
}

/// `POST /api/bookings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBooking {
    pub seat_id: String,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub end: DateTime<FixedOffset>,
}

/// A booking with its code (`None` once revoked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingWithCode {
    pub booking: Booking,
    pub access_code: Option<AccessCode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingResponse {
    pub booking: Booking,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingList {
    pub bookings: Vec<Booking>,
    /// Pass as `?cursor=` for the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `POST /api/bookings/{id}/open-door`: the door to open and the presence code its kiosk shows now,
/// which proves the person stands at that door.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenDoorRequest {
    pub door_id: String,
    pub presence: String,
}

/// `POST /api/bookings/{id}/open-door`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenDoorResponse {
    pub granted: bool,
}

/// `POST /api/doors/{id}/unlock`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnlockRequest {
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnlockResponse {
    pub granted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat_label: Option<String>,
}

/// `POST /api/admin/rooms/{id}/doors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDoor {
    pub name: String,
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// Whether the door has a kiosk screen that shows a presence code. Only such doors can be
    /// opened from the app; a bare keypad or lock controller takes access codes alone.
    #[serde(default = "yes")]
    pub screen: bool,
}

fn yes() -> bool {
    true
}

/// A door as members see it: the ones with a screen are listed with their room, for the app's
/// "open door".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Door {
    pub id: String,
    pub name: String,
}

/// A door as managers see it (`GET /api/admin/rooms/{id}/doors`); never its token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorInfo {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    pub screen: bool,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub created_at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorList {
    pub doors: Vec<DoorInfo>,
}

/// `POST /api/admin/doors/{id}/rotate-token`: the new token, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorToken {
    pub token: String,
}

/// `GET /api/doors/{id}/presence`: the code the door's kiosk shows now (6 digits, a new one every
/// 30 s), and when it stops being the current one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    pub code: String,
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::rfc3339::time"))]
    pub valid_until: DateTime<FixedOffset>,
}

/// The door and its token, shown this once (and the secret that signs its webhook calls, when it
/// has a webhook).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorCreated {
    pub door: Door,
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
}

/// `PATCH /api/admin/doors/{id}`: what to change. `webhook_url: null` removes the webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DoorUpdate {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub webhook_url: Option<Option<String>>,
    #[serde(default)]
    pub screen: Option<bool>,
}

/// A field that is present (even as `null`) is `Some`; an absent one stays `None` by `default`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// The door after a change, and its webhook secret when this change gave it one (shown once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorUpdated {
    pub door: DoorInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
}

/// `POST /api/admin/doors/{id}/test-webhook`: what the lock controller answered to a signed test
/// delivery (`"test": true` in its body, so a receiver can tell it from a real grant).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookTest {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub millis: u64,
}
