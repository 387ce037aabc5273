//! What every request handler can reach: the store, the identity vault, the clock and the policies.

use crate::clock::SharedClock;
use crate::crypto::Vault;
use crate::store::{SessionPolicy, Store};
use crate::throttle::ThrottlePolicy;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub vault: Arc<Vault>,
    pub clock: SharedClock,
    pub sessions: SessionPolicy,
    pub login_throttle: ThrottlePolicy,
}
