//! Request bodies of the people endpoints. Fields stay plain strings on the wire so that a bad
//! value gets its own error code (`invalid_phone`, …) rather than a generic decoding error; the
//! server parses them into the newtypes of this crate.

use serde::{Deserialize, Serialize};

/// `POST /api/auth/signup`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub phone: String,
    pub password: String,
    pub real_name: String,
    pub id_number: String,
    /// The separate consent to process sensitive personal information (PIPL art. 29).
    #[serde(default)]
    pub consent: bool,
}

/// `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
}

/// `DELETE /api/me`: erasure asks for the password once more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    pub password: String,
}

/// `POST /api/me/reapply`: a rejected person corrects their name or ID number and asks again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReapplyRequest {
    pub real_name: String,
    pub id_number: String,
}
