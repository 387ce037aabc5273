//! `GET /api/admin/audit` and `GET /api/admin/audit/verify`.

use crate::error::ApiError;
use crate::session::Manager;
use crate::state::AppState;
use axum::extract::{Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
pub struct Limit {
    limit: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    _manager: Manager,
    query: Result<Query<Limit>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let limit = match query.ok().and_then(|Query(q)| q.limit) {
        None => 100,
        Some(l) => l
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=1000).contains(l))
            .ok_or(ApiError::BadRequest("limit must be 1 to 1000"))?,
    };
    let entries: Vec<Value> = state
        .store
        .recent_audit(limit)
        .await?
        .into_iter()
        .map(|e| {
            json!({"seq": e.seq, "at": crate::local_time::local(e.at, crate::accounts::DISPLAY_OFFSET_SECS),
                   "kind": e.kind, "actor": e.actor, "detail": e.detail, "hash": hex::encode(e.hash)})
        })
        .collect();
    Ok(axum::Json(json!({ "entries": entries })))
}

/// Recomputes the whole chain: `first_bad_seq` names an edited, inserted or deleted entry;
/// `truncated` says that entries were cut off the end (the head names a later entry than the last).
pub async fn verify(State(state): State<AppState>, _manager: Manager) -> Result<axum::Json<Value>, ApiError> {
    use crate::audit::Verdict;
    let (entries, head) = state.store.audit_chain().await?;
    let verdict = crate::audit::verify(&state.chain, &entries, head.as_ref());
    let (first_bad_seq, truncated, head_seq) = match verdict {
        Verdict::Intact => (None, false, head.map(|h| h.seq)),
        Verdict::BrokenAt(seq) => (Some(seq), false, head.map(|h| h.seq)),
        Verdict::Truncated { head_seq, .. } => (None, true, Some(head_seq)),
    };
    Ok(axum::Json(json!({
        "ok": verdict == Verdict::Intact,
        "entries": entries.len(),
        "first_bad_seq": first_bad_seq,
        "truncated": truncated,
        "head_seq": head_seq,
    })))
}
