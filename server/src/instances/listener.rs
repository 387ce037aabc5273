//! Hears what the other instances tell and does it here: a seat change forgets the room's bookings
//! in this instance's seat-map cache and goes to its maps; a room edit forgets the layout; ended
//! sessions and console events go to the streams.
//!
//! When the connection drops, notifications sent meanwhile are lost. Once listening again, the
//! instance forgets its whole seat-map cache and resyncs its streams ([`Events::resync`]), so no
//! screen stays wrong; until then, a seat map read here is at most `room_cache::MAX_AGE` stale.
//!
//! [`Events::resync`]: crate::events::Events::resync

use super::notice::{Envelope, Notice};
use crate::rooms;
use crate::state::AppState;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use std::time::Duration;

/// How long to wait before trying to listen again after a failure.
const RETRY: Duration = Duration::from_secs(1);

pub struct Listening {
    listener: PgListener,
    options: PgConnectOptions,
    id: u64,
}

/// A listener on the instances' channel, over a connection named so that operators (and tests)
/// can find it in `pg_stat_activity`.
async fn listen(options: &PgConnectOptions) -> Result<PgListener, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(options.clone().application_name("studyroom-listen"));
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(super::CHANNEL).await?;
    Ok(listener)
}

impl Listening {
    pub async fn connect(options: &PgConnectOptions, id: u64) -> Result<Self, sqlx::Error> {
        Ok(Self {
            listener: listen(options).await?,
            options: options.clone(),
            id,
        })
    }

    /// Delivers what the other instances tell, for as long as the process runs.
    pub fn spawn(self, state: AppState) {
        let Self {
            mut listener,
            options,
            id,
        } = self;
        tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => deliver(&state, id, notification.payload()).await,
                    // The connection dropped, and the listener has already listened again.
                    Ok(None) => resync(&state),
                    Err(error) => {
                        tracing::warn!(%error, "stopped hearing the other instances; listening again");
                        listener = listen_again(&options).await;
                        resync(&state);
                    }
                }
            }
        });
    }
}

async fn listen_again(options: &PgConnectOptions) -> PgListener {
    loop {
        tokio::time::sleep(RETRY).await;
        match listen(options).await {
            Ok(listener) => return listener,
            Err(error) => tracing::warn!(%error, "cannot listen to the other instances yet"),
        }
    }
}

fn resync(state: &AppState) {
    tracing::info!("hearing the other instances again; seat maps and streams resync");
    state.room_cache.forget_all();
    state.events.resync();
}

async fn deliver(state: &AppState, me: u64, payload: &str) {
    let Some(envelope) = Envelope::decode(payload) else {
        tracing::warn!("an unreadable notice from another instance; ignored");
        return;
    };
    if envelope.from == me {
        return;
    }
    match envelope.notice {
        Notice::Seat { room, seat } => rooms::show_seat_change(state, &room, &seat).await,
        Notice::Layout { room } => state.room_cache.forget_room(&room),
        other => state.events.deliver(other),
    }
}
