//! Doors: created by managers with a token shown once; the unlock decision for keypads and kiosks;
//! the webhook that tells a lock controller to open.

use crate::audit::NewEntry;
use crate::codes;
use crate::error::ApiError;
use crate::rooms;
use crate::session;
use crate::state::AppState;
use crate::store::{DoorRecord, UnlockOutcome};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::Sha256;
use studyroom_api::ErrorCode;
use studyroom_api::booking::{Door, DoorCreated, NewDoor, UnlockResponse};

fn webhook_context(door_id: &str) -> String {
    format!("doors/{door_id}/webhook_secret")
}

/// Creates a door of `room_id`; the token (and webhook secret) are returned this once.
pub async fn create(state: &AppState, room_id: &str, req: &NewDoor) -> Result<DoorCreated, ApiError> {
    let room = rooms::find(state, room_id).await?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(ApiError::Invalid {
            code: ErrorCode::InvalidRequest,
            field: "name",
            message: "a door needs a name of at most 60 characters",
        });
    }
    let webhook_url = req
        .webhook_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if webhook_url.is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://")) || u.len() > 500)
    {
        return Err(ApiError::Invalid {
            code: ErrorCode::InvalidRequest,
            field: "webhook_url",
            message: "the webhook must be an http(s) URL",
        });
    }
    let id = rooms::new_id();
    let secret = webhook_url.map(|_| {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        hex::encode(bytes)
    });
    let door = DoorRecord {
        id: id.clone(),
        room_id: room.id.clone(),
        name: name.to_owned(),
        webhook_url: webhook_url.map(str::to_owned),
        webhook_secret_enc: secret
            .as_ref()
            .map(|s| state.vault.encrypt(&webhook_context(&id), s)),
    };
    let (token, hash) = session::new_token();
    let now = state.clock.now();
    state.store.insert_door(&door, &hash, now).await?;
    state
        .store
        .append_audit(&NewEntry::new(
            now,
            "door_created",
            "system",
            format!("door {id} of room {}", room.id),
        ))
        .await?;
    Ok(DoorCreated {
        door: Door { id, name: door.name },
        token,
        webhook_secret: secret,
    })
}

/// The door behind a bearer token; a wrong or missing token is 401.
pub async fn authenticate(
    state: &AppState,
    door_id: &str,
    bearer: Option<&str>,
) -> Result<DoorRecord, ApiError> {
    let token = bearer.ok_or(ApiError::Unauthenticated)?;
    state
        .store
        .door_by_token(door_id, &session::token_hash(token))
        .await?
        .ok_or(ApiError::Unauthenticated)
}

fn retry_after(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((until - now).num_seconds()).unwrap_or(1).max(1)
}

/// A code typed at the door.
pub async fn unlock(state: &AppState, door: &DoorRecord, code: &str) -> Result<UnlockResponse, ApiError> {
    let now = state.clock.now();
    let code = code.trim();
    // Input that cannot be a code still counts as a failed attempt: it is a guess all the same.
    let index = (!code.is_empty() && code.len() <= 16 && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| codes::index(&state.vault, &door.room_id, code));
    match state
        .store
        .unlock(door, index.as_deref(), now, &state.door_policy)
        .await?
    {
        UnlockOutcome::Granted(booking) => {
            rooms::publish_seat(state, &booking.room_id, &booking.seat_id).await;
            fire_webhook(state, door, &booking.id, &booking.seat_label, now);
            Ok(UnlockResponse {
                granted: true,
                booking_id: Some(booking.id),
                seat_label: Some(booking.seat_label),
            })
        }
        UnlockOutcome::Refused {
            locked_until: Some(until),
        }
        | UnlockOutcome::Locked { until } => Err(ApiError::DoorLockedOut {
            retry_after_secs: retry_after(until, now),
        }),
        UnlockOutcome::Refused { locked_until: None } => Err(ApiError::ForbiddenBecause {
            code: ErrorCode::CodeInvalid,
            message: "this code does not open this door now",
        }),
    }
}

/// Tells the door's lock controller to open: a signed POST in the background, never holding up the
/// answer to the keypad. Failures are logged and audited.
fn fire_webhook(state: &AppState, door: &DoorRecord, booking_id: &str, seat_label: &str, at: DateTime<Utc>) {
    let (Some(url), Some(secret_enc)) = (door.webhook_url.clone(), door.webhook_secret_enc.clone()) else {
        return;
    };
    let state = state.clone();
    let door_id = door.id.clone();
    let body = serde_json::json!({"door_id": door_id, "booking_id": booking_id, "seat_label": seat_label, "at": at.to_rfc3339()})
        .to_string();
    tokio::spawn(async move {
        let result = async {
            let secret = state
                .vault
                .decrypt(&webhook_context(&door_id), &secret_enc)
                .map_err(|e| e.to_string())?;
            let mut mac =
                <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).map_err(|e| e.to_string())?;
            mac.update(body.as_bytes());
            let signature = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
            let response = state
                .http
                .post(&url)
                .header("content-type", "application/json")
                .header("x-studyroom-signature", signature)
                .body(body)
                .send()
                .await
                .map_err(|e| e.without_url().to_string())?;
            if response.status().is_success() {
                Ok(())
            } else {
                Err(format!("status {}", response.status()))
            }
        }
        .await;
        if let Err(error) = result {
            tracing::warn!(door = %door_id, %error, "door webhook failed");
            let entry = NewEntry::new(
                state.clock.now(),
                "door_webhook_failed",
                format!("door:{door_id}"),
                error,
            );
            if let Err(e) = state.store.append_audit(&entry).await {
                tracing::error!(error = %e, "could not audit a webhook failure");
            }
        }
    });
}
