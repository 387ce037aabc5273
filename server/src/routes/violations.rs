//! Violations: a member's own (`/api/me/violations…`, with appeals) and the managers' decisions
//! (`/api/admin/violations/{id}/pardon|uphold`, `/api/admin/appeals`, a person's list).

use crate::error::ApiError;
use crate::json::Json;
use crate::session::{CurrentUser, Manager};
use crate::state::AppState;
use crate::store::ViolationVerdict;
use crate::violations;
use axum::extract::{Path, State};
use studyroom_api::violation::{AppealList, ReasonRequest, ViolationList, ViolationResponse};

pub async fn mine(
    State(state): State<AppState>,
    me: CurrentUser,
) -> Result<axum::Json<ViolationList>, ApiError> {
    Ok(axum::Json(ViolationList {
        violations: violations::of_user(&state, &me.user.id).await?,
    }))
}

pub async fn appeal(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
    Json(req): Json<ReasonRequest>,
) -> Result<axum::Json<ViolationResponse>, ApiError> {
    Ok(axum::Json(ViolationResponse {
        violation: violations::appeal(&state, &me.user, &id, &req.reason).await?,
    }))
}

pub async fn of_person(
    State(state): State<AppState>,
    _manager: Manager,
    Path(id): Path<String>,
) -> Result<axum::Json<ViolationList>, ApiError> {
    state.store.user_by_id(&id).await?.ok_or(ApiError::NotFound)?;
    Ok(axum::Json(ViolationList {
        violations: violations::of_user(&state, &id).await?,
    }))
}

pub async fn appeals(
    State(state): State<AppState>,
    _manager: Manager,
) -> Result<axum::Json<AppealList>, ApiError> {
    Ok(axum::Json(AppealList {
        appeals: violations::pending(&state).await?,
    }))
}

pub async fn pardon(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
    Json(req): Json<ReasonRequest>,
) -> Result<axum::Json<ViolationResponse>, ApiError> {
    let violation = violations::decide(&state, &manager, &id, ViolationVerdict::Pardon, &req.reason).await?;
    Ok(axum::Json(ViolationResponse { violation }))
}

pub async fn uphold(
    State(state): State<AppState>,
    Manager(manager): Manager,
    Path(id): Path<String>,
    Json(req): Json<ReasonRequest>,
) -> Result<axum::Json<ViolationResponse>, ApiError> {
    let violation = violations::decide(&state, &manager, &id, ViolationVerdict::Uphold, &req.reason).await?;
    Ok(axum::Json(ViolationResponse { violation }))
}
