//! The live board's plain logic: who goes on the roster and in what order, how long an away
//! seat is still held, and how re-reads of the board are coalesced when events arrive in bursts.
//! Plain functions of explicit inputs, tested natively.

use chrono::{DateTime, FixedOffset, Utc};
use std::cmp::Ordering;
use studyroom_api::SeatState;
use studyroom_api::room::LiveSeat;

/// Seat labels as people count them: `A2` before `A10`, letters before numbers' ends.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn parts(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (pa, pb) = (parts(a), parts(b));
    for ((da, sa), (db, sb)) in pa.iter().zip(pb.iter()) {
        let order = if *da && *db {
            let (na, nb) = (sa.trim_start_matches('0'), sb.trim_start_matches('0'));
            na.len().cmp(&nb.len()).then_with(|| na.cmp(nb))
        } else {
            sa.cmp(sb)
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    pa.len().cmp(&pb.len()).then_with(|| a.cmp(b))
}

/// Who is in the room now, seat by seat: people inside, and people stepped out whose seat is held
/// (they are coming back). In seat order, for the screen and the printed list.
pub fn roster(seats: &[LiveSeat]) -> Vec<&LiveSeat> {
    let mut inside: Vec<&LiveSeat> = seats
        .iter()
        .filter(|s| matches!(s.state, SeatState::Occupied | SeatState::Away))
        .collect();
    inside.sort_by(|a, b| natural_cmp(&a.label, &b.label));
    inside
}

/// Whole seconds an away seat is still held (a part second counts), never negative.
pub fn held_for(away_until: DateTime<FixedOffset>, now: DateTime<Utc>) -> i64 {
    let ms = (away_until.with_timezone(&Utc) - now).num_milliseconds();
    (ms.max(0) + 999) / 1000
}

/// Re-reads of the board, coalesced: a burst of events (a stream opening sends every seat) costs
/// one read, plus one more if events came while it ran, so the last change is never missed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reread {
    running: bool,
    again: bool,
}

impl Reread {
    /// Something changed: returns whether to start a read now.
    pub fn ask(&mut self) -> bool {
        if self.running {
            self.again = true;
            false
        } else {
            self.running = true;
            true
        }
    }

    /// A read finished: returns whether to start another.
    pub fn done(&mut self) -> bool {
        if self.again {
            self.again = false;
            true
        } else {
            self.running = false;
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn seat(label: &str, state: SeatState) -> LiveSeat {
        LiveSeat {
            seat_id: format!("s-{label}"),
            label: label.into(),
            state,
            occupant_masked: None,
            since: None,
            away_until: None,
        }
    }

    #[test]
    fn labels_sort_as_people_count() {
        let mut labels = vec!["A10", "W1", "A2", "A1", "B", "A02x"];
        labels.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(labels, ["A1", "A2", "A02x", "A10", "B", "W1"]);
    }

    #[test]
    fn the_roster_has_the_people_inside_and_stepped_out_in_seat_order() {
        let seats = [
            seat("A10", SeatState::Occupied),
            seat("A2", SeatState::Away),
            seat("A3", SeatState::Booked),
            seat("A4", SeatState::Free),
            seat("A1", SeatState::Occupied),
        ];
        let labels: Vec<&str> = roster(&seats).iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["A1", "A2", "A10"]);
    }

    #[test]
    fn an_away_seat_counts_down_in_whole_seconds() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 13, 40, 0).unwrap();
        let at = |ms: i64| (now + chrono::TimeDelta::milliseconds(ms)).fixed_offset();
        assert_eq!(held_for(at(90_000), now), 90);
        assert_eq!(held_for(at(89_001), now), 90);
        assert_eq!(held_for(at(-5_000), now), 0);
    }

    #[test]
    fn a_burst_of_events_costs_one_read_and_one_more() {
        let mut r = Reread::default();
        assert!(r.ask());
        assert!(!r.ask());
        assert!(!r.ask());
        assert!(r.done(), "changes came while reading: read once more");
        assert!(!r.done());
        assert!(r.ask(), "idle again: a new change reads at once");
    }
}
