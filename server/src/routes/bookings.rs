//! `/api/bookings…`: a member's bookings and what they do with them.

use crate::bookings::{self, Action};
use crate::error::ApiError;
use crate::json::Json;
use crate::routes::page::{Page, page_params};
use crate::session::CurrentUser;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
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
