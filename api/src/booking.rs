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
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub state: BookingState,
    pub checked_in_at: Option<DateTime<FixedOffset>>,
    pub away_until: Option<DateTime<FixedOffset>>,
}

/// The digits that open the door, and when they do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessCode {
    pub code: String,
    pub valid_from: DateTime<FixedOffset>,
    pub valid_until: DateTime<FixedOffset>,
}

/// `POST /api/bookings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBooking {
    pub seat_id: String,
    pub start: DateTime<FixedOffset>,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Door {
    pub id: String,
    pub name: String,
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
