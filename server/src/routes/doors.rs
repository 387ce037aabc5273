//! `/api/doors/{id}/…`: a keypad, lock controller or kiosk asks whether a code opens, and a kiosk
//! fetches the presence code it shows. Authenticated by the door's bearer token.

use crate::doors;
use crate::error::ApiError;
use crate::json::Json;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use studyroom_api::booking::{Presence, UnlockRequest, UnlockResponse};

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
}

pub async fn unlock(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<UnlockRequest>,
) -> Result<axum::Json<UnlockResponse>, ApiError> {
    let door = doors::authenticate(&state, &id, bearer(&headers)).await?;
    Ok(axum::Json(doors::unlock(&state, &door, &req.code).await?))
}

/// `GET /api/doors/{id}/presence`: what the kiosk shows; also how a kiosk checks its token when it
/// is paired.
pub async fn presence(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<axum::Json<Presence>, ApiError> {
    let door = doors::authenticate(&state, &id, bearer(&headers)).await?;
    Ok(axum::Json(doors::presence(&state, &door).await?))
}
