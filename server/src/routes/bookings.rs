//! `/api/bookings…`: a member's bookings and what they do with them.

use crate::bookings::{self, Action};
use crate::error::ApiError;
use crate::json::Json;
use crate::session::CurrentUser;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use studyroom_api::BookingWithCode;
use studyroom_api::booking::{BookingList, BookingResponse, NewBooking, OpenDoorRequest, OpenDoorResponse};

pub async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<NewBooking>,
) -> Result<(StatusCode, axum::Json<BookingWithCode>), ApiError> {
    Ok((
        StatusCode::CREATED,
        axum::Json(bookings::create(&state, &me.user, &req).await?),
    ))
}

#[derive(Deserialize)]
pub struct Page {
    cursor: Option<String>,
    limit: Option<String>,
}

/// Reads `?cursor=&limit=`; anything unreadable is 400, never a silently different page.
pub fn page_params<C>(
    query: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
    parse_cursor: impl Fn(&str) -> Option<C>,
    default: u32,
    max: u32,
) -> Result<(Option<C>, u32), ApiError> {
    let Query(page) = query.map_err(|_| ApiError::BadRequest("unreadable query string"))?;
    let cursor = match page.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => Some(parse_cursor(c).ok_or(ApiError::BadRequest("cursor is not one this server gave"))?),
    };
    let limit = match page.limit.as_deref() {
        None | Some("") => default,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|l| (1..=max).contains(l))
            .ok_or(ApiError::BadRequest("limit is out of range"))?,
    };
    Ok((cursor, limit))
}

pub async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    query: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::Json<BookingList>, ApiError> {
    let (cursor, limit) = page_params(
        query,
        bookings::parse_cursor,
        bookings::PAGE_DEFAULT,
        bookings::PAGE_MAX,
    )?;
    Ok(axum::Json(
        bookings::list(&state, &me.user, cursor.as_ref(), limit).await?,
    ))
}

pub async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::Json<BookingWithCode>, ApiError> {
    let (room, booking) = bookings::own(&state, &me.user, &id).await?;
    Ok(axum::Json(bookings::with_code(&state, &room, &booking)?))
}

async fn act(
    state: AppState,
    me: CurrentUser,
    id: String,
    action: Action,
) -> Result<axum::Json<BookingResponse>, ApiError> {
    let (room, booking) = bookings::act(&state, &me.user, &id, action).await?;
    Ok(axum::Json(BookingResponse {
        booking: bookings::to_wire(&room, &booking),
    }))
}

pub async fn cancel(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::Json<BookingResponse>, ApiError> {
    act(state, me, id, Action::Cancel).await
}

pub async fn checkout(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::Json<BookingResponse>, ApiError> {
    act(state, me, id, Action::Checkout).await
}

pub async fn leave(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::Json<BookingResponse>, ApiError> {
    act(state, me, id, Action::Leave).await
}

/// In-app "open door": the session and the door's presence code, so it works while the keypads are
/// locked out but only for someone standing at the door.
pub async fn open_door(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
    Json(req): Json<OpenDoorRequest>,
) -> Result<axum::Json<OpenDoorResponse>, ApiError> {
    bookings::open_door(&state, &me.user, &id, &req).await?;
    Ok(axum::Json(OpenDoorResponse { granted: true }))
}
