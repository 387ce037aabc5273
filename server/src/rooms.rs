//! Rooms: creation by managers (with every rule checked), the seat states of "now", free counts and
//! a day's availability for the booking screen.

use crate::audit::{self, NewEntry};
use crate::error::ApiError;
use crate::instances::Notice;
use crate::local_time::{day_bounds, end_of_day, local};
use crate::room_cache::{Layout, Lookup, Today};
use crate::state::AppState;
use crate::store::{BookingRecord, RoomEdit, RoomRecord, SeatRecord, UserRecord};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use studyroom_api::room::{
    Availability, Busy, LiveBoard, LiveSeat, NewRoom, Occupancy, SeatAvailability, SeatStatus,
    format_utc_offset, parse_utc_offset,
};
use studyroom_api::{BookingState, ErrorCode, Room, Seat, SeatState};

pub fn new_id() -> String {
    crate::accounts::new_id()
}

fn invalid(field: &'static str, message: &'static str) -> ApiError {
    ApiError::Invalid {
        code: ErrorCode::InvalidRoom,
        field,
        message,
    }
}

/// Checks a manager's room before anything is stored. `guesses_per_day` is the most wrong codes the
/// door throttle lets through in a day: the codes must be long enough for it (see
/// [`crate::codes::min_length`]).
pub fn parse_new_room(
    req: &NewRoom,
    now: DateTime<Utc>,
    guesses_per_day: u64,
) -> Result<(RoomRecord, Vec<SeatRecord>), ApiError> {
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(invalid("name", "a room needs a name of at most 60 characters"));
    }
    if req.address.chars().count() > 200 {
        return Err(invalid("address", "the address may have at most 200 characters"));
    }
    if req.verification.chars().count() > 200 {
        return Err(invalid(
            "verification",
            "where and when people get verified: at most 200 characters",
        ));
    }
    let utc_offset_secs = match req.utc_offset.as_deref() {
        None => crate::accounts::DISPLAY_OFFSET_SECS,
        Some(s) => parse_utc_offset(s).ok_or_else(|| invalid("utc_offset", "write the offset as +08:00"))?,
    };
    let mut rules = req.rules.unwrap_or_default();
    rules.validate().map_err(|_| {
        invalid(
            "rules",
            "slot must divide a day, bookings be whole slots, codes 8–12 digits, other limits 0–240",
        )
    })?;
    if req.seats.is_empty() || req.seats.len() > 500 {
        return Err(invalid("seats", "a room needs 1 to 500 seats"));
    }
    let needed = crate::codes::min_length(req.seats.len(), &rules, guesses_per_day);
    if req.rules.is_none() {
        // Left to us: as long as this room needs.
        rules.code_length = rules.code_length.max(needed);
    } else if rules.code_length < needed {
        return Err(invalid(
            "rules",
            "codes are too short for this many seats: a stranger could guess one (see the README's door arithmetic); use more digits",
        ));
    }
    let id = new_id();
    let seats = parse_seats(req, &id)?;
    let room = RoomRecord {
        id,
        name: name.to_owned(),
        address: req.address.trim().to_owned(),
        verification: req.verification.trim().to_owned(),
        utc_offset_secs,
        rules,
        created_at: now,
    };
    Ok((room, seats))
}

/// The seats of a room as a manager laid them out: labels unique, positions on the grid. A seat
/// that names an `id` keeps it (editing); the others get new ids.
fn parse_seats(req: &NewRoom, room_id: &str) -> Result<Vec<SeatRecord>, ApiError> {
    let mut labels = HashSet::new();
    let mut ids = HashSet::new();
    let mut seats = Vec::with_capacity(req.seats.len());
    for s in &req.seats {
        let label = s.label.trim();
        if label.is_empty() || label.chars().count() > 8 || !labels.insert(label.to_owned()) {
            return Err(invalid(
                "seats",
                "every seat needs its own label of at most 8 characters",
            ));
        }
        if !(0..=99).contains(&s.x) || !(0..=99).contains(&s.y) {
            return Err(invalid("seats", "seat positions are 0 to 99"));
        }
        let mut features = s.features.clone();
        features.sort_by_key(|f| f.as_str());
        features.dedup();
        let id = match &s.id {
            Some(id) if id.len() <= 64 && ids.insert(id.clone()) => id.clone(),
            Some(_) => return Err(invalid("seats", "a seat appears twice")),
            None => new_id(),
        };
        seats.push(SeatRecord {
            id,
            room_id: room_id.to_owned(),
            label: label.to_owned(),
            x: s.x,
            y: s.y,
            features,
        });
    }
    Ok(seats)
}

/// Saves a manager's edit of a room: its settings and its whole seat layout. Moving or removing a
/// seat with live bookings is refused (409 `seat_in_use`, naming the seat); the codes must stay
/// long enough for the new number of seats.
pub async fn update(
    state: &AppState,
    manager: &UserRecord,
    room_id: &str,
    req: &NewRoom,
) -> Result<RoomRecord, ApiError> {
    let old = find(state, room_id).await?;
    let now = state.clock.now();
    let (mut room, _) = parse_new_room(
        &NewRoom {
            rules: Some(req.rules.unwrap_or(old.rules)),
            ..req.clone()
        },
        now,
        state.door_guesses_per_day,
    )?;
    room.id = old.id.clone();
    room.created_at = old.created_at;
    let seats = parse_seats(req, &room.id)?;
    let audit = NewEntry::new(
        now,
        "room_edited",
        audit::user(&manager.id),
        format!(
            "room {} now {} seats, codes of {} digits",
            room.id,
            seats.len(),
            room.rules.code_length
        ),
    );
    let edit = state.store.update_room(&room, &seats, now, &audit).await?;
    forget_layout(state, &room.id);
    match edit {
        RoomEdit::Saved => Ok(room),
        RoomEdit::NoSuchRoom => Err(ApiError::NotFound),
        RoomEdit::NameTaken => Err(ApiError::Conflict {
            code: ErrorCode::InvalidRoom,
            message: "a room with this name exists already",
        }),
        RoomEdit::UnknownSeat => Err(invalid("seats", "a seat id that is not one of this room's seats")),
        RoomEdit::SeatInUse(label) => Err(ApiError::ConflictAbout {
            code: ErrorCode::SeatInUse,
            message: format!(
                "seat {label} has bookings that have not ended: it cannot be moved or removed now"
            ),
        }),
    }
}

pub async fn create(
    state: &AppState,
    manager: Option<&UserRecord>,
    req: &NewRoom,
) -> Result<RoomRecord, ApiError> {
    let (room, seats) = parse_new_room(req, state.clock.now(), state.door_guesses_per_day)?;
    let audit = NewEntry::new(
        room.created_at,
        "room_created",
        manager.map_or_else(|| "system".to_owned(), |m| audit::user(&m.id)),
        format!(
            "room {} with {} seats, codes of {} digits",
            room.id,
            seats.len(),
            room.rules.code_length
        ),
    );
    state
        .store
        .insert_room(&room, &seats, &audit)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::RoomNameTaken => ApiError::Conflict {
                code: ErrorCode::InvalidRoom,
                message: "a room with this name exists already",
            },
            other => other.into(),
        })?;
    Ok(room)
}

/// One seat now: its state, the booking that holds it (if any), and when a seat free now is next
/// booked later today. The one definition of "now" that occupancy, the event stream, free counts
/// and the live board all use.
pub struct SeatNow<'a> {
    pub state: SeatState,
    pub holder: Option<&'a BookingRecord>,
    pub next_start: Option<DateTime<Utc>>,
}

/// `bookings`: the seat's live bookings that touch the rest of today.
pub fn seat_now<'a>(bookings: &[&'a BookingRecord], now: DateTime<Utc>) -> SeatNow<'a> {
    // Someone inside or out for a while, or due and not yet in: a live booking begun by now.
    let holder = bookings
        .iter()
        .copied()
        .find(|b| b.state != BookingState::Upcoming || b.start <= now);
    let state = match holder.map(|b| b.state) {
        Some(BookingState::Active) => SeatState::Occupied,
        Some(BookingState::Away) => SeatState::Away,
        Some(_) => SeatState::Booked,
        None => SeatState::Free,
    };
    let next_start = match holder {
        Some(_) => None,
        None => bookings.iter().map(|b| b.start).filter(|s| *s > now).min(),
    };
    SeatNow {
        state,
        holder,
        next_start,
    }
}

fn status(seat_id: &str, now: &SeatNow<'_>, offset_secs: i32) -> SeatStatus {
    SeatStatus {
        seat_id: seat_id.to_owned(),
        state: now.state,
        next_start: now.next_start.map(|t| local(t, offset_secs)),
    }
}

/// The room as managers laid it out, from memory when nothing changed it (see `room_cache.rs`).
pub async fn layout(state: &AppState, id: &str) -> Result<Arc<Layout>, ApiError> {
    let generation = match state.room_cache.layout(id) {
        Lookup::Hit(layout) => return Ok(layout),
        Lookup::Miss(generation) => generation,
    };
    let room = state.store.room(id).await?.ok_or(ApiError::NotFound)?;
    let seats = state.store.seats(id).await?;
    let doors = state.store.doors_of_room(id).await?;
    let layout = Arc::new(Layout { room, seats, doors });
    state.room_cache.keep_layout(id, generation, Arc::clone(&layout));
    Ok(layout)
}

/// The room's live bookings that touch the rest of its local day, and the time "now" they answer
/// for; from memory when no booking of the room changed since they were read.
async fn rest_of_today(state: &AppState, room: &RoomRecord) -> Result<(DateTime<Utc>, Arc<Today>), ApiError> {
    let now = state.clock.now();
    let generation = match state.room_cache.today(&room.id, now) {
        Lookup::Hit(today) => return Ok((now, today)),
        Lookup::Miss(generation) => generation,
    };
    let until = end_of_day(now, room.utc_offset_secs);
    let bookings = state.store.live_bookings(&room.id, now, until).await?;
    let today = Arc::new(Today::new(bookings, now, until));
    state
        .room_cache
        .keep_today(&room.id, generation, Arc::clone(&today));
    Ok((now, today))
}

fn by_seat<'a>(
    bookings: impl Iterator<Item = &'a BookingRecord>,
) -> HashMap<&'a str, Vec<&'a BookingRecord>> {
    let mut map: HashMap<&str, Vec<&BookingRecord>> = HashMap::new();
    for b in bookings {
        map.entry(b.seat_id.as_str()).or_default().push(b);
    }
    map
}

/// Every seat's state now, and how many seats are free now.
pub async fn occupancy(state: &AppState, room: &RoomRecord) -> Result<(Vec<SeatStatus>, u32), ApiError> {
    let layout = layout(state, &room.id).await?;
    let (now, today) = rest_of_today(state, room).await?;
    let by_seat = by_seat(today.at(now));
    let statuses: Vec<SeatStatus> = layout
        .seats
        .iter()
        .map(|seat| {
            let mine = by_seat.get(seat.id.as_str()).map_or(&[][..], Vec::as_slice);
            status(&seat.id, &seat_now(mine, now), room.utc_offset_secs)
        })
        .collect();
    let free = statuses.iter().filter(|s| s.state == SeatState::Free).count();
    Ok((statuses, u32::try_from(free).unwrap_or(u32::MAX)))
}

/// The state of one seat now, for the event stream.
pub async fn seat_status(state: &AppState, room: &RoomRecord, seat_id: &str) -> Result<SeatStatus, ApiError> {
    let (now, today) = rest_of_today(state, room).await?;
    let mine: Vec<&BookingRecord> = today.at(now).filter(|b| b.seat_id == seat_id).collect();
    Ok(status(seat_id, &seat_now(&mine, now), room.utc_offset_secs))
}

/// Tells every open map of the room, on this instance and the others, that this seat changed.
/// Every write that changes a room's bookings ends here: that is also what keeps the kept bookings
/// of `room_cache.rs` true.
pub async fn publish_seat(state: &AppState, room_id: &str, seat_id: &str) {
    show_seat_change(state, room_id, seat_id).await;
    state.events.relay(Notice::Seat {
        room: room_id.to_owned(),
        seat: seat_id.to_owned(),
    });
}

/// The room, its seats or its doors changed: every instance reads its layout again.
pub fn forget_layout(state: &AppState, room_id: &str) {
    state.room_cache.forget_room(room_id);
    state.events.relay(Notice::Layout {
        room: room_id.to_owned(),
    });
}

/// [`publish_seat`] on this instance only (what another instance told it).
pub async fn show_seat_change(state: &AppState, room_id: &str, seat_id: &str) {
    state.room_cache.forget_bookings(room_id);
    let Ok(layout) = layout(state, room_id).await else {
        return;
    };
    match seat_status(state, &layout.room, seat_id).await {
        Ok(status) => state.events.publish(room_id, status),
        Err(e) => tracing::warn!(error = %e, "could not compute a seat change to publish"),
    }
}

pub fn to_wire(
    room: &RoomRecord,
    seats_total: u32,
    seats_free: u32,
    seats: Option<Vec<Seat>>,
    doors: Option<Vec<studyroom_api::booking::Door>>,
) -> Room {
    Room {
        id: room.id.clone(),
        name: room.name.clone(),
        address: room.address.clone(),
        verification: room.verification.clone(),
        utc_offset: format_utc_offset(room.utc_offset_secs),
        seats_total,
        seats_free,
        rules: room.rules,
        seats,
        doors,
    }
}

pub fn seat_to_wire(seat: &SeatRecord) -> Seat {
    Seat {
        id: seat.id.clone(),
        label: seat.label.clone(),
        x: seat.x,
        y: seat.y,
        features: seat.features.clone(),
    }
}

/// A room as members see it; `with_seats` adds its seats and the doors the app can open.
pub async fn describe(state: &AppState, room: &RoomRecord, with_seats: bool) -> Result<Room, ApiError> {
    let layout = layout(state, &room.id).await?;
    let seats = &layout.seats;
    let (_, free) = occupancy(state, room).await?;
    let total = u32::try_from(seats.len()).unwrap_or(u32::MAX);
    let doors = if with_seats {
        Some(
            layout
                .doors
                .iter()
                .filter(|d| d.screen)
                .map(|d| studyroom_api::booking::Door {
                    id: d.id.clone(),
                    name: d.name.clone(),
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(to_wire(
        room,
        total,
        free,
        with_seats.then(|| seats.iter().map(seat_to_wire).collect()),
        doors,
    ))
}

pub async fn occupancy_wire(state: &AppState, room: &RoomRecord) -> Result<Occupancy, ApiError> {
    let (seats, _) = occupancy(state, room).await?;
    Ok(Occupancy {
        at: local(state.clock.now(), room.utc_offset_secs),
        seats,
    })
}

/// What is taken on a local date, per seat (bookings crossing midnight show on both days).
pub async fn availability(
    state: &AppState,
    room: &RoomRecord,
    date: NaiveDate,
) -> Result<Availability, ApiError> {
    let (from, to) = day_bounds(date, room.utc_offset_secs);
    let layout = layout(state, &room.id).await?;
    let bookings = state.store.live_bookings(&room.id, from, to).await?;
    let seats = layout
        .seats
        .iter()
        .map(|seat| SeatAvailability {
            seat_id: seat.id.clone(),
            busy: bookings
                .iter()
                .filter(|b| b.seat_id == seat.id)
                .map(|b| Busy {
                    start: local(b.start, room.utc_offset_secs),
                    end: local(b.end, room.utc_offset_secs),
                })
                .collect(),
        })
        .collect();
    Ok(Availability {
        date: date.format("%Y-%m-%d").to_string(),
        seats,
    })
}

/// A seat that is not removed, with its room's layout: from memory when the seat's room is known
/// and its layout kept, else from the database (which teaches the cache the seat's room).
pub async fn seat(state: &AppState, seat_id: &str) -> Result<(Arc<Layout>, SeatRecord), ApiError> {
    if let Some(room_id) = state.room_cache.room_of_seat(seat_id) {
        let layout = layout(state, &room_id).await?;
        if let Some(seat) = layout.seats.iter().find(|s| s.id == seat_id).cloned() {
            return Ok((layout, seat));
        }
    }
    let seat = state.store.seat(seat_id).await?.ok_or(ApiError::NotFound)?;
    state.room_cache.learn_seat(&seat.id, &seat.room_id);
    Ok((layout(state, &seat.room_id).await?, seat))
}

pub async fn find(state: &AppState, id: &str) -> Result<RoomRecord, ApiError> {
    Ok(layout(state, id).await?.room.clone())
}

/// The manager's live board: every seat now, with who holds it, masked.
pub async fn live_board(state: &AppState, room: &RoomRecord) -> Result<LiveBoard, ApiError> {
    let layout = layout(state, &room.id).await?;
    let seats = &layout.seats;
    let (now, today) = rest_of_today(state, room).await?;
    let l = |t| local(t, room.utc_offset_secs);
    let by_seat = by_seat(today.at(now));
    let nows: Vec<SeatNow<'_>> = seats
        .iter()
        .map(|seat| seat_now(by_seat.get(seat.id.as_str()).map_or(&[][..], Vec::as_slice), now))
        .collect();
    // Everyone who holds a seat, read in one query.
    let holders: Vec<&str> = nows
        .iter()
        .filter_map(|n| n.holder)
        .map(|b| b.user_id.as_str())
        .collect();
    let people: HashMap<String, UserRecord> = state
        .store
        .users_by_ids(&holders)
        .await?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    let mut headcount = 0;
    let mut out = Vec::with_capacity(seats.len());
    for (seat, seat_now) in seats.iter().zip(&nows) {
        let holder = seat_now.holder;
        if seat_now.state == SeatState::Occupied {
            headcount += 1;
        }
        let occupant_masked = holder
            .and_then(|b| people.get(&b.user_id))
            .and_then(|u| crate::accounts::masked_name(&state.vault, u));
        out.push(LiveSeat {
            seat_id: seat.id.clone(),
            label: seat.label.clone(),
            state: seat_now.state,
            occupant_masked,
            since: holder.map(|b| l(b.checked_in_at.unwrap_or(b.start))),
            away_until: holder.and_then(|b| b.away_until).map(l),
        });
    }
    Ok(LiveBoard {
        at: l(now),
        headcount,
        seats: out,
    })
}
