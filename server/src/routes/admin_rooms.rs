//! `POST /api/admin/rooms`, `PUT /api/admin/rooms/{id}` and `GET /api/admin/rooms/{id}/live`.

use crate::error::ApiError;
use crate::json::Json;
use crate::rooms;
use crate::session::Manager;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use studyroom_api::room::{LiveBoard, NewRoom, RoomResponse};

pub async fn create_room(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Json(req): Json<NewRoom>,
) -> Result<(StatusCode, axum::Json<RoomResponse>), ApiError> {
    let room = rooms::create(&state, Some(&manager), &req).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(RoomResponse {
            room: rooms::describe(&state, &room, true).await?,
        }),
    ))
}

/// `PUT /api/admin/rooms/{id}`: the whole room, settings and seats, as the editor holds it.
pub async fn update_room(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
    Json(req): Json<NewRoom>,
) -> Result<axum::Json<RoomResponse>, ApiError> {
    let room = rooms::update(&state, &manager, &id, &req).await?;
    Ok(axum::Json(RoomResponse {
        room: rooms::describe(&state, &room, true).await?,
    }))
}

pub async fn live(
    State(state): State<AppState>,
    _manager: Manager,
    Path(id): Path<String>,
) -> Result<axum::Json<LiveBoard>, ApiError> {
    let room = rooms::find(&state, &id).await?;
    Ok(axum::Json(rooms::live_board(&state, &room).await?))
}
