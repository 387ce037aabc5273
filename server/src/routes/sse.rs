//! What every event stream shares: it starts with a comment, so the response begins at once. A
//! stream with nothing to say until something happens (a manager's decision, a signup) sent no
//! bytes until its first keep-alive, 15 s on, and Chromium held the page's other requests to the
//! server back until then (seen on a phone's account page: a log out took 16 s).

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;

/// `events` as a server-sent event response that opens at once and keeps the line alive.
pub fn respond<S>(events: S) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    S: Stream<Item = Result<Event, Infallible>> + Send + 'static,
{
    let opened = stream::once(std::future::ready(Ok(Event::default().comment("open"))));
    Sse::new(opened.chain(events)).keep_alive(KeepAlive::default())
}
