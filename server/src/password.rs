//! Password hashing with Argon2id (the OWASP parameters that are argon2's defaults), always on a
//! blocking thread: a hash takes tens of milliseconds of CPU and must not stall the async runtime.

use crate::error::ApiError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::OnceLock;

pub async fn hash(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// Verifies `password` against `stored`, or against a dummy hash when there is no account, so that
/// an unknown phone number takes as long to refuse as a wrong password.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        let argon = Argon2::default();
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (dummy_hash().to_owned(), false),
        };
        let parsed = PasswordHash::new(&hash).map_err(ApiError::internal)?;
        Ok(argon.verify_password(password.as_bytes(), &parsed).is_ok() && real)
    })
    .await
    .map_err(ApiError::internal)?
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
