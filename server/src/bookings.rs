//! The booking rules: who may book, which times, how a code is issued, and the life of a booking
//! (enter, step out, come back, check out, cancel). Every change is audited in the same
//! transaction and published to the room's live maps.

use crate::audit::NewEntry;
use crate::codes;
use crate::error::ApiError;
use crate::local_time::{local, on_slot, slot_start};
use crate::rooms;
use crate::state::AppState;
use crate::store::{BookingRecord, Change, InsertOutcome, NewBookingRecord, RoomRecord, UserRecord};
use chrono::{DateTime, Duration, Utc};
use studyroom_api::booking::NewBooking;
use studyroom_api::{AccessCode, Booking, BookingState, BookingWithCode, ErrorCode, UserStatus};

const LIVE: [BookingState; 3] = [BookingState::Upcoming, BookingState::Active, BookingState::Away];

fn unprocessable(code: ErrorCode, field: &'static str, message: &'static str) -> ApiError {
    ApiError::Unprocessable { code, field, message }
}

fn conflict(code: ErrorCode, message: &'static str) -> ApiError {
    ApiError::Conflict { code, message }
}

/// Verified and not suspended, or the reason why not.
pub fn may_book(user: &UserRecord, now: DateTime<Utc>) -> Result<(), ApiError> {
    let suspended = user.status == UserStatus::Suspended || user.suspended_until.is_some_and(|u| u > now);
    if suspended {
        return Err(ApiError::ForbiddenBecause {
            code: ErrorCode::Suspended,
            message: "this account is suspended",
        });
    }
    if user.status != UserStatus::Verified {
        return Err(ApiError::ForbiddenBecause {
            code: ErrorCode::NotVerified,
            message: "a manager has to verify your identity before you can book",
        });
    }
    Ok(())
}

/// Checks the times of a new booking against the room's rules.
pub fn check_times(
    room: &RoomRecord,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let rules = &room.rules;
    let slot = rules.slot_minutes;
    let aligned =
        on_slot(local(start, room.utc_offset_secs), slot) && on_slot(local(end, room.utc_offset_secs), slot);
    if !aligned || end <= start {
        return Err(unprocessable(
            ErrorCode::InvalidTime,
            "start",
            "start and end must be slot boundaries, end after start",
        ));
    }
    if start < slot_start(now, room.utc_offset_secs, slot) {
        return Err(unprocessable(
            ErrorCode::InvalidTime,
            "start",
            "that time has passed",
        ));
    }
    if end - start > Duration::minutes(i64::from(rules.max_booking_minutes)) {
        return Err(unprocessable(
            ErrorCode::TooLong,
            "end",
            "longer than this room allows",
        ));
    }
    if start > now + Duration::days(i64::from(rules.advance_days)) {
        return Err(unprocessable(
            ErrorCode::TooFarAhead,
            "start",
            "too far ahead for this room",
        ));
    }
    Ok(())
}

/// Books a seat and issues its code.
pub async fn create(
    state: &AppState,
    user: &UserRecord,
    req: &NewBooking,
) -> Result<BookingWithCode, ApiError> {
    let now = state.clock.now();
    may_book(user, now)?;
    let seat = state.store.seat(&req.seat_id).await?.ok_or(ApiError::NotFound)?;
    let room = rooms::find(state, &seat.room_id).await?;
    let (start, end) = (req.start.with_timezone(&Utc), req.end.with_timezone(&Utc));
    check_times(&room, start, end, now)?;
    let id = rooms::new_id();
    let code_from = start - Duration::minutes(i64::from(room.rules.early_entry_minutes));
    let audit = NewEntry::new(
        now,
        "booking_created",
        format!("user:{}", user.id),
        format!(
            "booking {id} seat {} {}–{}",
            seat.label,
            start.to_rfc3339(),
            end.to_rfc3339()
        ),
    );
    // A clash with another live code of the room is rare (30 live codes among 10^8); draw again.
    for _ in 0..8 {
        let code = codes::generate(room.rules.code_length);
        let record = NewBookingRecord {
            id: id.clone(),
            room_id: room.id.clone(),
            seat_id: seat.id.clone(),
            user_id: user.id.clone(),
            start,
            end,
            booked_at: now,
            code_from,
            code_index: codes::index(&state.vault, &room.id, &code),
            code_enc: state.vault.encrypt(&codes::context(&id), &code),
        };
        match state.store.insert_booking(&record, &audit).await? {
            InsertOutcome::Inserted => {
                rooms::publish_seat(state, &room.id, &seat.id).await;
                let booking = state
                    .store
                    .booking(&id)
                    .await?
                    .ok_or_else(|| ApiError::internal("booking vanished"))?;
                return with_code(state, &room, &booking);
            }
            InsertOutcome::SeatTaken => {
                return Err(conflict(
                    ErrorCode::SeatTaken,
                    "someone just took this seat; pick another",
                ));
            }
            InsertOutcome::Overlapping => {
                return Err(conflict(
                    ErrorCode::OverlappingBooking,
                    "you already have a booking at that time",
                ));
            }
            InsertOutcome::CodeClash => continue,
        }
    }
    Err(ApiError::internal("could not draw a unique access code"))
}

pub fn to_wire(room: &RoomRecord, b: &BookingRecord) -> Booking {
    let l = |t: DateTime<Utc>| local(t, room.utc_offset_secs);
    Booking {
        id: b.id.clone(),
        room_id: b.room_id.clone(),
        seat_id: b.seat_id.clone(),
        seat_label: b.seat_label.clone(),
        start: l(b.start),
        end: l(b.end),
        state: b.state,
        checked_in_at: b.checked_in_at.map(l),
        away_until: b.away_until.map(l),
    }
}

/// The booking with its code, decrypted for its owner (`None` once revoked).
pub fn with_code(
    state: &AppState,
    room: &RoomRecord,
    b: &BookingRecord,
) -> Result<BookingWithCode, ApiError> {
    let access_code = match &b.code_enc {
        Some(enc) if b.state.is_live() => Some(AccessCode {
            code: state.vault.decrypt(&codes::context(&b.id), enc)?,
            valid_from: local(b.code_from, room.utc_offset_secs),
            valid_until: local(b.end, room.utc_offset_secs),
        }),
        _ => None,
    };
    Ok(BookingWithCode {
        booking: to_wire(room, b),
        access_code,
    })
}

/// One of the caller's own bookings; anyone else's is "not found".
pub async fn own(
    state: &AppState,
    user: &UserRecord,
    id: &str,
) -> Result<(RoomRecord, BookingRecord), ApiError> {
    let booking = state
        .store
        .booking(id)
        .await?
        .filter(|b| b.user_id == user.id)
        .ok_or(ApiError::NotFound)?;
    let room = rooms::find(state, &booking.room_id).await?;
    Ok((room, booking))
}

/// The actions a person takes on their booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Cancel,
    Checkout,
    Leave,
    /// "Open door" in the app: counts as entry (check-in, or return from away).
    OpenDoor,
}

fn invalid_state(message: &'static str) -> ApiError {
    conflict(ErrorCode::InvalidState, message)
}

/// Applies `action` to the caller's booking `id`.
pub async fn act(
    state: &AppState,
    user: &UserRecord,
    id: &str,
    action: Action,
) -> Result<(RoomRecord, BookingRecord), ApiError> {
    let (room, booking) = own(state, user, id).await?;
    let now = state.clock.now();
    let (from, change, kind): (&[BookingState], Change, &'static str) = match action {
        Action::Cancel => (
            &[BookingState::Upcoming],
            Change {
                to: Some(BookingState::Cancelled),
                revoke_code: true,
                ended_at: Some(now),
                ..Default::default()
            },
            "booking_cancelled",
        ),
        Action::Checkout => (
            &[BookingState::Active, BookingState::Away],
            Change {
                to: Some(BookingState::Completed),
                revoke_code: true,
                ended_at: Some(now),
                away_until: Some(None),
                ..Default::default()
            },
            "booking_checked_out",
        ),
        Action::Leave => {
            let hold = now + Duration::minutes(i64::from(room.rules.leave_minutes));
            (
                &[BookingState::Active],
                Change {
                    to: Some(BookingState::Away),
                    away_until: Some(Some(hold.min(booking.end))),
                    ..Default::default()
                },
                "booking_left",
            )
        }
        Action::OpenDoor => {
            if now < booking.code_from || now >= booking.end {
                return Err(conflict(
                    ErrorCode::OutsideWindow,
                    "your code does not open the door at this time",
                ));
            }
            let change = match booking.state {
                BookingState::Upcoming => Change {
                    to: Some(BookingState::Active),
                    checked_in_at: Some(now),
                    ..Default::default()
                },
                _ => Change {
                    to: Some(BookingState::Active),
                    away_until: Some(None),
                    ..Default::default()
                },
            };
            (&LIVE, change, "door_opened_in_app")
        }
    };
    let audit = NewEntry::new(
        now,
        kind,
        format!("user:{}", user.id),
        format!("booking {} seat {}", booking.id, booking.seat_label),
    );
    let changed = state
        .store
        .change_booking(&booking.id, from, &change, &audit)
        .await?
        .ok_or_else(|| invalid_state("this booking cannot do that in its current state"))?;
    rooms::publish_seat(state, &room.id, &booking.seat_id).await;
    Ok((room, changed))
}

/// Cancels every live booking of a person and revokes their codes (suspension, erasure).
pub async fn revoke_all(state: &AppState, user_id: &str, why: &'static str) -> Result<(), ApiError> {
    let now = state.clock.now();
    for b in state.store.live_bookings_of_user(user_id).await? {
        let to = if b.state == BookingState::Upcoming {
            BookingState::Cancelled
        } else {
            BookingState::Completed
        };
        let change = Change {
            to: Some(to),
            revoke_code: true,
            ended_at: Some(now),
            away_until: Some(None),
            ..Default::default()
        };
        let audit = NewEntry::new(
            now,
            "code_revoked",
            "system",
            format!("booking {} seat {}: {why}", b.id, b.seat_label),
        );
        if state
            .store
            .change_booking(&b.id, &LIVE, &change, &audit)
            .await?
            .is_some()
        {
            rooms::publish_seat(state, &b.room_id, &b.seat_id).await;
        }
    }
    Ok(())
}
