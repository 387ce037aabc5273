//! `GET /api/admin/audit` (newest first, filtered, in pages) and `GET /api/admin/audit/verify`.

use crate::error::ApiError;
use crate::session::Manager;
use crate::state::AppState;
use crate::store::AuditFilter;
use axum::extract::{Query, State};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use studyroom_api::audit::{AuditEntry, AuditPage, AuditVerdict};

#[derive(Deserialize)]
pub struct AuditQuery {
    limit: Option<String>,
    kind: Option<String>,
    about: Option<String>,
    /// `YYYY-MM-DD`, on Shanghai's clock, inclusive.
    from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    to: Option<String>,
    before: Option<String>,
}

fn day_start(s: &str) -> Option<DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    (2000..=2200)
        .contains(&chrono::Datelike::year(&date))
        .then(|| crate::local_time::day_bounds(date, crate::accounts::DISPLAY_OFFSET_SECS).0)
}

fn word(s: Option<String>, what: &'static str) -> Result<Option<String>, ApiError> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(w) if w.len() <= 64 && w.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
            Ok(Some(w.to_owned()))
        }
        Some(_) => Err(ApiError::BadRequest(what)),
    }
}

pub async fn list(
    State(state): State<AppState>,
    _manager: Manager,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::Json<AuditPage>, ApiError> {
    let Query(q) = query.map_err(|_| ApiError::BadRequest("unreadable query string"))?;
    let limit = match q.limit.as_deref() {
        None | Some("") => 100,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|l| (1..=1000).contains(l))
            .ok_or(ApiError::BadRequest("limit must be 1 to 1000"))?,
    };
    let date = |s: Option<String>, end: bool| -> Result<Option<DateTime<Utc>>, ApiError> {
        match s.as_deref() {
            None | Some("") => Ok(None),
            Some(d) => day_start(d)
                .map(|t| if end { t + chrono::Duration::days(1) } else { t })
                .map(Some)
                .ok_or(ApiError::BadRequest("dates are YYYY-MM-DD")),
        }
    };
    let filter = AuditFilter {
        kind: word(q.kind, "kind is a word like door_refused")?,
        about: word(q.about, "about is a person's or a door's id")?,
        from: date(q.from, false)?,
        to: date(q.to, true)?,
        before: match q.before.as_deref() {
            None | Some("") => None,
            Some(b) => Some(
                b.parse::<i64>()
                    .map_err(|_| ApiError::BadRequest("before is a seq"))?,
            ),
        },
    };
    let page = state.store.audit_page(&filter, limit).await?;
    let next_before = (page.len() == limit as usize)
        .then(|| page.last().map(|e| e.seq))
        .flatten();
    let entries = page
        .into_iter()
        .map(|e| AuditEntry {
            seq: e.seq,
            at: crate::local_time::local(e.at, crate::accounts::DISPLAY_OFFSET_SECS),
            kind: e.kind,
            actor: e.actor,
            detail: e.detail,
            hash: hex::encode(e.hash),
        })
        .collect();
    Ok(axum::Json(AuditPage { entries, next_before }))
}

/// Recomputes the whole chain: `first_bad_seq` names an edited, inserted or deleted entry;
/// `truncated` says that entries were cut off the end (the head names a later entry than the last).
pub async fn verify(
    State(state): State<AppState>,
    _manager: Manager,
) -> Result<axum::Json<AuditVerdict>, ApiError> {
    use crate::audit::Verdict;
    let (entries, head) = state.store.audit_chain().await?;
    let verdict = crate::audit::verify(&state.chain, &entries, head.as_ref());
    let (first_bad_seq, truncated, head_seq) = match verdict {
        Verdict::Intact => (None, false, head.map(|h| h.seq)),
        Verdict::BrokenAt(seq) => (Some(seq), false, head.map(|h| h.seq)),
        Verdict::Truncated { head_seq, .. } => (None, true, Some(head_seq)),
    };
    Ok(axum::Json(AuditVerdict {
        ok: verdict == Verdict::Intact,
        entries: entries.len() as u64,
        first_bad_seq,
        truncated,
        head_seq,
    }))
}
