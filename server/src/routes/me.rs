//! `GET /api/me` and `DELETE /api/me` (erasure of one's own account).

use crate::accounts;
use crate::error::ApiError;
use crate::json::Json;
use crate::session::{self, CurrentUser};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use studyroom_api::UserResponse;
use studyroom_api::auth::DeleteAccountRequest;

pub async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
) -> Result<axum::Json<UserResponse>, ApiError> {
    Ok(axum::Json(UserResponse {
        user: accounts::to_wire(&state.vault, &me.user)?,
    }))
}

pub async fn erase(
    State(state): State<AppState>,
    me: CurrentUser,
    jar: CookieJar,
    Json(req): Json<DeleteAccountRequest>,
) -> Result<(StatusCode, CookieJar), ApiError> {
    accounts::erase(&state, &me.user, req.password).await?;
    Ok((StatusCode::NO_CONTENT, jar.remove(session::removal_cookie())))
}
