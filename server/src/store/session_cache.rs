//! Sessions and their people, kept in memory by the store that owns them. Every signed-in request
//! looks its session up; read from the database each time, that one query was what a seat map still
//! cost once the room itself came from memory (`room_cache.rs`).
//!
//! The store forgets an entry in the same method that changes what it holds: a person's status,
//! role, identity or erasure forgets every session of theirs, a logout forgets its token. A look-up
//! that raced with such a change cannot keep what it read (one generation, bumped by every forget).
//! Expiry is not cached: the store checks the idle and absolute limits against the request's `now`
//! on every hit, exactly as it does on a read. Entries are trusted for [`MAX_AGE`] at most, which
//! bounds how long a change made by another process (`create-manager` promoting someone who is
//! signed in) takes to show.

use super::UserRecord;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_AGE: Duration = Duration::from_secs(60);

/// More sessions than this and new ones are simply not kept (a flood of logins cannot grow memory).
const MAX_ENTRIES: usize = 50_000;

#[derive(Clone)]
pub struct CachedSession {
    pub user: UserRecord,
    pub created: DateTime<Utc>,
    pub seen: DateTime<Utc>,
}

struct Kept {
    session: CachedSession,
    at: Instant,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    by_token: HashMap<Vec<u8>, Kept>,
}

#[derive(Default)]
pub struct SessionCache {
    inner: Mutex<Inner>,
}

impl SessionCache {
    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        // Every change below is whole or not at all, so a poisoned lock holds nothing half-done.
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut inner)
    }

    pub fn get(&self, token_hash: &[u8]) -> Option<CachedSession> {
        self.with(|inner| {
            inner
                .by_token
                .get(token_hash)
                .filter(|k| k.at.elapsed() < MAX_AGE)
                .map(|k| k.session.clone())
        })
    }

    /// Taken before reading the database; hand it back to [`SessionCache::keep`].
    pub fn generation(&self) -> u64 {
        self.with(|inner| inner.generation)
    }

    /// Keeps what was read under `generation`, unless something was forgotten since.
    pub fn keep(&self, generation: u64, token_hash: &[u8], session: CachedSession) {
        self.with(|inner| {
            if inner.generation != generation {
                return;
            }
            if inner.by_token.len() >= MAX_ENTRIES {
                inner.by_token.retain(|_, k| k.at.elapsed() < MAX_AGE);
                if inner.by_token.len() >= MAX_ENTRIES {
                    return;
                }
            }
            inner.by_token.insert(
                token_hash.to_vec(),
                Kept {
                    session,
                    at: Instant::now(),
                },
            );
        });
    }

    /// The session was seen (and the database told so) at `seen`.
    pub fn touch(&self, token_hash: &[u8], seen: DateTime<Utc>) {
        self.with(|inner| {
            if let Some(k) = inner.by_token.get_mut(token_hash) {
                k.session.seen = seen;
            }
        });
    }

    pub fn forget_token(&self, token_hash: &[u8]) {
        self.with(|inner| {
            inner.generation += 1;
            inner.by_token.remove(token_hash);
        });
    }

    /// The person changed (status, role, identity, erasure) or all their sessions ended.
    pub fn forget_user(&self, user_id: &str) {
        self.with(|inner| {
            inner.generation += 1;
            inner.by_token.retain(|_, k| k.session.user.id != user_id);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use studyroom_api::{Role, UserStatus};

    fn session(user_id: &str, status: UserStatus) -> CachedSession {
        let now = Utc::now();
        CachedSession {
            user: UserRecord {
                id: user_id.into(),
                role: Role::Member,
                status,
                status_reason: None,
                suspended_until: None,
                phone_enc: None,
                real_name_enc: None,
                id_number_enc: None,
                password_hash: None,
                created_at: now,
                erased: false,
                suspended_automatically: false,
            },
            created: now,
            seen: now,
        }
    }

    #[test]
    fn a_read_that_raced_with_a_status_change_is_not_kept() {
        let cache = SessionCache::default();
        let read_under = cache.generation();
        // The manager's suspension commits while the request's read is in flight.
        cache.forget_user("u1");
        cache.keep(read_under, b"t1", session("u1", UserStatus::Verified));
        assert!(cache.get(b"t1").is_none());
        cache.keep(cache.generation(), b"t1", session("u1", UserStatus::Suspended));
        assert_eq!(cache.get(b"t1").unwrap().user.status, UserStatus::Suspended);
    }

    #[test]
    fn forgetting_a_person_forgets_all_their_sessions_and_nobody_elses() {
        let cache = SessionCache::default();
        for (token, user) in [(&b"a"[..], "u1"), (b"b", "u1"), (b"c", "u2")] {
            cache.keep(cache.generation(), token, session(user, UserStatus::Verified));
        }
        cache.forget_user("u1");
        assert!(cache.get(b"a").is_none() && cache.get(b"b").is_none());
        assert!(cache.get(b"c").is_some());
        cache.forget_token(b"c");
        assert!(cache.get(b"c").is_none());
    }
}
