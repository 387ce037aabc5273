//! What every request handler can reach: the store, the identity vault, the clock, the policies and
//! the live event hub.

use crate::clock::SharedClock;
use crate::crypto::Vault;
use crate::events::Events;
use crate::store::{DoorPolicy, SessionPolicy, Store};
use crate::throttle::ThrottlePolicy;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub vault: Arc<Vault>,
    pub clock: SharedClock,
    pub sessions: SessionPolicy,
    pub login_throttle: ThrottlePolicy,
    pub door_policy: DoorPolicy,
    pub events: Events,
    /// For door webhooks: short timeouts, so a dead lock controller cannot pile up requests.
    pub http: reqwest::Client,
}
