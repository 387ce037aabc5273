//! studyroom-server: the HTTP API of `shared/API.md`, the identity vault, sessions and the store,
//! with the web app embedded. `main.rs` is the command line; tests build the same [`AppState`] with
//! a test clock and a throwaway database.

pub mod accounts;
pub mod audit;
pub mod bookings;
pub mod clock;
pub mod codes;
pub mod crypto;
pub mod demo;
pub mod doors;
pub mod error;
pub mod events;
pub mod json;
pub mod local_time;
pub mod password;
pub mod rooms;
pub mod routes;
pub mod session;
pub mod state;
pub mod store;
pub mod throttle;
pub mod ticker;

pub use routes::router;
pub use state::AppState;

use clock::SharedClock;
use crypto::{SecretKey, Vault};
use std::sync::Arc;
use store::{DoorPolicy, SessionPolicy, SqliteStore};
use throttle::ThrottlePolicy;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("the HTTP client for door webhooks: {0}")]
    Http(#[from] reqwest::Error),
}

/// Opens the database at `database_url` (migrating it) and assembles the state every handler sees.
pub async fn open(database_url: &str, key: &SecretKey, clock: SharedClock) -> Result<AppState, OpenError> {
    let store = SqliteStore::connect(database_url).await?;
    Ok(AppState {
        store: Arc::new(store),
        vault: Arc::new(Vault::new(key)),
        clock,
        sessions: SessionPolicy::default(),
        login_throttle: ThrottlePolicy::default(),
        door_policy: DoorPolicy::default(),
        events: events::Events::default(),
        http: reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(2))
            .timeout(std::time::Duration::from_secs(3))
            .build()?,
    })
}
