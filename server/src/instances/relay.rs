//! Sends what this instance publishes to the others: one task, in order, over a connection of its
//! own, so a request never waits on it. Notices that pile up while a `pg_notify` is in flight go
//! in one statement. A notice that cannot be sent twice over (the database is unreachable) is
//! logged and dropped: the others' seat-map caches still expire within `room_cache::MAX_AGE`, and their event
//! streams resync when their own connection comes back.

use super::notice::{Envelope, Notice};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::time::Duration;
use tokio::sync::mpsc;

/// The most notices sent in one statement.
const BATCH: usize = 256;

pub fn spawn(options: &PgConnectOptions, from: u64) -> mpsc::UnboundedSender<Notice> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Notice>();
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(options.clone().application_name("studyroom-relay"));
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(BATCH);
        // Ends when the event hub (every sender) is gone.
        while rx.recv_many(&mut batch, BATCH).await > 0 {
            let payloads: Vec<String> = batch
                .drain(..)
                .map(|notice| Envelope { from, notice }.encode())
                .collect();
            // One retry: a connection the pool held may have died since the last batch, and the
            // pool opens a fresh one for the second try.
            for attempt in 1..=2 {
                let sent = sqlx::query("SELECT pg_notify($1, payload) FROM UNNEST($2::text[]) AS payload")
                    .bind(super::CHANNEL)
                    .bind(&payloads)
                    .execute(&pool)
                    .await;
                match sent {
                    Ok(_) => break,
                    Err(error) if attempt == 2 => {
                        tracing::warn!(%error, notices = payloads.len(), "could not tell the other instances; dropped")
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        }
    });
    tx
}
