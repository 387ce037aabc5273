//! What a seat map reads, kept in memory: a room's layout (the room, its seats, its doors) and the
//! live bookings of the rest of its day. Every phone that opens or refreshes a map asks for both;
//! read from the database each time, that was six queries per request and the server saturated near
//! 1,700 maps a second (`BENCHMARKS.md`), almost all of it spent handing queries to SQLite's thread.
//!
//! **Correctness rests on one rule**: every write that changes a room's bookings ends in
//! [`crate::rooms::publish_seat`] (the live maps depend on that already), which forgets the room's
//! bookings here; every edit of a room or its doors forgets its layout. A read that raced with such a
//! write cannot store what it read: each room carries a generation that a forget bumps, and a read
//! keeps its result only if the generation it started under is still current.
//!
//! Bookings are kept as rows, not as seat states: the states are computed from them at each request
//! with the request's own `now`, so a booking that starts or ends between two writes shows exactly
//! as the database would show it. A snapshot answers only for times inside the local day it was read
//! for. Entries also expire after [`MAX_AGE`], a bound on how stale a write from outside this process
//! (another instance) can leave a map.

use crate::store::{BookingRecord, DoorRecord, RoomRecord, SeatRecord};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest an entry is trusted without a write from this process to refresh it.
pub const MAX_AGE: Duration = Duration::from_secs(30);

/// A room as managers laid it out.
pub struct Layout {
    pub room: RoomRecord,
    pub seats: Vec<SeatRecord>,
    /// Doors not revoked, oldest first.
    pub doors: Vec<DoorRecord>,
}

/// The room's live bookings that overlap `[read_at, until)`, `until` being the end of the room's
/// local day at `read_at`.
pub struct Today {
    bookings: Vec<BookingRecord>,
    read_at: DateTime<Utc>,
    until: DateTime<Utc>,
}

impl Today {
    pub fn new(bookings: Vec<BookingRecord>, read_at: DateTime<Utc>, until: DateTime<Utc>) -> Self {
        Self {
            bookings,
            read_at,
            until,
        }
    }

    /// Whether these rows answer for `now` (a test clock may also go back).
    fn covers(&self, now: DateTime<Utc>) -> bool {
        self.read_at <= now && now < self.until
    }

    /// The live bookings that touch the rest of the day at `now`: what the database would return
    /// for `[now, end of day)`.
    pub fn at(&self, now: DateTime<Utc>) -> impl Iterator<Item = &BookingRecord> {
        self.bookings.iter().filter(move |b| b.end > now)
    }
}

struct Kept<T> {
    value: Arc<T>,
    at: Instant,
}

#[derive(Default)]
struct Entry {
    layout_generation: u64,
    layout: Option<Kept<Layout>>,
    today_generation: u64,
    today: Option<Kept<Today>>,
}

impl Entry {
    fn new(generation: u64) -> Self {
        Self {
            layout_generation: generation,
            today_generation: generation,
            ..Self::default()
        }
    }
}

/// What a look-up found: the kept value, or the generation a fresh read must be kept under.
pub enum Lookup<T> {
    Hit(Arc<T>),
    Miss(u64),
}

#[derive(Default)]
struct Rooms {
    entries: HashMap<String, Entry>,
    /// Every forget takes the next number, so no generation is ever given twice: a read that
    /// started under one can only match the entry it started on, unchanged.
    last_generation: u64,
    /// The generation of [`RoomCache::forget_all`]; rooms without an entry are read under it.
    cleared: u64,
}

impl Rooms {
    fn entry(&mut self, room_id: &str) -> &mut Entry {
        let cleared = self.cleared;
        self.entries
            .entry(room_id.to_owned())
            .or_insert_with(|| Entry::new(cleared))
    }

    fn next_generation(&mut self) -> u64 {
        self.last_generation += 1;
        self.last_generation
    }
}

#[derive(Default)]
pub struct RoomCache {
    rooms: Mutex<Rooms>,
    /// Which room each seat looked up so far is in. A seat never moves to another room, so what is
    /// learned here stays true and is never forgotten; a removed seat is simply missing from its
    /// room's layout. It lets a booking (which names only the seat) find the seat in memory.
    seat_rooms: Mutex<HashMap<String, String>>,
}

fn fresh<T>(kept: &Option<Kept<T>>) -> Option<Arc<T>> {
    kept.as_ref()
        .filter(|k| k.at.elapsed() < MAX_AGE)
        .map(|k| Arc::clone(&k.value))
}

impl RoomCache {
    fn with<R>(&self, f: impl FnOnce(&mut Rooms) -> R) -> R {
        // A panic elsewhere while holding the lock leaves nothing half-written here: every change
        // below is a single assignment, so the map stays usable.
        let mut rooms = self
            .rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut rooms)
    }

    pub fn layout(&self, room_id: &str) -> Lookup<Layout> {
        self.with(|rooms| match rooms.entries.get(room_id) {
            None => Lookup::Miss(rooms.cleared),
            Some(e) => fresh(&e.layout).map_or(Lookup::Miss(e.layout_generation), Lookup::Hit),
        })
    }

    pub fn today(&self, room_id: &str, now: DateTime<Utc>) -> Lookup<Today> {
        self.with(|rooms| match rooms.entries.get(room_id) {
            None => Lookup::Miss(rooms.cleared),
            Some(e) => fresh(&e.today)
                .filter(|t| t.covers(now))
                .map_or(Lookup::Miss(e.today_generation), Lookup::Hit),
        })
    }

    /// Keeps a layout read under `generation`, unless the room was edited since.
    pub fn keep_layout(&self, room_id: &str, generation: u64, layout: Arc<Layout>) {
        self.with(|rooms| {
            let entry = rooms.entry(room_id);
            if entry.layout_generation == generation {
                entry.layout = Some(Kept {
                    value: layout,
                    at: Instant::now(),
                });
            }
        });
    }

    /// Keeps bookings read under `generation`, unless they changed since.
    pub fn keep_today(&self, room_id: &str, generation: u64, today: Arc<Today>) {
        self.with(|rooms| {
            let entry = rooms.entry(room_id);
            if entry.today_generation == generation {
                entry.today = Some(Kept {
                    value: today,
                    at: Instant::now(),
                });
            }
        });
    }

    /// A booking of the room changed: the next map reads them again.
    pub fn forget_bookings(&self, room_id: &str) {
        self.with(|rooms| {
            let generation = rooms.next_generation();
            let entry = rooms.entry(room_id);
            entry.today_generation = generation;
            entry.today = None;
        });
    }

    /// The room, its seats or its doors changed (bookings may have been moved with the seats too).
    pub fn forget_room(&self, room_id: &str) {
        self.with(|rooms| {
            let generation = rooms.next_generation();
            let entry = rooms.entry(room_id);
            *entry = Entry::new(generation);
        });
    }

    /// The room of `seat_id`, if a lookup learned it.
    pub fn room_of_seat(&self, seat_id: &str) -> Option<String> {
        self.seat_rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(seat_id)
            .cloned()
    }

    /// `seat_id` is in `room_id` (read from the database).
    pub fn learn_seat(&self, seat_id: &str, room_id: &str) {
        self.seat_rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(seat_id.to_owned(), room_id.to_owned());
    }

    /// Anything may have changed (this instance missed what the others told it).
    pub fn forget_all(&self) {
        self.with(|rooms| {
            rooms.cleared = rooms.next_generation();
            rooms.entries.clear();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(name: &str) -> Arc<Layout> {
        Arc::new(Layout {
            room: RoomRecord {
                id: "r".into(),
                name: name.into(),
                address: String::new(),
                verification: String::new(),
                utc_offset_secs: 8 * 3600,
                rules: Default::default(),
                created_at: Utc::now(),
            },
            seats: Vec::new(),
            doors: Vec::new(),
        })
    }

    fn name(lookup: Lookup<Layout>) -> Option<String> {
        match lookup {
            Lookup::Hit(l) => Some(l.room.name.clone()),
            Lookup::Miss(_) => None,
        }
    }

    fn generation<T>(lookup: Lookup<T>) -> u64 {
        match lookup {
            Lookup::Hit(_) => panic!("expected a miss"),
            Lookup::Miss(g) => g,
        }
    }

    #[test]
    fn a_read_that_raced_with_an_edit_is_not_kept() {
        let cache = RoomCache::default();
        let started_under = generation(cache.layout("r"));
        // The manager's edit lands while the read is in flight.
        cache.forget_room("r");
        cache.keep_layout("r", started_under, layout("old"));
        assert_eq!(name(cache.layout("r")), None);
        let now_under = generation(cache.layout("r"));
        cache.keep_layout("r", now_under, layout("new"));
        assert_eq!(name(cache.layout("r")).as_deref(), Some("new"));
    }

    #[test]
    fn a_read_that_raced_with_forgetting_everything_is_not_kept() {
        let cache = RoomCache::default();
        let now = Utc::now();
        let day = Arc::new(Today::new(Vec::new(), now, now + chrono::Duration::hours(3)));
        cache.keep_layout("kept", generation(cache.layout("kept")), layout("kept"));
        cache.forget_bookings("kept");
        // Reads in flight: one for a room with an entry, one for a room without.
        let kept_under = generation(cache.today("kept", now));
        let absent_under = generation(cache.layout("absent"));
        cache.forget_all();
        assert_eq!(name(cache.layout("kept")), None);
        cache.keep_today("kept", kept_under, Arc::clone(&day));
        cache.keep_layout("absent", absent_under, layout("old"));
        assert!(matches!(cache.today("kept", now), Lookup::Miss(_)));
        assert_eq!(name(cache.layout("absent")), None);
        cache.keep_layout("absent", generation(cache.layout("absent")), layout("new"));
        assert_eq!(name(cache.layout("absent")).as_deref(), Some("new"));
    }

    #[test]
    fn bookings_answer_only_inside_the_day_they_were_read_for() {
        let cache = RoomCache::default();
        let read_at = Utc::now();
        let until = read_at + chrono::Duration::hours(3);
        cache.keep_today("r", 0, Arc::new(Today::new(Vec::new(), read_at, until)));
        assert!(matches!(cache.today("r", read_at), Lookup::Hit(_)));
        assert!(matches!(
            cache.today("r", until - chrono::Duration::seconds(1)),
            Lookup::Hit(_)
        ));
        assert!(matches!(cache.today("r", until), Lookup::Miss(_)));
        assert!(matches!(
            cache.today("r", read_at - chrono::Duration::seconds(1)),
            Lookup::Miss(_)
        ));
        cache.forget_bookings("r");
        assert!(matches!(cache.today("r", read_at), Lookup::Miss(1)));
    }
}
