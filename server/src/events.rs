//! Live seat changes, fanned out to every open event stream of a room. A slow or vanished listener
//! only loses its own messages (broadcast channels drop the oldest); its stream then ends and the
//! browser reconnects to a full snapshot, so no screen stays wrong.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use studyroom_api::room::SeatStatus;
use tokio::sync::{broadcast, watch};

#[derive(Clone)]
pub struct Events {
    rooms: Arc<Mutex<HashMap<String, broadcast::Sender<SeatStatus>>>>,
    closing: Arc<watch::Sender<bool>>,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            rooms: Arc::default(),
            closing: Arc::new(watch::channel(false).0),
        }
    }
}

impl Events {
    /// Tells every listener of `room_id` that a seat changed. Nobody listening is fine.
    pub fn publish(&self, room_id: &str, status: SeatStatus) {
        if let Some(tx) = self.rooms.lock().unwrap().get(room_id) {
            let _ = tx.send(status);
        }
    }

    pub fn subscribe(&self, room_id: &str) -> broadcast::Receiver<SeatStatus> {
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
