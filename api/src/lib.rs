//! studyroom-api: the wire types of `shared/API.md` and the validation rules that both the phone
//! and the server run, so that a typo is caught in the form before any request is sent.
//!
//! wasm-safe on purpose: serde and chrono only, no axum, no sqlx, no leptos.

pub mod audit;
pub mod auth;
pub mod booking;
pub mod error;
pub mod id_number;
pub mod mask;
pub mod pages;
pub mod password;
pub mod phone;
pub mod real_name;
pub mod rfc3339;
pub mod room;
pub mod stats;
pub mod user;
pub mod violation;

pub use booking::{AccessCode, Booking, BookingState, BookingWithCode};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use id_number::{IdNumber, IdNumberError};
pub use password::{Password, PasswordError};
pub use phone::{Phone, PhoneError};
pub use real_name::{RealName, RealNameError};
pub use room::{Room, Rules, Seat, SeatFeature, SeatState};
pub use user::{AdminUser, AdminUserList, Role, User, UserResponse, UserStatus, VerifyRequest};
