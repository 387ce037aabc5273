//! Doors: created, listed, given new tokens and revoked by managers (every change audited with the
//! manager who made it); the unlock decision for keypads and kiosks; the presence code a kiosk
//! shows. The webhook that opens a lock lives in `webhook.rs`.

use crate::audit::{self, NewEntry};
use crate::codes;
use crate::error::ApiError;
use crate::local_time::local;
use crate::rooms;
use crate::session;
use crate::state::AppState;
use crate::store::{DoorRecord, UnlockOutcome, UserRecord};
use crate::webhook;
use chrono::{DateTime, Utc};
use rand::RngCore;
use rand::rngs::OsRng;
use studyroom_api::ErrorCode;
use studyroom_api::booking::{
    Door, DoorCreated, DoorInfo, DoorUpdate, NewDoor, Presence, UnlockResponse, WebhookTest,
};

fn invalid(field: &'static str, message: &'static str) -> ApiError {
    ApiError::Invalid {
        code: ErrorCode::InvalidRequest,
        field,
        message,
    }
}

/// Creates a door of `room_id`; the token (and webhook secret) are returned this once.
pub async fn create(
    state: &AppState,
    manager: Option<&UserRecord>,
    room_id: &str,
    req: &NewDoor,
) -> Result<DoorCreated, ApiError> {
    let room = rooms::find(state, room_id).await?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(invalid("name", "a door needs a name of at most 60 characters"));
    }
    let webhook_url = req
        .webhook_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(url) = webhook_url {
        webhook::check_url(url, state.options.allow_private_webhooks)
            .map_err(|m| invalid("webhook_url", m))?;
    }
    let id = rooms::new_id();
    let secret = webhook_url.map(|_| {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        hex::encode(bytes)
    });
    let now = state.clock.now();
    let door = DoorRecord {
        id: id.clone(),
        room_id: room.id.clone(),
        name: name.to_owned(),
        webhook_url: webhook_url.map(str::to_owned),
        webhook_secret_enc: secret
            .as_ref()
            .map(|s| state.vault.encrypt(&webhook::secret_context(&id), s)),
        screen: req.screen,
        created_at: now,
    };
    let (token, hash) = session::new_token();
    let audit = NewEntry::new(
        now,
        "door_created",
        actor(manager),
        format!("door {id} of room {}", room.id),
    );
    state.store.insert_door(&door, &hash, &audit).await?;
    rooms::forget_layout(state, &room.id);
    Ok(DoorCreated {
        door: Door { id, name: door.name },
        token,
        webhook_secret: secret,
    })
}

fn actor(manager: Option<&UserRecord>) -> String {
    manager.map_or_else(|| "system".to_owned(), |m| audit::user(&m.id))
}

pub fn to_info(door: &DoorRecord, utc_offset_secs: i32) -> DoorInfo {
    DoorInfo {
        id: door.id.clone(),
        name: door.name.clone(),
        webhook_url: door.webhook_url.clone(),
        screen: door.screen,
        created_at: local(door.created_at, utc_offset_secs),
    }
}

/// A new token for a door, shown this once; the old one stops working at once. The room's failure
/// count stays as it is: a new token is no new set of guesses.
pub async fn rotate_token(
    state: &AppState,
    manager: Option<&UserRecord>,
    door_id: &str,
) -> Result<String, ApiError> {
    let (token, hash) = session::new_token();
    let audit = NewEntry::new(
        state.clock.now(),
        "door_token_rotated",
        actor(manager),
        format!("door {door_id}"),
    );
    if state.store.set_door_token(door_id, &hash, &audit).await? {
        Ok(token)
    } else {
        Err(ApiError::NotFound)
    }
}

/// A manager's change to a door: its name, its screen flag, its webhook. A door that gets a
/// webhook for the first time gets a secret, returned this once; changing the URL keeps the secret
/// (receivers need not be set up again); removing the webhook forgets it.
pub async fn update(
    state: &AppState,
    manager: &UserRecord,
    door_id: &str,
    req: &DoorUpdate,
) -> Result<(DoorRecord, Option<String>), ApiError> {
    let mut door = state.store.door(door_id).await?.ok_or(ApiError::NotFound)?;
    if let Some(name) = &req.name {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(invalid("name", "a door needs a name of at most 60 characters"));
        }
        door.name = name.to_owned();
    }
    if let Some(screen) = req.screen {
        door.screen = screen;
    }
    let mut new_secret = None;
    match req
        .webhook_url
        .as_ref()
        .map(|u| u.as_deref().map(str::trim).filter(|u| !u.is_empty()))
    {
        None => {}
        Some(None) => {
            door.webhook_url = None;
            door.webhook_secret_enc = None;
        }
        Some(Some(url)) => {
            webhook::check_url(url, state.options.allow_private_webhooks)
                .map_err(|m| invalid("webhook_url", m))?;
            door.webhook_url = Some(url.to_owned());
            if door.webhook_secret_enc.is_none() {
                let mut bytes = [0u8; 32];
                OsRng.fill_bytes(&mut bytes);
                let secret = hex::encode(bytes);
                door.webhook_secret_enc =
                    Some(state.vault.encrypt(&webhook::secret_context(&door.id), &secret));
                new_secret = Some(secret);
            }
        }
    }
    let audit = NewEntry::new(
        state.clock.now(),
        "door_changed",
        audit::user(&manager.id),
        format!("door {door_id}"),
    );
    if !state.store.update_door(&door, &audit).await? {
        return Err(ApiError::NotFound);
    }
    rooms::forget_layout(state, &door.room_id);
    Ok((door, new_secret))
}

/// Sends a signed test delivery to the door's webhook (`"test": true` in the body) and reports the
/// answer; audited, so a manager's tests show in the log beside real grants.
pub async fn test_webhook(
    state: &AppState,
    manager: &UserRecord,
    door_id: &str,
) -> Result<WebhookTest, ApiError> {
    let door = state.store.door(door_id).await?.ok_or(ApiError::NotFound)?;
    if door.webhook_url.is_none() {
        return Err(invalid("webhook_url", "this door has no webhook to test"));
    }
    let now = state.clock.now();
    let body = serde_json::json!({"door_id": door.id, "test": true, "at": now.to_rfc3339()}).to_string();
    let started = std::time::Instant::now();
    let outcome = webhook::deliver(state, &door, body).await;
    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let result = match outcome {
        Ok(status) => WebhookTest {
            ok: status.is_success(),
            status: Some(status.as_u16()),
            error: None,
            millis,
        },
        Err(error) => WebhookTest {
            ok: false,
            status: None,
            error: Some(error),
            millis,
        },
    };
    let detail = format!(
        "door {door_id}: {}",
        if result.ok { "answered" } else { "failed" }
    );
    state
        .store
        .append_audit(&NewEntry::new(
            now,
            "door_webhook_tested",
            audit::user(&manager.id),
            detail,
        ))
        .await?;
    Ok(result)
}

pub async fn revoke(state: &AppState, manager: &UserRecord, door_id: &str) -> Result<(), ApiError> {
    let door = state.store.door(door_id).await?.ok_or(ApiError::NotFound)?;
    let now = state.clock.now();
    let audit = NewEntry::new(
        now,
        "door_revoked",
        audit::user(&manager.id),
        format!("door {door_id}"),
    );
    if state.store.revoke_door(door_id, now, &audit).await? {
        rooms::forget_layout(state, &door.room_id);
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
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

/// The presence code the door's kiosk shows now. A door without a screen has none.
pub async fn presence(state: &AppState, door: &DoorRecord) -> Result<Presence, ApiError> {
    if !door.screen {
        return Err(ApiError::NotFound);
    }
    let room = rooms::find(state, &door.room_id).await?;
    let (code, until) = crate::presence::current(&state.vault, &door.id, state.clock.now());
    Ok(Presence {
        code,
        valid_until: local(until, room.utc_offset_secs),
    })
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
        .unlock(door, index.as_deref(), now, &state.door_throttle)
        .await?
    {
        UnlockOutcome::Granted {
            booking,
            seat_changed,
        } => {
            if seat_changed {
                rooms::publish_seat(state, &booking.room_id, &booking.seat_id).await;
            }
            webhook::fire(state, door, &booking.id, &booking.seat_label, now);
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
