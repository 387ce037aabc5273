//! `GET /api/rooms…`: rooms, seat states now, a day's availability, and the live event stream.

use crate::error::ApiError;
use crate::rooms;
use crate::session::CurrentUser;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, Sse};
use chrono::NaiveDate;
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use std::convert::Infallible;
use studyroom_api::room::{Availability, Occupancy, RoomList, RoomResponse};
use tokio_stream::wrappers::BroadcastStream;

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

/// Every seat once (so a reconnecting client is whole again), then each change as it happens. A
/// listener that falls too far behind is disconnected; its browser reconnects and gets a fresh
/// snapshot. Streams end when the server shuts down, so shutdown never waits on them, and when the
/// session that opened them ends.
pub async fn events(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let room = rooms::find(&state, &id).await?;
    let ended = crate::session::ended(state.clone(), me.user.id.clone(), me.token_hash.clone());
    // Subscribe before taking the snapshot, so no change falls between the two.
    let changes = BroadcastStream::new(state.events.subscribe(&room.id));
    let (snapshot, _) = rooms::occupancy(&state, &room).await?;
    let live = changes
        .take_while(|m| std::future::ready(m.is_ok()))
        .filter_map(|m| std::future::ready(m.ok()));
    let stream = stream::iter(snapshot.iter().map(crate::events::seat_json).collect::<Vec<_>>())
        .chain(live)
        .map(|s| seat_event(&s))
        .take_until(state.events.closing())
        .take_until(ended);
    Ok(super::sse::respond(stream))
}
