//! Password hashing with Argon2id (the OWASP parameters that are argon2's defaults), always on a
//! blocking thread: a hash takes tens of milliseconds of CPU and 19 MiB of memory, and must not
//! stall the async runtime. At most one hash per core runs at once; a request that cannot get a
//! turn within [`WAIT`] is answered 503 with `Retry-After` instead of queueing without bound, so a
//! flood of logins costs CPU time, never the server's memory.

use crate::error::ApiError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a request waits for a turn before it is told to come back.
const WAIT: Duration = Duration::from_secs(2);

/// The bounded hashing pool every password check goes through.
#[derive(Clone)]
pub struct Hasher {
    turns: Arc<Semaphore>,
    wait: Duration,
    running: Arc<AtomicUsize>,
    most_at_once: Arc<AtomicUsize>,
}

impl Hasher {
    /// At most `at_once` hashes in flight (one per core is right: each is pure CPU).
    pub fn new(at_once: usize) -> Self {
        Self::with_wait(at_once, WAIT)
    }

    /// [`Hasher::new`], with how long a caller waits for a turn before it is refused.
    pub fn with_wait(at_once: usize, wait: Duration) -> Self {
        Self {
            turns: Arc::new(Semaphore::new(at_once.max(1))),
            wait,
            running: Arc::default(),
            most_at_once: Arc::default(),
        }
    }

    /// One per core of this machine.
    pub fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    /// The most hashes that ever ran at once (for tests and diagnostics).
    pub fn most_at_once(&self) -> usize {
        self.most_at_once.load(Ordering::SeqCst)
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(self.wait, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::Busy { retry_after_secs: 2 })?
            .map_err(ApiError::internal)?;
        let (running, most) = (self.running.clone(), self.most_at_once.clone());
        tokio::task::spawn_blocking(move || {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            let out = work();
            running.fetch_sub(1, Ordering::SeqCst);
            drop(permit);
            out
        })
        .await
        .map_err(ApiError::internal)
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await?
        .map_err(ApiError::internal)
    }

    /// Verifies `password` against `stored`, or against a dummy hash when there is no account, so
    /// that an unknown phone number takes as long to refuse as a wrong password.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        self.run(move || {
            let (hash, real) = match stored {
                Some(h) => (h, true),
                None => (dummy_hash().to_owned(), false),
            };
            let parsed = PasswordHash::new(&hash).map_err(ApiError::internal)?;
            Ok(Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
                && real)
        })
        .await?
    }
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no such account", &salt)
            .expect("hashing a constant")
            .to_string()
    })
}
