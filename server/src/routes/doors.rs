//! `POST /api/doors/{id}/unlock`: a keypad, lock controller or kiosk asks whether a code opens.

use crate::doors;
use crate::error::ApiError;
use crate::json::Json;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use studyroom_api::booking::{UnlockRequest, UnlockResponse};

pub async fn unlock(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<UnlockRequest>,
) -> Result<axum::Json<UnlockResponse>, ApiError> {
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let door = doors::authenticate(&state, &id, bearer).await?;
    Ok(axum::Json(doors::unlock(&state, &door, &req.code).await?))
}
