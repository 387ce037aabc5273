//! `GET /api/admin/users` and `POST /api/admin/users/{id}/verify`: the verification queue.

use crate::accounts;
use crate::error::ApiError;
use crate::json::Json;
use crate::session::Manager;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use studyroom_api::user::SuspendRequest;
use studyroom_api::{AdminUserList, UserResponse, UserStatus, VerifyRequest};

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    _manager: Manager,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::Json<AdminUserList>, ApiError> {
    let Query(query) = query.map_err(|_| ApiError::BadRequest("unreadable query string"))?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(UserStatus::parse(s).ok_or(ApiError::BadRequest(
            "status must be one of pending, verified, rejected, suspended",
        ))?),
    };
    let users = state.store.users(status).await?;
    let users = users
        .iter()
        .map(|u| accounts::to_admin_wire(&state.vault, u))
        .collect::<Result<_, _>>()?;
    Ok(axum::Json(AdminUserList { users }))
}

pub async fn verify(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
    Json(req): Json<VerifyRequest>,
) -> Result<axum::Json<UserResponse>, ApiError> {
    let user = accounts::decide(&state, &manager, &id, req.approve, req.reason).await?;
    Ok(axum::Json(UserResponse {
        user: accounts::to_wire(&state.vault, &user)?,
    }))
}

pub async fn suspend(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
    Json(req): Json<SuspendRequest>,
) -> Result<axum::Json<UserResponse>, ApiError> {
    let user = accounts::suspend(&state, &manager, &id, req.until, req.reason).await?;
    Ok(axum::Json(UserResponse {
        user: accounts::to_wire(&state.vault, &user)?,
    }))
}

pub async fn reinstate(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
) -> Result<axum::Json<UserResponse>, ApiError> {
    let user = accounts::reinstate(&state, &manager, &id).await?;
    Ok(axum::Json(UserResponse {
        user: accounts::to_wire(&state.vault, &user)?,
    }))
}
