//! Live seat changes, fanned out to every open event stream of a room. A slow or vanished listener
//! only loses its own messages (broadcast channels drop the oldest); its stream then ends and the
//! browser reconnects to a full snapshot, so no screen stays wrong.
//!
//! With several instances over one PostgreSQL, what happens here is also told to the others
//! (`instances/`): every event that is published also goes to the relay, and the other instances
//! deliver it to their own streams ([`Events::deliver`]). When an instance may have missed some
//! (its connection to the database dropped), it resyncs: room streams send a fresh snapshot and the
//! other streams end, so their browsers read again.

use crate::instances::Notice;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use studyroom_api::room::SeatStatus;
use studyroom_api::user::{AppealEvent, UserEvent};
use tokio::sync::{broadcast, mpsc, watch};

#[derive(Clone)]
pub struct Events {
    rooms: Arc<Mutex<HashMap<String, broadcast::Sender<SeatJson>>>>,
    sessions: broadcast::Sender<SessionEnd>,
    admin: broadcast::Sender<AdminEvent>,
    closing: Arc<watch::Sender<bool>>,
    /// Bumped when this instance may have missed events from the others.
    resync: Arc<watch::Sender<u64>>,
    /// To the other instances, when there are any (PostgreSQL).
    relay: Option<mpsc::UnboundedSender<Notice>>,
}

/// A seat's new state as the event stream sends it, serialized once for every listener: with
/// 20,000 phones on one room, serializing per listener was 20,000 times the same work.
pub type SeatJson = Arc<str>;

/// What the managers' console hears about without asking: new signups and status changes (the
/// verification queue updates by itself), and new appeals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AdminEvent {
    User(UserEvent),
    Appeal(AppealEvent),
}

/// Sessions that just ended, so that the event streams they opened end with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionEnd {
    /// One session (logout), by the hash of its token.
    Token(Vec<u8>),
    /// Every session of a person (log out everywhere, erasure).
    User(String),
}

impl Default for Events {
    fn default() -> Self {
        Self {
            rooms: Arc::default(),
            sessions: broadcast::channel(1024).0,
            admin: broadcast::channel(256).0,
            closing: Arc::new(watch::channel(false).0),
            resync: Arc::new(watch::channel(0).0),
            relay: None,
        }
    }
}

impl Events {
    /// The hub of an instance with others: what it publishes also goes to `relay`.
    pub fn relaying(relay: mpsc::UnboundedSender<Notice>) -> Self {
        Self {
            relay: Some(relay),
            ..Self::default()
        }
    }

    /// Tells the other instances, if any. Nobody listening is fine.
    pub fn relay(&self, notice: Notice) {
        if let Some(relay) = &self.relay {
            let _ = relay.send(notice);
        }
    }

    /// What another instance published, to this instance's own streams.
    pub fn deliver(&self, notice: Notice) {
        match notice {
            Notice::SessionEnd(which) => {
                let _ = self.sessions.send(which);
            }
            Notice::Admin(event) => {
                let _ = self.admin.send(event);
            }
            // Seat and room changes need the state (`instances::listener`).
            Notice::Seat { .. } | Notice::Layout { .. } => {}
        }
    }

    /// Tells the open streams (here and on the other instances) that sessions ended.
    pub fn end_sessions(&self, which: SessionEnd) {
        let _ = self.sessions.send(which.clone());
        self.relay(Notice::SessionEnd(which));
    }

    pub fn session_ends(&self) -> broadcast::Receiver<SessionEnd> {
        self.sessions.subscribe()
    }

    /// Tells every open console (here and on the other instances). Nobody listening is fine.
    pub fn publish_admin(&self, event: AdminEvent) {
        let _ = self.admin.send(event.clone());
        self.relay(Notice::Admin(event));
    }

    pub fn admin_events(&self) -> broadcast::Receiver<AdminEvent> {
        self.admin.subscribe()
    }

    /// A person's status changed (or they signed up).
    pub fn user_changed(&self, id: &str, status: studyroom_api::UserStatus) {
        self.publish_admin(AdminEvent::User(UserEvent {
            id: id.to_owned(),
            status,
        }));
    }

    /// Tells every listener of `room_id` on this instance that a seat changed (the other instances
    /// hear of it through [`crate::rooms::publish_seat`]). Nobody listening is fine.
    pub fn publish(&self, room_id: &str, status: SeatStatus) {
        if let Some(tx) = self.rooms.lock().unwrap().get(room_id) {
            let _ = tx.send(seat_json(&status));
        }
    }

    pub fn subscribe(&self, room_id: &str) -> broadcast::Receiver<SeatJson> {
        let mut rooms = self.rooms.lock().unwrap();
        rooms.retain(|_, tx| tx.receiver_count() > 0);
        rooms
            .entry(room_id.to_owned())
            .or_insert_with(|| broadcast::channel(256).0)
            .subscribe()
    }

    /// Events from the other instances may have been missed: room streams send a fresh snapshot,
    /// the others end so that their browsers read again.
    pub fn resync(&self) {
        self.resync.send_modify(|n| *n += 1);
    }

    /// Every [`Events::resync`] from now on.
    pub fn resyncs(&self) -> watch::Receiver<u64> {
        self.resync.subscribe()
    }

    /// Resolves at the next [`Events::resync`].
    pub fn resynced(&self) -> impl Future<Output = ()> + Send + use<> {
        let mut rx = self.resync.subscribe();
        async move {
            let _ = rx.changed().await;
        }
    }

    /// Ends every stream: graceful shutdown would otherwise wait for them forever.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once [`Events::close`] is called.
    pub fn closing(&self) -> impl Future<Output = ()> + Send + use<> {
        let mut rx = self.closing.subscribe();
        async move {
            let _ = rx.wait_for(|closed| *closed).await;
        }
    }
}

/// One seat's state as the stream's JSON.
pub fn seat_json(status: &SeatStatus) -> SeatJson {
    serde_json::to_string(status).unwrap_or_default().into()
}
