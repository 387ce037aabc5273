//! `GET /api/rooms…`: rooms, seat states now, a day's availability, and the live event stream.

use crate::error::ApiError;
use crate::rooms;
use crate::session::CurrentUser;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::response::sse::Event;
use chrono::NaiveDate;
use futures_util::future::Either;
use futures_util::stream::{self, StreamExt};
use serde::Deserialize;
use std::convert::Infallible;
use studyroom_api::room::{Availability, Occupancy, RoomList, RoomResponse};
use tokio_stream::wrappers::{BroadcastStream, WatchStream};

pub async fn list(State(state): State<AppState>, _me: CurrentUser) -> Result<axum::Json<RoomList>, ApiError> {
    let mut rooms = Vec::new();
    for room in state.store.rooms().await? {
        rooms.push(rooms::describe(&state, &room, false).await?);
    }
    Ok(axum::Json(RoomList { rooms }))
}

pub async fn show(
    State(state): State<AppState>,
    _me: CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::Json<RoomResponse>, ApiError> {
    let room = rooms::find(&state, &id).await?;
    Ok(axum::Json(RoomResponse {
        room: rooms::describe(&state, &room, true).await?,
    }))
}

pub async fn occupancy(
    State(state): State<AppState>,
    _me: CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::Json<Occupancy>, ApiError> {
    let room = rooms::find(&state, &id).await?;
    Ok(axum::Json(rooms::occupancy_wire(&state, &room).await?))
}

#[derive(Deserialize)]
pub struct DateQuery {
    date: Option<String>,
}

pub async fn availability(
    State(state): State<AppState>,
    _me: CurrentUser,
    Path(id): Path<String>,
    query: Result<Query<DateQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::Json<Availability>, ApiError> {
    let room = rooms::find(&state, &id).await?;
    let date = query
        .ok()
        .and_then(|Query(q)| q.date)
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        // Far-off years say nothing useful and would overflow the day arithmetic.
        .filter(|d| (2000..=2200).contains(&chrono::Datelike::year(d)))
        .ok_or(ApiError::Invalid {
            code: studyroom_api::ErrorCode::InvalidRequest,
            field: "date",
            message: "give the date as ?date=YYYY-MM-DD",
        })?;
    Ok(axum::Json(rooms::availability(&state, &room, date).await?))
}

fn seat_event(json: &str) -> Result<Event, Infallible> {
    Ok(Event::default().event("seat").data(json))
}

/// Every seat of `room` as it is now, read again (a resync), or none if it cannot be read.
async fn every_seat_again(state: AppState, room: crate::store::RoomRecord) -> Vec<crate::events::SeatJson> {
    match rooms::occupancy(&state, &room).await {
        Ok((seats, _)) => every_seat(&seats),
        Err(error) => {
            tracing::warn!(%error, "could not read a room again to resync its stream");
            Vec::new()
        }
    }
}

fn every_seat(seats: &[studyroom_api::room::SeatStatus]) -> Vec<crate::events::SeatJson> {
    seats.iter().map(crate::events::seat_json).collect()
}

/// What a room's stream sends next.
enum Step {
    Seat(crate::events::SeatJson),
    /// This instance may have missed changes told by the others: every seat again.
    Resync,
    /// This listener fell too far behind: the stream ends.
    Lagged,
}

/// Every seat once (so a reconnecting client is whole again), then each change as it happens, and
/// every seat again whenever this instance may have missed changes from the others. A listener
/// that falls too far behind is disconnected; its browser reconnects and gets a fresh snapshot.
/// Streams end when the server shuts down, so shutdown never waits on them, and when the session
/// that opened them ends.
pub async fn events(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let room = rooms::find(&state, &id).await?;
    let slot = state.streams.open(&me.user.id)?;
    let ended = crate::session::ended(state.clone(), me.user.id.clone(), me.token_hash.clone());
    // Subscribe before taking the snapshot, so no change falls between the two.
    let changes =
        BroadcastStream::new(state.events.subscribe(&room.id)).map(|m| m.map_or(Step::Lagged, Step::Seat));
    let resyncs = WatchStream::from_changes(state.events.resyncs()).map(|_| Step::Resync);
    let (seats, _) = rooms::occupancy(&state, &room).await?;
    let first = every_seat(&seats);
    let reader = state.clone();
    // A seat's change (what 20,000 streams of one room each pass on) is passed on as it is; only a
    // resync reads, and its future is boxed so that it takes no room in every open stream.
    let live = stream::select(changes, resyncs)
        .take_while(|step| std::future::ready(!matches!(step, Step::Lagged)))
        .then(move |step| match step {
            Step::Seat(seat) => Either::Left(std::future::ready(vec![seat])),
            Step::Resync => Either::Right(Box::pin(every_seat_again(reader.clone(), room.clone()))),
            // Ended by `take_while` before it gets here.
            Step::Lagged => Either::Left(std::future::ready(Vec::new())),
        })
        .flat_map(stream::iter);
    let stream = stream::iter(first)
        .chain(live)
        .map(|s| seat_event(&s))
        .take_until(state.events.closing())
        .take_until(ended);
    Ok(super::sse::respond(slot, stream))
}
