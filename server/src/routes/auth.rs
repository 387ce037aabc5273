//! `POST /api/auth/signup|login|logout`.

use crate::accounts;
use crate::error::ApiError;
use crate::json::Json;
use crate::session::{self, COOKIE};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use studyroom_api::UserResponse;
use studyroom_api::auth::{LoginRequest, SignupRequest};

type WithCookie = (StatusCode, CookieJar, axum::Json<UserResponse>);

pub async fn signup(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Json(req): Json<SignupRequest>,
) -> Result<WithCookie, ApiError> {
    let user = accounts::signup(&state, req).await?;
    let token = accounts::start_session(&state, &user.id).await?;
    let user = accounts::to_wire(&state.vault, &user)?;
    Ok((
        StatusCode::CREATED,
        jar.add(session::session_cookie(token, &headers)),
        axum::Json(UserResponse { user }),
    ))
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Json(req): Json<LoginRequest>,
) -> Result<WithCookie, ApiError> {
    let user = accounts::login(&state, req).await?;
    let token = accounts::start_session(&state, &user.id).await?;
    let user = accounts::to_wire(&state.vault, &user)?;
    Ok((
        StatusCode::OK,
        jar.add(session::session_cookie(token, &headers)),
        axum::Json(UserResponse { user }),
    ))
}

/// Always 204: the session, if any, is deleted on the server and the cookie cleared.
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), ApiError> {
    if let Some(cookie) = jar.get(COOKIE) {
        state
            .store
            .delete_session(&session::token_hash(cookie.value()))
            .await?;
    }
    Ok((StatusCode::NO_CONTENT, jar.remove(session::removal_cookie())))
}
