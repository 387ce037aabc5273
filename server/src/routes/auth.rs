//! `POST /api/auth/signup|login|logout`.

use crate::accounts;
use crate::error::ApiError;
use crate::json::Json;
use crate::session::{self, COOKIE, CurrentUser};
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
    let token = accounts::start_session(&state, &user, presented(&jar).as_deref()).await?;
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
    let token = accounts::start_session(&state, &user, presented(&jar).as_deref()).await?;
    let user = accounts::to_wire(&state.vault, &user)?;
    Ok((
        StatusCode::OK,
        jar.add(session::session_cookie(token, &headers)),
        axum::Json(UserResponse { user }),
    ))
}

/// The hash of the session cookie the browser came with, if any.
fn presented(jar: &CookieJar) -> Option<Vec<u8>> {
    jar.get(COOKIE).map(|c| session::token_hash(c.value()))
}

/// Always 204: the session, if any, is deleted on the server and the cookie cleared.
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), ApiError> {
    if let Some(hash) = presented(&jar) {
        accounts::end_session(&state, &hash).await?;
    }
    Ok((StatusCode::NO_CONTENT, jar.remove(session::removal_cookie())))
}

/// "Log out everywhere": every session of the person ends, this one too.
pub async fn logout_all(
    State(state): State<AppState>,
    me: CurrentUser,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), ApiError> {
    accounts::end_all_sessions(&state, &me.user.id).await?;
    Ok((StatusCode::NO_CONTENT, jar.remove(session::removal_cookie())))
}
