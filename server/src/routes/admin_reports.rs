//! Reports for managers: `GET /api/admin/rooms/{id}/stats`, and the CSV exports
//! `GET /api/admin/export/bookings.csv` and `…/entries.csv` (`?from=&to=` dates, `room=` optional).

use crate::error::ApiError;
use crate::export;
use crate::local_time::day_bounds;
use crate::rooms;
use crate::session::Manager;
use crate::state::AppState;
use crate::stats;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use studyroom_api::stats::RoomStats;

#[derive(Deserialize)]
pub struct RangeQuery {
    from: Option<String>,
    to: Option<String>,
    room: Option<String>,
}

type Range = Result<Query<RangeQuery>, axum::extract::rejection::QueryRejection>;

pub async fn room_stats(
    State(state): State<AppState>,
    _manager: Manager,
    Path(id): Path<String>,
    query: Range,
) -> Result<axum::Json<RoomStats>, ApiError> {
    let Query(q) = query.map_err(|_| ApiError::BadRequest("unreadable query string"))?;
    let room = rooms::find(&state, &id).await?;
    let (from, to) = stats::range(&room, q.from.as_deref(), q.to.as_deref(), state.clock.now())?;
    Ok(axum::Json(stats::room_stats(&state, &room, from, to).await?))
}

fn csv_response(name: String, body: Body) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The range of an export on Shanghai's clock (or the room's, when one is named).
async fn export_range(
    state: &AppState,
    q: &RangeQuery,
) -> Result<
    (
        Option<String>,
        chrono::DateTime<chrono::Utc>,
        chrono::DateTime<chrono::Utc>,
        String,
        String,
    ),
    ApiError,
> {
    let room = match q.room.as_deref().filter(|r| !r.is_empty()) {
        Some(id) => Some(rooms::find(state, id).await?),
        None => None,
    };
    let clock_room = room.clone().unwrap_or_else(|| crate::store::RoomRecord {
        id: String::new(),
        name: String::new(),
        address: String::new(),
        verification: String::new(),
        utc_offset_secs: crate::accounts::DISPLAY_OFFSET_SECS,
        rules: Default::default(),
        created_at: state.clock.now(),
    });
    let (from, to) = stats::range(&clock_room, q.from.as_deref(), q.to.as_deref(), state.clock.now())
        .map_err(|_| export::range_error())?;
    let offset = clock_room.utc_offset_secs;
    Ok((
        room.map(|r| r.id),
        day_bounds(from, offset).0,
        day_bounds(to, offset).1,
        from.format("%Y-%m-%d").to_string(),
        to.format("%Y-%m-%d").to_string(),
    ))
}

pub async fn bookings_csv(
    State(state): State<AppState>,
    _manager: Manager,
    query: Range,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|_| ApiError::BadRequest("unreadable query string"))?;
    let (room, from, to, from_s, to_s) = export_range(&state, &q).await?;
    let body = Body::from_stream(export::bookings(state, room, from, to));
    Ok(csv_response(export::file_name("bookings", &from_s, &to_s), body))
}

pub async fn entries_csv(
    State(state): State<AppState>,
    _manager: Manager,
    query: Range,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|_| ApiError::BadRequest("unreadable query string"))?;
    let (_, from, to, from_s, to_s) = export_range(&state, &q).await?;
    let body = Body::from_stream(export::entries(state, from, to));
    Ok(csv_response(export::file_name("entries", &from_s, &to_s), body))
}
