//! What every event stream shares: it starts with a comment, so the response begins at once. A
//! stream with nothing to say until something happens (a manager's decision, a signup) sent no
//! bytes until its first keep-alive, 15 s on, and Chromium held the page's other requests to the
//! server back until then (seen on a phone's account page: a log out took 16 s).
//!
//! Every stream also says `X-Accel-Buffering: no`, so that nginx in front passes each event on at
//! once rather than holding it in its buffer (other proxies: see the README's deployment section).

use crate::streams::StreamSlot;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;

/// `events` as a server-sent event response that opens at once, keeps the line alive and is not
/// buffered by a proxy. It holds `slot` (its place in its person's count of open streams) for as
/// long as it is open.
pub fn respond<S>(slot: StreamSlot, events: S) -> impl IntoResponse
where
    S: Stream<Item = Result<Event, Infallible>> + Send + 'static,
{
    let opened = stream::once(std::future::ready(Ok(Event::default().comment("open"))));
    let events = events.map(move |event| {
        let _held = &slot;
        event
    });
    (
        [("x-accel-buffering", "no")],
        Sse::new(opened.chain(events)).keep_alive(KeepAlive::default()),
    )
}
