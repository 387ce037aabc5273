//! Live seat changes, fanned out to every open event stream of a room. A slow or vanished listener
//! only loses its own messages (broadcast channels drop the oldest); its stream then ends and the
//! browser reconnects to a full snapshot, so no screen stays wrong.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use studyroom_api::room::SeatStatus;
use studyroom_api::user::{AppealEvent, UserEvent};
use tokio::sync::{broadcast, watch};

#[derive(Clone)]
pub struct Events {
    rooms: Arc<Mutex<HashMap<String, broadcast::Sender<SeatJson>>>>,
    sessions: broadcast::Sender<SessionEnd>,
    admin: broadcast::Sender<AdminEvent>,
    closing: Arc<watch::Sender<bool>>,
}

/// A seat's new state as the event stream sends it, serialized once for every listener: with
/// 20,000 phones on one room, serializing per listener was 20,000 times the same work.
pub type SeatJson = Arc<str>;

/// What the managers' console hears about without asking: new signups and status changes (the
/// verification queue updates by itself), and new appeals.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminEvent {
    User(UserEvent),
    Appeal(AppealEvent),
}

/// Sessions that just ended, so that the event streams they opened end with them.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        }
    }
}

impl Events {
    /// Tells the open streams that sessions ended.
    pub fn end_sessions(&self, which: SessionEnd) {
        let _ = self.sessions.send(which);
    }

    pub fn session_ends(&self) -> broadcast::Receiver<SessionEnd> {
        self.sessions.subscribe()
    }

    /// Tells every open console. Nobody listening is fine.
    pub fn publish_admin(&self, event: AdminEvent) {
        let _ = self.admin.send(event);
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

    /// Tells every listener of `room_id` that a seat changed. Nobody listening is fine.
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
