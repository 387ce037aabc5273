//! What every request handler can reach: the store, the identity vault, the clock, the policies and
//! the live event hub.

use crate::clock::SharedClock;
use crate::crypto::Vault;
use crate::events::Events;
use crate::password::Hasher;
use crate::room_cache::RoomCache;
use crate::store::{SessionPolicy, Store};
use crate::throttle::ThrottlePolicy;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub vault: Arc<Vault>,
    /// The audit chain's key, to verify the log.
    pub chain: crate::audit::ChainKey,
    pub clock: SharedClock,
    pub sessions: SessionPolicy,
    /// Logins (per phone typed) and presence codes (per person).
    pub login_throttle: ThrottlePolicy,
    /// Wrong codes at a room's doors (per room).
    pub door_throttle: ThrottlePolicy,
    /// The most wrong codes `door_throttle` lets through in a day, computed once: the code-length
    /// rule rests on it.
    pub door_guesses_per_day: u64,
    /// The bounded pool that runs every password hash.
    pub hasher: Hasher,
    pub events: Events,
    /// The other instances over the same database, if any (`instances/`).
    pub instances: crate::instances::Instances,
    /// Rooms, seats, doors and today's bookings as seat maps read them (see `room_cache.rs`).
    pub room_cache: Arc<RoomCache>,
    /// Event streams open per person, capped at `options.streams_per_person` (`streams.rs`).
    pub streams: crate::streams::OpenStreams,
    pub options: ServerOptions,
    /// For door webhooks: short timeouts, no redirects, and a resolver that refuses private
    /// addresses unless allowed, so a dead lock controller cannot pile up requests and a webhook
    /// URL cannot reach inside the server's network.
    pub http: reqwest::Client,
}

/// Settings of the server process that are not in the database.
#[derive(Debug, Clone, Copy)]
pub struct ServerOptions {
    /// Door webhooks may go to loopback and private addresses (a lock controller on the LAN).
    /// Metadata addresses stay refused.
    pub allow_private_webhooks: bool,
    /// The most event streams one person may hold open at once on this instance.
    pub streams_per_person: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            allow_private_webhooks: false,
            streams_per_person: crate::streams::DEFAULT_PER_PERSON,
        }
    }
}
