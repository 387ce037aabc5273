//! Sessions: a 256-bit random token in an `HttpOnly`, `SameSite=Lax` cookie; the server keeps only its
//! SHA-256, so a leaked database cannot be replayed as logins. Extractors give handlers the signed-in
//! user ([`CurrentUser`]) or insist on a manager ([`Manager`]).

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::UserRecord;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use studyroom_api::Role;

pub const COOKIE: &str = "studyroom_session";

/// A fresh token (for the cookie) and its hash (for the database).
pub fn new_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// `Secure` when the client reached us over https (directly or through a proxy that says so).
fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

pub fn session_cookie(token: String, headers: &HeaderMap) -> Cookie<'static> {
    Cookie::build((COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(is_https(headers))
        .build()
}

pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((COOKIE, "")).path("/").build()
}

/// The signed-in user and the hash of the session they came with.
pub struct CurrentUser {
    pub user: UserRecord,
    pub token_hash: Vec<u8>,
}

impl CurrentUser {
    /// Who the session cookie among `headers` belongs to, if it is a live session.
    pub async fn of(headers: &HeaderMap, state: &AppState) -> Result<Self, ApiError> {
        let jar = CookieJar::from_headers(headers);
        let token = jar
            .get(COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or(ApiError::Unauthenticated)?;
        let token_hash = token_hash(&token);
        let user = state
            .store
            .session_user(&token_hash, state.clock.now(), state.sessions)
            .await?
            .filter(|u| !u.erased)
            .ok_or(ApiError::Unauthenticated)?;
        Ok(Self { user, token_hash })
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Self::of(&parts.headers, state).await
    }
}

/// A signed-in manager; members get 403.
pub struct Manager(pub UserRecord);

impl FromRequestParts<AppState> for Manager {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let CurrentUser { user, .. } = CurrentUser::from_request_parts(parts, state).await?;
        if user.role == Role::Manager {
            Ok(Self(user))
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// How often an open stream checks that its session is still alive (expiry by time); logout,
/// "log out everywhere" and erasure end it at once.
const SESSION_RECHECK: std::time::Duration = std::time::Duration::from_secs(60);

/// Resolves when the session behind a stream ends: logged out, everywhere or erased (told at once,
/// here or by another instance), or expired (found by a periodic check, and at once after this
/// instance may have missed what the others told).
pub async fn ended(state: AppState, user_id: String, token_hash: Vec<u8>) {
    use crate::events::SessionEnd;
    use tokio::sync::broadcast::error::RecvError;
    let mut ends = state.events.session_ends();
    let mut resyncs = state.events.resyncs();
    let mut check = tokio::time::interval(SESSION_RECHECK);
    check.tick().await;
    loop {
        let recheck = tokio::select! {
            end = ends.recv() => match end {
                Ok(SessionEnd::Token(hash)) if hash == token_hash => return,
                Ok(SessionEnd::User(id)) if id == user_id => return,
                Ok(_) => false,
                // Missed some: look the session up rather than guess.
                Err(RecvError::Lagged(_)) => true,
                Err(RecvError::Closed) => return,
            },
            _ = check.tick() => true,
            _ = resyncs.changed() => true,
        };
        if recheck {
            let alive = state
                .store
                .session_user(&token_hash, state.clock.now(), state.sessions)
                .await
                .map(|u| u.is_some_and(|u| !u.erased));
            if matches!(alive, Ok(false)) {
                return;
            }
        }
    }
}
