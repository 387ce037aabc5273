//! `GET /api/welcome`: the rooms' names, addresses and where to get verified, for the first screen a
//! visitor sees. Public on purpose (a community room's address is on its door); nothing live, no
//! ids, and at most [`MAX_ROOMS`] so the answer stays small whatever the installation.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use studyroom_api::room::{Welcome, WelcomeRoom};

const MAX_ROOMS: usize = 20;

pub async fn show(State(state): State<AppState>) -> Result<axum::Json<Welcome>, ApiError> {
    let rooms = state
        .store
        .rooms()
        .await?
        .into_iter()
        .take(MAX_ROOMS)
        .map(|r| WelcomeRoom {
            name: r.name,
            address: r.address,
            verification: r.verification,
        })
        .collect();
    Ok(axum::Json(Welcome { rooms }))
}
