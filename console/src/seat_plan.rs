//! The seat editor's model: a room's seats on a grid, edited by placing, moving, relabelling,
//! deleting and setting features, with every change undoable. Plain logic, tested natively; the
//! editor component only turns clicks, drags and keys into these calls.

use studyroom_api::room::NewSeat;
use studyroom_api::{Seat, SeatFeature};

/// Positions the server takes (0–99 on both axes).
pub const MAX_POS: i32 = 99;
/// A seat label has at most this many characters (the server's rule).
pub const MAX_LABEL: usize = 8;

/// A seat being edited. `key` tells seats apart on screen (a new seat has no id yet); `id` is the
/// server's, kept so that a moved or relabelled seat stays the same seat (and its bookings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditSeat {
    pub key: u32,
    pub id: Option<String>,
    pub label: String,
    pub x: i32,
    pub y: i32,
    pub features: Vec<SeatFeature>,
}

/// Why the seats cannot be saved as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    NoSeats,
    /// A seat without a label, or with a label longer than [`MAX_LABEL`].
    BadLabel(u32),
    /// Two seats with the same label (the second one's key).
    SameLabel(u32),
}

/// The seats, and the way back through every change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub seats: Vec<EditSeat>,
    next_key: u32,
    past: Vec<Vec<EditSeat>>,
}

impl Plan {
    pub fn from_seats(seats: &[Seat]) -> Self {
        let seats: Vec<EditSeat> = seats
            .iter()
            .enumerate()
            .map(|(i, s)| EditSeat {
                key: i as u32,
                id: Some(s.id.clone()),
                label: s.label.clone(),
                x: s.x,
                y: s.y,
                features: s.features.clone(),
            })
            .collect();
        Self {
            next_key: seats.len() as u32,
            seats,
            past: Vec::new(),
        }
    }

    pub fn seat(&self, key: u32) -> Option<&EditSeat> {
        self.seats.iter().find(|s| s.key == key)
    }

    pub fn at(&self, x: i32, y: i32) -> Option<&EditSeat> {
        self.seats.iter().find(|s| s.x == x && s.y == y)
    }

    /// How much grid to show: every seat, and room around them to place more (at least 8×6).
    pub fn grid(&self) -> (i32, i32) {
        let max_x = self.seats.iter().map(|s| s.x).max().unwrap_or(0);
        let max_y = self.seats.iter().map(|s| s.y).max().unwrap_or(0);
        (
            (max_x + 3).clamp(8, MAX_POS + 1),
            (max_y + 3).clamp(6, MAX_POS + 1),
        )
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn undo(&mut self) -> bool {
        match self.past.pop() {
            Some(seats) => {
                self.seats = seats;
                true
            }
            None => false,
        }
    }

    fn remember(&mut self) {
        self.past.push(self.seats.clone());
    }

    /// A label for a new seat: the next number after the highest one in use with the same letters
    /// as most seats (`A13` after `A1`–`A12`), or `1`, `2`… in an empty room.
    pub fn next_label(&self) -> String {
        let split = |l: &str| {
            let digits = l.len() - l.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let (prefix, number) = l.split_at(l.len() - digits);
            (prefix.to_owned(), number.parse::<u32>().ok())
        };
        let mut counts: Vec<(String, usize, u32)> = Vec::new();
        for s in &self.seats {
            let (prefix, number) = split(&s.label);
            let Some(number) = number else { continue };
            match counts.iter_mut().find(|(p, _, _)| *p == prefix) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 = entry.2.max(number);
                }
                None => counts.push((prefix, 1, number)),
            }
        }
        let (prefix, _, max) = counts
            .into_iter()
            .max_by_key(|(_, n, _)| *n)
            .unwrap_or((String::new(), 0, 0));
        let mut n = max + 1;
        loop {
            let label = format!("{prefix}{n}");
            if !self.seats.iter().any(|s| s.label == label) && label.chars().count() <= MAX_LABEL {
                return label;
            }
            n += 1;
        }
    }

    /// Places a new seat on a free cell; returns its key.
    pub fn add(&mut self, x: i32, y: i32) -> Option<u32> {
        if !(0..=MAX_POS).contains(&x) || !(0..=MAX_POS).contains(&y) || self.at(x, y).is_some() {
            return None;
        }
        self.remember();
        let key = self.next_key;
        self.next_key += 1;
        let label = self.next_label();
        self.seats.push(EditSeat {
            key,
            id: None,
            label,
            x,
            y,
            features: Vec::new(),
        });
        Some(key)
    }

    /// Moves a seat to a free cell on the grid; false when it cannot go there.
    pub fn move_to(&mut self, key: u32, x: i32, y: i32) -> bool {
        let free = self.at(x, y).is_none_or(|s| s.key == key);
        let inside = (0..=MAX_POS).contains(&x) && (0..=MAX_POS).contains(&y);
        let Some(seat) = self.seat(key) else { return false };
        if !free || !inside || (seat.x, seat.y) == (x, y) {
            return false;
        }
        self.remember();
        if let Some(seat) = self.seats.iter_mut().find(|s| s.key == key) {
            seat.x = x;
            seat.y = y;
        }
        true
    }

    /// Moves a seat by a step (arrow keys), jumping over seats in the way.
    pub fn nudge(&mut self, key: u32, dx: i32, dy: i32) -> bool {
        let Some(seat) = self.seat(key) else { return false };
        let (mut x, mut y) = (seat.x + dx, seat.y + dy);
        while self.at(x, y).is_some_and(|s| s.key != key) {
            x += dx;
            y += dy;
        }
        self.move_to(key, x, y)
    }

    pub fn relabel(&mut self, key: u32, label: &str) {
        if self.seat(key).is_some_and(|s| s.label != label) {
            self.remember();
            if let Some(seat) = self.seats.iter_mut().find(|s| s.key == key) {
                seat.label = label.to_owned();
            }
        }
    }

    pub fn toggle(&mut self, key: u32, feature: SeatFeature) {
        if self.seat(key).is_none() {
            return;
        }
        self.remember();
        if let Some(seat) = self.seats.iter_mut().find(|s| s.key == key) {
            match seat.features.iter().position(|f| *f == feature) {
                Some(i) => {
                    seat.features.remove(i);
                }
                None => seat.features.push(feature),
            }
        }
    }

    pub fn remove(&mut self, key: u32) -> bool {
        if self.seat(key).is_none() {
            return false;
        }
        self.remember();
        self.seats.retain(|s| s.key != key);
        true
    }

    pub fn check(&self) -> Result<(), PlanError> {
        if self.seats.is_empty() {
            return Err(PlanError::NoSeats);
        }
        for (i, s) in self.seats.iter().enumerate() {
            let label = s.label.trim();
            if label.is_empty() || label.chars().count() > MAX_LABEL {
                return Err(PlanError::BadLabel(s.key));
            }
            if self.seats[..i].iter().any(|o| o.label.trim() == label) {
                return Err(PlanError::SameLabel(s.key));
            }
        }
        Ok(())
    }

    /// The seats as the server takes them: kept seats with their ids.
    pub fn to_wire(&self) -> Vec<NewSeat> {
        self.seats
            .iter()
            .map(|s| NewSeat {
                id: s.id.clone(),
                label: s.label.trim().to_owned(),
                x: s.x,
                y: s.y,
                features: s.features.clone(),
            })
            .collect()
    }

    /// The labels (as saved) of the saved seats this edit moves or removes: the ones a live
    /// booking can hold in place.
    pub fn moved_or_removed(&self, saved: &[Seat]) -> Vec<String> {
        saved
            .iter()
            .filter(|old| {
                self.seats
                    .iter()
                    .find(|s| s.id.as_deref() == Some(old.id.as_str()))
                    .is_none_or(|s| (s.x, s.y) != (old.x, old.y))
            })
            .map(|old| old.label.clone())
            .collect()
    }
}

/// Which seat a `seat_in_use` refusal is about: the one of `candidates` its message names, else
/// all of them.
pub fn seat_in_message(message: &str, candidates: &[String]) -> Vec<String> {
    let named: Vec<String> = candidates
        .iter()
        .filter(|l| {
            message
                .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
                .any(|w| w == l.as_str())
        })
        .cloned()
        .collect();
    if named.is_empty() {
        candidates.to_vec()
    } else {
        named
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seat(id: &str, label: &str, x: i32, y: i32) -> Seat {
        Seat {
            id: id.into(),
            label: label.into(),
            x,
            y,
            features: vec![],
        }
    }

    #[test]
    fn a_new_seat_takes_the_next_number_of_the_room() {
        let mut plan = Plan::from_seats(&[
            seat("a", "A1", 0, 0),
            seat("b", "A12", 1, 0),
            seat("w", "W1", 0, 2),
        ]);
        let key = plan.add(3, 3).unwrap();
        assert_eq!(plan.seat(key).unwrap().label, "A13");
        assert_eq!(plan.seat(key).unwrap().id, None);
        assert_eq!(Plan::default().next_label(), "1");
        assert_eq!(plan.add(0, 0), None, "a taken cell");
        assert_eq!(plan.add(-1, 0), None);
    }

    #[test]
    fn seats_move_by_drag_or_by_step_never_onto_another() {
        let mut plan = Plan::from_seats(&[seat("a", "A1", 0, 0), seat("b", "A2", 1, 0)]);
        assert!(!plan.move_to(0, 1, 0), "onto A2");
        assert!(plan.move_to(0, 4, 2));
        assert_eq!((plan.seat(0).unwrap().x, plan.seat(0).unwrap().y), (4, 2));
        // A step right from (0,0) jumps over A2 at (1,0).
        plan.move_to(0, 0, 0);
        assert!(plan.nudge(0, 1, 0));
        assert_eq!(plan.seat(0).unwrap().x, 2);
        assert!(!plan.nudge(1, 0, -1), "off the grid");
    }

    #[test]
    fn every_change_can_be_undone_in_turn() {
        let mut plan = Plan::from_seats(&[seat("a", "A1", 0, 0)]);
        let original = plan.seats.clone();
        let key = plan.add(2, 2).unwrap();
        plan.relabel(key, "B1");
        plan.toggle(key, SeatFeature::Power);
        plan.move_to(0, 5, 5);
        plan.remove(0);
        assert_eq!(plan.seats.len(), 1);
        for _ in 0..5 {
            assert!(plan.undo());
        }
        assert_eq!(plan.seats, original);
        assert!(!plan.can_undo());
    }

    #[test]
    fn labels_must_be_there_and_different() {
        let mut plan = Plan::from_seats(&[seat("a", "A1", 0, 0), seat("b", "A2", 1, 0)]);
        assert_eq!(plan.check(), Ok(()));
        plan.relabel(1, " A1 ");
        assert_eq!(plan.check(), Err(PlanError::SameLabel(1)));
        plan.relabel(1, "");
        assert_eq!(plan.check(), Err(PlanError::BadLabel(1)));
        plan.relabel(1, "TOOLONGLABEL");
        assert_eq!(plan.check(), Err(PlanError::BadLabel(1)));
        assert_eq!(Plan::default().check(), Err(PlanError::NoSeats));
    }

    #[test]
    fn the_wire_keeps_ids_and_the_edit_knows_what_moved() {
        let saved = [
            seat("a", "A1", 0, 0),
            seat("b", "A2", 1, 0),
            seat("c", "A3", 2, 0),
        ];
        let mut plan = Plan::from_seats(&saved);
        plan.relabel(0, "A1x");
        plan.move_to(1, 1, 3);
        plan.remove(2);
        plan.add(5, 5);
        let wire = plan.to_wire();
        assert_eq!(wire[0].id.as_deref(), Some("a"));
        assert_eq!(wire[2].id, None);
        assert_eq!(plan.moved_or_removed(&saved), ["A2", "A3"]);
        let msg = "seat A3 has bookings that have not ended: it cannot be moved or removed now";
        assert_eq!(seat_in_message(msg, &plan.moved_or_removed(&saved)), ["A3"]);
        assert_eq!(seat_in_message("busy", &["A2".into()]), ["A2"]);
    }
}
