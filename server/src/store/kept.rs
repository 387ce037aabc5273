//! What a store keeps in memory of its own rows: sessions with their people (every signed-in request
//! looks one up) and doors by token (every unlock authenticates). Read from the database each time,
//! those single queries were what a seat map and a door still cost once the rest came from memory:
//! with SQLite, each query is a hand-off to the connection's thread and back.
//!
//! The store forgets an entry in the same method that changes its rows, after the commit; a read
//! that raced with such a change cannot keep what it read (one generation, bumped by every forget,
//! taken before the read). Entries are trusted for `max_age` at most, which bounds how long a
//! change made by another process (`create-manager` promoting someone signed in) takes to show.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Entry<V> {
    value: V,
    at: Instant,
}

struct Inner<K, V> {
    generation: u64,
    entries: HashMap<K, Entry<V>>,
}

pub struct Kept<K, V> {
    inner: Mutex<Inner<K, V>>,
    max_age: Duration,
    /// Beyond this, new entries are not kept (a flood of logins cannot grow memory).
    max_entries: usize,
}

impl<K: Hash + Eq, V: Clone> Kept<K, V> {
    pub fn new(max_age: Duration, max_entries: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                generation: 0,
                entries: HashMap::new(),
            }),
            max_age,
            max_entries,
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Inner<K, V>) -> R) -> R {
        // Every change below is whole or not at all, so a poisoned lock holds nothing half-done.
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut inner)
    }

    pub fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.with(|inner| {
            inner
                .entries
                .get(key)
                .filter(|e| e.at.elapsed() < self.max_age)
                .map(|e| e.value.clone())
        })
    }

    /// Taken before reading the database; hand it back to [`Kept::keep`].
    pub fn generation(&self) -> u64 {
        self.with(|inner| inner.generation)
    }

    /// Keeps what was read under `generation`, unless something was forgotten since.
    pub fn keep(&self, generation: u64, key: K, value: V) {
        self.with(|inner| {
            if inner.generation != generation {
                return;
            }
            if inner.entries.len() >= self.max_entries {
                let max_age = self.max_age;
                inner.entries.retain(|_, e| e.at.elapsed() < max_age);
                if inner.entries.len() >= self.max_entries {
                    return;
                }
            }
            inner.entries.insert(
                key,
                Entry {
                    value,
                    at: Instant::now(),
                },
            );
        });
    }

    /// Changes a kept value in place (what this process itself just wrote).
    pub fn update<Q: Hash + Eq + ?Sized>(&self, key: &Q, change: impl FnOnce(&mut V))
    where
        K: Borrow<Q>,
    {
        self.with(|inner| {
            if let Some(e) = inner.entries.get_mut(key) {
                change(&mut e.value);
            }
        });
    }

    pub fn forget<Q: Hash + Eq + ?Sized>(&self, key: &Q)
    where
        K: Borrow<Q>,
    {
        self.with(|inner| {
            inner.generation += 1;
            inner.entries.remove(key);
        });
    }

    pub fn forget_where(&self, gone: impl Fn(&V) -> bool) {
        self.with(|inner| {
            inner.generation += 1;
            inner.entries.retain(|_, e| !gone(&e.value));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept() -> Kept<&'static str, (&'static str, u32)> {
        Kept::new(Duration::from_secs(60), 100)
    }

    #[test]
    fn a_read_that_raced_with_a_change_is_not_kept() {
        let k = kept();
        let read_under = k.generation();
        // The change commits while the read is in flight.
        k.forget_where(|(user, _)| *user == "u1");
        k.keep(read_under, "t1", ("u1", 1));
        assert!(k.get("t1").is_none());
        k.keep(k.generation(), "t1", ("u1", 2));
        assert_eq!(k.get("t1"), Some(("u1", 2)));
    }

    #[test]
    fn forgetting_by_value_forgets_all_of_them_and_nothing_else() {
        let k = kept();
        for (token, user) in [("a", "u1"), ("b", "u1"), ("c", "u2")] {
            k.keep(k.generation(), token, (user, 0));
        }
        k.forget_where(|(user, _)| *user == "u1");
        assert!(k.get("a").is_none() && k.get("b").is_none());
        assert!(k.get("c").is_some());
        k.forget("c");
        assert!(k.get("c").is_none());
    }

    #[test]
    fn it_never_holds_more_than_its_bound() {
        let k: Kept<u32, u32> = Kept::new(Duration::from_secs(60), 3);
        for i in 0..10 {
            k.keep(k.generation(), i, i);
        }
        assert_eq!((0..10).filter(|i| k.get(i).is_some()).count(), 3);
    }
}
