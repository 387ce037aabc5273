//! The booking rules: who may book, which times, how a code is issued, and the life of a booking
//! (enter, step out, come back, check out, cancel). Every change is audited in the same
//! transaction and published to the room's live maps.

use crate::audit::{self, NewEntry};
use crate::codes;
use crate::error::ApiError;
use crate::local_time::{local, on_slot, slot_start};
use crate::rooms;
use crate::state::AppState;
use crate::store::{
    Attempt, BookingCursor, BookingRecord, Change, InsertOutcome, NewBookingRecord, RoomRecord, UserRecord,
};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use studyroom_api::booking::{BookingList, NewBooking, OpenDoorRequest};
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
    let (layout, seat) = rooms::seat(state, &req.seat_id).await?;
    let room = layout.room.clone();
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
                return with_code(state, &room, &record.as_inserted(&seat.label));
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
            InsertOutcome::NotAllowed => {
                // Their standing changed after the request began: say what it is now.
                let now_user = state
                    .store
                    .user_by_id(&user.id)
                    .await?
                    .ok_or(ApiError::Unauthenticated)?;
                may_book(&now_user, now)?;
                return Err(ApiError::ForbiddenBecause {
                    code: ErrorCode::Suspended,
                    message: "this account may not book right now",
                });
            }
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
        // The same deadline the time rules apply (see `ticker`), so the phone can say it as a time.
        check_in_by: (b.state == BookingState::Upcoming).then(|| {
            l(b.start.max(b.booked_at) + Duration::minutes(i64::from(room.rules.no_show_grace_minutes)))
        }),
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
    };
    let audit = NewEntry::new(
        now,
        kind,
        audit::user(&user.id),
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

fn presence_required() -> ApiError {
    ApiError::ForbiddenBecause {
        code: ErrorCode::PresenceRequired,
        message: "type the code the door's screen shows now",
    }
}

/// The app's "open door": the person proves they stand at the door by the presence code its kiosk
/// shows, and then it is a door grant in every way: entry (check-in or return), seat event,
/// webhook, audit. Wrong presence codes count against the person's own throttle.
pub async fn open_door(
    state: &AppState,
    user: &UserRecord,
    id: &str,
    req: &OpenDoorRequest,
) -> Result<(RoomRecord, BookingRecord), ApiError> {
    let (room, booking) = own(state, user, id).await?;
    let now = state.clock.now();
    if !booking.state.is_live() {
        return Err(invalid_state("this booking cannot do that in its current state"));
    }
    if now < booking.code_from || now >= booking.end {
        return Err(conflict(
            ErrorCode::OutsideWindow,
            "your code does not open the door at this time",
        ));
    }
    // Another room's door, a revoked one or one without a screen cannot show a code to prove
    // presence: the same answer as a wrong code, and it counts the same.
    let door = state
        .store
        .door(&req.door_id)
        .await?
        .filter(|d| d.room_id == room.id && d.screen);
    let key = state.vault.blind_index("presence", &user.id);
    let locks_until = match state
        .store
        .login_attempt(&key, now, &state.login_throttle)
        .await?
    {
        Attempt::Locked { until } => return Err(crate::accounts::too_many(until, now)),
        Attempt::Allowed { locks_until } => locks_until,
    };
    let door = match door {
        Some(d) if crate::presence::check(&state.vault, &d.id, now, &req.presence) => d,
        _ => {
            return Err(match locks_until {
                Some(until) => crate::accounts::too_many(until, now),
                None => presence_required(),
            });
        }
    };
    state.store.login_succeeded(&key).await?;
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
    let audit = NewEntry::new(
        now,
        "door_granted_in_app",
        audit::user(&user.id),
        format!(
            "door {} booking {} seat {}",
            door.id, booking.id, booking.seat_label
        ),
    );
    let changed = state
        .store
        .change_booking(&booking.id, &LIVE, &change, &audit)
        .await?
        .ok_or_else(|| invalid_state("this booking cannot do that in its current state"))?;
    rooms::publish_seat(state, &room.id, &booking.seat_id).await;
    crate::webhook::fire(state, &door, &booking.id, &booking.seat_label, now);
    Ok((room, changed))
}

/// How a page of bookings is asked for: `?cursor=` from the previous page, `?limit=` 1–100.
pub const PAGE_DEFAULT: u32 = 50;
pub const PAGE_MAX: u32 = 100;

fn cursor_of(b: &BookingRecord) -> String {
    format!("{}.{}", b.start.timestamp(), b.id)
}

pub fn parse_cursor(s: &str) -> Option<BookingCursor> {
    let (secs, id) = s.split_once('.')?;
    let start = DateTime::from_timestamp(secs.parse().ok()?, 0)?;
    (!id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| BookingCursor {
        start,
        id: id.to_owned(),
    })
}

/// A page of the person's bookings, newest first, each with its room's clock (rooms read once).
pub async fn list(
    state: &AppState,
    user: &UserRecord,
    before: Option<&BookingCursor>,
    limit: u32,
) -> Result<BookingList, ApiError> {
    let page = state.store.bookings_of_user(&user.id, before, limit + 1).await?;
    let more = page.len() > limit as usize;
    let page = &page[..page.len().min(limit as usize)];
    let rooms: HashMap<String, RoomRecord> = state
        .store
        .rooms()
        .await?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let bookings = page
        .iter()
        .map(|b| {
            rooms
                .get(&b.room_id)
                .map(|room| to_wire(room, b))
                .ok_or_else(|| ApiError::internal("a booking of a missing room"))
        })
        .collect::<Result<_, _>>()?;
    Ok(BookingList {
        bookings,
        next_cursor: more.then(|| page.last().map(cursor_of)).flatten(),
    })
}
