//! Which instance runs the time rules: the one holding a session-level advisory lock on a
//! connection of its own. PostgreSQL releases the lock when that connection ends, so when the
//! leading instance dies (or loses its connection) another takes over at its next tick.
//!
//! Before each tick the leader checks that its connection is still alive. If it dies in the
//! moment between that check and the rules, two instances may apply a tick at once: harmless,
//! since every rule is a conditional change (`change_booking` from the state it read) that only
//! one of them can make.

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{Connection, Executor};
use tokio::sync::Mutex;

/// The advisory lock's key ("studyrm1"), the same on every instance of a database.
const TIME_RULES_LOCK: i64 = 0x7374_7564_7972_6d31;

pub struct Leader {
    options: PgConnectOptions,
    /// The connection holding the lock, while this instance leads.
    held: Mutex<Option<PgConnection>>,
}

impl Leader {
    pub fn new(options: PgConnectOptions) -> Self {
        Self {
            options: options.application_name("studyroom-time-rules"),
            held: Mutex::new(None),
        }
    }

    /// Whether this instance leads now, taking the lead if nobody holds it.
    pub async fn hold(&self) -> bool {
        let mut held = self.held.lock().await;
        if let Some(connection) = held.as_mut() {
            if connection.execute("SELECT 1").await.is_ok() {
                return true;
            }
            tracing::warn!("lost the connection holding the time rules' lock; trying to take it again");
            *held = None;
        }
        let mut connection = match PgConnection::connect_with(&self.options).await {
            Ok(connection) => connection,
            Err(error) => {
                tracing::warn!(%error, "cannot reach the database to take the time rules' lock");
                return false;
            }
        };
        let taken = sqlx::query_scalar::<_, bool>("SELECT pg_try_advisory_lock($1)")
            .bind(TIME_RULES_LOCK)
            .fetch_one(&mut connection)
            .await;
        match taken {
            Ok(true) => {
                tracing::info!("this instance now runs the time rules");
                *held = Some(connection);
                true
            }
            // Another instance leads.
            Ok(false) => {
                let _ = connection.close().await;
                false
            }
            Err(error) => {
                tracing::warn!(%error, "could not ask for the time rules' lock");
                false
            }
        }
    }
}
