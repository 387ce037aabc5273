//! `GET /api/admin/users` and `POST /api/admin/users/{id}/verify`: the verification queue.

use crate::accounts;
use crate::error::ApiError;
use crate::json::Json;
use crate::routes::page::{Page, page_params};
use crate::session::Manager;
use crate::state::AppState;
use crate::store::UserCursor;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use studyroom_api::user::SuspendRequest;
use studyroom_api::{AdminUserList, UserResponse, UserStatus, VerifyRequest};

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    /// Four digits: the end of a phone number; else a name, full, partial or masked.
    q: Option<String>,
}

const PAGE_DEFAULT: u32 = 50;
const PAGE_MAX: u32 = 200;

fn parse_cursor(s: &str) -> Option<UserCursor> {
    let (secs, id) = s.split_once('.')?;
    let created_at = chrono::DateTime::from_timestamp(secs.parse().ok()?, 0)?;
    (!id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| UserCursor {
        created_at,
        id: id.to_owned(),
    })
}

/// A page of people, oldest first; `?status=` filters, `?cursor=` continues.
pub async fn list(
    State(state): State<AppState>,
    _manager: Manager,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
    page: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::Json<AdminUserList>, ApiError> {
    let (cursor, limit) = page_params(page, parse_cursor, PAGE_DEFAULT, PAGE_MAX)?;
    let Query(query) = query.map_err(|_| ApiError::BadRequest("unreadable query string"))?;
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(UserStatus::parse(s).ok_or(ApiError::BadRequest(
            "status must be one of pending, verified, rejected, suspended",
        ))?),
    };
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        if q.chars().count() > 30 {
            return Err(ApiError::BadRequest("q is at most 30 characters"));
        }
        let users = accounts::search(&state, status, q, limit as usize).await?;
        let users = users
            .iter()
            .map(|u| accounts::to_admin_wire(&state.vault, u))
            .collect::<Result<_, _>>()?;
        return Ok(axum::Json(AdminUserList {
            users,
            next_cursor: None,
        }));
    }
    let mut users = state.store.users(status, cursor.as_ref(), limit + 1).await?;
    let more = users.len() > limit as usize;
    users.truncate(limit as usize);
    let next_cursor = more
        .then(|| {
            users
                .last()
                .map(|u| format!("{}.{}", u.created_at.timestamp(), u.id))
        })
        .flatten();
    let users = users
        .iter()
        .map(|u| accounts::to_admin_wire(&state.vault, u))
        .collect::<Result<_, _>>()?;
    Ok(axum::Json(AdminUserList { users, next_cursor }))
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

/// `GET /api/admin/users/{id}`: a person's page: status, newest bookings, violations.
pub async fn show(
    State(state): State<AppState>,
    _manager: Manager,
    Path(id): Path<String>,
) -> Result<axum::Json<studyroom_api::user::AdminPerson>, ApiError> {
    let user = state
        .store
        .user_by_id(&id)
        .await?
        .filter(|u| !u.erased)
        .ok_or(ApiError::NotFound)?;
    let bookings = crate::bookings::list(&state, &user, None, 50).await?.bookings;
    Ok(axum::Json(studyroom_api::user::AdminPerson {
        user: accounts::to_admin_wire(&state.vault, &user)?,
        bookings,
        violations: crate::violations::of_user(&state, &id).await?,
    }))
}
