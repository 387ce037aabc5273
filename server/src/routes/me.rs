//! `GET /api/me`, `DELETE /api/me` (erasure of one's own account), `POST /api/me/reapply` (a
//! rejected application corrected) and `GET /api/me/events` (one's own status, live).

use crate::accounts;
use crate::error::ApiError;
use crate::events::AdminEvent;
use crate::json::Json;
use crate::session::{self, CurrentUser};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::response::sse::Event;
use axum_extra::extract::CookieJar;
use futures_util::stream::StreamExt;
use studyroom_api::UserResponse;
use studyroom_api::auth::DeleteAccountRequest;
use tokio_stream::wrappers::BroadcastStream;

pub async fn show(
    State(state): State<AppState>,
    me: CurrentUser,
) -> Result<axum::Json<UserResponse>, ApiError> {
    Ok(axum::Json(UserResponse {
        user: accounts::to_wire(&state.vault, &me.user)?,
    }))
}

/// `POST /api/me/reapply`: a rejected person's corrected name and ID number.
pub async fn reapply(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<studyroom_api::auth::ReapplyRequest>,
) -> Result<axum::Json<UserResponse>, ApiError> {
    let user = accounts::reapply(&state, &me.user, &req).await?;
    Ok(axum::Json(UserResponse {
        user: accounts::to_wire(&state.vault, &user)?,
    }))
}

/// `GET /api/me/events`: server-sent `status` events `{id, status}` whenever the person's own
/// status changes (verified, rejected, suspended, lifted), so a waiting phone updates by itself.
pub async fn events(State(state): State<AppState>, me: CurrentUser) -> Result<impl IntoResponse, ApiError> {
    let slot = state.streams.open(&me.user.id)?;
    let id = me.user.id.clone();
    let ended = crate::session::ended(state.clone(), id.clone(), me.token_hash.clone());
    let mine = BroadcastStream::new(state.events.admin_events())
        .take_while(|m| std::future::ready(m.is_ok()))
        .filter_map(move |m| {
            let event = match m {
                Ok(AdminEvent::User(u)) if u.id == id => serde_json::to_string(&u).ok(),
                _ => None,
            };
            std::future::ready(event.map(|data| Ok(Event::default().event("status").data(data))))
        })
        .take_until(state.events.closing())
        // Events from the other instances may have been missed: the browser reads again.
        .take_until(state.events.resynced())
        .take_until(ended);
    Ok(super::sse::respond(slot, mine))
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
