//! studyroom-server: the HTTP API of `shared/API.md`, the identity vault, sessions and the store,
//! with the web app embedded. `main.rs` is the command line; tests build the same [`AppState`] with
//! a test clock and a throwaway database.

pub mod accounts;
pub mod clock;
pub mod crypto;
pub mod error;
pub mod json;
pub mod password;
pub mod routes;
pub mod session;
pub mod state;
pub mod store;
pub mod throttle;

pub use routes::router;
pub use state::AppState;

use clock::SharedClock;
use crypto::{SecretKey, Vault};
use std::sync::Arc;
use store::{SessionPolicy, SqliteStore};
use throttle::ThrottlePolicy;

/// Opens the database at `database_url` (migrating it) and assembles the state every handler sees.
pub async fn open(
    database_url: &str,
    key: &SecretKey,
    clock: SharedClock,
) -> Result<AppState, store::StoreError> {
    let store = SqliteStore::connect(database_url).await?;
    Ok(AppState {
        store: Arc::new(store),
        vault: Arc::new(Vault::new(key)),
        clock,
        sessions: SessionPolicy::default(),
        login_throttle: ThrottlePolicy::default(),
    })
}
