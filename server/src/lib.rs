//! studyroom-server: the HTTP API of `shared/API.md`, the identity vault, sessions and the store,
//! with the web app embedded. `main.rs` is the command line; tests build the same [`AppState`] with
//! a test clock and a throwaway database.

pub mod accounts;
pub mod audit;
pub mod bench;
pub mod bench_bookings;
pub mod bench_subscribers;
pub mod bookings;
pub mod clock;
pub mod codes;
pub mod cross_site;
pub mod crypto;
pub mod demo;
pub mod doors;
pub mod error;
pub mod events;
pub mod export;
pub mod instances;
pub mod json;
pub mod local_time;
pub mod migrate_to_postgres;
pub mod password;
pub mod presence;
pub mod room_cache;
pub mod rooms;
pub mod routes;
pub mod serve;
pub mod session;
pub mod state;
pub mod stats;
pub mod store;
mod stream_connection;
pub mod streams;
pub mod throttle;
pub mod ticker;
pub mod violations;
pub mod webhook;

pub use routes::router;
pub use state::{AppState, ServerOptions};

use clock::SharedClock;
use crypto::{SecretKey, Vault};
use std::sync::Arc;
use store::{PostgresStore, SessionPolicy, SqliteStore, Store};
use throttle::ThrottlePolicy;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("the HTTP client for door webhooks: {0}")]
    Http(#[from] reqwest::Error),
    #[error("DATABASE_URL must start with sqlite:, postgres: or postgresql: (got {0:?})")]
    UnknownDatabase(String),
}

/// The database behind a URL, by its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(database_url: &str) -> Option<Self> {
        let scheme = database_url.split_once(':')?.0;
        match scheme {
            "sqlite" => Some(Self::Sqlite),
            "postgres" | "postgresql" => Some(Self::Postgres),
            _ => None,
        }
    }
}

/// Opens the store `database_url` names (SQLite or PostgreSQL, by its scheme), running that
/// backend's migrations.
pub async fn open_store(database_url: &str, chain: audit::ChainKey) -> Result<Arc<dyn Store>, OpenError> {
    Ok(match Backend::of(database_url) {
        Some(Backend::Sqlite) => Arc::new(SqliteStore::connect(database_url, chain).await?),
        Some(Backend::Postgres) => Arc::new(PostgresStore::connect(database_url, chain).await?),
        None => {
            // Never echo a password a mistyped URL may carry.
            let scheme = database_url.split_once(':').map_or("", |(s, _)| s);
            return Err(OpenError::UnknownDatabase(format!("{scheme}:…")));
        }
    })
}

/// Opens the database at `database_url` (SQLite or PostgreSQL, migrating it) and assembles the
/// state every handler sees.
pub async fn open(
    database_url: &str,
    key: &SecretKey,
    clock: SharedClock,
    options: ServerOptions,
) -> Result<AppState, OpenError> {
    let chain = audit::ChainKey::new(key.audit_key());
    let store = open_store(database_url, chain.clone()).await?;
    let door_throttle = ThrottlePolicy::door();
    let (events, instances, listening) = match Backend::of(database_url) {
        Some(Backend::Postgres) => {
            let joined = instances::join(database_url)
                .await
                .map_err(store::StoreError::from)?;
            (joined.events, joined.instances, Some(joined.listening))
        }
        _ => (events::Events::default(), instances::Instances::default(), None),
    };
    let state = AppState {
        store,
        vault: Arc::new(Vault::new(key)),
        chain,
        clock,
        sessions: SessionPolicy::default(),
        login_throttle: ThrottlePolicy::login(),
        door_throttle,
        door_guesses_per_day: door_throttle.max_guesses(chrono::Duration::hours(24)),
        hasher: password::Hasher::per_core(),
        events,
        instances,
        room_cache: Arc::default(),
        streams: streams::OpenStreams::new(options.streams_per_person),
        http: webhook::client(options.allow_private_webhooks)?,
        options,
    };
    if let Some(listening) = listening {
        listening.spawn(state.clone());
    }
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::Backend;

    #[test]
    fn the_url_scheme_picks_the_backend() {
        assert_eq!(Backend::of("sqlite://data/studyroom.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of("postgres://u:p@db/studyroom"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::of("postgresql://db/studyroom"), Some(Backend::Postgres));
        assert_eq!(Backend::of("mysql://db/studyroom"), None);
        assert_eq!(Backend::of("data/studyroom.db"), None);
    }
}
