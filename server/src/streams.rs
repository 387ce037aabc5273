//! How many event streams each person holds open on this instance. A stream keeps a connection
//! (a file descriptor, about 25 KB of memory) for as long as it lasts, and it lasts for hours; with
//! no cap, one account (a member's, or a stolen one) could open them until the process ran out of
//! descriptors, and then the door's requests would find no room either. A phone holds two per
//! tab (its room's map, its own status), a console one; the cap leaves room for several devices
//! and tabs (`--streams-per-person`). One past it is refused 429 `too_many_attempts`, as other
//! throttles are; the browser's page then works without live updates until one closes.

use crate::error::ApiError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The default cap: three devices with a few tabs each.
pub const DEFAULT_PER_PERSON: usize = 16;

/// When a refused stream may be asked for again.
const RETRY_AFTER_SECS: u64 = 30;

/// Open streams per person (absent when none), and the most one may hold.
#[derive(Clone)]
pub struct OpenStreams {
    held: Arc<Mutex<HashMap<String, usize>>>,
    cap: usize,
}

/// One open stream's place in the count, given back when it is dropped (with the stream).
pub struct StreamSlot {
    streams: OpenStreams,
    person: String,
}

impl OpenStreams {
    /// No stream open yet; each person may hold up to `cap`.
    pub fn new(cap: usize) -> Self {
        Self {
            held: Arc::default(),
            cap,
        }
    }

    /// A place for one more stream of `person`, if they hold fewer than the cap.
    pub fn open(&self, person: &str) -> Result<StreamSlot, ApiError> {
        let mut held = self.held.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = held.entry(person.to_owned()).or_default();
        if *count >= self.cap {
            return Err(ApiError::TooManyAttempts {
                retry_after_secs: RETRY_AFTER_SECS,
            });
        }
        *count += 1;
        Ok(StreamSlot {
            streams: self.clone(),
            person: person.to_owned(),
        })
    }

    /// How many streams `person` holds open.
    pub fn held_by(&self, person: &str) -> usize {
        let held = self.held.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        held.get(person).copied().unwrap_or(0)
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut held = self
            .streams
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = held.get_mut(&self.person) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.person);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_holds_at_most_the_cap_and_a_closed_stream_gives_its_place_back() {
        let streams = OpenStreams::new(3);
        let slots: Vec<_> = (0..3).map(|_| streams.open("a").unwrap()).collect();
        assert!(matches!(streams.open("a"), Err(ApiError::TooManyAttempts { .. })));
        // Someone else is not held back by it.
        let other = streams.open("b").unwrap();
        drop(slots);
        assert_eq!(streams.held_by("a"), 0);
        assert!(streams.open("a").is_ok());
        drop(other);
        assert!(
            streams.held.lock().unwrap().get("b").is_none(),
            "nobody's entry is kept"
        );
    }
}
