//! `GET /api/admin/events`: what an open console hears without asking (server-sent events):
//! `user` `{id, status}` on a signup or a status change, `appeal` `{violation_id}` on a new appeal.
//! Keep-alive comments; the stream ends with the session, on lag (the console reloads its lists),
//! and at shutdown.

use crate::error::ApiError;
use crate::events::AdminEvent;
use crate::session::{CurrentUser, Manager};
use crate::state::AppState;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::response::sse::Event;
use futures_util::stream::StreamExt;
use std::convert::Infallible;
use tokio_stream::wrappers::BroadcastStream;

fn event(e: &AdminEvent) -> Result<Event, Infallible> {
    let (name, data) = match e {
        AdminEvent::User(u) => ("user", serde_json::to_string(u)),
        AdminEvent::Appeal(a) => ("appeal", serde_json::to_string(a)),
    };
    Ok(Event::default().event(name).data(data.unwrap_or_default()))
}

pub async fn stream(
    State(state): State<AppState>,
    Manager(manager): Manager,
    me: CurrentUser,
) -> Result<impl IntoResponse, ApiError> {
    let slot = state.streams.open(&manager.id)?;
    let ended = crate::session::ended(state.clone(), manager.id.clone(), me.token_hash.clone());
    let events = BroadcastStream::new(state.events.admin_events())
        .take_while(|m| std::future::ready(m.is_ok()))
        .filter_map(|m| std::future::ready(m.ok()))
        .map(|e| event(&e))
        .take_until(state.events.closing())
        // Events from the other instances may have been missed: the browser reads again.
        .take_until(state.events.resynced())
        .take_until(ended);
    Ok(super::sse::respond(slot, events))
}
