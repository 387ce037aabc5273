//! The one error body every 4xx/5xx carries: `{"error": {"code", "message", "field"?}}`.
//! Clients switch on `code`, never on `message`.

use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes. A client built against an older list still decodes a newer
/// server's answer: unknown codes become [`ErrorCode::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidRequest,
    UnsupportedMediaType,
    PayloadTooLarge,
    NotFound,
    MethodNotAllowed,
    Unauthenticated,
    Forbidden,
    InvalidPhone,
    InvalidPassword,
    InvalidRealName,
    InvalidIdNumber,
    ConsentRequired,
    PhoneTaken,
    IdNumberTaken,
    BadCredentials,
    TooManyAttempts,
    InvalidState,
    ReasonRequired,
    NotVerified,
    Suspended,
    SeatTaken,
    OverlappingBooking,
    InvalidTime,
    TooLong,
    TooFarAhead,
    OutsideWindow,
    CodeInvalid,
    DoorLockedOut,
    InvalidRoom,
    /// 409: the seat editor tried to move or remove a seat that has live bookings.
    SeatInUse,
    /// 403: a state-changing request sent from another site.
    CrossSite,
    /// 403: the app's open door without the door's current presence code.
    PresenceRequired,
    /// 503: too many password checks at once; try again after `Retry-After`.
    ServerBusy,
    Internal,
    /// Any code this build does not know yet.
    #[serde(other)]
    Other,
}

impl ErrorCode {
    /// The snake_case string that goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::InvalidPhone => "invalid_phone",
            Self::InvalidPassword => "invalid_password",
            Self::InvalidRealName => "invalid_real_name",
            Self::InvalidIdNumber => "invalid_id_number",
            Self::ConsentRequired => "consent_required",
            Self::PhoneTaken => "phone_taken",
            Self::IdNumberTaken => "id_number_taken",
            Self::BadCredentials => "bad_credentials",
            Self::TooManyAttempts => "too_many_attempts",
            Self::InvalidState => "invalid_state",
            Self::ReasonRequired => "reason_required",
            Self::NotVerified => "not_verified",
            Self::Suspended => "suspended",
            Self::SeatTaken => "seat_taken",
            Self::OverlappingBooking => "overlapping_booking",
            Self::InvalidTime => "invalid_time",
            Self::TooLong => "too_long",
            Self::TooFarAhead => "too_far_ahead",
            Self::OutsideWindow => "outside_window",
            Self::CodeInvalid => "code_invalid",
            Self::DoorLockedOut => "door_locked_out",
            Self::InvalidRoom => "invalid_room",
            Self::SeatInUse => "seat_in_use",
            Self::CrossSite => "cross_site",
            Self::PresenceRequired => "presence_required",
            Self::ServerBusy => "server_busy",
            Self::Internal => "internal",
            Self::Other => "other",
        }
    }
}

/// The wire form of an error: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for machines (`code`, `field`) and for people (`message`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_snake_case_names() {
        for code in [
            ErrorCode::InvalidIdNumber,
            ErrorCode::TooManyAttempts,
            ErrorCode::PhoneTaken,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn an_unknown_code_from_a_newer_server_still_decodes() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"error":{"code":"brand_new","message":"x"}}"#).unwrap();
        assert_eq!(body.error.code, ErrorCode::Other);
        assert_eq!(body.error.field, None);
    }
}
