//! What one instance tells the others, and its form on the wire (`pg_notify`'s payload, JSON). No
//! identity data is ever in it: ids of rooms, seats and people, statuses, hashes of session tokens.

use crate::events::{AdminEvent, SessionEnd};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// A booking of this seat changed: forget the room's bookings, tell its maps.
    Seat {
        room: String,
        seat: String,
    },
    /// The room, its seats or its doors changed: forget its layout.
    Layout {
        room: String,
    },
    SessionEnd(SessionEnd),
    Admin(AdminEvent),
}

/// A notice with the instance that sent it (which does not deliver it to itself twice).
#[derive(Debug, Serialize, Deserialize)]
pub struct Envelope {
    pub from: u64,
    pub notice: Notice,
}

impl Envelope {
    pub fn encode(&self) -> String {
        // Plain strings, numbers and enums: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn decode(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use studyroom_api::UserStatus;
    use studyroom_api::user::UserEvent;

    #[test]
    fn every_notice_survives_the_wire() {
        for notice in [
            Notice::Seat {
                room: "r1".into(),
                seat: "s1".into(),
            },
            Notice::Layout { room: "r1".into() },
            Notice::SessionEnd(SessionEnd::Token(vec![0, 255, 7])),
            Notice::SessionEnd(SessionEnd::User("u1".into())),
            Notice::Admin(AdminEvent::User(UserEvent {
                id: "u1".into(),
                status: UserStatus::Suspended,
            })),
        ] {
            let sent = Envelope {
                from: u64::MAX,
                notice: notice.clone(),
            };
            let got = Envelope::decode(&sent.encode()).unwrap();
            assert_eq!((got.from, got.notice), (u64::MAX, notice));
        }
        assert!(Envelope::decode("not json").is_none());
    }
}
