//! Accounts: real-name signup, login with its throttle, sessions, verification by a manager,
//! erasure. Personal data is encrypted on the way in and masked on the way out; the full ID number
//! leaves this module only encrypted.

use crate::audit::{self, NewEntry};
use crate::crypto::Vault;
use crate::error::ApiError;
use crate::events::SessionEnd;
use crate::password::Hasher;
use crate::session;
use crate::state::AppState;
use crate::store::{Attempt, NewUser, StatusChange, Store, StoreError, UserRecord};
use axum::http::StatusCode;
use chrono::{DateTime, FixedOffset, Utc};
use rand::RngCore;
use studyroom_api::auth::{LoginRequest, SignupRequest};
use studyroom_api::{
    AdminUser, ErrorCode, IdNumber, IdNumberError, Password, PasswordError, Phone, RealName, RealNameError,
    Role, User, UserStatus,
};

/// Times in answers are given at Shanghai's offset, the server's home; rooms carry their own.
pub const DISPLAY_OFFSET_SECS: i32 = 8 * 3600;

fn display(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&FixedOffset::east_opt(DISPLAY_OFFSET_SECS).expect("a valid offset"))
}

pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn context(user_id: &str, column: &str) -> String {
    format!("users/{user_id}/{column}")
}

fn phone_index(vault: &Vault, phone: &Phone) -> Vec<u8> {
    vault.blind_index("phone", phone.as_str())
}

fn invalid(code: ErrorCode, field: &'static str, message: &'static str) -> ApiError {
    ApiError::Invalid { code, field, message }
}

/// Parses every field of a signup, in form order, into the types that cannot hold a bad value.
fn parse_signup(
    req: &SignupRequest,
    today: chrono::NaiveDate,
) -> Result<(Phone, Password, RealName, IdNumber), ApiError> {
    let phone = Phone::parse(&req.phone).map_err(|_| {
        invalid(
            ErrorCode::InvalidPhone,
            "phone",
            "enter an 11-digit mainland mobile number",
        )
    })?;
    let password = Password::parse(&req.password).map_err(|e| {
        let message = match e {
            PasswordError::TooShort => "the password needs at least 8 characters",
            PasswordError::TooLong => "the password may have at most 128 characters",
        };
        invalid(ErrorCode::InvalidPassword, "password", message)
    })?;
    let (real_name, id_number) = parse_identity(&req.real_name, &req.id_number, today)?;
    if !req.consent {
        return Err(invalid(
            ErrorCode::ConsentRequired,
            "consent",
            "agree to the processing of your ID number to sign up",
        ));
    }
    Ok((phone, password, real_name, id_number))
}

/// The name and ID number as on the card, each with its own error.
fn parse_identity(
    real_name: &str,
    id_number: &str,
    today: chrono::NaiveDate,
) -> Result<(RealName, IdNumber), ApiError> {
    let real_name = RealName::parse(real_name).map_err(|e| {
        let message = match e {
            RealNameError::TooShort | RealNameError::TooLong => "the name must have 2 to 30 characters",
            RealNameError::Character => "the name may only have letters, · and spaces, as on the ID card",
        };
        invalid(ErrorCode::InvalidRealName, "real_name", message)
    })?;
    let id_number = IdNumber::parse(id_number, today).map_err(|e| {
        let message = match e {
            IdNumberError::Length => "a resident ID number has 18 characters",
            IdNumberError::Character => "a resident ID number is 17 digits and a digit or X",
            IdNumberError::BirthDate => "the birth date in this ID number is not possible",
            IdNumberError::Checksum => "the last character does not match the others: check for a typo",
        };
        invalid(ErrorCode::InvalidIdNumber, "id_number", message)
    })?;
    Ok((real_name, id_number))
}

/// Creates a pending member. The ID number is encrypted and blind-indexed (one account per person).
pub async fn signup(state: &AppState, req: SignupRequest) -> Result<UserRecord, ApiError> {
    let now = state.clock.now();
    let (phone, password, real_name, id_number) = parse_signup(&req, display(now).date_naive())?;
    let vault = &state.vault;
    let id = new_id();
    let user = NewUser {
        role: Role::Member,
        status: UserStatus::Pending,
        phone_index: phone_index(vault, &phone),
        phone_enc: vault.encrypt(&context(&id, "phone"), phone.as_str()),
        real_name_enc: Some(vault.encrypt(&context(&id, "real_name"), real_name.as_str())),
        id_number_index: Some(vault.blind_index("id_number", id_number.as_str())),
        id_number_enc: Some(vault.encrypt(&context(&id, "id_number"), id_number.as_str())),
        password_hash: state.hasher.hash(password.expose().to_owned()).await?,
        created_at: now,
        id,
    };
    insert(&*state.store, &user, None).await?;
    state.events.user_changed(&user.id, UserStatus::Pending);
    state
        .store
        .user_by_id(&user.id)
        .await?
        .ok_or_else(|| ApiError::internal("user vanished after insert"))
}

async fn insert(store: &dyn Store, user: &NewUser, audit: Option<&NewEntry>) -> Result<(), ApiError> {
    store.insert_user(user, audit).await.map_err(|e| match e {
        StoreError::PhoneTaken => ApiError::Conflict {
            code: ErrorCode::PhoneTaken,
            message: "this phone number already has an account: log in instead",
        },
        StoreError::IdNumberTaken => ApiError::Conflict {
            code: ErrorCode::IdNumberTaken,
            message: "this ID number already has an account",
        },
        other => other.into(),
    })
}

/// Checks a phone and password against the throttle, then the stored hash.
pub async fn login(state: &AppState, req: LoginRequest) -> Result<UserRecord, ApiError> {
    let now = state.clock.now();
    // Keyed on what was typed, normalised when it is a phone number, so "+86…" and "…" share a count.
    let phone = Phone::parse(&req.phone).ok();
    let typed = phone.as_ref().map_or(req.phone.trim(), Phone::as_str);
    let throttle_key = state.vault.blind_index("login", typed);
    let locks_until = match state
        .store
        .login_attempt(&throttle_key, now, &state.login_throttle)
        .await?
    {
        Attempt::Locked { until } => return Err(too_many(until, now)),
        Attempt::Allowed { locks_until } => locks_until,
    };
    let user = match &phone {
        Some(p) => state.store.user_by_phone(&phone_index(&state.vault, p)).await?,
        None => None,
    };
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    if state.hasher.verify(req.password, hash).await? {
        state.store.login_succeeded(&throttle_key).await?;
        return user.ok_or_else(|| ApiError::internal("verified without a user"));
    }
    Err(match locks_until {
        Some(until) => too_many(until, now),
        None => ApiError::BadCredentials {
            status: StatusCode::UNAUTHORIZED,
        },
    })
}

pub fn too_many(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    ApiError::TooManyAttempts {
        retry_after_secs: u64::try_from((until - now).num_seconds()).unwrap_or(1),
    }
}

/// Starts a session for `user`; returns the token for the cookie. A session the browser still
/// presented (`previous`, the hash of its cookie) is ended first, so a cookie planted before login
/// is worth nothing after it. Managers' logins are audited with the session.
pub async fn start_session(
    state: &AppState,
    user: &UserRecord,
    previous: Option<&[u8]>,
) -> Result<String, ApiError> {
    if let Some(old) = previous {
        end_session(state, old).await?;
    }
    let (token, hash) = session::new_token();
    let now = state.clock.now();
    let audit = (user.role == Role::Manager)
        .then(|| NewEntry::new(now, "manager_logged_in", audit::user(&user.id), "new session"));
    state
        .store
        .insert_session(&hash, &user.id, now, audit.as_ref())
        .await?;
    Ok(token)
}

/// Ends one session (logout), and the event streams it opened.
pub async fn end_session(state: &AppState, token_hash: &[u8]) -> Result<(), ApiError> {
    state.store.delete_session(token_hash).await?;
    state.events.end_sessions(SessionEnd::Token(token_hash.to_vec()));
    Ok(())
}

/// Ends every session of a person ("log out everywhere").
pub async fn end_all_sessions(state: &AppState, user_id: &str) -> Result<(), ApiError> {
    state.store.delete_sessions_of_user(user_id).await?;
    state.events.end_sessions(SessionEnd::User(user_id.to_owned()));
    Ok(())
}

/// Erases the caller's account after checking their password once more. The identity, every
/// session and every live booking (with its code) go in one transaction.
pub async fn erase(state: &AppState, user: &UserRecord, password: String) -> Result<(), ApiError> {
    if !state.hasher.verify(password, user.password_hash.clone()).await? {
        return Err(ApiError::BadCredentials {
            status: StatusCode::FORBIDDEN,
        });
    }
    let now = state.clock.now();
    let audit = NewEntry::new(
        now,
        "account_erased",
        audit::user(&user.id),
        format!("user {}", user.id),
    );
    let cancelled = state.store.erase_user(&user.id, now, &audit).await?;
    state.events.end_sessions(SessionEnd::User(user.id.clone()));
    for b in cancelled {
        crate::rooms::publish_seat(state, &b.room_id, &b.seat_id).await;
    }
    Ok(())
}

/// Suspends a member until a time, with a reason they will read; their live bookings are cancelled
/// and their codes revoked at once.
pub async fn suspend(
    state: &AppState,
    manager: &UserRecord,
    user_id: &str,
    until: DateTime<FixedOffset>,
    reason: String,
) -> Result<UserRecord, ApiError> {
    let now = state.clock.now();
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(invalid(
            ErrorCode::ReasonRequired,
            "reason",
            "say why, in at most 200 characters",
        ));
    }
    let until = until.with_timezone(&Utc);
    if until <= now {
        return Err(invalid(
            ErrorCode::InvalidRequest,
            "until",
            "a suspension ends in the future",
        ));
    }
    let change = StatusChange {
        status: UserStatus::Suspended,
        reason: Some(reason),
        suspended_until: Some(until),
        by: &manager.id,
        revoke_codes: true,
        automatic: false,
    };
    member(state, user_id).await?;
    let audit = NewEntry::new(
        now,
        "member_suspended",
        audit::user(&manager.id),
        format!("user {user_id} until {}", until.to_rfc3339()),
    );
    // Suspension is from booking, so only verified members (or suspended ones, to change the end)
    // can be suspended: a pending person stays pending, and nobody is verified by a suspension.
    let from = [UserStatus::Verified, UserStatus::Suspended];
    let (user, cancelled) = state
        .store
        .set_status(user_id, &from, &change, now, &audit)
        .await?
        .ok_or(ApiError::Conflict {
            code: ErrorCode::InvalidState,
            message: "only verified members can be suspended",
        })?;
    for b in cancelled {
        crate::rooms::publish_seat(state, &b.room_id, &b.seat_id).await;
    }
    state.events.user_changed(&user.id, user.status);
    Ok(user)
}

/// A live member account, or 404.
async fn member(state: &AppState, user_id: &str) -> Result<UserRecord, ApiError> {
    state
        .store
        .user_by_id(user_id)
        .await?
        .filter(|u| !u.erased && u.role == Role::Member)
        .ok_or(ApiError::NotFound)
}

/// Ends a suspension early.
pub async fn reinstate(
    state: &AppState,
    manager: &UserRecord,
    user_id: &str,
) -> Result<UserRecord, ApiError> {
    let change = StatusChange {
        status: UserStatus::Verified,
        reason: None,
        suspended_until: None,
        by: &manager.id,
        revoke_codes: false,
        automatic: false,
    };
    member(state, user_id).await?;
    let now = state.clock.now();
    let audit = NewEntry::new(
        now,
        "member_reinstated",
        audit::user(&manager.id),
        format!("user {user_id}"),
    );
    let user = state
        .store
        .set_status(user_id, &[UserStatus::Suspended], &change, now, &audit)
        .await?
        .map(|(user, _)| user)
        .ok_or(ApiError::Conflict {
            code: ErrorCode::InvalidState,
            message: "only a suspended member can be reinstated",
        })?;
    state.events.user_changed(&user.id, user.status);
    Ok(user)
}

/// A manager's decision on a member's identity.
pub async fn decide(
    state: &AppState,
    manager: &UserRecord,
    user_id: &str,
    approve: bool,
    reason: Option<String>,
) -> Result<UserRecord, ApiError> {
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > 200) {
        return Err(invalid(
            ErrorCode::InvalidRequest,
            "reason",
            "the reason may have at most 200 characters",
        ));
    }
    let (to, reason) = if approve {
        (UserStatus::Verified, None)
    } else {
        let reason = reason.ok_or_else(|| {
            invalid(
                ErrorCode::ReasonRequired,
                "reason",
                "say why, so the person knows what to fix",
            )
        })?;
        (UserStatus::Rejected, Some(reason))
    };
    member(state, user_id).await?;
    let from = [UserStatus::Pending, UserStatus::Rejected];
    let change = StatusChange {
        status: to,
        reason: reason.as_deref(),
        suspended_until: None,
        by: &manager.id,
        revoke_codes: false,
        automatic: false,
    };
    let now = state.clock.now();
    let kind = if approve {
        "member_verified"
    } else {
        "member_rejected"
    };
    let audit = NewEntry::new(now, kind, audit::user(&manager.id), format!("user {user_id}"));
    let user = state
        .store
        .set_status(user_id, &from, &change, now, &audit)
        .await?
        .map(|(user, _)| user)
        .ok_or(ApiError::Conflict {
            code: ErrorCode::InvalidState,
            message: "only pending or rejected people can be decided",
        })?;
    state.events.user_changed(&user.id, user.status);
    Ok(user)
}

/// Creates a manager, or promotes the account that already has this phone number. Returns whether
/// the account is new.
pub async fn create_manager(
    store: &dyn Store,
    vault: &Vault,
    hasher: &Hasher,
    phone: &Phone,
    password: &Password,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let hash = hasher.hash(password.expose().to_owned()).await?;
    let index = phone_index(vault, phone);
    let promoted = NewEntry::new(
        now,
        "manager_promoted",
        "system",
        "made a manager on the command line",
    );
    if store
        .promote_to_manager(&index, &hash, &promoted)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let id = new_id();
    let user = NewUser {
        role: Role::Manager,
        status: UserStatus::Verified,
        phone_index: index,
        phone_enc: vault.encrypt(&context(&id, "phone"), phone.as_str()),
        real_name_enc: None,
        id_number_index: None,
        id_number_enc: None,
        password_hash: hash,
        created_at: now,
        id,
    };
    let created = NewEntry::new(
        now,
        "manager_created",
        "system",
        format!("user {} made on the command line", user.id),
    );
    insert(store, &user, Some(&created)).await?;
    Ok(true)
}

fn decrypt_opt(
    vault: &Vault,
    user: &UserRecord,
    column: &str,
    blob: &Option<Vec<u8>>,
) -> Result<Option<String>, ApiError> {
    blob.as_ref()
        .map(|b| vault.decrypt(&context(&user.id, column), b))
        .transpose()
        .map_err(Into::into)
}

/// `张*明`, for boards that show who holds a seat; `None` for managers and erased accounts.
pub fn masked_name(vault: &Vault, user: &UserRecord) -> Option<String> {
    decrypt_opt(vault, user, "real_name", &user.real_name_enc)
        .ok()
        .flatten()
        .map(|n| studyroom_api::mask::name(&n))
}

/// The user as anyone may see them: identity masked.
pub fn to_wire(vault: &Vault, user: &UserRecord) -> Result<User, ApiError> {
    let phone = decrypt_opt(vault, user, "phone", &user.phone_enc)?;
    let name = decrypt_opt(vault, user, "real_name", &user.real_name_enc)?;
    let id_number = decrypt_opt(vault, user, "id_number", &user.id_number_enc)?;
    Ok(User {
        id: user.id.clone(),
        phone_masked: phone
            .as_deref()
            .map(studyroom_api::mask::phone)
            .unwrap_or_default(),
        real_name_masked: name.as_deref().map(studyroom_api::mask::name).unwrap_or_default(),
        id_number_masked: id_number
            .as_deref()
            .map(studyroom_api::mask::id_number)
            .unwrap_or_default(),
        status: user.status,
        role: user.role,
        suspended_until: user.suspended_until.map(display),
        status_reason: user.status_reason.clone(),
        suspended_automatically: user.suspended_automatically,
        created_at: display(user.created_at),
    })
}

/// The user as a manager sees them: the real name in full, to compare with the card.
pub fn to_admin_wire(vault: &Vault, user: &UserRecord) -> Result<AdminUser, ApiError> {
    let real_name = decrypt_opt(vault, user, "real_name", &user.real_name_enc)?.unwrap_or_default();
    Ok(AdminUser {
        user: to_wire(vault, user)?,
        real_name,
    })
}

/// People a manager looks for: `q` of four digits is the end of a phone number, anything else a
/// name (in full, part of it, or masked like `张*明`). Identities are encrypted, so the search reads
/// the people in pages and compares decrypted values in memory: fine for the thousands of members
/// of a street office, and nothing about them is ever stored in a searchable form.
pub async fn search(
    state: &AppState,
    status: Option<UserStatus>,
    q: &str,
    limit: usize,
) -> Result<Vec<UserRecord>, ApiError> {
    const PAGE: u32 = 500;
    let q = q.trim();
    let tail = (q.len() == 4 && q.bytes().all(|b| b.is_ascii_digit())).then_some(q);
    let masked = q.contains('*');
    let mut found = Vec::new();
    let mut after: Option<crate::store::UserCursor> = None;
    loop {
        let page = state.store.users(status, after.as_ref(), PAGE).await?;
        for user in &page {
            let matches = match tail {
                Some(tail) => decrypt_opt(&state.vault, user, "phone", &user.phone_enc)?
                    .is_some_and(|p| p.ends_with(tail)),
                None => decrypt_opt(&state.vault, user, "real_name", &user.real_name_enc)?.is_some_and(|n| {
                    if masked {
                        studyroom_api::mask::name(&n) == q
                    } else {
                        n.contains(q)
                    }
                }),
            };
            if matches {
                found.push(user.clone());
                if found.len() == limit {
                    return Ok(found);
                }
            }
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => {
                after = Some(crate::store::UserCursor {
                    created_at: last.created_at,
                    id: last.id.clone(),
                })
            }
            _ => return Ok(found),
        }
    }
}

/// A rejected person corrects their name or ID number and asks again: back to pending, audited,
/// and the verification queue hears of it.
pub async fn reapply(
    state: &AppState,
    user: &UserRecord,
    req: &studyroom_api::auth::ReapplyRequest,
) -> Result<UserRecord, ApiError> {
    let now = state.clock.now();
    let (real_name, id_number) = parse_identity(&req.real_name, &req.id_number, display(now).date_naive())?;
    if user.status != UserStatus::Rejected {
        return Err(ApiError::Conflict {
            code: ErrorCode::InvalidState,
            message: "only a rejected application can be corrected and sent again",
        });
    }
    let vault = &state.vault;
    let audit = NewEntry::new(
        now,
        "member_reapplied",
        audit::user(&user.id),
        format!("user {}", user.id),
    );
    let updated = state
        .store
        .reapply(
            &user.id,
            &vault.encrypt(&context(&user.id, "real_name"), real_name.as_str()),
            &vault.blind_index("id_number", id_number.as_str()),
            &vault.encrypt(&context(&user.id, "id_number"), id_number.as_str()),
            &audit,
        )
        .await
        .map_err(|e| match e {
            StoreError::IdNumberTaken => ApiError::Conflict {
                code: ErrorCode::IdNumberTaken,
                message: "this ID number already has an account",
            },
            other => other.into(),
        })?
        .ok_or(ApiError::Conflict {
            code: ErrorCode::InvalidState,
            message: "only a rejected application can be corrected and sent again",
        })?;
    state.events.user_changed(&user.id, UserStatus::Pending);
    Ok(updated)
}
