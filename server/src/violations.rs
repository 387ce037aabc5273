//! Fairness: violations (no-shows, not back from a break), the automatic suspension they lead to
//! (N counting violations within D days suspend booking for S days, set per room), members'
//! appeals and managers' pardons. Violations decay: each counts only within its room's D days, so
//! one bad week never locks anyone out of a whole exam season.

use crate::accounts;
use crate::audit::{self, NewEntry};
use crate::error::ApiError;
use crate::local_time::local;
use crate::state::AppState;
use crate::store::{StatusChange, UserRecord, ViolationRecord, ViolationVerdict};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use studyroom_api::violation::{Appeal, PendingAppeal, Violation};
use studyroom_api::{ErrorCode, Rules, UserStatus};

fn window(rules: &Rules) -> Duration {
    Duration::days(i64::from(rules.auto_suspend_within_days))
}

/// The rules of every room, to know how long each violation counts.
async fn rules_by_room(state: &AppState) -> Result<HashMap<String, Rules>, ApiError> {
    Ok(state
        .store
        .rooms()
        .await?
        .into_iter()
        .map(|r| (r.id, r.rules))
        .collect())
}

pub fn to_wire(v: &ViolationRecord, rules: Option<&Rules>, now: DateTime<Utc>) -> Violation {
    let rules = rules.copied().unwrap_or_default();
    let l = |t| local(t, accounts::DISPLAY_OFFSET_SECS);
    Violation {
        id: v.id.to_string(),
        kind: v.kind,
        at: l(v.at),
        booking_id: v.booking_id.clone(),
        seat_label: v.seat_label.clone(),
        pardoned: v.pardoned_at.is_some(),
        counts: v.pardoned_at.is_none() && v.at > now - window(&rules),
        appeal: match (&v.appeal_text, v.appealed_at, v.appeal_state) {
            (Some(text), Some(at), Some(state)) => Some(Appeal {
                text: text.clone(),
                at: l(at),
                state,
                answer: v.appeal_answer.clone(),
            }),
            _ => None,
        },
    }
}

/// A person's violations, newest first.
pub async fn of_user(state: &AppState, user_id: &str) -> Result<Vec<Violation>, ApiError> {
    let rules = rules_by_room(state).await?;
    let now = state.clock.now();
    Ok(state
        .store
        .violations_of_user(user_id)
        .await?
        .iter()
        .map(|v| to_wire(v, rules.get(&v.room_id), now))
        .collect())
}

fn id(s: &str) -> Result<i64, ApiError> {
    s.parse().map_err(|_| ApiError::NotFound)
}

fn sentence(reason: &str, field: &'static str) -> Result<String, ApiError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(ApiError::Invalid {
            code: ErrorCode::ReasonRequired,
            field,
            message: "say why, in at most 200 characters",
        });
    }
    Ok(reason.to_owned())
}

/// A member appeals one of their own violations, once, with a sentence of reason.
pub async fn appeal(
    state: &AppState,
    user: &UserRecord,
    violation: &str,
    reason: &str,
) -> Result<Violation, ApiError> {
    let vid = id(violation)?;
    let text = sentence(reason, "reason")?;
    let existing = state
        .store
        .violation(vid)
        .await?
        .filter(|v| v.user_id == user.id)
        .ok_or(ApiError::NotFound)?;
    let now = state.clock.now();
    let audit = NewEntry::new(
        now,
        "violation_appealed",
        audit::user(&user.id),
        format!("violation {vid}"),
    );
    let updated = state
        .store
        .appeal(vid, &user.id, &text, now, &audit)
        .await?
        .ok_or(ApiError::Conflict {
            code: ErrorCode::InvalidState,
            message: "this violation has been appealed or pardoned already",
        })?;
    let rules = state.store.room(&existing.room_id).await?.map(|r| r.rules);
    state.events.publish_admin(crate::events::AdminEvent::Appeal(
        studyroom_api::user::AppealEvent {
            violation_id: vid.to_string(),
        },
    ));
    Ok(to_wire(&updated, rules.as_ref(), now))
}

/// A manager pardons a violation (it stops counting; an automatic suspension it caused is lifted
/// when the count falls below the room's threshold) or upholds an appeal against it.
pub async fn decide(
    state: &AppState,
    manager: &UserRecord,
    violation: &str,
    verdict: ViolationVerdict,
    reason: &str,
) -> Result<Violation, ApiError> {
    let vid = id(violation)?;
    let reason = sentence(reason, "reason")?;
    let now = state.clock.now();
    let kind = match verdict {
        ViolationVerdict::Pardon => "violation_pardoned",
        ViolationVerdict::Uphold => "appeal_upheld",
    };
    let existing = state.store.violation(vid).await?.ok_or(ApiError::NotFound)?;
    let audit = NewEntry::new(
        now,
        kind,
        audit::user(&manager.id),
        format!("violation {vid} of user {}", existing.user_id),
    );
    let updated = state
        .store
        .decide_violation(vid, verdict, &manager.id, &reason, now, &audit)
        .await?
        .ok_or(ApiError::Conflict {
            code: ErrorCode::InvalidState,
            message: "nothing to decide: already pardoned, or no appeal waiting",
        })?;
    let rules = state
        .store
        .room(&existing.room_id)
        .await?
        .map(|r| r.rules)
        .unwrap_or_default();
    if verdict == ViolationVerdict::Pardon {
        lift_if_below(state, &existing.user_id, &rules, now).await?;
    }
    Ok(to_wire(&updated, Some(&rules), now))
}

async fn lift_if_below(
    state: &AppState,
    user_id: &str,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(user) = state.store.user_by_id(user_id).await? else {
        return Ok(());
    };
    if user.status != UserStatus::Suspended || !user.suspended_automatically {
        return Ok(());
    }
    let counting = state
        .store
        .counting_violations(user_id, now - window(rules))
        .await?;
    if counting >= rules.auto_suspend_violations {
        return Ok(());
    }
    let change = StatusChange {
        status: UserStatus::Verified,
        reason: None,
        suspended_until: None,
        by: "system",
        revoke_codes: false,
        automatic: false,
    };
    let audit = NewEntry::new(
        now,
        "suspension_lifted",
        "system",
        format!("user {user_id}: a pardon brought the count below the rule"),
    );
    if state
        .store
        .set_status(user_id, &[UserStatus::Suspended], &change, now, &audit)
        .await?
        .is_some()
    {
        state.events.user_changed(user_id, UserStatus::Verified);
    }
    Ok(())
}

/// After a violation was recorded: suspend booking automatically when the person now has the
/// room's number of counting violations within its window. Only verified members are suspended.
pub async fn after_violation(
    state: &AppState,
    user_id: &str,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if rules.auto_suspend_violations == 0 {
        return Ok(());
    }
    let counting = state
        .store
        .counting_violations(user_id, now - window(rules))
        .await?;
    if counting < rules.auto_suspend_violations {
        return Ok(());
    }
    let change = StatusChange {
        status: UserStatus::Suspended,
        reason: None,
        suspended_until: Some(now + Duration::days(i64::from(rules.auto_suspend_days))),
        by: "system",
        revoke_codes: true,
        automatic: true,
    };
    let audit = NewEntry::new(
        now,
        "member_auto_suspended",
        "system",
        format!(
            "user {user_id}: {counting} violations within {} days; {} days",
            rules.auto_suspend_within_days, rules.auto_suspend_days
        ),
    );
    if let Some((_, cancelled)) = state
        .store
        .set_status(user_id, &[UserStatus::Verified], &change, now, &audit)
        .await?
    {
        for b in cancelled {
            crate::rooms::publish_seat(state, &b.room_id, &b.seat_id).await;
        }
        state.events.user_changed(user_id, UserStatus::Suspended);
    }
    Ok(())
}

/// Appeals waiting for a manager, with who made them.
pub async fn pending(state: &AppState) -> Result<Vec<PendingAppeal>, ApiError> {
    let rules = rules_by_room(state).await?;
    let now = state.clock.now();
    let appeals = state.store.pending_appeals().await?;
    let ids: Vec<&str> = appeals.iter().map(|a| a.user_id.as_str()).collect();
    let people: HashMap<String, UserRecord> = state
        .store
        .users_by_ids(&ids)
        .await?
        .into_iter()
        .map(|u| (u.id.clone(), u))
        .collect();
    appeals
        .iter()
        .filter_map(|v| people.get(&v.user_id).map(|u| (v, u)))
        .map(|(v, u)| {
            Ok(PendingAppeal {
                violation: to_wire(v, rules.get(&v.room_id), now),
                user: accounts::to_admin_wire(&state.vault, u)?,
            })
        })
        .collect()
}
