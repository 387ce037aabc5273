//! `/api/admin/rooms/{id}/doors` and `/api/admin/doors/{id}…`: a room's doors, made, listed, given
//! new tokens and revoked by managers.

use crate::doors;
use crate::error::ApiError;
use crate::json::Json;
use crate::rooms;
use crate::session::Manager;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use studyroom_api::booking::{
    DoorCreated, DoorList, DoorToken, DoorUpdate, DoorUpdated, NewDoor, WebhookTest,
};

pub async fn create(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
    Json(req): Json<NewDoor>,
) -> Result<(StatusCode, axum::Json<DoorCreated>), ApiError> {
    Ok((
        StatusCode::CREATED,
        axum::Json(doors::create(&state, Some(&manager), &id, &req).await?),
    ))
}

pub async fn list(
    State(state): State<AppState>,
    _manager: Manager,
    Path(id): Path<String>,
) -> Result<axum::Json<DoorList>, ApiError> {
    let room = rooms::find(&state, &id).await?;
    let doors = state.store.doors_of_room(&room.id).await?;
    Ok(axum::Json(DoorList {
        doors: doors
            .iter()
            .map(|d| doors::to_info(d, room.utc_offset_secs))
            .collect(),
    }))
}

pub async fn rotate_token(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
) -> Result<axum::Json<DoorToken>, ApiError> {
    let token = doors::rotate_token(&state, Some(&manager), &id).await?;
    Ok(axum::Json(DoorToken { token }))
}

pub async fn revoke(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    doors::revoke(&state, &manager, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn update(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
    Json(req): Json<DoorUpdate>,
) -> Result<axum::Json<DoorUpdated>, ApiError> {
    let (door, webhook_secret) = doors::update(&state, &manager, &id, &req).await?;
    let room = rooms::find(&state, &door.room_id).await?;
    Ok(axum::Json(DoorUpdated {
        door: doors::to_info(&door, room.utc_offset_secs),
        webhook_secret,
    }))
}

pub async fn test_webhook(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
) -> Result<axum::Json<WebhookTest>, ApiError> {
    Ok(axum::Json(doors::test_webhook(&state, &manager, &id).await?))
}
