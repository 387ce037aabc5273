//! `/api/bookings…`: a member's bookings and what they do with them.

use crate::bookings::{self, Action};
use crate::error::ApiError;
use crate::json::Json;
use crate::session::CurrentUser;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use studyroom_api::BookingWithCode;
use studyroom_api::booking::{BookingList, BookingResponse, NewBooking, OpenDoorResponse};

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
) -> Result<axum::Json<BookingList>, ApiError> {
    let mut out = Vec::new();
    for b in state.store.bookings_of_user(&me.user.id).await? {
        let room = crate::rooms::find(&state, &b.room_id).await?;
        out.push(bookings::to_wire(&room, &b));
    }
    Ok(axum::Json(BookingList { bookings: out }))
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

/// In-app "open door": session-authenticated, so it works while the keypad is locked out.
pub async fn open_door(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> Result<axum::Json<OpenDoorResponse>, ApiError> {
    bookings::act(&state, &me.user, &id, Action::OpenDoor).await?;
    Ok(axum::Json(OpenDoorResponse { granted: true }))
}
