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

pub async fn verify(State(state): State<AppState>, _manager: Manager) -> Result<axum::Json<Value>, ApiError> {
    let entries = state.store.all_audit().await?;
    let result = crate::audit::verify(&entries);
    Ok(axum::Json(
        json!({"ok": result.is_ok(), "entries": entries.len(), "first_bad_seq": result.err()}),
    ))
}
